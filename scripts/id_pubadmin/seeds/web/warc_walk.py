"""One linear pass over a web archive's record structure, before ``warcio`` reads its records.

``warcio`` reads a header line by joining the pieces of its buffer, which is quadratic in the line's
length: a large file that is no WARC (2 GB of zero bytes) would never be answered. This pass reads
header lines with a bounded ``readline`` and skips each record's content block by its
Content-Length, so it is linear in the file. It finds where the archive stops being a WARC (the
records before that point are still read) and the records whose Content-Length is too long and
covers the record after them, which would otherwise vanish inside them unreported.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

MAX_HEADER_LINE = 64 * 1024  # bytes; no WARC header line is near this long
MAX_HEADER_LINES = 1000
_CHUNK = 1 << 20
# The start of a record inside another record's block: a version line then a header line.
_RECORD_START = re.compile(rb"\nWARC/1\.[01]\r?\n[A-Za-z][A-Za-z0-9-]*:")
_OVERLAP_KEEP = 64  # bytes kept from one chunk to the next, so a record start across two chunks is found


@dataclass
class Walk:
    """What the pass found: the records read whole, those that hold another record, and where it stopped."""

    records: int = 0  # records whose header and block were read whole
    overlapping: dict[int, int] = field(default_factory=dict)  # record number -> byte offset of the start it holds
    stop: tuple[int, str] | None = None  # (byte offset, why) where the archive stops being a WARC


def _header(stream: BinaryIO) -> tuple[int | None, int, str | None]:
    """(Content-Length, bytes read, why the header is bad) of the header after the version line."""
    read, length = 0, None
    for _ in range(MAX_HEADER_LINES):
        line = stream.readline(MAX_HEADER_LINE)
        read += len(line)
        if not line:
            return None, read, "the archive ends inside a record header"
        if not line.endswith(b"\n"):
            return None, read, f"a header line longer than {MAX_HEADER_LINE:,} bytes"
        if not line.strip():
            return length, read, None if length is not None else "a record header without Content-Length"
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            if not value.strip().isdigit():
                return None, read, f"Content-Length {value.strip()[:40]!r} is not a number"
            length = int(value.strip())
    return None, read, f"a record header of more than {MAX_HEADER_LINES} lines"


def _block(stream: BinaryIO, length: int) -> tuple[int, int | None]:
    """(bytes read, offset in the block of a record start it holds, if any) of a content block of ``length``."""
    read, tail, found = 0, b"", None
    while read < length:
        chunk = stream.read(min(_CHUNK, length - read))
        if not chunk:
            break
        if found is None and (match := _RECORD_START.search(tail + chunk)) is not None:
            found = read - len(tail) + match.start() + 1
        tail = chunk[-_OVERLAP_KEEP:]
        read += len(chunk)
    return read, found


def walk_records(stream: BinaryIO) -> Walk:
    """Walk the records of the (inflated) archive ``stream`` from its start; see the module's doc."""
    walk, offset = Walk(), 0
    try:
        while True:
            line = stream.readline(MAX_HEADER_LINE)
            if not line:
                return walk
            if not line.strip():  # the blank lines that end a record
                offset += len(line)
                continue
            if not re.match(rb"WARC/\d+\.\d+\r?\n", line):
                where = "the file does not start as a WARC" if walk.records == 0 else \
                    f"record {walk.records} ends where its Content-Length says, but no record starts there"
                walk.stop = (offset, f"{where} (found {line[:24]!r})")
                return walk
            length, header, problem = _header(stream)
            if length is None:
                walk.stop = (offset, f"record {walk.records + 1}: {problem}")
                return walk
            read, inner = _block(stream, length)
            if inner is not None:
                walk.overlapping[walk.records + 1] = offset + len(line) + header + inner
            if read < length:  # cut off: warcio reports the record as truncated
                return walk
            walk.records += 1
            offset += len(line) + header + read
    except (EOFError, OSError, zlib.error):  # a cut-off or unreadable gzip stream: reported by the gzip check
        return walk
