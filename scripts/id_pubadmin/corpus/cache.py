"""A cache of per-document build results, keyed by everything the result depends on.

A document's rows are a pure function of its seed bytes, its metadata bytes, its annotation
records and the code (the package's sources and the pinned Parquet writer), so an unchanged
rebuild reads every document from here and a new seed costs one document. The key hashes all of
those, so a changed input or code is a miss, never a stale hit. Entries are written atomically; an
unreadable one is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from .document import Item, build_document

PACKAGE = Path(__file__).resolve().parents[1]


@cache
def code_version() -> str:
    """sha256 of the package's sources and the Parquet writer's version."""
    import pyarrow

    digest = hashlib.sha256(f"pyarrow {pyarrow.__version__}\n".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(item: Item, input_sha256: list[str]) -> str:
    """The key of an item: the code version, the sha256 of its input files, its annotations."""
    parts = [code_version(), *input_sha256, item["annotations"], str(item["annotated"])]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.pickle"


def load(folder: Path, key: str) -> dict[str, Any] | None:
    """The cached result of ``key``; None when there is none or it cannot be read."""
    try:
        with entry_path(folder, key).open("rb") as stream:
            return pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return None


def store(folder: Path, key: str, result: dict[str, Any]) -> None:
    """Keep a result, unless it reports problems (a broken document is rebuilt to report them again)."""
    if result["problems"] != "[]":
        return
    path = entry_path(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".partial")
    with os.fdopen(descriptor, "wb") as stream:
        pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def build_and_store(task: tuple[Item, str, str | None]) -> dict[str, Any]:
    """Run :func:`build_document` on an item and cache its result under ``key`` in ``folder`` (if given)."""
    item, key, folder = task
    result = build_document(item)
    if folder is not None:
        store(Path(folder), key, result)
    return result
