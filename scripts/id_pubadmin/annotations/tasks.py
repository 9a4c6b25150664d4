"""Reading a Label Studio JSON export into tasks, with the format checks.

Only the structure Label Studio writes is read; unknown extra fields are ignored, so exports of
newer Label Studio versions still load. Each chosen annotation's result is read into its
:class:`~.annotated_task.Task` by :mod:`.annotated_task`; the checks of the other levels run later
(:data:`id_pubadmin.annotations.export.CHECKS`) on the tasks built here.

Which annotation counts (the gold): cancelled (skipped) annotations never count. Of the submitted
ones, the one flagged ``ground_truth`` (the adjudicated annotation) counts; a task with exactly one
submitted annotation needs no flag (the single-annotator rule). A task with several submitted
annotations and not exactly one of them flagged is reported by :func:`check_adjudication` naming its
annotators; a task without any usable annotation yields no records (it is still checked for its
document). Predictions and drafts never count.

A top-level JSON object (a single task) is rejected: Label Studio's JSON export is always a list.
Every field read has its exact JSON type (``"false"`` is no boolean, ``true`` no integer), and no
key or string may hold a control character, a bidirectional control or a lone surrogate, which
would pass every later check and then break the Parquet writer or the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.errors import CROSS_REFERENCES, FORMAT, ExportError, Problem, define_error
from ..core.jsonio import JsonRejected, describe, first_forbidden, load_json
from ..core.jsonstream import NotAnArray, array_items
from . import label_config as sc
from .annotated_task import MALFORMED, Task, read_result

UNREADABLE = define_error(
    "export-unreadable", FORMAT,
    "the export file cannot be read, is larger than the size limit, is not complete JSON or has a key twice "
    "in one object",
    "export the project again as JSON; do not edit the file by hand")
NOT_TASK_LIST = define_error(
    "export-not-task-list",
    FORMAT,
    "the top level of the export is not a list of task objects (a single task is not accepted)",
    "use Label Studio's JSON export, which is a list of tasks",
)
DATA_MISSING = define_error(
    "task-data-missing",
    FORMAT,
    "a task lacks data.text or data.document_id as strings",
    'import tasks as {"data": {"text": ..., "document_id": ...}}',
)
FORBIDDEN_CHARACTER = define_error(
    "export-forbidden-character",
    FORMAT,
    "a key or string of the export holds a NUL or other control character, a bidirectional control "
    "(U+202A-U+202E, U+2066-U+2069) or a lone surrogate",
    "remove the character in Label Studio (or from the seed the task text comes from) and export again",
)

NOT_ADJUDICATED = define_error(
    "annotation-not-adjudicated",
    CROSS_REFERENCES,
    "a task has several submitted annotations and not exactly one of them is marked ground truth",
    "compare the annotations (`id-pubadmin agreement`), then mark the adjudicated one as ground truth in "
    "Label Studio (or delete the extra ones) and pull again",
)

# An export is read one task at a time (memory bounded by the largest task, not the file); only a
# file whose top level is no list is read whole, to say what it is, and that up to this size.
MAX_NOT_A_LIST_BYTES = 64 * 1024 * 1024


def read_tasks(path: Path, every_annotation: bool = False) -> list[Task]:
    """All tasks of the export at ``path``; raises ExportError listing every format problem.

    With ``every_annotation``, each submitted annotation is read as a task of its own (for
    comparing annotators) instead of the task with its gold annotation.
    """
    file = str(path)
    problems: list[Problem] = []
    tasks = []
    try:
        for index, item in enumerate(array_items(Path(path))):
            forbidden = first_forbidden(item, f"export[{index}]")
            if forbidden is not None:
                where, offset, char = forbidden
                raise ExportError([FORBIDDEN_CHARACTER.at(file, f"{where}, char {offset}",
                                                          f"{describe(char)} is not allowed")])
            _read_item(file, index, item, every_annotation, tasks, problems)
    except NotAnArray:
        raise ExportError([_not_a_list(file, path)]) from None
    except JsonRejected as exc:
        raise ExportError([UNREADABLE.at(file, "", f"cannot read the export: {exc}")]) from None
    if problems:
        raise ExportError(problems)
    return tasks


def _not_a_list(file: str, path: Path) -> Problem:
    """The problem of an export whose top level is no list: what it is, once read whole (under a cap)."""
    try:
        raw = load_json(Path(path), MAX_NOT_A_LIST_BYTES)
    except JsonRejected as exc:
        return UNREADABLE.at(file, "", f"cannot read the export: {exc}")
    kind = "a single task object" if isinstance(raw, dict) else type(raw).__name__
    return NOT_TASK_LIST.at(file, "", f"top level is {kind}, not a list of tasks")


def _read_item(file: str, index: int, item: Any, every_annotation: bool, tasks: list[Task],
               problems: list[Problem]) -> None:
    """Add the task(s) of one item of the export to ``tasks``, its problems to ``problems``."""
    if not isinstance(item, dict):
        problems.append(NOT_TASK_LIST.at(file, f"task #{index}", f"item {index} is {type(item).__name__}, not a task object"))
        return
    annotations = item.get("annotations")
    variants = [{**item, "annotations": [a]} for a in annotations if isinstance(a, dict)
                and not a.get("was_cancelled")] if every_annotation and isinstance(annotations, list) else [item]
    for variant in variants:
        task = _task(file, index, variant, problems)
        if task is not None:
            tasks.append(task)


def _task(file: str, index: int, item: dict[str, Any], problems: list[Problem]) -> Task | None:
    data = item.get("data")
    task = Task(file, str(item.get("id", f"#{index}")), "", "")
    if not _is_int(item.get("id", 0)):
        problems.append(task.problem(MALFORMED, f"the id of task #{index} is not an integer"))
        return None
    if isinstance(data, dict) and isinstance(data.get(sc.DOCUMENT_ID), str):
        task.document_id = data[sc.DOCUMENT_ID]
    if not (isinstance(data, dict) and isinstance(data.get(sc.TEXT), str) and task.document_id):
        problems.append(task.problem(DATA_MISSING, "data.text and data.document_id must be strings"))
        return None
    task.text = data[sc.TEXT]
    annotation = _chosen_annotation(task, item.get("annotations", []), problems)
    if annotation is None:
        return task
    task.annotation_id = str(annotation.get("id", "without id"))
    task.annotator = annotator(annotation)
    task.ground_truth = bool(annotation.get("ground_truth"))
    if task.ground_truth and isinstance(annotation.get("adjudicated_by"), dict):
        task.adjudicator = annotator({"completed_by": annotation["adjudicated_by"]})
        task.adjudicated_at = str(annotation.get("adjudicated_at") or "") or None
    result = annotation.get("result")
    if not isinstance(result, list):
        problems.append(task.problem(MALFORMED, "the annotation's result is not a list"))
        return task
    read_result(task, result, problems)
    return task


def _chosen_annotation(task: Task, annotations: Any, problems: list[Problem]) -> dict | None:
    """The gold annotation by the rule of the module docstring; None when there is none."""
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        problems.append(task.problem(MALFORMED, "annotations is not a list of objects"))
        return None
    malformed = False
    for annotation in annotations:
        annotation_id = annotation.get("id", -1)
        wrong = [key for key, kind in _ANNOTATION_TYPES.items() if key in annotation and not kind(annotation[key])]
        if wrong:
            malformed = True
            problems.append(task.problem(MALFORMED, f"annotation {annotation_id if _is_int(annotation_id) else '?'}: "
                                         f"{wrong[0]} is not {_TYPE_NAMES[wrong[0]]}"))
    if malformed:
        return None
    submitted = [a for a in annotations if not a.get("was_cancelled")]
    adjudicated = [a for a in submitted if a.get("ground_truth")]
    if len(adjudicated) == 1 or len(submitted) == 1:
        return (adjudicated or submitted)[0]
    task.unadjudicated = [
        (str(a.get("id", "without id")), annotator(a), bool(a.get("ground_truth"))) for a in submitted
    ]
    return None


def annotator(annotation: dict[str, Any]) -> str:
    """The stable annotator id: the e-mail in ``completed_by`` (a raw export has the user id only)."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email", "unknown"))
    return f"user {who}" if isinstance(who, int) else "unknown"


