"""Reading a built corpus back: every Parquet file the split rule names, and its text files, with the
problems that stop them being read as the configs' Features say."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.errors import FORMAT, CorpusError, CorpusInvalid, Problem, define_error
from ..core.fields import CONFIGS, DOCUMENTS, Config, Row
from ..core.jsonio import JsonRejected, read_limited
from ..segment.document_view import DocumentView, document_view
from .checks import (
    CORPUS_DUPLICATE_ID,
    CORPUS_ORDER,
    CORPUS_SCHEMA,
    CORPUS_UNKNOWN_DOCUMENT,
    CORPUS_WRONG_SPLIT,
    MISPLACED,
    Rows,
    check_rows,
    misplaced_row,
)
from .features import arrow_schema
from .parquet import READ_BATCH_ROWS, check_footer, iter_row_batches, read_rows, split_files
from .problems import one_line, where

MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024  # a card, a schema or JSON metadata; bounds what a hostile file takes

CORPUS_UNREADABLE = define_error(
    "corpus-unreadable", FORMAT,
    "a corpus file is missing or unreadable: Parquet that pyarrow cannot read, text that is not UTF-8, "
    "or JSON that does not parse",
    "rebuild the corpus with `id-pubadmin build`")


def read_corpus(corpus: Path, with_rows: bool = True) -> tuple[Rows, list[Problem]]:
    """Rows of every Parquet file the corpus declares (by the split rule's file names, shards in order).

    Without ``with_rows`` only the files' columns are read: the problems, and no rows (for a reader
    that streams the rows itself)."""
    import pyarrow as pa

    rows: Rows = {}
    problems = []
    for config in CONFIGS:
        rows[config.name] = {}
        for split in labels.SPLITS:
            for path in split_files(corpus, config.name, split):
                try:
                    columns = column_problems(path, config)
                    if not columns:
                        rows[config.name].setdefault(split, []).extend(read_rows(path, config) if with_rows else [])
                except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
                    columns = [CORPUS_UNREADABLE.at(str(path), "", f"cannot be read: {one_line(exc)}")]
                problems += columns
    if not rows.get("documents") and not problems:
        problems.append(CORPUS_UNREADABLE.at(str(corpus), "", "no documents Parquet file"))
    return rows, problems


def stream_rows(path: Path, config: Config) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file in readable form, read in batches; raises CorpusError (corpus-unreadable)
    where they cannot be read."""
    import pyarrow as pa

    try:
        for batch in iter_row_batches(path, config):
            yield from batch
    except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
        raise CorpusError([CORPUS_UNREADABLE.at(str(path), "", f"cannot be read: {one_line(exc)}")]) from exc


def _compatible(found: Any, expected: Any) -> bool:
    """Values of Arrow type ``found`` read as ``expected``: the same type, or integers of another width."""
    import pyarrow as pa

    if pa.types.is_integer(found) and pa.types.is_integer(expected):
        return True
    if pa.types.is_list(found) and pa.types.is_list(expected):
        return _compatible(found.value_type, expected.value_type)
    if pa.types.is_struct(found) and pa.types.is_struct(expected):
        return [f.name for f in found] == [f.name for f in expected] and all(
            _compatible(f.type, e.type) for f, e in zip(found, expected, strict=True))
    return found == expected


def column_problems(path: Path, config: Config) -> list[Problem]:
    """Columns of a Parquet file that are missing, unexpected, or of a type the config's Features cannot read.

    Integer widths may differ (a value out of range is caught by the JSON Schema); anything else that
    differs would be decoded into wrong values, so it is reported instead.
    """
    import pyarrow.parquet as pq

    found = pq.read_schema(path)
    expected = arrow_schema(config)
    reasons = {name: "missing" for name in expected.names if name not in found.names}
    reasons.update({name: "not a column of the config" for name in found.names if name not in expected.names})
    reasons.update({field.name: f"type {found.field(field.name).type}, the config's Features say {field.type}"
                    for field in expected
                    if field.name in found.names and not _compatible(found.field(field.name).type, field.type)})
    return [CORPUS_SCHEMA.at(str(path), f"column {name}", reason) for name, reason in reasons.items()]


def text_file_problems(corpus: Path) -> list[Problem]:
    """Text files of the corpus (card, schemas, JSON metadata) that are not UTF-8 or not JSON."""
    problems = []
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".json") and p.is_file()):
        try:
            text = read_limited(path, MAX_TEXT_FILE_BYTES).decode("utf-8")
        except JsonRejected as exc:
            problems.append(CORPUS_UNREADABLE.at(str(path), "", str(exc)))
            continue
        except UnicodeDecodeError as exc:
            problems.append(CORPUS_UNREADABLE.at(str(path), f"byte {exc.start}", "not UTF-8"))
            continue
        try:
            if path.suffix == ".json":
                json.loads(text)
        except (ValueError, RecursionError) as exc:  # besides syntax: numbers too long, nesting too deep
            problems.append(CORPUS_UNREADABLE.at(str(path), "", f"not JSON: {one_line(exc)}"))
    return problems


