"""The build at scale: fast checks that agree with the JSON Schemas, a CLI that starts without heavy
imports, parallel and cached builds byte-identical to a cold single-process one, shards, bulk seeds."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import FIXTURES, base_rows, make_project, patched
from id_pubadmin.build import build
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.core.fields import CONFIGS, Config
from id_pubadmin.corpus import parquet
from id_pubadmin.corpus.document import build_document, document_item
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.corpus.schemas import compiled_validator, validator_for
from id_pubadmin.derive import derive
from id_pubadmin.exports import EXPORTS_FOLDER, FORMATS, spacy_docbin
from id_pubadmin.layout import Layout
from id_pubadmin.release.card import size_category
from id_pubadmin.release.manifest import read_manifest, verify_files
from id_pubadmin.seeds import seed_files, seed_metadata
from id_pubadmin.seeds.adding import add_seeds

from conftest import ROOT

SENTENCE = "Pemkab Sukamaju membuka layanan baru untuk warga desa."


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _write_seed(seeds: Path, index: int, metadata: bool = True) -> Path:
    path = seeds / f"kabar-{index:03d}.txt"
    text = " ".join([SENTENCE] * (index % 4 + 1)) + f"\n\n“Kami siap nomor {index},” kata Budi."
    path.write_text(f"date 2023-0{index % 9 + 1} KABAR.ID, SUKAMAJU - {text} ****", encoding="utf-8")
    if metadata:
        seed_metadata.write_metadata(path, "test text written for the tests")
    return path


def _mutations(config: Config, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows that break the schema in every way a field can, and some that do not."""
    variants = [{**row, "unexpected": 1}]
    for field in config.fields:
        value = row[field.name]
        variants += [{k: v for k, v in row.items() if k != field.name}, {**row, field.name: None},
                     {**row, field.name: 1.5}, {**row, field.name: True}, {**row, field.name: "x"},
                     {**row, field.name: -1}, {**row, field.name: 2**31}, {**row, field.name: [value]}]
        if isinstance(value, list) and value:
            variants += [{**row, field.name: [None]}, {**row, field.name: [*value, "x"]}, {**row, field.name: []}]
            if isinstance(value[0], dict):
                variants += [{**row, field.name: [{**value[0], "extra": 1}]},
                             {**row, field.name: [{k: v for k, v in value[0].items() if k != "start"}]}]
        if isinstance(value, dict):
            variants += [{**row, field.name: {**value, "start": -1}}, {**row, field.name: {**value, "text": 5}}]
    return variants


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.name)
def test_compiled_check_and_jsonschema_reject_the_same_rows(config: Config) -> None:
    rows = [row for split in base_rows()[config.name].values() for row in split]
    assert rows
    for row in rows[:3]:
        assert compiled_validator(config)(row)
        for variant in _mutations(config, row):
            rejected_by_jsonschema = any(True for _ in validator_for(config).iter_errors(variant))
            assert compiled_validator(config)(variant) == (not rejected_by_jsonschema), variant


def test_compiled_check_and_jsonschema_reject_the_schema_fixtures() -> None:
    fixtures = [p for p in (FIXTURES / "invalid" / "corpus").glob("*.json")
                if any(op["path"].count("/") >= 3 for op in json.loads(p.read_text(encoding="utf-8"))["patch"])]
    checked = 0
    for path in fixtures:
        rows = patched(base_rows(), json.loads(path.read_text(encoding="utf-8"))["patch"])
        for config in CONFIGS:
            for split_rows in rows.get(config.name, {}).values():
                for row in split_rows:
                    checked += 1
                    rejected_by_jsonschema = any(True for _ in validator_for(config).iter_errors(row))
                    assert compiled_validator(config)(row) == (not rejected_by_jsonschema), (path.name, row)
    assert checked and "corpus-schema.json" in {p.name for p in fixtures}


