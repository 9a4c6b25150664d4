"""Filing a new article under ``seeds/``: its name is the next number and the hash of its bytes.

A seed is named ``NNN_<hash>.txt``: ``NNN`` is one more than the highest number in ``seeds/``
(three digits, more when needed), so seeds keep the order they were added in; ``<hash>`` is the
first 16 hex digits of the sha256 of the file's bytes, so two different articles never share a
name and the same article added twice is noticed. The name becomes the document id, which also
decides the document's split (:mod:`id_pubadmin.core.splits`). ``add-seed`` files an article
given from anywhere else under this name; a file already in ``seeds/`` keeps the name it has.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

SEED_NAME = re.compile(r"(?P<number>\d{3,})_(?P<hash>[0-9a-f]{16})\.txt")
HASH_DIGITS = 16


def seed_hash(data: bytes) -> str:
    """The ``<hash>`` of a seed's name: the first 16 hex digits of the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()[:HASH_DIGITS]


def next_number(seeds_dir: Path) -> int:
    """One more than the highest ``NNN`` of a seed name in ``seeds_dir``; 0 when there is none."""
    numbers = [int(match["number"]) for path in seeds_dir.glob("*.txt") if (match := SEED_NAME.fullmatch(path.name))]
    return max(numbers, default=-1) + 1


def seed_name(number: int, data: bytes) -> str:
    """The file name of seed number ``number`` holding ``data``."""
    return f"{number:03d}_{seed_hash(data)}.txt"


def filed_already(seeds_dir: Path, data: bytes) -> Path | None:
    """The seed in ``seeds_dir`` whose name carries the hash of ``data``, if there is one."""
    return next(iter(sorted(seeds_dir.glob(f"*_{seed_hash(data)}.txt"))), None)


def file_seed(data: bytes, seeds_dir: Path, number: int) -> Path:
    """Write ``data`` as seed number ``number`` in ``seeds_dir``; never over an existing file."""
    path = seeds_dir / seed_name(number, data)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
