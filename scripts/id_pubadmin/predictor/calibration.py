"""Fitting the scores of :mod:`.confidence` for a model: ``confidence.json`` beside it.

Every prediction of the combined predictor on held-out gold becomes a row: right or wrong, and
what its score is computed from. Gold: NERGrit valid (PERSON / ORG / PLACE, exact spans, the
model never trained on it) and, when a built corpus is given, its gold documents (all labels,
exact spans, each document predicted with a gazetteer of the other documents only, as the
prediction benchmark does).

- Model spans: a logistic regression (L2, Newton's method, thirteen indicator features) of being
  right on :func:`.confidence.features`, fitted on NERGrit valid only (the corpus gold's labels and
  guidelines differ from the model's); ``seen`` is the surfaces of the model's training data.
- Rule and gazetteer mentions: each label's precision, smoothed towards one half by one right and
  one wrong pseudo-count (few rule mentions are measured); ``default`` for labels never measured.
- Quotes: each type's span precision on the corpus gold, smoothed alike.

``python -m id_pubadmin.bench confidence --calibrate`` writes it: retrain, then recalibrate.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import confidence, entity_model
from .confidence import AS_NERGRIT, Calibration, ModelSpan, features
from .entity_rules import gazetteer
from .nergrit import read_sentences
from .predict import mention_spans, records

NERGRIT = Path("annotations/training/nergrit")
L2 = 0.3
BANDS = (0.9, 0.7, 0.5, 0.0)
CORPUS_GROUPS = 1_000_000  # rows of the corpus gold are numbered from here, NERGrit's below


@dataclass(frozen=True)
class Row:
    """One predicted region on held-out gold: its source, what its score is made from, and whether it is right."""

    source: str  # "model", "rule", "gazetteer" or "quote"
    label: str  # the mention's label, or the quote's type
    right: bool
    span: ModelSpan | None = None
    surface: str = ""
    group: int = 0  # the held-out sentence (or document) it comes from, for cross-fitting


def seen_surfaces(root: Path) -> dict[str, set[str]]:
    """Surface -> NERGrit labels it has in NERGrit train, the model's training data."""
    seen: dict[str, set[str]] = {}
    for sentence in read_sentences(root / NERGRIT / "train.txt"):
        for start, end, label in sentence.entities:
            seen.setdefault(sentence.text[start:end], set()).add(label)
    return seen


def nergrit_rows(root: Path) -> list[Row]:
    """Rows of the combined predictor's NERGrit-labelled mentions on NERGrit valid."""
    sentences = read_sentences(root / NERGRIT / "valid.txt")
    rows = []
    for number, (sentence, (spans, _)) in enumerate(zip(sentences, confidence.model_outputs(s.text for s in sentences))):
        gold = set(sentence.entities)
        rows += _mention_rows(sentence.text, {}, spans, lambda e: (e["start"], e["end"], AS_NERGRIT[e["label"]]) in gold,
                              number, only=AS_NERGRIT)
    return rows


def corpus_rows(views: list, first_group: int = CORPUS_GROUPS) -> list[Row]:
    """Rows of every predicted mention and quote of a built corpus's gold documents (its ``corpus_views``),
    each document predicted with a gazetteer of the others."""
    views = sorted(views, key=lambda view: view.document_id)
    every = [entity for view in views for entity in view.entities]
    rows = []
    for number, (view, (spans, _)) in enumerate(zip(views, confidence.model_outputs(v.text for v in views)), first_group):
        known = gazetteer([e for e in every if e["document_id"] != view.document_id])
        gold = {(e["start"], e["end"], e["label"]) for e in view.entities}
        rows += _mention_rows(view.text, known, spans, lambda e: (e["start"], e["end"], e["label"]) in gold, number)
        _, quotes = records(view.document_id, view.text, known, spans)
        quoted = {(q["start"], q["end"]) for q in view.quotes}
        rows += [Row("quote", q["type"], (q["start"], q["end"]) in quoted, group=number) for q in quotes]
    return rows


