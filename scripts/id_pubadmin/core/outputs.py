"""The one rule of every command's outputs, and opening files to write without writing through links.

An output path may not be a symbolic link, something the same command reads (or a folder holding
or inside it), nor lie inside ``seeds/``, ``annotations/`` or ``corpus/`` of a project, or be one of
its project files, unless the command owns that folder (the build owns ``corpus/``); an existing
file it replaces must be one the command made. :func:`guard_output` checks all of it before the
command reads anything, so a refusal writes nothing. A writer never follows a symbolic link planted
where it writes, never replaces a FIFO, device, folder or link with a file (a link to
``/proc/self/fd/1`` would send the file to the terminal). Outputs are written under a temporary
name and renamed, so a file is read completely before anything with its name is opened for writing.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from .errors import FORMAT, ErrorId, Problem, define_error

OUTPUT_IS_INPUT = define_error(
    "output-is-input", FORMAT,
    "an output path is a file or folder the same command reads, or holds or lies inside one",
    "give the output a path of its own: a command never writes over what it reads")
OUTPUT_IN_PROJECT = define_error(
    "output-in-project", FORMAT,
    "an output path lies inside a project's seeds/, annotations/ or corpus/ (which only add-seed, studio pull and "
    "build write), or is one of its project files (pyproject.toml, DATASET_CARD.md, LICENSE-DATA.md)",
    "write outside those folders, e.g. into a new folder beside them")
OUTPUT_LINK = define_error(
    "output-link", FORMAT,
    "an output path is a symbolic link: writing would follow it onto whatever it points to",
    "give the path of a real file or folder, or a new path")
OUTPUT_NOT_REPLACEABLE = define_error(
    "output-not-replaceable", FORMAT,
    "an output path holds something the command did not make: a folder, FIFO, device or special file where a "
    "file goes, a file where a folder goes, another file, or a non-empty folder",
    "give a new path, or delete what is there yourself if it may go")
PROJECT_FOLDERS = ("seeds", "annotations", "corpus")
PROJECT_FILES = ("pyproject.toml", "DATASET_CARD.md", "LICENSE-DATA.md")


class OutputRefused(Exception):
    """Writing to the requested place could destroy something the project did not make; nothing was written.

    ``problem`` names the path, the error id and the reason."""

    def __init__(self, message: str, error: ErrorId = OUTPUT_NOT_REPLACEABLE, path: Path | str = "") -> None:
        self.problem: Problem = error.at(str(path), "", message)
        super().__init__(f"[{error.code}] {message}")


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
        error = OUTPUT_LINK if kind == "symbolic link" else OUTPUT_NOT_REPLACEABLE
        raise OutputRefused(f"{path} is a {kind}, not a regular file; it is never written through or replaced",
                            error, path)


def open_for_writing(path: Path) -> BinaryIO:
    """``path`` opened to be written from its start: created, or a regular file truncated; never through a
    link (``O_NOFOLLOW``) and never a FIFO or device (checked on the open descriptor)."""
    refuse_non_regular(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
            raise OutputRefused(f"{path} is not a regular file; it is never written through or replaced",
                                OUTPUT_LINK if exc.errno == errno.ELOOP else OUTPUT_NOT_REPLACEABLE, path) from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OutputRefused(f"{path} is not a regular file; it is never written through or replaced",
                            path=path)
    os.set_blocking(descriptor, True)
    os.ftruncate(descriptor, 0)
    return os.fdopen(descriptor, "wb")


def project_of(path: Path) -> Path | None:
    """The project folder holding ``path``: it, or the nearest folder above it whose pyproject.toml is this project's."""
    from .version import project_version  # version writes through atomic, which imports this module

    for folder in [path.absolute(), *path.absolute().parents]:
        try:
            project_version(folder)
        except (OSError, KeyError, ValueError, TypeError):
            continue
        return folder
    return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file or folder: the same path resolved, or the same inode (a hard link)."""
    try:
        return a.resolve() == b.resolve() or a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def guard_output(path: Path, reads: Iterable[Path] = (), made_here: Callable[[Path], bool] | None = None,
                 projects: Iterable[Path] = ()) -> None:
    """Raise OutputRefused unless the command may write ``path`` (a file, or a folder it fills).

    ``reads`` are what the command reads (files or folders); ``projects`` more project folders to
    protect besides the one holding ``path``; ``made_here`` recognises an existing output the command
    made (None: it must not exist, or be an empty folder). The commands that own a project folder
    (the build, ``add-seed``, ``studio pull``) check their own outputs (:func:`.atomic.check_output`).
    """
    if path.is_symlink():
        raise OutputRefused(f"{path} is a symbolic link; it is never written through", OUTPUT_LINK, path)
    real = path.resolve()
    for read in reads:
        held = read.resolve()
        if _same(path, read) or _within(real, held) or _within(held, real):
            raise OutputRefused(f"{path} is, holds or lies inside {read}, which this command reads", OUTPUT_IS_INPUT,
                                path)
    for project in sorted({*(p.resolve() for p in projects), *filter(None, [project_of(real)])}):
        guarded = [project / name for name in PROJECT_FOLDERS]
        for place in guarded + [project / name for name in PROJECT_FILES]:
            if _within(real, place) or place in guarded and _within(place, real):
                raise OutputRefused(f"{path} is, holds or lies inside {place}, which this command does not write",
                                    OUTPUT_IN_PROJECT, path)
    if not path.is_dir():
        refuse_non_regular(path)
    if path.is_dir():
        if any(path.iterdir()) and not (made_here and made_here(path)):
            raise OutputRefused(f"{path} is a non-empty folder this command did not make; give a new or empty folder",
                                OUTPUT_NOT_REPLACEABLE, path)
    elif path.exists() and not (made_here and made_here(path)):
        raise OutputRefused(f"{path} exists and was not made by this command; give a new path, or delete it "
                            "yourself if it may go", OUTPUT_NOT_REPLACEABLE, path)
