"""Reading the annotations by document, and deriving rows in memory where the inputs are small.

The build streams documents (:mod:`id_pubadmin.build`); the in-memory form here serves what needs
every row at once but only of a few documents: the rows one export yields, the validator's
diagnosis of a corpus that differs from a fresh build, and tests. Both run the same per-document
function, :func:`~id_pubadmin.corpus.document.document_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .annotations import export as ls_export
from .annotations import registry
from .core.errors import CROSS_REFERENCES, CorpusInvalid, ExportError, define_error
from .core.fields import CONFIGS, Row, Rows
from .core.splits import split_of
from .corpus import rows as corpus_rows
from .corpus.checks import check_rows
from .corpus.document import built_locate, document_rows
from .layout import Layout
from .seeds import seed_files, seed_metadata

EXPORT_DOCUMENT_TWICE = define_error(
    "export-document-twice", CROSS_REFERENCES, "two export files annotate the same document",
    "keep one export per project; merge the annotations in Label Studio and pull again")


@dataclass
class Annotated:
    """Entity and quote records grouped by document, and the documents with a usable annotation."""

    records: dict[str, dict[str, list[Row]]] = field(default_factory=dict)  # document -> entities, quotes
    annotated: set[str] = field(default_factory=set)

    def of(self, document_id: str) -> dict[str, list[Row]]:
        return self.records.get(document_id, {"entities": [], "quotes": []})


def read_annotations(layout: Layout, texts: Mapping[str, str]) -> Annotated:
    """Every export's records, checked against the document ``texts`` (id -> text), grouped by document once."""
    found = Annotated()
    annotated_in: dict[str, Path] = {}
    for path in sorted(layout.exports.glob("*.json")):
        annotations = ls_export.read_export(path, texts)
        for document_id in annotations.annotated_documents:
            if document_id in annotated_in:
                raise ExportError([EXPORT_DOCUMENT_TWICE.at(
                    str(path), f"document {document_id}", f"also annotated in {annotated_in[document_id]}")])
            annotated_in[document_id] = path
        found.annotated.update(annotations.annotated_documents)
        for kind, records in (("entities", annotations.entities), ("quotes", annotations.quotes)):
            for record in records:
                found.records.setdefault(record["document_id"], {"entities": [], "quotes": []})[kind].append(record)
    every = [record for records in found.records.values() for record in records["entities"]]
    for records in found.records.values():
        records["entities"] = []
    for record in registry.linked_records(layout.annotations, every):  # one id, one entity, in every document
        found.records[record["document_id"]]["entities"].append(record)
    return found


@dataclass
class Derived:
    """Documents, their records and the rows derived from them, all in memory."""

    documents: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    quotes: list[Row] = field(default_factory=list)
    annotated: set[str] = field(default_factory=set)  # documents with a usable annotation
    rows: Rows = field(default_factory=dict)


def derive_rows(derived: Derived) -> None:
    """Rows of every config and split from the documents and records, grouped by document once."""
    grouped: dict[str, dict[str, list[Row]]] = {d["document_id"]: {"entities": [], "quotes": []}
                                                for d in derived.documents}
    for kind, records in (("entities", derived.entities), ("quotes", derived.quotes)):
        for record in records:
            grouped.setdefault(record["document_id"], {"entities": [], "quotes": []})[kind].append(record)
    derived.rows = {config.name: {} for config in CONFIGS}
    for document in derived.documents:
        document_id = document["document_id"]
        records = grouped[document_id]
        for name, rows in document_rows(document, records["entities"], records["quotes"],
                                        document_id in derived.annotated).items():
            if rows:
                derived.rows[name].setdefault(split_of(document_id), []).extend(rows)


def derive(layout: Layout) -> Derived:
    """Every row of the project, derived and checked in memory; raises a CorpusError naming the first problems."""
    derived = Derived()
    for path in seed_files.seed_paths(layout.seeds):
        seed = seed_files.parse_seed(path)
        derived.documents.append(corpus_rows.document_row(seed, seed_metadata.read_metadata(seed)))
    annotations = read_annotations(layout, {d["document_id"]: d["text"] for d in derived.documents})
    derived.annotated = annotations.annotated
    for document in derived.documents:
        records = annotations.of(document["document_id"])
        derived.entities += records["entities"]
        derived.quotes += records["quotes"]
    derive_rows(derived)
    problems = check_rows(derived.rows, built_locate)
    if problems:
        raise CorpusInvalid(problems)
    return derived
