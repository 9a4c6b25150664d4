"""NERGrit sentences (one token and its BIO tag a line, a blank line between sentences) as text and spans.

The entity model learns from these sentences and the benchmark scores on them. A sentence becomes
its tokens joined by single spaces, which is how the predictor meets it (as running text through
the tokenizer), and each entity a ``(start, end, label)`` span in code points of that text, with
NERGrit's ``ORGANISATION`` written as this project's ``ORG`` (``PLACE`` and ``PERSON`` unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LABELS = {"PERSON": "PERSON", "ORGANISATION": "ORG", "PLACE": "PLACE"}


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[str, ...]
    entities: tuple[tuple[int, int, str], ...]


class NergritError(ValueError):
    """A line of a NERGrit file that is not ``token<TAB>tag`` with a known BIO tag."""


def read_sentences(path: Path) -> list[Sentence]:
    """Every sentence of a NERGrit file, in file order."""
    sentences, rows = [], []
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], start=1):
        if not line.strip():
            if rows:
                sentences.append(_sentence(rows))
            rows = []
            continue
        token, _, tag = line.rpartition("\t")
        kind, _, label = tag.partition("-")
        if not token or tag != "O" and (kind not in "BI" or label not in LABELS):
            raise NergritError(f"{path}:{number}: expected 'token<TAB>tag' with tag O or B-/I- "
                               f"{'/'.join(LABELS)}, got {line!r}")
        rows.append((token, tag))
    return sentences


def _sentence(rows: list[tuple[str, str]]) -> Sentence:
    text, entities, open_entity = "", [], None
    for token, tag in rows:
        start = len(text) + (1 if text else 0)
        text = f"{text} {token}" if text else token
        kind, _, label = tag.partition("-")
        if open_entity and (kind != "I" or label != open_entity[2]):
            entities.append(open_entity)
            open_entity = None
        if kind == "I" and open_entity:
            open_entity = (open_entity[0], len(text), label)
        elif kind in "BI" and tag != "O":
            open_entity = (start, len(text), label)  # an I- without its B- starts an entity, as in conlleval
    if open_entity:
        entities.append(open_entity)
    return Sentence(text, tuple(token for token, _ in rows), tuple((s, e, LABELS[label]) for s, e, label in entities))
