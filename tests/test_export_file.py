"""The committed export: who annotated what and when survives pulls, and the per-document guard."""

from __future__ import annotations

import copy
import json
import resource
import signal
from datetime import datetime, timezone
from pathlib import Path

import pytest
from id_pubadmin.annotations.export import tasks_from_records
from id_pubadmin.annotations.studio.adjudication import MARK, edited_after_mark_notes, is_new_mark, mark_from_history
from id_pubadmin.annotations.studio.backups import KEEP, backups
from id_pubadmin.annotations.studio.export_file import (
    draft_notes,
    write_export,
)
from id_pubadmin.annotations.studio.links import MARKER, push_marker
from id_pubadmin.annotations.studio.server import LOG_GENERATIONS, rotate_log
from id_pubadmin.core.errors import StudioError
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export

USERS = {1: "rina@example.org", 2: "budi@example.org", 9: "admin@localhost"}
SERVER = "1@2024-05-01T09:00:00+00:00"  # the project key of the server the raw exports come from
REBUILT = "1@2026-01-01T09:00:00+00:00"  # the same project id on a rebuilt server


def raw_export() -> list[dict]:
    tasks = as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES))
    for task in tasks:
        task["created_at"] = "2024-05-01T09:30:00.000000Z"
    return tasks


def pushed_to(project: str, committed_tasks: list[dict], raw: list[dict]) -> list[dict]:
    """``raw`` as a push of ``committed_tasks`` to ``project`` leaves it: marked tasks, import ids."""
    links = {t["data"]["document_id"]: t for t in committed_tasks}
    for task in raw:
        task["data"][MARKER] = push_marker(project, links.get(task["data"]["document_id"]))
        for annotation, committed_annotation in zip(task["annotations"], links[task["data"]["document_id"]]["annotations"]):
            annotation["import_id"] = committed_annotation["id"]
    return raw


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
    write_export(target, raw_export(), USERS, SERVER)
    recreated = raw_export()  # the same results, re-created by the admin on a rebuilt server by a push
    for task in recreated:
        for annotation in task["annotations"]:
            annotation.update(id=annotation["id"] + 10, completed_by=9, created_at="2026-01-01T00:00:00Z")
    before = target.read_bytes()
    assert not write_export(target, pushed_to(REBUILT, committed(target), recreated), USERS, REBUILT).changed
    assert target.read_bytes() == before  # nobody worked on it there: kept as committed, ids and link too
    recreated[0]["annotations"][0]["result"] = recreated[0]["annotations"][0]["result"][:-1]  # then an edit there
    write_export(target, pushed_to(REBUILT, committed(target), recreated), USERS, REBUILT)
    [task, _] = committed(target)
    annotation = task["annotations"][0]
    assert (annotation["id"], annotation["completed_by"]) == (111, {"email": "rina@example.org"})
    assert annotation["created_at"] == "2024-05-01T10:00:00.000000Z"
    assert MARKER not in task["data"] and task["studio"] == {"project": REBUILT, "task": 1,
                                                             "created_at": "2024-05-01T09:30:00.000000Z"}


def test_a_rebuilt_server_reusing_the_ids_links_nothing_and_the_pull_refuses(tmp_path: Path) -> None:
    """Same task and annotation ids, but not the server the file was pulled from nor pushed to."""
    target = tmp_path / "export.json"
    write_export(target, raw_export(), USERS, SERVER)
    before = target.read_text(encoding="utf-8")
    rebuilt = raw_export()  # imported by hand: no push mark; the admin made annotation 101
    rebuilt[0]["annotations"][0].update(completed_by=9, result=rebuilt[0]["annotations"][0]["result"][:2])
    rebuilt[1]["annotations"] = []
    with pytest.raises(StudioError) as refused:
        write_export(target, rebuilt, USERS, REBUILT)
    assert "annotation 101 by rina@example.org (" in str(refused.value)
    assert "annotation 102 by rina@example.org (" in str(refused.value)
    assert target.read_text(encoding="utf-8") == before and not backups(target)

    fresh = tmp_path / "fresh.json"  # with nothing committed, the same pull is new work of its maker
    write_export(fresh, rebuilt, USERS, REBUILT)
    assert committed(fresh)[0]["annotations"][0]["completed_by"] == {"email": "admin@localhost"}


