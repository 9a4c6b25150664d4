"""Where a project's inputs and outputs are: every path the pipeline reads or writes is named here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .release import history


@dataclass(frozen=True)
class Layout:
    """Where a project's inputs and outputs are."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def exports(self) -> Path:
        return self.root / "annotations" / "exports"

    @property
    def card(self) -> Path:
        return self.root / "DATASET_CARD.md"

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def cache(self) -> Path:
        """Per-document build results, keyed by their inputs (see :mod:`id_pubadmin.corpus.cache`)."""
        return self.root / ".cache" / "documents"

    @property
    def releases(self) -> Path:
        return self.corpus / history.RELEASES_NAME
