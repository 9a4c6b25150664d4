"""A small annotated project, independent of the real corpus's annotations, and the release fixtures.

Two seeds: ``kabar-001`` with the entity and quote annotations of the valid export fixture (in
``train``), and ``kabar-003`` without annotations (in ``test``), so that every config has rows
and some configs have several split files. The card, labelling config, licence and
``pyproject.toml`` are the project's own. The invalid fixtures of the release checks
(``fixtures/invalid/release/*.json``, described in their README) change that project once it is
released as 0.1.0.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from id_pubadmin.build import build
from id_pubadmin.core.errors import CorpusError, Problem
from id_pubadmin.core.version import set_project_version
from id_pubadmin.layout import Layout
from id_pubadmin.publish import cut_release, unreleased_changes
from id_pubadmin.release.history import verify_corpus
from id_pubadmin.seeds import seed_files, seed_metadata

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "tests" / "fixtures" / "valid" / "export" / "kabar.json"
UNANNOTATED = ("kabar-003", "KABAR.ID, SUKAMAJU - Kantor kecamatan baru dibuka hari ini.\n\nWarga menyambutnya.")


def _seed(folder: Path, document_id: str, text: str) -> None:
    path = folder / "seeds" / f"{document_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"date 2022-11 {text} ****", encoding="utf-8")
    metadata = seed_metadata.metadata_for(seed_files.parse_seed(path), "test text written for the tests")
    seed_metadata.metadata_path(path).write_text(json.dumps(metadata, indent=2), encoding="utf-8")


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


@functools.cache
def _released_project() -> Path:
    """The annotated project released as 0.1.0, made once per test run."""
    folder = Path(tempfile.mkdtemp(prefix="id-pubadmin-released-"))
    atexit.register(shutil.rmtree, folder, True)
    layout = make_annotated_project(folder / "project")
    cut_release(layout, "0.1.0", "2026-01-31")
    return layout.root


def release_fixture_problems(path: Path, tmp_path: Path) -> list[Problem]:
    """What the check a release fixture names finds, once its changes are made to the released project."""
    fixture = json.loads(path.read_text(encoding="utf-8"))
    layout = Layout(tmp_path / "released")
    shutil.copytree(_released_project(), layout.root)
    for name, text in fixture.get("write", {}).items():
        (layout.root / name).write_text(text, encoding="utf-8")
    for name in fixture.get("delete", []):
        (layout.root / name).unlink()
    if "version" in fixture:
        set_project_version(layout.root, fixture["version"])
    if "relabel" in fixture:
        relabel_first_entity(layout, fixture["relabel"])
    try:
        if fixture["check"] == "verify":
            return verify_corpus(layout.corpus)
        if fixture["check"] == "status":
            return unreleased_changes(layout)
        cut_release(layout, fixture["release"], fixture.get("date", "2026-02-01"))
    except CorpusError as exc:
        return exc.problems
    return []
