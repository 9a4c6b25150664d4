"""spaCy DocBin training files (``.spacy``, as ``export spacy`` writes): each document's text and its ``ents``."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import FORMAT, Problem, define_error
from .labelled import Labelled

UNREADABLE = define_error(
    "train-docbin-unreadable", FORMAT,
    "a .spacy training file is not a spaCy DocBin",
    "write it with spaCy's DocBin(...).to_disk(path), or give the data as CoNLL or JSONL",
)


def read(path: Path) -> tuple[list[Labelled], list[Problem]]:
    """Every document of the DocBin with its entity spans in code points, or a problem if it cannot be read."""
    import spacy
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(spacy.blank("id").vocab))
    except Exception as error:  # noqa: BLE001 - bytes of any other format fail anywhere in the decoder
        return [], [UNREADABLE.at(str(path), "", f"not a DocBin ({type(error).__name__}: {str(error)[:120]})")]
    return [Labelled(doc.text, (), tuple((e.start_char, e.end_char, e.label_) for e in doc.ents),
                     tuple(f"document {number}" for _ in doc.ents))
            for number, doc in enumerate(docs, start=1)], []
