"""The committed form of a Label Studio JSON export: stable, diffable, still importable.

A raw export lists server bookkeeping (counters, ``unique_id``, comment fields, user ids) and comes
in server order. The committed file keeps what the annotation says, who made it and when, in one
canonical layout:

- each task keeps its Label Studio ``id`` (so a problem names the task to open), ``data`` and
  ``annotations``; ``drafts`` are reported by the pull, never committed, and predictions never are;
- each annotation keeps ``id``, ``completed_by`` as ``{"email": ...}`` (the stable annotator id,
  the form Label Studio's import maps back to a user), ``updated_by`` likewise, ``created_at``,
  ``updated_at``, ``lead_time``, ``ground_truth``, ``was_cancelled`` and ``result``;
- a pulled annotation linked to one of the previous committed file (same id; or the server's
  ``import_id``, which ``push`` sets to the committed id; or the same result) keeps that one's
  annotator and creation time, and, when its result is unchanged, its update time and lead time:
  pushing to a new server re-creates annotations as the admin user, and that must not rewrite who
  annotated what;
- results are kept whole, regions sorted by (start, end, from_name, id), then relations by
  (from_id, to_id, labels); tasks sorted by ``data.document_id``; annotations ground truth first,
  then by id;
- JSON with sorted keys, indent 2, UTF-8 without escapes, and a trailing newline.

Writing guards the file per document and per annotation: regions deleted in Label Studio are
accepted, and so is an annotation deleted from a task of the same server (same task id); an export
that lacks a committed document, or annotations of a task that comes from another server, is
refused (an empty or wrong server).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ...core.atomic import write_text
from ...core.errors import StudioError
from ..label_config import DOCUMENT_ID
from ..tasks import annotator

Task = dict[str, Any]
PROVENANCE = ("completed_by", "updated_by", "created_at", "updated_at", "lead_time")
USER_KEYS = ("completed_by", "updated_by")


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


def content(annotation: dict[str, Any]) -> str:
    """What an annotation says, whatever the order of its results: the key for matching."""
    return json.dumps(sorted_results(annotation.get("result") or []), sort_keys=True)


def document_of(task: Task) -> str:
    return str((task.get("data") or {}).get(DOCUMENT_ID, ""))


def normalise_export(tasks: list[Task], users: dict[int, str] | None = None,
                     previous: list[Task] | None = None) -> list[Task]:
    """Tasks of a raw export in the committed form; ``users`` maps user ids to e-mails."""
    earlier = {document_of(task): task.get("annotations") or [] for task in previous or []}
    normalised = []
    for task in sorted(tasks, key=lambda t: (document_of(t), t.get("id", 0))):
        raw = task.get("annotations") or []
        matches = _matches(raw, earlier.get(document_of(task), []))
        annotations = [_annotation(a, users or {}, matches.get(i)) for i, a in enumerate(raw)]
        annotations.sort(key=lambda a: (not a.get("ground_truth"), a.get("id", 0)))
        normalised.append({**({"id": task["id"]} if "id" in task else {}), "data": task.get("data", {}),
                           "annotations": annotations})
    return normalised


def _matches(raw: list[dict[str, Any]], earlier: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Pulled annotation (by position) -> the committed one it is: the one its ``import_id`` names
    (pushed from it, maybe edited since), the one with its id (same server), else the same result."""
    links = (lambda committed, pulled: committed.get("id") is not None and committed["id"] == pulled.get("import_id"),
             lambda committed, pulled: committed.get("id") is not None and committed["id"] == pulled.get("id"),
             lambda committed, pulled: content(committed) == content(pulled))
    unmatched, matches = [a for a in earlier if isinstance(a, dict)], {}
    for linked in links:
        for position, annotation in enumerate(raw):
            same = None if position in matches else next((a for a in unmatched if linked(a, annotation)), None)
            if same is not None:
                unmatched.remove(same)
                matches[position] = same
    return matches


def _annotation(raw: dict[str, Any], users: dict[int, str], same: dict[str, Any] | None) -> dict[str, Any]:
    """The committed form of a pulled annotation; the committed one it is keeps its annotator and
    creation time, and, when the content is unchanged, its update time and lead time too."""
    kept = {key: raw[key] for key in ("id", *PROVENANCE) if key in raw}
    for key in USER_KEYS:
        if isinstance(kept.get(key), int):
            kept[key] = {"email": users.get(kept[key], f"user-{kept[key]}")}
        elif key in kept and not isinstance(kept[key], dict):
            del kept[key]
    if same is not None:
        inherited = PROVENANCE if content(same) == content(raw) else ("completed_by", "created_at")
        kept = {**{k: v for k, v in kept.items() if k not in inherited},
                **{key: same[key] for key in inherited if key in same}}
    return {**kept, "ground_truth": bool(raw.get("ground_truth")), "was_cancelled": bool(raw.get("was_cancelled")),
            "result": sorted_results(raw.get("result") or [])}


