"""Reading seed articles and their metadata.

A seed is a raw article file exactly as collected: a leading ``date YYYY-MM`` field, the article
(starting with a dateline such as ``SURYA.CO.ID, BANYUWANGI - ``) and a closing ``****`` end mark.
A seed extracted from a web page (its metadata names the ``extractor``, see :data:`WEB_FIELDS`) has
the same date field and end mark around the extracted text, which starts with a dateline only when
the page printed one: nothing is invented, so its outlet then comes from the page.
Seeds are never edited; each has a metadata file ``<stem>.json`` beside it whose sha256 pins the
raw bytes, so a changed seed without a metadata update is caught.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ..core.atomic import write_text
from ..core.errors import (
    CROSS_REFERENCES,
    FORMAT,
    OFFSETS,
    Problem,
    SeedError,
    define_error,
)
from ..core.jsonio import (
    JsonRejected,
    describe,
    first_forbidden,
    forbidden_in,
    load_json,
)

SEED_NOT_UTF8 = define_error(
    "seed-not-utf8", FORMAT, "the seed file is not valid UTF-8",
    "re-save the article as UTF-8 (without a byte order mark)")
SEED_BOM = define_error(
    "seed-bom", FORMAT, "the seed file starts with a byte order mark",
    "re-save the article as UTF-8 without a byte order mark")
SEED_CRLF = define_error(
    "seed-crlf", FORMAT, "the seed file has Windows (CRLF) or bare CR line ends",
    "convert the line ends to LF before adding the seed")
SEED_NO_DATE = define_error(
    "seed-no-date", FORMAT, "the seed does not start with a 'date YYYY-MM' field",
    "put the publication month first, e.g. 'date 2022-11 ' followed by the article")
SEED_NO_END_MARK = define_error(
    "seed-no-end-mark", FORMAT, "the seed does not end with the '****' end mark",
    "end the article with a space and '****'")
SEED_EMPTY = define_error(
    "seed-empty", FORMAT, "the seed holds no article text",
    "paste the article between the date field and the end mark")
SEED_NO_DATELINE = define_error(
    "seed-no-dateline", FORMAT, "the article does not open with a dateline 'OUTLET, PLACE - '",
    "start the article with its dateline as printed, e.g. 'SURYA.CO.ID, BANYUWANGI - '")
SEED_TOO_LARGE = define_error(
    "seed-too-large", FORMAT, "the seed file is larger than the size limit (MAX_SEED_BYTES, 512 KiB)",
    "split the text into several seeds; a news article is far smaller")
SEED_NOT_REGULAR_FILE = define_error(
    "seed-not-regular-file", FORMAT, "the seed is a symbolic link, not a regular file, or cannot be read",
    "copy the article into seeds/ as a plain file that you can read")
SEED_FORBIDDEN_CHARACTER = define_error(
    "seed-forbidden-character", FORMAT,
    "the seed's text or file name holds a NUL or other control character, a bidirectional control "
    "(U+202A-U+202E, U+2066-U+2069) or a lone surrogate; the file name also whitespace",
    "remove the character from the article (or rename the file); it is not part of the published text")
SEED_NO_METADATA = define_error(
    "seed-no-metadata", CROSS_REFERENCES, "a seed has no metadata file beside it",
    "add <seed stem>.json with the fields listed in the README")
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

T = TypeVar("T")

DATE_FIELD = re.compile(r"\s*date (\d{4})-(0[1-9]|1[0-2])[ \n]+")
END_MARK = "****"
MAX_SEED_BYTES = 512 * 1024
MAX_METADATA_BYTES = 64 * 1024
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_NAME = r"[^\W_][\w.&'/-]*(?: [^\W_][\w.&'/-]*){0,5}"
_DASH = r"[ \t]+[-\u2013\u2014][ \t]+"
# "OUTLET, PLACE - ", "PLACE, OUTLET - " (the outlet is the part with a dot) or "PLACE (OUTLET) - ".
DATELINE = re.compile(rf"(?P<first>{_NAME}), (?P<second>{_NAME}){_DASH}|(?P<place>{_NAME}) \((?P<outlet>{_NAME})\){_DASH}")


def dateline_parts(match: re.Match[str]) -> tuple[str, str]:
    """(outlet, place) of a dateline match."""
    if match.group("outlet"):
        return match.group("outlet"), match.group("place")
    first, second = match.group("first"), match.group("second")
    if "." in second and "." not in first:
        return second, first
    return first, second

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


@dataclass(frozen=True)
class Seed:
    """A parsed seed: the document text and where it sits in the raw file."""

    path: Path
    raw: str
    text_offset: int
    text: str
    published: str
    outlet: str
    dateline_place: str
    dateline_end: int
    sha256: str

    @property
    def document_id(self) -> str:
        return self.path.stem


def _fail(error, path: Path, location: str, reason: str) -> SeedError:
    return SeedError([error.at(str(path), location, reason)])


def _end_mark(raw: str) -> int | None:
    """Where the whitespace before a closing end mark starts; None without one.

    Written without a regular expression: ``\\s+\\*{4}\\s*\\Z`` searched over a long run of
    spaces backtracks quadratically.
    """
    body = raw.rstrip()
    if not body.endswith(END_MARK):
        return None
    before = body[:-len(END_MARK)]
    start = len(before.rstrip())
    return start if start < len(before) else None


def _read_limited(path: Path) -> bytes:
    """The bytes of a seed file, refusing links and anything beyond MAX_SEED_BYTES before reading it."""
    if path.is_symlink() or not path.is_file():
        raise _fail(SEED_NOT_REGULAR_FILE, path, "", "a seed must be a plain file in the project, not a symbolic "
                                                     "link or another kind of file; it was not read")
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise _fail(SEED_TOO_LARGE, path, "", f"{size:,} bytes; the limit is {MAX_SEED_BYTES:,} bytes")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_SEED_BYTES + 1)
    except OSError as exc:
        raise _fail(SEED_NOT_REGULAR_FILE, path, "", f"cannot be read: {exc.strerror}") from None
    if len(data) > MAX_SEED_BYTES:  # grown since its size was read
        raise _fail(SEED_TOO_LARGE, path, "", f"more than the limit of {MAX_SEED_BYTES:,} bytes")
    return data


def _forbidden_in_name(path: Path) -> int | None:
    offset = forbidden_in(path.name)
    return offset if offset is not None else next((i for i, char in enumerate(path.name) if char.isspace()), None)


def parse_seed(path: Path) -> Seed:
    """Read one raw seed and split it into date field, document text and end mark."""
    offset = _forbidden_in_name(path)
    if offset is not None:
        raise _fail(SEED_FORBIDDEN_CHARACTER, path, "file name",
                    f"character {offset} of the file name, {describe(path.name[offset])}, is not allowed in a "
                    "document id")
    data = _read_limited(path)
    if data.startswith(b"\xef\xbb\xbf"):
        raise _fail(SEED_BOM, path, "byte 0", "the file starts with a UTF-8 byte order mark")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(SEED_NOT_UTF8, path, f"byte {exc.start}",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (Latin-1 or Windows-1252 text?)") from None
    if "\r" in raw:
        raise _fail(SEED_CRLF, path, f"char {raw.index(chr(13))}", "carriage return found")
    offset = forbidden_in(raw)
    if offset is not None:
        raise _fail(SEED_FORBIDDEN_CHARACTER, path, f"char {offset}", f"{describe(raw[offset])} is not allowed")
    if not raw.strip():
        raise _fail(SEED_EMPTY, path, "char 0", "the file is empty or holds only whitespace")
    date = DATE_FIELD.match(raw)
    if date is None:
        raise _fail(SEED_NO_DATE, path, "char 0", f"the file starts with {raw[:20]!r}, not 'date YYYY-MM'")
    end = _end_mark(raw)
    if end is None:
        raise _fail(SEED_NO_END_MARK, path, f"char {len(raw)}", f"the file ends with {raw[-20:]!r}")
    text = raw[date.end():max(end, date.end())]
    if not any(char.isalnum() for char in text):
        raise _fail(SEED_EMPTY, path, f"char {date.end()}",
                    "no letter or digit between the date field and the end mark")
    dateline = DATELINE.match(text)
    outlet, place = dateline_parts(dateline) if dateline else ("", "")
    return Seed(
        path=path,
        raw=raw,
        text_offset=date.end(),
        text=text,
        published=f"{date.group(1)}-{date.group(2)}",
        outlet=outlet,
        dateline_place=place,
        dateline_end=dateline.end() if dateline else 0,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _dateline_problem(seed: Seed, meta: Mapping[str, object]) -> SeedError | None:
    """A hand-made seed must open with its dateline; an extracted one has it only when the page printed it."""
    if seed.dateline_end or is_extracted(meta):
        return None
    return _fail(SEED_NO_DATELINE, seed.path, f"char {seed.text_offset}",
                 f"the article starts with {seed.text[:40]!r}, not 'OUTLET, PLACE - '")


def metadata_path(seed_path: Path) -> Path:
    return seed_path.with_suffix(".json")


def metadata_for(seed: Seed, rights: str, language: str = "id",
                 web: Mapping[str, object] | None = None) -> dict[str, Any]:
    """The metadata record a new seed gets: what the seed says, its sha256, and the given rights; for a
    seed extracted from a web page, the ``web`` fields too (its outlet the page's unless it has a dateline)."""
    page_outlet = str((web or {}).get("outlet") or "")
    return {
        "document_id": seed.document_id,
        "source_file": seed.path.name,
        "outlet": seed.outlet or page_outlet,
        "dateline_place": seed.dateline_place,
        "published": seed.published,
        "language": language,
        "sha256": seed.sha256,
        "rights": rights,
        **{key: value for key, value in (web or {}).items() if key != "outlet"},
    }


def new_metadata(seed_path: Path, rights: str, language: str = "id",
                 web: Mapping[str, object] | None = None) -> dict[str, Any]:
    """The metadata a new seed would get; raises SeedError when the seed or the metadata is not sound."""
    seed = parse_seed(seed_path)
    meta = metadata_for(seed, rights, language, web)
    no_dateline = _dateline_problem(seed, meta)
    if no_dateline:
        raise no_dateline
    problem = _metadata_problem(meta)
    if problem:
        raise _fail(SEED_METADATA_INVALID, metadata_path(seed_path), "", problem)
    return meta


def write_metadata(seed_path: Path, rights: str, language: str = "id",
                   web: Mapping[str, object] | None = None) -> Path:
    """Check a new seed and write its metadata file; an existing one is never overwritten."""
    meta = new_metadata(seed_path, rights, language, web)
    path = metadata_path(seed_path)
    if path.exists() or path.is_symlink():
        raise FileExistsError(f"{path} exists already")
    write_text(path, json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
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
        raise _fail(SEED_NO_METADATA, path, "", f"{seed.path.name} has no metadata file {path.name}")
    if path.is_symlink() or not path.is_file():
        raise _fail(SEED_METADATA_INVALID, path, "", "a symbolic link or not a plain file; it was not read")
    try:
        meta = load_json(path, MAX_METADATA_BYTES)
    except JsonRejected as exc:
        raise _fail(SEED_METADATA_INVALID, path, "", f"not readable JSON: {exc}") from None
    problem = _metadata_problem(meta)
    if problem:
        raise _fail(SEED_METADATA_INVALID, path, "", problem)
    if meta["sha256"] != seed.sha256:
        raise _fail(SEED_SHA256_MISMATCH, seed.path, "",
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


def seed_paths(seeds_dir: Path) -> list[Path]:
    """Raw seed files in a stable order; links too, so that they are refused rather than skipped."""
    return sorted(p for p in seeds_dir.glob("*.txt") if p.is_file() or p.is_symlink())


class SeedMap(Mapping[str, T]):
    """Document id -> what ``load`` makes of the seed at one of ``paths``, loaded only when asked for.

    Lets every document be looked up without holding every document in memory; the last few
    loaded are kept.
    """

    def __init__(self, paths: list[Path], load: Callable[[Path], T]):
        self._paths = {path.stem: path for path in paths}
        self._load = lru_cache(maxsize=64)(load)

    def __getitem__(self, document_id: str) -> T:
        return self._load(self._paths[document_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def seed_text(path: Path) -> str:
    """The document text of a seed, once the seed and its metadata passed their checks."""
    seed = parse_seed(path)
    read_metadata(seed)
    return seed.text
