"""MANIFEST.json lists every file; `id-pubadmin verify` catches any file that differs from it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
from id_pubadmin.core.fields import config
from id_pubadmin.core.version import project_version
from id_pubadmin.corpus.parquet import read_rows
from id_pubadmin.layout import Layout
from id_pubadmin.publish import cut_release
from id_pubadmin.release.history import verify_corpus
from id_pubadmin.release.manifest import (
    MANIFEST_NAME,
    content_checksum,
    corpus_files,
    rows_checksum,
)
from release_fixtures import annotated  # noqa: F401  (pytest fixture)


def _verify(corpus: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "id_pubadmin", "verify", "--corpus", str(corpus), *extra],
                          capture_output=True, text=True)


def _manifest(corpus: Path) -> dict:
    return json.loads((corpus / MANIFEST_NAME).read_text(encoding="utf-8"))


def test_manifest_lists_every_file_with_checksums_and_the_version(root: Path) -> None:
    corpus = root / "corpus"
    manifest = _manifest(corpus)
    assert manifest["version"] == project_version(root)
    assert set(manifest["files"]) == {p.relative_to(corpus).as_posix() for p in corpus_files(corpus)}
    parquet = {name: entry for name, entry in manifest["files"].items() if name.endswith(".parquet")}
    assert parquet and all({"sha256", "bytes", "rows", "rows_sha256", "features_sha256"} <= set(e) for e in parquet.values())
    assert content_checksum(manifest["files"]) == manifest["content_sha256"]
    inputs = manifest["build_inputs"]
    assert inputs["file_sets"]["seeds/*.txt"]["files"] >= 1 and "annotations/label_config.xml" in inputs["files"]
    assert manifest["build_inputs"]["package_version"]


def test_row_checksum_is_that_of_canonical_json_lines_of_the_readable_rows(root: Path) -> None:
    corpus = root / "corpus"
    for name, entry in _manifest(corpus)["files"].items():
        if "rows" in entry:
            rows = read_rows(corpus / name, config(name.split("/")[0]))
            assert (len(rows), rows_checksum(rows)) == (entry["rows"], entry["rows_sha256"])


def test_committed_corpus_verifies(root: Path) -> None:
    result = _verify(root / "corpus")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches MANIFEST.json" in result.stderr


def test_a_changed_byte_fails_naming_the_file(project: Path) -> None:
    card = project / "corpus" / "README.md"
    card.write_text(card.read_text(encoding="utf-8") + " ", encoding="utf-8")
    result = _verify(project / "corpus")
    assert result.returncode == 1
    assert f"{card}: [file-changed] sha256 is" in result.stdout


def test_a_hand_edited_row_fails_with_its_row_checksum(project: Path) -> None:
    path = project / "corpus" / "sentences" / "test.parquet"
    table = pq.read_table(path)
    texts = table.column("text").to_pylist()
    texts[0] = texts[0].upper()
    pq.write_table(table.set_column(table.schema.get_field_index("text"), "text", [texts]), path)
    problems = json.loads(_verify(project / "corpus", "--format", "json").stdout)
    assert [(p["code"], p["file"]) for p in problems] == [("file-changed", str(path))]
    assert "rows_sha256 is" in problems[0]["reason"]


def test_same_rows_from_another_parquet_writer_keep_their_content_checksum(project: Path) -> None:
    path = project / "corpus" / "sentences" / "test.parquet"
    pq.write_table(pq.read_table(path), path, compression="snappy")
    problems = verify_corpus(project / "corpus")
    assert [p.code for p in problems] == ["file-changed"]
    assert "rows and Features are the same" in problems[0].reason


def test_missing_and_unlisted_files_fail(project: Path) -> None:
    corpus = project / "corpus"
    (corpus / "schemas" / "ner.schema.json").unlink()
    (corpus / "notes.txt").write_text("an extra file", encoding="utf-8")
    problems = verify_corpus(corpus)
    assert {(p.code, Path(p.file).name) for p in problems} == {("file-missing", "ner.schema.json"),
                                                               ("file-unlisted", "notes.txt")}


def test_no_manifest_fails(project: Path) -> None:
    (project / "corpus" / MANIFEST_NAME).unlink()
    result = _verify(project / "corpus")
    assert result.returncode == 1 and "[manifest-unreadable]" in result.stdout


def test_every_file_of_every_split_is_verified(annotated: Layout) -> None:
    cut_release(annotated, "0.1.0", "2026-01-31")
    assert verify_corpus(annotated.corpus) == []
    path = annotated.corpus / "documents" / "test.parquet"
    path.write_bytes(path.read_bytes()[:-1])
    assert [(p.code, p.file) for p in verify_corpus(annotated.corpus)] == [("file-changed", str(path))]