def check_adjudication(tasks: list[Task], _documents: dict[str, str]) -> list[Problem]:
    """A task with several submitted annotations needs exactly one marked as ground truth."""
    problems = []
    for task in tasks:
        if task.unadjudicated:
            marked = [entry[0] for entry in task.unadjudicated if entry[2]]
            annotations = ", ".join(f"{a_id} by {who}" for a_id, who, _ in task.unadjudicated)
            state = f"{len(marked)} are marked ground truth ({', '.join(marked)})" if marked else "none is adjudicated"
            problems.append(task.problem(
                NOT_ADJUDICATED, f"{len(task.unadjudicated)} submitted annotations ({annotations}); {state}"))
    return problems


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Fields of an annotation that the choice reads, with their exact JSON types (a bool is no int, "false" no bool).
_ANNOTATION_TYPES = {
    "id": _is_int,
    "was_cancelled": lambda value: isinstance(value, bool),
    "ground_truth": lambda value: isinstance(value, bool),
    "updated_at": lambda value: value is None or isinstance(value, str),
    "created_at": lambda value: value is None or isinstance(value, str),
}
_TYPE_NAMES = {"id": "an integer", "was_cancelled": "true or false", "ground_truth": "true or false",
               "updated_at": "a date string", "created_at": "a date string"}
