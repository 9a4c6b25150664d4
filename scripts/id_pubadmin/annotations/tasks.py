"""Reading a Label Studio JSON export into tasks, with the format checks.

Only the structure Label Studio writes is read; unknown extra fields are ignored, so exports of
newer Label Studio versions still load. The checks of the other levels run later
(:data:`id_pubadmin.annotations.export.CHECKS`) on the :class:`Task` objects built here.

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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.errors import CROSS_REFERENCES, FORMAT, ErrorId, ExportError, Problem, define_error
from ..core.jsonio import JsonRejected, describe, first_forbidden, load_json
from ..core.jsonstream import NotAnArray, array_items
from . import label_config as sc

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
MALFORMED = define_error(
    "export-malformed",
    FORMAT,
    "a task, annotation, result or relation lacks a required field or has the wrong JSON type",
    "export the project again as JSON; do not edit the file by hand",
)
DATA_MISSING = define_error(
    "task-data-missing",
    FORMAT,
    "a task lacks data.text or data.document_id as strings",
    'import tasks as {"data": {"text": ..., "document_id": ...}}',
)
UNKNOWN_LABEL = define_error(
    "unknown-label",
    FORMAT,
    "a result uses a control, label, choice or relation label that the labelling config lacks",
    "set the project's config to annotations/label_config.xml and relabel the region",
)
LABEL_COUNT = define_error(
    "region-label-count",
    FORMAT,
    "a region carries no label or more than one",
    "give the region exactly one label",
)
RELATION_UNLABELLED = define_error(
    "relation-unlabelled",
    FORMAT,
    "a relation has no label or more than one",
    "choose exactly one relation label: speaker or cue",
)
FORBIDDEN_CHARACTER = define_error(
    "export-forbidden-character",
    FORMAT,
    "a key or string of the export holds a NUL or other control character, a bidirectional control "
    "(U+202A-U+202E, U+2066-U+2069) or a lone surrogate",
    "remove the character in Label Studio (or from the seed the task text comes from) and export again",
)
ATTRIBUTE_COUNT = define_error(
    "attribute-value-count",
    FORMAT,
    "a per-region attribute (entity id, quote type, speaker entity id) has several values",
    "keep one value in the region's field",
)

NOT_ADJUDICATED = define_error(
    "annotation-not-adjudicated",
    CROSS_REFERENCES,
    "a task has several submitted annotations and not exactly one of them is marked ground truth",
    "compare the annotations (`id-pubadmin agreement`), then mark the adjudicated one as ground truth in "
    "Label Studio (or delete the extra ones) and pull again",
)

LABEL_CONTROLS: dict[str, tuple[str, ...]] = {
    sc.ENTITY: labels.ENTITY_LABELS,
    sc.QUOTE: sc.QUOTE_SPAN_LABELS,
}
# Per-region attribute controls: result type, and the allowed values (None: free text).
ATTRIBUTE_CONTROLS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    sc.ENTITY_ID: ("textarea", None),
    sc.QUOTE_TYPE: ("choices", labels.QUOTE_TYPES),
    sc.SPEAKER_ENTITY_ID: ("textarea", None),
}
DIRECTIONS = ("right", "left", "bi")
# An export is read one task at a time (memory bounded by the largest task, not the file); only a
# file whose top level is no list is read whole, to say what it is, and that up to this size.
MAX_NOT_A_LIST_BYTES = 64 * 1024 * 1024


@dataclass
class Region:
    """A labelled span: the ``labels`` result of a region."""

    id: str
    control: str
    label: str
    start: int
    end: int
    text: str


@dataclass
class Relation:
    """A labelled link between two regions, as drawn (``direction`` says where the arrow points)."""

    from_id: str
    to_id: str
    direction: str
    label: str


@dataclass
class Task:
    """One task of the export with its chosen annotation (``annotation_id`` None: none usable)."""

    file: str
    task_id: str
    document_id: str
    text: str
    annotation_id: str | None = None
    annotator: str = "unknown"
    ground_truth: bool = False
    adjudicator: str | None = None  # who marked the annotation ground truth (``adjudicated_by``), and when
    adjudicated_at: str | None = None
    regions: list[Region] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # region id -> attribute control -> values, gathered over all results with that id
    attributes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # (annotation id, annotator, ground truth) of every submitted annotation, when none could be chosen
    unadjudicated: list[tuple[str, str, bool]] = field(default_factory=list)

    def where(self, region_id: str | None = None) -> str:
        """Location of the task, or of one of its regions, for a problem report."""
        location = f"task {self.task_id} (document {self.document_id or '?'})"
        if self.annotation_id is not None:
            location += f", annotation {self.annotation_id}"
        return location + (f", region {region_id}" if region_id is not None else "")

    def value(self, region_id: str, control: str) -> str | None:
        """The region's single value of an attribute control, None when absent or blank."""
        values = self.attributes.get(region_id, {}).get(control, [])
        return values[0] if values and values[0].strip() else None

    def problem(self, error: ErrorId, reason: str, region_id: str | None = None) -> Problem:
        return error.at(self.file, self.where(region_id), reason)


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
    for position, entry in enumerate(result):
        if not isinstance(entry, dict):
            problems.append(task.problem(MALFORMED, f"result item {position} is not an object"))
        elif entry.get("type") == "relation":
            _relation(task, position, entry, problems)
        else:
            _result(task, position, entry, problems)
    for region_id, attributes in task.attributes.items():
        for control, values in attributes.items():
            if len(values) > 1:
                problems.append(
                    task.problem(
                        ATTRIBUTE_COUNT, f"{control} has {len(values)} values {values}; keep one", region_id
                    )
                )
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


