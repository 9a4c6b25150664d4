"""brat standoff: per document a ``.txt`` (the document text) and a ``.ann``, per split a folder,
packed as one ``<split>.tar`` so that a corpus of many documents is a few files (the Hugging Face
Hub advises against folders of more than 10,000 files); ``tar -xf train.tar`` gives the folder.

``T`` lines are the entity mentions (their label), the quotes (``Quote``) and the cues (``Cue``);
``R`` lines link a quote to its speaker mention (``Speaker``) and its cue (``Cue_of``); ``A`` lines
give a quote's type (``QuoteType``); ``#`` notes give each mention's entity id and each quote's
speaker entity id; ``N`` lines normalize a mention to each of its registry links
(``Reference T2 kemendagri:3510``, see :func:`brat_reference`). Offsets are code points, as brat
counts them; a span crossing a line break is written as fragments, as brat requires.
``annotation.conf`` and ``visual.conf`` beside the archives declare the types, so the folder opens
in brat as it is once the archives are unpacked there. The archives are deterministic: members in corpus order, with no time, owner or compression.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path
from typing import BinaryIO

from ..core import labels
from ..core.atomic import write_text
from ..core.outputs import open_for_writing, refuse_non_regular
from ..core.fields import Row
from ..segment.document_view import DocumentView

QUOTE, CUE, SPEAKER, CUE_OF, QUOTE_TYPE = "Quote", "Cue", "Speaker", "Cue_of", "QuoteType"
NOTE = "AnnotatorNotes"
REFERENCE = "Reference"
SUFFIX = ".tar"


def fragments(text: str, start: int, end: int) -> str:
    """brat's offsets of a span: ``start end``, or fragments joined by ``;`` where it crosses a line break."""
    parts, position = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            first = position + len(line) - len(line.lstrip())
            parts.append(f"{first} {position + len(line.rstrip())}")
        position += len(line) + 1
    return ";".join(parts)


def _text_bound(text: str, number: int, kind: str, start: int, end: int) -> str:
    return f"T{number}\t{kind} {fragments(text, start, end)}\t{text[start:end].replace(chr(10), ' ')}"


def brat_reference(link: str) -> str:
    """A link as a brat normalization's ``DB:ID``, the id in word characters as brat's readers take it: a
    Kemendagri code without its dots (``kemendagri:3510``, as NIK numbers and BPS write it)."""
    database, key = link.split(":", 1)
    return f"{database}:{key.replace('.', '') if database == 'kemendagri' else key}"


def to_ann(view: DocumentView) -> str:
    """The ``.ann`` text of one document."""
    text, lines, numbers = view.text, [], {}
    for entity in view.entities:
        numbers[("entity", entity["start"], entity["end"])] = number = len(numbers) + 1
        lines.append(_text_bound(text, number, entity["label"], entity["start"], entity["end"]))
    notes = [(numbers[("entity", e["start"], e["end"])], e["entity_id"]) for e in view.entities]
    relations, attributes = [], []
    for quote in view.quotes:
        quote_number = len(numbers) + 1
        numbers[("quote", quote["quote_id"], 0)] = quote_number
        lines.append(_text_bound(text, quote_number, QUOTE, quote["start"], quote["end"]))
        cue_number = len(numbers) + 1
        numbers[("cue", quote["quote_id"], 0)] = cue_number
        lines.append(_text_bound(text, cue_number, CUE, quote["cue"]["start"], quote["cue"]["end"]))
        relations.append(f"{CUE_OF} Arg1:T{quote_number} Arg2:T{cue_number}")
        speaker: Row | None = quote["speaker"]
        if speaker is not None:
            speaker_number = numbers[("entity", speaker["start"], speaker["end"])]
            relations.append(f"{SPEAKER} Arg1:T{quote_number} Arg2:T{speaker_number}")
        attributes.append(f"{QUOTE_TYPE} T{quote_number} {quote['type']}")
        notes.append((quote_number, quote["speaker_entity_id"]))
    lines += [f"R{index}\t{relation}" for index, relation in enumerate(relations, start=1)]
    lines += [f"A{index}\t{attribute}" for index, attribute in enumerate(attributes, start=1)]
    lines += [f"#{index}\t{NOTE} T{number}\t{note}" for index, (number, note) in enumerate(notes, start=1)]
    references = [(numbers[("entity", e["start"], e["end"])], link, e["text"]) for e in view.entities
                  for link in e.get("links", [])]
    lines += [f"N{index}\t{REFERENCE} T{number} {brat_reference(link)}\t{surface.replace(chr(10), ' ')}"
              for index, (number, link, surface) in enumerate(references, start=1)]
    return "".join(line + "\n" for line in lines)


