"""``id-pubadmin predict``: pre-annotation of a JSONL batch of texts, one output line per good input line.

Input lines are ``{"id": ..., "text": ...}``; output lines ``{"id", "model_version", "entities",
"quotes"}`` in the form of :func:`.predict.predict_document` (code-point offsets into ``text``).
A bad line is reported with its line number and error id and left out; every good line is still
predicted, in input order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING
from pathlib import Path

from ..core.errors import FORMAT, Problem, define_error
from ..core.jsonio import JsonRejected, parse_json

if TYPE_CHECKING:
    from .linking import Registry

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


def read_inputs(path: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The ``(id, text)`` of each good line of ``path``, and a problem for each bad one."""
    good, problems = [], []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            row = parse_json(raw)
        except JsonRejected as error:
            problems.append(LINE_NOT_OBJECT.at(str(path), where, str(error)))
            continue
        if not isinstance(row, dict):
            problems.append(LINE_NOT_OBJECT.at(str(path), where, f"a JSON {type(row).__name__}, not an object"))
        elif not (isinstance(row.get("id"), str) and row["id"]) or not isinstance(row.get("text"), str):
            wrong = [f"{key} is {'missing' if key not in row else type(row[key]).__name__ if row[key] else 'empty'}"
                     for key in ("id", "text") if not isinstance(row.get(key), str) or key == "id" and not row[key]]
            problems.append(LINE_FIELDS.at(str(path), where, f"{', '.join(wrong)}; needs a non-empty string id "
                                           "and a string text"))
        else:
            good.append((row["id"], row["text"]))
    return good, problems


def output_lines(rows: list[tuple[str, str]], known: dict[str, tuple[str, str]],
                 registry: Registry | None = None) -> Iterator[str]:
    """One JSON line per input row, predicted in batches; linked mentions take the ``registry``'s ids."""
    from .predict import MODEL_VERSION, predict_documents

    texts = [text for _, text in rows]
    for (document_id, _), predicted in zip(rows, predict_documents(texts, known, registry=registry)):
        yield json.dumps({"id": document_id, "model_version": MODEL_VERSION, **predicted}, ensure_ascii=False)
