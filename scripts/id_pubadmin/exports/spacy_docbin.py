"""spaCy ``DocBin`` files (``.spacy``), one per split, one ``Doc`` per document.

A ``DocBin`` is held in memory whole until it is written, so a split of more than
:data:`DOCS_PER_FILE` documents is written in files of that many, named as Parquet shards are
(``train-00000-of-00003.spacy``); a split that fits in one keeps the plain name ``train.spacy``.

A ``Doc`` holds the whole document text (``doc.text`` is the text, so character offsets are the
corpus's): its tokens are the corpus's tokens, the dateline's included, with the whitespace
between them as spaCy keeps it. Sentence starts are set from the sentences. ``doc.ents`` are the
entity mentions (``label_``, the entity id as ``kb_id_``, the mention id as ``id_``).
``doc.spans["quotes"]`` holds the quotes (the type as ``label_``, the speaker's entity id as
``kb_id_``, the quote id as ``id_``); ``doc.spans["cues"]`` and ``doc.spans["speakers"]`` hold each
quote's cue and speaker mention under the same ``id_``; ``doc.spans["links"]`` holds a span per
registry link of a mention (the link as ``kb_id_``: ``kemendagri:35.10``, the mention id as
``id_``). ``doc.user_data["document_id"]`` names the document. Unannotated documents have no entities.
A document's piece is the state of a ``DocBin`` holding that one document (its arrays, strings
and serialized spans), pickled: the writer merges the pieces of a file's documents with
``DocBin.merge``. (spaCy's own ``to_bytes``/``from_bytes`` of a one-document ``DocBin`` cost ten
times more, most of it looking up msgpack extensions on every call.) Only the attributes the corpus has are stored (:data:`ATTRIBUTES`: no tags, lemmas
or trees), which keeps a file's ``DocBin`` small in memory.
Needs ``spacy`` (a blank multi-language vocabulary; no model is loaded).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import cache as results
from ..core import labels
from ..core.outputs import open_for_writing, refuse_non_regular
from ..core.splits import shard_name
from ..segment.document_view import DocumentView

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

SUFFIX = ".spacy"
DOCS_PER_FILE = 500  # documents after which a split continues in a new file: bounds the DocBin in memory
QUOTES, CUES, SPEAKERS, LINKS = "quotes", "cues", "speakers", "links"
CUE_LABEL = "CUE"
ATTRIBUTES = ("ORTH", "SENT_START", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")  # and SPACY, always stored


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
    starts, sent_starts, position = {sentence["start"] for sentence in view.sentences}, [], 0
    for index, (word, space) in enumerate(zip(words, spaces, strict=True)):
        sent_starts.append(index == 0 or position in starts)  # given at once: setting tokens one by one is quadratic
        position += len(word) + space
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts, user_data={"document_id": view.document_id})
    if doc.text != view.text:
        raise ValueError(f"the tokens of document {view.document_id} do not rebuild its text")
    doc.ents = [_span(doc, e["start"], e["end"], "entity", label=e["label"], kb_id=e["entity_id"],
                      span_id=e["mention_id"]) for e in view.entities]
    doc.spans[QUOTES] = [_span(doc, q["start"], q["end"], "quote", label=q["type"], kb_id=q["speaker_entity_id"],
                               span_id=q["quote_id"]) for q in view.quotes]
    doc.spans[CUES] = [_span(doc, q["cue"]["start"], q["cue"]["end"], "cue", label=CUE_LABEL, span_id=q["quote_id"])
                       for q in view.quotes]
    label = {(e["start"], e["end"]): e["label"] for e in view.entities}
    doc.spans[SPEAKERS] = [_span(doc, q["speaker"]["start"], q["speaker"]["end"], "speaker",
                                 label=label[(q["speaker"]["start"], q["speaker"]["end"])],
                                 kb_id=q["speaker_entity_id"], span_id=q["quote_id"])
                           for q in view.quotes if q["speaker"] is not None]
    doc.spans[LINKS] = [_span(doc, e["start"], e["end"], "link", label=e["label"], kb_id=link, span_id=e["mention_id"])
                        for e in view.entities for link in e.get("links", [])]
    return doc


def file_pattern(split: str, documents: int) -> str:
    """The file name, or the pattern of the file names, a split of ``documents`` documents is written as."""
    return f"{split}{SUFFIX}" if documents <= DOCS_PER_FILE else f"{split}-*-of-*{SUFFIX}"


@cache
def load_library() -> Vocab:
    """spaCy and the blank vocabulary every ``Doc`` is made with."""
    import spacy

    return spacy.blank("xx").vocab  # "id" loads 16,000 tokenizer exceptions (5 s) a DocBin does not need


def _doc_bin() -> DocBin:
    from spacy.tokens import DocBin

    return DocBin(attrs=ATTRIBUTES, store_user_data=True)


def piece(view: DocumentView) -> bytes:
    """The state of a ``DocBin`` holding the ``Doc`` of one document, pickled."""
    one = _doc_bin()
    one.add(to_doc(view, load_library()))
    return pickle.dumps(vars(one), protocol=pickle.HIGHEST_PROTOCOL)


def _one_doc_bin(piece: bytes) -> DocBin:
    one = _doc_bin()
    vars(one).update(pickle.loads(piece))  # a piece made by this module, in this build or its cache
    return one


class Writer:
    """Writes a ``DocBin`` per split, document by document, in files of at most :data:`DOCS_PER_FILE` documents.

    A file's pieces are held (a few kB each) until it is full, then merged and written; with a
    ``cache_folder``, a file made of the same pieces before is taken from there, so an unchanged
    rebuild neither imports spaCy nor merges anything.
    """

    def __init__(self, folder: Path, cache_folder: Path | None = None) -> None:
        self.folder, self.cache_folder = folder, cache_folder
        self._pieces: dict[str, list[bytes]] = {}  # split -> the pieces of its file being filled
        self._files: dict[str, list[Path]] = {}  # split -> its files written so far, under temporary names

    def add(self, split: str, piece: bytes) -> list[Path]:
        """Add one document to its split's file, writing the file out first if it is full."""
        if len(self._pieces.get(split, [])) >= DOCS_PER_FILE:
            self._write(split)
        self._pieces.setdefault(split, []).append(piece)
        return []

    def _write(self, split: str) -> None:
        files = self._files.setdefault(split, [])
        path = self.folder / f".{split}-{len(files):05d}{SUFFIX}.partial"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_for_writing(path) as stream:
            stream.write(self._file_bytes(self._pieces.pop(split)))
        files.append(path)

    def _file_bytes(self, pieces: list[bytes]) -> bytes:
        def merged() -> bytes:
            docs = _doc_bin()
            for piece in pieces:
                docs.merge(_one_doc_bin(piece))
            return bytes(docs.to_bytes())

        return results.made_file(self.cache_folder, "spacy", [hashlib.sha256(piece).hexdigest() for piece in pieces],
                                 merged)

    def finish(self) -> list[Path]:
        """Write the last file of every split and give the files their names; returns them in order."""
        paths = []
        for split in labels.SPLITS:
            if split in self._pieces:
                self._write(split)
            files = self._files.pop(split, [])
            for index, partial in enumerate(files):
                name = f"{split}{SUFFIX}" if len(files) == 1 else shard_name(split, index, len(files), SUFFIX)
                path = self.folder / name
                refuse_non_regular(path)
                os.replace(partial, path)
                paths.append(path)
        return paths


def writer(folder: Path, cache_folder: Path | None = None) -> Writer:
    """Writes the spaCy files of the documents in ``folder``, document by document (files kept in ``cache_folder``)."""
    return Writer(folder, cache_folder)
