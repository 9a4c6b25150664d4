"""Does annotating what the model does not know teach it more than annotating at random?

For each seed: a small base model is trained on BASE random sentences of NERGrit train; the rest
of train is the pool. For each budget, the budget's sentences are picked from the pool by the
project's ranking (:func:`..predictor.picking.rank`: the base model's uncertainty times the
novelty of each sentence's names, near-duplicates apart) or at random (by the seed), a model is
trained from scratch on base + picked, and its exact-span F1 (PERSON / ORG / PLACE, the model
alone) is measured on NERGrit valid; with ``--dev``, on :data:`DEV` sentences held out of train
(and out of base and pool), so that ranking settings are compared without looking at valid.

A sentence's uncertainty is :func:`..predictor.confidence.uncertainty` of the base model's spans
(their beam marginals, as scores: the base model has no calibration), its doubt and its capitalised
words outside every predicted span.

Training settings are small so that the whole run takes minutes on a shared CPU
(:data:`SETTINGS`): the shipped config with a 64-wide, 2-deep tok2vec, a 64-wide NER hidden
layer, batches of 100 to 500 words, :data:`EPOCHS` epochs, no evaluation during training; the
name-list component is taken from the shipped model, frozen. Absolute F1 is therefore below the
shipped model's; the comparison is what counts.
"""

from __future__ import annotations

import contextlib
import io
import random
import statistics
import tempfile
from pathlib import Path

from ..core.progress import progress_bar
from ..predictor import confidence, entity_model, lexicon
from ..predictor.nergrit import Sentence, read_sentences
from ..predictor.picking import Candidate, rank
from ..predictor.training import CONFIG, NERGRIT, docbin

PROJECT = Path(__file__).resolve().parents[3]
BASE = 100
DEV = 400  # sentences of NERGrit train held out to score on with ``dev=True``
BUDGETS = (100, 200, 400)
SEEDS = (1, 2, 3)
EPOCHS = 12
SETTINGS = {"components.tok2vec.model.encode.width": 64, "components.tok2vec.model.encode.depth": 2,
            "components.ner.model.hidden_width": 64, "training.max_epochs": EPOCHS,
            "training.eval_frequency": 1_000_000, "training.batcher.size.start": 100,
            "training.batcher.size.stop": 500}


def train_small(sentences: list[Sentence], dev: list[Sentence], folder: Path) -> Path:
    """A model trained on ``sentences`` with :data:`SETTINGS`, saved under ``folder``; its path."""
    from spacy.cli.train import train as spacy_train
    from thinc.api import Config

    lexicon.register()
    config = Config().from_disk(PROJECT / CONFIG, interpolate=False)
    config["components"]["lexicon"] = {"source": str(entity_model.MODEL_DIR)}
    config["training"]["frozen_components"] = ["lexicon"]
    folder.mkdir(parents=True, exist_ok=True)
    config.to_disk(folder / "config.cfg")
    docbin(sentences, folder / "train.spacy")
    docbin(dev, folder / "dev.spacy")
    with contextlib.redirect_stdout(io.StringIO()):
        spacy_train(folder / "config.cfg", folder / "out", overrides={
            "paths.train": str(folder / "train.spacy"), "paths.dev": str(folder / "dev.spacy"), **SETTINGS})
    return folder / "out" / "model-last"


def f1(model: Path, sentences: list[Sentence]) -> float:
    """Exact-span F1 (in points) of the model alone on ``sentences``."""
    right = found = gold = 0
    for sentence, (spans, _) in zip(sentences, confidence.model_outputs((s.text for s in sentences), model_dir=model)):
        predicted = {span[:3] for span in spans}
        right, found, gold = right + len(predicted & set(sentence.entities)), found + len(predicted), gold + len(sentence.entities)
    return round(200 * right / (found + gold), 2) if found + gold else 0.0


def uncertain(model: Path, pool: list[Sentence], budget: int) -> list[Sentence]:
    """The ``budget`` pool sentences the project's ranking picks under ``model``."""
    outputs = confidence.model_outputs((s.text for s in pool), model_dir=model)
    candidates = [Candidate(str(i), confidence.uncertainty([span.marginal for span in spans], doubt, 1,
                                                           confidence.unnamed_capitals(sentence.text, [s[:2] for s in spans])))
                  for i, (sentence, (spans, doubt)) in enumerate(zip(pool, outputs))]
    picked = rank(candidates, budget, lambda keys: {key: pool[int(key)].text for key in keys})
    return [pool[int(c.key)] for c in picked]


def run(root: Path, seeds: tuple[int, ...] = SEEDS, budgets: tuple[int, ...] = BUDGETS, dev: bool = False) -> dict:
    """F1 on NERGrit valid (``dev``: on :data:`DEV` sentences held out of train) after each budget of picked
    sentences, by strategy and seed."""
    train = read_sentences(root / NERGRIT / "train.txt")
    valid = read_sentences(root / NERGRIT / "valid.txt")
    if dev:
        random.Random(0).shuffle(train)
        valid, train = train[:DEV], train[DEV:]
    figures: dict[str, dict[int, list[float]]] = {"random": {}, "uncertainty": {}, "base": {}}
    steps = [(seed, strategy, budget) for seed in seeds for strategy in ("uncertainty", "random") for budget in budgets]
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-picking-") as work:
        models: dict[int, tuple[Path, list[Sentence], list[Sentence]]] = {}
        for seed, strategy, budget in progress_bar(steps, len(steps), "training", unit="model"):
            if seed not in models:
                order = list(train)
                random.Random(seed).shuffle(order)
                base_model = train_small(order[:BASE], valid, Path(work) / f"base-{seed}")
                models[seed] = (base_model, order[:BASE], order[BASE:])
                figures["base"].setdefault(0, []).append(f1(base_model, valid))
            base_model, base, pool = models[seed]
            picked = (uncertain(base_model, pool, budget) if strategy == "uncertainty"
                      else random.Random(seed * 1000 + budget).sample(pool, budget))
            model = train_small(base + picked, valid, Path(work) / f"{strategy}-{seed}-{budget}")
            figures[strategy].setdefault(budget, []).append(f1(model, valid))
    scored_on = f"{DEV} sentences held out of NERGrit train" if dev else "NERGrit valid"
    return {"seeds": list(seeds), "base": BASE, "figures": figures, "scored_on": scored_on}


def markdown(result: dict) -> str:
    figures = result["figures"]
    base = statistics.mean(figures["base"][0])
    lines = [f"Exact-span F1 on {result['scored_on']} (PERSON/ORG/PLACE, model alone), mean of seeds {result['seeds']}; "
             f"base model: {result['base']} random sentences of NERGrit train, F1 {base:.2f}.", "",
             "| sentences added | random | uncertainty | gain |", "| ---: | ---: | ---: | ---: |"]
    for budget in sorted(figures["random"]):
        chance, picked = statistics.mean(figures["random"][budget]), statistics.mean(figures["uncertainty"][budget])
        lines.append(f"| {budget} | {chance:.2f}{_spread(figures['random'][budget])} | "
                     f"{picked:.2f}{_spread(figures['uncertainty'][budget])} | {picked - chance:+.2f} |")
    lines += ["", f"Training settings (small, for a shared CPU): {', '.join(f'{k}={v}' for k, v in SETTINGS.items())}."]
    return "\n".join(lines)



def _spread(values: list[float]) -> str:
    return f" (±{statistics.pstdev(values):.1f})"
