"""Validating seeds, exports and the built corpus, level by level.

The whole project is checked in three stages, each only when the one before passed, since each
needs the one before: every seed (the documents), every export (checked against the documents),
then the corpus (checked against what the seeds and exports build). Within a stage, every file is
checked by levels (:func:`~id_pubadmin.core.errors.first_failing`). An export's records are also
checked as the corpus rows they become, so a guideline rule on rows is reported against the export
that breaks it.
"""

from __future__ import annotations

import filecmp
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

from .annotations import export as ls_export
from .annotations.registry import REGISTRY_NAME
from .core.errors import CROSS_REFERENCES, CorpusError, Problem, UsageError, define_error
from .core.fields import CONFIGS
from .core.labels import SPLITS
from .core.progress import progress_bar
from .corpus import rows as corpus_rows
from .corpus.checks import Rows, check_rows
from .corpus.problems import Locate
from .derive import Derived, derive, derive_rows
from .layout import Layout
from .seeds import seed_files, seed_metadata

CORPUS_EXPORT_MISMATCH = define_error(
    "corpus-export-mismatch", CROSS_REFERENCES,
    "a file under the corpus's exports/ is not what its rows export to (CoNLL-U, CoNLL-2003, spaCy or brat made "
    "from other rows, edited, or taken from a changed build cache entry)",
    "rebuild with `id-pubadmin build --no-cache`; if it happens again, delete ROOT/.cache/")
EXPLAIN_ROWS = 200_000  # rows of a differing corpus read into memory to explain it; a larger one is streamed


def validate_corpus(layout: Layout, corpus: Path | None = None, bar: bool = False) -> list[Problem]:
    """Every problem of a built corpus, by levels; an empty list when it is sound.

    The project is built afresh into a temporary folder (streamed, documents from the build cache);
    a corpus whose files are byte for byte that build is sound, since the build checked every row.
    Its exports are also made afresh from its rows and compared (a changed cache entry could have
    fed both it and the fresh build). A corpus that differs is explained: one of at most :data:`EXPLAIN_ROWS` rows is read into memory
    and checked level by level; a larger one is compared with the fresh build file by file, a batch
    of rows at a time, naming the first row of each file that breaks its schema or differs.
    """
    from .build import build
    from .corpus.provenance import first_differences, stale_files

    corpus = corpus or layout.corpus
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-validate-") as fresh:
        try:
            built = build(layout, Path(fresh) / "corpus", bar=bar)
        except CorpusError as exc:  # seeds and exports that do not build: nothing to compare the corpus with
            return exc.problems
        stale = stale_files(corpus, built.folder)
        if not stale:  # as built, but the build takes export pieces from its cache: check them against the rows
            return export_mismatches(corpus)
        if _row_count(corpus) > EXPLAIN_ROWS:
            return _file_problems(corpus, with_rows=False) or first_differences(corpus, built.folder) or stale
    return _file_problems(corpus) or _row_problems(layout, corpus) or stale


