"""A cache of build results, keyed by everything a result depends on.

A result (a document's rows and export pieces, a spaCy file, a chart) is a pure function of its
inputs and the code: the package's sources and the libraries that write files. Its key hashes both,
so a changed input or code is a miss, never a stale hit, and an unchanged rebuild is mostly hits.
Entries are plain-value dicts, written atomically; an unreadable one is a miss. The folder
(``.cache/documents/`` of the project) can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]
LIBRARIES = ("pyarrow", "spacy", "matplotlib")  # their versions are part of every key


@cache
def code_version() -> str:
    """sha256 of the package's sources and the versions of the libraries that write files."""
    from importlib.metadata import version

    digest = hashlib.sha256("".join(f"{name} {version(name)}\n" for name in LIBRARIES).encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_key(*parts: str) -> str:
    """The key of a result made from ``parts`` by the current code."""
    return hashlib.sha256("\0".join([code_version(), *parts]).encode("utf-8")).hexdigest()


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
    """Keep a result under ``key``."""
    path = entry_path(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".partial")
    with os.fdopen(descriptor, "wb") as stream:
        pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
