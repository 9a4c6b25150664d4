"""The build lock: what the last successful build into each output folder was made from, and what it left there.

As weasel's ``project.lock`` does for a project's commands, a successful build records the code
version, the sha256 of every input file and the size and modification time (ns) of every file in
its output folder. A build asked to skip an unchanged project compares that record with the present
state: the same code and inputs make the same files, and a rewritten, missing or extra output file
changes its sizes and times, so taking them is cheap and the comparison is sure. The lock lives in
the project's ``.cache/``, never in the corpus; one that cannot be read counts as none.

Builds of one project run one at a time: :func:`one_at_a_time` holds an exclusive lock on a file
beside it from before a build reads anything until it is done, so a second build started meanwhile
waits for the first (and says so) instead of reading inputs and a cache the first is changing.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .atomic import write_text
from .outputs import OutputRefused, refuse_non_regular

State = dict[str, Any]  # {"code": version, "inputs": {path: sha256}, "outputs": {path: [bytes, mtime_ns]}}


def output_state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time (ns) of every file in ``folder``, by path relative to it."""
    found = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        status = path.lstat()
        if not stat.S_ISDIR(status.st_mode):
            found[path.relative_to(folder).as_posix()] = [status.st_size, status.st_mtime_ns]
    return found


def build_state(code: str, inputs: dict[str, str], folder: Path) -> State:
    """The state of a build: its code version, its inputs' sha256 and what its output ``folder`` holds now."""
    return {"code": code, "inputs": inputs, "outputs": output_state(folder)}


def _entries(lock: Path) -> dict[str, State]:
    try:
        entries = json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or not JSON: no record
        return {}
    return entries if isinstance(entries, dict) else {}


def _key(folder: Path) -> str:
    return str(folder.resolve())


def unchanged(lock: Path, folder: Path, code: str, inputs: dict[str, str]) -> bool:
    """Whether the last build into ``folder`` was made from this code and these inputs and left it as it is now."""
    return _entries(lock).get(_key(folder)) == build_state(code, inputs, folder)


def record(lock: Path, folder: Path, state: State) -> None:
    """Keep the state a build left ``folder`` in, dropping the records of folders that are gone."""
    entries = {key: value for key, value in _entries(lock).items() if Path(key).is_dir()}
    entries[_key(folder)] = state
    try:
        write_text(lock, json.dumps(entries, indent=1, sort_keys=True) + "\n")
    except OSError:  # the lock only saves work: without it the next build builds
        pass


@contextmanager
def one_at_a_time(path: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (made if missing, never through a link) while the block runs;
    while another process holds it, say so through ``waiting`` and wait. The system frees the lock of a
    process that dies, so a killed build never blocks the next."""
    path.parent.mkdir(parents=True, exist_ok=True)
    refuse_non_regular(path)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputRefused(f"{path} is a symbolic link; it is never written through", path=path) from None
        raise
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"another build of this project is running (it holds {path}); waiting for it to finish")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
