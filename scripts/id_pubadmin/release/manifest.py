"""``MANIFEST.json``: what a built corpus holds, so that any copy of it can be checked.

Every file is listed with its sha256 and size; every Parquet file also with its row count, a
checksum of its rows and a checksum of its declared Features. Rows are checksummed in readable
form as canonical JSON lines, so the same rows written by another Parquet writer keep their
checksum. The *content checksum* combines those three over all Parquet files: it changes when
the data or its schema changes and only then (not for a new card text, version or writer). The
release log records it per version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.atomic import write_text
from ..core.errors import CROSS_REFERENCES, FORMAT, Problem, define_error
from ..core.fields import CONFIGS, Config, config
from ..core.jsonio import JsonRejected, load_json
from ..core.progress import progress_bar
from ..corpus.parquet import WrittenFile, canonical_json, iter_row_batches, json_lines

MANIFEST_NAME = "MANIFEST.json"
HASH_CHUNK = 2**20
MAX_MANIFEST_BYTES = 16 * 1024 * 1024

Entry = dict[str, Any]

MANIFEST_UNREADABLE = define_error(
    "manifest-unreadable", FORMAT, "the corpus has no readable MANIFEST.json",
    "rebuild the corpus with `id-pubadmin build`, or download the complete release")
FILE_MISSING = define_error(
    "file-missing", FORMAT, "a file listed in MANIFEST.json is not in the corpus",
    "download the complete release again, or rebuild with `id-pubadmin build`")
FILE_UNLISTED = define_error(
    "file-unlisted", FORMAT, "the corpus holds a file that MANIFEST.json does not list",
    "remove the file, or rebuild with `id-pubadmin build` if it belongs to the corpus")
FILE_CHANGED = define_error(
    "file-changed", CROSS_REFERENCES, "a file's bytes, rows or Features differ from MANIFEST.json",
    "download the release again, or rebuild with `id-pubadmin build`; never edit corpus files by hand")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def rows_checksum(rows: list[dict[str, Any]]) -> str:
    """sha256 of the rows as canonical JSON lines, in order."""
    return _sha256(json_lines(rows))


def features_checksum(features: Any) -> str:
    """sha256 of a Features declaration (types, class-label names and their order)."""
    return _sha256(canonical_json(features.to_dict()).encode("utf-8"))


def config_features_checksum(data_config: Config) -> str:
    """sha256 of a config's declared Features."""
    from ..corpus.features import features_of

    return features_checksum(features_of(data_config))


def data_entries(folder: Path, files: dict[str, dict[str, list[WrittenFile]]]) -> dict[str, Entry]:
    """Content entries of the Parquet files a build wrote into ``folder``, by relative path."""
    return {
        written.path.relative_to(folder).as_posix(): {"rows": written.rows, "rows_sha256": written.rows_sha256,
                                                      "features_sha256": config_features_checksum(config(name))}
        for name, splits in files.items() for split in labels.SPLITS for written in splits.get(split, [])
    }


def content_checksum(entries: dict[str, Entry]) -> str:
    """The corpus content checksum over the Parquet entries (bytes and sizes left out)."""
    content = {path: {key: entry[key] for key in ("rows", "rows_sha256", "features_sha256")}
               for path, entry in entries.items() if "rows" in entry}
    return _sha256(canonical_json(content).encode("utf-8"))


def file_checksums(root: Path, paths: list[Path]) -> dict[str, str]:
    """sha256 of each file, keyed by its path relative to ``root``."""
    return {path.relative_to(root).as_posix(): sha256_file(path) for path in sorted(paths)}


def corpus_files(folder: Path) -> list[Path]:
    """Every file of a corpus folder except the manifest, sorted."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST_NAME)


def write_manifest(folder: Path, version: str, inputs: dict[str, Any], entries: dict[str, Entry],
                   dataset: str = labels.DATASET_NAME) -> dict[str, Any]:
    """List every file already written to ``folder`` in ``folder/MANIFEST.json``; returns the manifest.

    ``entries`` are the content entries of its Parquet files (:func:`data_entries`); ``dataset`` is its name.
    """
    files = {}
    for path in corpus_files(folder):
        name = path.relative_to(folder).as_posix()
        files[name] = {"bytes": path.stat().st_size, "sha256": sha256_file(path), **entries.get(name, {})}
    manifest = {
        "name": dataset,
        "version": version,
        "content_sha256": content_checksum(entries),
        "build_inputs": inputs,
        "files": files,
    }
    write_text(folder / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def read_manifest(folder: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The manifest of a corpus folder, or the problem that prevents reading it."""
    path = folder / MANIFEST_NAME
    try:
        manifest = load_json(path, MAX_MANIFEST_BYTES)
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict) or not isinstance(
                manifest.get("version"), str):
            raise JsonRejected("no 'files' object or 'version' string")
    except JsonRejected as exc:
        return None, [MANIFEST_UNREADABLE.at(str(path), "", f"cannot be read: {exc}")]
    for name, entry in manifest["files"].items():
        why = _entry_problem(name, entry)
        if why:
            return None, [MANIFEST_UNREADABLE.at(str(path), f"files.{name}", why)]
    return manifest, []


