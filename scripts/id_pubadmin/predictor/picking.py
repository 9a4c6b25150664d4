"""What to annotate next: texts ranked by what the model does not know, each story and name bought once.

One ranking for every list of candidates (``silver pick``'s documents, ``studio push --order
uncertain``'s tasks, ``bench picking``'s sentences): a candidate's score is its uncertainty
(:func:`.confidence.uncertainty`: expected wrong regions, the beam's mass on entities it did not
predict and half of each capitalised word outside every predicted region, per sentence) times
its relevance (1 when all are equally relevant) times its novelty: the share of its names
(capitalised words inside sentences, :func:`.confidence.inner_capitals`) that no text picked
before it holds, so that a budget is not spent twice on what one name teaches. Candidates are
taken best first (scores only fall as names are picked, so a candidate is re-scored when it comes
up), ties to the smaller key; one whose text is a near-duplicate (MinHash, as ``add-seed``
checks) of a text already picked, or of a text to avoid (the gold seeds), is passed over, so a
budget is not spent twice on one story.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import confidence, entity_model

BATCH = 256  # candidates whose texts are read at once


@dataclass(frozen=True)
class Candidate:
    """A text that could be annotated next."""

    key: str
    uncertainty: float
    relevance: float = 1.0
    novelty: float = 1.0  # the share of its names no text picked before holds, set by :func:`rank`
    score: float = 0.0  # uncertainty x relevance x novelty, set by :func:`rank`


def names(text: str) -> frozenset[str]:
    """The names a text holds for :func:`rank`'s novelty: its capitalised words inside sentences, lower-cased."""
    return frozenset(word.group().lower() for word in confidence.inner_capitals(text))


def novelty(held: frozenset[str], picked: set[str]) -> float:
    """The share of ``held`` names not in ``picked`` (1 for a text without names)."""
    return len(held - picked) / len(held) if held else 1.0


def rank(candidates: Iterable[Candidate], count: int, texts: Callable[[Sequence[str]], dict[str, str]] | None = None,
         avoid=None) -> list[Candidate]:
    """The ``count`` best candidates, each with its score, no two near-duplicates and none a near-duplicate of ``avoid``.

    ``texts`` gives the texts of a batch of keys (read only for the candidates looked at, in order);
    without it, texts are neither compared nor read for names, and the score is uncertainty x
    relevance. ``avoid`` is a :class:`~..seeds.web.duplicates.NearDuplicateIndex`.
    """
    from ..seeds.web.duplicates import NearDuplicateIndex, minhash

    ordered = sorted((replace(c, score=round(c.uncertainty * c.relevance, 4)) for c in candidates),
                     key=lambda c: (-c.score, c.key))
    read: dict[str, tuple[frozenset[str], object]] = {}  # key -> its names and MinHash signature
    unread = iter(ordered)

    def looked_at(candidate: Candidate) -> tuple[frozenset[str], object]:
        if candidate.key not in read:
            batch = [candidate.key, *(c.key for _, c in zip(range(BATCH), unread) if c.key not in read)]
            found = texts(batch)
            read.update((key, (names(found[key]), minhash(found[key])) if key in found else (frozenset(), None))
                        for key in batch)
        return read[candidate.key]

    heap = [(-c.score, c.key, index) for index, c in enumerate(ordered)]  # sorted, so already a heap
    picked: list[Candidate] = []
    picked_names: set[str] = set()
    seen = NearDuplicateIndex()
    while heap and len(picked) < count:
        bound, key, index = heapq.heappop(heap)
        candidate = ordered[index]
        if texts is not None:
            text_names, signature = looked_at(candidate)
            share = round(novelty(text_names, picked_names), 4)
            candidate = replace(candidate, novelty=share, score=round(candidate.score * share, 4))
            if heap and (-candidate.score, key) > heap[0][:2]:
                heapq.heappush(heap, (-candidate.score, key, index))  # fell behind the next one: look again later
                continue
            if signature is not None:
                if seen.nearest(signature) or (avoid is not None and avoid.nearest(signature)):
                    continue
                seen.add(key, signature)
            picked_names |= text_names
        picked.append(candidate)
    return picked


def text_uncertainties(texts: Sequence[str], sentences: Sequence[int] | None = None,
                       model_dir: Path = entity_model.MODEL_DIR) -> list[float]:
    """The uncertainty of each text under a model (the shipped one by default), its calibration and the rules
    (``sentences``: each text's count of sentences, else 1)."""
    from .predict import records

    found = []
    for index, (text, (spans, doubt)) in enumerate(zip(texts, confidence.model_outputs(texts, model_dir=model_dir))):
        entities, quotes = records("pick", text, {}, spans, model_dir=model_dir)
        found.append(confidence.records_uncertainty(text, entities + quotes, doubt, sentences[index] if sentences else 1))
    return found
