"""Near-duplicates across every shard: MinHash LSH with a global shuffle by band, as datatrove's MinHash stages do.

Each shard writes, for every LSH band, the hash of its documents' band of MinHash values, sorted
(:func:`band_tables`). One task per band then reads that band of every shard, so documents of
different shards and workers that share a band meet in one place, and reports them as pairs
(:func:`band_pairs`). One task joins all pairs into clusters and keeps, in each, the document with
the smallest key (its text's id, then where it was read), which depends on the documents alone, not
on shards, workers or the order tasks ran in (:func:`clusters`).

The MinHash values are the project's one near-duplicate signature (:func:`.pages.signature`). The
bands (:data:`BANDS` of :data:`ROWS` values, as datatrove's defaults of 14 x 8) make documents from
a Jaccard similarity of about 0.7 meet, so that few pairs above the threshold are missed (95% at
0.8, 99.9% at 0.9); each candidate pair is then kept only when its estimated similarity reaches
:data:`.pages.THRESHOLD` (:func:`similar`), so a crawl is deduplicated at ``add-seed``'s threshold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from .pages import NUM_PERM, THRESHOLD

PAIR = [("rank_a", "<u4"), ("index_a", "<u4"), ("rank_b", "<u4"), ("index_b", "<u4")]


ROWS = 8
BANDS = NUM_PERM // ROWS


def bands() -> tuple[int, int]:
    """(number of bands, MinHash values per band)."""
    return BANDS, ROWS


def similar(pairs: Any, signatures: dict[int, Any]) -> Any:
    """The pairs whose estimated Jaccard similarity reaches :data:`THRESHOLD`.

    ``signatures`` maps a shard rank to its documents' MinHash values (a memory-mapped array: only the
    rows of paired documents are read).
    """
    import numpy as np

    if not len(pairs):
        return pairs
    a = np.stack([signatures[rank][index] for rank, index in zip(pairs["rank_a"], pairs["index_a"])])
    b = np.stack([signatures[rank][index] for rank, index in zip(pairs["rank_b"], pairs["index_b"])])
    return pairs[(a == b).mean(axis=1) >= THRESHOLD]


def band_tables(signatures: Any) -> list[Any]:
    """For each band, the documents' band hashes and indices, sorted by hash (then index)."""
    import numpy as np

    count, rows = bands()
    dtype = np.dtype([("hash", "<u8"), ("index", "<u4")])
    tables = []
    for band in range(count):
        table = np.empty(len(signatures), dtype=dtype)
        table["hash"] = [int.from_bytes(hashlib.blake2b(s[band * rows:(band + 1) * rows].tobytes(), digest_size=8)
                                        .digest(), "little") for s in signatures]
        table["index"] = np.arange(len(signatures), dtype="<u4")
        table.sort(order=["hash", "index"])
        tables.append(table)
    return tables


def band_pairs(tables: Iterable[tuple[int, Any]]) -> Any:
    """Pairs of documents sharing a band hash, from ``(rank, table)`` of every shard for one band.

    Each document of a group of equal hashes is paired with the group's first; the clusters join the rest.
    """
    import numpy as np

    parts = []
    for rank, table in tables:
        part = np.empty(len(table), dtype=[("hash", "<u8"), ("rank", "<u4"), ("index", "<u4")])
        part["hash"], part["rank"], part["index"] = table["hash"], rank, table["index"]
        parts.append(part)
    if not parts:
        return np.empty(0, dtype=PAIR)
    every = np.concatenate(parts)
    every.sort(order=["hash", "rank", "index"])
    same = np.flatnonzero(every["hash"][1:] == every["hash"][:-1]) + 1
    first = np.maximum.accumulate(np.where(np.r_[True, every["hash"][1:] != every["hash"][:-1]],
                                           np.arange(len(every)), 0))
    pairs = np.empty(len(same), dtype=PAIR)
    pairs["rank_a"], pairs["index_a"] = every["rank"][first[same]], every["index"][first[same]]
    pairs["rank_b"], pairs["index_b"] = every["rank"][same], every["index"][same]
    return pairs


Node = tuple[int, int]  # (shard rank, document index in the shard)


def clusters(pairs: Iterable[Any], key: dict[Node, tuple]) -> dict[Node, list[Node]]:
    """Kept document -> the near-duplicates dropped for it, over all pairs of all bands.

    ``key`` gives each paired document its sort key; the smallest of a cluster is kept.
    """
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for table in pairs:
        for rank_a, index_a, rank_b, index_b in table.tolist():
            a, b = root((rank_a, index_a)), root((rank_b, index_b))
            if a != b:
                low, high = sorted((a, b), key=lambda n: key[n])
                parent[high] = low
    dropped: dict[Node, list[Node]] = {}
    for node in parent:
        kept = root(node)
        if kept != node:
            dropped.setdefault(kept, []).append(node)
    return dropped
