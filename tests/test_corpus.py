"""The built corpus as a user meets it: load_dataset offline, declared Features, valid rows."""

from __future__ import annotations

from pathlib import Path

import datasets
import pytest
import yaml
from id_pubadmin.core import labels
from id_pubadmin.core.fields import CONFIGS, DEFAULT_CONFIG
from id_pubadmin.corpus.checks import check_rows
from id_pubadmin.corpus.features import features_of
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.corpus.schemas import validator_for

CONFIG_NAMES = [c.name for c in CONFIGS]


def _header(root: Path) -> dict:
    text = (root / "corpus" / "README.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_NAMES)
def test_load_dataset_gives_declared_features(root: Path, tmp_path: Path, config) -> None:
    loaded = datasets.load_dataset(str(root / "corpus"), config.name, cache_dir=str(tmp_path))
    assert set(loaded) <= set(labels.SPLITS) and len(loaded) > 0
    for split in loaded.values():
        assert split.features == features_of(config)
        assert split.num_rows > 0


def test_card_declares_configs_and_default(root: Path) -> None:
    header = _header(root)
    declared = {c["config_name"]: c for c in header["configs"]}
    assert list(declared) == CONFIG_NAMES
    assert [name for name, c in declared.items() if c.get("default")] == [DEFAULT_CONFIG]
    info = {c["config_name"]: c for c in header["dataset_info"]}
    for config in CONFIGS:
        assert datasets.Features._from_yaml_list(info[config.name]["features"]) == features_of(config)


def test_lists_of_structs_are_declared_with_list(root: Path) -> None:
    text = (root / "corpus" / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    assert "sequence:" not in text and "list:" in text


def test_every_row_matches_its_json_schema(root: Path) -> None:
    rows, problems = read_corpus(root / "corpus")
    assert not problems
    for config in CONFIGS:
        validator = validator_for(config)
        for split_rows in rows[config.name].values():
            for row in split_rows:
                validator.validate(row)


def test_offsets_ordering_coverage_and_overlap_hold(root: Path) -> None:
    rows, _ = read_corpus(root / "corpus")
    assert check_rows(rows, lambda config, split, index: f"{config}/{split}") == []
    documents = {d["document_id"]: d["text"] for split in rows["documents"].values() for d in split}
    for split in rows["sentences"].values():
        for sentence in split:
            text = documents[sentence["document_id"]]
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
            assert sentence["text"] == sentence["text"].strip()
            for token in sentence["tokens"]:
                assert text[token["start"]:token["end"]] == token["text"]
