"""One document with its sentences, mentions and quotes, seen as tokens and BIO tags: what every export
format is written from, and what the corpus's readers hand out.

Everything in it (tokens, tags, spans) comes from the rows' offsets into the document text, so the
exports cannot disagree with the Parquet files. It sits below the exports and the corpus, which both use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..core.fields import Row
from .bio import spans_to_bio
from .tokens import tokenize

Span = tuple[int, int]


@dataclass(frozen=True)
class DocumentView:
    """A document's rows; ``annotated`` is False for a document with no gold annotation yet."""

    split: str
    document: Row
    sentences: list[Row]
    entities: list[Row]
    quotes: list[Row]
    annotated: bool
    predicted_by: str = ""  # the model version when the mentions and quotes are predictions, not gold

    @property
    def document_id(self) -> str:
        return str(self.document["document_id"])

    @property
    def text(self) -> str:
        return str(self.document["text"])

    def sentence_tags(self, sentence: Row) -> list[str]:
        """BIO tags of the sentence's tokens, derived from the entity offsets."""
        tokens = [(t["start"], t["end"]) for t in sentence["tokens"]]
        inside = [(e["start"], e["end"], e["label"]) for e in self.entities
                  if e["sentence_index"] == sentence["sentence_index"]]
        return spans_to_bio(tokens, inside)

    def tokens(self) -> list[Span]:
        """Every token of the text in order: the dateline's, then each sentence's."""
        dateline = tokenize(self.text, int(self.document["dateline_start"]), int(self.document["dateline_end"]))
        return dateline + [(t["start"], t["end"]) for s in self.sentences for t in s["tokens"]]


def document_view(split: str, rows: Mapping[str, list[Row]]) -> DocumentView:
    """The view of one document from its rows of every config (``documents`` holding the one document row)."""
    return DocumentView(split, rows["documents"][0], rows.get("sentences", []), rows.get("entities", []),
                        rows.get("quotes", []), bool(rows.get("ner")))


def sentence_id(view: DocumentView, sentence: Row) -> str:
    """The id a sentence gets in every export: ``<document_id>-s<sentence_index>``."""
    return f"{view.document_id}-s{sentence['sentence_index']}"
