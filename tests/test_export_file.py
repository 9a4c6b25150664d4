"""The committed export: who annotated what and when survives pulls, and the per-document guard."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from id_pubadmin.annotations.export import tasks_from_records
from id_pubadmin.annotations.studio.export_file import (
    backup_path,
    draft_notes,
    write_export,
)
from id_pubadmin.annotations.studio.server import LOG_GENERATIONS, rotate_log
from id_pubadmin.core.errors import StudioError
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export

USERS = {1: "rina@example.org", 2: "budi@example.org", 9: "admin@localhost"}


def raw_export() -> list[dict]:
    return as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))


def committed(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_annotation_keeps_its_annotator_times_and_lead_time(tmp_path: Path) -> None:
    raw = raw_export()
    second = {**copy.deepcopy(raw[0]["annotations"][0]), "id": 250, "completed_by": 2, "ground_truth": True}
    raw[0]["annotations"].append(second)
    target = tmp_path / "export.json"
    write_export(target, raw, USERS)

    [task, _] = committed(target)
    assert task["id"] == 1
    assert [(a["id"], a["completed_by"], a["ground_truth"]) for a in task["annotations"]] == [
        (250, {"email": "budi@example.org"}, True), (101, {"email": "rina@example.org"}, False)]
    assert task["annotations"][1]["lead_time"] == 42.5
    assert task["annotations"][1]["created_at"] == "2024-05-01T10:00:00.000000Z"
    assert not {"unique_id", "project", "drafts"} & {*task, *task["annotations"][0]}
    assert not write_export(target, raw, USERS).changed


def test_a_push_to_a_new_server_does_not_rewrite_who_annotated(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    write_export(target, raw_export(), USERS)
    recreated = raw_export()  # the same results, re-created by the admin on another server
    for task in recreated:
        task["id"] += 10
        for annotation in task["annotations"]:
            annotation.update(id=annotation["id"] + 10, completed_by=9, created_at="2026-01-01T00:00:00Z")
    write_export(target, recreated, USERS)
    annotation = committed(target)[0]["annotations"][0]
    assert (annotation["id"], annotation["completed_by"]) == (111, {"email": "rina@example.org"})
    assert annotation["created_at"] == "2024-05-01T10:00:00.000000Z"


def test_deletions_made_in_the_studio_are_accepted_and_listed(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    full = raw_export()
    write_export(target, full, USERS)
    before = target.read_text(encoding="utf-8")
    fewer = copy.deepcopy(full)
    fewer[0]["annotations"][0]["result"] = fewer[0]["annotations"][0]["result"][:4]
    fewer[1]["annotations"] = []

    written = write_export(target, fewer, USERS)
    assert written.changed and written.regions_after < written.regions_before
    assert any("labelled region(s) fewer" in note for note in written.accepted)
    assert any("annotation 102 by rina@example.org was deleted in Label Studio" in n for n in written.accepted)
    assert backup_path(target).read_text(encoding="utf-8") == before


@pytest.mark.parametrize("loss", ["document", "other-server", "empty"])
def test_an_export_that_lost_documents_or_annotations_is_refused(tmp_path: Path, loss: str) -> None:
    target = tmp_path / "export.json"
    full = raw_export()
    write_export(target, full, USERS)
    before = target.read_text(encoding="utf-8")
    if loss == "document":
        lost, reason = full[:1], r"document kabar-002 \(task 2\) is not in the studio project"
    elif loss == "other-server":
        lost = [{**task, "id": task["id"] + 10, "annotations": []} for task in full]
        reason = "annotation 101 by rina@example.org is not in task 11"
    else:
        lost, reason = [{**task, "annotations": []} for task in full], "holds no labelled regions"
    with pytest.raises(StudioError, match=reason):
        write_export(target, lost, USERS)
    assert target.read_text(encoding="utf-8") == before and not backup_path(target).exists()


def test_drafts_are_reported_with_task_annotator_and_age() -> None:
    raw = raw_export()
    raw[1]["drafts"] = [{"id": 5, "user": "budi@example.org", "annotation": None,
                         "updated_at": "2024-05-01T10:00:00Z"}]
    now = datetime(2024, 5, 1, 13, 0, tzinfo=timezone.utc)
    assert draft_notes(raw, now) == [
        "task 2 (document kabar-002): draft 5 by budi@example.org, 3.0 h old, not submitted"]


def test_server_logs_of_earlier_starts_are_kept(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    for generation in range(LOG_GENERATIONS + 2):
        rotate_log(log)
        log.write_text(f"start {generation}\n", encoding="utf-8")
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["server.log", *(f"server.log.{n}" for n in range(1, LOG_GENERATIONS + 1))]
    assert (tmp_path / "server.log.1").read_text(encoding="utf-8") == f"start {LOG_GENERATIONS}\n"


def test_an_edit_on_a_new_server_is_linked_back_by_import_id(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    write_export(target, raw_export(), USERS)
    moved = raw_export()  # pushed to a fresh server (new ids, import_id = committed id), then edited
    for task in moved:
        task["id"] += 10
        for annotation in task["annotations"]:
            annotation.update(id=annotation["id"] + 10, import_id=annotation["id"], completed_by=9, updated_by=2,
                              updated_at="2026-01-02T00:00:00Z")
    moved[0]["annotations"][0]["result"] = moved[0]["annotations"][0]["result"][2:]

    written = write_export(target, moved, USERS)
    assert written.changed and written.accepted == ["document kabar-001: 1 labelled region(s) fewer than before"]
    edited = committed(target)[0]["annotations"][0]
    assert (edited["id"], edited["completed_by"], edited["updated_by"]) == (
        111, {"email": "rina@example.org"}, {"email": "budi@example.org"})
    assert (edited["created_at"], edited["updated_at"]) == ("2024-05-01T10:00:00.000000Z", "2026-01-02T00:00:00Z")
