"""Adding many seeds at once: every file is checked, the sound ones get their metadata file.

One bad file does not stop the others (unless all or nothing is asked for); each failure is kept
with its reason, so the command can report every one and say how many were added. An article
given from outside ``seeds/`` is filed there under its seed name (:mod:`.filing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CorpusError, Problem
from .filing import file_seed, filed_already, next_number
from .seed_files import metadata_path, new_metadata, write_metadata


@dataclass
class AddedSeeds:
    """What adding seeds did: files added, files refused with their problems or reason."""

    added: list[Path] = field(default_factory=list)
    filed: dict[Path, Path] = field(default_factory=dict)  # article given -> the seed it was filed as
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


def _outside(path: Path, seeds_dir: Path | None) -> bool:
    """Whether ``path`` is an article to file into ``seeds_dir`` rather than a seed already there."""
    return seeds_dir is not None and path.absolute().parent.resolve() != seeds_dir.resolve()


def _refusal(path: Path, rights: str, language: str, seeds_dir: Path | None) -> list[Problem] | str | None:
    """Why the seed at ``path`` cannot be added with this metadata; None when it can."""
    if not path.is_file():
        return "no such file"
    outside = _outside(path, seeds_dir)
    if not outside and metadata_path(path).exists():
        return f"{metadata_path(path)} exists already: a seed's metadata is written once; delete it first if the seed is new"
    try:
        new_metadata(path, rights, language, check_name=not outside)
    except CorpusError as exc:
        return exc.problems
    if outside and seeds_dir is not None and (twin := filed_already(seeds_dir, path.read_bytes())) is not None:
        return f"the same article is in seeds/ already, as {twin.name}"
    return None


def add_seeds(paths: list[Path], rights: str, language: str = "id", all_or_nothing: bool = False,
              seeds_dir: Path | None = None) -> AddedSeeds:
    """Check the seeds ``paths`` name and write the metadata of every sound one (of none if any fails
    and ``all_or_nothing``); a sound article outside ``seeds_dir`` is first filed into it."""
    result = AddedSeeds()
    seeds = seeds_in(paths)
    refusals = {path: reason for path in seeds if (reason := _refusal(path, rights, language, seeds_dir)) is not None}
    result.refused = list(refusals.items())
    if refusals and all_or_nothing:
        return result
    for path in seeds:
        if path in refusals:
            continue
        if seeds_dir is not None and _outside(path, seeds_dir):
            data = path.read_bytes()
            if filed_already(seeds_dir, data) is not None:  # the same article given twice in one batch
                result.refused.append((path, "the same article is given twice; it was filed once"))
                continue
            given, path = path, file_seed(data, seeds_dir, next_number(seeds_dir))
            result.filed[given] = path
        write_metadata(path, rights, language)
        result.added.append(path)
    return result
