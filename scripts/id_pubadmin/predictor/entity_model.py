"""The trained entity model that ships in the package: PERSON, ORG and PLACE spans of running text.

Its first component (:mod:`.lexicon`) marks words found on name lists, which the model reads as a feature.

It is loaded once per process, on first use (spaCy is a heavy import). ``annotations/training/``
holds how it was made; :mod:`.training` makes it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import lexicon

MODEL_DIR = Path(__file__).resolve().parent / "model"
BATCH_SIZE = 64

Span = tuple[int, int, str]


@lru_cache(maxsize=2)
def load(model_dir: Path = MODEL_DIR) -> Any:
    """The spaCy pipeline of ``model_dir`` (tokenizer, name-list features, tok2vec, ner), the shipped one by default."""
    import spacy

    lexicon.register()
    return spacy.load(model_dir)


def version(model_dir: Path = MODEL_DIR) -> str:
    """A model's name and version, as its meta records them."""
    meta = load(model_dir).meta
    return f"{meta['name']}-{meta['version']}"


def spans(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[list[Span]]:
    """For each text, its entity spans ``(start, end, label)`` in code points, in text order."""
    for doc in load().pipe(texts, batch_size=batch_size):
        yield [(entity.start_char, entity.end_char, entity.label_) for entity in doc.ents]
