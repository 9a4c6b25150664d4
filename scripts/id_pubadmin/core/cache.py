"""A cache of build results, keyed by everything a result depends on.

A result (a document's rows and export pieces, a spaCy file, a chart) is a pure function of its
inputs and the code: the package's sources and the libraries that write files. Its key hashes both,
so a changed input or code is a miss, never a stale hit, and an unchanged rebuild is mostly hits.
Entries are plain-value dicts, written atomically after the sha256 of their bytes; an unreadable
one, or one whose bytes no longer match that hash (edited, or damaged on disk), is a miss. Reading an entry
touches it, so after a build :func:`prune` removes what that build did not use, and the cache holds
one corpus's worth, not every corpus ever built. The folders (``.cache/`` of the project) can be
deleted at any time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]
LIBRARIES = ("pyarrow", "spacy", "matplotlib")  # their versions are part of every key
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.pickle")
PARTIAL_NAME = re.compile(r"\.[A-Za-z0-9_]+\.partial")  # what mkstemp names a write that was cut short
_REPORTED: set[Path] = set()  # folders where an entry of the wrong shape or changed content was logged
DIGEST_BYTES = 32  # an entry is the sha256 of its pickled result, then that result


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


def load(folder: Path, key: str, shape: Callable[[Any], bool] = lambda _: True) -> dict[str, Any] | None:
    """The cached result of ``key``, marked as used; None when there is none, it cannot be read, or ``shape``
    says it is not a result of the kind asked for (logged, the first time in a folder)."""
    path = entry_path(folder, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, payload = data[:DIGEST_BYTES], data[DIGEST_BYTES:]
    if hashlib.sha256(payload).digest() != digest:
        _report(folder, path, "changed since it was written (its content hash does not match)")
        return None
    try:
        found = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - unpickling damaged bytes can raise almost anything; a miss
        return None
    if not isinstance(found, dict) or not shape(found):
        _report(folder, path, "of the wrong shape")
        return None
    os.utime(path)
    return found


def _report(folder: Path, path: Path, what: str) -> None:
    """Log an entry that is not used, the first time in a folder."""
    if folder not in _REPORTED:
        _REPORTED.add(folder)
        logging.getLogger(__name__).warning(
            "%s: a cache entry %s; ignored and made afresh (later ones are not reported; %s may be deleted at any "
            "time)", path, what, folder)


def store(folder: Path, key: str, result: dict[str, Any]) -> None:
    """Keep a result under ``key``, after the sha256 of its bytes (checked before it is used again)."""
    path = entry_path(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".partial")
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(hashlib.sha256(payload).digest() + payload)
    os.replace(temporary, path)


def made_file(folder: Path | None, kind: str, parts: Iterable[str], make: Callable[[], bytes]) -> bytes:
    """The bytes of a file of ``kind`` made from ``parts`` by ``make``: taken from ``folder`` when the
    same parts made it before, else made (and kept there, when a folder is given)."""
    if folder is None:
        return make()
    key = content_key(kind, *parts)
    found = load(folder, key, lambda entry: isinstance(entry.get("file"), bytes))
    if found is None:
        found = {"file": make()}
        store(folder, key, found)
    return bytes(found["file"])


def prune(folder: Path, unused_since: float) -> int:
    """Remove the entries (and leftover partial writes) of ``folder`` not used since ``unused_since`` (a
    time as ``time.time()`` gives it); returns how many were removed. Only files named as this module
    names them are looked at."""
    removed = 0
    for path in folder.glob("??/*"):
        named = ENTRY_NAME.fullmatch(path.name) and path.name[:2] == path.parent.name
        if not (named or PARTIAL_NAME.fullmatch(path.name)):
            continue
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < unused_since:
                path.unlink()
                removed += 1
        except OSError:
            continue  # removed meanwhile, or not ours to remove: the next build tries again
    return removed
