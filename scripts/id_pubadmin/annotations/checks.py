"""Offset and id checks, and cross-reference checks, of export tasks.

Region offsets are Python code points. Label Studio 1.23 reports code points too, but some tools
count UTF-16 code units; a region whose offsets only fit as UTF-16 units is reported as such
(``span-utf16-offsets``) rather than converted, so a wrong export is never silently repaired.
Every region must be a sound span of its document (:func:`~id_pubadmin.segment.spans.span_fault`),
on the edges of the tokens the corpus will have.
"""

from __future__ import annotations

from ..core import labels
from ..core.errors import CROSS_REFERENCES, OFFSETS, Problem, define_error
from ..segment.spans import OUTSIDE, TokenEdges, span_fault
from ..segment.tokens import tokenize
from ..core.entity_labels import EntityLabels
from . import label_config as sc
from .annotated_task import Region, Relation, Task

DOCUMENT_UNKNOWN = define_error(
    "document-unknown",
    OFFSETS,
    "a task's data.document_id names no corpus document",
    "import tasks built from the corpus documents, or add the seed first",
)
TEXT_MISMATCH = define_error(
    "task-text-mismatch",
    OFFSETS,
    "a task's data.text differs from the corpus document text",
    "re-import the task from the current corpus document and redo its regions",
)
DUPLICATE_TASK = define_error(
    "duplicate-task",
    OFFSETS,
    "two tasks carry the same document",
    "delete the extra task in Label Studio, keeping the one with the annotation",
)
DUPLICATE_REGION = define_error(
    "duplicate-region-id",
    OFFSETS,
    "two labelled regions share an id (ids name mentions corpus-wide)",
    "delete one of the regions and draw it again",
)
ATTRIBUTE_ORPHAN = define_error(
    "attribute-without-region",
    OFFSETS,
    "a per-region attribute names a region id with no labelled region",
    "delete the attribute or label its region",
)
OUT_OF_RANGE = define_error(
    "span-out-of-range",
    OFFSETS,
    "a region's start/end is not 0 <= start < end <= length of the text",
    "redraw the region",
)
TOKEN_EDGE = define_error(
    "span-token-edge",
    OFFSETS,
    "a region does not start and end on token edges: it starts or ends with whitespace, or inside a word",
    "move the region's edges to the first and last characters of its words; if a token itself is wrong, "
    "report a tokenizer error",
)
UTF16_OFFSETS = define_error(
    "span-utf16-offsets",
    OFFSETS,
    "a region's offsets count UTF-16 code units, not code points (text with characters beyond U+FFFF)",
    "convert the offsets to code points; the tool that wrote them counts UTF-16 units",
)
TEXT_SLICE_MISMATCH = define_error(
    "span-text-mismatch",
    OFFSETS,
    "a region's value.text differs from the document text at its offsets",
    "redraw the region",
)
RELATION_MISSING = define_error(
    "relation-missing-region",
    CROSS_REFERENCES,
    "a relation names a region id that is not in the annotation",
    "delete the relation and draw it again",
)
RELATION_ENDPOINT = define_error(
    "relation-wrong-endpoint",
    CROSS_REFERENCES,
    "a relation does not point from a QUOTE region to a PERSON or ORG mention (speaker) or a CUE region (cue)",
    "draw the relation from the QUOTE region to its speaker or cue",
)
ATTRIBUTE_MISPLACED = define_error(
    "attribute-wrong-region",
    CROSS_REFERENCES,
    "an attribute is set on a region of the wrong kind (entity_id and entity_link belong to entity regions, "
    "quote_type and speaker_entity_id to QUOTE regions)",
    "clear the field on that region",
)
SPEAKER_MISMATCH = define_error(
    "speaker-entity-mismatch",
    CROSS_REFERENCES,
    "a QUOTE's speaker_entity_id differs from the entity id of the mention its speaker relation points to",
    "make the speaker entity id equal to the speaker mention's entity id",
)
# Attribute controls allowed per kind of region: entity regions, QUOTE regions, CUE regions.
ALLOWED_ATTRIBUTES = {
    sc.ENTITY: {sc.ENTITY_ID, sc.ENTITY_LINK},
    labels.QUOTE_LABEL: {sc.QUOTE_TYPE, sc.SPEAKER_ENTITY_ID},
    labels.CUE_LABEL: set(),
}
# (kind, labels) of the region a relation must point to
RELATION_TARGETS = {
    labels.SPEAKER_RELATION: (sc.ENTITY, labels.SPEAKER_LABELS),
    labels.CUE_RELATION: (labels.CUE_LABEL, (labels.CUE_LABEL,)),
}


