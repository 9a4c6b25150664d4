"""Who marked an annotation ground truth, and when: read from Label Studio's state history.

An annotation's ``updated_by`` / ``updated_at`` name its last editor, not its adjudicator: an
annotator who edits their annotation just after the lead marked it would take the credit. The
server keeps each annotation's history (the ``fflag_feat_fit_568_finite_state_management`` state
history its ``up`` turns on): one record per change, with who made it, when, and which fields
changed. The mark is the newest record that changed ``ground_truth`` (or the creation record, for
an annotation created marked); a later record that changed the result is an edit after the mark,
which the pull reports. A mark set again later (after checking such an edit) is a new adjudication;
a mark made by creating the annotation marked (as push does) never replaces a committed one. The pull puts the mark in the raw annotation under :data:`MARK` before the
export is written; the committed form keeps it as ``adjudicated_by`` / ``adjudicated_at``.
"""

from __future__ import annotations

from typing import Any

MARK = "id_pubadmin_ground_truth_mark"  # {"by": {"email": ...}, "at": time, "at_creation", "edited_after"}
EDITED_FIELDS = ("result", "was_cancelled")


def mark_from_history(history: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The ground-truth mark of an annotation from its history records (any order); None if unknown."""
    records = sorted(history, key=lambda r: (str(r.get("created_at") or ""), str(r.get("id") or "")))
    marks = [r for r in records if "ground_truth" in _changed(r)]
    created = [r for r in records if r.get("transition_name") == "annotation_created"]
    mark = (marks or created or [None])[-1]
    if mark is None:
        return None
    later = records[records.index(mark) + 1:]
    return {"by": _user(mark), "at": mark.get("created_at"), "at_creation": not marks,
            "edited_after": [{"by": _user(r), "at": r.get("created_at"),
                              "fields": [f for f in _changed(r) if f in EDITED_FIELDS]}
                             for r in later if any(f in EDITED_FIELDS for f in _changed(r))]}


def _changed(record: dict[str, Any]) -> list[str]:
    fields = (record.get("context_data") or {}).get("changed_fields") or []
    return [str(f) for f in fields] if isinstance(fields, list) else []


def _user(record: dict[str, Any]) -> dict[str, str] | None:
    who = record.get("triggered_by")
    return {"email": str(who["email"])} if isinstance(who, dict) and who.get("email") else None


def edited_after_mark_notes(tasks: list[dict[str, Any]]) -> list[str]:
    """One line per ground-truth annotation of a raw export that was edited after it was marked."""
    notes = []
    for task in tasks:
        for annotation in task.get("annotations") or []:
            mark = annotation.get(MARK) if isinstance(annotation, dict) else None
            for edit in (mark or {}).get("edited_after") or []:
                notes.append(f"task {task.get('id', '?')} (document {(task.get('data') or {}).get('document_id', '?')}), "
                             f"annotation {annotation.get('id', '?')}: marked ground truth by "
                             f"{(mark.get('by') or {}).get('email', 'unknown')} at {mark.get('at')}, then edited "
                             f"({', '.join(edit['fields'])}) by {(edit.get('by') or {}).get('email', 'unknown')} "
                             f"at {edit.get('at')}")
    return notes


def is_new_mark(mark: dict[str, Any] | None, committed: dict[str, Any] | None) -> bool:
    """True when ``mark`` records an adjudication the committed annotation (if marked) does not have."""
    if committed is None or not committed.get("ground_truth"):
        return True
    if mark is None or mark.get("at_creation"):
        return False
    return str(mark.get("at") or "") > str(committed.get("adjudicated_at") or "")
