"""Near-duplicate articles (news is syndicated and republished): MinHash over word shingles.

A text's signature is a ``datasketch`` MinHash of its word 5-grams (lower-cased), with a fixed
number of permutations and seed, so the same text always gets the same signature in any process.
Two texts whose estimated Jaccard similarity reaches :data:`DUPLICATE_SIMILARITY` are near-duplicates:
a republished copy with a new headline, byline or closing line still shares most of its 5-grams.
The signatures of the project's seeds are kept in its cache, keyed by each seed's bytes (and the code),
so a run computes only those of seeds it has not met.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from ...core import cache
from ...core.errors import CROSS_REFERENCES, CorpusError, Problem, define_error
from ..seed_files import parse_seed, seed_paths

if TYPE_CHECKING:
    from datasketch import MinHash

TEXT_NEAR_DUPLICATE = define_error(
    "text-near-duplicate", CROSS_REFERENCES,
    "the article is a near-duplicate of a seed the project holds or of another article of the same batch "
    "(MinHash estimate of the Jaccard similarity of their word 5-grams)",
    "leave the copy out (news is republished across outlets), or add it with --allow-duplicates, which records "
    "the seed it copies in its metadata")

NUM_PERM = 128
HASH_SEED = 1
SHINGLE_WORDS = 5
DUPLICATE_SIMILARITY = 0.7

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The lower-cased word ``size``-grams of ``text`` (the whole text when it is shorter), as UTF-8 bytes."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def minhash(text: str) -> MinHash:
    """The deterministic MinHash signature of ``text`` (:data:`NUM_PERM` permutations, seed :data:`HASH_SEED`)."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=HASH_SEED)
    signature.update_batch(sorted(shingles(text)))
    return signature


class NearDuplicateIndex:
    """Signatures by key (a seed's document id, a batch item's name) for near-duplicate lookup.

    Candidates come from locality-sensitive hashing at :data:`DUPLICATE_SIMILARITY`; the nearest
    candidate is the one whose estimated similarity is highest (ties: the first key added). Picklable.
    """

    def __init__(self, threshold: float = DUPLICATE_SIMILARITY):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def add(self, key: str, signature: MinHash) -> None:
        """Index ``signature`` under ``key`` (a key is added once)."""
        if key in self._signatures:
            raise KeyError(f"{key!r} is in the index already")
        self._signatures[key] = signature
        self._lsh.insert(key, signature)

    def nearest(self, signature: MinHash) -> tuple[str, float] | None:
        """(key, estimated similarity) of the most similar indexed text at or above the threshold; None if none."""
        order = {key: index for index, key in enumerate(self._signatures)}
        found = [(signature.jaccard(self._signatures[key]), -order[key], key) for key in self._lsh.query(signature)]
        found = [item for item in found if item[0] >= self.threshold]
        if not found:
            return None
        similarity, _, key = max(found)
        return key, round(similarity, 3)


def duplicate_problem(of: str, similarity: float, source: str) -> Problem:
    """The refusal of a near-duplicate of ``of``."""
    return TEXT_NEAR_DUPLICATE.at(source, "article text",
                                  f"near-duplicate of {of} (estimated similarity {similarity:.2f}, "
                                  f"threshold {DUPLICATE_SIMILARITY:.2f})")


def seed_signature(path: Path, folder: Path | None = None) -> MinHash:
    """The signature of the text of the seed at ``path`` (SeedError if it does not parse), taken from the cache
    ``folder`` when the same bytes were signed there by the same code, else computed (and kept there)."""
    from datasketch import MinHash

    seed = parse_seed(path, check_name=False)  # reading and checking a seed is cheap; signing it is not
    if folder is None:
        return minhash(seed.text)
    key = cache.content_key("minhash", f"{NUM_PERM} {HASH_SEED} {SHINGLE_WORDS}", seed.sha256)
    found = cache.load(folder, key, lambda entry: isinstance(entry.get("signature"), MinHash))
    if found is None:
        found = {"signature": minhash(seed.text)}
        try:
            cache.store(folder, key, found)
        except OSError:  # a cache that cannot be written only costs time
            pass
    return found["signature"]


def seed_index(seeds_dir: Path, folder: Path | None = None, leave_out: Collection[str] = ()) -> NearDuplicateIndex:
    """Signatures of every seed in ``seeds_dir`` by document id, but those whose id is in ``leave_out``
    (seeds that do not parse are left to ``validate``); ``folder`` caches them."""
    index = NearDuplicateIndex()
    for path in seed_paths(seeds_dir):
        if path.stem in leave_out:
            continue
        try:
            index.add(path.stem, seed_signature(path, folder))
        except (CorpusError, OSError):
            continue
    return index
