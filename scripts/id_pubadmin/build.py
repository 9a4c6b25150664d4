"""The build pipeline: seeds and annotation exports in, a Hub-ready ``corpus/`` folder out.

Named steps with declared inputs and outputs run in order. Everything is derived and checked in
memory first; only when every check passed is the new corpus written beside the old one and
swapped in, so a failed or killed build leaves the previous corpus intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .annotations import export as ls_export
from .core import labels
from .core.atomic import check_output, recover, remove, replace_folder, staging_folder, write_text
from .core.errors import CROSS_REFERENCES, CorpusInvalid, ExportError, define_error
from .core.fields import CONFIGS
from .core.splits import split_of
from .core.version import project_version
from .corpus import rows as corpus_rows
from .corpus import schemas
from .corpus.checks import check_rows
from .corpus.parquet import parquet_path, write_rows
from .layout import Layout, read_project_text
from .release import card, chart, croissant, history, manifest
from .seeds import seed_files

EXPORT_DOCUMENT_TWICE = define_error(
    "export-document-twice", CROSS_REFERENCES, "two export files annotate the same document",
    "keep one export per project; merge the annotations in Label Studio and pull again")

Row = dict[str, Any]
DATA_LICENCE = "LICENSE-DATA.md"


@dataclass
class Derived:
    """What the steps produce, in readable form."""

    documents: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    quotes: list[Row] = field(default_factory=list)
    annotated: set[str] = field(default_factory=set)  # documents with a usable annotation
    rows: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    version: history.CorpusVersion = field(default_factory=lambda: history.CorpusVersion(__version__, None))
    carried: dict[str, str] = field(default_factory=dict)  # corpus file name -> text it gets unchanged
    card_text: str = ""  # the dataset card, rendered into the corpus README
    inputs: dict[str, Any] = field(default_factory=dict)


def read_version(layout: Layout, derived: Derived) -> None:
    """The version to build, the card, and the files the corpus carries unchanged: release log and data licence."""
    log = history.release_log_text(layout.releases)
    licence = layout.root / DATA_LICENCE
    carried = {history.RELEASES_NAME: log, DATA_LICENCE: read_project_text(licence) if licence.exists() else None}
    derived.carried = {name: text for name, text in carried.items() if text is not None}
    derived.card_text = read_project_text(layout.card)
    logged = history.parse_releases(log, str(layout.releases)) if log is not None else []
    derived.version = history.corpus_version(project_version(layout.root), logged)


def checksum_inputs(layout: Layout, derived: Derived) -> None:
    seed_paths = seed_files.seed_paths(layout.seeds)
    paths = [*seed_paths, *map(seed_files.metadata_path, seed_paths), *layout.exports.glob("*.json"),
             layout.root / "annotations" / "label_config.xml"]
    derived.inputs = {"package_version": __version__,
                      "files": manifest.file_checksums(layout.root, [p for p in paths if p.exists()])}


def read_seeds(layout: Layout, derived: Derived) -> None:
    for path in seed_files.seed_paths(layout.seeds):
        seed = seed_files.parse_seed(path)
        derived.documents.append(corpus_rows.document_row(seed, seed_files.read_metadata(seed)))


def read_annotations(layout: Layout, derived: Derived) -> None:
    texts = {d["document_id"]: d["text"] for d in derived.documents}
    annotated_in: dict[str, Path] = {}
    for path in sorted(layout.exports.glob("*.json")):
        annotations = ls_export.read_export(path, texts)
        for document_id in annotations.annotated_documents:
            if document_id in annotated_in:
                raise ExportError([EXPORT_DOCUMENT_TWICE.at(
                    str(path), f"document {document_id}", f"also annotated in {annotated_in[document_id]}")])
            annotated_in[document_id] = path
        derived.annotated.update(annotations.annotated_documents)
        derived.entities += annotations.entities
        derived.quotes += annotations.quotes


def derive_rows(layout: Layout, derived: Derived) -> None:
    by_config: dict[str, list[Row]] = {config.name: [] for config in CONFIGS}
    for document in derived.documents:
        document_id = document["document_id"]
        sentences = corpus_rows.sentence_rows(document)
        entities = corpus_rows.entity_rows([e for e in derived.entities if e["document_id"] == document_id],
                                       sentences, document)
        quotes = corpus_rows.quote_rows([q for q in derived.quotes if q["document_id"] == document_id], sentences)
        by_config["documents"].append(document)
        by_config["sentences"] += sentences
        by_config["entities"] += entities
        by_config["quotes"] += quotes
        if document_id in derived.annotated:  # an unannotated document has no gold tags, not all-O ones
            by_config["ner"] += corpus_rows.ner_rows(sentences, entities)
    for name, rows in by_config.items():
        derived.rows[name] = {}
        for row in rows:
            derived.rows[name].setdefault(split_of(row["document_id"]), []).append(row)


def check(layout: Layout, derived: Derived) -> None:
    problems = check_rows(derived.rows, lambda config, split, index: f"{config}/{split} (built)")
    if problems:
        raise CorpusInvalid(problems)


@dataclass(frozen=True)
class Step:
    name: str
    inputs: str
    outputs: str
    run: Callable[[Layout, Derived], None]


STEPS: tuple[Step, ...] = (
    Step("read-version", "pyproject.toml, corpus/RELEASES.json, LICENSE-DATA.md, DATASET_CARD.md",
         "version, carried files, card", read_version),
    Step("checksum-inputs", "seeds/*, annotations/exports/*.json, annotations/label_config.xml",
         "input checksums", checksum_inputs),
    Step("read-seeds", "seeds/*.txt, seeds/*.json", "documents", read_seeds),
    Step("read-annotations", "annotations/exports/*.json", "entities, quotes", read_annotations),
    Step("derive-rows", "documents, entities, quotes", "rows of every config and split", derive_rows),
    Step("check", "rows", "nothing (raises on any problem)", check),
)


def derive(layout: Layout, progress: Callable[[str], None] = lambda _: None) -> Derived:
    """Run every step in memory; raises a CorpusError naming the first problems found."""
    derived = Derived()
    for step in STEPS:
        progress(f"{step.name}: {step.inputs} -> {step.outputs}")
        step.run(layout, derived)
    return derived


def write_corpus(derived: Derived, card_text: str, folder: Path) -> None:
    """Write every file of a corpus into an empty ``folder``."""
    for config in CONFIGS:
        for split in labels.SPLITS:
            rows = derived.rows[config.name].get(split)
            if rows:
                write_rows(parquet_path(folder, config.name, split), config, rows)
    for name, text in schemas.schema_files().items():
        write_text(folder / "schemas" / name, text)
    write_text(folder / "README.md", card.render(card_text, derived.rows, derived.version))
    (folder / chart.CHART_NAME).write_bytes(chart.entity_label_chart(derived.rows))
    for name, text in derived.carried.items():
        write_text(folder / name, text)
    write_text(folder / croissant.CROISSANT_NAME, croissant.croissant_json(folder, derived.rows, derived.version))
    manifest.write_manifest(folder, derived.version.version, derived.inputs, derived.rows)


def build(layout: Layout, output: Path | None = None, progress: Callable[[str], None] = lambda _: None) -> Derived:
    """Derive, check and write the corpus to ``output`` (default ``corpus/``), atomically."""
    target = output or layout.corpus
    check_output(target, layout.root, layout.inputs, manifest.is_corpus)
    recover(target)  # a build killed midway may have left staging folders, or the old corpus renamed
    derived = derive(layout, progress)
    progress(f"write: rows -> {target}")
    staging = staging_folder(target)
    try:
        write_corpus(derived, derived.card_text, staging)
        replace_folder(staging, target)
    except BaseException:
        remove(staging)
        raise
    return derived


def summary(derived: Derived) -> str:
    """Rows per config and split, for the end of a build."""
    lines = []
    for config in CONFIGS:
        counts = ", ".join(f"{split} {len(rows)}" for split, rows in derived.rows[config.name].items())
        lines.append(f"{config.name:10} {counts or 'no rows'}")
    tokens = sum(len(s["tokens"]) for splits in [derived.rows["sentences"]] for rows in splits.values() for s in rows)
    lines.append(f"{'tokens':10} {tokens}")
    return "\n".join(lines)
