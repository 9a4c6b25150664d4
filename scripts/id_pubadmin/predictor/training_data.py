"""What the entity model trains on beyond NERGrit: labelled files given with ``--with``, read by their suffix.

``.txt``, ``.conll``, ``.iob``: CoNLL (:mod:`.conll_reader`); ``.spacy``: DocBin (:mod:`.docbin_reader`);
``.jsonl``: JSONL (:mod:`.jsonl_reader`). A file with any problem is refused whole (CorpusError, its
error ids), so a model never learns from half a file. A fixed slice of each file (every
``HELD_OUT_EVERY``-th sentence) is held out to score the model on data like it but unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import FORMAT, CorpusError, Problem, UsageError, define_error
from . import conll_reader, docbin_reader, jsonl_reader
from .labelled import model_sentences
from .nergrit import Sentence

READERS = {".txt": conll_reader, ".conll": conll_reader, ".iob": conll_reader, ".spacy": docbin_reader,
           ".jsonl": jsonl_reader}
HELD_OUT_EVERY = 10

FORMAT_UNKNOWN = define_error(
    "train-file-format", FORMAT,
    "a training file given with --with has no known suffix",
    f"name it {', '.join(READERS)} after its format (CoNLL IOB, spaCy DocBin or JSONL)",
)


@dataclass(frozen=True)
class LabelledFile:
    """A ``--with`` file's sentences under the model's labels, split into what is trained on and what is held out."""

    path: Path
    train: list[Sentence]
    held_out: list[Sentence]


def problems_of(path: Path, mapping: dict[str, str]) -> tuple[list[Sentence], list[Problem]]:
    """The file's sentences under the model's labels, and its problems (none when it can be trained on)."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return [], [FORMAT_UNKNOWN.at(str(path), "", f"suffix {path.suffix or '(none)'!r} is not one of {', '.join(READERS)}")]
    labelled, problems = reader.read(path)
    sentences, unmapped = model_sentences(str(path), labelled, mapping)
    return sentences, problems + unmapped


def read_labelled(path: Path, mapping: dict[str, str], held_out: bool = True) -> LabelledFile:
    """The file split for training; CorpusError with every problem when it has any (or no sentence)."""
    sentences, problems = problems_of(path, mapping)
    if problems:
        raise CorpusError(problems)
    if not sentences:
        raise UsageError(f"{path} holds no sentence to train on")
    every = HELD_OUT_EVERY if held_out else 0
    return LabelledFile(path, [s for index, s in enumerate(sentences) if not every or index % every != every - 1],
                        [s for index, s in enumerate(sentences) if every and index % every == every - 1])
