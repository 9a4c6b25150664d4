"""A build killed at any moment leaves the previous corpus or the new one, whole and sound; never none."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from id_pubadmin.build import build
from id_pubadmin.core.atomic import recover, staging_folder
from id_pubadmin.corpus.checks import check_rows
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.layout import Layout
from id_pubadmin.seeds import seed_files, seed_metadata
from id_pubadmin.validate import validate_corpus

KILLS = 6  # builds killed, at moments spread over the write and swap
WRITE_WINDOW = 0.5  # seconds from the build's "write:" progress line to its end (about 0.4 here)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".corpus"))


def _add_seed(layout: Layout) -> None:
    path = layout.seeds / "kabar-004.txt"
    path.write_text("date 2023-01 KABAR.ID, SUKAMAJU - Pemkab Sukamaju membuka layanan baru. Warga senang. ****",
                    encoding="utf-8")
    metadata = seed_metadata.metadata_for(seed_files.parse_seed(path), "test text written for the tests")
    seed_metadata.metadata_path(path).write_text(json.dumps(metadata), encoding="utf-8")


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def _kill_build_at(root: Path, delay: float) -> None:
    """Start a build and SIGKILL it ``delay`` seconds after it starts writing (or when it ends)."""
    process = subprocess.Popen([sys.executable, "-m", "id_pubadmin", "--root", str(root), "build"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("[build] write:"):
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_killed_builds_leave_the_old_or_the_new_corpus(project: Path, tmp_path: Path) -> None:
    layout = Layout(project)
    build(layout)
    old = _files(layout.corpus)
    _add_seed(layout)
    build(layout, tmp_path / "new")
    new = _files(tmp_path / "new")
    assert old != new

    rng = random.Random(20221109)
    seen = set()
    for kill in range(KILLS):
        delay = WRITE_WINDOW * (kill + rng.random()) / KILLS
        _kill_build_at(project, delay)
        assert layout.corpus.is_dir(), f"corpus/ missing after a kill {delay:.3f} s into writing"
        state = _files(layout.corpus)
        assert state in (old, new), f"a kill {delay:.3f} s into writing left a mixed corpus"
        seen.add("new" if state == new else "old")
        rows, problems = read_corpus(layout.corpus)
        assert problems == [] and check_rows(rows, lambda *_: "corpus") == []
        if state == new:
            assert validate_corpus(layout) == []
    print(f"states after {KILLS} killed builds: {sorted(seen)}")

    build(layout)
    assert _files(layout.corpus) == new
    assert _leftovers(project) == []
    assert validate_corpus(layout) == []


def test_build_removes_stale_staging_but_not_a_running_builds(project: Path) -> None:
    layout = Layout(project)
    stale = project / f".corpus.building-{_dead_pid()}-abc"
    (stale / "documents").mkdir(parents=True)
    (stale / "documents" / "test.parquet").write_bytes(b"half written")
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = project / f".corpus.building-{running.pid}-def"
        live.mkdir()
        build(layout)
        assert _leftovers(project) == [live.name]
    finally:
        running.kill()
        running.wait()
    recover(layout.corpus)
    assert _leftovers(project) == []


def test_a_swap_killed_halfway_gets_the_old_corpus_back(project: Path) -> None:
    """Where folders cannot be exchanged in one step, the old one is renamed first: the riskiest moment."""
    layout = Layout(project)
    before = _files(layout.corpus)
    staging = staging_folder(layout.corpus)
    (staging / "half").write_text("new corpus being written", encoding="utf-8")
    layout.corpus.rename(project / f".corpus.old-{_dead_pid()}")
    assert not layout.corpus.exists()
    recover(layout.corpus)
    assert _files(layout.corpus) == before
    assert _leftovers(project) == []

