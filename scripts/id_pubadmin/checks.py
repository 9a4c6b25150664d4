"""Checks on corpus rows, organised by level (schema, offsets, cross references, guidelines).

Used both by the build (before anything is written) and by ``id-pubadmin validate`` (on a built
corpus). Every failure is a :class:`~id_pubadmin.errors.Problem` naming config file, row and rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from . import labels
from .errors import CROSS_REFERENCES, FORMAT, GUIDELINES, OFFSETS, Problem, define_error
from .fields import CONFIGS
from .schemas import validator_for
from .splits import split_of

Row = dict[str, Any]
Rows = dict[str, dict[str, list[Row]]]  # config -> split -> rows
Locate = Callable[[str, str, int], str]  # (config, split, row index) -> file name

CORPUS_SCHEMA = define_error(
    "corpus-schema", FORMAT, "a corpus row does not match its config's JSON Schema",
    "rebuild the corpus with `id-pubadmin build`; never edit Parquet files by hand")
CORPUS_SPAN_RANGE = define_error(
    "corpus-span-range", OFFSETS, "a span is empty, reversed or outside its document text",
    "fix the offsets in the annotation export, then rebuild")
CORPUS_SPAN_TEXT = define_error(
    "corpus-span-text", OFFSETS, "a span's recorded text differs from the document text at its offsets",
    "rebuild the corpus; if it persists, fix the export region whose text is wrong")
CORPUS_ORDER = define_error(
    "corpus-order", OFFSETS, "sentences or tokens overlap, are out of order, or are misnumbered",
    "rebuild the corpus with `id-pubadmin build`")
CORPUS_COVERAGE = define_error(
    "corpus-coverage", OFFSETS,
    "a non-whitespace character outside the dateline lies in no sentence or token",
    "rebuild the corpus; the segmenter must cover every character")
CORPUS_DUPLICATE_ID = define_error(
    "corpus-duplicate-id", OFFSETS, "two rows share an id that must be unique",
    "give every region its own id in the export, or remove the duplicated seed")
CORPUS_UNKNOWN_DOCUMENT = define_error(
    "corpus-unknown-document", CROSS_REFERENCES, "a row names a document that the documents config lacks",
    "rebuild the corpus from seeds/ and annotations/")
CORPUS_WRONG_SPLIT = define_error(
    "corpus-wrong-split", CROSS_REFERENCES, "a row is in another split than its document's rule gives",
    "rebuild the corpus; splits follow the documented rule")
CORPUS_SPEAKER = define_error(
    "corpus-speaker", CROSS_REFERENCES, "a quote's speaker span is not a PERSON mention with its entity id",
    "point the quote's speaker relation at a PERSON mention of the speaker")
CORPUS_ENTITY_SENTENCE = define_error(
    "corpus-entity-sentence", GUIDELINES, "an entity mention crosses a sentence boundary",
    "shorten the entity span to one sentence, or report a segmentation error")
CORPUS_SPAN_EDGE = define_error(
    "corpus-span-edge", GUIDELINES, "a span starts or ends with whitespace or punctuation",
    "trim the span in the export so that it starts and ends with a word character")


def iter_rows(rows: Rows, config: str) -> Iterator[tuple[str, int, Row]]:
    """(split, row index, row) of a config, splits in their fixed order."""
    for split in labels.SPLITS:
        for index, row in enumerate(rows.get(config, {}).get(split, [])):
            yield split, index, row


def schema_problems(rows: Rows, locate: Locate) -> list[Problem]:
    problems = []
    for config in CONFIGS:
        validator = validator_for(config)
        for split, index, row in iter_rows(rows, config.name):
            for error in sorted(validator.iter_errors(row), key=lambda e: list(e.path)):
                path = "/".join(str(p) for p in error.path) or "(row)"
                problems.append(CORPUS_SCHEMA.at(locate(config.name, split, index), f"row {index}, {path}",
                                                 error.message))
    return problems


def _spans_of(config: str, row: Row) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (name, span) a row carries; spans are dicts with start, end and maybe text."""
    if config in ("sentences", "entities", "quotes"):
        yield "span", row
    if config == "sentences":
        for i, token in enumerate(row["tokens"]):
            yield f"token {i}", token
    if config == "quotes":
        yield "cue", row["cue"]
        if row["speaker"] is not None:
            yield "speaker", row["speaker"]
    if config == "documents":
        for i, paragraph in enumerate(row["paragraphs"]):
            yield f"paragraph {i}", paragraph


def offset_problems(rows: Rows, locate: Locate) -> list[Problem]:
    texts = {row["document_id"]: row["text"] for _, _, row in iter_rows(rows, "documents")}
    problems = []
    for config in CONFIGS:
        for split, index, row in iter_rows(rows, config.name):
            text = texts.get(row["document_id"], "") if config.name != "documents" else row["text"]
            where = locate(config.name, split, index)
            for name, span in _spans_of(config.name, row):
                start, end = span["start"], span["end"]
                if not 0 <= start < end <= len(text):
                    problems.append(CORPUS_SPAN_RANGE.at(where, f"row {index}, {name}",
                                                         f"({start}, {end}) is not a span of a {len(text)}-character text"))
                elif "text" in span and text[start:end] != span["text"]:
                    problems.append(CORPUS_SPAN_TEXT.at(where, f"row {index}, {name}, char {start}",
                                                        f"recorded {span['text']!r}, the text has {text[start:end]!r}"))
    if not problems:
        problems += _sentence_problems(rows, texts, locate) + _unique_id_problems(rows, locate)
    return problems


