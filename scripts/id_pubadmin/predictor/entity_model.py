"""The trained entity model: PERSON, ORG and PLACE spans of running text, from the shipped model or any model folder.

Its tokenizer (:mod:`.tokenizer`) is spaCy's Indonesian one made cheap to load; its first component
(:mod:`.lexicon`) marks words found on name lists, which the model reads as a feature.

A model folder is a saved spaCy pipeline (``config.cfg``, ``meta.json``, one folder per component),
as ``id-pubadmin model train`` writes it; the package ships one in ``predictor/model/``. Each folder
is loaded once per process, on first use (spaCy is a heavy import); its name and version are read
from ``meta.json`` alone, without loading it. ``annotations/training/`` holds how the shipped one
was made; :mod:`.training` makes it again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import lexicon, tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
BATCH_SIZE = 64
PIECE_CHARS = 20_000  # a longer text is read in pieces: spaCy refuses over 1,000,000, and the rules slow down
BATCH_CHARS = 200_000  # characters the model reads at once at most (its memory grows with them)

Span = tuple[int, int, str]


def folder(model_dir: Path | str | None = None) -> Path:
    """The model folder meant: ``model_dir`` made absolute, or the shipped model's."""
    return MODEL_DIR if model_dir is None else Path(model_dir).resolve()


def load(model_dir: Path | str | None = None) -> Any:
    """The spaCy pipeline saved in ``model_dir`` (default: the shipped one), loaded once per process."""
    return _load(folder(model_dir))


@lru_cache(maxsize=4)
def _load(path: Path) -> Any:
    import spacy

    lexicon.register()
    tokenizer.register()
    return spacy.load(path)


@lru_cache(maxsize=4)
def meta(model_dir: Path | str | None = None) -> dict[str, Any]:
    """The ``meta.json`` of a model folder, read without loading the pipeline."""
    return json.loads((folder(model_dir) / "meta.json").read_text(encoding="utf-8"))


def version(model_dir: Path | str | None = None) -> str:
    """A model's name and version as its meta records them, e.g. ``pubadmin_ner-2.0.0``."""
    found = meta(model_dir)
    return f"{found['name']}-{found['version']}"


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces covering ``text``, each at most ``limit`` code points, cut at
    sentence ends (:func:`..segment.sentences.split_sentences`); a longer sentence is cut at its last
    whitespace before the limit, or at the limit where it has none."""
    if len(text) <= limit:
        return [(0, len(text))]
    from ..segment.sentences import split_sentences

    ends = [end for _, end in split_sentences(text)]
    cuts, start, next_end = [], 0, 0
    while len(text) - start > limit:
        while next_end < len(ends) and ends[next_end] <= start + limit:
            next_end += 1
        cut = ends[next_end - 1] if next_end and ends[next_end - 1] > start else None
        if cut is None:  # one sentence longer than the limit
            space = max(text.rfind(" ", start + 1, start + limit), text.rfind("\n", start + 1, start + limit))
            cut = space if space > start else start + limit
        cuts.append((start, cut))
        start = cut
    return [*cuts, (start, len(text))]


def spans(texts: Iterable[str], batch_size: int = BATCH_SIZE,
          model_dir: Path | str | None = None) -> Iterator[list[Span]]:
    """For each text, its entity spans ``(start, end, label)`` in code points, in text order.

    A text longer than :data:`PIECE_CHARS` is read in :func:`pieces` and its spans shifted back, so
    offsets stay exact; the model (of ``model_dir``, default: the shipped one) runs on batches of at most
    ``batch_size`` pieces and :data:`BATCH_CHARS` characters, so its memory is bounded whatever the texts'
    lengths."""
    nlp = load(model_dir)
    found: list[Span] = []  # spans of the text whose pieces are being read
    batch: list[tuple[bool, int, str]] = []  # (last piece of its text, where it starts, the piece)

    def run() -> Iterator[list[Span]]:
        for (last, start, _), doc in zip(batch, nlp.pipe([piece for *_, piece in batch], batch_size=len(batch))):
            found.extend((start + e.start_char, start + e.end_char, e.label_) for e in doc.ents)
            if last:
                yield list(found)
                found.clear()
        batch.clear()

    characters = 0
    for text in texts:
        parts = pieces(text)
        for index, (start, end) in enumerate(parts):
            batch.append((index == len(parts) - 1, start, text[start:end]))
            characters += end - start
            if len(batch) >= batch_size or characters >= BATCH_CHARS:
                yield from run()
                characters = 0
    yield from run()
