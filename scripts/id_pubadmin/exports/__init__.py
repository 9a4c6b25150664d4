"""Exports of the corpus in the formats other tools read: CoNLL-U, CoNLL-2003 IOB, spaCy and brat.

Every format is derived from the corpus rows' offsets (see :mod:`.view`); a module per format, each
with ``piece(view)``, one document in that format as bytes (a pure function, so the build makes
pieces in its worker processes along with the document's rows and caches them), and
``writer(folder)``, a writer that takes the pieces one document at a time (``add(split, piece)``),
appends them to its files and ``finish()``es them, so no export holds the corpus in memory. The
build feeds every document to all of them under ``exports/`` of the corpus; ``id-pubadmin export
FORMAT`` feeds one the documents of a built corpus, read in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Protocol

from ..segment.document_view import DocumentView

EXPORTS_FOLDER = "exports"
FORMATS: dict[str, str] = {  # format name -> module, imported when used (spaCy is slow to import)
    "conllu": "conllu",
    "conll2003": "conll2003",
    "spacy": "spacy_docbin",
    "brat": "brat",
}
FILES_CACHED = {"spacy"}  # formats whose files are made whole from the pieces, and so kept in the build's cache


class Writer(Protocol):
    def add(self, split: str, piece: bytes) -> list[Path]: ...  # the paths finished by adding the piece

    def finish(self) -> list[Path]: ...  # the paths finished at the end


def _module(name: str) -> ModuleType:
    if name not in FORMATS:
        raise KeyError(f"no export format {name!r}; known: {', '.join(FORMATS)}")
    return import_module(f".{FORMATS[name]}", __name__)


def writer(name: str, folder: Path, cache_folder: Path | None = None) -> Writer:
    """A writer of format ``name`` into ``folder``; formats in :data:`FILES_CACHED` keep their files in
    ``cache_folder`` (if given) by the pieces they are made of."""
    options = {"cache_folder": cache_folder} if name in FILES_CACHED else {}
    made: Writer = _module(name).writer(folder, **options)
    return made


def pieces(view: DocumentView) -> dict[str, bytes]:
    """One document in every format: format name -> its piece."""
    return {name: _module(name).piece(view) for name in FORMATS}


def load_libraries() -> None:
    """Import what making pieces needs, once: worker processes forked afterwards share it, not import it again."""
    for name in FORMATS:
        getattr(_module(name), "load_library", lambda: None)()


def export(name: str, views: Iterable[DocumentView], folder: Path) -> Iterator[Path]:
    """Write format ``name`` of the documents into ``folder/<name>/``; yields the paths as they are written.

    Where a document is refused, the partial files this export began are removed; finished ones stay."""
    target = folder / name
    before = set(target.glob(".*.partial"))
    piece, written = _module(name).piece, writer(name, target)
    try:
        for view in views:
            yield from written.add(view.split, piece(view))
        yield from written.finish()
    except BaseException:
        for partial in set(target.glob(".*.partial")) - before:
            partial.unlink(missing_ok=True)
        raise


class AllFormats:
    """Every format into ``folder/<format>/``, fed the pieces of one document at a time."""

    def __init__(self, folder: Path, cache_folder: Path | None = None) -> None:
        self.writers = {name: writer(name, folder / name, cache_folder) for name in FORMATS}

    def add(self, split: str, pieces: dict[str, bytes]) -> None:
        for name, each in self.writers.items():
            each.add(split, pieces[name])

    def finish(self) -> None:
        for each in self.writers.values():
            each.finish()
