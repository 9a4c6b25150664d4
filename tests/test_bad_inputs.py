"""Awkward seeds, exports and pulls: each is read as documented or rejected with our own error, never lost."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_fixtures import EXPORT_NAME, base_rows, make_project
from id_pubadmin.annotations.export import read_export, tasks_from_records
from id_pubadmin.core.errors import ExportError, SeedError
from id_pubadmin.seeds import seed_files, seed_metadata
from id_pubadmin.validate import validate_export, validate_project
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export, write

VALID_EXPORT = Path(__file__).parent / "fixtures" / "valid" / "export" / "kabar.json"


def _validate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "id_pubadmin", "--root", str(root), "validate", *args],
                          capture_output=True, text=True)


def _export() -> list[dict]:
    return as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))


def _export_codes(tmp_path: Path, export: object) -> set[str]:
    with pytest.raises(ExportError) as caught:
        read_export(write(tmp_path, export), DOCUMENTS)
    return {problem.code for problem in caught.value.problems}


# Seeds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "code"), [
    (b"", "seed-empty"),
    (b"  \n\t \n", "seed-empty"),
    (b"date 2022-11 ****", "seed-empty"),
    (b"date 2022-11 \n\n   ****\n", "seed-empty"),
])
def test_empty_or_blank_seeds_are_rejected(tmp_path: Path, raw: bytes, code: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(raw)
    with pytest.raises(SeedError) as caught:
        seed_files.parse_seed(path)
    assert [p.code for p in caught.value.problems] == [code]


@pytest.mark.parametrize("metadata", ['{"sha256": ' + "1" * 5000 + "}", "[" * 5000 + "]" * 5000],
                         ids=["number-too-long", "nesting-too-deep"])
def test_seed_metadata_beyond_the_parsers_limits_is_invalid(tmp_path: Path, metadata: str) -> None:
    path = tmp_path / "kabar.txt"
    path.write_text("date 2022-11 KABAR.ID, SUKAMAJU - Warga senang. ****", encoding="utf-8")
    seed_metadata.metadata_path(path).write_text(metadata, encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        seed_metadata.read_metadata(seed_files.parse_seed(path))
    assert [p.code for p in caught.value.problems] == ["seed-metadata-invalid"]


def test_validate_reports_a_latin1_seed_as_one_json_record(tmp_path: Path, root: Path) -> None:
    seed = tmp_path / "latin1.txt"
    raw = "date 2022-11 KABAR.ID, SUKAMAJU - Warga m\u00e9rayakan hari jadi kota. ****".encode("latin-1")
    seed.write_bytes(raw)
    result = _validate(root, str(seed), "--format", "json")
    assert result.returncode == 1
    (record,) = json.loads(result.stdout)
    assert record == {"code": "seed-not-utf8", "level": 1, "file": str(seed), "location": f"byte {raw.index(0xE9)}",
                      "reason": record["reason"]}
    assert "0xe9" in record["reason"]


def test_validate_refuses_a_path_it_cannot_check(root: Path, tmp_path: Path) -> None:
    result = _validate(root, str(tmp_path / "notes.csv"))
    assert result.returncode == 2
    assert "not a seed .txt, an export .json, the entity registry entities.jsonl or a corpus folder" in result.stderr


# Exports ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.5, 0.99])
def test_truncated_export_is_unreadable(tmp_path: Path, fraction: float) -> None:
    text = json.dumps(_export())
    path = tmp_path / "cut.json"
    path.write_text(text[: int(len(text) * fraction)], encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        read_export(path, DOCUMENTS)
    assert [p.code for p in caught.value.problems] == ["export-unreadable"]


@pytest.mark.parametrize("top", [{}, None, "tasks", 3, [1, "task"], [[]]])
def test_top_level_that_is_no_list_of_tasks_is_refused(tmp_path: Path, top: object) -> None:
    assert _export_codes(tmp_path, top) == {"export-not-task-list"}


@pytest.mark.parametrize("text", ["[" + "1" * 5000 + "]", "[" * 100_000 + "]" * 100_000],
                         ids=["number-too-long", "nesting-too-deep"])
def test_json_beyond_the_parsers_limits_is_unreadable(tmp_path: Path, text: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        read_export(path, DOCUMENTS)
    assert [p.code for p in caught.value.problems] == ["export-unreadable"]


@pytest.mark.parametrize("control", [["entity"], {"name": "entity"}, 7])
def test_a_control_name_that_is_no_string_is_refused(tmp_path: Path, control: object) -> None:
    export = _export()
    export[0]["annotations"][0]["result"][0]["from_name"] = control
    assert _export_codes(tmp_path, export) <= {"export-malformed", "unknown-label"}


def test_predictions_without_annotations_yield_nothing(tmp_path: Path) -> None:
    export = _export()
    for task in export:
        task["predictions"] = [{"id": 7, "model_version": "x", "result": task["annotations"][0]["result"]}]
        task["annotations"] = []
    annotations = read_export(write(tmp_path, export), DOCUMENTS)
    assert (annotations.entities, annotations.quotes, annotations.annotated_documents) == ([], [], [])


def test_a_bidirectional_relation_is_read_from_its_quote_end(tmp_path: Path) -> None:
    export = _export()
    for result in export[0]["annotations"][0]["result"]:
        if result["type"] == "relation":
            result.update(from_id=result["to_id"], to_id=result["from_id"], direction="bi")
    assert read_export(write(tmp_path, export), DOCUMENTS).quotes == QUOTES


def test_a_link_drawn_in_both_directions_is_refused(tmp_path: Path) -> None:
    export = _export()
    results = export[0]["annotations"][0]["result"]
    cue = next(r for r in results if r["type"] == "relation" and r["labels"] == ["cue"])
    results.append({**cue, "from_id": cue["to_id"], "to_id": cue["from_id"]})  # CUE -> QUOTE, arrow to the quote
    assert _export_codes(tmp_path, export) == {"relation-wrong-endpoint"}


def test_unknown_extra_fields_are_tolerated(tmp_path: Path) -> None:
    export = _export()
    for task in export:
        task["future_field"] = {"x": 1}
        task["data"]["source_url"] = "https://example.invalid/article"
        for annotation in task["annotations"]:
            annotation["reviews"] = []
            for result in annotation["result"]:
                result["readonly"] = False
                result.setdefault("value", {})["score"] = 0.5
    annotations = read_export(write(tmp_path, export), DOCUMENTS)
    assert annotations.quotes == QUOTES and len(annotations.entities) == len(ENTITIES)


def test_an_export_of_another_labelling_config_is_refused(tmp_path: Path) -> None:
    """Label Studio's stock NER template: control "label", labels PER/ORG/LOC/MISC."""
    export = _export()
    for task in export:
        for result in task["annotations"][0]["result"]:
            if result.get("from_name") == "entity":
                result["from_name"] = "label"
                result["value"]["labels"] = ["PER"]
    assert _export_codes(tmp_path, export) == {"unknown-label"}
    for task in export:
        for result in task["annotations"][0]["result"]:
            result["to_name"] = "body"
    assert _export_codes(tmp_path, export) == {"unknown-label"}


