"""croissant.json is valid Croissant 1.0, and mlcroissant reads the same records as load_dataset."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import datasets
import mlcroissant
import pytest
from id_pubadmin.core.fields import CONFIGS, config
from id_pubadmin.layout import Layout
from id_pubadmin.release.croissant import CONFORMS_TO, CROISSANT_NAME, has_record_set, names_id
from release_fixtures import annotated  # noqa: F401  (pytest fixture)

MLCROISSANT = Path(sys.executable).parent / "mlcroissant"
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated", "ignore:The inplace keyword")


def _validate(corpus: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MLCROISSANT), "validate", "--jsonld", str(corpus / CROISSANT_NAME)],
                          capture_output=True, text=True)


def _plain(value: Any) -> Any:
    """An mlcroissant value as load_dataset gives it: text decoded, field ids shortened, empty structs null."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        plain = {key.rsplit("/", 1)[-1]: _plain(item) for key, item in value.items()}
        return None if all(item is None for item in plain.values()) else plain
    return value


def _records_by_split(corpus: Path, record_set: str) -> dict[str, list[dict[str, Any]]]:
    dataset = mlcroissant.Dataset(jsonld=str(corpus / CROISSANT_NAME))
    by_split: dict[str, list[dict[str, Any]]] = {}
    for record in dataset.records(record_set):
        row = {key.rsplit("/", 1)[-1]: _plain(value) for key, value in record.items()}
        by_split.setdefault(row.pop("split"), []).append(row)
    return by_split


def _same_records_as_load_dataset(corpus: Path, cache: Path) -> None:
    described = json.loads((corpus / CROISSANT_NAME).read_text(encoding="utf-8"))
    record_sets = {r["@id"] for r in described["recordSet"]}
    for config in CONFIGS:
        if config.name not in record_sets:
            continue
        loaded = datasets.load_dataset(str(corpus), config.name, cache_dir=str(cache))
        expected = {split: list(rows) for split, rows in loaded.items()}
        assert _records_by_split(corpus, config.name) == expected, config.name
        for field in config.fields:
            class_label = loaded[next(iter(loaded))].features[field.name]
            class_label = getattr(class_label, "feature", class_label)
            if isinstance(class_label, datasets.ClassLabel):
                names = mlcroissant.Dataset(jsonld=str(corpus / CROISSANT_NAME)).records(names_id(config, field))
                assert [_plain(r[f"{names_id(config, field)}/name"]) for r in names] == class_label.names


def test_croissant_validates(root: Path) -> None:
    result = _validate(root / "corpus")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "error" not in result.stderr.lower()


def test_croissant_metadata(root: Path) -> None:
    corpus = root / "corpus"
    described = json.loads((corpus / CROISSANT_NAME).read_text(encoding="utf-8"))
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    assert described["conformsTo"] == CONFORMS_TO
    assert described["version"] == manifest["version"] and described["version"] in described["citeAs"]
    assert "https://creativecommons.org/licenses/by/4.0/" in described["license"]
    files = [d for d in described["distribution"] if d["@type"] == "cr:FileObject"]
    listed = {name: entry for name, entry in manifest["files"].items()
              if name.endswith(".parquet") or name.startswith("exports/")}
    assert {f["contentUrl"]: f["sha256"] for f in files} == {name: e["sha256"] for name, e in listed.items()}
    for file in files:
        assert hashlib.sha256((corpus / file["contentUrl"]).read_bytes()).hexdigest() == file["sha256"]


def test_mlcroissant_reads_what_load_dataset_reads(root: Path, tmp_path: Path) -> None:
    _same_records_as_load_dataset(root / "corpus", tmp_path)


def test_every_config_and_several_splits_read_alike(annotated: Layout, tmp_path: Path) -> None:
    assert _validate(annotated.corpus).returncode == 0
    described = json.loads((annotated.corpus / CROISSANT_NAME).read_text(encoding="utf-8"))
    assert {c.name for c in CONFIGS if has_record_set(c)} <= {r["@id"] for r in described["recordSet"]}
    assert not has_record_set(config("kb"))  # its [start, end] offsets nest lists: listed as files only
    _same_records_as_load_dataset(annotated.corpus, tmp_path)


def test_a_broken_description_fails_validation(root: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (root / "corpus" / CROISSANT_NAME).read_text(encoding="utf-8")
    (corpus / CROISSANT_NAME).write_text(text.replace('"sc:Integer"', '"sc:Integr"'), encoding="utf-8")
    result = _validate(corpus)
    assert result.returncode == 1 and "dataType" in result.stderr


def test_the_splits_with_rows_are_enumerated(root: Path) -> None:
    from id_pubadmin.core.labels import SPLITS

    records = mlcroissant.Dataset(jsonld=str(root / "corpus" / CROISSANT_NAME)).records("splits")
    with_rows = [split for split in SPLITS if list((root / "corpus" / "documents").glob(f"{split}*.parquet"))]
    assert with_rows and [_plain(r["splits/name"]) for r in records] == with_rows
