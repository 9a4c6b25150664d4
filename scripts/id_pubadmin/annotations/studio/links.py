"""Which pulled task and annotation is which committed one: only through the link a push made.

Label Studio's ids are local to one database, and SQLite hands the same ids out again: a rebuilt
server gives its first task id 1, and an import after a deletion reuses the deleted ids. So an id
alone never says that a pulled annotation is a committed one. Two things do:

- the **project key** ``<project id>@<project created_at>``: the project on one server instance. A
  rebuilt server's project has another creation time, so nothing of the old one links to it;
- the **task link**, kept in the committed export as each task's ``studio``: the project key, the
  task id and the task's creation time on that server (an import reusing the id has another time).

A pulled task relates to the committed one in one of three ways (:func:`relation`):

- ``"pulled"``: it is the task the committed annotations were last pulled from (same task link);
  within it annotation ids are the server's own and identify annotations;
- ``"pushed"``: ``push`` put the committed annotations into it. Push marks the task's data with
  :data:`MARKER` ``{"project": key, "from": the committed task link}``, and each annotation it
  creates records the committed id as the server's ``import_id``; the mark counts only in the
  project it names and for the committed state it was made from;
- ``None``: not linked (a task imported by hand, a rebuilt server, another project). Its
  annotations are new work credited to whoever made them, and no committed annotation is found in it
  until push (or ``pull --keep-new``) links it by its document id (:mod:`.task_plan`).
"""

from __future__ import annotations

from typing import Any

Task = dict[str, Any]
MARKER = "id_pubadmin_push"  # the task data field push sets; never part of the committed data


def project_key(project_id: int, created_at: object) -> str:
    """The key of a project on one server instance."""
    stamp = created_at.isoformat() if hasattr(created_at, "isoformat") else str(created_at)
    return f"{project_id}@{stamp}"


def task_link(task: Task, project: str) -> dict[str, Any]:
    """The committed ``studio`` link of a pulled task of the project with key ``project``."""
    return {"project": project, "task": task.get("id"), "created_at": task.get("created_at")}


def push_marker(project: str, committed: Task | None) -> dict[str, Any]:
    """The mark push puts in the data of a task it fills with the committed annotations."""
    return {"project": project, "from": (committed or {}).get("studio")}


def relation(committed: Task, pulled: Task, project: str | None) -> str | None:
    """How the pulled task relates to the committed task of the same document (module docstring)."""
    if project is None:
        return None
    link = committed.get("studio")
    if link is not None and link == task_link(pulled, project):
        return "pulled"
    mark = (pulled.get("data") or {}).get(MARKER)
    if isinstance(mark, dict) and mark.get("project") == project and mark.get("from") == link:
        return "pushed"
    return None


def linked_annotations(pulled: list[Task], committed: list[Task], how: str | None) -> dict[int, Task]:
    """Pulled annotation (by position) -> the committed one it is, under the task's relation ``how``."""
    if how is None:
        return {}
    key = "id" if how == "pulled" else "import_id"
    free = {a["id"]: a for a in committed if isinstance(a, dict) and a.get("id") is not None}
    matches = {}
    for position, annotation in enumerate(pulled):  # one to one: a second copy is new work
        if isinstance(annotation, dict) and annotation.get(key) in free:
            matches[position] = free.pop(annotation[key])
    return matches


def committed_data(data: dict[str, Any]) -> dict[str, Any]:
    """Task data as committed: without the push mark."""
    return {key: value for key, value in data.items() if key != MARKER}
