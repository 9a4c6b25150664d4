"""Damaged corpora, destructive options and commands run from anywhere: each is refused with an
error id or a clear message and no traceback, and nothing is written or lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hostile_fixtures import (
    SECONDS,
    built,
    cli,
    ids,
    measured,
    mini,
    tree,
    validate_and_build,
)
from id_pubadmin.core.fields import config
from id_pubadmin.corpus.parquet import write_rows
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.release.manifest import (
    config_features_checksum,
    content_checksum,
    rows_checksum,
    write_manifest,
)

__all__ = ["built", "mini"]  # fixtures


# Damaged corpora ----------------------------------------------------------------------------------------


def _edit_json(path: Path, change: Callable[[Any], Any]) -> None:
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")


def _entry(manifest: dict, name: str, value: Any) -> dict:
    manifest["files"][name] = value
    return manifest


MANIFEST_DAMAGE: list[tuple[str, Callable[[Path], None]]] = [
    ("entry-not-an-object", lambda m: _edit_json(m, lambda d: _entry(d, "README.md", "sha"))),
    ("rows-on-a-text-file", lambda m: _edit_json(m, lambda d: _entry(d, "README.md", {**d["files"]["README.md"],
                                                                                       "rows": 3}))),
    ("rows-a-string", lambda m: _edit_json(m, lambda d: _entry(d, "documents/train.parquet", {
        **d["files"]["documents/train.parquet"], "rows": "1"}))),
    ("nested-deep", lambda m: m.write_text('{"files": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")),
    ("not-utf8", lambda m: m.write_bytes(b'{"files": {}, "version": "\xff"}')),
    ("duplicate-key", lambda m: m.write_text(m.read_text(encoding="utf-8").replace(
        '"version":', '"version": "9.9.9", "version":', 1), encoding="utf-8")),
]


@pytest.mark.parametrize("damage", [case[1] for case in MANIFEST_DAMAGE], ids=[case[0] for case in MANIFEST_DAMAGE])
def test_a_damaged_manifest_is_reported(mini: Path, capsys: pytest.CaptureFixture[str],
                                        damage: Callable[[Path], None]) -> None:
    damage(mini / "corpus" / "MANIFEST.json")
    run = cli(capsys, "verify", "--corpus", str(mini / "corpus"), "--format", "json")
    assert run.code == 1 and ids(run) == {"manifest-unreadable"}


RELEASE_LOG_DAMAGE: list[tuple[str, bytes]] = [
    ("nested-deep", b'{"releases": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ("not-utf8", b'{"releases": [{"version": "0.1.0\xff"}]}'),
    ("entry-not-an-object", b'{"releases": ["0.1.0"]}'),
    ("date-a-number", b'{"releases": [{"version": "0.1.0", "date": 1, "content_sha256": "x", "rows": {}}]}'),
    ("rows-bool", b'{"releases": [{"version": "0.1.0", "date": "d", "content_sha256": "x", "rows": {"a": true}}]}'),
    ("duplicate-key", b'{"releases": [], "releases": []}'),
]


@pytest.mark.parametrize("log", [case[1] for case in RELEASE_LOG_DAMAGE], ids=[case[0] for case in RELEASE_LOG_DAMAGE])
def test_a_damaged_release_log_is_reported(mini: Path, capsys: pytest.CaptureFixture[str], log: bytes) -> None:
    (mini / "corpus" / "RELEASES.json").write_bytes(log)
    assert validate_and_build(capsys, mini) == {"release-log-invalid"}
    (mini / "other.json").write_bytes(log)
    run = cli(capsys, "verify", "--corpus", str(mini / "corpus"), "--releases", str(mini / "other.json"),
              "--format", "json")
    assert run.code == 1 and ids(run) == {"release-log-invalid"}


PROJECT_FILE_DAMAGE: list[tuple[str, str, bytes | None]] = [
    ("card-latin1", "DATASET_CARD.md", "# Kartu data \xe9".encode("latin-1")),
    ("card-missing", "DATASET_CARD.md", None),
    ("licence-latin1", "LICENSE-DATA.md", "Lisensi \xe9".encode("latin-1")),
]


@pytest.mark.parametrize(("name", "data"), [case[1:] for case in PROJECT_FILE_DAMAGE],
                         ids=[case[0] for case in PROJECT_FILE_DAMAGE])
def test_a_damaged_project_file_is_reported(mini: Path, capsys: pytest.CaptureFixture[str], name: str,
                                            data: bytes | None) -> None:
    if data is None:
        (mini / name).unlink()
    else:
        (mini / name).write_bytes(data)
    assert validate_and_build(capsys, mini) == {"project-file-unreadable"}


def _bomb(path: Path) -> None:
    """Replace a Parquet file by a small one whose text column expands to 300 MB."""
    schema = pq.read_schema(path)
    columns = {field.name: pa.array(["a" * 1_000_000] * 300) if field.name == "text" else pa.nulls(300, field.type)
               for field in schema}
    pq.write_table(pa.table(columns, schema=schema), path, compression="zstd", compression_level=19,
                   use_dictionary=False)
    assert path.stat().st_size < 100_000


@pytest.mark.parametrize(("command", "code"), [("verify", "file-changed"), ("validate", "corpus-unreadable")])
def test_a_parquet_decompression_bomb_is_refused_from_its_footer(mini: Path, command: str, code: str) -> None:
    _bomb(mini / "corpus" / "documents" / "train.parquet")
    argv = ["verify", "--corpus", str(mini / "corpus")] if command == "verify" else ["validate", str(mini / "corpus")]
    run, peak, seconds = measured("--root", str(mini), *argv, "--format", "json")
    assert run.code == 1 and code in ids(run) and "limit" in run.out
    assert peak < 600 and seconds < SECONDS, (peak, seconds)  # decoding it took 1.6 GB


@pytest.mark.parametrize(("command", "code"), [("verify", "file-changed"), ("validate", "corpus-unreadable")])
def test_a_huge_text_file_in_a_corpus_is_read_in_bounded_memory(mini: Path, command: str, code: str) -> None:
    with (mini / "corpus" / "README.md").open("r+b") as stream:
        stream.truncate(1024 * 1024 * 1024)  # sparse: 1 GB of NUL bytes
    argv = ["verify", "--corpus", str(mini / "corpus")] if command == "verify" else ["validate", str(mini / "corpus")]
    run, peak, seconds = measured("--root", str(mini), *argv, "--format", "json")
    assert run.code == 1 and code in ids(run)  # (verify also finds the mini corpus unreleased)
    assert peak < 600 and seconds < SECONDS, (peak, seconds)


# Destructive options ------------------------------------------------------------------------------------

OUTPUTS = ["annotations", "annotations/exports", "seeds", ".", "..", "corpus/..", "foreign", "pyproject.toml",
           "seeds/new"]


@pytest.mark.parametrize("output", OUTPUTS)
def test_build_never_replaces_a_folder_it_did_not_make(mini: Path, capsys: pytest.CaptureFixture[str],
                                                       output: str) -> None:
    (mini / "foreign").mkdir()
    (mini / "foreign" / "notes.txt").write_text("mine", encoding="utf-8")
    before = tree(mini.parent)
    run = cli(capsys, "--root", str(mini), "build", "--output", str(mini / output))
    assert run.code == 2 and "nothing was written" in run.err
    assert tree(mini.parent) == before


def test_build_may_write_a_new_folder_or_replace_a_corpus_it_made(mini: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    for output in (tmp_path / "new" / "corpus", tmp_path / "new" / "corpus", tmp_path / "empty", mini / "corpus"):
        assert cli(capsys, "--root", str(mini), "build", "--output", str(output)).code == 0
        assert (output / "MANIFEST.json").is_file()


def test_a_corpus_that_is_a_symbolic_link_is_left_alone(mini: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    real = Path(shutil.move(mini / "corpus", tmp_path / "elsewhere"))
    (mini / "corpus").symlink_to(real)
    before = tree(tmp_path)
    run = cli(capsys, "--root", str(mini), "build")
    assert run.code == 2 and "symbolic link" in run.err
    assert tree(tmp_path) == before and not [p for p in mini.iterdir() if p.name.startswith(".corpus.")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_corpus_is_refused_before_the_swap(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = mini / "corpus"
    before = tree(mini)
    corpus.chmod(0o555)
    try:
        run = cli(capsys, "--root", str(mini), "build")
    finally:
        corpus.chmod(0o755)
    assert run.code == 2 and "not writable" in run.err
    assert tree(mini) == before


@pytest.mark.parametrize("kind", ["building", "old"])
def test_the_next_build_removes_a_stale_link_left_beside_the_corpus(mini: Path, tmp_path: Path, kind: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A leftover that is a link is never taken for the corpus, and what it points to is left alone."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "file").write_text("kept", encoding="utf-8")
    shutil.rmtree(mini / "corpus")
    stale = mini / f".corpus.{kind}-{int(finished.stdout)}-x"
    stale.symlink_to(kept)
    assert cli(capsys, "--root", str(mini), "build").code == 0
    assert not stale.is_symlink() and not (mini / "corpus").is_symlink() and (mini / "corpus" / "MANIFEST.json").exists()
    assert (kept / "file").read_text(encoding="utf-8") == "kept"


# Verifying against an anchor outside the copy -----------------------------------------------------------


def test_verify_catches_a_row_rewritten_with_matching_checksums(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    corpus = project / "corpus"
    rows, problems = read_corpus(corpus)
    assert problems == []
    split, documents = next(iter(rows["documents"].items()))
    documents[0]["rights"] = "rewritten"
    write_rows(corpus / "documents" / f"{split}.parquet", config("documents"), documents)
    entries = {f"{name}/{split}.parquet": {"rows": len(split_rows), "rows_sha256": rows_checksum(split_rows),
                                           "features_sha256": config_features_checksum(config(name))}
               for name, splits in rows.items() for split, split_rows in splits.items()}
    _edit_json(corpus / "RELEASES.json", lambda log: {"releases": [
        {**entry, "content_sha256": content_checksum(entries)} for entry in log["releases"]]})
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    write_manifest(corpus, manifest["version"], manifest["build_inputs"], entries)
    own = cli(capsys, "verify", "--corpus", str(corpus), "--releases", str(corpus / "RELEASES.json"))
    assert own.code == 0, own.out  # the copy's own log vouches for it ...
    run = cli(capsys, "verify", "--corpus", str(corpus), "--format", "json")
    assert run.code == 1 and ids(run) == {"release-content-changed"}  # ... the installed package's does not
    assert "verifying against the release log of the installed package" in run.err


def test_verify_against_an_anchor_that_cannot_be_read_says_so(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "verify", "--corpus", str(mini / "corpus"), "--releases", "no-such-file.json", "--format", "json")
    assert run.code == 1 and ids(run) == {"release-log-invalid"}
    run = cli(capsys, "verify", "--corpus", str(mini / "corpus"), "--tag", "v999.0.0-no-such-tag")
    assert run.code == 2 and "git tag v999.0.0-no-such-tag is missing" in run.err  # the tag, not the log, is missing


# Working from anywhere ----------------------------------------------------------------------------------


def test_commands_find_the_project_from_a_subfolder(mini: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(mini / "annotations" / "exports")
    assert cli(capsys, "validate").code == 0


@pytest.mark.parametrize("command", [["build"], ["validate"], ["verify"], ["release", "9.9.9"]])
def test_commands_outside_a_project_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(capsys, *command)
    assert run.code == 2 and "no id-pubadmin-news project found" in run.err
    assert list(tmp_path.iterdir()) == []


def test_an_explicit_root_that_is_no_project_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "seeds").mkdir()
    run = cli(capsys, "--root", str(tmp_path / "seeds"), "build")
    assert run.code == 2 and "no id-pubadmin-news project found" in run.err