def _result(task: Task, position: int, entry: dict[str, Any], problems: list[Problem]) -> None:
    region_id, control, value = entry.get("id"), entry.get("from_name"), entry.get("value")
    if not isinstance(region_id, str) or not region_id or not isinstance(value, dict):
        problems.append(task.problem(MALFORMED, f"result item {position} lacks an id or a value object"))
        return
    if entry.get("to_name") != sc.TEXT or not isinstance(control, str) or (
        control not in LABEL_CONTROLS and control not in ATTRIBUTE_CONTROLS
    ):
        problems.append(
            task.problem(
                UNKNOWN_LABEL,
                f"result from {control!r} to {entry.get('to_name')!r} is not in the config",
                region_id,
            )
        )
        return
    if control in ATTRIBUTE_CONTROLS:
        _attribute(task, region_id, control, entry, problems)
        return
    start, end, text, names = (value.get(key) for key in ("start", "end", "text", "labels"))
    if (
        entry.get("type") != "labels"
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
        or not isinstance(text, str)
        or not isinstance(names, list)
    ):
        problems.append(
            task.problem(
                MALFORMED,
                "a labels result needs type 'labels', integer start/end, text and labels",
                region_id,
            )
        )
        return
    if len(names) != 1:
        problems.append(task.problem(LABEL_COUNT, f"region has labels {names}", region_id))
        return
    if names[0] not in LABEL_CONTROLS[control]:
        problems.append(
            task.problem(UNKNOWN_LABEL, f"label {names[0]!r} is not among the {control} labels", region_id)
        )
        return
    task.regions.append(Region(region_id, control, names[0], start, end, text))


def _attribute(
    task: Task, region_id: str, control: str, entry: dict[str, Any], problems: list[Problem]
) -> None:
    kind, allowed = ATTRIBUTE_CONTROLS[control]
    values = entry["value"].get("choices" if kind == "choices" else "text")
    if (
        entry.get("type") != kind
        or not isinstance(values, list)
        or not all(isinstance(v, str) for v in values)
    ):
        problems.append(
            task.problem(
                MALFORMED, f"a {control} result needs type {kind!r} and a list of strings", region_id
            )
        )
        return
    unknown = [v for v in values if allowed is not None and v not in allowed]
    if unknown:
        problems.append(
            task.problem(UNKNOWN_LABEL, f"{control} value {unknown[0]!r} is not in the config", region_id)
        )
        return
    task.attributes.setdefault(region_id, {}).setdefault(control, []).extend(values)


def _relation(task: Task, position: int, entry: dict[str, Any], problems: list[Problem]) -> None:
    from_id, to_id = entry.get("from_id"), entry.get("to_id")
    direction, names = entry.get("direction", "right"), entry.get("labels", [])
    if not (
        isinstance(from_id, str)
        and isinstance(to_id, str)
        and direction in DIRECTIONS
        and isinstance(names, list)
    ):
        problems.append(
            task.problem(
                MALFORMED, f"relation (result item {position}) needs from_id, to_id, direction, labels"
            )
        )
        return
    where = f"relation {from_id} -> {to_id}"
    if len(names) != 1:
        problems.append(task.problem(RELATION_UNLABELLED, f"{where} has labels {names}", from_id))
    elif names[0] not in sc.RELATION_LABELS:
        problems.append(
            task.problem(UNKNOWN_LABEL, f"{where}: label {names[0]!r} is not in the config", from_id)
        )
    else:
        task.relations.append(Relation(from_id, to_id, direction, names[0]))
