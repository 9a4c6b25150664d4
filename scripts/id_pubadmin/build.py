"""The build pipeline: seeds and annotation exports in, a Hub-ready ``corpus/`` folder out.

Named steps run in order, each declaring the files it reads and writes as globs relative to the
project root (:class:`Step`). The declared inputs are the build's inputs: their sha256 go into the
manifest, and with the code version and the state of the output they make the build lock, which
lets an unchanged project skip the build. Documents stream through: each one's rows are derived,
checked and encoded by :func:`~id_pubadmin.corpus.document.build_document` (in ``jobs``
processes, results cached by their inputs), written into row groups and appended to the exports at
once, so memory does not grow with the corpus; the corpus-wide checks and counts are added up on
the way. Everything is written into a staging folder that replaces the old corpus only when every
check passed, so a failed or killed build leaves the previous corpus intact.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import exports
from .annotations.agreement import agreement, card_line
from .core import build_lock
from .core import cache as results
from .core.atomic import (
    check_output,
    recover,
    remove,
    replace_folder,
    staging_folder,
    write_text,
)
from .core.errors import CorpusInvalid, Interrupted, Problem, lowest_level
from .core.fields import CONFIGS
from .core.terminal import say
from .core.outputs import refuse_non_regular
from .core.progress import progress_bar
from .core.workers import in_processes, worker_count
from .core.version import package_version, project_version
from .corpus import cache, schemas
from .corpus.document import document_item, is_result, pieces_of, problems_of, table_of
from .corpus.parquet import SplitWriter, WrittenFile
from .corpus.summary import CorpusSummary
from .derive import Annotated, read_annotations
from .layout import Layout, read_project_text
from .release import card, chart, croissant, history, manifest
from .seeds import seed_files, seed_metadata

WINDOW = 64  # documents in flight per process
CLOCK_MARGIN = 2.0  # seconds: file times on some file systems are rounded down to 2 s


@dataclass
class Built:
    """What a build read, and what it wrote into ``folder``."""

    folder: Path
    jobs: int = 1
    bar: bool = False
    version: history.CorpusVersion = field(default_factory=lambda: history.CorpusVersion(package_version(), None))
    carried: dict[str, str] = field(default_factory=dict)  # corpus file name -> text it gets unchanged
    card_text: str = ""  # the dataset card, rendered into the corpus README
    inputs: dict[str, str] = field(default_factory=dict)  # sha256 of every input file, by path
    seeds: list[Path] = field(default_factory=list)
    annotations: Annotated = field(default_factory=Annotated)
    summary: CorpusSummary = field(default_factory=CorpusSummary)
    files: dict[str, dict[str, list[WrittenFile]]] = field(default_factory=dict)  # config -> split -> files
    cache: Path | None = None  # per-document results
    file_cache: Path | None = None  # files made whole from them (spaCy files, charts)
    agreement: str = ""  # the card's sentence on inter-annotator agreement
    up_to_date: bool = False  # nothing was built: the lock shows ``folder`` is what this build would write
    say: Callable[[str], None] = lambda _: None  # a line for the user

    @property
    def annotated(self) -> set[str]:
        return self.annotations.annotated


def read_version(layout: Layout, built: Built) -> None:
    """The version to build, the card, and the files the corpus carries unchanged: release log and data licence."""
    log = history.release_log_text(layout.releases)
    licence = layout.data_licence
    carried = {history.RELEASES_NAME: log, licence.name: read_project_text(licence) if licence.exists() else None}
    built.carried = {name: text for name, text in carried.items() if text is not None}
    built.card_text = read_project_text(layout.card)
    logged = history.parse_releases(log, str(layout.releases)) if log is not None else []
    built.version = history.corpus_version(project_version(layout.root), logged)


def read_seeds(layout: Layout, built: Built) -> None:
    built.seeds = seed_files.seed_paths(layout.seeds)


def read_exports(layout: Layout, built: Built) -> None:
    built.annotations = read_annotations(layout, seed_files.SeedMap(built.seeds, seed_metadata.seed_text))
    built.agreement = card_line(agreement(sorted(layout.exports.glob("*.json"))).figures())


def _tasks(layout: Layout, built: Built) -> list[tuple[dict[str, Any], str]]:
    """(item, cache key) of every document, in corpus order."""
    files = built.inputs
    tasks = []
    for path in built.seeds:
        records = built.annotations.of(path.stem)
        item = document_item(path, records["entities"], records["quotes"], path.stem in built.annotated)
        inputs = [files.get(p.relative_to(layout.root).as_posix(), "")
                  for p in (path, seed_metadata.metadata_path(path))]
        tasks.append((item, cache.cache_key(item, inputs)))
    return tasks


def document_results(tasks: list[tuple[dict[str, Any], str]], folder: Path | None, jobs: int) -> Iterator[dict]:
    """The result of every task in order: cached ones read back, the others computed in ``jobs`` processes."""
    hits = [folder is not None and results.entry_path(folder, key).exists() for _, key in tasks]
    where = str(folder) if folder is not None else None
    misses = [(item, key, where) for (item, key), hit in zip(tasks, hits, strict=True) if not hit]
    computed = _computed(misses, jobs)
    for (item, key), hit in zip(tasks, hits, strict=True):
        result = results.load(folder, key, is_result) if hit and folder is not None else next(computed)
        yield result if result is not None else cache.build_and_store((item, key, where))


def _computed(misses: list[tuple[dict[str, Any], str, str | None]], jobs: int) -> Iterator[dict]:
    if jobs <= 1 or len(misses) <= 1:
        yield from map(cache.build_and_store, misses)
        return
    exports.load_libraries()  # once, before the workers fork
    named = ((Path(item["seed"]).stem, (item, key, where)) for item, key, where in misses)
    yield from in_processes(cache.build_and_store, named, jobs, WINDOW * jobs)  # bounded: results never pile up


def derive_and_write(layout: Layout, built: Built) -> None:
    """Every document's rows, checked and written in corpus order, and its exports; raises CorpusInvalid
    with the problems of the lowest level found in any document or across documents."""
    tasks = _tasks(layout, built)
    writers: dict[tuple[str, str], SplitWriter] = {}
    exported = exports.AllFormats(built.folder / exports.EXPORTS_FOLDER, built.file_cache)
    problems: list[Problem] = []
    results = document_results(tasks, built.cache, worker_count(built.jobs, len(tasks), built.say))
    for result in progress_bar(results, total=len(tasks), desc="build", unit="doc", enabled=built.bar):
        found = problems_of(result)
        if not found:
            summary = json.loads(result["summary"])
            found = built.summary.add(result["document_id"], summary)
        problems += found
        if problems:
            continue  # keep checking the other documents, write nothing more
        for config in CONFIGS:
            table = table_of(result, config.name)
            if table is not None:
                built.summary.add_first(config, summary["split"], table)
                key = (config.name, summary["split"])
                if key not in writers:
                    writers[key] = SplitWriter(built.folder, config, summary["split"])
                writers[key].add(table, result[f"{config.name}.json"])
        exported.add(summary["split"], pieces_of(result))
    if problems:
        raise CorpusInvalid(lowest_level(problems))
    for (config_name, split), writer in sorted(writers.items()):
        built.files.setdefault(config_name, {})[split] = writer.finish()
    exported.finish()


def write_metadata(layout: Layout, built: Built) -> None:
    """Schemas, card, charts, carried files, Croissant and the manifest, from the written files and the counts."""
    folder = built.folder
    for name, text in schemas.schema_files().items():
        write_text(folder / "schemas" / name, text)
    write_text(folder / "README.md", card.render(built.card_text, built.summary,
                                                 built.files, built.version, built.agreement))
    for name, data in chart.chart_files(built.summary, built.file_cache).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    for name, text in built.carried.items():
        write_text(folder / name, text)
    write_text(folder / croissant.CROISSANT_NAME, croissant.croissant_json(folder, built.files, built.version))
    manifest.write_manifest(folder, built.version.version, input_record(layout, built.inputs),
                            manifest.data_entries(folder, built.files))


@dataclass(frozen=True)
class Step:
    """A step of the build and the files it reads and writes, as globs relative to the project root.

    Outputs lie under ``corpus/``, which stands for the folder the build writes (``--output``).
    What a step takes from earlier steps or hands to later ones in memory is not a file and is not declared.
    """

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[[Layout, Built], None]

    def __str__(self) -> str:
        return f"{self.name}: {', '.join(self.inputs) or '(earlier steps)'} -> {', '.join(self.outputs) or '(memory)'}"


SEED_FILES = ("seeds/*.txt", "seeds/*.json")  # raw articles and their metadata
STEPS: tuple[Step, ...] = (
    Step("read-version", ("pyproject.toml", "corpus/RELEASES.json", "DATASET_CARD.md", "LICENSE-DATA.md"), (),
         read_version),
    Step("read-seeds", ("seeds/*.txt",), (), read_seeds),
    Step("read-annotations", ("annotations/exports/*.json", "annotations/label_config.xml", "annotations/entities.jsonl",
                              *SEED_FILES), (),
         read_exports),
    Step("write", SEED_FILES, ("corpus/*/*.parquet", "corpus/exports/**/*"), derive_and_write),
    Step("write-metadata", (), ("corpus/schemas/*.json", "corpus/README.md", "corpus/charts/*.png",
                                "corpus/RELEASES.json", "corpus/LICENSE-DATA.md", "corpus/croissant.json",
                                "corpus/MANIFEST.json"), write_metadata),
)


def input_state(layout: Layout) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file a step declares as an input, by its path relative to the root."""
    state = {}
    for path in {path for step in STEPS for pattern in step.inputs for path in layout.inputs_matching(pattern)}:
        try:
            status = path.stat()
        except OSError:
            continue  # removed meanwhile: missing from the state, so a change
        state[path.relative_to(layout.root).as_posix()] = (status.st_size, status.st_mtime_ns)
    return state


