"""Guideline rules on corpus rows: the parts of annotations/GUIDELINES.md code can check.

They run after the checks of schema, offsets and cross references passed, so every span is a
trimmed slice of its document on token edges and every quote's speaker is a PERSON mention.
"""

from __future__ import annotations

import re
import unicodedata

from ..core import labels
from ..core.errors import GUIDELINES, Problem, define_error
from .problems import Locate, Reporter, Row, Rows, documents_by_id, iter_rows

CORPUS_SPAN_EDGE = define_error(
    "corpus-span-edge", GUIDELINES,
    "an entity, quote or cue span starts or ends with punctuation",
    "trim the span in the export so that it starts and ends with a word character "
    "(a closing bracket may end a span that opens it)")
CORPUS_ENTITY_SENTENCE = define_error(
    "corpus-entity-sentence", GUIDELINES, "an entity mention crosses a sentence boundary",
    "shorten the entity span to one sentence, or report a segmentation error")
CORPUS_ROLE_PERSON = define_error(
    "corpus-role-person", GUIDELINES, "a ROLE span contains the name of a PERSON mentioned in the article",
    "end the ROLE span before the name and label the name as its own PERSON span")
CORPUS_QUOTE_MARKS = define_error(
    "corpus-quote-marks", GUIDELINES,
    "a direct quote does not lie between quotation marks (right after the opening mark, before the "
    "closing one and the punctuation preceding it)",
    "move the span's edges to the marks, or make the quote indirect if the text has no marks")
CORPUS_INDIRECT_QUOTE_SENTENCES = define_error(
    "corpus-indirect-quote-sentences", GUIDELINES, "an indirect quote runs over more than one sentence",
    "end the indirect quote where the sentence of its cue ends; the sentences after it are narration")

BRACKETS = {")": "(", "]": "[", "}": "{"}
OPENING_MARKS = "“\"‘«„"
CLOSING_MARKS = "”\"’»“"
PUNCTUATION_BEFORE_CLOSING_MARK = ",.!?;:…"


def _punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def clean_edges(span: str) -> bool:
    """No punctuation at either end of a (trimmed, non-empty) span; a closing bracket may end a span that opens it."""
    if _punctuation(span[0]):
        return False
    last = span[-1]
    return BRACKETS[last] in span[:-1] if last in BRACKETS else not _punctuation(last)


def between_quotation_marks(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` follows an opening mark and precedes a closing one (after , . ! ? and such)."""
    after = text[end:].lstrip(PUNCTUATION_BEFORE_CLOSING_MARK)
    return start > 0 and text[start - 1] in OPENING_MARKS and after[:1] != "" and after[0] in CLOSING_MARKS


def guideline_problems(rows: Rows, locate: Locate) -> list[Problem]:
    report = Reporter(locate)
    documents = documents_by_id(rows)
    person_names: dict[str, set[str]] = {}
    for _, _, entity in iter_rows(rows, "entities"):
        if entity["label"] == "PERSON":
            person_names.setdefault(entity["document_id"], set()).add(entity["text"])
    for split, index, entity in iter_rows(rows, "entities"):
        _edges(report, "entities", split, index, entity, [("span", entity)])
        document = documents[entity["document_id"]]
        if entity["sentence_index"] is None and entity["end"] > document["dateline_end"]:
            report.add(CORPUS_ENTITY_SENTENCE, "entities", split, index, entity,
                       f"{entity['text']!r} is not inside one sentence", f"char {entity['start']}")
        if entity["label"] == "ROLE":
            for name in sorted(person_names.get(entity["document_id"], ())):
                if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", entity["text"]):
                    report.add(CORPUS_ROLE_PERSON, "entities", split, index, entity,
                               f"ROLE {entity['text']!r} contains the PERSON name {name!r}", f"char {entity['start']}")
    for split, index, quote in iter_rows(rows, "quotes"):
        _edges(report, "quotes", split, index, quote, [("span", quote), ("cue", quote["cue"])])
        text = documents[quote["document_id"]]["text"]
        if quote["type"] == "direct" and not between_quotation_marks(text, quote["start"], quote["end"]):
            report.add(CORPUS_QUOTE_MARKS, "quotes", split, index, quote,
                       f"{text[max(0, quote['start'] - 2):quote['end'] + 3]!r} is no span between quotation marks",
                       f"char {quote['start']}")
        if quote["type"] == "indirect" and len(quote["sentence_indices"]) > 1:
            report.add(CORPUS_INDIRECT_QUOTE_SENTENCES, "quotes", split, index, quote,
                       f"the indirect quote covers sentences {quote['sentence_indices']}", f"char {quote['start']}")
    return report.problems


def _edges(report: Reporter, config: str, split: str, index: int, row: Row, spans: list[tuple[str, dict]]) -> None:
    for name, span in spans:
        if not clean_edges(span["text"]):
            report.add(CORPUS_SPAN_EDGE, config, split, index, row,
                       f"{span['text']!r} starts or ends with punctuation",
                       f"{name}, char {span['start']}")
