"""CoNLL-2003-style IOB, one file per split: ``token tag`` per line, a blank line after each sentence.

Each document opens with the line ``-DOCSTART- -X- O O`` and a blank line, the document delimiter
that spaCy's ``spacy convert`` reads (readers that skip lines starting with ``-DOCSTART-`` read it
too). Only annotated documents are written: a document without gold has no tags, not all-O ones.
Tags are BIO (IOB2), derived from the entity offsets; the dateline belongs to no sentence.
"""

from __future__ import annotations

from pathlib import Path

from ..core.atomic import write_text
from .view import DocumentView, by_split

SUFFIX = ".txt"
DOCSTART = "-DOCSTART- -X- O O"


def document_lines(view: DocumentView) -> list[str]:
    """The delimiter and every sentence of one document."""
    lines = [DOCSTART, ""]
    for sentence in view.sentences:
        tags = view.sentence_tags(sentence)
        lines += [f"{token['text']} {tag}" for token, tag in zip(sentence["tokens"], tags, strict=True)] + [""]
    return lines


def to_conll2003(views: list[DocumentView]) -> str:
    """The IOB text of the annotated documents, in order."""
    return "".join("\n".join(document_lines(view)) + "\n" for view in views if view.annotated)


def write(views: list[DocumentView], folder: Path) -> list[Path]:
    """``<split>.txt`` per split with annotated documents; returns the paths written."""
    paths = []
    for split, split_views in by_split([v for v in views if v.annotated]).items():
        path = folder / f"{split}{SUFFIX}"
        write_text(path, to_conll2003(split_views))
        paths.append(path)
    return paths
