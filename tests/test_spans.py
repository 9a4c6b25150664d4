"""The one rule of a sound span, which the checks of exports and of corpus rows share."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from id_pubadmin.corpus.rows import sentence_spans
from id_pubadmin.segment.spans import OFF_EDGE, OUTSIDE, TokenEdges, span_fault
from id_pubadmin.segment.tokens import tokenize
from test_lsexport import DOCUMENTS
from test_segmentation_properties import TEXT

KABAR = DOCUMENTS["kabar-001"]
EDGES = TokenEdges.of(tokenize(KABAR))


def _at(piece: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = KABAR.index(piece, start + 1)
    return start, start + len(piece)


@pytest.mark.parametrize(("span", "kind"), [
    (_at("Rina Lestari"), None),
    (_at("KABAR.ID"), None),  # the dateline's first token
    (_at("Sukamaju,"), None),  # a comma is a token: whether a span may end with one is a guideline rule
    (_at("Senin (7/11/2022)"), None),
    ((0, len(KABAR)), None),
    (_at("Rina Lestar"), OFF_EDGE),  # ends inside a word
    (_at("ina Lestari"), OFF_EDGE),  # starts inside a word
    (_at(" Rina Lestari"), OFF_EDGE),  # starts with whitespace
    (_at("Rina Lestari, "), OFF_EDGE),  # ends with whitespace
    ((10, 10), OUTSIDE),  # empty
    ((18, 10), OUTSIDE),  # reversed
    ((-1, 8), OUTSIDE),
    ((148, len(KABAR) + 1), OUTSIDE),
])
def test_span_faults_of_a_document(span: tuple[int, int], kind: str | None) -> None:
    fault = span_fault(KABAR, *span, EDGES)
    assert (fault.kind if fault else None) == kind
    assert fault is None or str(span[0]) in fault.reason


def test_without_token_edges_only_range_and_whitespace_count() -> None:
    assert span_fault(KABAR, *_at("Rina Lestar")) is None
    fault = span_fault(KABAR, *_at(" Rina"))
    assert fault is not None and fault.kind == OFF_EDGE and "whitespace" in fault.reason


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(-3, 70), st.integers(-3, 70))
def test_a_span_is_sound_exactly_when_it_runs_from_a_token_start_to_a_token_end(
        text: str, start: int, end: int) -> None:
    tokens = tokenize(text)
    edges = TokenEdges.of(tokens)
    fault = span_fault(text, start, end, edges)
    inside = 0 <= start < end <= len(text)
    assert (fault is None) == (inside and start in edges.starts and end in edges.ends)
    assert (fault is not None and fault.kind == OUTSIDE) == (not inside)
    if fault is None:  # a sound span is whole tokens, trimmed
        assert text[start:end] == text[start:end].strip()
        assert any(s == start for s, _ in tokens) and any(e == end for _, e in tokens)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_export_and_corpus_see_the_same_token_edges(text: str) -> None:
    """The export checks tokenize the whole text, the corpus its dateline and each sentence apart: the
    edges agree, because sentences and the dateline end at whitespace, which no token holds."""
    document = "KABAR.ID, SUKAMAJU - " + text
    dateline_end = len("KABAR.ID, SUKAMAJU - ")
    pieces = tokenize(document, 0, dateline_end)
    for start, end in sentence_spans(document, dateline_end):
        pieces += tokenize(document, start, end)
    assert TokenEdges.of(pieces) == TokenEdges.of(tokenize(document))
