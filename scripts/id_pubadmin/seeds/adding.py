"""Adding many seeds at once: every file is checked, the sound ones get their metadata file.

One bad file does not stop the others (unless all or nothing is asked for); each failure is kept
with its reason, so the command can report every one and say how many were added. An article
given from outside ``seeds/`` is filed there under its seed name (:mod:`.filing`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CorpusError, Problem
from .filing import file_seed, filed_already, next_number, seed_name
from .seed_files import SEED_NOT_REGULAR_FILE, parse_seed
from .seed_metadata import SEED_METADATA_INVALID, metadata_path, new_metadata, write_metadata


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
    return list({path.resolve(): path for path in reversed(found)}.values())[::-1]  # a file named twice, once


def _outside(path: Path, seeds_dir: Path | None) -> bool:
    """Whether ``path`` is an article to file into ``seeds_dir`` rather than a seed already there."""
    return seeds_dir is not None and path.absolute().parent.resolve() != seeds_dir.resolve()


def _refusal(path: Path, rights: str, language: str, seeds_dir: Path | None) -> list[Problem] | str | None:
    """Why the seed at ``path`` cannot be added with this metadata; None when it can."""
    if not path.is_file():
        return [SEED_NOT_REGULAR_FILE.at(str(path), "", "no such file")]
    outside = _outside(path, seeds_dir)
    metadata = metadata_path(path)
    if not outside and (metadata.is_symlink() or (metadata.exists() and not metadata.is_file())):
        return [SEED_METADATA_INVALID.at(str(metadata), "", "a symbolic link or not a plain file is where the "
                                                            "metadata would go; it is never written through or over")]
    if not outside and metadata.exists():
        return f"{metadata} exists already: a seed's metadata is written once; delete it first if the seed is new"
    try:
        new_metadata(path, rights, language, check_name=not outside)
    except CorpusError as exc:
        return exc.problems
    if outside and seeds_dir is not None and (twin := filed_already(seeds_dir, path.read_bytes())) is not None:
        return f"the same article is in seeds/ already, as {twin.name}"
    return None


def _near_duplicates(seeds: list[Path], refusals: dict[Path, list[Problem] | str], seeds_dir: Path,
                     allow: bool, signature_cache: Path | None) -> dict[Path, tuple[str, float]]:
    """Refuse (into ``refusals``) each sound seed that is a near-duplicate of a seed of ``seeds_dir`` or of a
    sound seed before it in the batch; with ``allow``, return the ones kept, with what they copy."""
    from .web.duplicates import duplicate_problem, minhash, seed_index

    in_place = {path.stem for path in seeds if not _outside(path, seeds_dir)}
    index, copies = seed_index(seeds_dir, signature_cache, leave_out=in_place), {}
    for path in seeds:
        if path in refusals:
            continue
        signature = minhash(parse_seed(path, check_name=False).text)
        nearest = index.nearest(signature)
        if nearest is not None and not allow:
            refusals[path] = [duplicate_problem(*nearest, str(path))]
            continue
        if nearest is not None:
            copies[path] = nearest
        if (key := str(path) if _outside(path, seeds_dir) else path.stem) not in index:
            index.add(key, signature)
    return copies


def add_seeds(paths: list[Path], rights: str, language: str = "id", all_or_nothing: bool = False,
              seeds_dir: Path | None = None, allow_duplicates: bool = False,
              signature_cache: Path | None = None) -> AddedSeeds:
    """Check the seeds ``paths`` name and write the metadata of every sound one (of none if any fails
    and ``all_or_nothing``); a sound article outside ``seeds_dir`` is first filed into it. With ``seeds_dir``,
    a near-duplicate of a seed there or of an earlier one of the batch is refused (recorded as a copy with
    ``allow_duplicates``); ``signature_cache`` keeps the seeds' MinHash signatures."""
    result = AddedSeeds()
    seeds = seeds_in(paths)
    refusals = {path: reason for path in seeds if (reason := _refusal(path, rights, language, seeds_dir)) is not None}
    copies = {} if seeds_dir is None else _near_duplicates(seeds, refusals, seeds_dir, allow_duplicates,
                                                           signature_cache)
    result.refused = list(refusals.items())
    if refusals and all_or_nothing:
        return result
    document_ids: dict[str, str] = {}
    for path in seeds:
        if path in refusals:
            continue
        copied = copies.get(path)
        web = None if copied is None else {"duplicate_of": document_ids.get(copied[0], copied[0]),
                                            "duplicate_similarity": copied[1]}
        try:
            if seeds_dir is not None and _outside(path, seeds_dir):
                data = path.read_bytes()
                if filed_already(seeds_dir, data) is not None:  # the same article given twice in one batch
                    result.refused.append((path, "the same article is given twice; it was filed once"))
                    continue
                given, path = path, file_seed(data, seeds_dir, next_number(seeds_dir))
                result.filed[given] = path
                document_ids[str(given)] = path.stem
            write_metadata(path, rights, language, web)
        except CorpusError as exc:  # changed since it was checked: the others are still added
            result.refused.append((path, exc.problems))
            continue
        except OSError as exc:
            result.refused.append((path, f"cannot be written: {exc.strerror or exc}"))
            continue
        result.added.append(path)
    return result


def write_seed(seeds_dir: Path, raw: str, rights: str, language: str = "id",
               web: Mapping[str, object] | None = None) -> Path:
    """Write a new seed file holding ``raw`` and its metadata, once both pass the checks (SeedError otherwise,
    and nothing is written). ``web``: the fields of a seed extracted from a web page."""
    data = raw.encode("utf-8")
    name = seed_name(next_number(seeds_dir), data)
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / name
        trial.write_bytes(data)
        new_metadata(trial, rights, language, web)
    path = file_seed(data, seeds_dir, next_number(seeds_dir))
    write_metadata(path, rights, language, web)
    return path
