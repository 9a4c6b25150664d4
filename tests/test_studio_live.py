"""Pushing to and pulling from a real Label Studio server started on 127.0.0.1."""

from __future__ import annotations

import json
import os
import secrets
import signal
import time
from pathlib import Path

import httpx
import pytest
from label_studio_sdk import LabelStudio
from id_pubadmin.annotations import export as ls_export
from id_pubadmin.predictor import predict
from id_pubadmin.annotations.agreement import agreement, card_line
from id_pubadmin.annotations.registry import linked_records
from id_pubadmin.annotations.label_config import label_config_xml
from id_pubadmin.predictor.predict import MODEL_VERSION
from id_pubadmin.annotations.studio import model_link
from id_pubadmin.annotations.studio import server as studio_server
from id_pubadmin.annotations.studio.accounts import current_token, pseudonym_email
from id_pubadmin.annotations.studio.backups import backups
from id_pubadmin.annotations.studio.export_file import (
    content,
    write_export,
)
from id_pubadmin.annotations.studio.project import (
    PROJECT_TITLE,
    annotators,
    committed_tasks,
    connect,
    connect_backend,
    corpus_documents,
    corpus_entities,
    pull,
    push,
    studio_project_key,
    with_predictions,
)
from id_pubadmin.cli import main
from id_pubadmin.core import fields
from id_pubadmin.core.errors import CorpusError, ExportError, StudioError
from id_pubadmin.core.labels import SPLITS
from id_pubadmin.corpus.parquet import parquet_path, read_rows
from test_ml_backend import TEXT as BACKEND_TEXT, free_port
from studio_fixtures import ROOT, STUDIO_VENV, rebuild, studio, studio_dir  # noqa: F401  (pytest fixtures)

COMMITTED_EXPORT = ROOT / "annotations" / "exports" / f"{PROJECT_TITLE}.json"
LABEL_CONFIG = label_config_xml()


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    return corpus_documents(ROOT / "corpus")


@pytest.fixture()
def client(studio_dir: Path, studio):  # noqa: F811
    return connect(studio_server.require_running(studio_dir))


def by_position(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (r["document_id"], r["start"], r["end"], json.dumps(r, sort_keys=True)))


def corpus_rows(config: fields.Config, dropped: str) -> list[dict]:
    """Committed corpus rows of a config without the sentence field the build adds."""
    rows = []
    for split in SPLITS:
        path = parquet_path(ROOT / "corpus", config.name, split)
        if path.exists():
            rows += [{k: v for k, v in row.items() if k != dropped} for row in read_rows(path, config)]
    return by_position(rows)


def pulled_to(path: Path, client, title: str):
    """Pull the project into ``path`` as the CLI does (annotators resolved to e-mails, the project's key)."""
    return write_export(path, pull(client, title), annotators(client), studio_project_key(client, title))


def contents(tasks: list[dict]) -> list[list[str]]:
    return [sorted(content(a) for a in t.get("annotations") or []) for t in tasks]


def test_push_then_pull_gives_back_the_committed_records(client, documents, tmp_path):
    push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="round-trip")
    pulled = tmp_path / "round-trip.json"
    pulled_to(pulled, client, "round-trip")

    annotations = ls_export.read_export(pulled, documents)
    linked = linked_records(ROOT / "annotations", annotations.entities)  # the registry's links, as the build adds them
    assert by_position(linked) == corpus_rows(fields.ENTITIES, "sentence_index")
    assert by_position(annotations.quotes) == corpus_rows(fields.QUOTES, "sentence_indices")
    committed = ls_export.read_export(COMMITTED_EXPORT, documents)
    assert (annotations.entities, annotations.quotes) == (committed.entities, committed.quotes)
    assert annotations.entities, "the committed export should hold entity mentions"
    tasks = json.loads(pulled.read_text(encoding="utf-8"))
    assert [t["data"]["document_id"] for t in tasks] == sorted(documents)


def test_pushing_again_updates_instead_of_duplicating(client, documents):
    tasks = committed_tasks(documents, COMMITTED_EXPORT)
    first = push(client, tasks, LABEL_CONFIG, title="push-twice")
    second = push(client, tasks, LABEL_CONFIG, title="push-twice")

    assert first.imported == sorted(documents)
    assert second.project_id == first.project_id
    assert (second.imported, second.unchanged) == ([], sorted(documents))
    assert len(pull(client, "push-twice")) == len(documents)


