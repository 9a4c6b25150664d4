"""Validating a built corpus: files readable, rows sound, and the same as a fresh build.

The last check ties every row back to the seeds and exports: a corpus whose rows differ from what
``seeds/`` and ``annotations/`` produce now (a hand-edited Parquet file, a stale commit, a changed
seed) fails with the first config, row and field that differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from . import card, labels, schemas
from .build import Derived, Layout, derive
from .checks import Rows, check_rows
from .corpus_io import parquet_path, read_rows
from .errors import CROSS_REFERENCES, FORMAT, CorpusError, Problem, define_error
from .fields import CONFIGS

CORPUS_UNREADABLE = define_error(
    "corpus-unreadable", FORMAT, "a corpus file is missing or cannot be read as Parquet",
    "rebuild the corpus with `id-pubadmin build`")
CORPUS_STALE = define_error(
    "corpus-stale", CROSS_REFERENCES,
    "the corpus differs from what seeds/ and annotations/ build now",
    "run `id-pubadmin build` and commit the result; never edit corpus files by hand")


def read_corpus(corpus: Path) -> tuple[Rows, list[Problem]]:
    """Rows of every Parquet file the corpus declares (by the split rule's file names)."""
    rows: Rows = {}
    problems = []
    for config in CONFIGS:
        rows[config.name] = {}
        for split in labels.SPLITS:
            path = parquet_path(corpus, config.name, split)
            if not path.exists():
                continue
            try:
                rows[config.name][split] = read_rows(path, config)
            except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
                problems.append(CORPUS_UNREADABLE.at(str(path), "", f"cannot be read: {exc}"))
    if not rows.get("documents"):
        problems.append(CORPUS_UNREADABLE.at(str(corpus), "", "no documents Parquet file"))
    return rows, problems


def _first_difference(built: list[dict[str, Any]], found: list[dict[str, Any]]) -> str:
    if len(built) != len(found):
        return f"{len(found)} rows, a fresh build has {len(built)}"
    for index, (expected, actual) in enumerate(zip(built, found)):
        for key in expected:
            if expected[key] != actual.get(key):
                return f"row {index}, field {key}: {str(actual.get(key))[:60]!r} != built {str(expected[key])[:60]!r}"
    return ""


def staleness_problems(corpus: Path, rows: Rows, derived: Derived, card_text: str) -> list[Problem]:
    problems = []
    for config in CONFIGS:
        for split in sorted(set(rows.get(config.name, {})) | set(derived.rows[config.name])):
            difference = _first_difference(derived.rows[config.name].get(split, []),
                                           rows.get(config.name, {}).get(split, []))
            if difference:
                problems.append(CORPUS_STALE.at(str(parquet_path(corpus, config.name, split)), "", difference))
    expected_files = {Path("README.md"): card.render(card_text, derived.rows)}
    expected_files.update({Path("schemas") / n: t for n, t in schemas.schema_files().items()})
    for relative, text in expected_files.items():
        path = corpus / relative
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(CORPUS_STALE.at(str(path), "", "missing or different from what the build writes"))
    return problems


def validate_corpus(layout: Layout, corpus: Path | None = None) -> list[Problem]:
    """Every problem of a built corpus, level by level; an empty list when it is sound."""
    corpus = corpus or layout.corpus
    rows, problems = read_corpus(corpus)
    if problems:
        return problems
    problems = check_rows(rows, lambda config, split, _: str(parquet_path(corpus, config, split)))
    if problems:
        return problems
    try:
        derived = derive(layout)
    except CorpusError as exc:
        return exc.problems
    return staleness_problems(corpus, rows, derived, layout.card.read_text(encoding="utf-8"))