def annotation_conf() -> str:
    """brat's ``annotation.conf``: the entity labels, quotes and cues, their relations and attribute."""
    entities = "\n".join([*labels.ENTITY_LABELS, QUOTE, CUE])
    speakers = "|".join(labels.SPEAKER_LABELS)
    return (f"[entities]\n{entities}\n\n[relations]\n{SPEAKER}\tArg1:{QUOTE}, Arg2:{speakers}\n"
            f"{CUE_OF}\tArg1:{QUOTE}, Arg2:{CUE}\n<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n"
            f"[events]\n\n[attributes]\n{QUOTE_TYPE}\tArg:{QUOTE}, Value:{'|'.join(labels.QUOTE_TYPES)}\n")


def visual_conf() -> str:
    """brat's ``visual.conf``: readable names for the quote layer."""
    return (f"[labels]\n{QUOTE} | quote\n{CUE} | cue\n{SPEAKER} | speaker\n{CUE_OF} | cue\n\n"
            f"[drawing]\n{QUOTE}\tbgColor:#fff3bf\n{CUE}\tbgColor:#ffd8a8\n")


def piece(view: DocumentView) -> bytes:
    """One document's two files, as JSON: its id, the ``.txt`` and the ``.ann`` text."""
    return json.dumps({"document_id": view.document_id, "txt": view.text, "ann": to_ann(view)},
                      ensure_ascii=False).encode("utf-8")


def _add_member(archive: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode("utf-8")
    member = tarfile.TarInfo(name)
    member.size, member.mode = len(data), 0o644  # mtime 0, no owner: the same bytes for the same documents
    archive.addfile(member, io.BytesIO(data))


class Writer:
    """Writes ``<split>.tar`` per split, adding ``<split>/<document_id>.txt`` and ``.ann`` per document as
    it comes, and the two conf files at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._archives: dict[str, tarfile.TarFile] = {}
        self._streams: dict[str, BinaryIO] = {}

    def _partial(self, split: str) -> Path:
        return self.folder / f".{split}{SUFFIX}.partial"

    def add(self, split: str, piece: bytes) -> list[Path]:
        """Add one document's two files to its split's archive; nothing is finished yet."""
        document = json.loads(piece)
        if split not in self._archives:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._streams[split] = open_for_writing(self._partial(split))  # closed in finish
            self._archives[split] = tarfile.open(fileobj=self._streams[split], mode="w", format=tarfile.PAX_FORMAT)
        for suffix in (".txt", ".ann"):
            _add_member(self._archives[split], f"{split}/{document['document_id']}{suffix}", document[suffix[1:]])
        return []

    def finish(self) -> list[Path]:
        """Close the archives and give them their names, then write ``annotation.conf`` and ``visual.conf``;
        returns the paths."""
        paths = []
        for split in (split for split in labels.SPLITS if split in self._archives):
            self._archives.pop(split).close()
            self._streams.pop(split).close()
            refuse_non_regular(self.folder / f"{split}{SUFFIX}")
            os.replace(self._partial(split), self.folder / f"{split}{SUFFIX}")
            paths.append(self.folder / f"{split}{SUFFIX}")
        confs = [self.folder / "annotation.conf", self.folder / "visual.conf"]
        write_text(confs[0], annotation_conf())
        write_text(confs[1], visual_conf())
        return paths + confs


def writer(folder: Path) -> Writer:
    """Writes the brat standoff of the documents in ``folder``, document by document."""
    return Writer(folder)