def test_studio_edits_are_kept_unless_replaced(client, documents):
    tasks = committed_tasks(documents, COMMITTED_EXPORT)
    project_id = push(client, tasks, LABEL_CONFIG, title="studio-edits").project_id
    task = next(t for t in client.tasks.list(project=project_id, fields="all") if t.annotations)
    annotation = task.annotations[0]
    client.annotations.update(annotation["id"], result=annotation["result"][1:])  # an annotator removes a result

    kept = push(client, tasks, LABEL_CONFIG, title="studio-edits")
    assert kept.kept == [task.data["document_id"]]
    replaced = push(client, tasks, LABEL_CONFIG, title="studio-edits", replace=True)
    assert replaced.replaced == [task.data["document_id"]]
    push(client, tasks, LABEL_CONFIG, title="studio-edits-reference")
    assert contents(pull(client, "studio-edits")) == contents(pull(client, "studio-edits-reference"))


def test_a_hand_import_of_the_export_is_not_linked_and_a_push_keeps_who_annotated(client, documents, tmp_path):
    """A UI import of the export carries its annotations but not the link a push makes: the pull
    refuses, naming them. Pushed to another project they come back with annotators and times."""
    export = tmp_path / "moved.json"
    push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="export-source")
    pulled_to(export, client, "export-source")
    first = json.loads(export.read_text(encoding="utf-8"))
    first[0]["annotations"][0].update(completed_by={"email": "rina@example.org"}, created_at="2024-05-01T10:00:00Z")
    export.write_text(json.dumps(first), encoding="utf-8")

    project = client.projects.create(title="export-reimport", label_config=LABEL_CONFIG)
    importable = [{"data": t["data"], "annotations": [{k: v for k, v in a.items() if k != "completed_by"}
                                                      for a in t["annotations"]]} for t in first]
    client.projects.import_tasks(project.id, request=importable, request_options={"max_retries": 0})
    with pytest.raises(StudioError, match=f"annotation {first[0]['annotations'][0]['id']} by rina@example.org"):
        pulled_to(export, client, "export-reimport")
    assert json.loads(export.read_text(encoding="utf-8")) == first

    push(client, committed_tasks(documents, export), LABEL_CONFIG, title="export-moved")
    pulled_to(export, client, "export-moved")
    again = json.loads(export.read_text(encoding="utf-8"))
    moved = next(t for t in again if t["data"]["document_id"] == first[0]["data"]["document_id"])
    assert moved == first[0]  # nobody worked on it since: kept as committed (task id and link too), on any server
    annotation = moved["annotations"][0]
    assert (annotation["completed_by"], annotation["created_at"]) == ({"email": "rina@example.org"}, "2024-05-01T10:00:00Z")
    assert contents(again) == contents(first)


def test_offsets_around_a_non_bmp_character_are_code_points(client, tmp_path):
    """The server stores region offsets exactly as sent: our code points survive a round trip,
    and the export reader accepts them while it rejects UTF-16 offsets."""
    text = "Warga 😀 Banyuwangi menyambut Ipuk Fiestiandani 🙂."
    start = text.index("Ipuk")
    end = start + len("Ipuk Fiestiandani")
    utf16_start = len(text[:start].encode("utf-16-le")) // 2
    assert utf16_start == start + 1, "the emoji must make code points and UTF-16 units differ"

    task = {"data": {"text": text, "document_id": "emoji-test"}}
    project_id = push(client, [task], LABEL_CONFIG, title="emoji-offsets").project_id
    task_id = next(iter(client.tasks.list(project=project_id))).id
    region = {"from_name": "entity", "to_name": "text", "id": "emoji-m1"}
    client.annotations.create(task_id, result=[
        {**region, "type": "labels", "value": {"start": start, "end": end, "text": text[start:end], "labels": ["PERSON"]}},
        {**region, "from_name": "entity_id", "type": "textarea",
         "value": {"start": start, "end": end, "text": ["ipuk-fiestiandani"]}},
    ])

    [exported] = pull(client, "emoji-offsets")
    values = [r["value"] for r in exported["annotations"][0]["result"]]
    assert {(v["start"], v["end"]) for v in values} == {(start, end)}
    assert text[values[0]["start"]:values[0]["end"]] == values[0]["text"] == "Ipuk Fiestiandani"

    export, key = tmp_path / "emoji.json", studio_project_key(client, "emoji-offsets")
    write_export(export, [exported], annotators(client), key)
    [mention] = ls_export.read_export(export, {"emoji-test": text}).entities
    assert (mention["start"], mention["end"], mention["text"]) == (start, end, "Ipuk Fiestiandani")
    for value in values:
        value["start"], value["end"] = utf16_start, utf16_start + (end - start)
    write_export(export, [exported], annotators(client), key)
    with pytest.raises(ExportError):
        ls_export.read_export(export, {"emoji-test": text})


