"""The output rule of every command, and per-record errors of ``predict`` and ``silver``.

No command writes over what it reads, through a symbolic link, into a project's seeds/, annotations/
or corpus/ (unless it owns them), or over a file it did not make: each refusal exits 2 with an error
id and leaves every file as it was. A bad record of ``predict`` or ``silver`` is reported with its
line and error id, and the other records are still processed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_fixtures import base_rows, make_project
from hostile_fixtures import cli, tree
from id_pubadmin.bench.crawl import write_crawl
from id_pubadmin.silver.run import make_silver

LINE = json.dumps({"id": "a", "text": "Gubernur Jawa Timur Khofifah Indar Parawansa hadir di Surabaya."}) + "\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("outputs") / "project", base_rows()).root


@pytest.fixture(scope="module")
def silver(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A finished silver folder made from a small crawl, and the crawl's one WARC file."""
    crawl = write_crawl(tmp_path_factory.mktemp("crawl"), 12, files=1)
    made = make_silver(crawl.files, tmp_path_factory.mktemp("silver") / "out", "invented test pages", workers=1)
    return made.folder, crawl.files[0]


def test_predict_refuses_to_write_over_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(LINE, encoding="utf-8")
    for out in (source, tmp_path / "." / "in.jsonl"):
        run = cli(capsys, "predict", str(source), "--out", str(out), "--no-gazetteer")
        assert run.code == 2 and "[output-is-input]" in run.err and "nothing was written" in run.err
    (tmp_path / "hard.jsonl").hardlink_to(source)
    run = cli(capsys, "predict", str(source), "--out", str(tmp_path / "hard.jsonl"), "--no-gazetteer")
    assert run.code == 2 and "[output-is-input]" in run.err
    assert source.read_text(encoding="utf-8") == LINE


@pytest.mark.parametrize("target", ["annotations/exports/kabar.json", "seeds/new.jsonl", "corpus/predicted.jsonl",
                                    "pyproject.toml"])
