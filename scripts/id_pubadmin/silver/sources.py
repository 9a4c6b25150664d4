"""What the silver pipeline reads: web archives, folders of saved pages and JSONL files, cut into shards.

A shard is the unit of work an engine task runs and a resumed run skips: one input file (a WARC,
a JSONL file) or up to :data:`PAGES_PER_SHARD` pages of a folder. Shards are planned from the
sorted inputs alone, never from the engine or its workers, so every engine runs the same shards.
Each record keeps where it came from (file and record offset), so a document can be found again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UsageError

PAGES_PER_SHARD = 500
PAGE_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
MAX_RECORD_BYTES = 5 * 2**20  # a page larger than this is no news article


@dataclass(frozen=True)
class Shard:
    """One unit of work: the kind of its inputs and their paths."""

    kind: str  # "warc", "pages" or "jsonl"
    paths: tuple[str, ...]

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Record:
    """One input record: raw HTML to extract (``html``) or a ready text (``text``), and where it came from."""

    source_file: str
    source_record: int  # byte offset of the WARC record, line number in JSONL, 0 for a page file
    url: str
    html: bytes = b""
    text: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # metadata a JSONL line gives (title, published, outlet, ...)
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
        raise UsageError("no input to read: give WARC files (.warc, .warc.gz), JSONL files (.jsonl, .jsonl.gz) "
                         "or folders holding them or saved pages (.html, .htm)")
    return shards


def _file_shards(paths: list[Path]) -> list[Shard]:
    shards = []
    for path in paths:
        if _suffix(path, WARC_SUFFIXES):
            shards.append(Shard("warc", (str(path),)))
        elif _suffix(path, JSONL_SUFFIXES):
            shards.append(Shard("jsonl", (str(path),)))
        else:
            raise UsageError(f"{path}: not a web archive (.warc, .warc.gz), a JSONL file (.jsonl, .jsonl.gz) or a "
                             "saved page (.html, .htm)")
    return shards


def read_shard(shard: Shard) -> Iterator[Record | tuple[str, str]]:
    """The shard's records in file order; a record that cannot be read is yielded as ``(where, reason)``."""
    reader = {"warc": _warc_records, "pages": _page_records, "jsonl": _jsonl_records}[shard.kind]
    for path in shard.paths:
        yield from reader(Path(path))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _page_records(path: Path) -> Iterator[Record | tuple[str, str]]:
    if path.stat().st_size > MAX_RECORD_BYTES:
        yield str(path), f"larger than {MAX_RECORD_BYTES:,} bytes"
        return
    data = path.read_bytes()
    yield Record(str(path), 0, path.resolve().as_uri(), html=data, sha256=_sha256(data))


def _warc_records(path: Path) -> Iterator[Record | tuple[str, str]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        try:
            for record in iterator:
                content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if record.rec_type != "response" or "html" not in content_type.lower():
                    continue
                data = _read_capped(record.content_stream())
                offset = iterator.get_record_offset()  # reads the record to its end: after its content
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if len(data) > MAX_RECORD_BYTES:
                    yield f"{path}@{offset}", f"record larger than {MAX_RECORD_BYTES:,} bytes"
                    continue
                yield Record(str(path), offset, url, html=data, sha256=_sha256(data))
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield str(path), f"the archive cannot be read past here: {exc}"


def _read_capped(stream: Any) -> bytes:
    """At most ``MAX_RECORD_BYTES + 1`` bytes of a stream (a record larger than the limit is never read whole)."""
    chunks, size = [], 0
    while size <= MAX_RECORD_BYTES and (chunk := stream.read(2**16)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _jsonl_records(path: Path) -> Iterator[Record | tuple[str, str]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                yield f"{path}:{number}", f"not a JSON object: {exc}"
                continue
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not isinstance(
                    item.get("id"), (str, int)):
                yield f"{path}:{number}", "not an object with a string 'text' and an 'id'"
                continue
            fields = tuple((key, str(item[key])) for key in ("title", "published", "outlet") if item.get(key))
            yield Record(str(path), number, str(item.get("url") or f"{path.name}#{item['id']}"), text=item["text"],
                         fields=fields, sha256=_sha256(line.rstrip(b"\n")))
