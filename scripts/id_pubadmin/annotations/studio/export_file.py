"""The committed form of a Label Studio JSON export: stable, diffable, still importable.

A raw export lists server bookkeeping (counters, ``unique_id``, comment fields, user ids) and comes
in server order. The committed file keeps what the annotation says, who made it and when, in one
canonical layout:

- each task keeps its Label Studio ``id`` (so a problem names the task to open), ``data`` and
  ``annotations``; ``drafts`` are reported by the pull, never committed, and predictions never are;
- each annotation keeps ``id``, ``completed_by`` as ``{"email": ...}`` (the stable annotator id,
  the form Label Studio's import maps back to a user), ``updated_by`` likewise, ``created_at``,
  ``updated_at``, ``lead_time``, ``ground_truth``, ``was_cancelled`` and ``result``;
- each task keeps ``studio``, the link to the server task it was pulled from (:mod:`.links`), and its
  data without the mark push sets;
- a task whose annotations say what the committed task's say, with the same annotators and times, is
  written as committed (its task id and link too), and a task with no annotation is written only
  when the committed file holds it: pushing and pulling without annotating changes no byte;
- a pulled annotation linked to one of the previous committed file (only through the link a push
  or an earlier pull made, :mod:`.links`; never by a server id alone) keeps that one's annotator and
  creation time, and, when its result is unchanged, its update time and lead time: pushing to a new
  server re-creates annotations as the admin user, and that must not rewrite who annotated what.
  An annotation that links to none is new work, credited to whoever made it;
- the adjudication: when an annotation becomes ground truth, who marked it and when, from the
  server's history of the annotation (:mod:`.adjudication`; its last editor only where the server
  kept no history), are kept as ``adjudicated_by`` / ``adjudicated_at``;
- results are kept whole, regions sorted by (start, end, from_name, id), then relations by
  (from_id, to_id, labels); tasks sorted by ``data.document_id``; annotations ground truth first,
  then by id;
- JSON with sorted keys, indent 2, UTF-8 without escapes, and a trailing newline.

Writing guards every committed annotation: one missing from the pulled task it is linked to was
deleted in Label Studio, and is accepted and named (each region too, with label, text and annotator);
one whose document is missing, or whose task on the server is not linked to it (another or rebuilt
server, a task imported by hand), would be lost: the pull refuses, names them all, writes nothing,
and names the way out (``pull --keep-new`` or push, which link such tasks). The replaced file is kept
(:mod:`.backups`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ...core.atomic import write_text
from ...core.errors import StudioError
from ..label_config import DOCUMENT_ID
from ..tasks import annotator
from .adjudication import MARK, is_new_mark
from .backups import keep_copy, prune, take_back
from .links import committed_data, linked_annotations, relation, task_link

Task = dict[str, Any]
PROVENANCE = ("completed_by", "updated_by", "created_at", "updated_at", "lead_time")
USER_KEYS = ("completed_by", "updated_by")
ADJUDICATION = ("adjudicated_by", "adjudicated_at")


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
                     previous: list[Task] | None = None, project: str | None = None) -> list[Task]:
    """Tasks of a raw export of the project with key ``project`` in the committed form; ``users``
    maps user ids to e-mails."""
    earlier = {document_of(task): task for task in previous or []}
    normalised = []
    for task in sorted(tasks, key=lambda t: (document_of(t), t.get("id", 0))):
        raw = task.get("annotations") or []
        committed = earlier.get(document_of(task), {})
        matches = linked_annotations(raw, committed.get("annotations") or [], relation(committed, task, project))
        annotations = [_annotation(a, users or {}, matches.get(i)) for i, a in enumerate(raw)]
        annotations.sort(key=lambda a: (not a.get("ground_truth"), a.get("id", 0)))
        if committed and _same_work(annotations, committed.get("annotations") or []):
            normalised.append(committed)  # nothing done on it since it was committed: kept byte for byte
            continue
        if not annotations and not committed:
            continue  # a document nobody annotated yet: not part of the committed annotations
        normalised.append({**({"id": task["id"]} if "id" in task else {}),
                           **({"studio": task_link(task, project)} if project is not None else {}),
                           "data": committed_data(task.get("data") or {}), "annotations": annotations})
    return normalised


def _same_work(pulled: list[dict[str, Any]], committed: list[Any]) -> bool:
    """Whether normalised pulled annotations are the committed ones, server ids aside (a new server gives new ids)."""
    def work(annotations: list[Any]) -> list[str]:
        return sorted(json.dumps({k: v for k, v in a.items() if k != "id"}, sort_keys=True) if isinstance(a, dict)
                      else repr(a) for a in annotations)

    return work(pulled) == work(committed)


def _email(value: Any, users: dict[int, str]) -> dict[str, str] | None:
    """A user as committed, ``{"email": ...}``; a raw export has the user id."""
    if isinstance(value, int) and not isinstance(value, bool):
        return {"email": users.get(value, f"user-{value}")}
    return value if isinstance(value, dict) else None


def _annotation(raw: dict[str, Any], users: dict[int, str], same: dict[str, Any] | None) -> dict[str, Any]:
    """The committed form of a pulled annotation; the committed one it is keeps its annotator and
    creation time, and, when the content is unchanged, its update time and lead time too."""
    kept = {key: raw[key] for key in ("id", *PROVENANCE) if key in raw}
    for key in USER_KEYS:
        if key in kept:
            kept[key] = _email(kept[key], users)
            if kept[key] is None:
                del kept[key]
    if same is not None:
        inherited = PROVENANCE if content(same) == content(raw) else ("completed_by", "created_at")
        kept = {**{k: v for k, v in kept.items() if k not in inherited},
                **{key: same[key] for key in inherited if key in same}}
    ground_truth = bool(raw.get("ground_truth"))
    if ground_truth and not is_new_mark(raw.get(MARK), same):
        kept.update({key: same[key] for key in ADJUDICATION if key in same})  # type: ignore[index]
    elif ground_truth:  # marked since the last pull (or new): who set the mark, as the server's history says
        mark = raw.get(MARK) or {}
        who = mark.get("by") or _email(raw.get("updated_by"), users) or _email(raw.get("completed_by"), users)
        when = mark.get("at") or raw.get("updated_at") or raw.get("created_at")
        kept.update({key: value for key, value in zip(ADJUDICATION, (who, when)) if value is not None})
    return {**kept, "ground_truth": ground_truth, "was_cancelled": bool(raw.get("was_cancelled")),
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


def regions(annotation: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Region id -> (label, text) of the labelled regions of an annotation."""
    found = {}
    for item in annotation.get("result") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, dict) and item.get("type") in ("labels", "hypertextlabels"):
            found[str(item.get("id"))] = (", ".join(map(str, value.get("labels") or [])), str(value.get("text", "")))
    return found


