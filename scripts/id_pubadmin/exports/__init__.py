"""Exports of the corpus in the formats other tools read: CoNLL-U, CoNLL-2003 IOB, spaCy and brat.

Every format is derived from the corpus rows' offsets (see :mod:`.view`); a module per format,
each with ``write(views, folder) -> paths``. The build writes all of them under ``exports/`` of the
corpus; ``id-pubadmin export FORMAT`` writes one from a built corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ..core.fields import Rows
from .view import DocumentView, document_views

EXPORTS_FOLDER = "exports"
FORMATS: dict[str, str] = {  # format name -> module, imported when used (spaCy is slow to import)
    "conllu": "conllu",
    "conll2003": "conll2003",
    "spacy": "spacy_docbin",
    "brat": "brat",
}


def writer(name: str) -> Callable[[list[DocumentView], Path], list[Path]]:
    """The ``write`` function of a format."""
    if name not in FORMATS:
        raise KeyError(f"no export format {name!r}; known: {', '.join(FORMATS)}")
    write: Callable[[list[DocumentView], Path], list[Path]] = import_module(f".{FORMATS[name]}", __name__).write
    return write


def export(name: str, rows: Rows, folder: Path) -> list[Path]:
    """Write format ``name`` of the corpus rows into ``folder/<name>/``; returns the paths written."""
    return writer(name)(document_views(rows), folder / name)


def export_all(rows: Rows, folder: Path) -> list[Path]:
    """Every format into ``folder/<format>/``, in the order of :data:`FORMATS`."""
    return [path for name in FORMATS for path in export(name, rows, folder)]
