"""Adding many seeds at once: every file is checked, the sound ones get their metadata file.

One bad file does not stop the others (unless all or nothing is asked for); each failure is kept
with its reason, so the command can report every one and say how many were added.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.atomic import write_text
from ..core.errors import CorpusError, Problem
from .seed_files import metadata_path, new_metadata, write_metadata


@dataclass
class AddedSeeds:
    """What adding seeds did: files added, files refused with their problems or reason."""

    added: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, list[Problem] | str]] = field(default_factory=list)


def seeds_in(paths: list[Path]) -> list[Path]:
    """The seed files ``paths`` name: files as given, and the ``.txt`` files of folders that have no metadata yet."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.txt") if p.is_file() and not metadata_path(p).exists())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _refusal(path: Path, rights: str, language: str) -> list[Problem] | str | None:
    """Why the seed at ``path`` cannot be added with this metadata; None when it can."""
    if not path.is_file():
        return "no such file"
    if metadata_path(path).exists():
        return f"{metadata_path(path)} exists already: a seed's metadata is written once; delete it first if the seed is new"
    try:
        new_metadata(path, rights, language)
    except CorpusError as exc:
        return exc.problems
    return None


def add_seeds(paths: list[Path], rights: str, language: str = "id", all_or_nothing: bool = False) -> AddedSeeds:
    """Check the seeds ``paths`` name and write the metadata of every sound one (of none if any fails
    and ``all_or_nothing``)."""
    result = AddedSeeds()
    seeds = seeds_in(paths)
    refusals = {path: reason for path in seeds if (reason := _refusal(path, rights, language)) is not None}
    result.refused = list(refusals.items())
    if refusals and all_or_nothing:
        return result
    for path in seeds:
        if path not in refusals:
            write_metadata(path, rights, language)
            result.added.append(path)
    return result


def new_seed_path(seeds_dir: Path, data: bytes) -> Path:
    """Where a new seed goes: ``<NNN>_<first 16 hex of its sha256>.txt``, NNN one past the highest in ``seeds_dir``."""
    numbers = [int(match.group(1)) for path in seeds_dir.glob("*.txt") if (match := re.match(r"(\d+)_", path.name))]
    return seeds_dir / f"{max(numbers, default=-1) + 1:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def write_seed(seeds_dir: Path, raw: str, rights: str, language: str = "id",
               web: Mapping[str, object] | None = None) -> Path:
    """Write a new seed file holding ``raw`` and its metadata, once both pass the checks (SeedError otherwise,
    and nothing is written). ``web``: the fields of a seed extracted from a web page."""
    data = raw.encode("utf-8")
    path = new_seed_path(seeds_dir, data)
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        trial.write_bytes(data)
        new_metadata(trial, rights, language, web)
    write_text(path, raw)
    write_metadata(path, rights, language, web)
    return path
