"""Corpus rows in readable form, and locating a problem in them by file, row and ids.

Shared by the row checks of every level (:mod:`id_pubadmin.corpus.checks`,
:mod:`id_pubadmin.corpus.rules`) and by the validator's provenance checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..core import labels
from ..core.errors import ErrorId, Problem
from ..core.fields import Row, Rows

Locate = Callable[[str, str, int], str]  # (config, split, row index) -> file name
Check = Callable[[Rows, Locate], list[Problem]]  # one level's checks of rows


def iter_rows(rows: Rows, config: str) -> Iterator[tuple[str, int, Row]]:
    """(split, row index, row) of a config, splits in their fixed order."""
    for split in labels.SPLITS:
        for index, row in enumerate(rows.get(config, {}).get(split, [])):
            yield split, index, row


_ROW_IDS = (("document_id", "document"), ("sentence_index", "sentence"), ("mention_id", "mention"),
            ("quote_id", "quote"))


def where(index: int, row: Row, detail: str = "") -> str:
    """Location of a row: its index and ids, then ``detail`` (a part of the row, a character)."""
    parts = [f"row {index}"] + [f"{name} {row[key]}" for key, name in _ROW_IDS if row.get(key) is not None]
    return ", ".join(parts + ([detail] if detail else []))


class Reporter:
    """Collects problems, locating each by its config, split and row."""

    def __init__(self, locate: Locate):
        self.locate = locate
        self.problems: list[Problem] = []

    def add(self, error: ErrorId, config: str, split: str, index: int, row: Row, reason: str, detail: str = "") -> None:
        self.problems.append(error.at(self.locate(config, split, index), where(index, row, detail), reason))


def one_line(message: object, limit: int = 200) -> str:
    """A message from elsewhere (a library, a schema) as one line of a problem report."""
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def documents_by_id(rows: Rows) -> dict[str, Row]:
    return {row["document_id"]: row for _, _, row in iter_rows(rows, "documents")}
