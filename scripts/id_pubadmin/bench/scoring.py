"""Scores of predicted sentence and token spans against a rebuilt treebank document.

A boundary is the offset where a sentence ends, trailing whitespace excluded, so systems that keep
or drop spaces at sentence ends are compared alike. Paragraph ends are known to every system and
are neither credited nor counted against it; a system that runs over a paragraph break is cut there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..segment.spans import spans_between, strip_span
from .conllu import Document


@dataclass(frozen=True)
class BoundaryScores:
    precision: float
    recall: float
    f1: float
    exact_sentences: float


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def sentence_ends(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Where each non-blank span ends once its trailing whitespace is dropped."""
    return {end for start, end in (strip_span(text, *span) for span in spans) if start < end}


def score_sentences(document: Document, spans: Iterable[tuple[int, int]]) -> BoundaryScores:
    """Boundary precision, recall and F1 inside paragraphs, and the share of exact sentences."""
    ends = sentence_ends(document.text, spans)
    predicted = ends - document.paragraph_ends - {len(document.text)}
    gold = document.boundaries
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    rebuilt = set(spans_between(document.text, sorted(ends | document.paragraph_ends | {len(document.text)})))
    exact = len(rebuilt & set(document.sentences)) / len(document.sentences)
    return BoundaryScores(precision, recall, f1_score(precision, recall), exact)


def token_f1(document: Document, spans: Iterable[tuple[int, int]]) -> float:
    """F1 of predicted token spans (whitespace trimmed, blanks dropped) against the gold tokens."""
    predicted = {(start, end) for start, end in (strip_span(document.text, *span) for span in spans) if start < end}
    gold = set(document.tokens)
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    return f1_score(precision, recall)


def align(text: str, pieces: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of ``pieces`` found in order in ``text``, for systems that return strings only."""
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, position)
        if found == -1:
            continue
        spans.append((found, found + len(stripped)))
        position = found + len(stripped)
    return spans

