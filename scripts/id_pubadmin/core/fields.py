"""Record layouts of every config, declared once.

``datasets.Features``, the JSON Schemas, the card's ``dataset_info`` YAML and its table of fields
are generated from :data:`CONFIGS`, so the Parquet files, the validator and the documentation
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import labels

Row = dict[str, Any]
Rows = dict[str, dict[str, list[Row]]]  # config -> split -> rows


@dataclass(frozen=True)
class Field:
    """One column (or struct member): ``kind`` is string, int32, class_label, list or struct."""

    name: str
    kind: str
    description: str
    names: tuple[str, ...] = ()
    item: "Field | None" = None
    members: tuple["Field", ...] = ()
    nullable: bool = False


@dataclass(frozen=True)
class Config:
    """A dataset config: its name, what one row is, and its columns."""

    name: str
    row: str
    fields: tuple[Field, ...] = field(default_factory=tuple)


DOCUMENT_ID = Field("document_id", "string", "stable id of the document, the seed file's stem")
START = Field("start", "int32", "first code point of the span in the document text")
END = Field("end", "int32", "code point just after the span (exclusive)")
SPAN_TEXT = Field("text", "string", "the document text between start and end")


def span_struct(name: str, description: str, nullable: bool = False) -> Field:
    """A ``{start, end, text}`` struct column."""
    return Field(name, "struct", description, members=(START, END, SPAN_TEXT), nullable=nullable)

SENTENCE_INDEX = Field("sentence_index", "int32", "0-based position of the sentence in its document")

DOCUMENTS = Config(
    "documents",
    "one news article",
    (
        DOCUMENT_ID,
        Field("text", "string", "the article text: the raw seed without its date field and end mark"),
        Field("outlet", "string", "news outlet named in the dateline"),
        Field("dateline_place", "string", "place named in the dateline, as written"),
        Field("dateline_start", "int32", "start of the dateline in the text"),
        Field("dateline_end", "int32", "end of the dateline (with its dash and space); no sentence covers it"),
        Field("published", "string", "publication month, YYYY-MM, from the seed's date field"),
        Field("language", "string", "BCP-47 language tag of the text"),
        Field("source_file", "string", "seed file name under seeds/"),
        Field("source_sha256", "string", "sha256 of the raw seed file"),
        Field("text_offset", "int32", "code point where the text starts inside the raw seed file"),
        Field(
            "paragraphs",
            "list",
            "blank-line separated paragraphs as spans of the text",
            item=Field("paragraph", "struct", "one paragraph", members=(START, END)),
        ),
        Field("rights", "string", "terms under which the text is redistributed"),
    ),
)

TOKEN = span_struct("token", "one token")

SENTENCES = Config(
    "sentences",
    "one sentence with its tokens",
    (
        DOCUMENT_ID,
        SENTENCE_INDEX,
        Field("paragraph_index", "int32", "0-based paragraph the sentence lies in"),
        START,
        END,
        Field("text", "string", "the sentence, equal to the document text between start and end"),
        Field("tokens", "list", "tokens with offsets into the document text", item=TOKEN),
    ),
)

ENTITIES = Config(
    "entities",
    "one entity mention",
    (
        DOCUMENT_ID,
        Field("mention_id", "string", "id of the region in the Label Studio export"),
        START,
        END,
        SPAN_TEXT,
        Field("label", "class_label", "entity type", names=labels.ENTITY_LABELS),
        Field("entity_id", "string", "canonical entity id; mentions sharing it corefer"),
        Field("links", "list", "the entity's links in annotations/entities.jsonl: kemendagri:<region code>, "
              "agency:<id>, wikidata:Q<number>", item=Field("link", "string", "one link")),
        Field("sentence_index", "int32", "sentence holding the mention; null for the dateline",
              nullable=True),
    ),
)

QUOTES = Config(
    "quotes",
    "one quotation with its cue and speaker",
    (
        DOCUMENT_ID,
        Field("quote_id", "string", "id of the QUOTE region in the Label Studio export"),
        Field("type", "class_label", "direct (between quotation marks) or indirect (reported)",
              names=labels.QUOTE_TYPES),
        START,
        END,
        SPAN_TEXT,
        span_struct("cue", "the speech or cognition verb introducing the quote"),
        span_struct("speaker", "the speaker's mention nearest the cue (PERSON, or an ORG speaking as a body), or null", nullable=True),
        Field("speaker_entity_id", "string", "entity id of the speaker"),
        Field("sentence_indices", "list", "sentences the quote overlaps",
              item=Field("sentence_index", "int32", "a sentence index")),
    ),
)

NER = Config(
    "ner",
    "one sentence as tokens with BIO entity tags",
    (
        DOCUMENT_ID,
        SENTENCE_INDEX,
        Field("tokens", "list", "token texts of the sentence",
              item=Field("token", "string", "a token")),
        Field("ner_tags", "list", "BIO tags derived from the entity offsets",
              item=Field("tag", "class_label", "a BIO tag", names=labels.BIO_TAGS)),
    ),
)


def _string(name: str, description: str) -> Field:
    return Field(name, "string", description)


def _struct(name: str, description: str, *members: Field) -> Field:
    return Field(name, "struct", description, members=members)


KB_TEXTS = Field("text", "list", "the text of each span", item=_string("text", "the document text of one span"))
KB_OFFSETS = Field("offsets", "list", "the spans as [start, end] pairs of code points of the document text",
                   item=Field("offset", "list", "one [start, end) pair",
                              item=Field("position", "int32", "a code point")))
KB_NORMALIZED = Field("normalized", "list", "database ids: kemendagri (region code), agency, wikidata, and "
                      "id-pubadmin-news (the corpus entity id, the same in every document)",
                      item=_struct("reference", "one database id", _string("db_name", "the database"),
                                   _string("db_id", "the id in it")))
KB = Config(
    "kb",
    "one annotated document in SEACrowd's knowledge-base schema",
    (
        _string("id", "the document id (the kb schema's row id)"),
        DOCUMENT_ID,
        Field("passages", "list", "the document's paragraphs", item=_struct(
            "passage", "one paragraph", _string("id", "passage id"), _string("type", "always paragraph"),
            KB_TEXTS, KB_OFFSETS)),
        Field("entities", "list", "entity mentions (their region ids), then quotes and cues (types QUOTE, CUE)",
              item=_struct("entity", "one mention, quote or cue", _string("id", "region id of the export"),
                           _string("type", "entity label, QUOTE or CUE"), KB_TEXTS, KB_OFFSETS, KB_NORMALIZED)),
        Field("events", "list", "always empty: the corpus annotates no events", item=_struct(
            "event", "one event", _string("id", "event id"), _string("type", "event type"),
            _struct("trigger", "the trigger words", KB_TEXTS, KB_OFFSETS),
            Field("arguments", "list", "arguments", item=_struct("argument", "one argument", _string("role", "role"),
                                                                  _string("ref_id", "entity id"))))),
        Field("coreferences", "list", "mentions of one entity id, for every id mentioned twice or more", item=_struct(
            "chain", "one coreference chain", _string("id", "the entity id"),
            Field("entity_ids", "list", "the chain's mention ids", item=_string("entity_id", "a mention id")))),
        Field("relations", "list", "quote -> speaker mention (type speaker) and quote -> cue (type cue)", item=_struct(
            "relation", "one relation", _string("id", "relation id"), _string("type", "speaker or cue"),
            _string("arg1_id", "the quote's id"), _string("arg2_id", "the speaker mention's or cue's id"),
            KB_NORMALIZED)),
    ),
)

CONFIGS: tuple[Config, ...] = (DOCUMENTS, SENTENCES, ENTITIES, QUOTES, NER, KB)
DEFAULT_CONFIG = "sentences"


def config(name: str) -> Config:
    """Return the config called ``name``."""
    for candidate in CONFIGS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no config named {name!r}; known: {', '.join(c.name for c in CONFIGS)}")