def check_unchanged(layout: Layout, state: dict[str, tuple[int, int]]) -> None:
    """Raise Interrupted when an input was added, removed or changed since ``state`` was taken."""
    now = input_state(layout)
    changed = sorted(name for name in now.keys() | state.keys() if now.get(name) != state.get(name))
    if changed:
        how = "added" if changed[0] not in state else "removed" if changed[0] not in now else "changed"
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise Interrupted(f"{changed[0]}{more} was {how} while the build ran; nothing was written, the previous "
                          "corpus is intact; build again once the inputs are settled")


def checksum_inputs(layout: Layout) -> dict[str, str]:
    """sha256 of every file a step declares as an input, by its path relative to the project root."""
    paths = {path for step in STEPS for pattern in step.inputs for path in layout.inputs_matching(pattern)}
    return manifest.file_checksums(layout.root, list(paths))


def input_record(layout: Layout, checksums: dict[str, str]) -> dict[str, Any]:
    """What ``MANIFEST.json`` says of the inputs (``build_inputs``): the package version; each file a
    plain pattern names, with its sha256; per wildcard pattern (``seeds/*.txt``), how many files it
    matched and one sha256 over their sorted ``path sha256`` lines, so the manifest does not grow
    with the corpus."""
    files, sets = {}, {}
    for pattern in (pattern for step in STEPS for pattern in step.inputs):
        matched = [path.relative_to(layout.root).as_posix() for path in layout.inputs_matching(pattern)]
        if any(name not in checksums for name in matched):
            raise Interrupted(f"{pattern}: a file was added while the build ran; nothing was written; build again")
        if not glob.has_magic(pattern):
            files.update({name: checksums[name] for name in matched})
            continue
        listing = "".join(f"{name} {checksums[name]}\n" for name in sorted(matched))
        sets[pattern] = {"files": len(matched), "sha256": hashlib.sha256(listing.encode("utf-8")).hexdigest()}
    return {"package_version": package_version(), "files": dict(sorted(files.items())), "file_sets": dict(sorted(sets.items()))}


