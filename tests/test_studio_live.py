"""Pushing to and pulling from a real Label Studio server started on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from id_pubadmin.annotations import export as ls_export
from id_pubadmin.annotations.label_config import label_config_xml
from id_pubadmin.annotations.studio import server as studio_server
from id_pubadmin.annotations.studio.export_file import (
    backup_path,
    export_text,
    normalise_export,
    write_export,
)
from id_pubadmin.annotations.studio.project import (
    PROJECT_TITLE,
    committed_tasks,
    connect,
    corpus_documents,
    pull,
    push,
)
from id_pubadmin.cli import main
from id_pubadmin.core import fields
from id_pubadmin.core.errors import ExportError, StudioError
from id_pubadmin.core.labels import SPLITS
from id_pubadmin.corpus.parquet import parquet_path, read_rows
from studio_fixtures import ROOT, STUDIO_VENV, studio, studio_dir  # noqa: F401  (pytest fixtures)

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


def test_push_then_pull_gives_back_the_committed_records(client, documents, tmp_path):
    push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="round-trip")
    pulled = tmp_path / "round-trip.json"
    write_export(pulled, pull(client, "round-trip"))

    annotations = ls_export.read_export(pulled, documents)
    assert by_position(annotations.entities) == corpus_rows(fields.ENTITIES, "sentence_index")
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
    assert normalise_export(pull(client, "studio-edits")) == normalise_export(pull(client, "studio-edits-reference"))


def test_a_pulled_export_imports_back_unchanged(client, documents):
    push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="export-source")
    text = export_text(normalise_export(pull(client, "export-source")))

    project = client.projects.create(title="export-reimport", label_config=LABEL_CONFIG)
    client.projects.import_tasks(project.id, request=json.loads(text), request_options={"max_retries": 0})
    assert export_text(normalise_export(pull(client, "export-reimport"))) == text


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

    export = tmp_path / "emoji.json"
    write_export(export, [exported])
    [mention] = ls_export.read_export(export, {"emoji-test": text}).entities
    assert (mention["start"], mention["end"], mention["text"]) == (start, end, "Ipuk Fiestiandani")
    for value in values:
        value["start"], value["end"] = utf16_start, utf16_start + (end - start)
    write_export(export, [exported], force=True)
    with pytest.raises(ExportError):
        ls_export.read_export(export, {"emoji-test": text})


def test_a_pull_never_silently_loses_regions(client, documents, tmp_path):
    target = tmp_path / "exports" / "guarded.json"
    push(client, committed_tasks(documents, COMMITTED_EXPORT), LABEL_CONFIG, title="guarded")
    full = pull(client, "guarded")
    write_export(target, full)
    before = target.read_text(encoding="utf-8")

    with pytest.raises(StudioError, match="--force"):
        write_export(target, [{**t, "annotations": []} for t in full])
    assert target.read_text(encoding="utf-8") == before

    written = write_export(target, [{**t, "annotations": []} for t in full], force=True)
    assert written.regions_after == 0
    assert backup_path(target).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["guarded.json", "guarded.json.bak"]


def test_cli_push_and_pull_write_the_export(studio_dir, studio, documents, tmp_path, capsys):  # noqa: F811
    for name in ("corpus", "annotations"):
        (tmp_path / name).symlink_to(ROOT / name)
    export = tmp_path / "cli.json"
    common = ["--studio-dir", str(studio_dir), "--title", "cli", "--export", str(export)]

    assert main(["--root", str(tmp_path), "studio", "status", "--studio-dir", str(studio_dir)]) == 0
    assert main(["--root", str(tmp_path), "studio", "push", *common]) == 0
    assert main(["--root", str(tmp_path), "studio", "pull", *common]) == 0
    assert "labelled regions (new file)" in capsys.readouterr().out
    pulled = json.loads(export.read_text(encoding="utf-8"))
    assert [task["data"]["document_id"] for task in pulled] == sorted(documents)
    assert main(["--root", str(tmp_path), "studio", "pull", *common[:2], "--title", "no-such-project"]) == 1
    assert "no project titled 'no-such-project'" in capsys.readouterr().err


def test_down_stops_the_server_and_up_restarts_it_with_its_data(studio_dir, studio):  # noqa: F811
    """Runs last: the server is stopped and started again on the same folder (a warm start)."""
    before = studio_server.require_running(studio_dir)
    push(connect(before), [{"data": {"text": "Teks.", "document_id": "restart"}}], LABEL_CONFIG, title="restart")
    assert studio_server.down(studio_dir) == before
    assert studio_server.running(studio_dir) is None
    assert not Path(f"/proc/{before.pid}").exists()

    started = time.monotonic()
    after = studio_server.up(studio_dir, STUDIO_VENV)
    print(f"Label Studio warm start: {time.monotonic() - started:.1f} s")
    assert after.pid != before.pid and after.token == before.token
    assert [t["data"]["document_id"] for t in pull(connect(after), "restart")] == ["restart"]