def kind(region: Region) -> str:
    """``entity`` for entity mentions, else the quote-layer label (QUOTE or CUE)."""
    return sc.ENTITY if region.control == sc.ENTITY else region.label


def arrow(relation: Relation, regions: dict[str, Region]) -> tuple[str, str]:
    """(tail, head) region ids of a relation: where the arrow starts and where it points.

    A bidirectional relation is read as starting at its QUOTE end.
    """
    if relation.direction == "left" or (
        relation.direction == "bi" and kind(regions[relation.to_id]) == labels.QUOTE_LABEL
    ):
        return relation.to_id, relation.from_id
    return relation.from_id, relation.to_id


def links(task: Task, quote_id: str, label: str) -> list[Region]:
    """Regions the QUOTE ``quote_id`` points to with relations labelled ``label``.

    Relations naming a missing region are left out (``relation-missing-region`` reports them). The
    links of every quote are found at once and kept with the task (regions and relations are only
    ever added to a task, so their counts tell when to find them again): checks that ask for each
    region's links stay linear in the regions.
    """
    counts = (len(task.regions), len(task.relations))
    known = task.link_index.get(label)
    if known is None or known[0] != counts:
        regions = {region.id: region for region in task.regions}
        heads: dict[str, list[Region]] = {}
        for relation in task.relations:
            if relation.label != label or relation.from_id not in regions or relation.to_id not in regions:
                continue
            tail, head = arrow(relation, regions)
            heads.setdefault(tail, []).append(regions[head])
        known = task.link_index[label] = (counts, heads)
    return list(known[1].get(quote_id, []))


def check_offsets(tasks: list[Task], documents: dict[str, str]) -> list[Problem]:
    """Documents, duplicate tasks and region ids, sound spans and their texts."""
    problems: list[Problem] = []
    document_tasks: dict[str, str] = {}
    region_tasks: dict[str, str] = {}
    for task in tasks:
        if task.document_id not in documents:
            problems.append(task.problem(DOCUMENT_UNKNOWN, f"no corpus document {task.document_id!r}"))
            continue
        if task.document_id in document_tasks:
            problems.append(
                task.problem(
                    DUPLICATE_TASK, f"task {document_tasks[task.document_id]} carries the same document"
                )
            )
        document_tasks.setdefault(task.document_id, task.task_id)
        text = documents[task.document_id]
        if task.text != text:
            at = next(
                (i for i, (a, b) in enumerate(zip(task.text, text, strict=False)) if a != b),
                min(len(task.text), len(text)),
            )
            problems.append(
                task.problem(
                    TEXT_MISMATCH, f"data.text differs from the corpus document from code point {at}"
                )
            )
            continue
        edges = TokenEdges.of(tokenize(text)) if task.regions else None
        for region in task.regions:
            if region.id in region_tasks:
                problems.append(
                    task.problem(
                        DUPLICATE_REGION,
                        f"id already names a region of task {region_tasks[region.id]}",
                        region.id,
                    )
                )
            region_tasks.setdefault(region.id, task.task_id)
            problems.extend(_span_problems(task, region, text, edges))
        labelled = {region.id for region in task.regions}
        for region_id in task.attributes:
            if region_id not in labelled:
                problems.append(
                    task.problem(ATTRIBUTE_ORPHAN, "attribute of an unlabelled region", region_id)
                )
    return problems