def test_deletions_in_the_studio_are_pulled_and_an_empty_server_is_refused(client, documents, tmp_path):
    target = tmp_path / "exports" / "guarded.json"
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="guarded").project_id
    pulled_to(target, client, "guarded")
    before = target.read_text(encoding="utf-8")
    task = next(t for t in client.tasks.list(project=project_id, fields="all") if t.annotations)
    annotation = task.annotations[0]
    kept = [r for r in annotation["result"] if r.get("id") != annotation["result"][0]["id"]
            and r.get("from_id") != annotation["result"][0]["id"] and r.get("to_id") != annotation["result"][0]["id"]]
    client.annotations.update(annotation["id"], result=kept)  # an annotator deletes a region

    written = pulled_to(target, client, "guarded")
    removed = annotation["result"][0]
    who = json.loads(before)[0]["annotations"][0]["completed_by"]["email"]
    assert written.regions_after == written.regions_before - 1
    assert written.accepted == [f"document {task.data['document_id']}: region {removed['id']} "
                                f"{removed['value']['labels'][0]} {removed['value']['text']!r} by {who} "
                                f"(annotation {annotation['id']}) was deleted"]
    assert backups(target)[-1].read_text(encoding="utf-8") == before

    push(client, [{"data": t["data"]} for t in committed_tasks(documents, COMMITTED_EXPORT)], LABEL_CONFIG, title="empty")
    after_deletion = target.read_text(encoding="utf-8")
    with pytest.raises(StudioError, match="would be lost: task .* is not the task it was pushed to or pulled from"):
        pulled_to(target, client, "empty")
    assert target.read_text(encoding="utf-8") == after_deletion


def test_cli_push_and_pull_write_the_export(studio_dir, studio, documents, tmp_path, capsys):  # noqa: F811
    for name in ("corpus", "annotations", "pyproject.toml"):  # a project folder: its pyproject names the dataset
        (tmp_path / name).symlink_to(ROOT / name)
    export = tmp_path / "cli.json"
    common = ["--studio-dir", str(studio_dir), "--title", "cli", "--export", str(export)]

    assert main(["--root", str(tmp_path), "studio", "status", "--studio-dir", str(studio_dir)]) == 0
    status = capsys.readouterr().out
    assert studio_server.credentials(studio_dir).password not in status and "credentials.json" in status
    assert main(["--root", str(tmp_path), "studio", "push", *common]) == 0
    assert main(["--root", str(tmp_path), "studio", "pull", *common]) == 0
    assert "labelled regions (new file)" in capsys.readouterr().out
    assert json.loads(export.read_text(encoding="utf-8")) == []  # pushed with no export: nobody annotated any task
    assert main(["--root", str(tmp_path), "studio", "pull", *common[:2], "--title", "no-such-project"]) == 1
    assert "no project titled 'no-such-project'" in capsys.readouterr().err


def provenance(annotations: list[dict]) -> list[str]:
    """Who made each annotation, when, who adjudicated it and what it says, whatever the server's ids."""
    return sorted(json.dumps([a.get(k) for k in ("completed_by", "created_at", "adjudicated_by", "adjudicated_at")])
                  + content(a) for a in annotations)


def first_annotated(client, project_id: int):
    return next(t for t in client.tasks.list(project=project_id, fields="all") if t.annotations)


def without_region(result: list[dict], region_id: str) -> list[dict]:
    return [r for r in result if region_id not in (r.get("id"), r.get("from_id"), r.get("to_id"))]


def cli_pull(tmp_path: Path, studio_dir: Path, title: str) -> tuple[Path, list[str]]:
    """The export and the ``studio pull`` command of a project folder linking the real corpus."""
    for name in ("corpus", "annotations", "pyproject.toml"):  # a project folder: its pyproject names the dataset
        (tmp_path / name).symlink_to(ROOT / name)
    export = tmp_path / f"{title}.json"
    return export, ["--root", str(tmp_path), "studio", "pull", "--studio-dir", str(studio_dir), "--title", title,
                    "--export", str(export)]


