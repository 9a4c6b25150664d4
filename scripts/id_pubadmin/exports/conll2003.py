"""CoNLL-2003 layout, one file per split: ``token POS chunk tag`` per line, a blank line after each sentence.

The four columns of the CoNLL-2003 shared task, so its readers take the file as they take the
original: the corpus has no part-of-speech or chunk annotation, so those columns hold the
placeholders ``-X-`` (no POS) and ``O`` (outside any chunk); the last column is the entity tag.
Each document opens with ``-DOCSTART- -X- O O`` and a blank line, the document delimiter that
spaCy's ``spacy convert`` reads (the original files write ``-X- -X- O``; readers skip the line).
Only annotated documents are written: a document without gold has no tags, not all-O ones. Tags
are BIO (IOB2), derived from the entity offsets; the dateline belongs to no sentence.
"""

from __future__ import annotations

from pathlib import Path

from ..segment.document_view import DocumentView
from .split_texts import SplitTexts, document_text

SUFFIX = ".txt"
DOCSTART = "-DOCSTART- -X- O O"
NO_POS, NO_CHUNK = "-X-", "O"  # placeholders: the corpus has no part-of-speech or chunk annotation


def document_lines(view: DocumentView) -> list[str]:
    """The delimiter and every sentence of one document."""
    lines = [DOCSTART, ""]
    for sentence in view.sentences:
        tags = view.sentence_tags(sentence)
        lines += [f"{token['text']} {NO_POS} {NO_CHUNK} {tag}"
                  for token, tag in zip(sentence["tokens"], tags, strict=True)] + [""]
    return lines


def piece(view: DocumentView) -> bytes:
    """One document's lines; nothing for an unannotated document."""
    return document_text(document_lines(view)) if view.annotated else b""


def writer(folder: Path) -> SplitTexts:
    """Writes ``<split>.txt`` per split with annotated documents in ``folder``, document by document."""
    return SplitTexts(folder, SUFFIX)
