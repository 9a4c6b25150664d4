"""Earlier versions of the committed export, kept by every pull that replaces it.

Each replaced export is copied, just before the new file is renamed over it, to
``<export>.backups/<UTC time>.json`` (for ``annotations/exports/id-pubadmin-news.json``:
``annotations/exports/id-pubadmin-news.json.backups/20261202T051500.123456Z.json``). The newest
:data:`KEEP` copies are kept; older ones are deleted oldest first, only once the new export is in
place: a pull that fails to replace the export takes its copy back and leaves the others as they were. The folder is git-ignored and
never read by the build (which reads ``exports/*.json`` only). To get an earlier export back, copy one
over the export (``cp <export>.backups/<time>.json <export>``) or take it from git history.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

KEEP = 10


def backup_folder(export: Path) -> Path:
    return export.with_name(export.name + ".backups")


def backups(export: Path) -> list[Path]:
    """The kept copies of ``export``, oldest first."""
    folder = backup_folder(export)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def keep_copy(export: Path, now: datetime | None = None) -> Path:
    """Copy ``export`` into its backup folder under the current UTC time (see :func:`prune`)."""
    folder = backup_folder(export)
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S.%fZ")
    target, count = folder / f"{stamp}.json", 1
    while target.exists():  # two pulls within one microsecond: never overwrite a copy
        target, count = folder / f"{stamp}-{count}.json", count + 1
    shutil.copyfile(export, target)
    return target


def prune(export: Path) -> None:
    """Delete all but the newest KEEP copies: called once the new export replaced the old one."""
    for old in backups(export)[:-KEEP]:
        old.unlink()


def take_back(copy: Path) -> None:
    """Remove a copy made for a replacement that failed (and its folder, if it is left empty)."""
    copy.unlink(missing_ok=True)
    if not any(copy.parent.iterdir()):
        copy.parent.rmdir()
