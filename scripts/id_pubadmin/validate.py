"""Validating seeds, exports and the built corpus, level by level.

The whole project is checked in three stages, each only when the one before passed, since each
needs the one before: every seed (the documents), every export (checked against the documents),
then the corpus (checked against what the seeds and exports build). Within a stage, every file is
checked level by level (format, offsets and ids, cross references, guideline rules) and reported
at its first failing level. An export's records are also checked as the corpus rows they become,
so a guideline rule on rows is reported against the export that breaks it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .annotations import export as ls_export
from .build import Derived, derive, derive_rows, write_corpus
from .core.errors import CROSS_REFERENCES, CorpusError, Problem
from .corpus import rows as corpus_rows
from .corpus.checks import Rows, check_rows
from .corpus.problems import Locate
from .corpus.provenance import parquet_locator, stale_files, trace_check
from .corpus.read import read_corpus, text_file_problems
from .layout import Layout
from .seeds import seed_files


def validate_corpus(layout: Layout, corpus: Path | None = None, derived: Derived | None = None) -> list[Problem]:
    """Every problem of a built corpus, level by level; an empty list when it is sound.

    ``derived`` is what the project's seeds and exports build (derived here when not given).
    """
    corpus = corpus or layout.corpus
    rows, problems = read_corpus(corpus)
    problems += text_file_problems(corpus)
    if problems:
        return problems
    if derived is None:
        try:
            derived = derive(layout)
        except CorpusError as exc:
            return exc.problems
    problems = corpus_row_problems(rows, derived.rows, parquet_locator(corpus))
    if problems:
        return problems
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-validate-") as fresh:
        write_corpus(derived, derived.card_text, Path(fresh))
        return stale_files(corpus, Path(fresh))


def corpus_row_problems(rows: Rows, derived: Rows, locate: Locate) -> list[Problem]:
    """Row checks of every level, with tracing to ``derived`` (a fresh build's rows) at level 3."""
    return check_rows(rows, locate, extra=[(CROSS_REFERENCES, trace_check(derived))])


def read_documents(paths: list[Path]) -> tuple[dict[str, dict], list[Problem]]:
    """Document rows of the seeds at ``paths`` (by id), and the problems of those that fail."""
    documents, problems = {}, []
    for path in paths:
        try:
            seed = seed_files.parse_seed(path)
            documents[seed.document_id] = corpus_rows.document_row(seed, seed_files.read_metadata(seed))
        except CorpusError as exc:
            problems += exc.problems
    return documents, problems


def validate_export(layout: Layout, path: Path, documents: dict[str, dict]) -> list[Problem]:
    """Problems of one export: its own checks, then the row checks of the records it yields."""
    try:
        annotations = ls_export.read_export(path, {key: row["text"] for key, row in documents.items()})
        derived = Derived([documents[key] for key in annotations.annotated_documents],
                          annotations.entities, annotations.quotes, set(annotations.annotated_documents))
        derive_rows(layout, derived)
    except CorpusError as exc:
        return [_in_file(problem, path) for problem in exc.problems]
    return check_rows(derived.rows, lambda config, *_: f"{path} (as {config} rows)")


def _in_file(problem: Problem, path: Path) -> Problem:
    """A problem found while deriving rows from an export, located in that export."""
    if problem.file == str(path):
        return problem
    return Problem(problem.code, problem.level, str(path), ", ".join(filter(None, (problem.file, problem.location))),
                   problem.reason)


@dataclass
class Targets:
    """What to validate: seeds, exports, and maybe a corpus folder."""

    seeds: list[Path] = field(default_factory=list)
    exports: list[Path] = field(default_factory=list)
    corpus: Path | None = None


def targets(layout: Layout, paths: list[Path]) -> Targets:
    """Sort paths into seeds, exports and a corpus; no paths means the whole project.

    A ``.txt`` file (or the ``.json`` metadata beside one) is a seed, another ``.json`` file an
    export, a folder a corpus. Raises ValueError for anything else.
    """
    if not paths:
        return Targets(seed_files.seed_paths(layout.seeds), sorted(layout.exports.glob("*.json")), layout.corpus)
    found = Targets()
    for path in paths:
        if path.is_dir():
            if found.corpus is not None:
                raise ValueError(f"one corpus folder at a time: {found.corpus} and {path}")
            found.corpus = path
        elif path.suffix == ".txt" and (path.is_file() or path.is_symlink()):
            found.seeds.append(path)
        elif path.suffix == ".json" and path.with_suffix(".txt").is_file():
            found.seeds.append(path.with_suffix(".txt"))
        elif path.suffix == ".json" and path.is_file():
            found.exports.append(path)
        else:
            raise ValueError(f"{path} is not a seed .txt, an export .json or a corpus folder")
    return found


@dataclass
class Validation:
    """Problems found, and what was checked."""

    problems: list[Problem]
    checked: list[str]


def validate_project(layout: Layout, paths: list[Path] | None = None) -> Validation:
    """Validate ``paths`` (default: every seed, every export, then the corpus), stage by stage."""
    chosen = targets(layout, list(paths or []))
    whole = not paths
    checked = [f"{len(chosen.seeds)} seed(s)"] if chosen.seeds else []
    problems = read_documents(chosen.seeds)[1]
    if problems or not (chosen.exports or chosen.corpus):
        return Validation(problems, checked)
    documents, problems = read_documents(seed_files.seed_paths(layout.seeds))
    if problems:
        return Validation(problems, checked + ["the project's seeds"])
    checked += [f"{len(chosen.exports)} export(s)"] if chosen.exports or whole else []
    problems = [p for path in chosen.exports for p in validate_export(layout, path, documents)]
    if not problems and chosen.corpus is None and _built_from(layout, chosen.exports):
        checked.append("the project's exports together")
        problems = _derive_problems(layout)  # as the build: a document annotated twice, ids across exports
    if problems or chosen.corpus is None:
        return Validation(problems, checked)
    checked.append(f"corpus {chosen.corpus}")
    try:
        derived = derive(layout)  # across exports: a document annotated twice, entity ids, region ids
    except CorpusError as exc:
        return Validation(exc.problems, checked)
    return Validation(validate_corpus(layout, chosen.corpus, derived), checked)


def _built_from(layout: Layout, exports: list[Path]) -> bool:
    """Whether any of ``exports`` is one the project's build reads."""
    return any(path.resolve().parent == layout.exports.resolve() for path in exports)


def _derive_problems(layout: Layout) -> list[Problem]:
    try:
        derive(layout)
    except CorpusError as exc:
        return exc.problems
    return []