def test_predict_refuses_to_write_into_the_project(project: Path, tmp_path: Path, target: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(LINE, encoding="utf-8")
    before = tree(project)
    run = cli(capsys, "--root", str(project), "predict", str(source), "--out", str(project / target), "--no-gazetteer")
    assert run.code == 2 and "[output-in-project]" in run.err and "Traceback" not in run.err
    assert tree(project) == before


def test_predict_replaces_its_own_output_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out, notes = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "notes.txt"
    source.write_text(LINE, encoding="utf-8")
    notes.write_text("mine\n", encoding="utf-8")
    assert cli(capsys, "predict", str(source), "--out", str(out), "--no-gazetteer").code == 0
    first = out.read_bytes()
    assert cli(capsys, "predict", str(source), "--out", str(out), "--no-gazetteer").code == 0
    assert out.read_bytes() == first
    (tmp_path / "link.jsonl").symlink_to(notes)
    for target, code in ((notes, "output-not-replaceable"), (tmp_path / "link.jsonl", "output-link")):
        run = cli(capsys, "predict", str(source), "--out", str(target), "--no-gazetteer")
        assert run.code == 2 and f"[{code}]" in run.err
    assert notes.read_text(encoding="utf-8") == "mine\n"


def test_predict_reports_bad_records_and_predicts_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A lone surrogate is reported with its line; a text over spaCy's 1,000,000 characters is predicted in
    pieces cut at sentence ends, its offsets exact (a name past the millionth character is found)."""
    tail = "Presiden Joko Widodo meresmikan gedung baru di Surabaya."
    long_text = "Gubernur Anies Baswedan hadir di Jakarta.\n\n" + " " * 1_000_000 + "\n\n" + tail
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(LINE + '{"id": "bad", "text": "x\\ud800y"}\n' + json.dumps({"id": "long", "text": long_text})
                      + "\n" + LINE.replace('"a"', '"d"'), encoding="utf-8")
    run = cli(capsys, "predict", str(source), "--out", str(out), "--no-gazetteer")
    assert run.code == 1 and "line 2: [predict-text-surrogate]" in run.out and "Traceback" not in run.err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", "long", "d"]
    found = {long_text[e["start"]:e["end"]]: e for e in rows[1]["entities"]}
    assert "Joko Widodo" in found and found["Joko Widodo"]["start"] > 1_000_000
    assert "Anies Baswedan" in found


def test_silver_refuses_outputs_in_a_project(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(LINE, encoding="utf-8")
    before = tree(project)
    for out in ("corpus/silver", "seeds/x", "."):
        run = cli(capsys, "--root", str(project), "silver", str(source), "--out", str(project / out),
                  "--rights", "test")
        assert run.code == 2 and "[output-in-project]" in run.err, run.err
    run = cli(capsys, "silver", str(source), "--out", str(tmp_path), "--rights", "test")
    assert run.code == 2 and "[output-is-input]" in run.err
    assert tree(project) == before and source.read_text(encoding="utf-8") == LINE


def test_silver_counts_a_bad_line_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(LINE + '{"id": "bad", "text": "x\\ud800y"}\n', encoding="utf-8")
    run = cli(capsys, "silver", str(source), "--out", str(tmp_path / "out"), "--rights", "test", "--workers", "1",
              "--quiet")
    assert run.code == 0 and "1 predict-text-surrogate" in run.out
    assert "in.jsonl: line 2: [predict-text-surrogate]" in run.err


def test_pick_never_writes_over_the_crawl_a_link_or_a_committed_file(silver: tuple[Path, Path], project: Path,
                                                                       tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder, crawl = silver
    crawl_bytes, before = crawl.read_bytes(), tree(project)
    other = tmp_path / "other.txt"
    other.write_text("keep\n", encoding="utf-8")
    (tmp_path / "link.warc.gz").symlink_to(other)
    refused = {crawl: "output-is-input", tmp_path / "link.warc.gz": "output-link", other: "output-not-replaceable",
               project / "seeds" / "picked.warc.gz": "output-is-input", folder / "picked.warc": "output-is-input",
               project / "annotations" / "exports" / "kabar.json": "output-in-project"}
    for target, code in refused.items():
        run = cli(capsys, "silver", "pick", str(folder), "--n", "3", "--seeds", str(project / "seeds"),
                  "--warc", str(target))
        assert run.code == 2 and f"[{code}]" in run.err and run.out == "", (target, run.err)
    assert crawl.read_bytes() == crawl_bytes and other.read_text(encoding="utf-8") == "keep\n"
    assert tree(project) == before
    picked = tmp_path / "picked.warc.gz"
    for _ in range(2):  # a file pick wrote may be written again
        run = cli(capsys, "silver", "pick", str(folder), "--n", "3", "--seeds", str(project / "seeds"),
                  "--warc", str(picked))
        assert run.code == 0 and "wrote 3 page(s)" in run.err


def test_training_never_replaces_a_folder_that_is_no_pipeline(project: Path, tmp_path: Path) -> None:
    """The model is saved by replacing its folder whole: a folder holding anything else, or one inside the project's
    folders, is refused before training."""
    from id_pubadmin.core.outputs import OutputRefused
    from id_pubadmin.predictor.training import train

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep\n", encoding="utf-8")
    for out, code in ((tmp_path / "mine", "output-not-replaceable"), (project / "corpus" / "model", "output-in-project")):
        with pytest.raises(OutputRefused, match=code):
            train(project, out)
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep\n"
    assert not (project / "corpus").exists()


def test_pull_writes_its_export_nowhere_else_in_the_project(project: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``studio pull`` owns annotations/exports/; an --export in seeds/ or corpus/ is refused before the studio is
    asked anything (none runs here)."""
    before = tree(project)
    for target in ("seeds/pulled.json", "corpus/pulled.json", "DATASET_CARD.md"):
        run = cli(capsys, "--root", str(project), "studio", "pull", "--studio-dir", str(tmp_path / "studio"),
                  "--export", str(project / target))
        assert run.code == 2 and "[output-in-project]" in run.err, run.err
    assert tree(project) == before
