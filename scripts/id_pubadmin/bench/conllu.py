"""A raw evaluation document with gold sentences and tokens, rebuilt from a CoNLL-U treebank.

Treebanks give sentences one by one, so the running text a segmenter meets has to be put back
together: sentence texts (``# text``) are joined by one space, and every ``paragraph_size``
sentences form a paragraph, separated from the next by a blank line. Paragraph ends are given to
every system alike, so only the boundaries inside paragraphs are scored. Gold tokens are the
surface forms: a multiword-token range (``membelinya`` = ``membeli`` + ``nya``) counts as one.
The treebank is read with the ``conllu`` package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COLUMNS = 10


class ConlluError(ValueError):
    """The treebank text cannot be read as CoNLL-U with ``# text`` comments."""


@dataclass(frozen=True)
class Unit:
    """One treebank sentence: its text and its surface tokens in order."""

    text: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """The rebuilt running text with gold spans as code-point offsets into it."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    paragraph_ends: frozenset[int]
    tokens: tuple[tuple[int, int], ...]

    @property
    def boundaries(self) -> frozenset[int]:
        """Gold sentence ends inside paragraphs: the offsets that are scored."""
        return frozenset(end for _, end in self.sentences) - self.paragraph_ends


def parse_conllu(source: str) -> list[Unit]:
    """Read the sentences of a CoNLL-U text with the ``conllu`` package; every sentence needs ``# text``."""
    import conllu

    units: list[Unit] = []
    for number, sentence in enumerate(conllu.parse(source), start=1):
        text = sentence.metadata.get("text")
        if text is None:
            raise ConlluError(f"sentence {number} has no '# text = ' comment")
        tokens: list[str] = []
        covered_until = 0
        for token in sentence:
            if len(token) != COLUMNS:
                raise ConlluError(f"sentence {number}: a token line has {len(token)} columns, not {COLUMNS}")
            word_id = token["id"]
            if isinstance(word_id, tuple) and word_id[1] == "-":  # a multiword token: keep it, skip its words
                covered_until = word_id[2]
                tokens.append(token["form"])
            elif isinstance(word_id, int) and word_id > covered_until:
                tokens.append(token["form"])
        units.append(Unit(text.strip(), tuple(tokens)))
    return units


def read_conllu(path: Path) -> list[Unit]:
    return parse_conllu(path.read_text(encoding="utf-8"))


def build_document(units: list[Unit], paragraph_size: int = 10) -> Document:
    """Join sentences into paragraphs of ``paragraph_size`` and locate every gold span."""
    pieces: list[str] = []
    sentences: list[tuple[int, int]] = []
    paragraph_ends: set[int] = set()
    tokens: list[tuple[int, int]] = []
    position = 0
    for index, unit in enumerate(units):
        if index:
            separator = "\n\n" if index % paragraph_size == 0 else " "
            pieces.append(separator)
            position += len(separator)
        pieces.append(unit.text)
        tokens.extend((position + start, position + end) for start, end in _locate(unit))
        sentences.append((position, position + len(unit.text)))
        position += len(unit.text)
        if (index + 1) % paragraph_size == 0 or index + 1 == len(units):
            paragraph_ends.add(position)
    return Document("".join(pieces), tuple(sentences), frozenset(paragraph_ends), tuple(tokens))


def _locate(unit: Unit) -> list[tuple[int, int]]:
    """Token spans within the sentence text; a form the text does not hold is left out."""
    spans: list[tuple[int, int]] = []
    position = 0
    for form in unit.tokens:
        found = unit.text.find(form, position)
        if found == -1:
            continue
        spans.append((found, found + len(form)))
        position = found + len(form)
    return spans
