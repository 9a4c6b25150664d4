"""Builds that meet dying workers, damaged caches and inputs changing under them: each stops with one
line or carries on, never hangs and never ends in a traceback; the previous corpus stays intact."""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_fixtures import base_rows, make_project
from hostile_fixtures import built, cli, mini, tree
from id_pubadmin.build import build
from id_pubadmin.core.errors import Interrupted
from id_pubadmin.layout import Layout
from id_pubadmin.seeds import seed_metadata

__all__ = ["built", "mini"]  # fixtures

SENTENCE = " Bupati Ipuk hadir di kantor LAN pada Senin, kata warga “Kami siap,” ujarnya."


def _add_long_seeds(root: Path, count: int, characters: int) -> list[str]:
    """Seeds of about ``characters`` characters each (a few seconds of work apiece); their document ids."""
    seed = next((root / "seeds").glob("*.txt"))
    raw = seed.read_text(encoding="utf-8")
    text = raw[:raw.rindex("****")] + SENTENCE * (characters // len(SENTENCE)) + " ****"
    names = []
    for number in range(count):
        path = root / "seeds" / f"long-{number:03d}.txt"
        path.write_text(text, encoding="utf-8")
        seed_metadata.write_metadata(path, "test rights")
        names.append(path.stem)
    return names


def _workers(pid: int) -> list[int]:
    """Child processes of ``pid`` forked from it (the same command line)."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid \
                    and (entry / "cmdline").read_bytes() == command:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs /proc and two cores")
def test_a_killed_worker_fails_the_build_within_seconds(mini: Path) -> None:
    names = _add_long_seeds(mini, 4, 400_000)
    before = tree(mini / "corpus")
    build = subprocess.Popen([sys.executable, "-m", "id_pubadmin", "--root", str(mini), "build", "--jobs", "2",
                              "--no-cache", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _workers(build.pid)) < 2 and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
        assert len(workers) >= 2, "the build never started its workers"
        time.sleep(1.0)  # both are deriving a long document now
        os.kill(workers[0], signal.SIGKILL)
        killed = time.monotonic()
        out, err = build.communicate(timeout=30)
        seconds = time.monotonic() - killed
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    message = err.decode("utf-8")
    assert build.returncode == 1 and seconds < 10, (build.returncode, seconds, message)
    assert "Traceback" not in message and len(message.strip().splitlines()) == 1, message
    assert "worker process died" in message and any(name in message for name in names)
    assert tree(mini / "corpus") == before


def test_jobs_are_capped_at_the_documents_and_cores(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "--root", str(mini), "build", "--rebuild", "--jobs", "10000")
    assert run.code == 0, run
    assert "--jobs 10000: using 1 process(es)" in run.err
    quiet_default = cli(capsys, "--root", str(mini), "build", "--rebuild", "--jobs", "1")
    assert quiet_default.code == 0 and "using" not in quiet_default.err


@pytest.mark.parametrize("entry", [[1, 2], {"document_id": "x"}, {"file": "not bytes"}, "text", None],
                         ids=["a-list", "a-dict-missing-keys", "a-str-for-bytes", "a-str", "none"])
def test_a_cache_entry_of_the_wrong_shape_is_a_miss_logged_once(mini: Path, capsys: pytest.CaptureFixture[str],
                                                                caplog: pytest.LogCaptureFixture,
                                                                entry: object) -> None:
    before = tree(mini / "corpus")
    entries = sorted((mini / ".cache").rglob("*.pickle"))
    assert len(entries) >= 2  # documents and files made whole from them
    for path in entries:
        payload = pickle.dumps(entry)
        path.write_bytes(hashlib.sha256(payload).digest() + payload)  # a sound entry of the wrong shape
    for wrong in (len({path.parent.parent for path in entries}), 0):  # once per cache folder; then made afresh
        caplog.clear()
        run = cli(capsys, "--root", str(mini), "build", "--rebuild")
        assert run.code == 0 and "Traceback" not in run.err, run
        assert tree(mini / "corpus") == before
        assert sum("a cache entry of the wrong shape" in record.getMessage() for record in caplog.records) == wrong
    assert all(isinstance(pickle.loads(path.read_bytes()[32:]), dict) for path in (mini / ".cache").rglob("*.pickle"))


def test_a_cache_entry_changed_after_it_was_written_is_a_miss(mini: Path, capsys: pytest.CaptureFixture[str],
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """One entity tag changed in a cached CoNLL-U piece (the entry's content hash left as it was): the build makes
    the document afresh, and its exports stay what the rows say."""
    before = tree(mini / "corpus")
    for path in sorted((mini / ".cache" / "documents").rglob("*.pickle")):
        data = path.read_bytes()
        changed = data.replace(b"NE=B-PERSON", b"NE=I-PERSON", 1)  # same length: still a sound pickle
        assert changed != data
        path.write_bytes(changed)
    run = cli(capsys, "--root", str(mini), "build", "--rebuild")
    assert run.code == 0 and tree(mini / "corpus") == before
    assert any("changed since it was written" in record.getMessage() for record in caplog.records)


def test_a_seed_added_while_the_build_runs_stops_it_with_one_line(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(mini / "corpus")
    seed = next((mini / "seeds").glob("*.txt"))

    def add_a_seed(step: str) -> None:  # the build announces each step before it runs it
        if step.startswith("write:"):
            late = mini / "seeds" / "late-001.txt"
            late.write_bytes(seed.read_bytes())
            seed_metadata.write_metadata(late, "test rights")

    with pytest.raises(Interrupted) as stopped:
        build(Layout(mini), progress=add_a_seed, use_cache=False)
    message = str(stopped.value)
    assert "seeds/late-001" in message and "while the build ran" in message and "\n" not in message
    assert tree(mini / "corpus") == before
    assert not [p for p in mini.iterdir() if p.name.startswith(".corpus.")]


def test_workers_never_wait_on_the_names_of_what_they_start() -> None:
    """Workers say which tasks they start through a pipe; read as results come, it never fills up and
    stops them, however many tasks (5 MB of names here, where a pipe holds 64 kB)."""
    program = ("from id_pubadmin.core.workers import in_processes\n"
               "names = [f'{i:06d}' * 170 for i in range(5000)]\n"
               "print(sum(in_processes(len, ((name, name) for name in names), 2, 128)))")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) == 5000 * 6 * 170


def test_a_link_planted_as_the_build_lock_is_refused_before_anything_is_written(
        mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    lock = mini / ".cache" / "build.lock"
    lock.unlink()
    lock.symlink_to(victim)
    before = tree(mini / "corpus")
    run = cli(capsys, "--root", str(mini), "build", "--rebuild")
    assert run.code == 2 and "symbolic link" in run.err and "nothing was written" in run.err
    assert victim.read_text(encoding="utf-8") == "precious" and tree(mini / "corpus") == before


def test_a_second_build_waits_for_the_first_saying_so(mini: Path, tmp_path: Path) -> None:
    """A build started while another holds the project's build lock reads nothing until that one ends, then builds."""
    import fcntl

    layout, said = Layout(mini), tmp_path / "stderr.txt"
    with layout.running.open("a") as held, said.open("w") as stderr:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = subprocess.Popen([sys.executable, "-m", "id_pubadmin", "--root", str(mini), "build", "--rebuild",
                                   "--quiet"], stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 60
            while "waiting for it to finish" not in said.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)
            assert second.poll() is None, said.read_text()  # still waiting
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        second.wait(timeout=120)
    err = said.read_text()
    assert second.returncode == 0, err
    assert "another build of this project is running" in err and "changed while the build ran" not in err