def test_two_annotators_need_adjudication_then_the_adjudicated_one_is_gold(studio_dir, client, documents, tmp_path,  # noqa: F811
                                                                          capsys):
    export, pull_command = cli_pull(tmp_path, studio_dir, "team")
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="team").project_id
    assert main(pull_command) == 0
    budi = client.users.create(username="budi", email="budi@example.org", password=secrets.token_urlsafe(16))
    task = first_annotated(client, project_id)
    second = client.annotations.create(task.id, result=without_region(task.annotations[0]["result"], "e001"),
                                       completed_by=budi.id, lead_time=12.5)
    capsys.readouterr()

    assert main(pull_command) == 1  # written, but the build refuses it until one annotation is adjudicated
    out = capsys.readouterr().out
    assert "[annotation-not-adjudicated]" in out and f"{second.id} by budi@example.org" in out
    assert f"open task {task.id}: {studio_server.require_running(studio_dir).url}/projects/{project_id}/data?task={task.id}" in out
    pulled = next(t for t in json.loads(export.read_text(encoding="utf-8")) if t["id"] == task.id)
    assert [a["id"] for a in pulled["annotations"]] == sorted(a["id"] for a in pulled["annotations"])
    mine = next(a for a in pulled["annotations"] if a["id"] == second.id)
    assert (mine["completed_by"], mine["lead_time"], mine["ground_truth"]) == ({"email": "budi@example.org"}, 12.5, False)
    with pytest.raises(CorpusError):
        ls_export.read_export(export, documents)
    before = agreement([export]).figures()
    assert before["pairs"] == 1 and before["entities"]["exact_f1"] < 1
    client.annotations.update(second.id, result=without_region(without_region(task.annotations[0]["result"], "e001"),
                                                                "e002"))  # budi deletes one region more
    assert main(pull_command) == 1
    after = agreement([export]).figures()
    assert after["entities"]["exact_f1"] < before["entities"]["exact_f1"] and after["bio_kappa"] < before["bio_kappa"]

    client.annotations.update(second.id, ground_truth=True)  # the adjudicator marks budi's annotation
    assert main(pull_command) == 0
    gold = ls_export.read_export(export, documents)
    committed = ls_export.read_export(COMMITTED_EXPORT, documents)
    assert [e for e in committed.entities if e["mention_id"] not in ("e001", "e002")] == gold.entities


def test_a_draft_is_reported_and_never_pulled(studio_dir, client, documents, tmp_path, capsys):  # noqa: F811
    export, pull_command = cli_pull(tmp_path, studio_dir, "drafts")
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="drafts").project_id
    assert main(pull_command) == 0
    before = export.read_text(encoding="utf-8")
    task = first_annotated(client, project_id)
    server = studio_server.require_running(studio_dir)
    response = httpx.post(f"{server.url}/api/tasks/{task.id}/drafts", headers={"Authorization": f"Token {server.token}"},
                          json={"result": without_region(task.annotations[0]["result"], "e001"), "lead_time": 3.0})
    assert response.status_code == 201, response.text
    capsys.readouterr()

    assert main(pull_command) == 0
    err = capsys.readouterr().err
    assert "1 unsubmitted draft(s)" in err
    assert f"task {task.id} (document {task.data['document_id']}): draft" in err and f"by {server.username}" in err
    assert export.read_text(encoding="utf-8") == before