class _Groups:
    """The rows of one config split, taken a document at a time: its rows are contiguous, in corpus order
    (:func:`_check_grouping` made sure of it)."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self._groups = groupby(rows, key=itemgetter("document_id"))
        self._next = next(self._groups, None)

    def take(self, document_id: str) -> list[Row]:
        if self._next is None or self._next[0] != document_id:
            return []
        found = list(self._next[1])
        self._next = next(self._groups, None)
        return found


def _document_ids(path: Path) -> Iterator[str]:
    """The document id column of a Parquet file, a batch at a time; CorpusError where it cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        check_footer(path)
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS * 64, columns=["document_id"]):
                yield from batch.column(0).to_pylist()
    except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
        raise CorpusError([CORPUS_UNREADABLE.at(str(path), "", f"cannot be read: {one_line(exc)}")]) from exc


def _check_grouping(corpus: Path) -> None:
    """Raise CorpusInvalid, with the validator's error id, unless every row of every config belongs to a
    document of its split, the documents are unique and each config's rows are grouped by document in
    the documents' order; reads the document id columns only."""
    places: dict[str, tuple[str, int]] = {}
    for split in labels.SPLITS:
        ids = chain.from_iterable(_document_ids(path) for path in split_files(corpus, DOCUMENTS.name, split))
        for index, document_id in enumerate(ids):
            if document_id in places:
                raise CorpusInvalid([CORPUS_DUPLICATE_ID.at(_split_name(corpus, DOCUMENTS, split), where(
                    index, {"document_id": document_id}), f"document_id ({document_id!r},) appears twice")])
            places[document_id] = (split, index)
    for config in CONFIGS[1:]:
        for split in labels.SPLITS:
            file = _split_name(corpus, config, split)
            ids = chain.from_iterable(_document_ids(path) for path in split_files(corpus, config.name, split))
            position = {key: place for key, (its_split, place) in places.items() if its_split == split}
            misplaced = misplaced_row(position, _known(ids, places, split, file))
            if misplaced is not None:
                index, document_id = misplaced
                raise CorpusInvalid([CORPUS_ORDER.at(file, where(index, {"document_id": document_id}),
                                                     MISPLACED.format(document_id))])


def _known(ids: Iterator[str], places: dict[str, tuple[str, int]], split: str, file: str) -> Iterator[str]:
    """``ids``, each checked to name a document of ``split``."""
    for index, document_id in enumerate(ids):
        its_split = places.get(document_id, (None,))[0]
        location = where(index, {"document_id": document_id})
        if its_split is None:
            raise CorpusInvalid([CORPUS_UNKNOWN_DOCUMENT.at(file, location, f"no document {document_id!r}")])
        if its_split != split:
            raise CorpusInvalid([CORPUS_WRONG_SPLIT.at(file, location, f"{document_id} belongs to {its_split}")])
        yield document_id


def _split_name(corpus: Path, config: Config, split: str) -> str:
    files = split_files(corpus, config.name, split)
    return str(files[0]) if len(files) == 1 else str(corpus / config.name / f"{split}-*.parquet")


def corpus_views(corpus: Path) -> Iterator[DocumentView]:
    """Every document of a built corpus, split by split in corpus order, read from its Parquet files in
    batches of rows, so only one document's rows are held at a time.

    Rows are found by document id: every row must belong to a document of its split, grouped by
    document in the documents' order. Each document's rows are checked as the validator checks rows
    (:func:`~.checks.check_rows`: label ids in range, spans, references, guideline rules). Raises
    CorpusError, with the validator's error ids, where rows cannot be read or fail a check, before
    the document they concern is given."""
    def rows(config: Config, split: str) -> Iterator[Row]:
        return chain.from_iterable(stream_rows(path, config) for path in split_files(corpus, config.name, split))

    _check_grouping(corpus)
    for split in labels.SPLITS:
        files = {config.name: _split_name(corpus, config, split) for config in CONFIGS}
        groups = {config.name: _Groups(rows(config, split)) for config in CONFIGS if config is not DOCUMENTS}
        for document in rows(DOCUMENTS, split):
            found = {"documents": [document], **{name: group.take(document["document_id"])
                                                 for name, group in groups.items()}}
            problems = check_rows({name: {split: taken} for name, taken in found.items()},
                                  lambda config, *_: f"{files[config]} (the rows of document {document['document_id']})")
            if problems:
                raise CorpusInvalid(problems)
            yield document_view(split, found)
