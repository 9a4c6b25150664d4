"""Opening files to write without writing through or over what the project did not make.

A writer never follows a symbolic link planted where it writes, never replaces a FIFO, device,
folder or link with a file (a link to ``/proc/self/fd/1`` would send the file to the terminal),
and never writes into the project's inputs (seeds, annotation exports, labelling config).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO


class OutputRefused(Exception):
    """Writing to the requested place could destroy something the project did not make; nothing was written."""


_KINDS = ((stat.S_ISLNK, "symbolic link"), (stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO"),
          (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device"))


def refuse_non_regular(path: Path) -> None:
    """Raise OutputRefused when something other than a regular file is at ``path`` (a link is not followed)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    kind = next((name for test, name in _KINDS if test(mode)), None if stat.S_ISREG(mode) else "special file")
    if kind is not None:
        raise OutputRefused(f"{path} is a {kind}, not a regular file; it is never written through or replaced")


def open_for_writing(path: Path) -> BinaryIO:
    """``path`` opened to be written from its start: created, or a regular file truncated; never through a
    link (``O_NOFOLLOW``) and never a FIFO or device (checked on the open descriptor)."""
    refuse_non_regular(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
            raise OutputRefused(f"{path} is not a regular file; it is never written through or replaced") from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OutputRefused(f"{path} is not a regular file; it is never written through or replaced")
    os.set_blocking(descriptor, True)
    os.ftruncate(descriptor, 0)
    return os.fdopen(descriptor, "wb")


def refuse_inputs(path: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputRefused when ``path`` is, or lies inside, one of the project's ``inputs`` folders or files."""
    real = path.resolve()
    for folder in inputs:
        held = folder.resolve()
        if real == held or held in real.parents:
            raise OutputRefused(f"{path} lies in {folder}, an input of the project that commands only read")


def check_replaceable(path: Path, made_here: Callable[[Path], bool], inputs: Iterable[Path] = ()) -> None:
    """Raise OutputRefused unless writing ``path`` can only create a file or replace one the project made:
    not an input, not a link or special file, and, if it exists, a file ``made_here`` recognises."""
    refuse_inputs(path, inputs)
    refuse_non_regular(path)
    if path.exists() and not made_here(path):
        raise OutputRefused(f"{path} exists and was not made by this command; give a new file name, or delete it "
                            "yourself if it may go")
