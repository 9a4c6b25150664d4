"""The build: deterministic, identical to the committed corpus, and atomic on failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from id_pubadmin.build import build
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.layout import Layout

from conftest import edit_seed


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(root: Path, tmp_path: Path) -> None:
    build(Layout(root), tmp_path / "a")
    build(Layout(root), tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_committed_corpus_is_what_the_build_writes(root: Path, tmp_path: Path) -> None:
    build(Layout(root), tmp_path / "corpus")
    fresh, committed = _files(tmp_path / "corpus"), _files(root / "corpus")
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, f"corpus/ is stale, run `id-pubadmin build` and commit: {stale}"


def test_failed_build_leaves_previous_corpus_intact(project: Path) -> None:
    before = _files(project / "corpus")
    edit_seed(sorted((project / "seeds").glob("*.txt"))[0])
    with pytest.raises(CorpusError, match="seed-sha256-mismatch"):
        build(Layout(project))
    assert _files(project / "corpus") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".corpus")], "staging folder left behind"


def test_build_command_prints_a_summary(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "id_pubadmin", "--root", str(project), "build"],
                            capture_output=True, text=True, check=True)
    assert "sentences" in result.stdout and "tokens" in result.stdout
    assert "[build] read-seeds" in result.stderr


def test_an_unannotated_document_has_sentences_but_no_gold_rows(project: Path, tmp_path: Path) -> None:
    from id_pubadmin.core.fields import config
    from id_pubadmin.corpus.parquet import read_rows
    from id_pubadmin.seeds import seed_metadata

    seed = project / "seeds" / "001_unannotated.txt"
    seed.write_text("date 2023-03 JAKARTA, KOMPAS.com - Presiden meminta ASN bekerja cepat. ****", encoding="utf-8")
    seed_metadata.write_metadata(seed, "research only")
    derived = build(Layout(project), tmp_path / "corpus")

    def documents_in(name: str) -> set[str]:
        return {row["document_id"] for path in (tmp_path / "corpus" / name).glob("*.parquet")
                for row in read_rows(path, config(name))}

    assert "001_unannotated" in documents_in("sentences")
    assert "001_unannotated" not in documents_in("ner") | documents_in("entities")
    assert derived.annotated and "001_unannotated" not in derived.annotated