def _span_problems(task: Task, region: Region, text: str, edges: TokenEdges | None) -> list[Problem]:
    start, end, span = region.start, region.end, region.text
    fault = span_fault(text, start, end, edges)
    outside = fault is not None and fault.kind == OUTSIDE
    if not outside and text[start:end] == span:
        return [] if fault is None else [task.problem(TOKEN_EDGE, fault.reason, region.id)]
    if _fits_as_utf16(text, start, end, span):
        return [
            task.problem(
                UTF16_OFFSETS, f"[{start}, {end}) matches {span!r} only as UTF-16 code units", region.id
            )
        ]
    if fault is not None and outside:
        return [task.problem(OUT_OF_RANGE, fault.reason, region.id)]
    return [
        task.problem(
            TEXT_SLICE_MISMATCH,
            f"value.text {span!r} but the text at [{start}, {end}) is {text[start:end]!r}",
            region.id,
        )
    ]


def _fits_as_utf16(text: str, start: int, end: int, span: str) -> bool:
    """Whether ``span`` is the text at ``[start, end)`` counted in UTF-16 code units."""
    units = text.encode("utf-16-le")
    try:
        return 0 <= start < end <= len(units) // 2 and units[2 * start : 2 * end].decode("utf-16-le") == span
    except UnicodeDecodeError:
        return False


def check_references(tasks: list[Task], documents: dict[str, str]) -> list[Problem]:
    """Relation endpoints, attribute placement, entity ids across mentions."""
    problems: list[Problem] = []
    entity_labels = EntityLabels()
    for task in tasks:
        regions = {region.id: region for region in task.regions}
        for relation in task.relations:
            missing = [rid for rid in (relation.from_id, relation.to_id) if rid not in regions]
            if missing:
                problems.append(
                    task.problem(
                        RELATION_MISSING,
                        f"{relation.label} relation names missing region {missing[0]}",
                        relation.from_id,
                    )
                )
                continue
            tail, head = arrow(relation, regions)
            target = regions[head]
            if (
                kind(regions[tail]) != labels.QUOTE_LABEL
                or kind(target) != RELATION_TARGETS[relation.label][0]
                or target.label not in RELATION_TARGETS[relation.label][1]
            ):
                problems.append(
                    task.problem(
                        RELATION_ENDPOINT,
                        f"{relation.label} relation goes from {regions[tail].label} region {tail} "
                        f"to {target.label} region {head}; it must go from a QUOTE to a "
                        f"{' or '.join(RELATION_TARGETS[relation.label][1])} region",
                        relation.from_id,
                    )
                )
        for region_id, attributes in task.attributes.items():
            stray = sorted(set(attributes) - ALLOWED_ATTRIBUTES[kind(regions[region_id])])
            if stray:
                problems.append(
                    task.problem(
                        ATTRIBUTE_MISPLACED,
                        f"{', '.join(stray)} set on a {regions[region_id].label} region",
                        region_id,
                    )
                )
        for region in task.regions:
            entity_id = task.value(region.id, sc.ENTITY_ID)
            if kind(region) != sc.ENTITY or entity_id is None:
                continue
            problems += entity_labels.add(entity_id, region.label, f"task {task.task_id}, region {region.id}",
                                          task.file, task.where(region.id))
        problems.extend(_speaker_mismatches(task))
    return problems


def _speaker_mismatches(task: Task) -> list[Problem]:
    problems = []
    for quote in task.regions:
        if quote.label != labels.QUOTE_LABEL:
            continue
        declared = task.value(quote.id, sc.SPEAKER_ENTITY_ID)
        for speaker in links(task, quote.id, labels.SPEAKER_RELATION):
            mention = task.value(speaker.id, sc.ENTITY_ID)
            if declared is not None and mention is not None and declared != mention:
                problems.append(
                    task.problem(
                        SPEAKER_MISMATCH,
                        f"speaker_entity_id {declared!r} but the speaker mention {speaker.id} is {mention!r}",
                        quote.id,
                    )
                )
    return problems