def test_push_edit_pull_push_pull_is_byte_identical(client, documents, tmp_path):
    export = tmp_path / "idempotent.json"
    export.write_bytes(COMMITTED_EXPORT.read_bytes())  # the pull replaces the committed file, guard on
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="idempotent").project_id
    task = first_annotated(client, project_id)
    text = task.data["text"]
    start = text.index("Banyuwangi", len(text) // 2)
    drawn = {"id": "Xy7_k2Qa", "from_name": "entity", "to_name": "text", "type": "labels", "origin": "manual",
             "value": {"start": start, "end": start + 10, "text": "Banyuwangi", "labels": ["GPE"]}}
    client.annotations.update(task.annotations[0]["id"], result=[*task.annotations[0]["result"], drawn])  # a UI edit

    assert pulled_to(export, client, "idempotent").changed
    first = export.read_text(encoding="utf-8")
    committed = json.loads(COMMITTED_EXPORT.read_text(encoding="utf-8"))[0]["annotations"][0]
    [pulled] = json.loads(first)[0]["annotations"]
    assert {k: pulled.get(k) for k in ("completed_by", "created_at")} == {k: committed.get(k) for k in ("completed_by", "created_at")}
    assert '"id": "Xy7_k2Qa"' in first and '"origin": "manual"' in first
    again = push(client, committed_tasks(documents, export), LABEL_CONFIG, title="idempotent")
    assert (again.kept, again.replaced, again.unchanged) == ([], [], sorted(documents))
    assert not pulled_to(export, client, "idempotent").changed
    assert export.read_text(encoding="utf-8") == first


def test_push_then_pull_without_annotating_leaves_the_export_byte_identical(client, documents, tmp_path):
    export = tmp_path / "untouched.json"
    export.write_bytes(COMMITTED_EXPORT.read_bytes())  # the pull replaces the committed file, guard on
    text = "KABAR.ID, SUKAMAJU - Bupati Sukamaju membuka layanan baru pada Senin (7/11/2022)."
    with_new = {**documents, "zzz_not_annotated_yet": text}  # an article added and pushed, nobody annotated it
    push(client, with_predictions(committed_tasks(with_new, export), corpus_entities(ROOT / "corpus")), LABEL_CONFIG,
         title="untouched")
    written = pulled_to(export, client, "untouched")
    assert not written.changed and written.backup is None
    assert export.read_bytes() == COMMITTED_EXPORT.read_bytes()


def test_predictions_are_shown_then_accepted_as_an_annotation(client, tmp_path):
    text = ("KABAR.ID, SUKAMAJU - Bupati Sukamaju, Rina Lestari, membuka layanan pada Senin (7/11/2022). "
            "“Warga tidak perlu antre lagi,” kata Rina.")
    tasks = with_predictions([{"data": {"text": text, "document_id": "predicted"}}], corpus_entities(ROOT / "corpus"))
    report = push(client, tasks, LABEL_CONFIG, title="predicted")
    assert report.predicted == ["predicted"]
    assert push(client, tasks, LABEL_CONFIG, title="predicted").predicted == []  # not attached twice
    [task] = client.tasks.list(project=report.project_id)
    [prediction] = client.predictions.list(task=task.id)
    assert prediction.model_version == MODEL_VERSION
    export = tmp_path / "predicted.json"
    pulled_to(export, client, "predicted")
    assert json.loads(export.read_text(encoding="utf-8")) == []  # never gold by itself: no task is written

    client.annotations.create(task.id, result=prediction.result, parent_prediction=prediction.id)  # accepted
    pulled_to(export, client, "predicted")
    accepted = ls_export.read_export(export, {"predicted": text})
    entities, quotes = predict.records("predicted", text, predict.gazetteer(corpus_entities(ROOT / "corpus")))
    kept = [{key: value for key, value in e.items() if key not in ("candidates", "score")} for e in entities]  # links
    assert accepted.entities == sorted(kept, key=lambda e: (e["start"], e["end"], e["label"], e["mention_id"]))
    assert [q["text"] for q in accepted.quotes] == ["Warga tidak perlu antre lagi"]


def account(studio_dir: Path, name: str) -> tuple[str, LabelStudio]:
    """A person's account made by `studio user add`, and an API client acting as them (logged in
    with the password the command stored)."""
    assert main(["--root", str(ROOT), "studio", "user", "add", name, "--studio-dir", str(studio_dir)]) == 0
    email = pseudonym_email(name)
    password = json.loads((studio_dir / "accounts.json").read_text(encoding="utf-8"))[email]
    server = studio_server.require_running(studio_dir)
    return email, LabelStudio(base_url=server.url, api_key=current_token(server.url, email, password), max_retries=0)


def test_the_adjudicator_is_who_marked_ground_truth_and_an_edit_after_is_reported(studio_dir, client, documents,  # noqa: F811
                                                                                  tmp_path, capsys):
    """A lead marks an annotator's annotation; the annotator edits it 0.3 s later."""
    export, pull_command = cli_pull(tmp_path, studio_dir, "adjudicated")
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="adjudicated").project_id
    annotator, as_annotator = account(studio_dir, "annotator-71")
    lead, as_lead = account(studio_dir, "lead-71")
    assert main(["--root", str(ROOT), "studio", "user", "add", "lead-71", "--studio-dir", str(studio_dir)]) == 1
    assert "already has an account lead-71@id-pubadmin-news.invalid" in capsys.readouterr().err
    task = first_annotated(client, project_id)
    mine = as_annotator.annotations.create(task.id, result=without_region(task.annotations[0]["result"], "e001"))
    as_lead.annotations.update(mine.id, ground_truth=True)
    time.sleep(0.3)
    as_annotator.annotations.update(mine.id, result=without_region(without_region(task.annotations[0]["result"],
                                                                                  "e001"), "e002"))
    capsys.readouterr()

    assert main(pull_command) == 0
    err = capsys.readouterr().err
    assert f"annotation {mine.id}: marked ground truth by {lead} at " in err and f"then edited (result) by {annotator}" in err
    [gold] = [a for t in json.loads(export.read_text(encoding="utf-8")) for a in t["annotations"] if a["id"] == mine.id]
    assert (gold["completed_by"], gold["adjudicated_by"]) == ({"email": annotator}, {"email": lead})
    assert gold["adjudicated_at"] < gold["updated_at"]
    assert "(by lead-71: 1)" in card_line(agreement([export]).figures())