def _region_lines(document: str, annotation: dict[str, Any], ids: list[str]) -> list[str]:
    spans = regions(annotation)
    return [f"document {document}: region {region_id} {spans[region_id][0]} {spans[region_id][1]!r} by "
            f"{annotator(annotation)} (annotation {annotation.get('id', 'without id')})" for region_id in ids]


@dataclass
class Changes:
    """How a new export differs from the committed one: refused losses and accepted deletions."""

    refused: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)


def compare(old: list[Task], new: list[Task], project: str | None = None) -> Changes:
    """What the raw pulled ``new`` (of the project with key ``project``) lost of the committed ``old``.

    Every committed annotation and region missing is named: deleted in Label Studio (accepted) when
    the pulled task is linked to the committed one, lost (refused) otherwise.
    """
    changes = Changes()
    fresh = {document_of(task): task for task in new}
    for task in old:
        document = document_of(task)
        committed = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
        if document not in fresh:
            changes.refused.append(f"document {document} (task {task.get('id', '?')}, {len(committed)} "
                                   "annotation(s)) is not in the studio project")
            continue
        now = fresh[document]
        how = relation(task, now, project)
        pulled = now.get("annotations") or []
        matches = linked_annotations(pulled, committed, how)
        for position, before in matches.items():
            gone = sorted(set(regions(before)) - set(regions(pulled[position])))
            changes.accepted += [f"{line} was deleted" for line in _region_lines(document, before, gone)]
        for annotation in (a for a in committed if not any(a is b for b in matches.values())):
            what = (f"document {document}: annotation {annotation.get('id', 'without id')} by {annotator(annotation)} "
                    f"({len(regions(annotation))} region(s))")
            if how is not None:
                changes.accepted.append(f"{what} was deleted in Label Studio (task {now.get('id', '?')})")
                changes.accepted += [f"  {line} was deleted" for line in
                                     _region_lines(document, annotation, sorted(regions(annotation)))]
            else:
                changes.refused.append(f"{what} would be lost: task {now.get('id', '?')} of the studio project is "
                                       "not the task it was pushed to or pulled from")
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


def read_committed(path: Path) -> list[Task] | None:
    """The committed export as JSON, None when it is missing or not a list of task objects."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return tasks if isinstance(tasks, list) and all(isinstance(t, dict) for t in tasks) else None


def write_export(path: Path, tasks: list[Task], users: dict[int, str] | None = None,
                 project: str | None = None) -> Written:
    """Replace ``path`` with normalised ``tasks`` pulled from the project with key ``project``.

    Refuses, writing nothing, when :func:`compare` finds a loss that is not a deletion made in
    Label Studio. The replaced file is kept in the backup folder (:mod:`.backups`), copied only
    once the new file is complete and about to replace it.
    """
    old = read_committed(path)
    normalised = normalise_export(tasks, users, old, project)
    text = export_text(normalised)
    after = region_count(normalised)
    if not path.exists():
        write_text(path, text)
        return Written(path, None, after, True, None)
    old_text = path.read_text(encoding="utf-8")
    before = region_count(old) if old is not None else None
    if old_text == text:
        return Written(path, before, after, False, None)
    changes = compare(old or [], tasks, project)
    if changes.refused:
        raise StudioError(f"nothing was written to {path}: the studio project lacks work the file holds:\n  "
                          + "\n  ".join(changes.refused)
                          + "\nPull from the server and project that hold these annotations; or, on a rebuilt "
                            "server, put them back next to the work made there with `id-pubadmin studio pull "
                            "--keep-new` (or `id-pubadmin studio push`, then pull): nothing there is deleted")
    kept: list[Path] = []
    try:
        write_text(path, text, before_replace=lambda: kept.append(keep_copy(path)))
    except BaseException:
        for copy in kept:
            take_back(copy)
        raise
    prune(path)
    return Written(path, before, after, True, kept[0], changes.accepted)


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
