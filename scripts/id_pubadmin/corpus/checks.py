"""Checks of corpus rows, declared with their levels in :data:`CHECKS`.

Used both by the build (before anything is written) and by ``id-pubadmin validate`` (on a built
corpus, or on the rows an export yields). Every failure is a :class:`~id_pubadmin.core.errors.Problem`
naming the file, the row with its ids, and the rule. The guideline rules live in
:mod:`id_pubadmin.corpus.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..core import labels
from ..core.entity_labels import EntityLabels
from ..core.errors import (
    CROSS_REFERENCES,
    FORMAT,
    GUIDELINES,
    OFFSETS,
    Problem,
    define_error,
    first_failing,
)
from ..core.fields import CONFIGS, Config
from ..core.splits import split_of
from ..segment.bio import spans_to_bio
from ..segment.spans import OUTSIDE, TokenEdges, span_fault
from ..segment.tokens import tokenize
from .problems import (
    Check,
    Locate,
    Reporter,
    Row,
    Rows,
    documents_by_id,
    iter_rows,
    one_line,
    where,
)
from .rules import guideline_problems
from .schemas import compiled_validator, validator_for

CORPUS_SCHEMA = define_error(
    "corpus-schema", FORMAT,
    "a corpus file's columns differ from its config's Features, or a row does not match the config's JSON Schema",
    "rebuild the corpus with `id-pubadmin build`; never edit Parquet files by hand")
CORPUS_SPAN_RANGE = define_error(
    "corpus-span-range", OFFSETS, "a span is empty, reversed or outside its document text",
    "fix the offsets in the annotation export, then rebuild")
CORPUS_SPAN_TEXT = define_error(
    "corpus-span-text", OFFSETS, "a span's recorded text differs from the document text at its offsets",
    "rebuild the corpus; if it persists, fix the export region whose text is wrong")
CORPUS_ORDER = define_error(
    "corpus-order", OFFSETS,
    "paragraphs, sentences or tokens overlap, are out of order, or are misnumbered; or a config's rows are not "
    "grouped by document in the order of the documents config",
    "rebuild the corpus with `id-pubadmin build`")
CORPUS_COVERAGE = define_error(
    "corpus-coverage", OFFSETS,
    "a non-whitespace character outside the dateline lies in no sentence or token",
    "rebuild the corpus; the segmenter must cover every character")
CORPUS_DUPLICATE_ID = define_error(
    "corpus-duplicate-id", OFFSETS,
    "two rows share an id that must be unique (document, sentence, mention or quote id)",
    "give every region its own id in the export, or remove the duplicated seed")
CORPUS_ENTITY_OVERLAP = define_error(
    "corpus-entity-overlap", OFFSETS, "two entity mentions of a document overlap (entities are flat)",
    "keep one of the overlapping entity regions in the export")
CORPUS_TOKEN_EDGE = define_error(
    "corpus-token-edge", OFFSETS,
    "a span starts or ends with whitespace, or an entity, quote or cue span inside a token, so the token-based "
    "exports (CoNLL, spaCy, brat) cannot hold it",
    "move the span's edge to a token boundary in the export, then rebuild; if the token itself is wrong, report a "
    "tokenizer error")
CORPUS_UNKNOWN_DOCUMENT = define_error(
    "corpus-unknown-document", CROSS_REFERENCES, "a row names a document that the documents config lacks",
    "rebuild the corpus from seeds/ and annotations/")
CORPUS_WRONG_SPLIT = define_error(
    "corpus-wrong-split", CROSS_REFERENCES, "a row is in another split than its document's rule gives",
    "rebuild the corpus; splits follow the documented rule")
CORPUS_SENTENCE_INDEX = define_error(
    "corpus-sentence-index", CROSS_REFERENCES,
    "a row's sentence_index or sentence_indices do not name the sentences its span lies in, a ner row's "
    "tokens differ from its sentence's or its tags from the BIO tags of the sentence's entity mentions, or a "
    "sentence of an annotated document has no ner row",
    "rebuild the corpus with `id-pubadmin build`")
CORPUS_SPEAKER = define_error(
    "corpus-speaker", CROSS_REFERENCES, "a quote's speaker span is not a PERSON or ORG mention with its entity id",
    "point the quote's speaker relation at a PERSON (or speaking ORG) mention of the speaker")
CORPUS_SPEAKER_UNKNOWN = define_error(
    "corpus-speaker-unknown", CROSS_REFERENCES,
    "a quote's speaker_entity_id is the entity id of no PERSON or ORG mention in its document",
    "set speaker_entity_id to the entity id of a PERSON (or speaking ORG) mention of the speaker in the same article")


def schema_problems(rows: Rows, locate: Locate) -> list[Problem]:
    """Rows that do not match their config's JSON Schema: found by the compiled validator, explained by jsonschema."""
    problems = []
    for config in CONFIGS:
        valid = compiled_validator(config)
        for split, index, row in iter_rows(rows, config.name):
            if not valid(row):
                problems += explain_schema_errors(config, row, locate(config.name, split, index), index)
    return problems


