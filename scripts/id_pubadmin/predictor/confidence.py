"""How sure the predictor is: a calibrated ``score`` for every predicted mention and quote.

A score is the probability that the region is right: exact span and label for a mention (GPE, LOC
and FAC counting as one place, as on NERGrit), exact span for a quote. Of the mentions scored 0.9
or more, about nine in ten are right; ``python -m id_pubadmin.bench confidence`` prints how well
that holds by bands on NERGrit valid (docs/ml-backend.md explains the scores).

- The model's spans: the greedy parse stays the prediction, and a small beam (:data:`BEAM_WIDTH`
  parses) gives each span its marginal probability (the share of the beam's probability mass whose
  parse holds the span). That marginal, whether the span's surface was an entity of the same label
  in the model's training data, the span's label and its name-list features go through a logistic
  calibration fitted on held-out sentences (:mod:`.calibration`), stored beside the model as
  ``confidence.json``.
- The rules and the gazetteer: a fixed score for each label they give, their measured precision.
- Quotes: a fixed score for each quote type, its measured precision.

A model folder without ``confidence.json`` (a model retrained but not calibrated) falls back to
the raw marginals and a neutral 0.5 for rules and quotes; ``python -m id_pubadmin.predictor.calibration
--model DIR`` calibrates it.

Spans the beam considered but the greedy parse left out add up to a text's *doubt*: with the
scores of what was predicted, it measures what the model does not know (:func:`uncertainty`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import entity_model

BEAM_WIDTH = 4
CALIBRATION_FILE = "confidence.json"
AS_NERGRIT = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "PLACE": "PLACE"}
NAME_TAGS = {"PERSON": "GFN", "PLACE": "PD", "ORG": "O"}  # the name-list tags (:mod:`.lexicon`) that support a label
NEUTRAL = 0.5
_WORD = re.compile(r"\w+")
_OPENERS = " \t\n\"'“”‘’([-"  # what may stand between a sentence's end and its next word


class ModelSpan(NamedTuple):
    """One entity span of the model's greedy parse, with what the confidence is computed from."""

    start: int
    end: int
    label: str
    marginal: float  # probability of the span in the beam; 0 when no beam parse holds it
    tags: tuple[str, ...] = ()  # name-list tags of its tokens


class ModelOutput(NamedTuple):
    """The model's spans of one text and its doubt: the beam's mass on spans it did not predict."""

    spans: list[ModelSpan]
    doubt: float


FEATURES = ("bias", "seen", "seen_as_other", "marginal>=0.999", "marginal>=0.99", "marginal>=0.9", "ORG", "PERSON",
            "listed", "words_seen", "capitalised", "4+words", "seen&marginal>=0.99", "words_seen&marginal>=0.99",
            "ORG&seen", "PERSON&seen", "PLACE&listed", "ORG&unseen", "words_seen_share", "words_seen&listed",
            "marginal_log_odds/10")


def entity_words(seen: dict[str, set[str]]) -> dict[str, set[str]]:
    """Label -> the words of the training data's entities of that label (from ``seen``'s surfaces)."""
    words: dict[str, set[str]] = {}
    for surface, labels in seen.items():
        for label in labels:
            words.setdefault(label, set()).update(surface.split())
    return words


def features(span: ModelSpan, surface: str, label: str, seen: dict[str, set[str]],
             words: dict[str, set[str]]) -> list[float]:
    """The calibration's inputs for a model span whose mention reads ``surface`` with label ``label``:
    how sure the beam is, whether the training data had the surface (or each of its words) as an
    entity of that label, whether the name lists support it, its capitalisation and length."""
    kind = AS_NERGRIT.get(label, label)
    known = kind in seen.get(surface, ())
    other = bool(seen.get(surface)) and not known
    listed = bool(span.tags) and all(any(tag in t for tag in NAME_TAGS.get(span.label, "-")) for t in span.tags)
    tokens = surface.split() or [surface]
    share = sum(token in words.get(kind, ()) for token in tokens) / len(tokens)
    capitalised = all(token[:1].isupper() or not token[:1].isalpha() for token in tokens)
    top, high, mid = span.marginal >= 0.999, span.marginal >= 0.99, span.marginal >= 0.9
    clipped = min(max(span.marginal, 1e-4), 1 - 1e-4)
    org, person = span.label == "ORG", span.label == "PERSON"
    values = (True, known, other, top, high, mid, org, person, listed, share == 1.0, capitalised, len(tokens) >= 4,
              known and high, share == 1.0 and high, org and known, person and known, span.label == "PLACE" and listed,
              org and not known, share, share == 1.0 and listed, math.log(clipped / (1 - clipped)) / 10)
    return [float(v) for v in values]


