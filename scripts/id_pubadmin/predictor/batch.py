"""``id-pubadmin predict``: pre-annotation of a JSONL batch of texts, one output line per good input line.

Input lines are ``{"id": ..., "text": ...}``; output lines ``{"id", "model_version", "entities",
"quotes"}`` in the form of :func:`.predict.predict_document` (code-point offsets into ``text``).
The input is read a line at a time and the output written as lines are predicted, so memory stays
flat however large the file. A bad line is reported with its line number and error id and left
out; every good line is still predicted, in input order.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..core.errors import FORMAT, Problem, define_error
from ..core.jsonio import JsonRejected, parse_json

if TYPE_CHECKING:
    from .linking import Registry

MAX_LINE_BYTES = 16 * 1024 * 1024  # one text of about 16 million characters: predicted in pieces
_READ = 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")

LINE_NOT_OBJECT = define_error(
    "predict-line-malformed", FORMAT,
    "a line of a predict input is not a JSON object (bad UTF-8, bad JSON, or another JSON value)",
    "write each line as one JSON object: {\"id\": \"...\", \"text\": \"...\"}",
)
LINE_FIELDS = define_error(
    "predict-line-fields", FORMAT,
    "a line of a predict input lacks a string \"id\" or a string \"text\"",
    "give every line a non-empty string \"id\" and a string \"text\"",
)
LINE_TOO_LONG = define_error(
    "predict-line-too-long", FORMAT,
    f"a line of a predict input is longer than {MAX_LINE_BYTES:,} bytes",
    "split the text into several lines (documents) of at most that size",
)
TEXT_UNENCODABLE = define_error(
    "predict-text-surrogate", FORMAT,
    "the id or text of a line of a predict input holds an escaped lone UTF-16 surrogate (\"\\ud800\"), which is "
    "no character and cannot be written as UTF-8",
    "fix the program that wrote the line: escape a character outside the BMP as a surrogate pair, or write it "
    "as UTF-8",
)

Row = tuple[int, str, str]  # line number, id, text


def _lines(stream: BinaryIO, limit: int, first: int = 1, end: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` of each line up to byte ``end`` (a line's start; None: the stream's end), numbered from
    ``first``; ``None`` for a line over ``limit`` bytes (skipped unread)."""
    number = first - 1
    while end is None or stream.tell() < end:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(_READ)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _row(path: Path, number: int, raw: bytes) -> Row | Problem | None:
    where = f"line {number}"
    try:
        row = parse_json(raw)
    except JsonRejected as error:
        return LINE_NOT_OBJECT.at(str(path), where, str(error))
    if not isinstance(row, dict):
        return LINE_NOT_OBJECT.at(str(path), where, f"a JSON {type(row).__name__}, not an object")
    if not (isinstance(row.get("id"), str) and row["id"]) or not isinstance(row.get("text"), str):
        wrong = [f"{key} is {'missing' if key not in row else type(row[key]).__name__ if row[key] else 'empty'}"
                 for key in ("id", "text") if not isinstance(row.get(key), str) or key == "id" and not row[key]]
        return LINE_FIELDS.at(str(path), where, f"{', '.join(wrong)}; needs a non-empty string id and a string text")
    for key in ("id", "text"):
        if found := _SURROGATE.search(row[key]):
            return TEXT_UNENCODABLE.at(str(path), where, f"{key} holds U+{ord(found.group()):04X} at code point "
                                       f"{found.start()}")
    return number, row["id"], row["text"]


def input_rows(path: Path, max_line_bytes: int = MAX_LINE_BYTES, start: int = 0, end: int | None = None,
               first_line: int = 1) -> Iterator[Row | Problem]:
    """``(line number, id, text)`` of each good line of ``path`` in order, and a problem for each bad one: the
    whole file, or the lines from byte ``start`` (a line's start, numbered ``first_line``) to byte ``end`` (a
    line's start too), so that several tasks read one file."""
    with path.open("rb") as stream:
        stream.seek(start)
        for number, raw in _lines(stream, max_line_bytes, first_line, end):
            if raw is None:
                yield LINE_TOO_LONG.at(str(path), f"line {number}", f"longer than {max_line_bytes:,} bytes; left "
                                       "out unread")
            elif raw.strip():
                yield _row(path, number, raw)


def read_inputs(path: Path, max_line_bytes: int = MAX_LINE_BYTES) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The ``(id, text)`` of each good line of ``path``, and a problem for each bad one (in memory: tests, small files)."""
    good, problems = [], []
    for item in input_rows(path, max_line_bytes):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            good.append(item[1:])
    return good, problems


def is_predictions(path: Path) -> bool:
    """Whether ``path`` is a file ``predict`` wrote (empty, or its first line an output line), so replacing it loses
    nothing the command did not make."""
    try:
        with path.open("rb") as stream:
            first = stream.readline(_READ)
        row = parse_json(first) if first.strip() else {"id": "", "model_version": ""}
    except (OSError, JsonRejected):
        return False
    return isinstance(row, dict) and {"id", "model_version"} <= row.keys()


def output_lines(items: Iterable[Row | Problem], known: dict[str, tuple[str, str]], problems: list[Problem],
                 registry: Registry | None = None, model_dir: Path | None = None) -> Iterator[str]:
    """One JSON line per good input row, predicted in batches by the model of ``model_dir`` (default: the shipped
    one); bad rows are appended to ``problems`` as met; linked mentions take the ``registry``'s ids."""
    from .predict import model_version, predict_documents

    version = model_version(model_dir)
    rows: deque[Row] = deque()  # read ahead of the model by at most a batch

    def good() -> Iterator[str]:
        for item in items:
            if isinstance(item, Problem):
                problems.append(item)
            else:
                rows.append(item)
                yield item[2]

    for predicted in predict_documents(good(), known, registry=registry, model_dir=model_dir):
        _, document_id, _ = rows.popleft()
        yield json.dumps({"id": document_id, "model_version": version, **predicted}, ensure_ascii=False)
