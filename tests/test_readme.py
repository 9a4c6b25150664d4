"""The examples of the README and the dataset card run as written, from a project folder.

They show the first article's rows, so they run in a project built from the first seed alone: an
article added later, wherever its split puts it, changes none of them.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", ["README.md", "DATASET_CARD.md"])
def test_the_examples_run(name: str, monkeypatch: pytest.MonkeyPatch, first_seed_corpus: Path) -> None:
    monkeypatch.chdir(first_seed_corpus.parent)  # the examples load "corpus" relative to the project folder
    results = doctest.testfile(str(ROOT / name), module_relative=False, optionflags=FLAGS, report=True)
    assert results.attempted >= 5, f"{name} has {results.attempted} example lines; its examples are not being run"
    assert results.failed == 0, f"{results.failed} of {results.attempted} example lines of {name} failed (shown above)"


def test_a_wrong_example_fails(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.md"
    wrong.write_text("```python\n>>> 'Lembaga'[:3]\n'Lemb'\n\n```\n", encoding="utf-8")
    results = doctest.testfile(str(wrong), module_relative=False, optionflags=FLAGS, report=False)
    assert (results.attempted, results.failed) == (1, 1)
