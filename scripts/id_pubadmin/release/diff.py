"""What changed between two built corpora: what a maintainer reads before a release.

Rows are matched by stable ids, not by position: documents by ``document_id``, sentences by
``(document_id, sentence_index)``, entity mentions by ``(document_id, mention_id)`` and quotes by
``(document_id, quote_id)``. A row present on one side only is added or removed; a row present
on both sides with other values is changed, with the fields that differ.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.errors import CorpusError
from ..corpus.read import read_corpus
from .manifest import read_manifest

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


def _read(folder: Path) -> tuple[dict[str, dict[str, list[Row]]], str | None]:
    rows, problems = read_corpus(folder)
    if problems:
        raise CorpusError(problems)
    manifest, _ = read_manifest(folder)
    return rows, manifest["version"] if manifest else None


def diff_corpora(before: Path, after: Path) -> CorpusDiff:
    """The difference between two built corpus folders; CorpusError if one cannot be read."""
    old, old_version = _read(before)
    new, new_version = _read(after)
    return CorpusDiff(str(before), str(after), old_version, new_version, [diff_kind(kind, old, new) for kind in KEYS])


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


def diff_json(diff: CorpusDiff) -> str:
    """The difference as JSON, with complete rows and values."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False)