def _mention_rows(text: str, known: dict, spans: list[ModelSpan], right, group: int, only=None) -> list[Row]:
    entities, _ = records("held-out", text, known, spans)
    by_span = mention_spans(text, spans)
    rows = []
    for entity in entities:
        if only is not None and entity["label"] not in only:
            continue
        span = by_span.get((entity["start"], entity["end"]))
        source = "model" if span else "gazetteer" if known.get(entity["text"], ("",))[0] == entity["label"] else "rule"
        rows.append(Row(source, entity["label"], right(entity), span, entity["text"], group))
    return rows


def fit(rows: list[Row], seen: dict[str, set[str]], model: str = "") -> Calibration:
    """The calibration that ``rows`` measure."""
    import numpy as np

    learnt = [r for r in rows if r.source == "model" and r.group < CORPUS_GROUPS]
    x = np.array([features(r.span, r.surface, r.label, seen) for r in learnt], dtype=float)
    y = np.array([r.right for r in learnt], dtype=float)
    weights = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ weights))
        gradient = x.T @ (p - y) + L2 * weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + L2 * np.eye(len(weights))
        weights -= np.linalg.solve(hessian, gradient)
    rules = {label: _smoothed(c) for label, c in _counts(r for r in rows if r.source == "rule").items()}
    rules["default"] = _smoothed(sum(_counts(r for r in rows if r.source == "rule").values(), Counter()))
    gazetteer_counts = sum(_counts(r for r in rows if r.source == "gazetteer").values(), Counter())
    if gazetteer_counts:
        rules["gazetteer"] = _smoothed(gazetteer_counts)
    quotes = {kind: _smoothed(c) for kind, c in _counts(r for r in rows if r.source == "quote").items()}
    return Calibration(model, tuple(round(float(w), 6) for w in weights), seen, rules, quotes)


def _counts(rows) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row.label, Counter())[row.right] += 1
    return counts


def _smoothed(count: Counter) -> float:
    return round((count[True] + 1) / (count[True] + count[False] + 2), 3)


def score(row: Row, calibration: Calibration) -> float:
    """The score ``calibration`` gives the region of ``row``."""
    if row.source == "quote":
        return calibration.quote_score(row.label)
    if row.source == "model":
        return calibration.model_score(row.span, row.surface, row.label)
    return calibration.rule_score(row.label, row.source == "gazetteer")


def cross_fitted(rows: list[Row], seen: dict[str, set[str]], folds: int = 2) -> list[float]:
    """Each NERGrit row's score by a calibration fitted without its fold (corpus rows are always fitted on)."""
    scores = [0.0] * len(rows)
    for fold in range(folds):
        held = [i for i, r in enumerate(rows) if r.group < CORPUS_GROUPS and r.group % folds == fold]
        kept = set(held)
        calibration = fit([r for i, r in enumerate(rows) if i not in kept], seen)
        for i in held:
            scores[i] = score(rows[i], calibration)
    return scores


def reliability(rows: list[Row], scores: list[float]) -> list[dict]:
    """Count, share and precision of the mentions in each score band, best band first."""
    mentions = [(s, r.right) for r, s in zip(rows, scores) if r.source != "quote"]
    table = []
    for index, low in enumerate(BANDS):
        high = BANDS[index - 1] if index else 1.01
        band = [right for s, right in mentions if low <= s < high]
        table.append({"low": low, "high": min(high, 1.0), "count": len(band),
                      "share": round(len(band) / max(1, len(mentions)), 3),
                      "precision": round(sum(band) / len(band), 3) if band else None})
    return table


def calibrate(root: Path, views: list = (), model_dir: Path = entity_model.MODEL_DIR) -> Calibration:
    """Fit the shipped model's calibration on NERGrit valid and the gold ``views``; write it beside the model."""
    rows = nergrit_rows(root) + corpus_rows(list(views))
    made = fit(rows, seen_surfaces(root), entity_model.version())
    text = json.dumps(made.to_json(), ensure_ascii=False, indent=0) + "\n"
    (model_dir / confidence.CALIBRATION_FILE).write_text(text, encoding="utf-8")
    confidence._calibration.cache_clear()
    return made