def test_the_command_line_imports_no_heavy_library() -> None:
    heavy = ("datasets", "pyarrow", "label_studio_sdk", "jsonschema", "fastjsonschema", "tqdm")
    code = (f"import sys, id_pubadmin.cli, id_pubadmin.validate, id_pubadmin.seeds.adding\n"
            f"print([m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_unchanged_rebuild_takes_whole_files_from_the_cache(project: Path, tmp_path: Path) -> None:
    layout = Layout(project)
    for index in range(3):
        _write_seed(layout.seeds, index)
    first = _files(build(layout, tmp_path / "first", jobs=1).folder)
    code = ("import sys; from pathlib import Path; from id_pubadmin.build import build; "
            "from id_pubadmin.layout import Layout; build(Layout(Path(sys.argv[1])), Path(sys.argv[2]), jobs=1); "
            "print(sorted(m for m in ('spacy', 'matplotlib') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(project), str(tmp_path / "again")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"  # the spaCy files and the charts came from the cache, unmade
    assert _files(tmp_path / "again") == first


def test_a_build_removes_from_the_cache_only_what_it_did_not_use(project: Path, tmp_path: Path) -> None:
    layout = Layout(project)
    seeds = [_write_seed(layout.seeds, index) for index in range(3)]
    build(layout, tmp_path / "first", jobs=1)
    entries = {folder: set(folder.rglob("*.pickle")) for folder in (layout.cache, layout.file_cache)}
    for path in set().union(*entries.values()):
        os.utime(path, (1000, 1000))  # used long ago: only this build's use keeps an entry
    foreign = layout.cache / "ab" / "notes.txt"
    foreign.parent.mkdir(exist_ok=True)
    foreign.write_text("not the cache's", encoding="utf-8")
    seeds[0].unlink()
    seed_metadata.metadata_path(seeds[0]).unlink()
    build(layout, tmp_path / "second", jobs=1)
    left = set(layout.cache.rglob("*.pickle"))
    assert len(left) == len(entries[layout.cache]) - 1 and left < entries[layout.cache]  # the removed seed's went
    files = set(layout.file_cache.rglob("*.pickle"))
    assert entries[layout.file_cache] - files  # the files holding the removed document went
    assert all(path.stat().st_mtime > 1000 for path in files)  # what is left was used by the second build
    assert foreign.read_text(encoding="utf-8") == "not the cache's"


def test_parallel_cached_and_sharded_builds_equal_a_cold_single_process_build(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layout = Layout(project)
    for index in range(12):
        _write_seed(layout.seeds, index)
    documents = len(seed_files.seed_paths(layout.seeds))  # the project's own seeds and these 12
    cold = build(layout, tmp_path / "cold", jobs=1, use_cache=False)
    assert not layout.cache.exists()
    parallel = build(layout, tmp_path / "parallel", jobs=2)
    assert len(list(layout.cache.rglob("*.pickle"))) == documents  # one entry per document
    cached = build(layout, tmp_path / "cached", jobs=2)
    expected = _files(cold.folder)
    assert {name.split("/")[1] for name in expected if name.startswith("exports/")} == set(FORMATS)
    assert _files(parallel.folder) == expected and _files(cached.folder) == expected  # exports included
    assert cached.summary.rows == cold.summary.rows and cached.annotated == cold.annotated

    _write_seed(layout.seeds, 12)
    build(layout, tmp_path / "one-more", jobs=2)
    assert len(list(layout.cache.rglob("*.pickle"))) == documents + 1  # only the new document was derived

    monkeypatch.setattr(parquet, "SHARD_BYTES", 1)  # every row group starts a new shard
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 5)
    monkeypatch.setattr(spacy_docbin, "DOCS_PER_FILE", 5)  # a split of more than 5 documents has several files
    sharded = build(layout, tmp_path / "sharded", jobs=1)
    shards = sorted(p.name for p in (sharded.folder / "sentences").iterdir())
    assert len(shards) > 3 and all(re.fullmatch(r"[a-z]+-\d{5}-of-\d{5}\.parquet", name) for name in shards)
    assert read_corpus(sharded.folder)[0] == read_corpus(tmp_path / "one-more")[0]
    manifest, problems = read_manifest(sharded.folder)
    assert problems == [] and manifest is not None and verify_files(sharded.folder, manifest) == []
    card = (sharded.folder / "README.md").read_text(encoding="utf-8")
    assert "path: sentences/train-*.parquet" in card
    _spacy_shards_hold_every_document(sharded.folder, tmp_path / "one-more", card)


def _spacy_shards_hold_every_document(sharded: Path, whole: Path, card: str) -> None:
    import spacy
    from spacy.tokens import DocBin

    exports = sharded / EXPORTS_FOLDER
    names = sorted(p.name for p in (exports / "spacy").iterdir())
    assert any(re.fullmatch(r"train-00001-of-\d{5}\.spacy", name) for name in names)
    assert all(re.fullmatch(r"[a-z]+(-\d{5}-of-\d{5})?\.spacy", name) for name in names)
    assert "`exports/spacy/train-*-of-*.spacy`" in card
    vocab = spacy.blank("xx").vocab
    ids = [doc.user_data["document_id"] for name in names
           for doc in DocBin().from_disk(exports / "spacy" / name).get_docs(vocab)]
    assert len(ids) == len(set(ids)) == sum(len(rows) for rows in read_corpus(sharded)[0]["documents"].values())
    def not_spacy(folder: Path) -> dict[str, bytes]:
        return {name: data for name, data in _files(folder).items() if not name.startswith("spacy/")}

    assert not_spacy(exports) == not_spacy(whole / EXPORTS_FOLDER)


def test_the_document_function_runs_unchanged_under_datasets_map(project: Path) -> None:
    import datasets

    seed = next(Layout(project).seeds.glob("*.txt"))
    items = [document_item(seed, [], [], False), document_item(_write_seed(Layout(project).seeds, 1), [], [], False)]
    mapped = datasets.Dataset.from_list(items).map(build_document, num_proc=2)
    for item, row in zip(items, mapped, strict=True):
        direct = build_document(item)
        assert {key: row[key] for key in direct} == direct and json.loads(direct["problems"]) == []


def test_bulk_add_seed_adds_the_good_files_and_reports_the_bad(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    good = [_write_seed(seeds, i, metadata=False) for i in range(3)]
    bad = seeds / "kabar-bad.txt"
    bad.write_text("no date field here ****", encoding="utf-8")
    none = add_seeds([seeds], "research only", all_or_nothing=True, seeds_dir=seeds)
    assert none.added == [] and [path for path, _ in none.refused] == [bad]
    assert not any(seed_metadata.metadata_path(p).exists() for p in good)
    result = subprocess.run([sys.executable, "-m", "id_pubadmin", "--root", str(tmp_path), "add-seed", str(seeds),
                             "--rights", "research"], capture_output=True, text=True)
    assert result.returncode == 1 and "seed-no-date" in result.stdout
    assert "added 3 seed(s); 1 refused" in result.stderr
    assert all(seed_metadata.metadata_path(p).exists() for p in good) and not seed_metadata.metadata_path(bad).exists()


def test_no_progress_bar_off_a_terminal(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "id_pubadmin", "--root", str(project), "build"],
                            capture_output=True, text=True, check=True)
    assert "doc/s" not in result.stderr and "%|" not in result.stderr
    quiet = subprocess.run([sys.executable, "-m", "id_pubadmin", "--root", str(project), "build", "--quiet"],
                           capture_output=True, text=True, check=True)
    assert quiet.stderr == ""


@pytest.mark.parametrize(("rows", "category"), [(1, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"),
                                                (26_000, "10K<n<100K"), (2_500_000, "1M<n<10M")])
def test_size_category_follows_the_rows(rows: int, category: str) -> None:
    assert size_category(rows) == category


def _two_exports(tmp_path: Path, relabel: bool, rename: bool) -> Layout:
    """A project of the mini corpus's document and a copy of it, each annotated in its own export.

    ``relabel`` gives the copy's ``kabar-id`` mentions another label; ``rename`` gives its regions
    new ids (else both exports use the same region ids).
    """
    rows = base_rows()
    document = rows["documents"]["train"][0]
    copy = {**document, "document_id": "kabar-002", "source_file": "kabar-002.txt"}
    suffix = "-b" if rename else ""
    entities = [{**e, "document_id": "kabar-002", "mention_id": e["mention_id"] + suffix,
                 "label": "GPE" if relabel and e["entity_id"] == "kabar-id" else e["label"]}
                for e in rows["entities"]["train"]]
    quotes = [{**q, "document_id": "kabar-002", "quote_id": q["quote_id"] + suffix} for q in rows["quotes"]["train"]]
    layout = make_project(tmp_path, {"documents": {"train": [document, copy]},
                                     "entities": {"train": rows["entities"]["train"] + entities},
                                     "quotes": {"train": rows["quotes"]["train"] + quotes}})
    export = layout.exports / "kabar.json"
    tasks = json.loads(export.read_text(encoding="utf-8"))
    for index, task in enumerate(tasks):
        (layout.exports / f"part-{index}.json").write_text(json.dumps([task]), encoding="utf-8")
    export.unlink()
    return layout


@pytest.mark.parametrize(("relabel", "rename", "code"), [(True, True, "entity-id-label-conflict"),
                                                         (False, False, "corpus-duplicate-id")])
def test_the_streamed_build_finds_what_only_the_whole_corpus_shows(
        tmp_path: Path, relabel: bool, rename: bool, code: str) -> None:
    layout = _two_exports(tmp_path / "project", relabel, rename)
    with pytest.raises(CorpusError) as streamed:
        build(layout, tmp_path / "out", jobs=2)
    with pytest.raises(CorpusError) as in_memory:
        derive(layout)
    assert {p.code for p in streamed.value.problems} == {p.code for p in in_memory.value.problems} == {code}
    assert not (tmp_path / "out").exists()
