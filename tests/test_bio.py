"""BIO tagging from offsets and back, with seqeval as the reference reading of BIO."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from id_pubadmin.core import labels
from id_pubadmin.segment.bio import bio_to_spans, spans_to_bio
from seqeval.metrics.sequence_labeling import get_entities

# "Bupati Ipuk Fiestiandani hadir." as tokens
TOKENS = [(0, 6), (7, 11), (12, 24), (25, 30), (30, 31)]


@st.composite
def tokens_and_spans(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Tokens separated by zero or more spaces, and flat spans over whole runs of them."""
    tokens, position = [], 0
    for length, gap in draw(st.lists(st.tuples(st.integers(1, 6), st.integers(0, 2)), max_size=25)):
        tokens.append((position, position + length))
        position += length + gap
    spans, index = [], 0
    while index < len(tokens):
        run = draw(st.integers(1, min(4, len(tokens) - index)))
        label = draw(st.none() | st.sampled_from(labels.ENTITY_LABELS))
        if label is not None:
            spans.append((tokens[index][0], tokens[index + run - 1][1], label))
        index += run
    return tokens, spans


def reference_spans(tokens: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """seqeval's entities as offsets."""
    return [(tokens[first][0], tokens[last][1], label) for label, first, last in get_entities(tags)]


def well_formed(tags: list[str]) -> bool:
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


def test_example() -> None:
    tags = spans_to_bio(TOKENS, [(0, 6, "ROLE"), (7, 24, "PERSON")])
    assert tags == ["B-ROLE", "B-PERSON", "I-PERSON", "O", "O"]
    assert bio_to_spans(TOKENS, tags) == [(0, 6, "ROLE"), (7, 24, "PERSON")]


@given(tokens_and_spans())
def test_round_trip(case: tuple[list[tuple[int, int]], list[tuple[int, int, str]]]) -> None:
    tokens, spans = case
    tags = spans_to_bio(tokens, spans)
    assert set(tags) <= set(labels.BIO_TAGS)
    assert bio_to_spans(tokens, tags) == spans
    assert reference_spans(tokens, tags) == spans


@given(st.lists(st.sampled_from(labels.BIO_TAGS), max_size=30))
def test_reading_agrees_with_seqeval_or_refuses(tags: list[str]) -> None:
    tokens = [(2 * index, 2 * index + 1) for index in range(len(tags))]
    if well_formed(tags):
        assert bio_to_spans(tokens, tags) == reference_spans(tokens, tags)
    else:
        with pytest.raises(ValueError, match="does not continue"):
            bio_to_spans(tokens, tags)


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 9, "PERSON")],  # ends inside "Ipuk"
        [(8, 11, "PERSON")],  # starts inside "Ipuk"
        [(6, 11, "PERSON")],  # starts in the space before "Ipuk"
        [(11, 11, "PERSON")],  # empty
    ],
)
def test_span_off_token_boundaries_is_refused(spans: list[tuple[int, int, str]]) -> None:
    with pytest.raises(ValueError, match="token boundaries"):
        spans_to_bio(TOKENS, spans)


def test_overlapping_spans_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        spans_to_bio(TOKENS, [(7, 24, "PERSON"), (12, 24, "PERSON")])


def test_tags_must_match_tokens() -> None:
    with pytest.raises(ValueError, match="5 tokens"):
        bio_to_spans(TOKENS, ["O"])
    with pytest.raises(ValueError, match="does not continue"):
        bio_to_spans(TOKENS, ["O", "X-PERSON", "O", "O", "O"])
