"""Which split a document belongs to, and how a split's files are named when it is sharded.

The rule depends only on the document id, so adding documents never moves existing ones and all
rows of a document stay in one split: bucket = first 8 hex digits of sha256(document_id) as an
integer, modulo 100; buckets 0-79 are train, 80-89 validation, 90-99 test.
"""

from __future__ import annotations

import hashlib

from .labels import SPLITS

BOUNDS: tuple[tuple[int, str], ...] = ((80, "train"), (90, "validation"), (100, "test"))
assert tuple(name for _, name in BOUNDS) == SPLITS


def bucket_of(document_id: str) -> int:
    """The document's bucket, 0-99."""
    return int(hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:8], 16) % 100


def split_of(document_id: str) -> str:
    """The split of a document."""
    bucket = bucket_of(document_id)
    return next(name for bound, name in BOUNDS if bucket < bound)


def shard_name(split: str, index: int, count: int, suffix: str = ".parquet") -> str:
    """The Hugging Face name of shard ``index`` of ``count`` of a split."""
    return f"{split}-{index:05d}-of-{count:05d}{suffix}"