def test_deletions_made_in_the_studio_are_accepted_and_each_named(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    full = raw_export()
    write_export(target, full, USERS, SERVER)
    before = target.read_text(encoding="utf-8")
    fewer = copy.deepcopy(full)
    kept_results = fewer[0]["annotations"][0]["result"][:4]
    fewer[0]["annotations"][0]["result"] = kept_results
    extra = {**copy.deepcopy(full[0]["annotations"][0]), "id": 300, "completed_by": 2}  # a region more elsewhere
    fewer[0]["annotations"].append(extra)
    fewer[1]["annotations"] = []

    written = write_export(target, fewer, USERS, SERVER)
    assert written.changed and written.regions_after < written.regions_before + len(extra["result"])
    kept_ids = {r["id"] for r in kept_results}
    gone = [r for r in full[0]["annotations"][0]["result"] if r["type"] == "labels" and r["id"] not in kept_ids]
    assert gone, "the edit must delete labelled regions"
    for region in gone:
        label, text = region["value"]["labels"][0], region["value"]["text"]
        assert (f"document kabar-001: region {region['id']} {label} {text!r} by rina@example.org (annotation 101) "
                "was deleted") in written.accepted
    assert any(n.startswith("document kabar-002: annotation 102 by rina@example.org (") and
               n.endswith("was deleted in Label Studio (task 2)") for n in written.accepted)
    assert [p.read_text(encoding="utf-8") for p in backups(target)] == [before]
    assert committed(target)[0]["annotations"][1]["completed_by"] == {"email": "budi@example.org"}


@pytest.mark.parametrize("loss", ["document", "other-server", "empty"])
def test_an_export_that_lost_documents_or_annotations_is_refused(tmp_path: Path, loss: str) -> None:
    target = tmp_path / "export.json"
    full = raw_export()
    write_export(target, full, USERS, SERVER)
    before = target.read_text(encoding="utf-8")
    if loss == "document":
        lost, reason = full[:1], r"document kabar-002 \(task 2, 1 annotation\(s\)\) is not in the studio project"
    elif loss == "other-server":
        lost = [{**task, "id": task["id"] + 10, "annotations": []} for task in full]
        reason = r"annotation 101 by rina@example.org \(\d+ region\(s\)\) would be lost: task 11"
    else:  # the same task ids on a rebuilt server
        lost, reason = [{**task, "annotations": []} for task in full], "would be lost: task 1 of the studio project"
    with pytest.raises(StudioError, match=reason):
        write_export(target, lost, USERS, REBUILT if loss == "empty" else SERVER)
    assert target.read_text(encoding="utf-8") == before and not backups(target)


def test_ten_pulls_leave_the_last_ten_earlier_exports(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    raw = raw_export()
    write_export(target, raw, USERS, SERVER)
    versions = [target.read_text(encoding="utf-8")]
    for pull_number in range(KEEP + 2):
        raw[0]["annotations"][0]["lead_time"] = 100.0 + pull_number
        raw[0]["annotations"][0]["result"][0]["value"]["text"] = f"edit {pull_number}"  # a new content each time
        assert write_export(target, raw, USERS, SERVER).changed
        versions.append(target.read_text(encoding="utf-8"))
    kept = backups(target)
    assert len(kept) == KEEP
    assert [p.read_text(encoding="utf-8") for p in kept] == versions[-KEEP - 1:-1]  # oldest pruned first


def test_a_failed_replace_takes_no_backup(tmp_path: Path) -> None:
    """The new file cannot be written (a file size limit, as a full disk): no backup is taken."""
    target = tmp_path / "export.json"
    raw = raw_export()
    write_export(target, raw, USERS, SERVER)
    before = target.read_text(encoding="utf-8")
    raw[0]["annotations"][0]["result"][0]["value"]["text"] = "edited"
    limits, handler = resource.getrlimit(resource.RLIMIT_FSIZE), signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, limits[1]))
    try:
        with pytest.raises(OSError):
            write_export(target, raw, USERS, SERVER)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)
    assert not backups(target) and target.read_text(encoding="utf-8") == before


def test_a_pull_that_cannot_replace_the_export_leaves_the_backups_as_they_were(tmp_path: Path) -> None:
    """The export is immutable (``chattr +i``): the rename over it fails after the new file and the
    copy were made. No copy is pruned, and the copy of this attempt is taken back."""
    import shutil
    import subprocess

    target = tmp_path / "export.json"
    raw = raw_export()
    write_export(target, raw, USERS, SERVER)
    for pull_number in range(KEEP):  # a full backup folder: one more copy would prune the oldest
        raw[0]["annotations"][0]["result"][0]["value"]["text"] = f"edit {pull_number}"
        write_export(target, raw, USERS, SERVER)
    kept = {path: path.read_bytes() for path in backups(target)}
    before = target.read_text(encoding="utf-8")
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not permitted here (it needs CAP_LINUX_IMMUTABLE)")
    try:
        raw[0]["annotations"][0]["result"][0]["value"]["text"] = "edited once more"
        with pytest.raises(OSError):
            write_export(target, raw, USERS, SERVER)
    finally:
        subprocess.run([chattr, "-i", str(target)], check=True)
    assert len(kept) == KEEP and {path: path.read_bytes() for path in backups(target)} == kept
    assert target.read_text(encoding="utf-8") == before


