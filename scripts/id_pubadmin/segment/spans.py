"""Spans of a text: the one trimming rule every view of the text shares, and what makes a span sound.

A sound span of a text lies inside it, is not empty, is trimmed, and starts and ends where tokens
do; the checks of exports and of corpus rows both ask :func:`span_fault`, so that what follows
them (rows, BIO tags, token-based exports) can take every span as sound.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[int, int]

OUTSIDE = "outside"  # a fault kind: empty, reversed, or not inside the text
OFF_EDGE = "off-edge"  # a fault kind: inside the text, but not starting and ending on token edges


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


@dataclass(frozen=True)
class TokenEdges:
    """Where the tokens of a text start and where they end."""

    starts: frozenset[int]
    ends: frozenset[int]

    @classmethod
    def of(cls, tokens: Iterable[Span]) -> TokenEdges:
        spans = list(tokens)
        return cls(frozenset(start for start, _ in spans), frozenset(end for _, end in spans))


@dataclass(frozen=True)
class SpanFault:
    """Why a span is not sound: its kind (:data:`OUTSIDE` or :data:`OFF_EDGE`) and a reason in words."""

    kind: str
    reason: str


def span_fault(text: str, start: int, end: int, edges: TokenEdges | None = None) -> SpanFault | None:
    """What is wrong with ``(start, end)`` as a span of ``text``; None when it is sound.

    Sound: ``0 <= start < end <= len(text)``, no whitespace at either end (:func:`strip_span`
    leaves it as it is) and, when the text's token ``edges`` are given, starting where a token
    starts and ending where one ends (a token never starts or ends with whitespace).
    """
    if not 0 <= start < end <= len(text):
        return SpanFault(OUTSIDE, f"({start}, {end}) is not a span of a {len(text)}-character text")
    if strip_span(text, start, end) != (start, end):
        return SpanFault(OFF_EDGE, f"({start}, {end}) {text[start:end]!r} starts or ends with whitespace")
    if edges is not None and (start not in edges.starts or end not in edges.ends):
        return SpanFault(OFF_EDGE, f"({start}, {end}) {text[start:end]!r} does not start and end on token edges")
    return None
