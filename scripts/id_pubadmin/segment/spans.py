"""Spans with their surrounding whitespace trimmed: the one rule every view of the text shares."""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[int, int]


def strip_span(text: str, start: int, end: int) -> Span:
    """Shrink ``(start, end)`` so it excludes surrounding whitespace; empty (start == end) when blank."""
    piece = text[start:end]
    left = piece.lstrip()
    start += len(piece) - len(left)
    return start, start + len(left.rstrip())


def spans_between(text: str, cuts: Iterable[int]) -> list[Span]:
    """The non-blank, whitespace-trimmed pieces of ``text`` between consecutive ``cuts`` (ascending)."""
    spans: list[Span] = []
    previous = 0
    for cut in cuts:
        start, end = strip_span(text, previous, cut)
        if start < end:
            spans.append((start, end))
        previous = cut
    return spans