def test_a_reset_token_is_named_by_every_command_and_fixed_within_seconds(studio_dir, studio, capsys):  # noqa: F811
    server = studio_server.require_running(studio_dir)
    assert httpx.post(f"{server.url}/api/current-user/reset-token/",
                      headers={"Authorization": f"Token {server.token}"}).status_code == 201  # as the UI does
    command = ["--root", str(ROOT), "studio"]
    places = ["--studio-dir", str(studio_dir), "--venv", str(STUDIO_VENV)]
    capsys.readouterr()
    for argv, stream in ((["status"], "out"), (["push", "--title", "token"], "err"), (["pull", "--title", "token"], "err"),
                         (["up"], "err")):
        assert main([*command, *argv, *places]) == 1
        said = getattr(capsys.readouterr(), stream).strip()
        assert len(said.splitlines()) == 1 and '"Invalid token."' in said and "`id-pubadmin studio up --reset-token`" in said

    studio_server.down(studio_dir)
    started = time.monotonic()
    with pytest.raises(StudioError, match="refuses the API token .*Invalid token"):
        studio_server.up(studio_dir, STUDIO_VENV)  # a restart with the old token: no waiting out the timeout
    print(f"a refused token named {time.monotonic() - started:.1f} s after the start")
    assert time.monotonic() - started < studio_server.START_TIMEOUT / 5
    fixing = time.monotonic()
    assert main([*command, "up", "--reset-token", "--no-model", *places]) == 0
    assert time.monotonic() - fixing < 30
    assert main([*command, "status", *places]) == 0
    assert studio_server.credentials(studio_dir).token == studio_server.require_running(studio_dir).token != server.token


def test_up_on_another_port_says_where_the_server_runs(studio_dir, studio):  # noqa: F811
    running = studio_server.require_running(studio_dir)
    assert studio_server.up(studio_dir, STUDIO_VENV, port=running.port) == running
    with pytest.raises(StudioError, match=f"already runs for .* at {running.url}"):
        studio_server.up(studio_dir, STUDIO_VENV, port=running.port + 1)


def test_down_stops_the_server_and_up_restarts_it_with_its_data(studio_dir, studio):  # noqa: F811
    """Runs last: the server is stopped and started again on the same folder (a warm start)."""
    before = studio_server.require_running(studio_dir)
    push(connect(before), [{"data": {"text": "Teks.", "document_id": "restart"}}], LABEL_CONFIG, title="restart")
    assert studio_server.down(studio_dir) == before
    assert studio_server.running(studio_dir) is None
    assert not Path(f"/proc/{before.pid}").exists()

    started = time.monotonic()
    after = studio_server.up(studio_dir, STUDIO_VENV)
    assert (studio_dir / "server.log.1").exists(), "the log of the first start is kept"
    print(f"Label Studio warm start: {time.monotonic() - started:.1f} s")
    assert after.pid != before.pid and after.token == before.token
    assert [t["data"]["document_id"] for t in pull(connect(after), "restart")] == ["restart"]


def test_a_task_deleted_and_pushed_again_keeps_who_annotated(studio_dir, client, documents, tmp_path):  # noqa: F811
    """The task comes back with the deleted one's id (SQLite reuses the highest ids); only the push's
    link says which annotation is the committed one, and the admin's new one is the admin's."""
    export, pull_command = cli_pull(tmp_path, studio_dir, "repushed")
    export.write_bytes(COMMITTED_EXPORT.read_bytes())
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="repushed").project_id
    assert main(pull_command) == 0
    before = json.loads(export.read_text(encoding="utf-8"))
    task = first_annotated(client, project_id)
    client.tasks.delete(task.id)
    assert push(client, committed_tasks(documents, export), LABEL_CONFIG, title="repushed").imported == [
        task.data["document_id"]]
    again = first_annotated(client, project_id)
    admin = client.annotations.create(again.id, result=without_region(again.annotations[0]["result"], "e001"))

    assert main(pull_command) == 1  # written; two annotations now need adjudication
    [pulled] = [t for t in json.loads(export.read_text(encoding="utf-8"))
                if t["data"]["document_id"] == task.data["document_id"]]
    committed = next(t for t in before if t["data"]["document_id"] == task.data["document_id"])["annotations"][0]
    kept = next(a for a in pulled["annotations"] if a["id"] != admin.id)
    assert {k: kept.get(k) for k in ("completed_by", "created_at")} == {k: committed.get(k) for k in ("completed_by", "created_at")}
    assert content(kept) == content(committed)
    assert next(a for a in pulled["annotations"] if a["id"] == admin.id)["completed_by"] == {
        "email": studio_server.require_running(studio_dir).username}


