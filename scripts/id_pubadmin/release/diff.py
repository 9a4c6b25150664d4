"""What changed between two built corpora: what a maintainer reads before a release.

Rows are matched by stable ids, not by position: documents by ``document_id``, sentences by
``(document_id, sentence_index)``, entity mentions by ``(document_id, mention_id)`` and quotes by
``(document_id, quote_id)``. A row present on one side only is added or removed; a row present
on both sides with other values is changed, with the fields that differ.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.errors import CorpusError
from ..corpus.parquet import canonical_json
from ..corpus.read import corpus_views, read_corpus
from ..segment.document_view import DocumentView
from .manifest import missing_data_files, read_manifest

KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "sentences": ("document_id", "sentence_index"),
    "entities": ("document_id", "mention_id"),
    "quotes": ("document_id", "quote_id"),
}
SHOWN: dict[str, tuple[str, ...]] = {  # what identifies a row to a reader, besides its key
    "documents": ("source_file",),
    "sentences": ("text",),
    "entities": ("label", "text"),
    "quotes": ("type", "text"),
}
SHORT = 60

Row = dict[str, Any]


@dataclass
class Change:
    """One changed row: its key and, per differing field, the value before and after."""

    key: dict[str, Any]
    fields: dict[str, tuple[Any, Any]]


@dataclass
class KindDiff:
    """Added, removed and changed rows of one config."""

    kind: str
    before: int
    after: int
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class CorpusDiff:
    before: str
    after: str
    before_version: str | None
    after_version: str | None
    kinds: list[KindDiff]


def _flat(rows: dict[str, dict[str, list[Row]]], kind: str) -> dict[tuple[Any, ...], Row]:
    found = [row for split in labels.SPLITS for row in rows.get(kind, {}).get(split, [])]
    return {tuple(row[key] for key in KEYS[kind]): row for row in found}


def diff_kind(kind: str, before: dict[str, dict[str, list[Row]]], after: dict[str, dict[str, list[Row]]]) -> KindDiff:
    """Rows of one config added, removed or changed from ``before`` to ``after``."""
    old, new = _flat(before, kind), _flat(after, kind)
    result = KindDiff(kind, len(old), len(new))
    result.added = [new[key] for key in sorted(new.keys() - old.keys())]
    result.removed = [old[key] for key in sorted(old.keys() - new.keys())]
    for key in sorted(old.keys() & new.keys()):
        differing = {name: (old[key].get(name), new[key].get(name))
                     for name in sorted(old[key].keys() | new[key].keys()) if old[key].get(name) != new[key].get(name)}
        if differing:
            result.changed.append(Change(dict(zip(KEYS[kind], key)), differing))
    return result


def _document_rows(view: DocumentView) -> dict[str, list[Row]]:
    return {"documents": [view.document], "sentences": view.sentences, "entities": view.entities,
            "quotes": view.quotes}


def _digests(folder: Path) -> tuple[dict[str, bytes], Counter[str]]:
    """A digest of each document's rows, and the rows of each config, read a document at a time."""
    digests, counts = {}, Counter[str]()
    for view in corpus_views(folder):
        rows = _document_rows(view)
        counts.update({kind: len(found) for kind, found in rows.items()})
        digests[view.document_id] = hashlib.sha256(canonical_json(rows).encode("utf-8")).digest()
    return digests, counts


def _rows_of(folder: Path, documents: set[str]) -> dict[str, dict[str, list[Row]]]:
    """The rows of ``documents`` only, by config and split."""
    rows: dict[str, dict[str, list[Row]]] = {kind: {} for kind in KEYS}
    for view in corpus_views(folder):
        if view.document_id in documents:
            for kind, found in _document_rows(view).items():
                rows[kind].setdefault(view.split, []).extend(found)
    return rows


def _version(folder: Path) -> str | None:
    problems = read_corpus(folder, with_rows=False)[1] or missing_data_files(folder)
    if problems:
        raise CorpusError(problems)
    manifest, _ = read_manifest(folder)
    return manifest["version"] if manifest else None


def diff_corpora(before: Path, after: Path) -> CorpusDiff:
    """The difference between two built corpus folders; CorpusError if one cannot be read.

    Both are read a document at a time, twice: first to find the documents whose rows differ (by a
    digest of each document's rows), then to compare the rows of those only, so memory grows with
    the difference, not with the corpora.
    """
    old_version, new_version = _version(before), _version(after)
    (old_digests, old_counts), (new_digests, new_counts) = _digests(before), _digests(after)
    differing = {document for document in old_digests.keys() | new_digests.keys()
                 if old_digests.get(document) != new_digests.get(document)}
    old, new = _rows_of(before, differing), _rows_of(after, differing)
    kinds = []
    for kind in KEYS:
        found = diff_kind(kind, old, new)
        found.before, found.after = old_counts[kind], new_counts[kind]
        kinds.append(found)
    return CorpusDiff(str(before), str(after), old_version, new_version, kinds)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHORT else text[:SHORT - 1] + "…"


def _describe(kind: str, row: Row) -> str:
    key = " ".join(str(row[name]) for name in KEYS[kind])
    return f"{key}: " + " ".join(_short(row[name]) for name in SHOWN[kind])


def diff_text(diff: CorpusDiff) -> str:
    """The difference for reading: counts per config, then every added, removed and changed row."""
    lines = [f"before: {diff.before} (version {diff.before_version or 'unknown'})",
             f"after:  {diff.after} (version {diff.after_version or 'unknown'})"]
    for kind in diff.kinds:
        lines.append(f"{kind.kind}: {kind.before} -> {kind.after} ({len(kind.added)} added, "
                     f"{len(kind.removed)} removed, {len(kind.changed)} changed)")
        lines += [f"  + {_describe(kind.kind, row)}" for row in kind.added]
        lines += [f"  - {_describe(kind.kind, row)}" for row in kind.removed]
        for change in kind.changed:
            key = " ".join(str(value) for value in change.key.values())
            details = "; ".join(f"{name} {_short(old)} -> {_short(new)}" for name, (old, new) in change.fields.items())
            lines.append(f"  ~ {key}: {details}")
    if all(kind.unchanged for kind in diff.kinds):
        lines.append("no documents, sentences, entities or quotes differ")
    return "\n".join(lines)


def diff_json(diff: CorpusDiff, ascii_only: bool = False) -> str:
    """The difference as JSON, with complete rows and values (non-ASCII characters escaped if ``ascii_only``)."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=ascii_only)
