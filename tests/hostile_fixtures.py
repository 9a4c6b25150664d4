"""Running the command line on hostile input, for the hostile-input tests.

Most cases run the command line in the test's process on a copy of the mini project (one seed, one
export, its built corpus). Cases that could exhaust time or memory run it in a subprocess that
reports its peak memory; the bounds are generous (MEMORY_MB, SECONDS) so that a busy machine does
not make them flaky, and far below what the defects they guard against took (minutes, gigabytes).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_fixtures import base_rows, make_project
from id_pubadmin.build import build
from id_pubadmin.cli import main
from id_pubadmin.core.errors import MAX_PROBLEMS_PER_FILE, CorpusError
from id_pubadmin.layout import Layout

__all__ = ["MAX_PROBLEMS_PER_FILE", "MEMORY_MB", "SECONDS", "built", "cli", "ids", "measured", "mini", "tree",
           "validate_and_build"]

MEMORY_MB = 800  # peak resident memory of one command; the imports alone take about 200 MB
SECONDS = 240  # wall time of one command; a hostile case used to take minutes to hours

# Peak memory of the command's own process image: VmHWM, since ru_maxrss keeps the forking parent's peak.
_MEASURED = """import pathlib, resource, sys
from id_pubadmin.cli import main
code = main(sys.argv[1:])
status = pathlib.Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
hwm = [line.split()[1] for line in lines if line.startswith("VmHWM")]
print("peak-kb", hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)"""


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    layout = make_project(tmp_path_factory.mktemp("hostile") / "project", base_rows())
    build(layout)
    return layout.root


@pytest.fixture()
def mini(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built mini project."""
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def tree(root: Path) -> dict[str, str]:
    """Every file (and link) under ``root`` with a checksum of its bytes or its link target."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """The command line run in this process: an exception would fail the test with its traceback."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def measured(*argv: str) -> tuple[Run, float, float]:
    """The command line run in a subprocess: the run, its peak memory in MB and its wall time in seconds."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *argv], capture_output=True, timeout=SECONDS * 2)
    seconds = time.monotonic() - started
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in err, err[-3000:]
    peak = [line for line in err.splitlines() if line.startswith("peak-kb ")]
    assert peak, err[-3000:]
    return Run(done.returncode, out, err), int(peak[-1].split()[1]) / 1024, seconds


def ids(run: Run) -> set[str]:
    """Error ids of a ``--format json`` report, which must be valid JSON that encodes as strict UTF-8."""
    run.out.encode("utf-8")
    return {record["code"] for record in json.loads(run.out)}


def validate_and_build(capsys: pytest.CaptureFixture[str], root: Path, *paths: str) -> set[str]:
    """Error ids that ``validate`` reports (as JSON) and that ``build`` reports, asserted equal; the
    build must leave the project as it was."""
    before = tree(root)
    started = time.monotonic()
    validated = cli(capsys, "--root", str(root), "validate", *paths, "--format", "json")
    assert validated.code == 1, validated
    try:
        build(Layout(root))
    except CorpusError as exc:
        built_ids = {p.code for p in exc.problems}
    else:
        built_ids = set()
    assert ids(validated) == built_ids
    assert time.monotonic() - started < SECONDS
    assert tree(root) == before, "nothing may be written or lost"
    assert not [p for p in root.iterdir() if p.name.startswith(".corpus.")]
    return built_ids
