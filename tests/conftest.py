"""Test set-up shared by every test: an isolated Hugging Face cache and the project's paths."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_HF_HOME = Path(tempfile.mkdtemp(prefix="id-pubadmin-hf-"))


def pytest_configure(config: pytest.Config) -> None:
    """Point every Hugging Face cache at a throwaway folder before ``datasets`` is imported."""
    os.environ["HF_HOME"] = str(_HF_HOME)
    os.environ["HF_DATASETS_CACHE"] = str(_HF_HOME / "datasets")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.chdir(ROOT)  # tests and examples name project files relative to the project folder


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_HF_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs (seeds, annotations, card, version, licence, corpus) to break freely."""
    for name in ("seeds", "annotations", "corpus"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("DATASET_CARD.md", "pyproject.toml", "LICENSE-DATA.md", "CHANGELOG.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


# The committed first seed. A seed is never edited, so a test may rely on its text; it must not rely
# on it being the only seed, or on how many seeds, documents or releases the project holds.
FIRST_SEED = "000_13a1a3eb3f5c1738"


def edit_seed(path: Path) -> None:
    """Change a seed's text after its metadata was written: a sentence added before its end mark."""
    raw = path.read_bytes()
    end = raw.rstrip().rindex(b"****")
    path.write_bytes(raw[:end] + "Kalimat tambahan.".encode("utf-8") + b" " + raw[end:])


def first_seed_project(folder: Path) -> Path:
    """A project holding only the first seed and its annotations, whatever else the checkout holds."""
    import json

    (folder / "seeds").mkdir(parents=True)
    for suffix in (".txt", ".json"):
        shutil.copy(ROOT / "seeds" / f"{FIRST_SEED}{suffix}", folder / "seeds")
    (folder / "annotations" / "exports").mkdir(parents=True)
    shutil.copy(ROOT / "annotations" / "label_config.xml", folder / "annotations")
    if (ROOT / "annotations" / "entities.jsonl").exists():  # the entity registry (entries of other documents too)
        shutil.copy(ROOT / "annotations" / "entities.jsonl", folder / "annotations")
    for export in sorted((ROOT / "annotations" / "exports").glob("*.json")):
        tasks = [task for task in json.loads(export.read_text(encoding="utf-8"))
                 if task["data"]["document_id"] == FIRST_SEED]
        if tasks:
            (folder / "annotations" / "exports" / export.name).write_text(
                json.dumps(tasks, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("DATASET_CARD.md", "pyproject.toml", "LICENSE-DATA.md", "CHANGELOG.md"):
        shutil.copy(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def first_seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built from the first seed alone, made once per run; read it, never change it."""
    from id_pubadmin.build import build
    from id_pubadmin.layout import Layout

    folder = first_seed_project(tmp_path_factory.mktemp("first-seed") / "project")
    return build(Layout(folder)).folder
