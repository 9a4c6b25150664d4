"""Corpora that other tools rewrote, and outputs that would write through or over files: every reader of a
built corpus refuses what the validator refuses, with its error ids; every writer refuses links, special
files and files the project did not make."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corpus_fixtures import base_rows, make_project
from hostile_fixtures import cli, ids, tree
from id_pubadmin.build import build
from id_pubadmin.exports import FORMATS
from id_pubadmin.seeds import seed_metadata

COPIES = 6  # documents beside the annotated one: several share its split, so order matters


@pytest.fixture(scope="module")
def several(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built project of one annotated document and a few unannotated copies of its seed."""
    layout = make_project(tmp_path_factory.mktemp("readers") / "project", base_rows())
    seed = next(layout.seeds.glob("*.txt"))
    for number in range(2, 2 + COPIES):
        copy = layout.seeds / f"{seed.stem[:-3]}{number:03d}.txt"
        shutil.copy(seed, copy)
        seed_metadata.write_metadata(copy, "test rights")
    build(layout)
    return layout.root


@pytest.fixture()
def project(several: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(several, tmp_path / "project", symlinks=True))


def _rewrite(path: Path, change: Callable[[pa.Table], pa.Table]) -> None:
    pq.write_table(change(pq.read_table(path)), path)


def _largest_split(corpus: Path) -> Path:
    return max((corpus / "sentences").glob("*.parquet"), key=lambda p: pq.read_metadata(p).num_rows)


def _sentences_of_last_document_first(corpus: Path) -> None:
    def change(table: pa.Table) -> pa.Table:
        ids = table.column("document_id").to_pylist()
        return table.take(sorted(range(len(ids)), key=lambda i: (ids[i] != ids[-1], i)))
    _rewrite(_largest_split(corpus), change)


def _documents_reversed(corpus: Path) -> None:
    _rewrite(corpus / "documents" / _largest_split(corpus).name, lambda t: t.take(list(reversed(range(t.num_rows)))))


