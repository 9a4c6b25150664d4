"""JSONL training files: one object a line, ``{"text": ..., "entities": [{"start", "end", "label"}]}``.

Offsets are code points of ``text`` (the project's truth); spans must lie inside it, be non-empty and
not overlap. The text is tokenized by the model's tokenizer when it is trained on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.errors import FORMAT, Problem, define_error
from ..core.jsonio import JsonRejected, parse_json
from .labelled import Labelled

LINE_MALFORMED = define_error(
    "train-jsonl-line", FORMAT,
    "a line of a JSONL training file is not an object with a string \"text\" and \"entities\" of non-overlapping "
    "{\"start\", \"end\", \"label\"} spans inside the text",
    "write each line as {\"text\": \"...\", \"entities\": [{\"start\": 0, \"end\": 4, \"label\": \"PERSON\"}]} "
    "with code-point offsets",
)


def read(path: Path) -> tuple[list[Labelled], list[Problem]]:
    """Every good line's sentence, and a problem for each bad line."""
    sentences, problems = [], []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = parse_json(raw)
            sentences.append(_sentence(row, f"line {number}"))
        except (JsonRejected, ValueError) as error:
            problems.append(LINE_MALFORMED.at(str(path), f"line {number}", str(error)))
    return sentences, problems


def _sentence(row: Any, where: str) -> Labelled:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("entities", []), list):
        raise ValueError("needs an object with a string \"text\" and a list \"entities\"")
    spans = []
    for entity in row.get("entities", []):
        start, end, label = (entity.get(key) if isinstance(entity, dict) else None for key in ("start", "end", "label"))
        if not (type(start) is int and type(end) is int and isinstance(label, str) and label
                and 0 <= start < end <= len(row["text"])):
            raise ValueError(f"entity {entity!r} needs integer start < end within the text and a label")
        spans.append((start, end, label))
    spans.sort()
    for (_, end, _), (start, _, _) in zip(spans, spans[1:]):
        if start < end:
            raise ValueError(f"entities overlap at code point {start}")
    return Labelled(row["text"], (), tuple(spans), tuple(where for _ in spans))