def missing_data_files(folder: Path) -> list[Problem]:
    """Parquet files that the corpus's ``MANIFEST.json`` lists and the folder lacks (a config folder deleted
    or left out of a copy), as a reader of the rows needs to know; none when there is no readable manifest."""
    from ..corpus.read import CORPUS_UNREADABLE  # imports datasets: not when the command line starts

    manifest, _ = read_manifest(folder)
    names = [name for name, entry in (manifest or {"files": {}})["files"].items() if "rows" in entry]
    return [CORPUS_UNREADABLE.at(str(folder / name), "", "listed in MANIFEST.json but missing: the corpus is "
                                 "incomplete") for name in sorted(names) if not (folder / name).is_file()]


def _entry_problem(name: str, entry: Any) -> str:
    """Why a manifest entry is not one the build writes ('' when it is)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
        return "the entry is not an object with a sha256 string"
    if "rows" not in entry:
        return ""
    if not name.endswith(".parquet") or name.split("/")[0] not in {c.name for c in CONFIGS} or name.count("/") != 1:
        return "row counts belong to Parquet files of a config only"
    rows = entry["rows"]
    return "" if isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0 else "rows is not a count"


def is_corpus(folder: Path) -> bool:
    """Whether ``folder`` holds a MANIFEST.json of this dataset, i.e. is a corpus a build wrote."""
    try:
        manifest = load_json(folder / MANIFEST_NAME, MAX_MANIFEST_BYTES)
    except JsonRejected:
        return False
    return isinstance(manifest, dict) and manifest.get("name") == labels.DATASET_NAME


def _parquet_problems(path: Path, entry: Entry, bytes_differ: bool, configs: Callable[[str], Config]) -> list[Problem]:
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        count, digest = 0, hashlib.sha256()
        for rows in iter_row_batches(path, configs(path.parent.name)):
            count += len(rows)
            digest.update(json_lines(rows))
        features = datasets.Features.from_arrow_schema(pq.read_schema(path))
    except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
        return [FILE_CHANGED.at(str(path), "", f"cannot be read as Parquet: {exc}")]
    found = {"rows": count, "rows_sha256": digest.hexdigest(), "features_sha256": features_checksum(features)}
    differing = [key for key, value in found.items() if entry.get(key) != value]
    if differing:
        details = ", ".join(f"{key} is {found[key]}, the manifest says {entry.get(key)}" for key in differing)
        return [FILE_CHANGED.at(str(path), "", details)]
    if bytes_differ:
        return [FILE_CHANGED.at(str(path), "", "the bytes differ from the manifest but rows and Features are the "
                                              "same (written by another Parquet writer?)")]
    return []


def verify_files(folder: Path, manifest: dict[str, Any], bar: bool = False,
                 configs: Callable[[str], Config] = config) -> list[Problem]:
    """Every file against the manifest: present, listed, same sha256, same rows and Features.

    ``configs`` gives the config of a Parquet file's folder (the gold corpus's by default).
    """
    listed: dict[str, Entry] = manifest["files"]
    present = {p.relative_to(folder).as_posix() for p in corpus_files(folder)}
    problems = []
    names = sorted(listed.keys() | present)
    for name in progress_bar(names, total=len(names), desc="verify", unit="file", enabled=bar):
        path = folder / name
        if name not in present:
            problems.append(FILE_MISSING.at(str(path), "", "listed in MANIFEST.json but not found"))
            continue
        if name not in listed:
            problems.append(FILE_UNLISTED.at(str(path), "", "not listed in MANIFEST.json"))
            continue
        entry = listed[name]
        try:
            sha256 = sha256_file(path)
        except OSError as exc:
            problems.append(FILE_CHANGED.at(str(path), "", f"cannot be read: {exc.strerror}"))
            continue
        if "rows" in entry:
            problems += _parquet_problems(path, entry, sha256 != entry.get("sha256"), configs)
        elif sha256 != entry.get("sha256"):
            problems.append(FILE_CHANGED.at(str(path), "", f"sha256 is {sha256}, the manifest says {entry.get('sha256')}"))
    if content_checksum(listed) != manifest.get("content_sha256"):
        problems.append(FILE_CHANGED.at(str(folder / MANIFEST_NAME), "content_sha256",
                                        "does not match the Parquet entries it lists"))
    return problems