def export_text(tasks: list[Task]) -> str:
    """The committed text of normalised tasks."""
    return json.dumps(tasks, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def region_count(tasks: list[Task]) -> int:
    """Labelled regions in submitted (not cancelled) annotations."""
    return sum(
        1
        for task in tasks
        for annotation in task.get("annotations") or []
        if not annotation.get("was_cancelled")
        for item in annotation.get("result") or []
        if item.get("type") in ("labels", "hypertextlabels")
    )


@dataclass
class Changes:
    """How a new export differs from the committed one: refused losses and accepted deletions."""

    refused: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)


def compare(old: list[Task], new: list[Task]) -> Changes:
    """Per document and per annotation: what the raw pulled ``new`` lost of the committed ``old``.

    A committed annotation is kept when a pulled one is linked to it (:func:`_matches`); one that
    is not is accepted as deleted in Label Studio only when its task is the same server task.
    """
    changes = Changes()
    fresh = {document_of(task): task for task in new}
    for task in old:
        document = document_of(task)
        if document not in fresh:
            changes.refused.append(f"document {document} (task {task.get('id', '?')}) is not in the studio project")
            continue
        now = fresh[document]
        committed = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
        linked = _matches(now.get("annotations") or [], committed).values()
        for annotation in (a for a in committed if not any(a is b for b in linked)):
            what = f"document {document}: annotation {annotation.get('id', 'without id')} by {annotator(annotation)}"
            if "id" in task and task.get("id") == now.get("id"):
                changes.accepted.append(f"{what} was deleted in Label Studio (task {task['id']})")
            else:
                changes.refused.append(f"{what} is not in task {now.get('id', '?')} of the studio project")
        lost = region_count([task]) - region_count([now])
        if lost > 0:
            changes.accepted.append(f"document {document}: {lost} labelled region(s) fewer than before")
    if region_count(old) and not region_count(new):
        changes.refused.append(f"the studio project holds no labelled regions; the committed export has {region_count(old)}")
    return changes


@dataclass(frozen=True)
class Written:
    """What writing an export did."""

    path: Path
    regions_before: int | None
    regions_after: int
    changed: bool
    backup: Path | None
    accepted: list[str] = field(default_factory=list)


def backup_path(path: Path) -> Path:
    """Where the previous export is kept; not ``*.json``, so builds never read it."""
    return path.with_name(path.name + ".bak")


def read_committed(path: Path) -> list[Task] | None:
    """The committed export as JSON, None when it is missing or not a list of task objects."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return tasks if isinstance(tasks, list) and all(isinstance(t, dict) for t in tasks) else None


def write_export(path: Path, tasks: list[Task], users: dict[int, str] | None = None) -> Written:
    """Replace ``path`` with normalised ``tasks``, keeping the old file as ``.bak``.

    Refuses, writing nothing, when :func:`compare` finds a loss that is not a deletion made in
    Label Studio.
    """
    old = read_committed(path)
    normalised = normalise_export(tasks, users, old)
    text = export_text(normalised)
    after = region_count(normalised)
    if not path.exists():
        write_text(path, text)
        return Written(path, None, after, True, None)
    old_text = path.read_text(encoding="utf-8")
    before = region_count(old) if old is not None else None
    if old_text == text:
        return Written(path, before, after, False, None)
    changes = compare(old or [], tasks)
    if changes.refused:
        raise StudioError(f"nothing was written to {path}: the studio project lost work the file holds:\n  "
                          + "\n  ".join(changes.refused)
                          + "\nPull from the server that holds these annotations (push them first to a new server)")
    backup = backup_path(path)
    shutil.copyfile(path, backup)
    write_text(path, text)
    return Written(path, before, after, True, backup, changes.accepted)


def draft_notes(tasks: list[Task], now: datetime | None = None) -> list[str]:
    """One line per unsubmitted draft of a raw export: task, document, annotator and age.

    Drafts are what the UI autosaves before an annotation is submitted; they never reach the
    committed export, so the annotator must submit (or discard) them.
    """
    now = now or datetime.now(timezone.utc)
    notes = []
    for task in sorted(tasks, key=lambda t: (document_of(t), t.get("id", 0))):
        for draft in task.get("drafts") or []:
            if not isinstance(draft, dict):
                continue
            stamp = str(draft.get("updated_at") or draft.get("created_at") or "")
            try:
                age = f"{(now - datetime.fromisoformat(stamp.replace('Z', '+00:00'))).total_seconds() / 3600:.1f} h old"
            except ValueError:
                age = "of unknown age"
            of = f"of annotation {draft['annotation']}" if draft.get("annotation") else "not submitted"
            notes.append(f"task {task.get('id', '?')} (document {document_of(task)}): draft {draft.get('id', '?')} "
                         f"by {draft.get('user') or 'unknown'}, {age}, {of}")
    return notes
