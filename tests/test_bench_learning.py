"""``bench learning``: the simulated added set is NERGrit train's own, never valid, and the table shows each size."""

from __future__ import annotations

from pathlib import Path

from id_pubadmin.bench.learning import BASE_SENTENCES, markdown, split
from id_pubadmin.predictor.nergrit import read_sentences
from id_pubadmin.predictor.training import NERGRIT


def test_the_added_part_is_the_rest_of_nergrit_train_and_never_valid(root: Path) -> None:
    base, added = split(root)
    train = read_sentences(root / NERGRIT / "train.txt")
    assert len(base.sentences) == BASE_SENTENCES and len(base.sentences) + len(added.sentences) == len(train)
    assert sorted(s.text for s in base.sentences + added.sentences) == sorted(s.text for s in train)
    assert split(root)[1].sentences == added.sentences != split(root, seed=1)[1].sentences


def test_the_curve_is_a_table_row_per_size(root: Path) -> None:
    rows = [{"added": n, "trained_on": 500 + n, "model_f1": 60.0 + n / 100, "combined_f1": 61.0, "cpu_minutes": 1.5}
            for n in (0, 100)]
    table = markdown(rows, root, 2).splitlines()
    assert "2 epoch(s)" in table[0] and table[-2:] == ["| 0 | 500 | 60.00 | 61.00 | 1.5 |", "| 100 | 600 | 61.00 | 61.00 | 1.5 |"]
