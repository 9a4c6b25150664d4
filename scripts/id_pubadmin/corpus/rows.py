"""Rows of every config, derived from a seed and its annotations.

Offsets are the truth: sentences, tokens, paragraphs and entity spans are all ``(start, end)`` in
code points of the document text, and the token/BIO views are derived from them here. The records
come from exports that passed their checks, so every span is sound (on token edges) and entities
do not overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from ..seeds.seed_files import Seed
from ..segment.bio import spans_to_bio
from ..segment.sentences import split_sentences
from ..segment.spans import Span, strip_span
from ..segment.tokens import tokenize

BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")

Row = dict[str, Any]


def paragraph_spans(text: str) -> list[Span]:
    """Blank-line separated paragraphs, whitespace excluded."""
    spans, start = [], 0
    for gap in BLANK_LINE.finditer(text):
        spans.append(strip_span(text, start, gap.start()))
        start = gap.end()
    spans.append(strip_span(text, start, len(text)))
    return [s for s in spans if s[0] < s[1]]


def document_row(seed: Seed, metadata: dict[str, Any]) -> Row:
    return {
        "document_id": seed.document_id,
        "text": seed.text,
        "outlet": metadata["outlet"],
        "dateline_place": seed.dateline_place,
        "dateline_start": 0,
        "dateline_end": seed.dateline_end,
        "published": seed.published,
        "language": metadata["language"],
        "source_file": seed.path.name,
        "source_sha256": seed.sha256,
        "text_offset": seed.text_offset,
        "paragraphs": [{"start": s, "end": e} for s, e in paragraph_spans(seed.text)],
        "rights": metadata["rights"],
    }


def sentence_spans(text: str, dateline_end: int) -> list[Span]:
    """Sentences of the text; the dateline is cut off the first one and belongs to none."""
    spans = []
    for start, end in split_sentences(text):
        if start < dateline_end:
            start, end = strip_span(text, max(start, dateline_end), end)
        if start < end:
            spans.append((start, end))
    return spans


def sentence_rows(document: Row) -> list[Row]:
    text, document_id = document["text"], document["document_id"]
    paragraph_starts = [p["start"] for p in document["paragraphs"]]
    rows = []
    for index, (start, end) in enumerate(sentence_spans(text, document["dateline_end"])):
        rows.append({
            "document_id": document_id,
            "sentence_index": index,
            "paragraph_index": bisect_right(paragraph_starts, start) - 1,
            "start": start,
            "end": end,
            "text": text[start:end],
            "tokens": [{"start": s, "end": e, "text": text[s:e]} for s, e in tokenize(text, start, end)],
        })
    return rows


def sentences_overlapping(sentences: list[Row], start: int, end: int) -> list[int]:
    """Indices of the sentences that share at least one character with ``[start, end)``."""
    return [s["sentence_index"] for s in sentences if s["start"] < end and start < s["end"]]


def entity_rows(entities: list[Row], sentences: list[Row]) -> list[Row]:
    """Entity records with the sentence holding each mention (None inside the dateline) and their links (none
    when the records come without, as from an export read alone)."""
    rows = []
    for entity in entities:
        inside = [s["sentence_index"] for s in sentences
                  if s["start"] <= entity["start"] and entity["end"] <= s["end"]]
        rows.append({**entity, "links": entity.get("links", []), "sentence_index": inside[0] if inside else None})
    return rows


def quote_rows(quotes: list[Row], sentences: list[Row]) -> list[Row]:
    return [{**q, "sentence_indices": sentences_overlapping(sentences, q["start"], q["end"])} for q in quotes]


def ner_rows(sentences: list[Row], entities: list[Row]) -> list[Row]:
    """One row per sentence: its tokens and BIO tags derived from the entity offsets."""
    rows = []
    for sentence in sentences:
        tokens = [(t["start"], t["end"]) for t in sentence["tokens"]]
        inside = [e for e in entities if e["sentence_index"] == sentence["sentence_index"]]
        spans = [(e["start"], e["end"], e["label"]) for e in inside]
        rows.append({
            "document_id": sentence["document_id"],
            "sentence_index": sentence["sentence_index"],
            "tokens": [t["text"] for t in sentence["tokens"]],
            "ner_tags": spans_to_bio(tokens, spans),
        })
    return rows
