"""What each annotated sentence buys: F1 on NERGrit valid after training with more and more added labelled sentences.

A team's annotation is simulated with NERGrit's own data, kept apart from valid: NERGrit train is
shuffled with a fixed seed and cut into a base part (what the model knows before the team
annotates) and an "added" part (what the team labels). The model is trained on the base plus the
first 0, 100, 500, 1,000 and all sentences of the added part, each time from scratch with the
shipped config and seed, and scored on NERGrit valid (exact spans, the model alone and with the
rules). The same sentences are added in the same order at every size.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from ..predictor.nergrit import read_sentences
from ..predictor.training import NERGRIT, Part, nergrit, train
from .predictions import score_nergrit

SIZES = (0, 100, 500, 1000, None)  # None: all of the added part
BASE_SENTENCES = 500


def split(root: Path, base_size: int = BASE_SENTENCES, seed: int = 0) -> tuple[Part, Part]:
    """NERGrit train shuffled with ``seed`` and cut into a base part of ``base_size`` sentences and the added rest."""
    whole = nergrit(root, "train")
    sentences = list(whole.sentences)
    random.Random(seed).shuffle(sentences)
    return (Part(f"NERGrit train, base part ({base_size} sentences)", whole.license, sentences[:base_size], whole.url),
            Part("NERGrit train, added part", whole.license, sentences[base_size:], whole.url))


def curve(root: Path, epochs: int | None = None, sizes: tuple[int | None, ...] = SIZES,
          log=lambda _: None) -> list[dict]:
    """One row per size: sentences added, F1 of the model alone and with the rules on NERGrit valid, CPU minutes."""
    base, added = split(root)
    valid = root / NERGRIT / "valid.txt"
    rows = []
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-learning-") as work:
        for size in sizes:
            taken = added.sentences[:size] if size is not None else added.sentences
            out = Path(work) / f"added-{len(taken)}"
            started = time.process_time()
            train(root, out, [Part(added.name, added.license, taken)], epochs=epochs, base=base, name="learning",
                  log=lambda _: None)
            minutes = (time.process_time() - started) / 60
            figures = score_nergrit(valid, out)
            rows.append({"added": len(taken), "trained_on": len(base.sentences) + len(taken),
                         "model_f1": figures["systems"]["model"]["entities"]["all"]["f1"],
                         "combined_f1": figures["systems"]["combined"]["entities"]["all"]["f1"],
                         "cpu_minutes": round(minutes, 1)})
            log(f"added {len(taken)}: F1 {rows[-1]['model_f1']} (model), {rows[-1]['combined_f1']} (with the rules)")
    return rows


def markdown(rows: list[dict], root: Path, epochs: int | None) -> str:
    """The curve as a Markdown table."""
    valid = len(read_sentences(root / NERGRIT / "valid.txt"))
    trained = "the shipped config's epochs" if epochs is None else f"{epochs} epoch(s) instead of the config's"
    lines = [f"Learning curve on NERGrit valid ({valid} sentences, never trained on); each model trained from "
             f"scratch, {trained}:",
             "", "| sentences added | trained on | F1 model | F1 model + rules | CPU minutes to train |",
             "| ---: | ---: | ---: | ---: | ---: |"]
    return "\n".join(lines + [f"| {r['added']:,} | {r['trained_on']:,} | {r['model_f1']:.2f} | {r['combined_f1']:.2f} | "
                              f"{r['cpu_minutes']} |" for r in rows])
