"""How far a predicted region's ``score`` can be trusted: a reliability table on NERGrit valid, and its cost.

NERGrit valid's mentions are scored by a calibration fitted without them: the sentences are split
in two halves by position, each half scored by the calibration fitted on the other half (and on
the corpus gold, when given). The table counts the mentions of the combined predictor with a
NERGrit label (PERSON, ORG, GPE/LOC/FAC as PLACE) in each score band, their share of all such
mentions and how many of them are right (exact span and label). The cost is the combined
predictor's speed with the beam that gives the marginals against the greedy parse alone, on one
core, in sentences per CPU-second.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..predictor import calibration, confidence, entity_model
from ..predictor.nergrit import read_sentences
from ..predictor.predict import records


def gold_views(corpus: Path | None) -> list:
    """The gold documents of a built corpus (none without one)."""
    from ..corpus.read import corpus_views

    return list(corpus_views(corpus)) if corpus else []


def reliability(root: Path, corpus: Path | None = None) -> dict:
    """The cross-fitted reliability table, and the shipped calibration's rule and quote scores."""
    rows = calibration.nergrit_rows(root)
    extra = calibration.corpus_rows(gold_views(corpus))
    seen = calibration.seen_surfaces(root)
    scores = calibration.cross_fitted(rows + extra, seen)[:len(rows)]
    return {"mentions": len(rows), "bands": calibration.reliability(rows, scores),
            "shipped": confidence.calibration()}


def cost(root: Path, repeats: int = 3) -> dict:
    """Sentences per CPU-second of the combined predictor, greedy spans alone vs with beam marginals."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = [s.text for s in read_sentences(root / calibration.NERGRIT / "valid.txt")]

    def greedy() -> None:
        for text, spans in zip(texts, entity_model.spans(texts)):
            records("bench", text, {}, spans)

    def scored() -> None:
        for text, (spans, _) in zip(texts, confidence.model_outputs(texts)):
            records("bench", text, {}, spans)

    scored()  # loads the model
    figures = {}
    for name, run in (("greedy spans, no marginals", greedy), (f"with beam marginals (width {confidence.BEAM_WIDTH})", scored)):
        best = min(_cpu(run) for _ in range(repeats))
        figures[name] = round(len(texts) / best)
    return {"sentences": len(texts), "speeds": figures}


def _cpu(run) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def markdown(table: dict, speeds: dict | None = None) -> str:
    lines = [f"Reliability of `score` on NERGrit valid ({table['mentions']} predicted PERSON/ORG/place mentions, "
             "cross-fitted: each half scored by a calibration fitted on the other):", "",
             "| score band | mentions | share | precision |", "| --- | ---: | ---: | ---: |"]
    for band in table["bands"]:
        high = "1.0" if band["high"] >= 1.0 else f"{band['high']:.1f}"
        precision = "–" if band["precision"] is None else f"{100 * band['precision']:.1f} %"
        lines.append(f"| {band['low']:.1f}–{high} | {band['count']} | {100 * band['share']:.1f} % | {precision} |")
    shipped = table["shipped"]
    lines += ["", "Fixed scores of the shipped calibration (measured precision, smoothed): rules "
              + ", ".join(f"{k} {v:.3f}" for k, v in shipped.rules.items())
              + "; quotes " + ", ".join(f"{k} {v:.3f}" for k, v in shipped.quotes.items()) + "."]
    if speeds:
        lines += ["", f"Cost on one core ({speeds['sentences']} sentences, best of 3): "
                  + "; ".join(f"{name}: {value:,} sentences per CPU-second" for name, value in speeds["speeds"].items())
                  + "."]
    return "\n".join(lines)
