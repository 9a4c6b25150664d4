"""The silver pipeline end to end on a generated crawl (invented pages in WARC files).

One crawl is run on datatrove's local executor and on a Ray instance the test starts, and must give
the same rows; a run killed half-way and started again must give them too, having skipped the
shards it had finished. The crawl is made and run on the local engine once for the module; the
module takes about a minute on two free cores, the Ray run (start-up of Ray and its workers) most of it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from id_pubadmin.predictor.predict import MODEL_VERSION
from id_pubadmin.bench.crawl import write_crawl
from id_pubadmin.cli import main
from id_pubadmin.silver.dataset import verify_silver
from id_pubadmin.silver.run import make_silver
from id_pubadmin.silver.schema import SILVER_CONFIGS

DOCUMENTS = 1_200
FILES = 4
RIGHTS = "invented test pages"


def sorted_rows(folder: Path) -> dict[str, list[str]]:
    import pyarrow.parquet as pq

    return {config.name: sorted(json.dumps(row, sort_keys=True) for path in sorted((folder / config.name).glob("*.parquet"))
                                for row in pq.read_table(path).to_pylist()) for config in SILVER_CONFIGS}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory):
    return write_crawl(tmp_path_factory.mktemp("crawl"), DOCUMENTS, files=FILES)


@pytest.fixture(scope="module")
def local_run(crawl, tmp_path_factory: pytest.TempPathFactory):
    return make_silver(crawl.files, tmp_path_factory.mktemp("silver") / "local", RIGHTS, "local", workers=2)


@pytest.fixture(scope="module")
def jsonl_runs(tmp_path_factory: pytest.TempPathFactory):
    """One JSONL file of articles of real length, run whole (one task) and cut into ranges (several tasks)."""
    from id_pubadmin.bench.crawl import write_articles
    from id_pubadmin.silver import sources

    folder = tmp_path_factory.mktemp("jsonl")
    articles = write_articles(folder / "articles.jsonl", 24, sentences=(15, 25))
    whole = make_silver([articles.path], folder / "whole", RIGHTS, "local", workers=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "MIN_RANGE_BYTES", articles.path.stat().st_size // 20)  # 8 ranges
        assert len(sources.plan_shards([articles.path])) == sources.SPLIT_PIECES
        split = make_silver([articles.path], folder / "split", RIGHTS, "local", workers=2)
    return articles, whole, split


def test_one_jsonl_file_is_read_by_several_tasks_giving_the_rows_of_one(jsonl_runs) -> None:
    import pyarrow.parquet as pq

    articles, whole, split = jsonl_runs
    assert len(list((split.folder / "documents").glob("*.parquet"))) == 8 > len(list((whole.folder / "documents").glob("*.parquet")))
    assert sorted_rows(split.folder) == sorted_rows(whole.folder)
    assert split.summary["rows"]["documents"] == articles.documents
    documents = [row for path in sorted((split.folder / "documents").glob("*.parquet")) for row in pq.read_table(path).to_pylist()]
    lines = articles.path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(lines[d["source_record"] - 1])["text"] for d in documents] == [d["text"] for d in documents]
    assert [d["source_record"] for d in documents] == list(range(1, articles.documents + 1))  # file order kept


def test_jsonl_ranges_cut_at_line_starts_and_cover_the_file(tmp_path: Path) -> None:
    from id_pubadmin.silver import sources

    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"".join(b'{"id": "%d", "text": "%s"}\n' % (n, b"x" * (n * 37 % 300)) for n in range(400))
                     + b'{"id": "last", "text": "no newline"}')
    size = path.stat().st_size
    for smallest in (size, size // 3, size // 8, size // 50, 1):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sources, "MIN_RANGE_BYTES", smallest)
            ranges = sources.jsonl_ranges(path)
        ends = [end if end is not None else size for _, end, _ in ranges]
        assert [start for start, _, _ in ranges] == [0, *ends[:-1]] and ends[-1] == size
        data = path.read_bytes()
        assert all(start == 0 or data[start - 1:start] == b"\n" for start, _, _ in ranges)
        assert [first for _, _, first in ranges] == [data[:start].count(b"\n") + 1 for start, _, _ in ranges]
        read = [row for start, end, first in ranges
                for row in sources.input_rows(path, start=start, end=end, first_line=first)]
        assert read == list(sources.input_rows(path))
    assert len(ranges) == sources.SPLIT_PIECES


def test_local_run_deduplicates_refuses_and_marks_every_row(crawl, local_run) -> None:
    import datasets

    summary = local_run.summary
    assert summary["refused"] == {"text-not-indonesian": crawl.english}
    assert crawl.copies * 0.9 <= summary["near_duplicates"] <= crawl.copies
    documents = datasets.load_dataset(str(local_run.folder), "documents", split="train")
    assert len(documents) == crawl.articles + crawl.copies - summary["near_duplicates"]
    assert len(set(documents["title"])) == len(documents)  # a republished copy keeps its original's title
    entities = datasets.load_dataset(str(local_run.folder), "entities", split="train")
    assert entities.features["label"].names[0] == "PERSON" and len(entities) > len(documents)
    for config in SILVER_CONFIGS:
        rows = sorted_rows(local_run.folder)[config.name]
        assert rows and all('"machine_made": true' in r and f'"model_version": "{MODEL_VERSION}"' in r for r in rows)
    texts = dict(zip(documents["document_id"], documents["text"]))
    for row in entities.select(range(200)):
        assert texts[row["document_id"]][row["start"]:row["end"]] == row["text"]
    assert "Machine-made" in (local_run.folder / "README.md").read_text(encoding="utf-8")
    assert not (local_run.folder / ".silver-run").exists()


def test_verify_checks_a_silver_folder_like_the_corpus(local_run, tmp_path: Path) -> None:
    assert verify_silver(local_run.folder) == []
    assert main(["verify", "--corpus", str(local_run.folder)]) == 0
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(local_run.folder, copy)
    (copy / "entities" / "train-00001-of-00004.parquet").unlink()
    assert [p.code for p in verify_silver(copy)] == ["file-missing"]


def test_ray_engine_gives_the_same_rows(crawl, local_run, jsonl_runs, tmp_path: Path) -> None:
    import ray
    from id_pubadmin.silver import sources

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}})
    try:
        made = make_silver(crawl.files, tmp_path / "ray", RIGHTS, "ray", workers=2)
        articles, _, split = jsonl_runs
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sources, "MIN_RANGE_BYTES", articles.path.stat().st_size // 20)
            split_on_ray = make_silver([articles.path], tmp_path / "ray-jsonl", RIGHTS, "ray", workers=2)
    finally:
        ray.shutdown()
    assert made.summary["rows"] == local_run.summary["rows"]
    assert sorted_rows(made.folder) == sorted_rows(local_run.folder)
    assert sorted_rows(split_on_ray.folder) == sorted_rows(split.folder)  # one file in ranges: the same on Ray


def test_a_killed_run_resumes_without_redoing_shards_or_duplicating_rows(crawl, local_run, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "id_pubadmin", "silver", *map(str, crawl.files), "--out", str(out),
               "--rights", RIGHTS, "--workers", "1"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = out / ".silver-run" / "logs" / "prepare" / "completions"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and len(list(done.glob("*"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list(done.glob("*")))
    assert 2 <= finished < FILES, "the run was to be killed half-way through its shards"
    steps: list[str] = []
    made = make_silver(crawl.files, out, RIGHTS, "local", workers=1, progress=steps.append)
    assert made.resumed
    assert f"prepare: {FILES - finished} of {FILES} task(s) to run on 1 process(es)" in steps
    assert sorted_rows(made.folder) == sorted_rows(local_run.folder)
    assert verify_silver(made.folder) == []
    assert not [p for p in made.folder.rglob(".*")], "a killed task's temporary file was left behind"


def test_near_duplicates_in_any_shards_meet_and_the_smallest_key_is_kept() -> None:
    from id_pubadmin.bench.crawl import _article
    from id_pubadmin.seeds.web.duplicates import minhash
    from id_pubadmin.silver import dedup

    import random

    rng = random.Random(1)
    texts = ["\n\n".join(_article(rng, n)[1]) for n in range(30)]
    copy = texts[7].replace("Artikel ini", "Tulisan ini", 1)  # a near-duplicate of article 7
    for layout in ([texts[:10], texts[10:20], texts[20:] + [copy]], [[copy] + texts[20:], texts[10:20], texts[:10]]):
        signatures = {rank: [minhash(t).hashvalues for t in shard] for rank, shard in enumerate(layout)}
        tables = {rank: dedup.band_tables(sigs) for rank, sigs in signatures.items()}
        pairs = [dedup.band_pairs(((rank, tables[rank][band]) for rank in tables), signatures)
                 for band in range(dedup.BANDS)]
        key = {(rank, index): (t,) for rank, shard in enumerate(layout) for index, t in enumerate(shard)}
        dropped = dedup.clusters(pairs, key)
        assert [(key[kept][0], [key[n][0] for n in nodes]) for kept, nodes in dropped.items()] == \
            [(min(copy, texts[7]), [max(copy, texts[7])])]


def test_jsonl_lines_are_read_as_predict_reads_them(tmp_path: Path) -> None:
    from id_pubadmin.bench.crawl import _article

    import random

    rng = random.Random(2)
    lines = [json.dumps({"id": f"a{n}", "text": "\n\n".join(_article(rng, n)[1])}) for n in range(3)]
    (tmp_path / "batch.jsonl").write_text("\n".join([lines[0], "{not json", lines[1], '{"id": 5}', lines[2]]) + "\n")
    made = make_silver([tmp_path / "batch.jsonl"], tmp_path / "out", RIGHTS, workers=1)
    assert made.summary["refused"] == {"predict-line-malformed": 1, "predict-line-fields": 1}
    assert made.summary["rows"]["documents"] == 3
    picked = tmp_path / "picked.warc.gz"  # JSONL texts have no page to copy: a reason, exit 2, no file
    assert main(["silver", "pick", str(made.folder), "--n", "2", "--warc", str(picked), "--seeds", str(tmp_path)]) == 2
    assert not picked.exists()
    project = tmp_path / "project"  # and an archive of no page is refused by add-seed with its reason
    (project / "seeds").mkdir(parents=True)
    (project / "pyproject.toml").write_bytes((Path(__file__).resolve().parent.parent / "pyproject.toml").read_bytes())
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    assert main(["--root", str(project), "add-seed", str(tmp_path / "empty.warc.gz"), "--rights", RIGHTS]) == 1
    assert list((project / "seeds").iterdir()) == []


def test_pick_lists_the_best_documents_not_copying_gold_ready_for_add_seed(local_run, tmp_path: Path, capsys) -> None:
    import datasets
    from id_pubadmin.seeds.web.duplicates import NearDuplicateIndex, minhash
    from id_pubadmin.seeds.web.intake import pages_of
    from id_pubadmin.silver.pick import pick, write_picked_pages

    best = pick(local_run.folder, 5)
    assert len(best) == 5 and [d["score"] for d in best] == sorted((d["score"] for d in best), reverse=True)
    assert all(abs(d["score"] - d["uncertainty"] * d["relevance"] * d["novelty"]) < 1e-3 and d["uncertainty"] > 0
               for d in best) and best[0]["novelty"] == 1.0
    texts = dict(zip(*datasets.load_dataset(str(local_run.folder), "documents", split="train")
                     .select_columns(["document_id", "text"]).to_dict().values()))
    gold = NearDuplicateIndex()
    gold.add("seed-1", minhash(texts[best[0]["document_id"]]))
    again = pick(local_run.folder, 5, gold)
    assert best[0]["document_id"] not in {d["document_id"] for d in again} and again[0]["novelty"] == 1.0
    assert write_picked_pages(again, tmp_path / "picked.warc.gz") == 5
    assert sorted(page.url for page in pages_of(tmp_path / "picked.warc.gz")) == sorted(d["url"] for d in again)
    assert main(["silver", "pick", str(local_run.folder), "--n", "3", "--seeds", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("score\tuncertainty\trelevance\tnovelty") and printed[1].split("\t")[0] == f"{best[0]['score']:.4f}"


def test_a_run_resumes_only_on_inputs_of_the_same_content(tmp_path: Path) -> None:
    from id_pubadmin.core.errors import UsageError
    from id_pubadmin.silver.run import _plan, _start

    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "a1", "text": "Bupati membuka Mal Pelayanan Publik."}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert _start(out, _plan([batch], RIGHTS, 0.0)) is False  # a run started, then killed before any stage ended
    assert _start(out, _plan([batch], RIGHTS, 0.0)) is True
    size = batch.stat().st_size
    batch.write_text('{"id": "a1", "text": "Bupati menutup Mal Pelayanan Publik."}\n', encoding="utf-8")
    assert batch.stat().st_size == size  # edited at the same size
    with pytest.raises(UsageError, match="content changed"):
        _start(out, _plan([batch], RIGHTS, 0.0))


def test_pages_whose_address_holds_credentials_are_refused_not_published(tmp_path: Path) -> None:
    from id_pubadmin.bench.web_pages import INDONESIAN_BODY, SECOND_BODY, news_page, warc_bytes

    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(warc_bytes([
        ("https://redaksi:rahasia@kabar.example/2024/03/04/a", news_page(INDONESIAN_BODY).encode(), "text/html"),
        ("https://warta.example/2024/03/04/b", news_page(SECOND_BODY).encode(), "text/html")], gzipped=False))
    made = make_silver([crawl], tmp_path / "out", RIGHTS, workers=1)
    assert made.summary["refused"] == {"page-url-refused": 1} and made.summary["rows"]["documents"] == 1
    assert not [path for path in made.folder.rglob("*") if path.is_file() and b"rahasia" in path.read_bytes()]


def test_the_benchmark_articles_have_the_length_asked_and_its_summary_is_read(tmp_path: Path) -> None:
    from id_pubadmin import split_sentences
    from id_pubadmin.bench.crawl import write_articles
    from id_pubadmin.bench.silver import summary_counts

    articles = write_articles(tmp_path / "articles.jsonl", 40, sentences=(15, 40))
    lengths = [len(split_sentences(json.loads(line)["text"]))
               for line in articles.path.read_text(encoding="utf-8").splitlines()]
    assert len(lengths) == 40 and min(lengths) >= 15 and max(lengths) <= 40 and sum(lengths) == articles.sentences
    assert summary_counts("silver/: 1,234 documents, 56,789 sentences, 9 entity mentions") == (1234, 56789)
