"""What push does to a task already in the project, so that no work is lost and every task is linked.

A task of the project is compared with the committed task of its document (:mod:`.links`):

- **linked** (push put the committed annotations in it, or they were pulled from it): its
  annotations linked to committed ones are the committed work; any other is new work;
- **not linked** (a rebuilt server, tasks imported by hand): an annotation with the content of a
  committed one is that one, and push links it (its ``import_id``); the committed annotations the
  task lacks are created next to whatever else it holds, which is new work, kept and named. Push
  then marks the task, so the next pull finds the committed work and credits the new to its maker.

New work is never deleted: ``push --replace`` refuses while any task holds some, and names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..tasks import annotator
from .export_file import Task, content, document_of
from .links import MARKER, linked_annotations, relation


@dataclass
class TaskPlan:
    """One task's relation to its committed task, and what push must do to link it."""

    how: str | None
    new_work: list[Task] = field(default_factory=list)  # annotations linked to no committed one
    to_link: dict[int, Any] = field(default_factory=dict)  # server annotation id -> committed id (same content)
    to_create: list[Task] = field(default_factory=list)  # committed annotations an unlinked task lacks


def plan_task(raw: Task, wanted: Task, project: str) -> TaskPlan:
    """The plan for ``raw`` (the task as the project's JSON export has it) given the pushed ``wanted``."""
    committed = {"studio": (wanted["data"].get(MARKER) or {}).get("from")}
    pushed = wanted.get("annotations") or []
    current = [a for a in raw.get("annotations") or [] if isinstance(a, dict)]
    how = relation(committed, raw, project)
    if how is not None:
        matches = linked_annotations(current, pushed, how)
        return TaskPlan(how, [a for position, a in enumerate(current) if position not in matches])
    plan, free = TaskPlan(None), list(pushed)
    for annotation in current:
        same = next((p for p in free if content(p) == content(annotation)), None)
        if same is None:
            plan.new_work.append(annotation)
        else:
            free.remove(same)
            plan.to_link[annotation["id"]] = same.get("id")
    plan.to_create = free
    return plan


def work_lines(raw: Task, annotations: list[Task], users: dict[int, str]) -> list[str]:
    """``document D: annotation N by E-MAIL (task T)`` for each of ``annotations`` of ``raw``."""
    return [f"document {document_of(raw)}: annotation {a.get('id', '?')} by "
            f"{users.get(a['completed_by'], annotator(a)) if isinstance(a.get('completed_by'), int) else annotator(a)} "
            f"(task {raw.get('id', '?')})" for a in annotations]
