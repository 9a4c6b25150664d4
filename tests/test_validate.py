"""`id-pubadmin validate` catches corrupted seeds, unrecorded seed changes and hand-edited Parquet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
from id_pubadmin import validate
from id_pubadmin.layout import Layout
from id_pubadmin.validate import validate_corpus

from conftest import edit_seed


def _validate(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "id_pubadmin", "--root", str(project), "validate", *extra],
                          capture_output=True, text=True)


def _edit_parquet(path: Path, column: str, change) -> None:
    table = pq.read_table(path)
    values = table.column(column).to_pylist()
    values[0] = change(values[0])
    table = table.set_column(table.schema.get_field_index(column), column, [values])
    pq.write_table(table, path)


def test_committed_corpus_is_valid(project: Path) -> None:
    result = _validate(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "corpus is valid" in result.stderr


def test_corrupted_seed_fails(project: Path) -> None:
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_bytes(b"\xff\xfe" + seed.read_bytes()[2:])
    result = _validate(project)
    assert result.returncode == 1
    assert "[seed-not-utf8]" in result.stdout and seed.name in result.stdout


def test_changed_seed_without_metadata_update_fails(project: Path) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    edit_seed(seed)
    result = _validate(project)
    assert result.returncode == 1
    assert "[seed-sha256-mismatch]" in result.stdout
    assert seed.name in result.stdout


def test_hand_edited_parquet_with_wrong_offsets_fails(project: Path) -> None:
    path = next((project / "corpus" / "sentences").glob("*.parquet"))
    _edit_parquet(path, "start", lambda start: start + 1)
    problems = validate_corpus(Layout(project))
    assert [p.code for p in problems] == ["corpus-span-text"]
    assert problems[0].file == str(path) and problems[0].location.startswith("row 0")


def test_consistent_hand_edit_is_caught_as_stale(project: Path) -> None:
    path = next((project / "corpus" / "documents").glob("*.parquet"))
    _edit_parquet(path, "outlet", lambda outlet: outlet.lower())
    result = _validate(project, "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {p["code"] for p in problems} == {"corpus-stale"}
    assert any("field outlet" in p["reason"] for p in problems)


def test_parquet_that_is_not_parquet_fails(project: Path) -> None:
    path = next((project / "corpus" / "ner").glob("*.parquet"))
    path.write_bytes(b"not parquet")
    problems = validate_corpus(Layout(project))
    assert [p.code for p in problems] == ["corpus-unreadable"]


def test_a_large_differing_corpus_is_explained_file_by_file(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(validate, "EXPLAIN_ROWS", 0)  # every corpus counts as large: streamed, not read whole
    sentences = next((project / "corpus" / "sentences").glob("*.parquet"))
    _edit_parquet(sentences, "start", lambda start: start + 1)
    [stale] = validate_corpus(Layout(project))
    assert stale.code == "corpus-stale" and stale.file == str(sentences)
    assert stale.location.startswith("row 0") and "field start" in stale.reason

    documents = next((project / "corpus" / "documents").glob("*.parquet"))
    _edit_parquet(documents, "dateline_start", lambda _: -1)
    problems = validate_corpus(Layout(project))
    assert {p.code for p in problems} == {"corpus-schema"}  # the lowest level found, in any file
    assert all(p.file == str(documents) and p.location.startswith("row 0") for p in problems)

    (project / "corpus" / "ner").joinpath(next((project / "corpus" / "ner").glob("*.parquet")).name).write_bytes(b"x")
    assert [p.code for p in validate_corpus(Layout(project))] == ["corpus-unreadable"]
