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


def spans(texts: Iterable[str], batch_size: int = BATCH_SIZE,
          model_dir: Path | str | None = None) -> Iterator[list[Span]]:
    """For each text, its entity spans ``(start, end, label)`` in code points, in text order."""
    for doc in load(model_dir).pipe(texts, batch_size=batch_size):
        yield [(entity.start_char, entity.end_char, entity.label_) for entity in doc.ents]
