"""Reading seed articles: each raw file checked and split into its date field, text and end mark.

A seed is a raw article file exactly as collected: a leading ``date YYYY-MM`` field, the article
(starting with a dateline such as ``SURYA.CO.ID, BANYUWANGI - ``) and a closing ``****`` end mark.
A seed extracted from a web page (its metadata names the ``extractor``, see
:data:`~.seed_metadata.WEB_FIELDS`) has the same date field and end mark around the extracted text,
which starts with a dateline only when the page printed one: nothing is invented, so its outlet then
comes from the page. The metadata file beside each seed is :mod:`.seed_metadata`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..core.errors import FORMAT, ErrorId, SeedError, define_error
from ..core.jsonio import describe, forbidden_in

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
SEED_NO_SENTENCE = define_error(
    "seed-no-sentence", FORMAT,
    "the article has no sentence after its dateline: only punctuation, whitespace or end marks",
    "paste the article's text after the dateline; a seed holds one whole article")
SEED_SECOND_END_MARK = define_error(
    "seed-second-end-mark", FORMAT,
    "the seed holds the end mark '****' before its end (two articles pasted into one file?)",
    "keep one article per seed, closed by its one end mark; put another article into a seed of its own")
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

T = TypeVar("T")

INNER_END_MARK = re.compile(r"(?<!\S)\*{4}(?!\S)")
DATE_FIELD = re.compile(r"\s*date (\d{4})-(0[1-9]|1[0-2])[ \n]+")
END_MARK = "****"
MAX_SEED_BYTES = 512 * 1024
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


def seed_error(error: ErrorId, path: Path, location: str, reason: str) -> SeedError:
    """The error that stops reading a seed or its metadata at ``path``: one problem of kind ``error``."""
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
        raise seed_error(SEED_NOT_REGULAR_FILE, path, "", "a seed must be a plain file in the project, not a symbolic "
                                                          "link or another kind of file; it was not read")
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise seed_error(SEED_TOO_LARGE, path, "", f"{size:,} bytes; the limit is {MAX_SEED_BYTES:,} bytes")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_SEED_BYTES + 1)
    except OSError as exc:
        raise seed_error(SEED_NOT_REGULAR_FILE, path, "", f"cannot be read: {exc.strerror}") from None
    if len(data) > MAX_SEED_BYTES:  # grown since its size was read
        raise seed_error(SEED_TOO_LARGE, path, "", f"more than the limit of {MAX_SEED_BYTES:,} bytes")
    return data


def _forbidden_in_name(path: Path) -> int | None:
    offset = forbidden_in(path.name)
    return offset if offset is not None else next((i for i, char in enumerate(path.name) if char.isspace()), None)


def parse_seed(path: Path, check_name: bool = True) -> Seed:
    """Read one raw seed and split it into date field, document text and end mark.

    ``check_name=False`` checks an article that ``add-seed`` will file under a name of its own.
    """
    offset = _forbidden_in_name(path) if check_name else None
    if offset is not None:
        raise seed_error(SEED_FORBIDDEN_CHARACTER, path, "file name",
                         f"character {offset} of the file name, {describe(path.name[offset])}, is not allowed in a "
                         "document id")
    data = _read_limited(path)
    if data.startswith(b"\xef\xbb\xbf"):
        raise seed_error(SEED_BOM, path, "byte 0", "the file starts with a UTF-8 byte order mark")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise seed_error(SEED_NOT_UTF8, path, f"byte {exc.start}",
                         f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (Latin-1 or Windows-1252 text?)") from None
    if "\r" in raw:
        raise seed_error(SEED_CRLF, path, f"char {raw.index(chr(13))}", "carriage return found")
    offset = forbidden_in(raw)
    if offset is not None:
        raise seed_error(SEED_FORBIDDEN_CHARACTER, path, f"char {offset}", f"{describe(raw[offset])} is not allowed")
    if not raw.strip():
        raise seed_error(SEED_EMPTY, path, "char 0", "the file is empty or holds only whitespace")
    date = DATE_FIELD.match(raw)
    if date is None:
        raise seed_error(SEED_NO_DATE, path, "char 0", f"the file starts with {raw[:20]!r}, not 'date YYYY-MM'")
    end = _end_mark(raw)
    if end is None:
        raise seed_error(SEED_NO_END_MARK, path, f"char {len(raw)}", f"the file ends with {raw[-20:]!r}")
    text = raw[date.end():max(end, date.end())]
    if not any(char.isalnum() for char in text):
        raise seed_error(SEED_EMPTY, path, f"char {date.end()}",
                         "no letter or digit between the date field and the end mark")
    dateline = DATELINE.match(text)
    outlet, place = dateline_parts(dateline) if dateline else ("", "")
    start = dateline.end() if dateline else 0  # a seed extracted from a page may have no dateline
    body = text[start:]
    if not any(char.isalnum() for char in body):
        raise seed_error(SEED_NO_SENTENCE, path, f"char {date.end() + start}",
                         "no letter or digit after the dateline")
    inner = INNER_END_MARK.search(body)
    if inner is not None:
        raise seed_error(SEED_SECOND_END_MARK, path, f"char {date.end() + start + inner.start()}",
                         "an end mark '****' before the end of the file")
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
