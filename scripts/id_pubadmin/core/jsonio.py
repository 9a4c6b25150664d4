"""Reading JSON and text from outside the project strictly, and naming what must not pass.

``json.loads`` keeps the last of two equal keys, accepts any size and any escaped code point; an
export or metadata file that relies on that is ambiguous or cannot be written to Parquet and
printed later. Every reader of outside JSON goes through :func:`load_json`, and every text field is
checked with :func:`forbidden_in` or :func:`first_forbidden`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

# C0 controls but tab, line feed and carriage return (which have their own checks), DEL,
# bidirectional embeddings, overrides and isolates, and lone UTF-16 surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class JsonRejected(ValueError):
    """A JSON file that is unreadable, too large or ambiguous; the message says why."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise JsonRejected(f"key {escape(key)[:100]!r} appears twice in one object (JSON keeps only the last)")
        found[key] = value
    return found


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the file at ``path``; JsonRejected if it is larger than ``limit`` or cannot be read."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise JsonRejected(escape(str(exc))) from None
    if len(data) > limit:
        raise JsonRejected(f"larger than the limit of {limit:,} bytes")
    return data


def parse_json(data: bytes | str) -> Any:
    """The JSON value of ``data``; JsonRejected if it is not UTF-8, not JSON, nested too deeply or
    has an object with a key twice."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text, object_pairs_hook=_unique_keys)
    except JsonRejected:
        raise
    except (ValueError, RecursionError, MemoryError) as exc:  # ValueError covers bad UTF-8 and JSON
        raise JsonRejected(escape(str(exc))[:300]) from None


def load_json(path: Path, limit: int) -> Any:
    """The JSON value of the file at ``path``, read and parsed strictly (see :func:`parse_json`)."""
    return parse_json(read_limited(path, limit))


def forbidden_in(text: str) -> int | None:
    """Offset of the first character of ``text`` that no text field may hold, or None."""
    match = _FORBIDDEN.search(text)
    return None if match is None else match.start()


def describe(char: str) -> str:
    """A forbidden character, named so that a report can show it."""
    kind = ("a lone surrogate" if "\ud800" <= char <= "\udfff" else
            "a bidirectional control" if char >= "\u202a" else "a control character")
    return f"U+{ord(char):04X} ({kind})"


def first_forbidden(value: Any, path: str = "") -> tuple[str, int, str] | None:
    """(JSON path, offset, character) of the first forbidden character in any key or string of ``value``.

    The path of an item is put together only for the item found, so a large file is walked in linear time."""
    stack: list[tuple[Any, Any]] = [((path,), value)]  # (path as nested (parent, step) pairs, item)
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            offset = forbidden_in(item)
            if offset is not None:
                return _joined(where), offset, item[offset]
        elif isinstance(item, dict):
            for key in reversed(list(item)):
                stack.append(((where, ".", key), item[key]))
                stack.append(((where, " key", None), key))
        elif isinstance(item, list):
            stack += [((where, "[]", index), item[index]) for index in reversed(range(len(item)))]
    return None


def _joined(where: tuple) -> str:
    """The JSON path of :func:`first_forbidden`'s nested pairs, e.g. ``[0].annotations[1].id``."""
    steps = []
    while len(where) == 3:
        where, kind, step = where
        steps.append(f".{escape(step)}" if kind == "." else f"[{step}]" if kind == "[]" else kind)
    return where[0] + "".join(reversed(steps))


def escape(text: str) -> str:
    """``text`` with what cannot be printed or encoded as UTF-8 escaped: lone surrogates, controls, bidi."""
    return _FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
