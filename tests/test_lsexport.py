"""Reading Label Studio exports into records, and records back into import tasks."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from id_pubadmin.annotations import annotated_task
from id_pubadmin.annotations import checks as export_checks
from id_pubadmin.annotations import rules as export_rules
from id_pubadmin.annotations import tasks as export_tasks
from id_pubadmin.annotations.export import read_export, tasks_from_records
from id_pubadmin.annotations.label_config import label_config_xml
from id_pubadmin.core import entity_labels, fields
from id_pubadmin.core.errors import ErrorId, ExportError
from label_studio_sdk.label_interface import LabelInterface

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid" / "export").glob("*.json"))
VALID = sorted((FIXTURES / "valid" / "export").glob("*.json"))

DOCUMENTS = {
    "kabar-001": (
        "KABAR.ID, SUKAMAJU - Wali Kota Sukamaju, Rina Lestari, meresmikan Mal Pelayanan Publik pada "
        'Senin (7/11/2022). "Warga tidak perlu antre lagi," kata Rina.'
    ),
    # A character beyond U+FFFF shifts UTF-16 offsets by one from code-point offsets.
    "kabar-002": "Warga Sukamaju \U0001f600 menyambut Rina Lestari di balai kota.",
}


def entity(document_id: str, mention_id: str, start: int, text: str, label: str, entity_id: str) -> dict:
    assert DOCUMENTS[document_id][start : start + len(text)] == text
    return {
        "document_id": document_id,
        "mention_id": mention_id,
        "start": start,
        "end": start + len(text),
        "text": text,
        "label": label,
        "entity_id": entity_id,
        "links": [],
    }


def span(document_id: str, start: int, text: str) -> dict:
    assert DOCUMENTS[document_id][start : start + len(text)] == text
    return {"start": start, "end": start + len(text), "text": text}


ENTITIES = [
    entity("kabar-001", "m-kabar", 0, "KABAR.ID", "ORG", "kabar-id"),
    entity("kabar-001", "m-sukamaju-1", 10, "SUKAMAJU", "GPE", "sukamaju"),
    entity("kabar-001", "m-wali-kota", 21, "Wali Kota", "ROLE", "wali-kota-sukamaju"),
    entity("kabar-001", "m-sukamaju-2", 31, "Sukamaju", "GPE", "sukamaju"),
    entity("kabar-001", "m-rina", 41, "Rina Lestari", "PERSON", "rina-lestari"),
    entity("kabar-001", "m-mpp", 66, "Mal Pelayanan Publik", "PROGRAM", "mal-pelayanan-publik"),
    entity("kabar-001", "m-senin", 92, "Senin (7/11/2022)", "DATE", "senin-7-11-2022"),
    entity("kabar-001", "m-rina-2", 148, "Rina", "PERSON", "rina-lestari"),
    entity("kabar-002", "m2-sukamaju", 6, "Sukamaju", "GPE", "sukamaju"),
    entity("kabar-002", "m2-rina", 27, "Rina Lestari", "PERSON", "rina-lestari"),
]
QUOTES = [
    {
        "document_id": "kabar-001",
        "quote_id": "q-antre",
        "type": "direct",
        **span("kabar-001", 112, "Warga tidak perlu antre lagi"),
        "cue": span("kabar-001", 143, "kata"),
        "speaker": span("kabar-001", 148, "Rina"),
        "speaker_entity_id": "rina-lestari",
    },
]


def as_export(tasks: list[dict]) -> list[dict]:
    """Import tasks dressed as Label Studio exports them: ids, timestamps and bookkeeping fields."""
    exported = []
    for number, task in enumerate(tasks, start=1):
        annotations = [
            {
                "id": 100 + number,
                "completed_by": 1,
                "result": [{**result, "origin": "manual"} for result in annotation["result"]],
                "was_cancelled": False,
                "ground_truth": False,
                "created_at": "2024-05-01T10:00:00.000000Z",
                "updated_at": "2024-05-01T10:05:00.000000Z",
                "draft_created_at": None,
                "lead_time": 42.5,
                "prediction": {},
                "result_count": 0,
                "unique_id": f"00000000-0000-0000-0000-{number:012d}",
                "import_id": None,
                "last_action": None,
                "bulk_created": False,
                "task": number,
                "project": 1,
                "updated_by": 1,
                "parent_prediction": None,
                "parent_annotation": None,
                "last_created_by": None,
            }
            for annotation in task.get("annotations", [])
        ]
        exported.append(
            {
                "id": number,
                "annotations": annotations,
                "file_upload": "tasks.json",
                "drafts": [],
                "predictions": [],
                "data": task["data"],
                "meta": {},
                "created_at": "2024-05-01T09:00:00.000000Z",
                "updated_at": "2024-05-01T10:05:00.000000Z",
                "inner_id": number,
                "total_annotations": len(annotations),
                "cancelled_annotations": 0,
                "total_predictions": 0,
                "comment_count": 0,
                "unresolved_comment_count": 0,
                "last_comment_updated_at": None,
                "project": 1,
                "updated_by": 1,
                "comment_authors": [],
            }
        )
    return exported


def write(tmp_path: Path, export: object) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return path


def codes(path: Path) -> set[str]:
    with pytest.raises(ExportError) as caught:
        read_export(path, DOCUMENTS)
    return {problem.code for problem in caught.value.problems}


def test_round_trip_through_import_tasks(tmp_path: Path) -> None:
    tasks = tasks_from_records(DOCUMENTS, ENTITIES, QUOTES)
    annotations = read_export(write(tmp_path, as_export(tasks)), DOCUMENTS)
    assert annotations.entities == sorted(ENTITIES, key=lambda e: (e["document_id"], e["start"]))
    assert annotations.quotes == QUOTES
    assert annotations.annotated_documents == ["kabar-001", "kabar-002"]


def test_import_tasks_are_valid_for_the_label_config() -> None:
    interface = LabelInterface(label_config_xml())
    tasks = tasks_from_records(DOCUMENTS, ENTITIES, QUOTES)
    assert all(interface.validate_annotation(task["annotations"][0]) for task in tasks)


def test_committed_valid_export_is_the_wrapped_records() -> None:
    committed = json.loads((FIXTURES / "valid" / "export" / "kabar.json").read_text(encoding="utf-8"))
    assert committed == as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_exports_read(path: Path) -> None:
    annotations = read_export(path, DOCUMENTS)
    assert annotations.entities and annotations.quotes


def test_record_keys_are_the_fields_without_sentences() -> None:
    annotations = read_export(FIXTURES / "valid" / "export" / "kabar.json", DOCUMENTS)
    entity_fields = [f.name for f in fields.ENTITIES.fields if f.name != "sentence_index"]
    quote_fields = [f.name for f in fields.QUOTES.fields if f.name != "sentence_indices"]
    assert all(list(record) == entity_fields for record in annotations.entities)
    assert all(list(record) == quote_fields for record in annotations.quotes)


def test_speaker_may_be_absent(tmp_path: Path) -> None:
    quotes = [{**QUOTES[0], "speaker": None}]
    annotations = read_export(
        write(tmp_path, as_export(tasks_from_records(DOCUMENTS, ENTITIES, quotes))), DOCUMENTS
    )
    assert annotations.quotes == quotes


def test_task_without_records_has_no_annotation_and_yields_nothing(tmp_path: Path) -> None:
    tasks = tasks_from_records(DOCUMENTS, ENTITIES[:8], QUOTES)
    assert "annotations" not in tasks[1]
    annotations = read_export(write(tmp_path, as_export(tasks)), DOCUMENTS)
    assert annotations.annotated_documents == ["kabar-001"]
    assert {e["document_id"] for e in annotations.entities} == {"kabar-001"}


def annotated_variants() -> list[dict]:
    """One task with three annotations of kabar-002, differing in the entity label given."""
    export = as_export(tasks_from_records({"kabar-002": DOCUMENTS["kabar-002"]}, ENTITIES[8:9], []))
    task = export[0]
    first = task["annotations"][0]
    task["annotations"] = []
    for annotation_id, label in ((7, "GPE"), (8, "LOC"), (9, "FAC")):
        annotation = copy.deepcopy(first)
        annotation["id"] = annotation_id
        annotation["result"][0]["value"]["labels"] = [label]
        task["annotations"].append(annotation)
    return export


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({8: {"ground_truth": True}}, "LOC"),  # the adjudicated annotation counts
        ({7: {"updated_at": "2030-01-01T00:00:00Z"}, 9: {"ground_truth": True}}, "FAC"),  # not the latest
        ({8: {"ground_truth": True, "was_cancelled": True}, 9: {"was_cancelled": True}}, "GPE"),  # one left
        ({7: {"was_cancelled": True}, 8: {"was_cancelled": True}}, "FAC"),  # single-annotator rule
    ],
)
def test_which_annotation_counts(tmp_path: Path, changes: dict, label: str) -> None:
    export = annotated_variants()
    for annotation in export[0]["annotations"]:
        annotation.update(changes.get(annotation["id"], {}))
    export[0]["predictions"] = [{"id": 1, "result": [{"broken": True}]}]
    (mention,) = read_export(write(tmp_path, export), DOCUMENTS).entities
    assert mention["label"] == label


@pytest.mark.parametrize("flagged", [(), (7, 9)])
def test_several_annotations_need_exactly_one_adjudicated(tmp_path: Path, flagged: tuple[int, ...]) -> None:
    export = annotated_variants()
    for annotation in export[0]["annotations"]:
        annotation["ground_truth"] = annotation["id"] in flagged
        annotation["completed_by"] = {"email": f"annotator{annotation['id']}@example.org"}
    with pytest.raises(ExportError) as caught:
        read_export(write(tmp_path, export), DOCUMENTS)
    (problem,) = caught.value.problems
    assert problem.code == "annotation-not-adjudicated"
    assert "task 1 (document kabar-002)" in problem.location
    assert all(f"{i} by annotator{i}@example.org" in problem.reason for i in (7, 8, 9))


def test_all_cancelled_means_no_records(tmp_path: Path) -> None:
    export = annotated_variants()
    for annotation in export[0]["annotations"]:
        annotation["was_cancelled"] = True
    annotations = read_export(write(tmp_path, export), DOCUMENTS)
    assert (annotations.entities, annotations.quotes, annotations.annotated_documents) == ([], [], [])


def test_relation_drawn_backwards_with_left_direction_is_read(tmp_path: Path) -> None:
    export = as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))
    for result in export[0]["annotations"][0]["result"]:
        if result["type"] == "relation":
            result.update(from_id=result["to_id"], to_id=result["from_id"], direction="left")
    assert read_export(write(tmp_path, export), DOCUMENTS).quotes == QUOTES


def test_problem_names_file_task_and_region(tmp_path: Path) -> None:
    export = as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))
    export[0]["annotations"][0]["result"][0]["value"]["text"] = "KABAR"
    path = write(tmp_path, export)
    with pytest.raises(ExportError) as caught:
        read_export(path, DOCUMENTS)
    (problem,) = caught.value.problems
    assert (problem.code, problem.file) == ("span-text-mismatch", str(path))
    assert problem.location == "task 1 (document kabar-001), annotation 101, region m-kabar"


def test_only_the_first_failing_level_is_reported(tmp_path: Path) -> None:
    export = as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))
    results = export[0]["annotations"][0]["result"]
    results[0]["value"]["labels"] = ["PEOPLE"]  # level 1
    results[2]["value"]["text"] = " SUKAMAJU"  # level 2
    assert codes(write(tmp_path, export)) == {"unknown-label"}


def test_records_of_unknown_document_or_speaker_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown document"):
        tasks_from_records({}, ENTITIES, [])
    stray_speaker = {**QUOTES[0], "speaker": span("kabar-001", 21, "Wali Kota")}
    with pytest.raises(ValueError, match="not a PERSON or ORG mention"):
        tasks_from_records(DOCUMENTS, ENTITIES, [stray_speaker])


def test_invalid_fixtures_state_why() -> None:
    for path in INVALID:
        text = path.read_text(encoding="utf-8")
        if text.startswith("//"):
            continue
        export = json.loads(text)
        first = export[0] if isinstance(export, list) else export
        assert first["data"]["why"].strip(), path.name


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_yields_exactly_its_error(path: Path) -> None:
    assert codes(path) == {path.stem}


def test_every_export_error_has_a_fixture() -> None:
    declared = {
        value.code
        for module in (export_tasks, annotated_task, export_checks, export_rules, entity_labels)
        for value in vars(module).values()
        if isinstance(value, ErrorId)
    }
    assert declared == {path.stem for path in INVALID}
