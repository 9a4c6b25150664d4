"""Reading seed articles and their metadata.

A seed is a raw article file exactly as collected: a leading ``date YYYY-MM`` field, the article
(starting with a dateline such as ``SURYA.CO.ID, BANYUWANGI - ``) and a closing ``****`` end mark.
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
from typing import TypeVar

from ..core.atomic import write_text
from ..core.errors import (
    CROSS_REFERENCES,
    FORMAT,
    OFFSETS,
    Problem,
    SeedError,
    define_error,
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
SEED_NO_METADATA = define_error(
    "seed-no-metadata", CROSS_REFERENCES, "a seed has no metadata file beside it",
    "add <seed stem>.json with the fields listed in the README")
SEED_METADATA_INVALID = define_error(
    "seed-metadata-invalid", FORMAT, "a seed metadata file is not a JSON object with the required fields",
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
END_MARK = re.compile(r"\s+\*\*\*\*\s*\Z")
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


def parse_seed(path: Path) -> Seed:
    """Read one raw seed and split it into date field, document text and end mark."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raise _fail(SEED_BOM, path, "byte 0", "the file starts with a UTF-8 byte order mark")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(SEED_NOT_UTF8, path, f"byte {exc.start}",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (Latin-1 or Windows-1252 text?)") from None
    if "\r" in raw:
        raise _fail(SEED_CRLF, path, f"char {raw.index(chr(13))}", "carriage return found")
    if not raw.strip():
        raise _fail(SEED_EMPTY, path, "char 0", "the file is empty or holds only whitespace")
    date = DATE_FIELD.match(raw)
    if date is None:
        raise _fail(SEED_NO_DATE, path, "char 0", f"the file starts with {raw[:20]!r}, not 'date YYYY-MM'")
    end = END_MARK.search(raw)
    if end is None:
        raise _fail(SEED_NO_END_MARK, path, f"char {len(raw)}", f"the file ends with {raw[-20:]!r}")
    text = raw[date.end():max(end.start(), date.end())]
    if not text.strip():
        raise _fail(SEED_EMPTY, path, f"char {date.end()}", "nothing between the date field and the end mark")
    dateline = DATELINE.match(text)
    if dateline is None:
        raise _fail(SEED_NO_DATELINE, path, f"char {date.end()}",
                    f"the article starts with {text[:40]!r}, not 'OUTLET, PLACE - '")
    return Seed(
        path=path,
        raw=raw,
        text_offset=date.end(),
        text=text,
        published=f"{date.group(1)}-{date.group(2)}",
        outlet=dateline_parts(dateline)[0],
        dateline_place=dateline_parts(dateline)[1],
        dateline_end=dateline.end(),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def metadata_path(seed_path: Path) -> Path:
    return seed_path.with_suffix(".json")


def metadata_for(seed: Seed, rights: str, language: str = "id") -> dict[str, str]:
    """The metadata record a new seed gets: what the seed says, its sha256, and the given rights."""
    return {
        "document_id": seed.document_id,
        "source_file": seed.path.name,
        "outlet": seed.outlet,
        "dateline_place": seed.dateline_place,
        "published": seed.published,
        "language": language,
        "sha256": seed.sha256,
        "rights": rights,
    }


def write_metadata(seed_path: Path, rights: str, language: str = "id") -> Path:
    """Check a new seed and write its metadata file; an existing one is never overwritten."""
    seed = parse_seed(seed_path)
    path = metadata_path(seed_path)
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    write_text(path, json.dumps(metadata_for(seed, rights, language), indent=2, ensure_ascii=False) + "\n")
    return path


def read_metadata(seed: Seed) -> dict[str, str]:
    """Load a seed's metadata and check it against the seed itself."""
    path = metadata_path(seed.path)
    if not path.exists():
        raise _fail(SEED_NO_METADATA, path, "", f"{seed.path.name} has no metadata file {path.name}")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:  # ValueError covers bad UTF-8 and JSON
        raise _fail(SEED_METADATA_INVALID, path, "", f"not readable JSON: {exc}") from None
    missing = [k for k in METADATA_FIELDS if not isinstance(meta, dict) or not isinstance(meta.get(k), str)]
    if missing:
        raise _fail(SEED_METADATA_INVALID, path, "", f"missing or non-string fields: {', '.join(missing)}")
    if meta["sha256"] != seed.sha256:
        raise _fail(SEED_SHA256_MISMATCH, seed.path, "",
                    f"sha256 is {seed.sha256}, metadata says {meta['sha256']}")
    expected = {
        "document_id": seed.document_id,
        "source_file": seed.path.name,
        "outlet": seed.outlet,
        "dateline_place": seed.dateline_place,
        "published": seed.published,
    }
    problems: list[Problem] = [
        SEED_METADATA_MISMATCH.at(str(path), f"field {key}", f"metadata says {meta[key]!r}, the seed says {value!r}")
        for key, value in expected.items()
        if meta[key] != value
    ]
    if problems:
        raise SeedError(problems)
    return meta


def seed_paths(seeds_dir: Path) -> list[Path]:
    """Raw seed files in a stable order."""
    return sorted(p for p in seeds_dir.glob("*.txt") if p.is_file())


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
