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
from ..core.errors import FORMAT, CorpusError, Problem, define_error
from ..core.fields import CONFIGS, DOCUMENTS, Config, Row
from ..core.jsonio import JsonRejected, read_limited
from ..exports.view import DocumentView, document_view
from .checks import CORPUS_SCHEMA, Rows
from .features import arrow_schema
from .parquet import iter_row_batches, read_rows, split_files
from .problems import one_line

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
    """The rows of one config split, taken a document at a time: its rows are contiguous, in corpus order."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self._groups = groupby(rows, key=itemgetter("document_id"))
        self._next = next(self._groups, None)

    def take(self, document_id: str) -> list[Row]:
        if self._next is None or self._next[0] != document_id:
            return []
        found = list(self._next[1])
        self._next = next(self._groups, None)
        return found


def corpus_views(corpus: Path) -> Iterator[DocumentView]:
    """Every document of a built corpus, as :func:`~id_pubadmin.exports.view.document_views` gives them, read from its Parquet files
    in batches of rows, so only one document's rows are held at a time; raises CorpusError where rows
    cannot be read."""
    def rows(config: Config, split: str) -> Iterator[Row]:
        return chain.from_iterable(stream_rows(path, config) for path in split_files(corpus, config.name, split))

    for split in labels.SPLITS:
        groups = {config.name: _Groups(rows(config, split)) for config in CONFIGS if config is not DOCUMENTS}
        for document in rows(DOCUMENTS, split):
            taken = {name: group.take(document["document_id"]) for name, group in groups.items()}
            yield document_view(split, {"documents": [document], **taken})