def test_a_rebuilt_server_reusing_ids_loses_and_misattributes_nothing(studio_dir, studio, documents, tmp_path,  # noqa: F811
                                                                      capsys):
    """`studio down --purge`, `up`, the seed imported by hand without annotations, an annotator adds
    one annotation. Pull refuses, naming the committed annotations; push --replace refuses, naming
    the annotator's; pull --keep-new keeps both, each credited to its maker; then push --replace and
    pull change nothing. Runs last."""
    client = connect(rebuild(studio_dir))  # a first server, empty: its ids start at 1
    export, pull_command = cli_pull(tmp_path, studio_dir, PROJECT_TITLE)
    export.write_bytes(COMMITTED_EXPORT.read_bytes())  # the team's committed export
    project_id = push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG).project_id
    budi = client.users.create(username="budi", email="budi@example.org", password=secrets.token_urlsafe(16))
    task = first_annotated(client, project_id)
    second = client.annotations.create(task.id, result=without_region(task.annotations[0]["result"], "e001"),
                                       completed_by=budi.id)
    client.annotations.update(task.annotations[0]["id"], ground_truth=True)  # the admin adjudicates
    assert main(pull_command) == 0
    committed = export.read_text(encoding="utf-8")
    [gold, other] = next(t for t in json.loads(committed) if t["id"] == task.id)["annotations"]
    assert (gold["adjudicated_by"], other["completed_by"]) == ({"email": studio.username}, {"email": "budi@example.org"})
    assert gold["completed_by"] == json.loads(COMMITTED_EXPORT.read_text(encoding="utf-8"))[0]["annotations"][0][
        "completed_by"]
    kept = backups(export)

    client = connect(rebuild(studio_dir))
    project = client.projects.create(title=PROJECT_TITLE, label_config=LABEL_CONFIG)
    client.projects.import_tasks(project.id, request=[{"data": {"text": text, "document_id": document_id}}
                                                      for document_id, text in sorted(documents.items())],
                                 request_options={"max_retries": 0})
    [again] = [t for t in client.tasks.list(project=project.id, fields="all") if t.data["document_id"] == task.data[
        "document_id"]]
    region = next(r for r in task.annotations[0]["result"] if r["type"] == "labels")
    ani = client.users.create(username="ani", email="annotator-72@id-pubadmin-news.invalid",
                              password=secrets.token_urlsafe(16))
    made = client.annotations.create(again.id, result=[region], completed_by=ani.id)
    assert (again.id, made.id) == (task.id, gold["id"]), "the rebuilt server hands out the same ids again"
    capsys.readouterr()

    assert main(pull_command) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err and "`id-pubadmin studio pull --keep-new`" in err
    assert f"annotation {gold['id']} by {gold['completed_by']['email']} (" in err
    assert f"annotation {second.id} by budi@example.org (" in err
    assert export.read_text(encoding="utf-8") == committed and backups(export) == kept

    push_command = [*pull_command[:3], "push", *pull_command[4:], "--no-predictions"]
    assert main([*push_command, "--replace"]) == 1  # it would delete the annotator's work: refused, named
    err = capsys.readouterr().err
    assert f"annotation {made.id} by annotator-72@id-pubadmin-news.invalid (task {again.id})" in err
    assert "`id-pubadmin studio pull --keep-new`" in err
    assert [a["id"] for a in client.tasks.get(again.id).annotations] == [made.id]

    assert main([*pull_command, "--keep-new"]) == 0
    out = capsys.readouterr().out
    assert f"new work, credited to its maker: document {task.data['document_id']}: annotation {made.id} by " \
           "annotator-72@id-pubadmin-news.invalid" in out
    after = export.read_text(encoding="utf-8")
    pulled = next(t for t in json.loads(after) if t["data"]["document_id"] == task.data["document_id"])
    before = next(t for t in json.loads(committed) if t["data"]["document_id"] == task.data["document_id"])
    mine = next(a for a in pulled["annotations"] if a["id"] == made.id)
    assert (mine["completed_by"], content(mine)) == ({"email": "annotator-72@id-pubadmin-news.invalid"}, content(made.model_dump()))
    assert provenance([a for a in pulled["annotations"] if a is not mine]) == provenance(before["annotations"])

    assert main([*push_command, "--replace"]) == 0  # all pulled now: nothing to refuse, nothing to replace
    assert main(pull_command) == 0
    assert export.read_text(encoding="utf-8") == after


