"""The silver dataset's configs: the gold corpus's columns plus what says each row is machine-made.

Rows share the gold configs' offsets and meanings, so a model or a script reads both alike; every
row also carries ``machine_made`` (always true) and the ``model_version`` of the predictor, so a
silver row can never pass for gold. Documents keep where their text came from (URL, input file and
record) and the page checks' results (language, relevance).
"""

from __future__ import annotations

from ..core.fields import ENTITIES, QUOTES, SENTENCES, Config, Field

DATASET_NAME = "id-pubadmin-news-silver"
SPLIT = "train"
MACHINE_MADE = Field("machine_made", "bool", "always true: the row was made by a program, no person checked it")
MODEL_VERSION = Field("model_version", "string", "version of the predictor (and segmenter) that made the row")
MARKS = (MACHINE_MADE, MODEL_VERSION)

DOCUMENTS = Config(
    "documents",
    "one crawled article",
    (
        Field("document_id", "string", "stable id of the document: sha256 of its text, 16 hex digits"),
        Field("text", "string", "the article text as extracted from its page (or given in JSONL)"),
        Field("url", "string", "address of the page"),
        Field("title", "string", "title the page declares ('' when none)"),
        Field("published", "string", "publication date the page declares ('' when none)"),
        Field("outlet", "string", "site name or publisher the page declares ('' when none)"),
        Field("licence", "string", "licence the page declares ('' when none)"),
        Field("language", "string", "ISO 639-1 code of the text's language"),
        Field("language_confidence", "float32", "the language identifier's confidence"),
        Field("relevance", "float32", "public-administration relevance score, 0 to 1"),
        Field("source_file", "string", "input file the record was read from, as given"),
        Field("source_record", "int64", "byte offset of the WARC record, or line number in a JSONL file; 0 for a page"),
        Field("source_sha256", "string", "sha256 of the raw record (HTML payload or JSONL line)"),
        Field("near_duplicates", "int32", "near-duplicate copies of the text dropped in favour of this one"),
        Field("uncertainty", "float32", "what the predictor does not know about the text, per sentence: expected "
              "wrong predicted regions plus the model's doubt about entities it did not predict"),
        Field("paragraphs", "list", "blank-line separated paragraphs as spans of the text",
              item=Field("paragraph", "struct", "one paragraph",
                         members=(Field("start", "int32", "first code point"), Field("end", "int32", "end")))),
        Field("rights", "string", "terms the run was given for the crawled texts"),
        *MARKS,
    ),
)
SILVER_SENTENCES = Config(SENTENCES.name, SENTENCES.row, SENTENCES.fields + MARKS)
CONFIDENCE = Field("confidence", "float32", "the predictor's calibrated score: the probability that the region is "
                   "right, 0 to 1; null when it gives none", nullable=True)
SILVER_ENTITIES = Config(ENTITIES.name, "one predicted entity mention", ENTITIES.fields + (CONFIDENCE, *MARKS))
SILVER_QUOTES = Config(QUOTES.name, "one predicted quotation with its cue and speaker", QUOTES.fields + (CONFIDENCE, *MARKS))
SILVER_CONFIGS: tuple[Config, ...] = (DOCUMENTS, SILVER_SENTENCES, SILVER_ENTITIES, SILVER_QUOTES)


def silver_config(name: str) -> Config:
    """The silver config called ``name``."""
    for candidate in SILVER_CONFIGS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no silver config named {name!r}")