def _sentence_problems(rows: Rows, texts: dict[str, str], locate: Locate) -> list[Problem]:
    problems: list[Problem] = []
    datelines = {r["document_id"]: r["dateline_end"] for _, _, r in iter_rows(rows, "documents")}
    by_document: dict[str, list[tuple[str, int, Row]]] = {}
    for split, index, row in iter_rows(rows, "sentences"):
        by_document.setdefault(row["document_id"], []).append((split, index, row))
    for document_id, text in texts.items():
        covered = [False] * len(text)
        covered[: datelines[document_id]] = [True] * datelines[document_id]
        previous_end = 0
        for number, (split, index, row) in enumerate(by_document.get(document_id, [])):
            where = locate("sentences", split, index)
            if row["sentence_index"] != number or row["start"] < previous_end:
                problems.append(CORPUS_ORDER.at(where, f"row {index}",
                                                f"sentence {row['sentence_index']} at {row['start']} is out of order or overlaps"))
            previous_end = row["end"]
            token_end = row["start"]
            for t, token in enumerate(row["tokens"]):
                if token["start"] < token_end or token["end"] > row["end"]:
                    problems.append(CORPUS_ORDER.at(where, f"row {index}, token {t}",
                                                    "token overlaps its neighbour or leaves its sentence"))
                token_end = token["end"]
                covered[token["start"]:token["end"]] = [True] * (token["end"] - token["start"])
        for offset, char in enumerate(text):
            if not covered[offset] and not char.isspace():
                problems.append(CORPUS_COVERAGE.at(f"document {document_id}", f"char {offset}",
                                                   f"{text[max(0, offset - 10):offset + 10]!r} is in no token of any sentence"))
                break
    return problems


def _unique_id_problems(rows: Rows, locate: Locate) -> list[Problem]:
    keys = {"documents": ("document_id",), "sentences": ("document_id", "sentence_index"),
            "entities": ("document_id", "mention_id"), "quotes": ("document_id", "quote_id"),
            "ner": ("document_id", "sentence_index")}
    problems = []
    for config, key in keys.items():
        seen: set[tuple[Any, ...]] = set()
        for split, index, row in iter_rows(rows, config):
            value = tuple(row[k] for k in key)
            if value in seen:
                problems.append(CORPUS_DUPLICATE_ID.at(locate(config, split, index), f"row {index}",
                                                       f"{'/'.join(key)} {value} appears twice"))
            seen.add(value)
    return problems


def cross_reference_problems(rows: Rows, locate: Locate) -> list[Problem]:
    documents = {row["document_id"] for _, _, row in iter_rows(rows, "documents")}
    problems = []
    for config in CONFIGS:
        for split, index, row in iter_rows(rows, config.name):
            where = locate(config.name, split, index)
            if row["document_id"] not in documents:
                problems.append(CORPUS_UNKNOWN_DOCUMENT.at(where, f"row {index}", f"no document {row['document_id']!r}"))
            elif split_of(row["document_id"]) != split:
                problems.append(CORPUS_WRONG_SPLIT.at(where, f"row {index}",
                                                      f"{row['document_id']} belongs to {split_of(row['document_id'])}"))
    persons = {(e["document_id"], e["start"], e["end"]): e for _, _, e in iter_rows(rows, "entities")}
    for split, index, quote in iter_rows(rows, "quotes"):
        speaker = quote["speaker"]
        if speaker is None:
            continue
        mention = persons.get((quote["document_id"], speaker["start"], speaker["end"]))
        if mention is None or mention["label"] != "PERSON" or mention["entity_id"] != quote["speaker_entity_id"]:
            problems.append(CORPUS_SPEAKER.at(locate("quotes", split, index), f"row {index}, speaker",
                                              f"({speaker['start']}, {speaker['end']}) is not a PERSON mention of "
                                              f"{quote['speaker_entity_id']!r}"))
    return problems


def guideline_problems(rows: Rows, locate: Locate) -> list[Problem]:
    texts = {row["document_id"]: row["text"] for _, _, row in iter_rows(rows, "documents")}
    datelines = {row["document_id"]: row["dateline_end"] for _, _, row in iter_rows(rows, "documents")}
    problems = []
    for config in ("entities", "quotes"):
        for split, index, row in iter_rows(rows, config):
            where = locate(config, split, index)
            text = row["text"]
            if config == "entities" and not _clean_edges(text):
                problems.append(CORPUS_SPAN_EDGE.at(where, f"row {index}, char {row['start']}",
                                                    f"{text!r} starts or ends with a non-word character"))
            if config == "entities" and row["sentence_index"] is None and row["end"] > datelines[row["document_id"]]:
                problems.append(CORPUS_ENTITY_SENTENCE.at(where, f"row {index}, char {row['start']}",
                                                          f"{texts[row['document_id']][row['start']:row['end']]!r} "
                                                          "is not inside one sentence"))
    return problems


def _clean_edges(span: str) -> bool:
    """A span starts and ends with a word character; a closing bracket may end a bracketed part."""
    closes_bracket = span.endswith(")") and "(" in span
    return span[0].isalnum() and (span[-1].isalnum() or closes_bracket)


LEVELS: tuple[Callable[[Rows, Locate], list[Problem]], ...] = (
    schema_problems, offset_problems, cross_reference_problems, guideline_problems,
)


def check_rows(rows: Rows, locate: Locate) -> list[Problem]:
    """Problems of the first level that has any; an empty list when the rows are sound."""
    for level in LEVELS:
        problems = level(rows, locate)
        if problems:
            return problems
    return []
