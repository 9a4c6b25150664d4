"""Text exports written document by document: one file per split, appended to as documents come.

A document's piece is its lines as UTF-8 text; an empty piece (a document the format leaves out)
adds nothing. Each file is written under a hidden temporary name and renamed when the export
finishes, so a reader never sees half a file, and only the open files are held, never the corpus.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from ..core import labels
from ..core.outputs import open_for_writing, refuse_non_regular


def document_text(lines: list[str]) -> bytes:
    """A document's lines as a piece: UTF-8 text, each line ending in a line break."""
    return ("\n".join(lines) + "\n").encode("utf-8")


class SplitTexts:
    """``<split><suffix>`` in ``folder`` per split, holding the pieces of its documents in order."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder, self.suffix = folder, suffix
        self._streams: dict[str, BinaryIO] = {}

    def _partial(self, split: str) -> Path:
        return self.folder / f".{split}{self.suffix}.partial"

    def add(self, split: str, piece: bytes) -> list[Path]:
        """Append one document's piece to its split's file; nothing is finished yet, so no path is returned."""
        if piece:
            if split not in self._streams:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._streams[split] = open_for_writing(self._partial(split))  # closed in finish
            self._streams[split].write(piece)
        return []

    def finish(self) -> list[Path]:
        """Close the files and give them their names; returns them in the splits' order."""
        paths = []
        for split in (split for split in labels.SPLITS if split in self._streams):
            self._streams.pop(split).close()
            path = self.folder / f"{split}{self.suffix}"
            refuse_non_regular(path)
            os.replace(self._partial(split), path)
            paths.append(path)
        return paths
