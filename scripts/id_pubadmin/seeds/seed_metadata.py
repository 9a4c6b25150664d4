"""A seed's metadata file: what a new seed gets, and reading it back checked against the seed.

Seeds are never edited; each has a metadata file ``<stem>.json`` beside it (:data:`METADATA_FIELDS`, and
:data:`WEB_FIELDS` for a seed extracted from a web page) whose sha256 pins the raw bytes, so a changed
seed without a metadata update is caught. Kept apart from reading the seed file itself
(:mod:`.seed_files`), which knows nothing of its metadata.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.atomic import write_text
from ..core.errors import (
    CROSS_REFERENCES,
    FORMAT,
    OFFSETS,
    Problem,
    SeedError,
    define_error,
)
from ..core.jsonio import JsonRejected, describe, first_forbidden, load_json
from .seed_files import Seed, parse_seed, seed_error

SEED_NO_DATELINE = define_error(
    "seed-no-dateline", FORMAT, "the article does not open with a dateline 'OUTLET, PLACE - '",
    "start the article with its dateline as printed, e.g. 'SURYA.CO.ID, BANYUWANGI - '")
SEED_NO_METADATA = define_error(
    "seed-no-metadata", CROSS_REFERENCES, "a seed has no metadata file beside it",
    "run `id-pubadmin add-seed FILE --rights TEXT`: it checks the article, files it under seeds/ and writes its "
    "metadata (never write the .json by hand)")
SEED_METADATA_INVALID = define_error(
    "seed-metadata-invalid", FORMAT,
    "a seed metadata file is not a plain file holding one JSON object (no key twice) with every required field "
    "as a non-blank string free of control characters, and a BCP-47 language tag",
    "fix the metadata file so that it has every required field with the right type")
SEED_SHA256_MISMATCH = define_error(
    "seed-sha256-mismatch", OFFSETS, "the seed's bytes differ from the sha256 in its metadata",
    "restore the original seed; seeds are never edited (a new version is a new seed)")
SEED_METADATA_MISMATCH = define_error(
    "seed-metadata-mismatch", CROSS_REFERENCES,
    "the metadata disagrees with the seed (id, file name, date or dateline)",
    "make the metadata match what the seed file says")

MAX_METADATA_BYTES = 64 * 1024
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

METADATA_FIELDS: dict[str, str] = {
    "document_id": "stable id of the document (the seed file's stem)",
    "source_file": "the seed's file name",
    "outlet": "news outlet, as named in the dateline",
    "dateline_place": "place named in the dateline, as written",
    "published": "publication month YYYY-MM, as in the seed's date field",
    "language": "BCP-47 tag of the article's language",
    "sha256": "sha256 of the raw seed file",
    "rights": "terms under which the article is redistributed",
}

# Required, beside METADATA_FIELDS, in the metadata of a seed extracted from a web page.
WEB_FIELDS: dict[str, str] = {
    "url": "address of the page the text was extracted from",
    "extractor": "library and version that extracted the text, e.g. 'trafilatura 2.3.1'",
    "raw_sha256": "sha256 of the raw HTML (the WARC record's payload) the text came from",
}


def is_extracted(meta: Mapping[str, object]) -> bool:
    """Whether the metadata is that of a seed extracted from a web page (it names its extractor)."""
    return "extractor" in meta


def _dateline_problem(seed: Seed, meta: Mapping[str, object]) -> SeedError | None:
    """A hand-made seed must open with its dateline; an extracted one has it only when the page printed it."""
    if seed.dateline_end or is_extracted(meta):
        return None
    return seed_error(SEED_NO_DATELINE, seed.path, f"char {seed.text_offset}",
                      f"the article starts with {seed.text[:40]!r}, not 'OUTLET, PLACE - '")


def metadata_path(seed_path: Path) -> Path:
    return seed_path.with_suffix(".json")


def metadata_for(seed: Seed, rights: str, language: str = "id",
                 web: Mapping[str, object] | None = None) -> dict[str, Any]:
    """The metadata record a new seed gets: what the seed says, its sha256, and the given rights; for a
    seed extracted from a web page, the ``web`` fields too (its outlet the page's unless it has a dateline)."""
    page_outlet = str((web or {}).get("outlet") or "")
    web = {key: value for key, value in (web or {}).items() if key != "outlet"}
    if seed.outlet and "missing_fields" in web:  # the dateline names the outlet the page did not state
        missing = [name for name in str(web.pop("missing_fields")).split(", ") if name != "outlet"]
        web.update({"missing_fields": ", ".join(missing)} if missing else {})
    return {
        "document_id": seed.document_id,
        "source_file": seed.path.name,
        "outlet": seed.outlet or page_outlet,
        "dateline_place": seed.dateline_place,
        "published": seed.published,
        "language": language,
        "sha256": seed.sha256,
        "rights": rights,
        **web,
    }


def new_metadata(seed_path: Path, rights: str, language: str = "id",
                 web: Mapping[str, object] | None = None, check_name: bool = True) -> dict[str, Any]:
    """The metadata a new seed would get; raises SeedError when the seed or the metadata is not sound."""
    seed = parse_seed(seed_path, check_name)
    meta = metadata_for(seed, rights, language, web)
    no_dateline = _dateline_problem(seed, meta)
    if no_dateline:
        raise no_dateline
    problem = _metadata_problem(meta)
    size = len(metadata_text(meta).encode("utf-8"))
    if not problem and size > MAX_METADATA_BYTES:  # the limit every reader of the metadata applies
        problem = f"{size:,} bytes, more than the limit of {MAX_METADATA_BYTES:,} bytes: the rights are too long"
    if problem:
        raise seed_error(SEED_METADATA_INVALID, metadata_path(seed_path), "", problem)
    return meta


def metadata_text(meta: Mapping[str, object]) -> str:
    """A metadata record as its file holds it."""
    return json.dumps(meta, indent=2, ensure_ascii=False) + "\n"


def write_metadata(seed_path: Path, rights: str, language: str = "id",
                   web: Mapping[str, object] | None = None) -> Path:
    """Check a new seed and write its metadata file; an existing one is never overwritten."""
    meta = new_metadata(seed_path, rights, language, web)
    path = metadata_path(seed_path)
    if path.exists() or path.is_symlink():
        raise FileExistsError(f"{path} exists already")
    write_text(path, metadata_text(meta))
    return path


def _metadata_problem(meta: object) -> str | None:
    """Why ``meta`` is not a metadata record: a field missing, not a string, blank or holding a forbidden character."""
    if not isinstance(meta, dict):
        return f"missing or non-string fields: {', '.join(METADATA_FIELDS)}"
    required = {**METADATA_FIELDS, **WEB_FIELDS} if is_extracted(meta) else METADATA_FIELDS
    missing = [k for k in required if not isinstance(meta.get(k), str)]
    if missing:
        return f"missing or non-string fields: {', '.join(missing)}"
    may_be_blank = {"outlet", "dateline_place"} if is_extracted(meta) else set()
    blank = [k for k in required if not meta[k].strip() and k not in may_be_blank]
    if blank:
        return f"blank fields: {', '.join(blank)}"
    forbidden = first_forbidden(meta)
    if forbidden is not None:
        where, offset, char = forbidden
        return f"field {where.lstrip('.')}, char {offset}: {describe(char)} is not allowed"
    if not LANGUAGE_TAG.fullmatch(meta["language"]):
        return f"language {meta['language']!r} is not a BCP-47 tag such as 'id' or 'jv-Latn'"
    return None


def read_metadata(seed: Seed) -> dict[str, Any]:
    """Load a seed's metadata and check it against the seed itself."""
    path = metadata_path(seed.path)
    if not path.exists() and not path.is_symlink():
        raise seed_error(SEED_NO_METADATA, path, "", f"{seed.path.name} has no metadata file {path.name}")
    if path.is_symlink() or not path.is_file():
        raise seed_error(SEED_METADATA_INVALID, path, "", "a symbolic link or not a plain file; it was not read")
    try:
        meta = load_json(path, MAX_METADATA_BYTES)
    except JsonRejected as exc:
        raise seed_error(SEED_METADATA_INVALID, path, "", f"not readable JSON: {exc}") from None
    problem = _metadata_problem(meta)
    if problem:
        raise seed_error(SEED_METADATA_INVALID, path, "", problem)
    if meta["sha256"] != seed.sha256:
        raise seed_error(SEED_SHA256_MISMATCH, seed.path, "",
                         f"sha256 is {seed.sha256}, metadata says {meta['sha256']}")
    no_dateline = _dateline_problem(seed, meta)
    if no_dateline:
        raise no_dateline
    expected = {
        "document_id": seed.document_id,
        "source_file": seed.path.name,
        "dateline_place": seed.dateline_place,
        "published": seed.published,
    }
    if seed.dateline_end:
        expected["outlet"] = seed.outlet
    problems: list[Problem] = [
        SEED_METADATA_MISMATCH.at(str(path), f"field {key}", f"metadata says {meta[key]!r}, the seed says {value!r}")
        for key, value in expected.items()
        if meta[key] != value
    ]
    if problems:
        raise SeedError(problems)
    return meta


def seed_text(path: Path) -> str:
    """The document text of a seed, once the seed and its metadata passed their checks."""
    seed = parse_seed(path)
    read_metadata(seed)
    return seed.text