def explain_schema_errors(config: Config, row: Row, file: str, index: int) -> list[Problem]:
    """Every way a row breaks its config's JSON Schema, as jsonschema words it."""
    errors = sorted(validator_for(config).iter_errors(row), key=lambda e: list(e.path))
    return [CORPUS_SCHEMA.at(file, f"row {index}, {'/'.join(str(p) for p in error.path) or '(row)'}",
                             one_line(error.message)) for error in errors]


def _spans_of(config: str, row: Row) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every (name, span, annotated) a row carries; spans are dicts with start, end and maybe text.

    Annotated spans (entity, quote, cue, speaker) must start and end on token edges; the others
    are the segmenter's, checked against each other by the order and coverage checks.
    """
    if config in ("sentences", "entities", "quotes"):
        yield "span", row, config != "sentences"
    if config == "sentences":
        for i, token in enumerate(row["tokens"]):
            yield f"token {i}", token, False
    if config == "quotes":
        yield "cue", row["cue"], True
        if row["speaker"] is not None:
            yield "speaker", row["speaker"], True
    if config == "documents":
        for i, paragraph in enumerate(row["paragraphs"]):
            yield f"paragraph {i}", paragraph, False


def _token_edges(rows: Rows) -> dict[str, TokenEdges]:
    """Document id -> the edges of its tokens: those of its sentences, and of its dateline (in no sentence)."""
    tokens = {row["document_id"]: tokenize(row["text"], 0, row["dateline_end"])
              for _, _, row in iter_rows(rows, "documents")}
    for _, _, sentence in iter_rows(rows, "sentences"):
        tokens.setdefault(sentence["document_id"], []).extend((t["start"], t["end"]) for t in sentence["tokens"])
    return {document_id: TokenEdges.of(spans) for document_id, spans in tokens.items()}


def offset_problems(rows: Rows, locate: Locate) -> list[Problem]:
    texts = {key: row["text"] for key, row in documents_by_id(rows).items()}
    edges = _token_edges(rows)
    report = Reporter(locate)
    for config in CONFIGS:
        for split, index, row in iter_rows(rows, config.name):
            text = texts.get(row["document_id"]) if config.name != "documents" else row["text"]
            if text is None:
                continue  # a row of no document: a cross reference, checked later
            for name, span, annotated in _spans_of(config.name, row):
                start, end = span["start"], span["end"]
                fault = span_fault(text, start, end, edges.get(row["document_id"]) if annotated else None)
                if fault is not None and fault.kind == OUTSIDE:
                    report.add(CORPUS_SPAN_RANGE, config.name, split, index, row, fault.reason, name)
                elif fault is not None:
                    report.add(CORPUS_TOKEN_EDGE, config.name, split, index, row, fault.reason, f"{name}, char {start}")
                elif "text" in span and text[start:end] != span["text"]:
                    report.add(CORPUS_SPAN_TEXT, config.name, split, index, row,
                               f"recorded {span['text']!r}, the text has {text[start:end]!r}", f"{name}, char {start}")
    if report.problems:
        return report.problems
    for check in (_order_problems, _grouping_problems, _coverage_problems, _unique_id_problems, _overlap_problems):
        check(rows, report)
    return report.problems


def _in_order(spans: Sequence[dict[str, Any]], start: int = 0) -> int | None:
    """Index of the first span that overlaps its predecessor or starts before ``start``, else None."""
    previous_end = start
    for i, span in enumerate(spans):
        if span["start"] < previous_end:
            return i
        previous_end = span["end"]
    return None


def _order_problems(rows: Rows, report: Reporter) -> None:
    for split, index, row in iter_rows(rows, "documents"):
        bad = _in_order(row["paragraphs"])
        if bad is not None:
            report.add(CORPUS_ORDER, "documents", split, index, row, "paragraph overlaps the one before",
                       f"paragraph {bad}")
    numbers: dict[str, int] = {}
    for split, index, row in iter_rows(rows, "sentences"):
        number = numbers.get(row["document_id"], 0)
        numbers[row["document_id"]] = number + 1
        bad = _in_order(row["tokens"], row["start"])
        if row["sentence_index"] != number:
            report.add(CORPUS_ORDER, "sentences", split, index, row, f"sentence {number} of its document is "
                       f"numbered {row['sentence_index']}")
        elif bad is not None or (row["tokens"] and row["tokens"][-1]["end"] > row["end"]):
            report.add(CORPUS_ORDER, "sentences", split, index, row, "a token overlaps its neighbour or leaves "
                       "its sentence", f"token {bad if bad is not None else len(row['tokens']) - 1}")
    previous: dict[str, Row] = {}
    for split, index, row in iter_rows(rows, "sentences"):
        before = previous.get(row["document_id"])
        if before is not None and row["start"] < before["end"]:
            report.add(CORPUS_ORDER, "sentences", split, index, row,
                       f"starts at {row['start']}, before sentence {before['sentence_index']} ends at {before['end']}")
        previous[row["document_id"]] = row


def misplaced_row(position: Mapping[str, int], document_ids: Iterable[str]) -> tuple[int, str] | None:
    """(index, document id) of the first row that comes after rows of a later document than its own, the
    documents' order being ``position`` (document id -> place); None when the rows are grouped by document
    in that order, as readers that stream a corpus a document at a time need. Rows of no document are
    cross references, checked elsewhere."""
    current = -1
    for index, document_id in enumerate(document_ids):
        at = position.get(document_id, current)
        if at < current:
            return index, document_id
        current = at
    return None


MISPLACED = "a row of document {} after rows of a later document; rows are grouped by document in the order " \
            "of the documents config"


def _grouping_problems(rows: Rows, report: Reporter) -> None:
    for split in labels.SPLITS:
        position = {row["document_id"]: i for i, row in enumerate(rows.get("documents", {}).get(split, []))}
        for config in CONFIGS[1:]:
            found = rows.get(config.name, {}).get(split, [])
            misplaced = misplaced_row(position, (row["document_id"] for row in found))
            if misplaced is not None:
                index, document_id = misplaced
                report.add(CORPUS_ORDER, config.name, split, index, found[index], MISPLACED.format(document_id))


def _coverage_problems(rows: Rows, report: Reporter) -> None:
    covered: dict[str, list[bool]] = {}
    for _, _, document in iter_rows(rows, "documents"):
        covered[document["document_id"]] = [i < document["dateline_end"] for i in range(len(document["text"]))]
    for _, _, sentence in iter_rows(rows, "sentences"):
        marks = covered.get(sentence["document_id"], [])
        for token in sentence["tokens"]:
            marks[token["start"]:token["end"]] = [True] * (token["end"] - token["start"])
    for split, index, document in iter_rows(rows, "documents"):
        text = document["text"]
        offset = next((i for i, c in enumerate(text) if not covered[document["document_id"]][i] and not c.isspace()),
                      None)
        if offset is not None:
            report.add(CORPUS_COVERAGE, "documents", split, index, document,
                       f"{text[max(0, offset - 10):offset + 10]!r} is in no token of any sentence", f"char {offset}")


def _unique_id_problems(rows: Rows, report: Reporter) -> None:
    """Documents, sentences per document, and region ids corpus-wide (region ids name mentions)."""
    keys = {"documents": ("document_id",), "sentences": ("document_id", "sentence_index"),
            "entities": ("mention_id",), "quotes": ("quote_id",), "ner": ("document_id", "sentence_index")}
    for config, key in keys.items():
        seen: set[tuple[Any, ...]] = set()
        for split, index, row in iter_rows(rows, config):
            value = tuple(row[k] for k in key)
            if value in seen:
                report.add(CORPUS_DUPLICATE_ID, config, split, index, row, f"{'/'.join(key)} {value} appears twice")
            seen.add(value)


def _overlap_problems(rows: Rows, report: Reporter) -> None:
    last: dict[str, Row] = {}
    ordered = sorted(iter_rows(rows, "entities"), key=lambda e: (e[2]["document_id"], e[2]["start"], e[2]["end"]))
    for split, index, row in ordered:
        before = last.get(row["document_id"])
        if before is not None and row["start"] < before["end"]:
            report.add(CORPUS_ENTITY_OVERLAP, "entities", split, index, row,
                       f"({row['start']}, {row['end']}) overlaps mention {before['mention_id']} "
                       f"({before['start']}, {before['end']})", f"char {row['start']}")
        if before is None or row["end"] > before["end"]:
            last[row["document_id"]] = row


def cross_reference_problems(rows: Rows, locate: Locate) -> list[Problem]:
    documents = documents_by_id(rows)
    report = Reporter(locate)
    for config in CONFIGS:
        for split, index, row in iter_rows(rows, config.name):
            if row["document_id"] not in documents:
                report.add(CORPUS_UNKNOWN_DOCUMENT, config.name, split, index, row,
                           f"no document {row['document_id']!r}")
            elif split_of(row["document_id"]) != split:
                report.add(CORPUS_WRONG_SPLIT, config.name, split, index, row,
                           f"{row['document_id']} belongs to {split_of(row['document_id'])}")
    if not report.problems:
        _sentence_index_problems(rows, report)
        _speaker_problems(rows, report)
        _entity_label_problems(rows, report)
    return report.problems


def _sentence_index_problems(rows: Rows, report: Reporter) -> None:
    sentences = {(s["document_id"], s["sentence_index"]): s for _, _, s in iter_rows(rows, "sentences")}
    mentions: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for _, _, entity in iter_rows(rows, "entities"):
        mentions.setdefault((entity["document_id"], entity["sentence_index"]), []).append(
            (entity["start"], entity["end"], entity["label"]))
    in_ner = set()
    for split, index, row in iter_rows(rows, "ner"):
        key = (row["document_id"], row["sentence_index"])
        in_ner.add(key)
        sentence = sentences.get(key)
        if sentence is None or [t["text"] for t in sentence["tokens"]] != row["tokens"] \
                or len(row["ner_tags"]) != len(row["tokens"]):
            report.add(CORPUS_SENTENCE_INDEX, "ner", split, index, row,
                       "tokens or tag count differ from the sentence's tokens")
        elif row["ner_tags"] != _tags_of(sentence, mentions.get(key, [])):
            report.add(CORPUS_SENTENCE_INDEX, "ner", split, index, row,
                       "the tags differ from the BIO tags of the sentence's entity mentions (entities/ missing or "
                       "another corpus's?)")
    annotated = {document_id for document_id, _ in in_ner}  # annotated documents have ner rows, and maybe regions
    annotated |= {row["document_id"] for config in ("entities", "quotes") for _, _, row in iter_rows(rows, config)}
    for split, index, row in iter_rows(rows, "sentences"):
        if row["document_id"] in annotated and (row["document_id"], row["sentence_index"]) not in in_ner:
            report.add(CORPUS_SENTENCE_INDEX, "sentences", split, index, row, "the sentence has no ner row")
    by_document: dict[str, list[Row]] = {}
    for sentence in sentences.values():
        by_document.setdefault(sentence["document_id"], []).append(sentence)
    for split, index, row in iter_rows(rows, "entities"):
        inside = [s["sentence_index"] for s in by_document.get(row["document_id"], [])
                  if s["start"] <= row["start"] and row["end"] <= s["end"]]
        if row["sentence_index"] != (inside[0] if inside else None):
            report.add(CORPUS_SENTENCE_INDEX, "entities", split, index, row,
                       f"sentence_index is {row['sentence_index']}, the mention lies in {inside or 'no sentence'}")
    for split, index, row in iter_rows(rows, "quotes"):
        overlapping = [s["sentence_index"] for s in by_document.get(row["document_id"], [])
                       if s["start"] < row["end"] and row["start"] < s["end"]]
        if row["sentence_indices"] != overlapping:
            report.add(CORPUS_SENTENCE_INDEX, "quotes", split, index, row,
                       f"sentence_indices are {row['sentence_indices']}, the quote overlaps {overlapping}")


def _tags_of(sentence: Row, spans: list[tuple[int, int, str]]) -> list[str] | None:
    """BIO tags of a sentence's tokens for its mentions; None when a mention is not on its tokens' edges."""
    try:
        return spans_to_bio([(t["start"], t["end"]) for t in sentence["tokens"]], spans)
    except ValueError:
        return None  # a mention outside the sentence it names: reported by the sentence_index check below


def _speaker_problems(rows: Rows, report: Reporter) -> None:
    mentions = {(e["document_id"], e["start"], e["end"]): e for _, _, e in iter_rows(rows, "entities")}
    speakers = {(e["document_id"], e["entity_id"]) for e in mentions.values() if e["label"] in labels.SPEAKER_LABELS}
    for split, index, quote in iter_rows(rows, "quotes"):
        speaker, entity_id = quote["speaker"], quote["speaker_entity_id"]
        if speaker is not None:
            mention = mentions.get((quote["document_id"], speaker["start"], speaker["end"]))
            if mention is None or mention["label"] not in labels.SPEAKER_LABELS or mention["entity_id"] != entity_id:
                report.add(CORPUS_SPEAKER, "quotes", split, index, quote,
                           f"({speaker['start']}, {speaker['end']}) is not a PERSON or ORG mention of {entity_id!r}",
                           "speaker")
                continue
        if (quote["document_id"], entity_id) not in speakers:
            report.add(CORPUS_SPEAKER_UNKNOWN, "quotes", split, index, quote,
                       f"no PERSON or ORG mention of the document has entity id {entity_id!r}", "speaker_entity_id")


def _entity_label_problems(rows: Rows, report: Reporter) -> None:
    entity_labels = EntityLabels()
    for split, index, entity in iter_rows(rows, "entities"):
        report.problems += entity_labels.add(
            entity["entity_id"], entity["label"], f"mention {entity['mention_id']} of document {entity['document_id']}",
            report.locate("entities", split, index), where(index, entity))


# The checks of corpus rows, each with its level; run by first_failing.
CHECKS: tuple[tuple[int, Check], ...] = (
    (FORMAT, schema_problems),
    (OFFSETS, offset_problems),
    (CROSS_REFERENCES, cross_reference_problems),
    (GUIDELINES, guideline_problems),
)


def check_rows(rows: Rows, locate: Locate, extra: Sequence[tuple[int, Check]] = ()) -> list[Problem]:
    """Problems of the first failing check of :data:`CHECKS`; an empty list when the rows are sound.

    ``extra`` adds checks to a level (e.g. tracing rows back to their sources), run after the
    level's own checks.
    """
    return first_failing([*CHECKS, *extra], rows, locate)
