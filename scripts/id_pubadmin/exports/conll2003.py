"""CoNLL-2003-style IOB, one file per split: ``token tag`` per line, a blank line after each sentence.

Each document opens with the line ``-DOCSTART- -X- O O`` and a blank line, the document delimiter
that spaCy's ``spacy convert`` reads (readers that skip lines starting with ``-DOCSTART-`` read it
too). Only annotated documents are written: a document without gold has no tags, not all-O ones.
Tags are BIO (IOB2), derived from the entity offsets; the dateline belongs to no sentence.
"""

from __future__ import annotations

from pathlib import Path

from .split_texts import SplitTexts, document_text
from .view import DocumentView

SUFFIX = ".txt"
DOCSTART = "-DOCSTART- -X- O O"


def document_lines(view: DocumentView) -> list[str]:
    """The delimiter and every sentence of one document."""
    lines = [DOCSTART, ""]
    for sentence in view.sentences:
        tags = view.sentence_tags(sentence)
        lines += [f"{token['text']} {tag}" for token, tag in zip(sentence["tokens"], tags, strict=True)] + [""]
    return lines


def piece(view: DocumentView) -> bytes:
    """One document's lines; nothing for an unannotated document."""
    return document_text(document_lines(view)) if view.annotated else b""


def writer(folder: Path) -> SplitTexts:
    """Writes ``<split>.txt`` per split with annotated documents in ``folder``, document by document."""
    return SplitTexts(folder, SUFFIX)
