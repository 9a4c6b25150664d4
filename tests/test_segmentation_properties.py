"""Span invariants of sentences and tokens on arbitrary text, including adversarial input."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from id_pubadmin import split_sentences, tokenize
from id_pubadmin.segment.abbreviations import CAPITALISED_TITLES, COMPANY_SUFFIXES
from id_pubadmin.segment.words import SENTENCE_STARTERS

# Text built from the pieces that drive the segmenter (terminators, quotes, brackets, abbreviations,
# line breaks, digits) mixed with arbitrary Unicode, so both the rules and the fallbacks get hit.
PIECES = st.sampled_from([
    ".", "!", "?", "…", "...", ",", " ", "  ", "\n", "\n\n", "\t", "\u2029", "\u00a0", '"', "'",
    "“", "”", "‘", "’", "(", ")", "[", "]", "`", "-", "/", ":", "Dr.", "No.", "dll.", "S.H.",
    "H.", "Rp", "1.500", "2,5", "9/11/2022", "SURYA.CO.ID", "Covid-19", "terangnya", "Budi",
    "ia", "Kami", "👍🏽", "é", "\u0301", "高雄", "سدوم", "http://a.id/x", "a@b.id", "#tag",
    "Tbk.", "Co. Ltd.", "Ms.", "No. XI. B. 02", "v9. 1", "2.904. 678", "Rp9.000", "US$5",
    "Januari-Oktober", "2006-2007", "Bapepam-LK", "PPh-nya", "anak-anak", "-nya",
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


@settings(max_examples=400, deadline=None, derandomize=True)
@given(TEXT)
def test_whole_quotations_only_remove_boundaries(text: str) -> None:
    """quotations="whole" partitions the text too, and every sentence end it keeps is one of "split"."""
    whole = split_sentences(text, "whole")
    assert_partition(text, whole, 0, len(text))
    assert {end for _, end in whole} <= {end for _, end in split_sentences(text)}


NAME = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True).filter(
    lambda name: name.lower() not in SENTENCE_STARTERS)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(COMPANY_SUFFIXES | CAPITALISED_TITLES)), NAME, NAME)
def test_suffixes_and_titles_before_a_name_end_no_sentence(word: str, before: str, name: str) -> None:
    text = f"Direktur {before} {word.capitalize()}. {name} hadir."
    assert split_sentences(text) == [(0, len(text))]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(COMPANY_SUFFIXES)), st.sampled_from(sorted(SENTENCE_STARTERS)))
def test_a_sentence_opener_after_a_company_suffix_starts_a_sentence(suffix: str, opener: str) -> None:
    text = f"Saham PT Maju {suffix.capitalize()}. {opener.capitalize()} pasar naik."
    assert len(split_sentences(text)) == 2


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-zA-Z][a-z]{1,9}", fullmatch=True),
       st.from_regex(r"[1-9]\d{0,2}(\.\d{3}){0,3}(,\d{1,2})?", fullmatch=True),
       st.sampled_from(["Rp", "US$", "S$", "RM"]))
def test_reduplications_stay_whole_and_currency_prefixes_split(word: str, amount: str, currency: str) -> None:
    twice = f"{word}-{word.lower()}"
    assert tokenize(twice) == [(0, len(twice))]
    priced = f"{currency}{amount}"
    assert tokenize(priced) == [(0, len(currency)), (len(currency), len(priced))]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_tokens_split_words_only_at_whitespace_punctuation_or_hyphens(text: str) -> None:
    """Two touching tokens meet at a non-word character, except after a glued currency prefix."""
    spans = tokenize(text)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if end == start and text[end - 1].isalnum() and text[start].isalnum():
            assert text[:end].endswith(("Rp", "RM"))


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
    for unit in ("a. ", "Dr. ", "(x. ", "\n", "“", ".", " ", "x", "“A. ", "Tbk. ", "No. X. ", "a-b-"):
        text = unit * (200_000 // len(unit))
        began = time.perf_counter()
        assert_partition(text, split_sentences(text), 0, len(text))
        assert_partition(text, split_sentences(text, "whole"), 0, len(text))
        assert_partition(text, tokenize(text), 0, len(text))
        assert time.perf_counter() - began < 5
