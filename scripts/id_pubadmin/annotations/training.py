"""Training the entity model that ships in the package, from data the repository holds.

``annotations/training/ner.cfg`` is a spaCy config (CPU, fixed seed, hash embeddings of the
word's norm, prefix, suffix and shape, no pretrained vectors); the model learns PERSON, ORG and
PLACE from NERGrit's train split only. NERGrit valid serves as spaCy's dev set for the training log,
but the model shipped is the last one, after a fixed number of epochs, not the best on valid, so
the valid score it reports is not picked by it. The pipeline is saved without the temporary paths
of its training files, so two trainings on one machine write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .nergrit import Sentence, read_sentences

CONFIG = Path("annotations/training/ner.cfg")
NERGRIT = Path("annotations/training/nergrit")
MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_NAME = "id_pubadmin_ner"


def swapped(sentences: list[Sentence], copies: int, seed: int = 0) -> list[Sentence]:
    """``copies`` variants of each sentence with each entity replaced by a random mention of its label.

    Mention replacement (Dai and Adel, 2020): the model sees every context with other names in it,
    so it learns the label from the context more than from the name. Seeded, hence deterministic.
    """
    rng = random.Random(seed)
    mentions: dict[str, list[tuple[str, ...]]] = {}
    for sentence in sentences:
        for tokens, label in _pieces(sentence):
            if label:
                mentions.setdefault(label, []).append(tokens)
    variants = []
    for _ in range(copies):
        for sentence in sentences:
            words: list[str] = []
            entities = []
            for tokens, label in _pieces(sentence):
                chosen = rng.choice(mentions[label]) if label else tokens
                start = len(" ".join(words)) + (1 if words else 0)
                words += chosen
                if label:
                    entities.append((start, len(" ".join(words)), label))
            variants.append(Sentence(" ".join(words), tuple(words), tuple(entities)))
    return variants


def _pieces(sentence: Sentence) -> list[tuple[tuple[str, ...], str]]:
    """The sentence as runs of tokens: each entity one run with its label, each other token a run of its own."""
    starts, position = [], 0
    for word in sentence.words:
        starts.append(position)
        position += len(word) + 1
    pieces, index = [], 0
    for start, end, label in sorted(sentence.entities):
        while starts[index] < start:
            pieces.append(((sentence.words[index],), ""))
            index += 1
        last = index
        while last < len(starts) and starts[last] < end:
            last += 1
        pieces.append((sentence.words[index:last], label))
        index = last
    pieces += [((word,), "") for word in sentence.words[index:]]
    return pieces


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

    nlp = spacy.load(trained)
    config = nlp.config.copy()
    config["paths"]["train"] = config["paths"]["dev"] = None
    nlp.config = config
    nlp.meta.update({"name": MODEL_NAME.removeprefix("id_"), "version": "1.0.0", "performance": {},
                     "sources": [{"name": "NERGrit (IndoNLU train split)", "url": "https://github.com/IndoNLP/indonlu",
                                  "license": "Apache-2.0 (IndoNLU repository licence file)"}]})
    for key in ("spacy_git_version", "speed"):
        nlp.meta.pop(key, None)
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    log(f"saved the entity model to {output}")
    return json.loads((output / "meta.json").read_text(encoding="utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m id_pubadmin.annotations.training", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the pipeline (default: the package's)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    train(arguments.root, arguments.out)
    print(f"trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
