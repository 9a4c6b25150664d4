"""Replacing a file or a whole folder so that readers see the old state or the new, never a mix.

A folder is written into a staging folder beside it and swapped in. A process killed midway leaves
at most a staging folder (``.<name>.building-<pid>-*``) or, where the system cannot swap two
folders in one step, the previous folder renamed (``.<name>.old-<pid>``); :func:`recover` deletes
the first and puts the second back, so the folder is never lost. Before anything is written,
:func:`check_output` refuses a folder that replacing could destroy by mistake: the project, its
inputs, a link, a non-empty folder the project did not make, or one whose old copy could not be
removed after the swap.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .outputs import OUTPUT_IN_PROJECT, OUTPUT_IS_INPUT, OUTPUT_LINK, OutputRefused, refuse_non_regular

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
        remove(new)  # the old copy; what cannot be deleted now, recover() deletes next time
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    new.rename(target)
    remove(old)


def check_output(target: Path, root: Path, inputs: Iterable[Path], made_here: Callable[[Path], bool]) -> None:
    """Raise OutputRefused unless replacing ``target`` can only replace a folder the project made.

    ``target`` must not be the project ``root`` or a folder above it, nor be, hold or lie inside
    one of the ``inputs`` folders; an existing non-empty ``target`` must be one that ``made_here``
    recognises; and every folder in it must be writable, so that the swap cannot succeed and then
    fail to remove the old copy.
    """
    if target.is_symlink():
        raise OutputRefused(f"{target} is a symbolic link; give the folder it points to, or another folder",
                            OUTPUT_LINK, target)
    real = target.resolve()
    if real == root.resolve() or real in root.resolve().parents:
        raise OutputRefused(f"{target} is the project folder or holds it; the build never replaces it",
                            OUTPUT_IN_PROJECT, target)
    for folder in map(Path.resolve, inputs):
        if real == folder or real in folder.parents or folder in real.parents:
            raise OutputRefused(f"{target} is, holds or lies inside {folder}, which the build only reads",
                                OUTPUT_IS_INPUT, target)
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"{target} is not a folder", path=target)
    if target.is_dir() and any(target.iterdir()) and not made_here(target):
        raise OutputRefused(f"{target} is a non-empty folder that is not a corpus the build wrote "
                            "(no MANIFEST.json of this dataset); give a new or empty folder", path=target)
    parent = next(folder for folder in real.parents if folder.exists())
    stuck = [path for path in [parent, *([real] if real.is_dir() else []), *_subfolders(real)]
             if not os.access(path, os.W_OK | os.X_OK)]
    if stuck:
        raise OutputRefused(f"{stuck[0]} is not writable, so the old copy could not be replaced", path=stuck[0])


def _subfolders(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_dir() and not path.is_symlink()] if folder.is_dir() else []


def remove(path: Path) -> None:
    """Delete a file, a symbolic link or a folder tree, whichever ``path`` is; ignore what cannot be deleted."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


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
            if kind == "building" or leftover.is_symlink() or target.exists():
                remove(leftover)  # stale staging, or an old copy no longer needed (or never ours: a link)
            elif not target.is_symlink():
                leftover.rename(target)


def write_text(path: Path, text: str, before_replace: Callable[[], None] | None = None) -> None:
    """Write a text file through a temporary file and a rename; ``before_replace`` runs once the
    new file is complete, just before it replaces the old one (e.g. to back the old one up).
    OutputRefused where a link, folder or special file is in the way (it is never replaced by a file)."""
    write_lines(path, [text], before_replace)


def write_lines(path: Path, pieces: Iterable[str], before_replace: Callable[[], None] | None = None) -> None:
    """:func:`write_text` of the concatenated ``pieces``, written as they come (never all in memory)."""
    refuse_non_regular(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.chmod(temporary, 0o644)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            for piece in pieces:
                stream.write(piece)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)  # not mkstemp's 0o600
        if before_replace is not None:
            before_replace()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