def test_an_export_is_validated_against_the_projects_documents(root: Path) -> None:
    result = _validate(root, str(VALID_EXPORT), "--format", "json")
    assert result.returncode == 1
    assert {p["code"] for p in json.loads(result.stdout)} == {"document-unknown"}


def test_a_guideline_rule_on_rows_is_reported_in_the_export(tmp_path: Path) -> None:
    """A ROLE span running over the name after it passes the export's own checks but not the row checks."""
    rows = copy.deepcopy(base_rows())
    entities = rows["entities"]["train"]
    role = next(e for e in entities if e["label"] == "ROLE")
    role.update(end=53, text="Wali Kota Sukamaju, Rina Lestari")
    rows["entities"]["train"] = [e for e in entities if not (role["start"] < e["start"] < role["end"])]
    layout = make_project(tmp_path, rows)
    export = layout.exports / EXPORT_NAME
    documents = {row["document_id"]: row for row in rows["documents"]["train"]}
    (problem,) = validate_export(layout, export, documents)
    assert (problem.code, problem.level) == ("corpus-role-person", 4)
    assert problem.file == f"{export} (as entities rows)" and "mention m-wali-kota" in problem.location
    assert [p.code for p in validate_project(layout).problems] == ["corpus-role-person"]


def test_a_broken_export_stops_validation_before_the_corpus(project: Path) -> None:
    (project / "annotations" / "exports" / "broken.json").write_text("[{", encoding="utf-8")
    result = _validate(project, "--format", "json")
    assert result.returncode == 1
    assert [p["code"] for p in json.loads(result.stdout)] == ["export-unreadable"]
    assert "corpus" not in result.stderr.split("checked")[-1]
