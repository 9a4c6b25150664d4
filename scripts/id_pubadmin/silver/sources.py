"""What the silver pipeline reads: web archives, folders of saved pages and JSONL files, cut into shards.

A shard is the unit of work an engine task runs and a resumed run skips: one web archive, up to
:data:`PAGES_PER_SHARD` pages of a folder, or a range of lines of a JSONL file: a JSONL file of real
articles is cut into ranges (:func:`jsonl_ranges`) so that every core works on a single large file.
Shards are planned from the sorted inputs and their bytes alone, never from the engine or its
workers, so every engine runs the same shards, and the rows do not depend on how a file was cut.
Each record keeps where it came from (file and record number or line), so a document can be found again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.errors import Problem, UsageError
from ..predictor.batch import input_rows
from ..seeds.web.extract import Page
from ..seeds.web.intake import ARCHIVE_SUFFIXES, PAGE_SUFFIXES, pages_of

PAGES_PER_SHARD = 500
# A JSONL file is cut into SPLIT_PIECES ranges of lines when it has SPLIT_PIECES * MIN_RANGE_BYTES or
# more (fewer, of MIN_RANGE_BYTES, when it is smaller), and into ranges of at most MAX_RANGE_BYTES when
# it is larger: 2,000 articles of 26 sentences (6 MB) make 8 tasks, a 1 GB file 64.
SPLIT_PIECES = 8
MIN_RANGE_BYTES = 256 * 1024
MAX_RANGE_BYTES = 16 * 1024 * 1024
_READ = 1024 * 1024
WARC_SUFFIXES = ARCHIVE_SUFFIXES
JSONL_SUFFIXES = (".jsonl",)


@dataclass(frozen=True)
class Shard:
    """One unit of work: the kind of its inputs and their paths."""

    kind: str  # "warc", "pages" or "jsonl"
    paths: tuple[str, ...]
    start: int = 0  # of a JSONL range: its first byte (a line's start), its end (None: the file's end)
    end: int | None = None
    first_line: int = 1  # and the number of its first line

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Record:
    """One input record: a web page to extract (``page``) or a ready text (``text``), and where it came from."""

    source_file: str
    source_record: int  # number of the WARC record (from 1), or of the line in a JSONL file; 0 for a page file
    page: Page | None = None
    text: str = ""
    url: str = ""
    sha256: str = ""


def _suffix(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes)


def plan_shards(inputs: list[Path]) -> list[Shard]:
    """Shards of the inputs; UsageError for an input that is none of the kinds read."""
    shards: list[Shard] = []
    for path in sorted(inputs):
        if path.is_dir():
            pages = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p, PAGE_SUFFIXES))
            pages += sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p, WARC_SUFFIXES + JSONL_SUFFIXES))
            shards += _file_shards([p for p in pages if not _suffix(p, PAGE_SUFFIXES)])
            html = [p for p in pages if _suffix(p, PAGE_SUFFIXES)]
            shards += [Shard("pages", tuple(map(str, html[i:i + PAGES_PER_SHARD])))
                       for i in range(0, len(html), PAGES_PER_SHARD)]
        elif path.is_file():
            shards += _file_shards([path]) if not _suffix(path, PAGE_SUFFIXES) else [Shard("pages", (str(path),))]
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not shards:
        raise UsageError("no input to read: give WARC files (.warc, .warc.gz), JSONL files (.jsonl) "
                         "or folders holding them or saved pages (.html, .htm)")
    return shards


def _file_shards(paths: list[Path]) -> list[Shard]:
    shards = []
    for path in paths:
        if _suffix(path, WARC_SUFFIXES):
            shards.append(Shard("warc", (str(path),)))
        elif _suffix(path, JSONL_SUFFIXES):
            shards += [Shard("jsonl", (str(path),), start, end, line) for start, end, line in jsonl_ranges(path)]
        else:
            raise UsageError(f"{path}: not a web archive (.warc, .warc.gz), a JSONL file (.jsonl) or a "
                             "saved page (.html, .htm)")
    return shards


def range_count(size: int) -> int:
    """How many ranges a JSONL file of ``size`` bytes is cut into (see :data:`SPLIT_PIECES`)."""
    return max(1, -(-size // MAX_RANGE_BYTES), min(SPLIT_PIECES, size // MIN_RANGE_BYTES))


def jsonl_ranges(path: Path) -> list[tuple[int, int | None, int]]:
    """``(start, end, first line)`` of each range of lines of a JSONL file: cuts at the first line start
    after each of :func:`range_count` equal parts; the last range runs to the file's end."""
    size = path.stat().st_size
    pieces = range_count(size)
    if pieces == 1:
        return [(0, None, 1)]
    ranges, start, line = [], 0, 1
    with path.open("rb") as stream:
        for piece in range(1, pieces):
            stream.seek(max(start, piece * size // pieces - 1))
            while (rest := stream.readline(_READ)) and not rest.endswith(b"\n"):
                pass  # to the first line start at or after the part's end, a bounded read at a time
            cut = stream.tell()
            if cut >= size or cut <= start:
                continue
            stream.seek(start)
            line_after = line + sum(stream.read(min(_READ, cut - at)).count(b"\n") for at in range(start, cut, _READ))
            ranges.append((start, cut, line))
            start, line = cut, line_after
    return [*ranges, (start, None, line)]


def read_shard(shard: Shard) -> Iterator[Record | Problem]:
    """The shard's records in file order, and a problem for each record (or file) that cannot be read.

    Pages and archives are read by ``add-seed``'s readers (size limits, truncated archives, gzip bombs,
    records that are not HTML); JSONL files by ``predict``'s.
    """
    for path in map(Path, shard.paths):
        if shard.kind == "jsonl":
            for row in input_rows(path, start=shard.start, end=shard.end, first_line=shard.first_line):
                if isinstance(row, Problem):
                    yield row
                    continue
                number, identifier, text = row
                yield Record(str(path), number, text=text, url=f"{path.name}#{identifier}",
                             sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
            continue
        for item in pages_of(path):
            if isinstance(item, Problem):
                yield item
                continue
            number = re.search(r"#record (\d+)", item.source)
            yield Record(str(path), int(number[1]) if number else 0, page=item, url=item.url or "",
                         sha256=hashlib.sha256(item.html).hexdigest())
