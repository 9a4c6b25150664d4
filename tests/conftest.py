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