def test_the_adjudicator_is_recorded_when_ground_truth_is_set(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    raw = raw_export()
    raw[0]["annotations"].append({**copy.deepcopy(raw[0]["annotations"][0]), "id": 250, "completed_by": 2})
    write_export(target, raw, USERS, SERVER)
    raw[0]["annotations"][1].update(ground_truth=True, updated_by=9, updated_at="2026-03-01T08:00:00Z")
    write_export(target, raw, USERS, SERVER)
    gold = committed(target)[0]["annotations"][0]
    assert (gold["id"], gold["completed_by"], gold["updated_at"]) == (
        250, {"email": "budi@example.org"}, "2024-05-01T10:05:00.000000Z")  # the content is budi's, unchanged
    assert (gold["adjudicated_by"], gold["adjudicated_at"]) == ({"email": "admin@localhost"}, "2026-03-01T08:00:00Z")
    raw[0]["annotations"][1]["updated_by"] = 1  # a later pull keeps who adjudicated
    write_export(target, raw, USERS, SERVER)
    assert committed(target)[0]["annotations"][0]["adjudicated_by"] == {"email": "admin@localhost"}


def history_record(transition: str, who: str, at: str, changed: list[str]) -> dict:
    """A record of Label Studio's state history of an annotation, as its API gives it."""
    return {"transition_name": transition, "triggered_by": {"id": 7, "email": who}, "created_at": at,
            "context_data": {"changed_fields": changed}}


def test_the_adjudicator_is_who_set_the_mark_not_who_edited_after_it(tmp_path: Path) -> None:
    """The lead marks budi's annotation; budi edits it 0.3 s later: the lead adjudicated, at the
    mark's time, and the edit is reported. Marking again later is a new adjudication."""
    lead, budi = "lead-01@id-pubadmin-news.invalid", "budi@example.org"
    history = [history_record("annotation_updated", budi, "2026-03-01T08:00:00.400000Z", ["result", "result_count"]),
               history_record("annotation_created", budi, "2026-03-01T07:00:00.000000Z", []),
               history_record("annotation_updated", lead, "2026-03-01T08:00:00.100000Z", ["ground_truth"])]
    target = tmp_path / "export.json"
    raw = raw_export()
    raw[0]["annotations"].append({**copy.deepcopy(raw[0]["annotations"][0]), "id": 250, "completed_by": 2})
    write_export(target, raw, USERS, SERVER)
    raw[0]["annotations"][1].update(ground_truth=True, updated_by=2, updated_at="2026-03-01T08:00:00.400000Z")
    raw[0]["annotations"][1][MARK] = mark_from_history(history)
    assert [line.split(": ", 1)[1] for line in edited_after_mark_notes(raw)] == [
        f"marked ground truth by {lead} at 2026-03-01T08:00:00.100000Z, then edited (result) by {budi} at "
        "2026-03-01T08:00:00.400000Z"]
    write_export(target, raw, USERS, SERVER)
    gold = committed(target)[0]["annotations"][0]
    assert (gold["id"], gold["completed_by"]) == (250, {"email": budi})
    assert (gold["adjudicated_by"], gold["adjudicated_at"]) == ({"email": lead}, "2026-03-01T08:00:00.100000Z")
    assert MARK not in gold

    history.append(history_record("annotation_updated", "lead-02@id-pubadmin-news.invalid",
                                  "2026-03-02T09:00:00.000000Z", ["ground_truth"]))
    raw[0]["annotations"][1][MARK] = mark_from_history(history)
    assert not edited_after_mark_notes(raw)
    write_export(target, raw, USERS, SERVER)
    gold = committed(target)[0]["annotations"][0]
    assert gold["adjudicated_by"] == {"email": "lead-02@id-pubadmin-news.invalid"}


def test_a_mark_made_by_creating_the_annotation_keeps_the_committed_adjudicator() -> None:
    """Push creates the committed annotations marked: that creation is no new adjudication."""
    committed_annotation = {"ground_truth": True, "adjudicated_by": {"email": "lead-01@id-pubadmin-news.invalid"},
                            "adjudicated_at": "2026-03-01T08:00:00Z"}
    created = mark_from_history([history_record("annotation_created", "lead-09@id-pubadmin-news.invalid",
                                                "2026-06-01T00:00:00Z", [])])
    assert created["at_creation"] and not is_new_mark(created, committed_annotation)
    assert is_new_mark(created, None) and is_new_mark(None, {"ground_truth": False})


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
    write_export(target, raw_export(), USERS, SERVER)
    moved = raw_export()  # pushed to a fresh server (new ids, import_id = committed id), then edited
    for task in moved:
        task["id"] += 10
        for annotation in task["annotations"]:
            annotation.update(id=annotation["id"] + 10, completed_by=9, updated_by=2, updated_at="2026-01-02T00:00:00Z")
    removed = moved[0]["annotations"][0]["result"][0]
    moved[0]["annotations"][0]["result"] = moved[0]["annotations"][0]["result"][2:]

    written = write_export(target, pushed_to(REBUILT, committed(target), moved), USERS, REBUILT)
    assert written.changed and written.accepted == [
        f"document kabar-001: region {removed['id']} {removed['value']['labels'][0]} {removed['value']['text']!r} "
        "by rina@example.org (annotation 101) was deleted"]
    edited = committed(target)[0]["annotations"][0]
    assert (edited["id"], edited["completed_by"], edited["updated_by"]) == (
        111, {"email": "rina@example.org"}, {"email": "budi@example.org"})
    assert (edited["created_at"], edited["updated_at"]) == ("2024-05-01T10:00:00.000000Z", "2026-01-02T00:00:00Z")
