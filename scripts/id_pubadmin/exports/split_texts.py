"""Text exports written document by document: one file per split, appended to as documents come.

Each file is written under a hidden temporary name and renamed when the export finishes, so a
reader never sees half a file, and only the open files are held, never the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..core import labels
from .view import DocumentView

Lines = Callable[[DocumentView], list[str]]


def document_text(lines: Lines, view: DocumentView) -> str:
    """A document's lines as text, each ending in a line break."""
    return "\n".join(lines(view)) + "\n"


class SplitTexts:
    """``<split><suffix>`` in ``folder`` per split, holding ``lines(view)`` of every document ``keep`` accepts."""

    def __init__(self, folder: Path, suffix: str, lines: Lines,
                 keep: Callable[[DocumentView], bool] = lambda _view: True) -> None:
        self.folder, self.suffix, self.lines, self.keep = folder, suffix, lines, keep
        self._streams: dict[str, TextIO] = {}

    def _partial(self, split: str) -> Path:
        return self.folder / f".{split}{self.suffix}.partial"

    def add(self, view: DocumentView) -> list[Path]:
        """Append one document to its split's file; nothing is finished yet, so no path is returned."""
        if self.keep(view):
            if view.split not in self._streams:
                self.folder.mkdir(parents=True, exist_ok=True)
                partial = self._partial(view.split)
                self._streams[view.split] = partial.open("w", encoding="utf-8", newline="\n")  # closed in finish
            self._streams[view.split].write(document_text(self.lines, view))
        return []

    def finish(self) -> list[Path]:
        """Close the files and give them their names; returns them in the splits' order."""
        paths = []
        for split in (split for split in labels.SPLITS if split in self._streams):
            self._streams.pop(split).close()
            path = self.folder / f"{split}{self.suffix}"
            os.replace(self._partial(split), path)
            paths.append(path)
        return paths
