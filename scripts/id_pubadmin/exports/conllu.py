"""CoNLL-U, one file per split: documents, paragraphs and sentences as comments, one line per token.

Only ID, FORM and MISC are filled (the corpus has no lemmas, tags or trees). MISC holds the entity
tag (``NE=B-PERSON``; annotated documents only), the links of the entity the token belongs to
(``Link=kemendagri:35.10``, comma-separated; from the entity registry), where the token lies in the document text
(``TokenRange=START:END``, code points) and what follows it: ``SpaceAfter=No`` where nothing does,
``SpacesAfter=`` (UD's escaping) where it is other than one space, inside the sentence. So the
tokens rebuild every sentence text exactly, even where ``# text`` shows a line break as a space.
The dateline belongs to no sentence and is left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.fields import Row
from ..segment.document_view import DocumentView, sentence_id
from .split_texts import SplitTexts, document_text

SUFFIX = ".conllu"
LINE_BREAK = re.compile(r"[\n\r\t]")  # a comment is one line: line breaks in ``# text`` become spaces
ESCAPES = {"\\": "\\\\", " ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _misc(tag: str | None, start: int, end: int, after: str, links: list[str] | None = None) -> str:
    misc = [f"NE={tag}"] if tag else []
    if links:
        misc.append("Link=" + ",".join(links))
    if after == "":
        misc.append("SpaceAfter=No")
    elif after != " ":
        misc.append("SpacesAfter=" + "".join(ESCAPES.get(char, char) for char in after))
    misc.append(f"TokenRange={start}:{end}")
    return "|".join(misc)


def sentence_block(view: DocumentView, sentence: Row) -> list[str]:
    """The comment and token lines of one sentence."""
    text, tokens = view.text, sentence["tokens"]
    tags: list[str | None] = list(view.sentence_tags(sentence)) if view.annotated else [None] * len(tokens)
    lines = [f"# sent_id = {sentence_id(view, sentence)}",
             "# text = " + LINE_BREAK.sub(" ", sentence["text"])]
    linked = [e for e in view.entities if e.get("links") and e["sentence_index"] == sentence["sentence_index"]]
    for index, token in enumerate(tokens):
        after = text[token["end"]:tokens[index + 1]["start"]] if index + 1 < len(tokens) else " "
        links = next((e["links"] for e in linked if e["start"] <= token["start"] and token["end"] <= e["end"]), [])
        misc = _misc(tags[index], token["start"], token["end"], after, links if view.annotated else [])
        lines.append("\t".join([str(index + 1), token["text"], "_", "_", "_", "_", "_", "_", "_", misc]))
    return lines


def document_lines(view: DocumentView) -> list[str]:
    """A document: ``# newdoc id``, then each sentence, with ``# newpar id`` where a paragraph begins."""
    lines, paragraph = [f"# newdoc id = {view.document_id}"], None
    for sentence in view.sentences:
        if sentence["paragraph_index"] != paragraph:
            paragraph = sentence["paragraph_index"]
            lines.append(f"# newpar id = {view.document_id}-p{paragraph}")
        lines += sentence_block(view, sentence) + [""]
    return lines


def piece(view: DocumentView) -> bytes:
    """One document's CoNLL-U text."""
    return document_text(document_lines(view))


def to_conllu(views: list[DocumentView]) -> str:
    """The CoNLL-U text of the documents, in order."""
    return b"".join(map(piece, views)).decode("utf-8")


def writer(folder: Path) -> SplitTexts:
    """Writes ``<split>.conllu`` per split in ``folder``, document by document."""
    return SplitTexts(folder, SUFFIX)
