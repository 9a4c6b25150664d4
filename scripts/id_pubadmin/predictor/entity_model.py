"""The trained entity model that ships in the package: PERSON, ORG and PLACE spans of running text.

Its first component (:mod:`.lexicon`) marks words found on name lists, which the model reads as a feature.

It is loaded once per process, on first use (spaCy is a heavy import). ``annotations/training/``
holds how it was made; :mod:`.training` makes it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import tee
from pathlib import Path
from typing import Any

from . import lexicon

MODEL_DIR = Path(__file__).resolve().parent / "model"
BATCH_SIZE = 64
PIECE_CHARS = 20_000  # a longer text is read in pieces: spaCy refuses over 1,000,000, and the rules slow down

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


def spans(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[list[Span]]:
    """For each text, its entity spans ``(start, end, label)`` in code points, in text order; a text longer
    than :data:`PIECE_CHARS` is read in :func:`pieces` and its spans shifted back, so offsets stay exact."""
    cut, regrouped = tee((text, pieces(text)) for text in texts)
    docs = load().pipe((text[start:end] for text, parts in cut for start, end in parts), batch_size=batch_size)
    for _, parts in regrouped:
        found: list[Span] = []
        for start, _ in parts:
            found += [(start + e.start_char, start + e.end_char, e.label_) for e in next(docs).ents]
        yield found
