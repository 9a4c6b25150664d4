"""A small annotated project, independent of the real corpus's annotations.

Two seeds: ``kabar-001`` with the entity and quote annotations of the valid export fixture (in
``train``), and ``kabar-003`` without annotations (in ``test``), so that every config has rows
and some configs have several split files. The card, labelling config, licence and
``pyproject.toml`` are the project's own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from id_pubadmin import seeds
from id_pubadmin.build import Layout, build

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "tests" / "fixtures" / "valid" / "export" / "kabar.json"
UNANNOTATED = ("kabar-003", "KABAR.ID, SUKAMAJU - Kantor kecamatan baru dibuka hari ini.\n\nWarga menyambutnya.")


def _seed(folder: Path, document_id: str, text: str) -> None:
    path = folder / "seeds" / f"{document_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"date 2022-11 {text} ****", encoding="utf-8")
    metadata = seeds.metadata_for(seeds.parse_seed(path), "test text written for the tests")
    seeds.metadata_path(path).write_text(json.dumps(metadata, indent=2), encoding="utf-8")


def make_annotated_project(folder: Path) -> Layout:
    """Write the project into ``folder`` and build its corpus."""
    tasks = [t for t in json.loads(EXPORT.read_text(encoding="utf-8")) if t["data"]["document_id"] == "kabar-001"]
    _seed(folder, "kabar-001", tasks[0]["data"]["text"])
    _seed(folder, *UNANNOTATED)
    exports = folder / "annotations" / "exports"
    exports.mkdir(parents=True)
    (exports / "kabar.json").write_text(json.dumps(tasks, indent=1), encoding="utf-8")
    shutil.copy(ROOT / "annotations" / "label_config.xml", folder / "annotations")
    for name in ("DATASET_CARD.md", "pyproject.toml", "LICENSE-DATA.md"):
        shutil.copy(ROOT / name, folder / name)
    layout = Layout(folder)
    build(layout)
    return layout


def relabel_first_entity(layout: Layout, label: str) -> None:
    """Change one annotation: the label of the export's first entity region."""
    path = layout.exports / "kabar.json"
    tasks = json.loads(path.read_text(encoding="utf-8"))
    region = next(r for r in tasks[0]["annotations"][0]["result"] if r["from_name"] == "entity")
    region["value"]["labels"] = [label]
    path.write_text(json.dumps(tasks, indent=1), encoding="utf-8")


@pytest.fixture()
def annotated(tmp_path: Path) -> Layout:
    return make_annotated_project(tmp_path / "project")
