"""Exports of the corpus in the formats other tools read: CoNLL-U, CoNLL-2003 IOB, spaCy and brat.

Every format is derived from the corpus rows' offsets (see :mod:`.view`); a module per format,
each with ``writer(folder)``, a writer that takes documents one at a time (``add(view)``) and
appends them to its files, then ``finish()``es them, so no export holds the corpus in memory. The
build feeds every document to all of them as it is derived, under ``exports/`` of the corpus;
``id-pubadmin export FORMAT`` feeds one the documents of a built corpus, read in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Protocol

from .view import DocumentView

EXPORTS_FOLDER = "exports"
FORMATS: dict[str, str] = {  # format name -> module, imported when used (spaCy is slow to import)
    "conllu": "conllu",
    "conll2003": "conll2003",
    "spacy": "spacy_docbin",
    "brat": "brat",
}


class Writer(Protocol):
    def add(self, view: DocumentView) -> list[Path]: ...  # the paths finished by adding the document

    def finish(self) -> list[Path]: ...  # the paths finished at the end


def writer(name: str, folder: Path) -> Writer:
    """A writer of format ``name`` into ``folder``."""
    if name not in FORMATS:
        raise KeyError(f"no export format {name!r}; known: {', '.join(FORMATS)}")
    made: Writer = import_module(f".{FORMATS[name]}", __name__).writer(folder)
    return made


def export(name: str, views: Iterable[DocumentView], folder: Path) -> Iterator[Path]:
    """Write format ``name`` of the documents into ``folder/<name>/``; yields the paths as they are written."""
    written = writer(name, folder / name)
    for view in views:
        yield from written.add(view)
    yield from written.finish()


class AllFormats:
    """Every format into ``folder/<format>/``, fed one document at a time."""

    def __init__(self, folder: Path) -> None:
        self.writers = [writer(name, folder / name) for name in FORMATS]

    def add(self, view: DocumentView) -> None:
        for each in self.writers:
            each.add(view)

    def finish(self) -> None:
        for each in self.writers:
            each.finish()
