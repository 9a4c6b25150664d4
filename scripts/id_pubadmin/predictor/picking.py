"""What to annotate next: texts ranked by what the model does not know, near-duplicates kept apart.

One ranking for every list of candidates (``silver pick``'s documents, ``studio push --order
uncertain``'s tasks, ``bench picking``'s sentences): a candidate's score is its uncertainty
(:func:`.confidence.uncertainty`: expected wrong regions plus the beam's mass on entities it did
not predict, per sentence) times its relevance (1 when all are equally relevant). Candidates are
taken best first, ties to the smaller key; one whose text is a near-duplicate (MinHash, as
``add-seed`` checks) of a text already picked, or of a text to avoid (the gold seeds), is passed
over, so a budget is not spent twice on one story.
"""

from __future__ import annotations

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
    score: float = 0.0  # uncertainty x relevance, set by :func:`rank`


def rank(candidates: Iterable[Candidate], count: int, texts: Callable[[Sequence[str]], dict[str, str]] | None = None,
         avoid=None) -> list[Candidate]:
    """The ``count`` best candidates, each scored, no two near-duplicates and none a near-duplicate of ``avoid``.

    ``texts`` gives the texts of a batch of keys (read only for the candidates looked at); without
    it, texts are not compared. ``avoid`` is a :class:`~..seeds.web.duplicates.NearDuplicateIndex`.
    """
    from ..seeds.web.duplicates import NearDuplicateIndex, minhash

    ordered = sorted((replace(c, score=round(c.uncertainty * c.relevance, 4)) for c in candidates),
                     key=lambda c: (-c.score, c.key))
    picked: list[Candidate] = []
    seen = NearDuplicateIndex()
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        read = texts([c.key for c in batch]) if texts else {}
        for candidate in batch:
            if candidate.key in read:
                signature = minhash(read[candidate.key])
                if seen.nearest(signature) or (avoid is not None and avoid.nearest(signature)):
                    continue
                seen.add(candidate.key, signature)
            picked.append(candidate)
            if len(picked) == count:
                return picked
    return picked


def text_uncertainties(texts: Sequence[str], sentences: Sequence[int] | None = None,
                       model_dir: Path = entity_model.MODEL_DIR) -> list[float]:
    """The uncertainty of each text under a model (the shipped one by default), its calibration and the rules
    (``sentences``: each text's count of sentences, else 1)."""
    from .predict import records

    found = []
    for index, (text, (spans, doubt)) in enumerate(zip(texts, confidence.model_outputs(texts, model_dir=model_dir))):
        entities, quotes = records("pick", text, {}, spans, model_dir=model_dir)
        scores = [e["score"] for e in entities] + [q["score"] for q in quotes]
        found.append(confidence.uncertainty(scores, doubt, sentences[index] if sentences else 1))
    return found
