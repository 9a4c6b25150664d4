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


@lru_cache(maxsize=1)
def load() -> Any:
    """The shipped spaCy pipeline (tokenizer, name-list features, tok2vec, ner)."""
    import spacy

    lexicon.register()
    return spacy.load(MODEL_DIR)


def version() -> str:
    """The shipped model's name and version, as its meta records them."""
    meta = load().meta
    return f"{meta['name']}-{meta['version']}"


def spans(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[list[Span]]:
    """For each text, its entity spans ``(start, end, label)`` in code points, in text order."""
    for doc in load().pipe(texts, batch_size=batch_size):
        yield [(entity.start_char, entity.end_char, entity.label_) for entity in doc.ents]
