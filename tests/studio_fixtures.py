"""A real Label Studio server on 127.0.0.1 for the tests that talk to it.

One server per test session (a cold start runs the database migrations, about a minute on two
cores) in a throwaway studio folder, so no state under ``.studio/`` is used or touched. Tests keep
apart by using their own project titles. The server is stopped even when tests fail.
"""

from __future__ import annotations

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
        yield server
    finally:
        studio_server.down(studio_dir, purge=True)
