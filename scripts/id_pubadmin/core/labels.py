"""The one label-set definition.

JSON Schema enums, ``datasets.ClassLabel`` names, the Label Studio config and the card's YAML are
all generated from these tuples, so a label added here reaches every consumer at once.
"""

from __future__ import annotations

ENTITY_LABELS: tuple[str, ...] = (
    "PERSON",
    "ROLE",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "EVENT",
    "DATE",
    "PRODUCT",
    "PROGRAM",
)

ENTITY_LABEL_MEANINGS: dict[str, str] = {
    "PERSON": "a named person",
    "ROLE": "a position title alone, without the organisation or place after it",
    "ORG": "an institution, government body or office, company, media outlet or international forum",
    "GPE": "a country, province, regency or city",
    "LOC": "a non-political place",
    "FAC": "a named building or venue",
    "EVENT": "a named event, including a seminar's quoted title",
    "DATE": "an explicit calendar date with its weekday",
    "PRODUCT": "a named app or digital platform",
    "PROGRAM": "a named government programme, public-service channel or initiative",
}

QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect")

# Span labels of the quote layer, and the relations drawn from a QUOTE region.
QUOTE_LABEL = "QUOTE"
CUE_LABEL = "CUE"
SPEAKER_RELATION = "speaker"
# The entity labels a speaker relation may point to: a person, or a body speaking as one (*kata Pemkab X*, §5.4).
SPEAKER_LABELS: tuple[str, ...] = ("PERSON", "ORG")
CUE_RELATION = "cue"

# Tagging scheme as data: BIO over the entity labels, "O" first so it is class 0.
BIO_TAGS: tuple[str, ...] = ("O",) + tuple(
    f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")
)

SPLITS: tuple[str, ...] = ("train", "validation", "test")

DATASET_NAME = "id-pubadmin-news"