def _label_out_of_range(corpus: Path) -> None:
    def change(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index("label")
        labels = [99, *table.column("label").to_pylist()[1:]]
        return table.set_column(index, table.schema.field("label"), pa.array(labels, table.schema.field("label").type))
    for path in (corpus / "entities").glob("*.parquet"):
        _rewrite(path, change)


def _without(config: str, manifest: bool = True) -> Callable[[Path], None]:
    def damage(corpus: Path) -> None:
        shutil.rmtree(corpus / config)
        if not manifest:
            (corpus / "MANIFEST.json").unlink()
    return damage


DAMAGE = [("sentences-in-another-document-order", _sentences_of_last_document_first, {"corpus-order"}),
          ("documents-in-another-order", _documents_reversed, {"corpus-order"}),
          ("label-id-outside-the-label-set", _label_out_of_range, {"corpus-schema"}),
          ("no-entities-folder", _without("entities"), {"corpus-unreadable"}),
          ("no-quotes-folder", _without("quotes"), {"corpus-unreadable"}),
          ("no-entities-folder-nor-manifest", _without("entities", manifest=False),
           {"corpus-sentence-index", "corpus-speaker"})]


def _text_ids(output: str) -> set[str]:
    return set(re.findall(r"^\S.*?: \[([a-z0-9-]+)\] ", output, flags=re.MULTILINE))


@pytest.mark.parametrize(("damage", "expected"), [case[1:] for case in DAMAGE], ids=[case[0] for case in DAMAGE])
def test_every_reader_refuses_what_the_validator_refuses(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         damage: Callable[[Path], None], expected: set[str]) -> None:
    corpus = project / "corpus"
    damage(corpus)
    validated = cli(capsys, "--root", str(project), "validate", str(corpus), "--format", "json")
    assert validated.code == 1 and ids(validated) == expected
    out = tmp_path / "out"
    for name in FORMATS:
        run = cli(capsys, "--root", str(project), "export", name, "--out", str(out))
        assert run.code == 1 and _text_ids(run.out) == expected, (name, run)
    assert not [p for p in out.rglob("*") if p.is_file()], "nothing written, not even partial files"
    review = cli(capsys, "--root", str(project), "review", "--out", str(tmp_path / "review.html"))
    assert review.code == 1 and _text_ids(review.out) == expected and not (tmp_path / "review.html").exists()
    for before, after in [(project / "corpus", corpus), (corpus, project / "corpus")]:
        diff = cli(capsys, "diff", str(before), str(after), "--format", "json")
        assert diff.code == 1 and ids(diff) == expected


def test_a_corpus_rewritten_in_one_consistent_order_exports_every_sentence(several: Path, project: Path,
                                                                          tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Rows are found by document id: another document order, the same in every config, loses nothing."""
    split = _largest_split(project / "corpus").name
    for config in ("documents", "sentences", "ner", "entities", "quotes"):
        path = project / "corpus" / config / split
        if path.exists():
            _rewrite(path, lambda t: t.sort_by([("document_id", "descending")]))
    run = cli(capsys, "--root", str(project), "export", "conllu", "--out", str(tmp_path / "new"))
    assert run.code == 0, run
    assert cli(capsys, "--root", str(several), "export", "conllu", "--out", str(tmp_path / "old")).code == 0
    count = {name: sum(f.read_text(encoding="utf-8").count("# sent_id") for f in (tmp_path / name).rglob("*.conllu"))
             for name in ("old", "new")}
    assert count["new"] == count["old"] > 0
    diff = cli(capsys, "diff", str(several / "corpus"), str(project / "corpus"))
    assert diff.code == 0 and "no documents, sentences, entities or quotes differ" in diff.out


# Writers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FORMATS))
def test_export_never_writes_through_a_link_planted_for_its_partial_file(project: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str],
                                                                        name: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    folder = tmp_path / "out" / name
    folder.mkdir(parents=True)
    split = _largest_split(project / "corpus").stem
    for partial in (f".{split}.conllu.partial", f".{split}.txt.partial", f".{split}-00000.spacy.partial",
                    f".{split}.tar.partial"):
        (folder / partial).symlink_to(victim)
    run = cli(capsys, "--root", str(project), "export", name, "--out", str(tmp_path / "out"))
    assert run.code == 2 and "symbolic link" in run.err and "Traceback" not in run.err
    assert victim.read_text(encoding="utf-8") == "precious"


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _link_to_stdout(path: Path) -> Path:
    path.symlink_to("/proc/self/fd/1")
    return path


def _users_file(path: Path) -> Path:
    path.write_text("notes of my own", encoding="utf-8")
    return path


TARGETS: list[tuple[str, Callable[[Path], Path]]] = [
    ("fifo", lambda root: _fifo(root.parent / "pipe")),
    ("link-to-stdout", lambda root: _link_to_stdout(root.parent / "stdout.html")),
    ("a-file-the-user-made", lambda root: _users_file(root.parent / "mine.html")),
    ("an-annotation-export", lambda root: next((root / "annotations" / "exports").glob("*.json"))),
    ("the-project-config", lambda root: root / "pyproject.toml"),
    ("a-new-file-in-seeds", lambda root: root / "seeds" / "review.html"),
]


@pytest.mark.parametrize("target", [case[1] for case in TARGETS], ids=[case[0] for case in TARGETS])
def test_review_never_replaces_what_it_did_not_make(project: Path, capsys: pytest.CaptureFixture[str],
                                                    target: Callable[[Path], Path]) -> None:
    out = target(project)
    before = tree(project.parent)
    run = cli(capsys, "--root", str(project), "review", "--out", str(out))
    assert run.code == 2 and "nothing was written" in run.err and "Traceback" not in run.err
    assert tree(project.parent) == before
    assert out.is_fifo() or out.is_symlink() or not out.exists() or out.is_file()


def test_review_may_replace_a_page_it_wrote(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "review.html"
    assert cli(capsys, "--root", str(project), "review", "--out", str(page)).code == 0
    first = page.read_bytes()
    assert cli(capsys, "--root", str(project), "review", "--out", str(page)).code == 0
    assert page.read_bytes() == first


def test_export_into_the_project_inputs_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(project)
    run = cli(capsys, "--root", str(project), "export", "conllu", "--out", str(project / "annotations" / "exports"))
    assert run.code == 2 and "[output-in-project]" in run.err
    assert tree(project) == before


def test_the_studio_reads_the_corpus_it_pushes_through_the_same_checks(project: Path) -> None:
    """Pushing to Label Studio reads the documents and the gold mentions of the corpus (no server needed here)."""
    from id_pubadmin.annotations.studio.project import corpus_documents, corpus_entities
    from id_pubadmin.core.errors import CorpusError

    assert len(corpus_documents(project / "corpus")) == 1 + COPIES and corpus_entities(project / "corpus")
    _label_out_of_range(project / "corpus")
    for read in (corpus_documents, corpus_entities):
        with pytest.raises(CorpusError) as refused:
            read(project / "corpus")
        assert {problem.code for problem in refused.value.problems} == {"corpus-schema"}
