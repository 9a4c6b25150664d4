"""Tracing a corpus back to its sources: every row from a seed and an export, every file as built.

A corpus is sound only if it is exactly what ``seeds/`` and ``annotations/exports/`` build now:
rows that come from no seed or export region are named first, then the first row and field where
the corpus and a fresh build differ (a hand-edited file, a stale commit, a lost document), then
every file the build would write differently, or not at all.
"""

from __future__ import annotations

import filecmp
from collections.abc import Iterator
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.errors import CROSS_REFERENCES, CorpusError, Problem, define_error, lowest_level
from ..core.fields import CONFIGS, Config
from .checks import explain_schema_errors
from .parquet import parquet_path, split_files
from .problems import Check, Locate, Reporter, Row, Rows, iter_rows, where
from .read import stream_rows
from .schemas import compiled_validator

CORPUS_UNTRACED = define_error(
    "corpus-untraced", CROSS_REFERENCES,
    "a corpus row comes from no seed (unknown document) or no export region (unknown mention or quote id)",
    "rebuild the corpus with `id-pubadmin build`; rows are never added by hand")
CORPUS_STALE = define_error(
    "corpus-stale", CROSS_REFERENCES,
    "the corpus differs from what seeds/ and annotations/ build now",
    "run `id-pubadmin build` and commit the result; never edit corpus files by hand")

REGION_IDS = {"entities": "mention_id", "quotes": "quote_id"}


def _sources(derived: Rows) -> tuple[set[str], set[tuple[str, str, Any]]]:
    documents = {row["document_id"] for _, _, row in iter_rows(derived, "documents")}
    regions = {(config, row["document_id"], row[key])
               for config, key in REGION_IDS.items() for _, _, row in iter_rows(derived, config)}
    return documents, regions


def _row_difference(index: int, expected: Row, actual: Row) -> tuple[str, str]:
    """(location, reason) of the first field where a row differs from the built one; ("", "") if none."""
    for key in expected:
        if expected[key] != actual.get(key):
            return (where(index, actual, f"field {key}"),
                    f"field {key}: {str(actual.get(key))[:60]!r} != built {str(expected[key])[:60]!r}")
    return "", ""


def _first_difference(built: list[Row], found: list[Row]) -> tuple[str, str]:
    """(location, reason) of the first difference between two row lists; ("", "") if equal."""
    for index, (expected, actual) in enumerate(zip(built, found, strict=False)):
        location, reason = _row_difference(index, expected, actual)
        if reason:
            return location, reason
    if len(built) != len(found):
        return f"row {min(len(built), len(found))}", f"{len(found)} rows, a fresh build has {len(built)}"
    return "", ""


def trace_check(derived: Rows) -> Check:
    """A level-3 check of rows against ``derived``, the rows a fresh build gives."""
    documents, regions = _sources(derived)

    def check(rows: Rows, locate: Locate) -> list[Problem]:
        report = Reporter(locate)
        for config in CONFIGS:
            for split, index, row in iter_rows(rows, config.name):
                key = REGION_IDS.get(config.name)
                if row["document_id"] not in documents:
                    report.add(CORPUS_UNTRACED, config.name, split, index, row,
                               f"no seed gives document {row['document_id']!r}")
                elif key is not None and (config.name, row["document_id"], row[key]) not in regions:
                    report.add(CORPUS_UNTRACED, config.name, split, index, row,
                               f"no export has a region {row[key]!r} in document {row['document_id']!r}")
        if report.problems:
            return report.problems
        for config in CONFIGS:
            for split in sorted(set(rows.get(config.name, {})) | set(derived.get(config.name, {}))):
                location, reason = _first_difference(derived.get(config.name, {}).get(split, []),
                                                     rows.get(config.name, {}).get(split, []))
                if reason:
                    report.problems.append(CORPUS_STALE.at(locate(config.name, split, 0), location, reason))
        return report.problems

    return check


def _files(folder: Path) -> set[Path]:
    return {path.relative_to(folder) for path in folder.rglob("*") if path.is_file()}


def stale_files(corpus: Path, fresh: Path) -> list[Problem]:
    """Files of ``corpus`` that differ from, are missing from or are not in a fresh build ``fresh``.

    Parquet files are compared by bytes here; their rows were compared by :func:`trace_check`.
    """
    problems = []
    found, built = _files(corpus), _files(fresh)
    for relative in sorted(found | built):
        if relative not in found:
            reason = "missing; the build writes it"
        elif relative not in built:
            reason = "not written by the build (a stray or hand-added file)"
        elif not filecmp.cmp(corpus / relative, fresh / relative, shallow=False):
            reason = "differs from what the build writes"
        else:
            continue
        problems.append(CORPUS_STALE.at(str(corpus / relative), "", reason))
    return problems


def _same_files(corpus: Path, fresh: Path, config: str, split: str) -> bool:
    found, built = split_files(corpus, config, split), split_files(fresh, config, split)
    return [p.name for p in found] == [p.name for p in built] and all(
        filecmp.cmp(a, b, shallow=False) for a, b in zip(found, built, strict=True))


def _streamed(folder: Path, config: Config, split: str) -> Iterator[Row]:
    return chain.from_iterable(stream_rows(path, config) for path in split_files(folder, config.name, split))


def first_differences(corpus: Path, fresh: Path) -> list[Problem]:
    """For each config split whose files differ from a fresh build's, its first row that breaks the
    JSON Schema (level 1) or else differs from the fresh build, naming the field. Both are read a
    batch of rows at a time, side by side, so memory does not grow with the corpus; the rows of the
    lowest level found are returned."""
    problems: list[Problem] = []
    for config in CONFIGS:
        valid = compiled_validator(config)
        for split in labels.SPLITS:
            if _same_files(corpus, fresh, config.name, split):
                continue
            files = split_files(corpus, config.name, split)
            file = str(files[0] if files else parquet_path(corpus, config.name, split))
            try:
                problems += _first_difference_streamed(config, file, valid, _streamed(corpus, config, split),
                                                       _streamed(fresh, config, split))
            except CorpusError as exc:
                problems += exc.problems
    return lowest_level(problems)


def _first_difference_streamed(config: Config, file: str, valid: Any, found: Iterator[Row],
                               built: Iterator[Row]) -> list[Problem]:
    for index, (actual, expected) in enumerate(zip_longest(found, built)):
        if actual is not None and not valid(actual):
            return explain_schema_errors(config, actual, file, index)
        if actual is None or expected is None:
            rows = "fewer" if actual is None else "more"
            return [CORPUS_STALE.at(file, f"row {index}", f"{rows} rows than a fresh build has")]
        location, reason = _row_difference(index, expected, actual)
        if reason:
            return [CORPUS_STALE.at(file, location, reason)]
    return []


def parquet_locator(corpus: Path) -> Locate:
    """Locate rows of a corpus folder by their Parquet file."""
    return lambda config, split, _: str(parquet_path(corpus, config, split))
