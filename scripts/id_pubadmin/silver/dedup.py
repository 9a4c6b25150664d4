"""Near-duplicates across every shard: MinHash LSH with a global shuffle by band, as datatrove's MinHash stages do.

Each shard writes, for every LSH band, the hash of its documents' band of MinHash values, sorted
(:func:`band_tables`). One task per band then reads that band of every shard, so documents of
different shards and workers that share a band meet in one place, and reports them as pairs
(:func:`band_pairs`). One task joins all pairs into clusters and keeps, in each, the document with
the smallest key (its text's id, then where it was read), which depends on the documents alone, not
on shards, workers or the order tasks ran in (:func:`clusters`).

The MinHash values are ``add-seed``'s near-duplicate signature (:func:`..seeds.web.duplicates.minhash`).
The bands (:data:`BANDS` of :data:`ROWS` values) make documents meet from a Jaccard similarity of
about 0.5, so that few pairs above ``add-seed``'s threshold of 0.7 are missed (1% at 0.7, none seen
above); a candidate is paired only when the estimated similarity of the two reaches that threshold,
so a crawl is deduplicated as ``add-seed`` deduplicates a batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ..seeds.web.duplicates import DUPLICATE_SIMILARITY as THRESHOLD
from ..seeds.web.duplicates import NUM_PERM

PAIR = [("rank_a", "<u4"), ("index_a", "<u4"), ("rank_b", "<u4"), ("index_b", "<u4")]


ROWS = 5
BANDS = NUM_PERM // ROWS  # 25 bands of 5 values: 125 of the 128
MAX_COMPARED = 20  # earlier members of a band group a document is compared with


def bands() -> tuple[int, int]:
    """(number of bands, MinHash values per band)."""
    return BANDS, ROWS


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


def band_pairs(tables: Iterable[tuple[int, Any]], signatures: dict[int, Any]) -> Any:
    """Pairs of similar documents sharing a band hash, from ``(rank, table)`` of every shard for one band.

    Within a group of equal hashes, each document is paired with the first of the (at most
    :data:`MAX_COMPARED`) earlier members whose estimated Jaccard similarity reaches :data:`THRESHOLD`;
    ``signatures`` maps a shard to its MinHash values (memory-mapped: only grouped documents are read).
    """
    import numpy as np

    parts = []
    for rank, table in tables:
        part = np.empty(len(table), dtype=[("hash", "<u8"), ("rank", "<u4"), ("index", "<u4")])
        part["hash"], part["rank"], part["index"] = table["hash"], rank, table["index"]
        parts.append(part)
    every = np.concatenate(parts) if parts else np.empty(0, dtype=[("hash", "<u8"), ("rank", "<u4"), ("index", "<u4")])
    every.sort(order=["hash", "rank", "index"])
    starts = np.flatnonzero(np.r_[True, every["hash"][1:] != every["hash"][:-1], True])
    found = []
    for begin, end in zip(starts[:-1], starts[1:]):
        if end - begin < 2:
            continue
        members = [(int(every["rank"][i]), int(every["index"][i])) for i in range(begin, end)]
        values = [signatures[rank][index] for rank, index in members]
        for i in range(1, len(members)):
            for j in range(max(0, i - MAX_COMPARED), i):
                if (values[i] == values[j]).mean() >= THRESHOLD:
                    found.append((*members[j], *members[i]))
                    break
    return np.array(found, dtype=PAIR)


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
