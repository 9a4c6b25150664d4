"""CoNLL-2003 style files: a token and its tag a line (2 columns, or 4 as ``export conll2003`` writes), blank lines between sentences.

Tags are IOB2 (``B-`` opens every entity) or IOB1 (``B-`` only between two entities of one type):
an ``I-`` that continues no entity of its label opens one, as conlleval reads it, so both read alike.
``-DOCSTART-`` lines are skipped. Columns are split on spaces or tabs; the sentence's text is its
tokens joined by single spaces, as for NERGrit (:mod:`.nergrit`).
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import FORMAT, Problem, define_error
from .labelled import Labelled

LINE_MALFORMED = define_error(
    "train-conll-line", FORMAT,
    "a line of a CoNLL training file is not UTF-8 'token tag' or 'token POS chunk tag' with tag O, B-LABEL or I-LABEL",
    "write one token a line with 2 or 4 columns and an IOB tag last, a blank line between sentences",
)


def read(path: Path) -> tuple[list[Labelled], list[Problem]]:
    """Every sentence of the file, and a problem for each malformed line."""
    sentences: list[Labelled] = []
    problems: list[Problem] = []
    rows: list[tuple[str, str, int]] = []
    for number, raw in enumerate([*path.read_bytes().splitlines(), b""], start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(LINE_MALFORMED.at(str(path), f"line {number}", f"not UTF-8 ({error.reason})"))
            continue
        columns = line.split()
        if not columns or columns[0] == "-DOCSTART-":
            if rows:
                sentences.append(_sentence(rows))
            rows = []
            continue
        tag = columns[-1]
        kind, dash, label = tag.partition("-")
        if len(columns) not in (2, 4) or tag != "O" and not (kind in ("B", "I") and dash and label):
            problems.append(LINE_MALFORMED.at(str(path), f"line {number}",
                                              f"expected 'token tag' or 'token POS chunk tag' with an IOB tag, got {line[:80]!r}"))
            continue
        rows.append((columns[0], tag, number))
    return sentences, problems


def _sentence(rows: list[tuple[str, str, int]]) -> Labelled:
    text, entities, places, open_entity = "", [], [], None
    for token, tag, number in rows:
        start = len(text) + (1 if text else 0)
        text = f"{text} {token}" if text else token
        kind, _, label = tag.partition("-")
        if open_entity and (kind != "I" or label != open_entity[2]):
            entities.append(open_entity[:3])
            places.append(open_entity[3])
            open_entity = None
        if kind == "I" and open_entity:
            open_entity = (open_entity[0], len(text), label, open_entity[3])
        elif tag != "O":
            open_entity = (start, len(text), label, f"line {number}")
    if open_entity:
        entities.append(open_entity[:3])
        places.append(open_entity[3])
    return Labelled(text, tuple(token for token, _, _ in rows), tuple(entities), tuple(places))