def undeclared_outputs(layout: Layout, folder: Path) -> list[str]:
    """Files in ``folder`` that no step declares as an output."""
    declared = {path for step in STEPS for pattern in step.outputs for path in layout.outputs_matching(pattern, folder)}
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p not in declared)


def build(layout: Layout, output: Path | None = None, progress: Callable[[str], None] = lambda _: None,
          jobs: int | None = None, bar: bool = False, use_cache: bool = True, skip_unchanged: bool = False) -> Built:
    """Derive, check and write the corpus to ``output`` (default ``corpus/``), atomically.

    One build of a project runs at a time: a build started while another runs waits for it, saying so
    on standard error, before it reads anything (:func:`.core.build_lock.one_at_a_time`).

    ``jobs`` processes derive documents (default: one per core); results are cached under
    ``.cache/`` unless ``use_cache`` is false, and what the build did not use is then removed from
    there; ``bar`` shows a progress bar. A successful build records its state in the build lock;
    with ``skip_unchanged`` nothing is built when the lock shows that the code, every input and the
    output are as the last build into ``output`` left them (the result says ``up_to_date``). Raises
    a CorpusError naming the problems of the lowest level found, having written nothing.
    """
    with build_lock.one_at_a_time(layout.running, lambda message: say(f"[build] {message}")):
        return _build(layout, output, progress, jobs, bar, use_cache, skip_unchanged)


