"""Span invariants of sentences and tokens on arbitrary text, including adversarial input."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from id_pubadmin import split_sentences, tokenize

# Text built from the pieces that drive the segmenter (terminators, quotes, brackets, abbreviations,
# line breaks, digits) mixed with arbitrary Unicode, so both the rules and the fallbacks get hit.
PIECES = st.sampled_from([
    ".", "!", "?", "…", "...", ",", " ", "  ", "\n", "\n\n", "\t", "\u2029", "\u00a0", '"', "'",
    "“", "”", "‘", "’", "(", ")", "[", "]", "`", "-", "/", ":", "Dr.", "No.", "dll.", "S.H.",
    "H.", "Rp", "1.500", "2,5", "9/11/2022", "SURYA.CO.ID", "Covid-19", "terangnya", "Budi",
    "ia", "Kami", "👍🏽", "é", "\u0301", "高雄", "سدوم", "http://a.id/x", "a@b.id", "#tag",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60).map("".join)


def assert_partition(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Spans are ordered, disjoint, non-empty, trimmed and cover every non-space in [start, end)."""
    covered = 0
    previous_end = start
    for left, right in spans:
        assert previous_end <= left < right <= end
        assert not text[left].isspace() and not text[right - 1].isspace()
        assert not text[previous_end:left].strip()
        covered += sum(not char.isspace() for char in text[left:right])
        previous_end = right
    assert not text[previous_end:end].strip()
    assert covered == sum(not char.isspace() for char in text[start:end])


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_sentence_spans_partition_the_text(text: str) -> None:
    assert_partition(text, split_sentences(text), 0, len(text))


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_token_spans_partition_the_range_without_whitespace(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    spans = tokenize(text, start, end)
    assert_partition(text, spans, start, end)
    assert all(not any(char.isspace() for char in text[left:right]) for left, right in spans)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_sentences_start_and_end_on_token_boundaries(text: str) -> None:
    tokens = tokenize(text)
    starts = {left for left, _ in tokens}
    ends = {right for _, right in tokens}
    for left, right in split_sentences(text):
        assert left in starts and right in ends


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_unicode_text_is_partitioned(text: str) -> None:
    assert_partition(text, split_sentences(text), 0, len(text))
    assert_partition(text, tokenize(text), 0, len(text))


def test_pathological_inputs_stay_linear() -> None:
    """Inputs that would make a naive look-back quadratic finish quickly at a large size."""
    for unit in ("a. ", "Dr. ", "(x. ", "\n", "“", ".", " ", "x"):
        text = unit * (200_000 // len(unit))
        began = time.perf_counter()
        assert_partition(text, split_sentences(text), 0, len(text))
        assert_partition(text, tokenize(text), 0, len(text))
        assert time.perf_counter() - began < 5
