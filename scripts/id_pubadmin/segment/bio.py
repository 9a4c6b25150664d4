"""BIO tags from entity offsets and back: the ``ner`` config's tags are derived, never annotated.

Spans must start and end on token boundaries, as the checks of exports make sure
(:func:`~id_pubadmin.segment.spans.span_fault`); a span that cuts a token anyway (or falls between
tokens) raises instead of being stretched, because a stretched span would silently change the gold.
"""

from __future__ import annotations

OUTSIDE = "O"
BEGIN = "B-"
INSIDE = "I-"


def spans_to_bio(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    """One tag per token for the labelled ``(start, end, label)`` spans.

    Raises ValueError if spans overlap or a span's start/end is not a token's start/end.
    """
    starts = {start: index for index, (start, _) in enumerate(tokens)}
    ends = {end: index for index, (_, end) in enumerate(tokens)}
    tags = [OUTSIDE] * len(tokens)
    previous: tuple[int, int, str] | None = None
    for start, end, label in sorted(spans):
        if previous is not None and start < previous[1]:
            raise ValueError(f"spans {previous} and {(start, end, label)} overlap")
        if start not in starts or end not in ends or ends[end] < starts[start]:
            raise ValueError(f"span {(start, end, label)} does not start and end on token boundaries")
        first, last = starts[start], ends[end]
        tags[first] = BEGIN + label
        tags[first + 1 : last + 1] = [INSIDE + label] * (last - first)
        previous = (start, end, label)
    return tags


def bio_to_spans(tokens: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """The ``(start, end, label)`` spans the tags mark, in token order.

    Raises ValueError on a tag that is not O, B-label or I-label, or an I- tag not continuing a
    span of the same label.
    """
    if len(tags) != len(tokens):
        raise ValueError(f"{len(tags)} tags for {len(tokens)} tokens")
    spans: list[tuple[int, int, str]] = []
    open_label: str | None = None
    for (start, end), tag in zip(tokens, tags, strict=True):
        if tag == OUTSIDE:
            open_label = None
        elif tag.startswith(BEGIN) and len(tag) > len(BEGIN):
            open_label = tag[len(BEGIN) :]
            spans.append((start, end, open_label))
        elif tag.startswith(INSIDE) and tag[len(INSIDE) :] == open_label:
            spans[-1] = (spans[-1][0], end, open_label)
        else:
            raise ValueError(f"tag {tag!r} at [{start}, {end}) does not continue a span or start one")
    return spans