@dataclass(frozen=True)
class Calibration:
    """What turns a model span, a rule's label or a quote type into a score (``confidence.json``)."""

    model: str = ""
    weights: tuple[float, ...] = ()
    seen: dict[str, set[str]] = field(default_factory=dict)  # surface -> labels it had in the training data
    rules: dict[str, float] = field(default_factory=dict)  # label (or "gazetteer", "default") -> precision
    quotes: dict[str, float] = field(default_factory=dict)  # quote type -> precision
    words: dict[str, set[str]] = field(init=False, repr=False, compare=False)  # derived from ``seen``

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", entity_words(self.seen))

    def model_score(self, span: ModelSpan, surface: str, label: str) -> float:
        if not self.weights:
            return round(span.marginal, 3)
        z = sum(w * x for w, x in zip(self.weights, features(span, surface, label, self.seen, self.words)))
        return round(1.0 / (1.0 + math.exp(-z)), 3)

    def rule_score(self, label: str, from_gazetteer: bool = False) -> float:
        key = "gazetteer" if from_gazetteer and "gazetteer" in self.rules else label
        return self.rules.get(key, self.rules.get("default", NEUTRAL))

    def quote_score(self, kind: str) -> float:
        return self.quotes.get(kind, NEUTRAL)

    def to_json(self) -> dict:
        return {"model": self.model, "beam_width": BEAM_WIDTH, "features": list(FEATURES),
                "weights": list(self.weights), "rules": dict(sorted(self.rules.items())),
                "quotes": dict(sorted(self.quotes.items())),
                "seen": {surface: " ".join(sorted(labels)) for surface, labels in sorted(self.seen.items())}}

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        if data.get("features") != list(FEATURES):
            return cls(model=data.get("model", ""), rules=data.get("rules", {}), quotes=data.get("quotes", {}))
        return cls(data["model"], tuple(data["weights"]), {s: set(labels.split()) for s, labels in data["seen"].items()},
                   data["rules"], data["quotes"])


def calibration(model_dir: Path | str | None = None) -> Calibration:
    """The calibration stored beside a model (default: the shipped one), or none (raw marginals, neutral rule scores)."""
    return _calibration(entity_model.folder(model_dir))


@lru_cache(maxsize=4)
def _calibration(model_dir: Path) -> Calibration:
    path = model_dir / CALIBRATION_FILE
    if not path.exists():
        return Calibration()
    return Calibration.from_json(json.loads(path.read_text(encoding="utf-8")))


def model_outputs(texts: Iterable[str], batch_size: int = entity_model.BATCH_SIZE,
                  model_dir: Path | str | None = None) -> Iterator[ModelOutput]:
    """For each text, the model's greedy spans with their beam marginals, and its doubt.

    Texts are read in :func:`.entity_model.pieces` and batched as :func:`.entity_model.spans` reads
    them, so the spans are the same and memory stays bounded."""
    nlp = entity_model.load(model_dir)
    ner = nlp.get_pipe("ner")
    spans: list[ModelSpan] = []  # of the text whose pieces are being read
    doubt = 0.0
    batch: list[tuple[bool, int, str]] = []  # (last piece of its text, where it starts, the piece)

    def run() -> Iterator[ModelOutput]:
        nonlocal doubt
        docs = list(nlp.pipe([piece for *_, piece in batch], batch_size=len(batch), disable=["ner"]))
        marginals = ner.scored_ents(ner.beam_parse(docs, beam_width=BEAM_WIDTH)) if docs else []
        ner.set_annotations(docs, ner.predict(docs)) if docs else None
        for (last, start, _), doc, marginal in zip(batch, docs, marginals):
            predicted = {(e.start, e.end, e.label_) for e in doc.ents}
            spans.extend(ModelSpan(start + e.start_char, start + e.end_char, e.label_,
                                   round(marginal.get((e.start, e.end, e.label_), 0.0), 6), tuple(t.tag_ for t in e))
                         for e in doc.ents)
            doubt += sum(p for key, p in marginal.items() if key not in predicted)
            if last:
                yield ModelOutput(list(spans), round(doubt, 6))
                spans.clear()
                doubt = 0.0
        batch.clear()

    characters = 0
    for text in texts:
        parts = entity_model.pieces(text)
        for index, (start, end) in enumerate(parts):
            batch.append((index == len(parts) - 1, start, text[start:end]))
            characters += end - start
            if len(batch) >= batch_size or characters >= entity_model.BATCH_CHARS:
                yield from run()
                characters = 0
    yield from run()


def inner_capitals(text: str) -> Iterator[re.Match[str]]:
    """The capitalised words of ``text`` that start no sentence: where names are."""
    for word in _WORD.finditer(text):
        before = text[max(0, word.start() - 8):word.start()].rstrip(_OPENERS)
        if word.group()[0].isupper() and before and before[-1] not in ".!?":
            yield word


def unnamed_capitals(text: str, named: Iterable[tuple[int, int]]) -> int:
    """Capitalised words of ``text`` that start no sentence and lie outside every ``named`` (start, end) region:
    names the predictor may have missed."""
    regions = sorted(named)
    return sum(1 for word in inner_capitals(text) if not any(start <= word.start() < end for start, end in regions))


def uncertainty(scores: Iterable[float], doubt: float, sentences: int, unnamed: int = 0) -> float:
    """What the model does not know about a text, per sentence: the expected wrong predicted regions
    (one minus each score), the beam's mass on entities it did not predict (``doubt``) and the
    ``unnamed`` capitalised words outside every predicted region (:func:`unnamed_capitals`), each an
    even chance of a missed name."""
    return round((sum(1.0 - score for score in scores) + doubt + NEUTRAL * unnamed) / max(1, sentences), 4)


def records_uncertainty(text: str, regions: list[dict], doubt: float, sentences: int) -> float:
    """:func:`uncertainty` of a text from its predicted entity and quote records (``start``, ``end``, ``score``)."""
    return uncertainty([region["score"] for region in regions], doubt, sentences,
                       unnamed_capitals(text, [(region["start"], region["end"]) for region in regions]))
