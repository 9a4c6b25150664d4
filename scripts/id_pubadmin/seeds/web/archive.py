"""The HTML pages of a web archive (WARC, plain or gzipped), read with ``warcio``.

Every ``response`` record (``resource`` too, as saved by some tools) whose URL matches the pattern is
a page; request, metadata and other records are not pages and are passed over. A matching record
that is not HTML, or is truncated, is a problem of its own and the other records are still read. A
gzipped archive is first inflated once in a stream to find truncation and bombs, since ``warcio``
silently stops at a cut-off gzip member.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from ...core.errors import FORMAT, Problem, define_error
from .extract import MAX_PAGE_BYTES, PAGE_GZIP_BOMB, PAGE_TOO_LARGE, Page
from .urls import masked
from .warc_walk import walk_records

WARC_TRUNCATED = define_error(
    "warc-truncated", FORMAT,
    "the web archive or one of its records is cut off (shorter than its Content-Length, marked WARC-Truncated, "
    "or a gzip stream that ends early) or is not a WARC at all",
    "fetch or copy the archive again in full; the records read before the cut are still added")
WARC_RECORD_OVERLAPS = define_error(
    "warc-record-overlaps", FORMAT,
    "a record of the web archive holds the start of another record: its Content-Length is too long and covers the "
    "record(s) after it, whose articles would vanish inside it",
    "fetch or write the archive again (its Content-Length headers are wrong); the covered records are not read")
WARC_RECORD_NOT_HTML = define_error(
    "warc-record-not-html", FORMAT,
    "a response record of the web archive holds no HTML (another Content-Type, or an HTTP status other than 200)",
    "select the article pages with --url-pattern; images, feeds and error pages are not articles")
WARC_NO_PAGES = define_error(
    "warc-no-pages", FORMAT,
    "the web archive holds no page to read: it is empty, or has no response record (only requests or metadata), "
    "or none whose URL --url-pattern matches",
    "give an archive of article pages (a crawl's WARC, or `silver pick --warc` of a run made from WARC files), "
    "or widen --url-pattern")

MAX_INFLATION = 100  # a gzipped archive inflating more than this many times over is a bomb (HTML: ~5-10)
_PAGE_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _gzip_problem(path: Path) -> Problem | None:
    """Why the gzipped archive at ``path`` cannot be read in full; None when its every member is whole."""
    compressed, inflated = path.stat().st_size, 0
    try:
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                inflated += len(chunk)
                if inflated > MAX_PAGE_BYTES and inflated > MAX_INFLATION * compressed:
                    return PAGE_GZIP_BOMB.at(str(path), f"inflated byte {inflated:,}",
                                             f"{compressed:,} compressed bytes inflate more than {MAX_INFLATION} "
                                             "times over; reading stopped there")
    except EOFError:
        return WARC_TRUNCATED.at(str(path), f"inflated byte {inflated:,}", "the gzip stream ends before its end "
                                 "mark: the archive was cut off; the records before the cut are read")
    except (OSError, zlib.error) as exc:
        return WARC_TRUNCATED.at(str(path), f"inflated byte {inflated:,}", f"not a readable gzip stream: {exc}")
    return None


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _record_page(record, source: str) -> Page | Problem:
    """The page a response record holds, or why it holds none."""
    if record.rec_headers.get_header("WARC-Truncated"):
        return WARC_TRUNCATED.at(source, "WARC-Truncated", f"the crawler cut the record off "
                                 f"({record.rec_headers.get_header('WARC-Truncated')})")
    http = record.http_headers
    status = http.get_statuscode() if http is not None else "200"
    content_type = (http.get_header("Content-Type") if http is not None else None) or \
        record.rec_headers.get_header("Content-Type") or ""
    if status != "200" or not content_type.split(";")[0].strip().lower() in _HTML_TYPES:
        return WARC_RECORD_NOT_HTML.at(source, "Content-Type", f"HTTP status {status}, Content-Type "
                                       f"{content_type or 'none'!r}")
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    encoding = (http.get_header("Content-Encoding") if http is not None else None) or ""
    if len(body) > MAX_PAGE_BYTES:
        if encoding.lower() in ("gzip", "x-gzip", "deflate", "br"):
            return PAGE_GZIP_BOMB.at(source, "payload", f"Content-Encoding {encoding} inflates beyond the limit of "
                                                        f"{MAX_PAGE_BYTES:,} bytes; inflating stopped there")
        return PAGE_TOO_LARGE.at(source, "payload", f"more than the limit of {MAX_PAGE_BYTES:,} bytes")
    record.content_stream().read()
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return WARC_TRUNCATED.at(source, "payload", f"the record ends {missing:,} bytes short of its Content-Length")
    return Page(body, record.rec_headers.get_header("WARC-Target-URI"), source, _charset(content_type))


def iter_archive_pages(path: Path | str, url_pattern: str | None = None) -> Iterator[Page | Problem]:
    """The HTML pages of the WARC at ``path`` whose URL matches ``url_pattern`` (a regular expression searched
    in the URL), each a :class:`Page` whose ``source`` names the archive, the record's number and URL; a problem for
    each bad record, and for a truncated or bomb archive (after the records before the cut)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    pattern = re.compile(url_pattern) if url_pattern else None
    with path.open("rb") as head:
        gzipped = head.read(2) == b"\x1f\x8b"
    archive_problem = _gzip_problem(path) if gzipped else None
    if archive_problem is not None and archive_problem.code == PAGE_GZIP_BOMB.code:
        yield archive_problem
        return
    with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
        walk = walk_records(stream)
    stop = None if walk.stop is None else WARC_TRUNCATED.at(
        str(path), f"byte {walk.stop[0]:,}",
        walk.stop[1] + ("; the records before it are read" if walk.records else ""))
    if stop is not None and walk.records == 0:
        yield stop
        return
    number = reported = 0  # pages and bad records yielded
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), 1):
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                source = f"{path}#record {number} {masked(url)}".rstrip()
                if number in walk.overlapping:
                    reported += 1
                    yield WARC_RECORD_OVERLAPS.at(source, "Content-Length",
                                                  "the record's block holds the start of another record (at byte "
                                                  f"{walk.overlapping[number]:,} of the archive)")
                elif record.rec_type in _PAGE_RECORDS and not (pattern and not pattern.search(url)):
                    reported += 1
                    yield _record_page(record, source)
                if stop is not None and number >= walk.records:
                    break  # warcio would read on into what is no record
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        yield WARC_TRUNCATED.at(str(path), "", f"not readable as a WARC past this point: {str(exc)[:200]}")
        return
    for problem in (stop, archive_problem):
        if problem is not None:
            yield problem
    if not reported and stop is None and archive_problem is None:
        held = "it is empty" if not number else f"none of its {number} record(s) is a response or resource" + (
            f" whose URL matches --url-pattern {url_pattern!r}" if pattern else "")
        yield WARC_NO_PAGES.at(str(path), "", f"no page to read: {held}")