def _row_count(corpus: Path) -> int:
    """Rows of the corpus's Parquet files, from their footers; 0 for files that cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .corpus.parquet import split_files

    count = 0
    for config in CONFIGS:
        for split in SPLITS:
            for path in split_files(corpus, config.name, split):
                try:
                    count += pq.ParquetFile(path).metadata.num_rows
                except (OSError, pa.ArrowException):
                    continue  # reported as unreadable by the file checks
    return count


def _file_problems(corpus: Path, with_rows: bool = True) -> list[Problem]:
    """Files of the corpus that cannot be read as what they should be (Parquet columns, UTF-8, JSON), or that
    its manifest lists and it lacks; without ``with_rows``, Parquet files are checked by their columns only."""
    from .corpus.read import read_corpus, text_file_problems
    from .release.manifest import missing_data_files

    return read_corpus(corpus, with_rows=with_rows)[1] + text_file_problems(corpus) + missing_data_files(corpus)


def _row_problems(layout: Layout, corpus: Path) -> list[Problem]:
    """Row checks of the corpus, and where its rows differ from what the project builds now."""
    from .corpus.provenance import parquet_locator
    from .corpus.read import read_corpus

    return corpus_row_problems(read_corpus(corpus)[0], derive(layout).rows, parquet_locator(corpus))


def corpus_row_problems(rows: Rows, derived: Rows, locate: Locate) -> list[Problem]:
    """Row checks of every level, with tracing to ``derived`` (a fresh build's rows) among the cross references."""
    from .corpus.provenance import trace_check

    return check_rows(rows, locate, extra=[(CROSS_REFERENCES, trace_check(derived))])


def document_of(path: Path) -> dict[str, Any]:
    """The document row of a seed, its metadata checked."""
    seed = seed_files.parse_seed(path)
    return corpus_rows.document_row(seed, seed_metadata.read_metadata(seed))


def seed_problems(paths: list[Path], bar: bool = False) -> list[Problem]:
    """Problems of the seeds at ``paths``, read one at a time."""
    problems = []
    for path in progress_bar(paths, total=len(paths), desc="seeds", unit="seed", enabled=bar):
        try:
            document_of(path)
        except CorpusError as exc:
            problems += exc.problems
    return problems


def validate_export(layout: Layout, path: Path, documents: Mapping[str, dict]) -> list[Problem]:
    """Problems of one export: its own checks, then the row checks of the records it yields."""
    try:
        annotations = ls_export.read_export(path, _Texts(documents))
        derived = Derived([documents[key] for key in annotations.annotated_documents],
                          annotations.entities, annotations.quotes, set(annotations.annotated_documents))
        derive_rows(derived)
    except CorpusError as exc:
        return [_in_file(problem, path) for problem in exc.problems]
    return check_rows(derived.rows, lambda config, *_: f"{path} (as {config} rows)")


class _Texts(Mapping[str, str]):
    """Document id -> text, of a mapping of document rows."""

    def __init__(self, documents: Mapping[str, dict]):
        self._documents = documents

    def __getitem__(self, document_id: str) -> str:
        return self._documents[document_id]["text"]

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


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
    export, the entity registry ``entities.jsonl`` the project's exports, a folder a corpus. Raises
    UsageError for anything else.
    """
    if not paths:
        return Targets(seed_files.seed_paths(layout.seeds), sorted(layout.exports.glob("*.json")), layout.corpus)
    found = Targets()
    for path in paths:
        if path.is_dir():
            if found.corpus is not None:
                raise UsageError(f"one corpus folder at a time: {found.corpus} and {path}")
            found.corpus = path
        elif path.suffix == ".txt" and (path.is_file() or path.is_symlink()):
            found.seeds.append(path)
        elif path.suffix == ".json" and path.with_suffix(".txt").is_file():
            found.seeds.append(path.with_suffix(".txt"))
        elif path.suffix == ".json" and path.is_file():
            found.exports.append(path)
        elif path.name == REGISTRY_NAME and path.is_file():  # the registry is checked with the exports it serves
            found.exports += sorted(set(layout.exports.glob("*.json")) - set(found.exports))
        else:
            raise UsageError(f"{path} is not a seed .txt, an export .json, the entity registry {REGISTRY_NAME} "
                             "or a corpus folder")
    return found


@dataclass
class Validation:
    """Problems found, and what was checked."""

    problems: list[Problem]
    checked: list[str]


def validate_project(layout: Layout, paths: list[Path] | None = None, bar: bool = False) -> Validation:
    """Validate ``paths`` (default: every seed, every export, then the corpus), stage by stage.

    The corpus stage builds the project afresh, which also checks what spans exports (a document
    annotated twice, entity ids, region ids).
    """
    chosen = targets(layout, list(paths or []))
    whole = not paths
    checked = [f"{len(chosen.seeds)} seed(s)"] if chosen.seeds else []
    problems = seed_problems(chosen.seeds, bar)
    if problems or not (chosen.exports or chosen.corpus):
        return Validation(problems, checked)
    project_seeds = seed_files.seed_paths(layout.seeds)
    if not whole:  # every seed was checked above when the whole project is validated
        problems = seed_problems(project_seeds, bar)
        if problems:
            return Validation(problems, checked + ["the project's seeds"])
    documents = seed_files.SeedMap(project_seeds, document_of)
    checked += [f"{len(chosen.exports)} export(s)"] if chosen.exports or whole else []
    problems = [p for path in chosen.exports for p in validate_export(layout, path, documents)]
    if not problems and chosen.corpus is None and _built_from(layout, chosen.exports):
        checked.append("the project's exports together")
        problems = _derive_problems(layout)  # as the build: a document annotated twice, ids across exports
    if problems or chosen.corpus is None:
        return Validation(problems, checked)
    checked.append(f"corpus {chosen.corpus}")
    return Validation(validate_corpus(layout, chosen.corpus, bar), checked)


def _built_from(layout: Layout, exports: list[Path]) -> bool:
    """Whether any of ``exports`` is one the project's build reads."""
    return any(path.resolve().parent == layout.exports.resolve() for path in exports)


def _derive_problems(layout: Layout) -> list[Problem]:
    try:
        derive(layout)
    except CorpusError as exc:
        return exc.problems
    return []


def export_mismatches(corpus: Path) -> list[Problem]:
    """Files of ``corpus/exports/`` that differ from what the corpus's own rows export to (made here, afresh,
    in a temporary folder), naming the first differing line of a text file."""
    from .corpus.read import corpus_views
    from .exports import EXPORTS_FOLDER, AllFormats, pieces

    found = corpus / EXPORTS_FOLDER
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-exports-") as fresh:
        made = AllFormats(Path(fresh))
        for view in corpus_views(corpus):
            made.add(view.split, pieces(view))
        made.finish()
        problems = []
        for relative in sorted(_files_under(found) | _files_under(Path(fresh))):
            ours, theirs = found / relative, Path(fresh) / relative
            if not ours.is_file() or not theirs.is_file() or not filecmp.cmp(ours, theirs, shallow=False):
                problems.append(CORPUS_EXPORT_MISMATCH.at(str(ours), _first_differing_line(ours, theirs),
                                                          "differs from what the corpus's rows export to"))
    return problems


def _first_differing_line(found: Path, made: Path) -> str:
    """``line N`` where two text files first differ; empty for a missing or binary file."""
    try:
        with found.open("rb") as a, made.open("rb") as b:
            for number, (left, right) in enumerate(zip_longest(a, b), start=1):
                if left != right:
                    return f"line {number}" if found.suffix in (".conllu", ".txt") else ""
    except OSError:
        return ""
    return ""


def _files_under(folder: Path) -> set[Path]:
    return {path.relative_to(folder) for path in folder.rglob("*") if path.is_file()}