def test_after_a_rebuild_push_links_a_task_equal_to_the_export_and_keeps_new_work(studio_dir, studio, documents,  # noqa: F811
                                                                                 tmp_path, capsys):
    """The export imported by hand into a rebuilt server (annotations and all, but not the link), an
    annotator adds an annotation; push first this time, then pull. Runs last."""
    export, pull_command = cli_pull(tmp_path, studio_dir, "relinked")
    export.write_bytes(COMMITTED_EXPORT.read_bytes())
    committed = json.loads(export.read_text(encoding="utf-8"))
    client = connect(rebuild(studio_dir))
    project = client.projects.create(title="relinked", label_config=LABEL_CONFIG)
    annotated = {t["data"]["document_id"]: t["annotations"] for t in committed}
    client.projects.import_tasks(project.id, request=[
        {"data": {"text": text, "document_id": document_id},
         "annotations": [{k: a[k] for k in ("result", "ground_truth", "lead_time") if k in a}
                         for a in annotated.get(document_id, [])]}
        for document_id, text in sorted(documents.items())], request_options={"max_retries": 0})
    task = first_annotated(client, project.id)
    ani = client.users.create(username="ani2", email="annotator-73@id-pubadmin-news.invalid",
                              password=secrets.token_urlsafe(16))
    made = client.annotations.create(task.id, result=without_region(task.annotations[0]["result"], "e001"),
                                     completed_by=ani.id)
    push_command = [*pull_command[:3], "push", *pull_command[4:], "--no-predictions"]
    capsys.readouterr()

    assert main(push_command) == 0
    out, err = capsys.readouterr()
    assert f"  linked: {sum(1 for annotations in annotated.values() if annotations)}" in out
    assert f"annotation {made.id} by annotator-73@id-pubadmin-news.invalid (task {task.id})" in err
    assert push(client, committed_tasks(documents, export), LABEL_CONFIG, title="relinked").kept == [task.data["document_id"]]
    main(pull_command)  # written; the build may ask for adjudication of the two annotations
    pulled = next(t for t in json.loads(export.read_text(encoding="utf-8"))
                  if t["data"]["document_id"] == task.data["document_id"])
    mine = next(a for a in pulled["annotations"] if a["id"] == made.id)
    assert mine["completed_by"] == {"email": "annotator-73@id-pubadmin-news.invalid"}
    assert provenance([a for a in pulled["annotations"] if a is not mine]) == provenance(annotated[task.data["document_id"]])
    after = export.read_text(encoding="utf-8")
    assert main([*push_command, "--replace"]) == 0
    main(pull_command)
    assert export.read_text(encoding="utf-8") == after


# The ML backend (tests/test_ml_backend.py tests its protocol without Label Studio).
def test_label_studio_gets_the_backends_predictions_and_a_killed_backend_blocks_nothing(studio_dir, studio, tmp_path):  # noqa: F811
    server = studio_server.require_running(studio_dir)
    client = connect(server)
    project = client.projects.create(title="ml-backend", label_config=label_config_xml())
    running = model_link.start(tmp_path / "backend", ROOT, free_port())
    try:
        connect_backend(client, project.id, running.url)
        assert connect_backend(client, project.id, running.url) == connect_backend(client, project.id, running.url)
        client.projects.import_tasks(project.id, request=[{"data": {"text": BACKEND_TEXT, "document_id": "fresh"}}])
        [task] = client.tasks.list(project=project.id)  # listed: Label Studio asks the backend
        [prediction] = client.predictions.list(task=task.id)
        assert prediction.model_version == MODEL_VERSION and 0 <= prediction.score <= 1
        regions = [r for r in prediction.result if r["type"] != "relation"]
        assert regions and all(0 <= r["score"] <= 1 for r in regions)
        assert prediction.score == pytest.approx(min(r["score"] for r in regions))
    finally:
        os.killpg(running.pid, signal.SIGKILL)  # killed, not stopped
        model_link.stop_pid(running.pid)
    client.projects.import_tasks(project.id, request=[{"data": {"text": "Teks lain.", "document_id": "after"}}])
    started = time.monotonic()
    listed = list(client.tasks.list(project=project.id))
    opened = client.tasks.get(listed[-1].id)
    assert time.monotonic() - started < 30 and len(listed) == 2 and not opened.predictions
    assert studio_server.answers(server)
    assert sorted(t["data"]["document_id"] for t in pull(client, "ml-backend")) == ["after", "fresh"]
    assert model_link.recorded(tmp_path / "backend") is None
