"""Replacing a file or a whole folder so that readers see the old state or the new, never a mix.

A folder is written into a staging folder beside it and swapped in. A process killed midway leaves
at most a staging folder (``.<name>.building-<pid>-*``) or, where the system cannot swap two
folders in one step, the previous folder renamed (``.<name>.old-<pid>``); :func:`recover` deletes
the first and puts the second back, so the folder is never lost.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import shutil
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _sync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` to disk, so a swap never exposes unwritten data."""
    for path in [*sorted(folder.rglob("*")), folder]:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def replace_folder(new: Path, target: Path) -> None:
    """Put folder ``new`` in place of ``target`` and delete the old contents."""
    _sync_tree(new)
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old)


def staging_folder(target: Path) -> Path:
    """An empty folder beside ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
    folder.chmod(0o755)
    return folder


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Clean up after a process killed while replacing ``target``: put a lost ``target`` back, delete stale staging.

    Leftovers of processes still running are left alone.
    """
    for kind in ("old", "building"):
        prefix = f".{target.name}.{kind}-"
        for leftover in sorted(target.parent.glob(f"{glob.escape(prefix)}*")):
            pid = leftover.name[len(prefix):].split("-")[0]
            if not pid.isdigit() or (int(pid) != os.getpid() and _running(int(pid))):
                continue
            if kind == "old" and not target.exists():
                leftover.rename(target)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Write a text file through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.chmod(temporary, 0o644)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)  # not mkstemp's 0o600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
