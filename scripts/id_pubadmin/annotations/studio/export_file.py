"""The committed form of a Label Studio JSON export: stable, diffable, still importable.

A raw export changes on every server even when nobody edited anything: task and annotation ids,
timestamps, user ids and random ``unique_id`` values differ, and tasks come in server order. The
committed file keeps only what the annotation says and writes it in one canonical layout:

- each task keeps ``data`` and ``annotations``; server bookkeeping is dropped (``id``, ``inner_id``,
  ``project``, timestamps, counters, comment fields, ``drafts``, and ``predictions``, which the plain
  export lists as ids only);
- each annotation keeps ``result``, ``was_cancelled`` and ``ground_truth``; ``id``, ``unique_id``,
  ``completed_by``, ``lead_time``, timestamps and the other bookkeeping fields are dropped;
- results are kept whole, regions sorted by (start, end, from_name, id), then relations by
  (from_id, to_id, labels);
- tasks sorted by ``data.document_id``; annotations most authoritative first (ground truth, then
  latest ``updated_at``, then highest id), so a reader that prefers the ground-truth, then the latest
  annotation picks the same one from the committed file, where ties fall back to file order;
- JSON with sorted keys, indent 2, UTF-8 without escapes, and a trailing newline.

What remains is a subset of the export format that Label Studio imports as it is (the live tests
import a pulled file into a fresh project and pull the same bytes back).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.atomic import write_text
from ...core.errors import StudioError
from ..label_config import DOCUMENT_ID

ANNOTATION_KEYS = ("result", "was_cancelled", "ground_truth")

Task = dict[str, Any]


def result_order(item: dict[str, Any]) -> tuple:
    """Sort key of one result: regions by position first, relations after them."""
    value = item.get("value") or {}
    if "start" in value and "end" in value:
        return (0, value["start"], value["end"], item.get("from_name", ""), str(item.get("id", "")))
    if item.get("type") == "relation":
        return (1, str(item.get("from_id", "")), str(item.get("to_id", "")), sorted(item.get("labels") or []))
    return (2, item.get("from_name", ""), str(item.get("id", "")))


def sorted_results(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(results, key=result_order)


def normalise_export(tasks: list[Task]) -> list[Task]:
    """Tasks of a raw export in the committed form described in the module docstring."""
    def task_order(task: Task) -> tuple:
        return (str(task.get("data", {}).get(DOCUMENT_ID, "")), task.get("id", 0))

    normalised = []
    for task in sorted(tasks, key=task_order):
        annotations = sorted(task.get("annotations") or [], key=_authority, reverse=True)
        normalised.append({
            "data": task.get("data", {}),
            "annotations": [
                {**{k: a[k] for k in ANNOTATION_KEYS if k in a}, "result": sorted_results(a.get("result") or [])}
                for a in annotations
            ],
        })
    return normalised


def _authority(annotation: dict[str, Any]) -> tuple:
    return (bool(annotation.get("ground_truth")), str(annotation.get("updated_at") or ""), annotation.get("id") or 0)


def export_text(tasks: list[Task]) -> str:
    """The committed text of normalised tasks."""
    return json.dumps(tasks, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def region_count(tasks: list[Task]) -> int:
    """Labelled regions in submitted (not cancelled) annotations: what a pull must not lose silently."""
    return sum(
        1
        for task in tasks
        for annotation in task.get("annotations") or []
        if not annotation.get("was_cancelled")
        for item in annotation.get("result") or []
        if item.get("type") in ("labels", "hypertextlabels")
    )


@dataclass(frozen=True)
class Written:
    """What writing an export did."""

    path: Path
    regions_before: int | None
    regions_after: int
    changed: bool
    backup: Path | None


def backup_path(path: Path) -> Path:
    """Where the previous export is kept; not ``*.json``, so builds never read it."""
    return path.with_name(path.name + ".bak")


def write_export(path: Path, tasks: list[Task], force: bool = False) -> Written:
    """Replace ``path`` with normalised ``tasks``, keeping the old file as ``.bak``.

    Refuses (unless ``force``) when the new export holds fewer regions than the file it replaces:
    an empty or different server would otherwise wipe committed annotations.
    """
    normalised = normalise_export(tasks)
    text = export_text(normalised)
    after = region_count(normalised)
    if not path.exists():
        write_text(path, text)
        return Written(path, None, after, True, None)
    old_text = path.read_text(encoding="utf-8")
    try:
        before: int | None = region_count(json.loads(old_text))
    except (json.JSONDecodeError, AttributeError, TypeError):
        before = None
    if old_text == text:
        return Written(path, before, after, False, None)
    if before is not None and after < before and not force:
        raise StudioError(
            f"the studio project has {after} labelled regions but {path} has {before}; "
            f"nothing was written. Pull from the right server, or pass --force to overwrite")
    backup = backup_path(path)
    shutil.copyfile(path, backup)
    write_text(path, text)
    return Written(path, before, after, True, backup)
