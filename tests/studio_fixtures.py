"""A real Label Studio server on 127.0.0.1 for the tests that talk to it.

One server per test session (a cold start runs the database migrations, about a minute on two
cores) in a throwaway studio folder, so no state under ``.studio/`` is used or touched. Tests keep
apart by using their own project titles. The server is stopped even when tests fail.

Right after the first start, a copy of the empty, migrated database is kept (SQLite's online
backup), so that :func:`rebuild` can replay ``studio down --purge`` and ``up`` in seconds: a new
empty server whose ids start at 1 again.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from id_pubadmin.annotations.studio import server as studio_server

ROOT = Path(__file__).resolve().parent.parent
STUDIO_VENV = ROOT / ".venv-studio"


@pytest.fixture(scope="session")
def studio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("studio")


@pytest.fixture(scope="session")
def studio(studio_dir: Path) -> Iterator[studio_server.Server]:
    if not studio_server.studio_executable(STUDIO_VENV).exists():
        pytest.fail(f"Label Studio is not installed in {STUDIO_VENV}; run `id-pubadmin studio install`")
    started = time.monotonic()
    try:
        server = studio_server.up(studio_dir, STUDIO_VENV, progress=print)
        print(f"Label Studio cold start: {time.monotonic() - started:.1f} s")
        _keep_empty_database(studio_dir)
        yield server
    finally:
        studio_server.down(studio_dir, purge=True)


def _empty(studio_dir: Path) -> Path:
    return studio_dir.parent / f"{studio_dir.name}-empty"


def _keep_empty_database(studio_dir: Path) -> None:
    empty = _empty(studio_dir)
    shutil.copytree(studio_dir / "data", empty / "data", ignore=shutil.ignore_patterns("*.sqlite3*"))
    for database in (studio_dir / "data").glob("*.sqlite3"):
        with sqlite3.connect(database) as source, sqlite3.connect(empty / "data" / database.name) as copy:
            source.backup(copy)
    shutil.copyfile(studio_dir / "credentials.json", empty / "credentials.json")


def rebuild(studio_dir: Path) -> studio_server.Server:
    """``studio down --purge`` then ``up``: an empty server, from the database kept at the first start."""
    studio_server.down(studio_dir, purge=True)
    empty = _empty(studio_dir)
    shutil.copytree(empty / "data", studio_dir / "data")
    shutil.copyfile(empty / "credentials.json", studio_dir / "credentials.json")
    return studio_server.up(studio_dir, STUDIO_VENV)
