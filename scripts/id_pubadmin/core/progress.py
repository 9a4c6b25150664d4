"""Progress bars for long work: counts and rate on a terminal, nothing otherwise.

``tqdm`` is the bar the Hugging Face libraries use; it is imported only when a bar is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_bar(items: Iterable[T], total: int | None, desc: str, unit: str = "it", enabled: bool = True) -> Iterator[T]:
    """``items`` unchanged, with a bar on standard error while they are consumed when ``enabled``."""
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, total=total, desc=desc, unit=unit, dynamic_ncols=True, smoothing=0.1) as bar:
        yield from bar
