"""Label Studio exports to entity and quote records, and records back to import tasks.

The gold lives in Label Studio JSON exports; this module is the only way in and out of that
format, so every record the build sees has passed the checks of an export: reading it
(:mod:`~id_pubadmin.annotations.tasks`, :mod:`~id_pubadmin.annotations.annotated_task`), then :data:`CHECKS`.
Region ids become ``mention_id`` / ``quote_id``; pushing records back writes the same ids, and a
quote's CUE region gets the id ``<quote_id>-cue``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import labels
from ..core.errors import CROSS_REFERENCES, GUIDELINES, OFFSETS, Check, ExportError, Problem, first_failing
from . import label_config as sc
from .annotated_task import Region, Task
from .checks import check_offsets, check_references, kind, links
from .rules import check_guidelines
from .tasks import check_adjudication, read_tasks


def _cross_references(tasks: list[Task], documents: dict[str, str]) -> list[Problem]:
    """Relations, attributes and entity ids, and the choice of the gold annotation: reported together."""
    return check_references(tasks, documents) + check_adjudication(tasks, documents)


# The checks of the tasks read from an export, each with its level; run by first_failing.
CHECKS: tuple[tuple[int, Check], ...] = (
    (OFFSETS, check_offsets),
    (CROSS_REFERENCES, _cross_references),
    (GUIDELINES, check_guidelines),
)


@dataclass(frozen=True)
class Annotations:
    """Records of an export, and the ids of the documents whose task had a usable annotation."""

    entities: list[dict]
    quotes: list[dict]
    annotated_documents: list[str]


def read_export(path: Path, documents: dict[str, str]) -> Annotations:
    """Records of the export at ``path``, checked against ``documents`` (id -> text).

    Raises ExportError naming file, task, region and rule of every problem of the first failing
    check. Writes nothing.
    """
    tasks = read_tasks(path)
    problems = first_failing(CHECKS, tasks, documents)
    if problems:
        raise ExportError(problems)
    annotated = [task for task in tasks if task.annotation_id is not None]
    entities = [
        _entity(task, region) for task in annotated for region in task.regions if kind(region) == sc.ENTITY
    ]
    quotes = [
        _quote(task, region)
        for task in annotated
        for region in task.regions
        if region.label == labels.QUOTE_LABEL
    ]
    entities.sort(key=lambda e: (e["document_id"], e["start"], e["end"], e["label"], e["mention_id"]))
    quotes.sort(key=lambda q: (q["document_id"], q["start"], q["end"], q["quote_id"]))
    return Annotations(entities, quotes, sorted(task.document_id for task in annotated))


def _span(region: Region) -> dict:
    return {"start": region.start, "end": region.end, "text": region.text}


def _entity(task: Task, region: Region) -> dict:
    return {
        "document_id": task.document_id,
        "mention_id": region.id,
        **_span(region),
        "label": region.label,
        "entity_id": task.value(region.id, sc.ENTITY_ID),
        "links": (task.value(region.id, sc.ENTITY_LINK) or "").split(),
    }


def _quote(task: Task, region: Region) -> dict:
    (cue,) = links(task, region.id, labels.CUE_RELATION)
    speakers = links(task, region.id, labels.SPEAKER_RELATION)
    return {
        "document_id": task.document_id,
        "quote_id": region.id,
        "type": task.value(region.id, sc.QUOTE_TYPE),
        **_span(region),
        "cue": _span(cue),
        "speaker": _span(speakers[0]) if speakers else None,
        "speaker_entity_id": task.value(region.id, sc.SPEAKER_ENTITY_ID),
    }


def tasks_from_records(documents: dict[str, str], entities: list[dict], quotes: list[dict]) -> list[dict]:
    """Label Studio import tasks, one per document (sorted by id), carrying the records.

    A document with records gets one annotation holding all its regions, relations and per-region
    attributes; a document without records gets none, so it shows as still to annotate.
    Raises ValueError if a record names an unknown document or a speaker that is no PERSON or ORG mention.
    """
    results: dict[str, list[dict]] = {document_id: [] for document_id in documents}
    for record in (*entities, *quotes):
        if record["document_id"] not in results:
            raise ValueError(f"record names unknown document {record['document_id']!r}")
    for entity in entities:
        results[entity["document_id"]] += [
            _result(entity["mention_id"], sc.ENTITY, "labels", entity, labels=[entity["label"]]),
            _result(entity["mention_id"], sc.ENTITY_ID, "textarea", entity, text=[entity["entity_id"]]),
        ] + ([_result(entity["mention_id"], sc.ENTITY_LINK, "textarea", entity, text=[" ".join(entity["links"])])]
             if entity.get("links") else [])
    for quote in quotes:
        results[quote["document_id"]] += _quote_results(quote, entities)
    tasks = []
    for document_id in sorted(documents):
        task: dict = {"data": {sc.TEXT: documents[document_id], sc.DOCUMENT_ID: document_id}}
        if results[document_id]:
            task["annotations"] = [{"result": results[document_id]}]
        tasks.append(task)
    return tasks


def _quote_results(quote: dict, entities: list[dict]) -> list[dict]:
    quote_id, cue_id = quote["quote_id"], f"{quote['quote_id']}-cue"
    results = [
        _result(quote_id, sc.QUOTE, "labels", quote, labels=[labels.QUOTE_LABEL]),
        _result(quote_id, sc.QUOTE_TYPE, "choices", quote, choices=[quote["type"]]),
        _result(quote_id, sc.SPEAKER_ENTITY_ID, "textarea", quote, text=[quote["speaker_entity_id"]]),
        _result(cue_id, sc.QUOTE, "labels", quote["cue"], labels=[labels.CUE_LABEL]),
        _relation(quote_id, cue_id, labels.CUE_RELATION),
    ]
    speaker = quote["speaker"]
    if speaker is not None:
        mentions = sorted(
            e["mention_id"]
            for e in entities
            if e["document_id"] == quote["document_id"]
            and e["label"] in labels.SPEAKER_LABELS
            and (e["start"], e["end"]) == (speaker["start"], speaker["end"])
        )
        if not mentions:
            raise ValueError(f"quote {quote_id}: speaker {speaker} is not a PERSON or ORG mention of its document")
        results.append(_relation(quote_id, mentions[0], labels.SPEAKER_RELATION))
    return results


def _result(region_id: str, control: str, result_type: str, span: dict, **value: list[str]) -> dict:
    """A region result as Label Studio writes it: the span, plus labels, choices or typed text."""
    return {
        "id": region_id,
        "from_name": control,
        "to_name": sc.TEXT,
        "type": result_type,
        "value": {"start": span["start"], "end": span["end"], "text": span["text"], **value},
    }


def _relation(from_id: str, to_id: str, label: str) -> dict:
    return {"from_id": from_id, "to_id": to_id, "type": "relation", "direction": "right", "labels": [label]}
