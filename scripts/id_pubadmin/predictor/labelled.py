"""Labelled sentences from outside the project, and how their labels become the entity model's.

A reader (:mod:`.conll_reader`, :mod:`.docbin_reader`, :mod:`.jsonl_reader`) gives each sentence
with its spans under the file's own labels and where each span was found (a line, a document);
:func:`model_sentences` maps them onto the model's PERSON, ORG and PLACE. A corpus label the model
does not learn is dropped (the rules find ROLE, DATE, PRODUCT...: GUIDELINES.md), GPE, LOC and FAC are
PLACE (the rules type places again), and any other label must be mapped with ``--map SRC=DST``
(DST a corpus label, ``PLACE`` or ``O`` to drop it) or the file is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import FORMAT, Problem, UsageError, define_error
from ..core.labels import ENTITY_LABELS
from .nergrit import Sentence

MODEL_LABELS = ("PERSON", "ORG", "PLACE")
DROP = "O"
ROUTES = {**{label: DROP for label in ENTITY_LABELS}, "PERSON": "PERSON", "ORG": "ORG", "PLACE": "PLACE",
          "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", DROP: DROP}

LABEL_UNMAPPED = define_error(
    "train-label-unmapped", FORMAT,
    "a labelled training file uses a label that is neither the model's nor the corpus's, and --map does not map it",
    "map it with --map LABEL=DST (DST one of PERSON, ORG, PLACE, a corpus label, or O to drop it)",
)


@dataclass(frozen=True)
class Labelled:
    """A sentence as a file gives it: spans ``(start, end, label)`` under the file's labels, each with where it was."""

    text: str
    words: tuple[str, ...]  # the file's own tokens, or () when the text is to be tokenized
    entities: tuple[tuple[int, int, str], ...]
    places: tuple[str, ...]  # ``line 12``, ``document 3``: one per entity


def parse_maps(pairs: list[str]) -> dict[str, str]:
    """``["TIME=O", "LOCATION=PLACE"]`` as a mapping; UsageError for a pair that is not SRC=DST with a known DST."""
    mapping = {}
    for pair in pairs:
        source, equals, target = pair.partition("=")
        if not equals or not source or target not in ROUTES:
            raise UsageError(f"--map {pair!r}: write SRC=DST with DST one of {', '.join(sorted(ROUTES))}")
        mapping[source] = target
    return mapping


def model_sentences(path: str, labelled: list[Labelled], mapping: dict[str, str]) -> tuple[list[Sentence], list[Problem]]:
    """``labelled`` under the model's labels, and a problem for each label nothing maps, at its first use."""
    sentences, unmapped = [], {}
    for item in labelled:
        kept = []
        for (start, end, label), where in zip(item.entities, item.places):
            route = ROUTES.get(mapping.get(label, label))
            if route is None:
                unmapped.setdefault(label, []).append(where)
            elif route != DROP:
                kept.append((start, end, route))
        sentences.append(Sentence(item.text, item.words, tuple(kept)))
    problems = [LABEL_UNMAPPED.at(path, places[0], f"label {label!r} is unknown ({len(places)} span(s) have it); "
                                                   f"map it with --map {label}=DST") for label, places in unmapped.items()]
    return sentences, problems
