"""What a task of a Label Studio export holds, and reading its chosen annotation's result into it.

The result is Label Studio's list of an annotation's items: labelled regions, per-region attributes
(entity id, quote type, speaker entity id) and relations. Each item is checked here against the
labelling config (:mod:`.label_config`) and its exact JSON types, so that the checks and rules of the
later levels, which work on :class:`Task` alone, can rely on them. Reading the export file and
choosing the annotation is :mod:`.tasks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core import labels
from ..core.errors import FORMAT, ErrorId, Problem, define_error
from . import label_config as sc

MALFORMED = define_error(
    "export-malformed",
    FORMAT,
    "a task, annotation, result or relation lacks a required field or has the wrong JSON type",
    "export the project again as JSON; do not edit the file by hand",
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
ATTRIBUTE_COUNT = define_error(
    "attribute-value-count",
    FORMAT,
    "a per-region attribute (entity id, quote type, speaker entity id) has several values",
    "keep one value in the region's field",
)

LABEL_CONTROLS: dict[str, tuple[str, ...]] = {
    sc.ENTITY: labels.ENTITY_LABELS,
    sc.QUOTE: sc.QUOTE_SPAN_LABELS,
}
# Per-region attribute controls: result type, and the allowed values (None: free text).
ATTRIBUTE_CONTROLS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    sc.ENTITY_ID: ("textarea", None),
    sc.ENTITY_LINK: ("textarea", None),
    sc.QUOTE_TYPE: ("choices", labels.QUOTE_TYPES),
    sc.SPEAKER_ENTITY_ID: ("textarea", None),
}
DIRECTIONS = ("right", "left", "bi")


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
    # relation label -> (region and relation counts when made, quote id -> linked regions): see checks.links
    link_index: dict[str, tuple[tuple[int, int], dict[str, list[Region]]]] = field(
        default_factory=dict, repr=False, compare=False)

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


def read_result(task: Task, result: list[Any], problems: list[Problem]) -> None:
    """Read the items of the chosen annotation's ``result`` into ``task``, their problems into ``problems``."""
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
