"""spaCy ``DocBin`` files (``.spacy``), one per split, one ``Doc`` per document.

A ``Doc`` holds the whole document text (``doc.text`` is the text, so character offsets are the
corpus's): its tokens are the corpus's tokens, the dateline's included, with the whitespace
between them as spaCy keeps it. Sentence starts are set from the sentences. ``doc.ents`` are the
entity mentions (``label_``, the entity id as ``kb_id_``, the mention id as ``id_``).
``doc.spans["quotes"]`` holds the quotes (the type as ``label_``, the speaker's entity id as
``kb_id_``, the quote id as ``id_``); ``doc.spans["cues"]`` and ``doc.spans["speakers"]`` hold each
quote's cue and speaker mention under the same ``id_``. ``doc.user_data["document_id"]`` names the
document. Unannotated documents have no entities.
Needs ``spacy`` (a blank multi-language vocabulary; no model is loaded).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .view import DocumentView, by_split

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

SUFFIX = ".spacy"
QUOTES, CUES, SPEAKERS = "quotes", "cues", "speakers"
CUE_LABEL, SPEAKER_LABEL = "CUE", "PERSON"


def words_and_spaces(view: DocumentView) -> tuple[list[str], list[bool]]:
    """spaCy's tokens for the text: corpus tokens, one trailing space as a flag, other whitespace as tokens."""
    text, words, spaces, position = view.text, [], [], 0
    for start, end in [*view.tokens(), (len(view.text), len(view.text))]:
        gap = text[position:start]
        if words and gap.startswith(" ") and not spaces[-1]:
            spaces[-1], gap = True, gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if end > start:
            words.append(text[start:end])
            spaces.append(False)
        position = end
    return words, spaces


def _span(doc: Doc, start: int, end: int, what: str, **attributes: str) -> Span:
    span = doc.char_span(start, end, alignment_mode="strict", **attributes)
    if span is None:
        raise ValueError(f"{what} ({start}, {end}) of document {doc.user_data['document_id']} "
                         "does not start and end on token edges")
    return span


def to_doc(view: DocumentView, vocab: Vocab) -> Doc:
    """The ``Doc`` of one document."""
    from spacy.tokens import Doc

    words, spaces = words_and_spaces(view)
    doc = Doc(vocab, words=words, spaces=spaces, user_data={"document_id": view.document_id})
    if doc.text != view.text:
        raise ValueError(f"the tokens of document {view.document_id} do not rebuild its text")
    starts = {sentence["start"] for sentence in view.sentences}
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    doc.ents = [_span(doc, e["start"], e["end"], "entity", label=e["label"], kb_id=e["entity_id"],
                      span_id=e["mention_id"]) for e in view.entities]
    doc.spans[QUOTES] = [_span(doc, q["start"], q["end"], "quote", label=q["type"], kb_id=q["speaker_entity_id"],
                               span_id=q["quote_id"]) for q in view.quotes]
    doc.spans[CUES] = [_span(doc, q["cue"]["start"], q["cue"]["end"], "cue", label=CUE_LABEL, span_id=q["quote_id"])
                       for q in view.quotes]
    doc.spans[SPEAKERS] = [_span(doc, q["speaker"]["start"], q["speaker"]["end"], "speaker", label=SPEAKER_LABEL,
                                 kb_id=q["speaker_entity_id"], span_id=q["quote_id"])
                           for q in view.quotes if q["speaker"] is not None]
    return doc


def to_bytes(views: list[DocumentView]) -> bytes:
    """The serialised ``DocBin`` of the documents, in order."""
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("xx").vocab  # "id" loads 16,000 tokenizer exceptions (5 s) that a DocBin does not need
    return DocBin(docs=[to_doc(view, vocab) for view in views], store_user_data=True).to_bytes()


def write(views: list[DocumentView], folder: Path) -> list[Path]:
    """``<split>.spacy`` per split in ``folder``; returns the paths written."""
    paths = []
    for split, split_views in by_split(views).items():
        path = folder / f"{split}{SUFFIX}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_bytes(split_views))
        paths.append(path)
    return paths