def _build(layout: Layout, output: Path | None, progress: Callable[[str], None], jobs: int | None, bar: bool,
           use_cache: bool, skip_unchanged: bool) -> Built:
    target = output or layout.corpus
    check_output(target, layout.root, layout.inputs, manifest.is_corpus)
    refuse_non_regular(layout.lock)  # recorded after the swap: refused before anything is written
    recover(target)  # a build killed midway may have left staging folders, or the old corpus renamed
    state = input_state(layout)
    code, inputs = results.code_version(), checksum_inputs(layout)
    if skip_unchanged and build_lock.unchanged(layout.lock, target, code, inputs):
        return Built(target, up_to_date=True)
    staging = staging_folder(target)
    built = Built(staging, jobs or os.cpu_count() or 1, bar, cache=layout.cache if use_cache else None,
                  file_cache=layout.file_cache if use_cache else None,
                  inputs=inputs, say=progress)
    started = time.time()
    try:
        for step in STEPS:
            progress(str(step))
            step.run(layout, built)
            check_unchanged(layout, state)
        if undeclared := undeclared_outputs(layout, staging):
            raise RuntimeError(f"the build wrote files that no step declares as an output: {undeclared[:10]}")
        replace_folder(staging, target)
    except BaseException:
        remove(staging)
        raise
    built.folder = target
    for folder in (built.cache, built.file_cache):
        if folder is not None:  # keep what this build used; a timestamp may be rounded down by up to 2 s
            results.prune(folder, unused_since=started - CLOCK_MARGIN)
    build_lock.record(layout.lock, target, build_lock.build_state(code, inputs, target))
    return built


def summary_json(built: Built) -> dict:
    """What the build did, for ``build --format json``: the folder, whether it was already up to date,
    rows per config and split, tokens."""
    if built.up_to_date:
        return {"corpus": str(built.folder), "up_to_date": True}
    return {"corpus": str(built.folder), "up_to_date": False,
            "rows": {config.name: dict(built.summary.rows[config.name]) for config in CONFIGS},
            "tokens": built.summary.tokens}


def summary(built: Built) -> str:
    """Rows per config and split, for the end of a build."""
    lines = []
    for config in CONFIGS:
        counts = ", ".join(f"{split} {count}" for split, count in built.summary.rows[config.name].items())
        lines.append(f"{config.name:10} {counts or 'no rows'}")
    lines.append(f"{'tokens':10} {built.summary.tokens}")
    return "\n".join(lines)

