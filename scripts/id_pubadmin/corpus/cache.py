"""Per-document build results in the build's cache (see :mod:`id_pubadmin.core.cache`).

A document's rows and export pieces are a pure function of its seed bytes, its metadata bytes, its
annotation records and the code, so an unchanged rebuild reads every document from the cache and a
new seed costs one document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.cache import content_key, store
from .document import Item, build_document


def cache_key(item: Item, input_sha256: list[str]) -> str:
    """The key of an item: the code version, the sha256 of its input files, its annotations."""
    return content_key(*input_sha256, item["annotations"], str(item["annotated"]))


def build_and_store(task: tuple[Item, str, str | None]) -> dict[str, Any]:
    """Run :func:`build_document` on an item and cache its result under ``key`` in ``folder`` (if given)."""
    item, key, folder = task
    result = build_document(item)
    if folder is not None and result["problems"] == "[]":  # a broken document is rebuilt to report them again
        store(Path(folder), key, result)
    return result
