"""`id-pubadmin diff` lists added, removed and changed rows by stable ids."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from id_pubadmin.build import build
from id_pubadmin.layout import Layout
from id_pubadmin.release.diff import diff_corpora, diff_text
from release_fixtures import annotated, relabel_first_entity  # noqa: F401  (pytest fixture)


def _diff(before: Path, after: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "id_pubadmin", "diff", str(before), str(after), *extra],
                          capture_output=True, text=True)


def _second_version(layout: Layout) -> Path:
    """Keep the built corpus, then change annotations and a seed and rebuild; returns the kept corpus."""
    before = layout.root / "before"
    shutil.copytree(layout.corpus, before)
    relabel_first_entity(layout, "FAC")
    path = layout.exports / "kabar.json"
    tasks = json.loads(path.read_text(encoding="utf-8"))
    results = tasks[0]["annotations"][0]["result"]
    dropped = next(r["id"] for r in results if r["from_name"] == "entity" and r["value"]["text"] == "Senin (7/11/2022)")
    tasks[0]["annotations"][0]["result"] = [r for r in results if r.get("id") != dropped]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    (layout.seeds / "kabar-003.txt").unlink()
    (layout.seeds / "kabar-003.json").unlink()
    build(layout)
    return before


def test_identical_corpora_have_no_difference(annotated: Layout) -> None:
    difference = diff_corpora(annotated.corpus, annotated.corpus)
    assert all(kind.unchanged for kind in difference.kinds)
    assert diff_text(difference).endswith("no documents, sentences, entities or quotes differ")


def test_changes_are_keyed_by_stable_ids(annotated: Layout) -> None:
    before = _second_version(annotated)
    kinds = {kind.kind: kind for kind in diff_corpora(before, annotated.corpus).kinds}
    assert [d["document_id"] for d in kinds["documents"].removed] == ["kabar-003"]
    assert {(s["document_id"], s["sentence_index"]) for s in kinds["sentences"].removed} == {("kabar-003", 0),
                                                                                            ("kabar-003", 1)}
    assert [e["text"] for e in kinds["entities"].removed] == ["Senin (7/11/2022)"]
    assert [(c.key, c.fields) for c in kinds["entities"].changed] == [
        ({"document_id": "kabar-001", "mention_id": "m-kabar"}, {"label": ("ORG", "FAC")})]
    assert kinds["quotes"].unchanged and not kinds["entities"].added


def test_diff_command_text_and_json(annotated: Layout) -> None:
    before = _second_version(annotated)
    text = _diff(before, annotated.corpus)
    assert text.returncode == 0, text.stderr
    assert "entities: 8 -> 7 (0 added, 1 removed, 1 changed)" in text.stdout
    assert "  ~ kabar-001 m-kabar: label ORG -> FAC" in text.stdout
    assert "  - kabar-003: kabar-003.txt" in text.stdout
    report = json.loads(_diff(before, annotated.corpus, "--format", "json").stdout)
    entities = next(kind for kind in report["kinds"] if kind["kind"] == "entities")
    assert entities["changed"] == [{"key": {"document_id": "kabar-001", "mention_id": "m-kabar"},
                                    "fields": {"label": ["ORG", "FAC"]}}]
    assert [row["mention_id"] for row in entities["removed"]] == ["m-senin"]


def test_unreadable_corpus_fails_and_a_path_of_no_folder_is_a_usage_error(annotated: Layout, tmp_path: Path) -> None:
    result = _diff(tmp_path / "nothing", annotated.corpus)
    assert result.returncode == 2 and "is not a folder" in result.stderr and result.stdout == ""
    (tmp_path / "nothing").mkdir()
    result = _diff(tmp_path / "nothing", annotated.corpus)
    assert result.returncode == 1 and "[corpus-unreadable]" in result.stdout
