"""A news article out of the bytes of a web page: its main text and the metadata the page states.

``trafilatura`` finds the main text, set for precision (no navigation, related links, captions,
comments, tables or footers); ``htmldate`` the publication date, from the page's markup and URL only
(no guess from dates in the text). Nothing is invented: a field the page does not state is None, and
:meth:`Article.missing` names it. The page's bytes are checked before any parsing: size limit,
gzip bombs, and the declared character encoding.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache

from ...core.errors import FORMAT, Problem, define_error
from .dates import publication_date
from .encoding import decode
from .language import detect_language
from .licence import declared_licence
from .relevance import relevance_score

PAGE_TOO_LARGE = define_error(
    "page-too-large", FORMAT, "the web page is larger than the size limit (MAX_PAGE_BYTES, 2 MiB)",
    "save the article's page alone (not a whole site or a feed); a news page is far smaller")
PAGE_GZIP_BOMB = define_error(
    "page-gzip-bomb", FORMAT,
    "the gzip-compressed page (a .gz file or a Content-Encoding: gzip record) inflates beyond the size limit",
    "it was not inflated further; save the page uncompressed, or drop it: no news page is that large")
PAGE_NO_ARTICLE = define_error(
    "page-no-article", FORMAT,
    "no article text could be extracted from the page (not HTML, or too little main text: an index, a gallery, "
    "a login wall)",
    "give the page of one article; if it holds one, save it with its text (not a script-only shell)")
PAGE_NO_DATE = define_error(
    "page-no-date", FORMAT,
    "the page states no publication date (in its markup or URL), and a seed needs its month",
    "give the month printed on the article with --published YYYY-MM")

MAX_PAGE_BYTES = 2 * 1024 * 1024
MIN_ARTICLE_WORDS = 40
GZIP_MAGIC = b"\x1f\x8b"

_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|article|p)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_META_SITE_NAME = re.compile(r"""<meta\s(?=[^>]*\b(?:property|name)\s*=\s*["']?(?:og:site_name|application-name)\b)"""
                             r"""[^>]*\bcontent\s*=\s*["']([^"'>]*)""", re.IGNORECASE)
# Paragraphs Indonesian news sites put inside the article text to send readers elsewhere or mark ads;
# trafilatura keeps them when they sit among the article's own paragraphs.
_LINK_PROMPT = re.compile(r"(?:baca|simak|lihat|tonton)\s+(?:juga|pula)\b|artikel\s+terkait\b|berita\s+terkait\b|"
                          r"advertisement\b|scroll\s+to\s+continue\b|iklan\b", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """The bytes of one web page and what its transport says about them."""

    html: bytes
    url: str | None
    source: str  # the file (and record) it came from, for problems and provenance
    charset: str | None = None  # declared by an HTTP header
    content_encoding: str | None = None  # as served, when the bytes are still compressed


@dataclass(frozen=True)
class Article:
    """The main text of a page with the metadata the page states (None where it states nothing)."""

    text: str
    url: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    outlet: str | None  # site name or publisher
    language: str
    language_confidence: float
    relevance: float
    extractor: str  # "trafilatura X.Y.Z"
    raw_sha256: str  # of the page's bytes as read (the WARC record's payload)
    licence: str | None
    source: str
    duplicate_of: str | None = None  # kept although a near-duplicate of this (--allow-duplicates)
    duplicate_similarity: float | None = None

    def missing(self) -> list[str]:
        """The metadata fields the page did not state."""
        return [name for name in ("url", "title", "published", "outlet") if getattr(self, name) is None]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@lru_cache(maxsize=1)
def extractor_name() -> str:
    from importlib.metadata import version

    return f"trafilatura {version('trafilatura')}"


def inflate(page: Page) -> bytes | Problem:
    """The page's bytes, gunzipped when compressed, never more than MAX_PAGE_BYTES of them."""
    data = page.html
    compressed = data.startswith(GZIP_MAGIC) or (page.content_encoding or "").lower() in ("gzip", "x-gzip", "deflate")
    if not compressed:
        if len(data) > MAX_PAGE_BYTES:
            return PAGE_TOO_LARGE.at(page.source, "", f"{len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,} bytes")
        return data
    wbits = 16 + zlib.MAX_WBITS if data.startswith(GZIP_MAGIC) else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, MAX_PAGE_BYTES + 1)
    except zlib.error as exc:
        return PAGE_NO_ARTICLE.at(page.source, "", f"compressed data that cannot be inflated: {exc}")
    if len(out) > MAX_PAGE_BYTES:
        return PAGE_GZIP_BOMB.at(page.source, "", f"{len(data):,} compressed bytes inflate beyond the limit of "
                                                  f"{MAX_PAGE_BYTES:,} bytes; inflating stopped there")
    return out


def article_text(extracted: str, title: str | None) -> str:
    """The extracted lines as seed paragraphs (one blank line between), without a leading headline and
    without the 'read also' links and ad marks placed among them."""
    lines = [" ".join(line.split()) for line in extracted.splitlines()]
    lines = [line for line in lines if line and not _LINK_PROMPT.match(line)]
    if lines and title and lines[0] == " ".join(title.split()):
        lines = lines[1:]
    return "\n\n".join(lines)


def _stated_site_name(site_name: str | None, hostname: str | None, html: str) -> str | None:
    """The site name the page states; None when trafilatura only fell back to the address's host name (a site
    name equal to the host name is kept when the page's markup states it: ``og:site_name="KabarPraja.id"``)."""
    if not site_name:
        return None
    if hostname and site_name.lower().removeprefix("www.") == hostname.lower().removeprefix("www."):
        stated = {match.group(1).strip().lower() for match in _META_SITE_NAME.finditer(html)}
        return site_name if site_name.lower() in stated else None
    return site_name


def extract_page(page: Page) -> Article | Problem:
    """The article of ``page``, or the problem that stops it (size, compression, encoding, no article)."""
    data = inflate(page)
    if isinstance(data, Problem):
        return data
    html = decode(data, page.charset, page.source)
    if not _HTML.search(html[:65536] if isinstance(html, str) else data[:65536].decode("latin-1")):
        return PAGE_NO_ARTICLE.at(page.source, "", "not an HTML page (no <html>, <body> or <p> tag near its start)")
    if isinstance(html, Problem):
        return html
    from trafilatura import bare_extraction

    document = bare_extraction(html, url=page.url, favor_precision=True, include_comments=False,
                               include_tables=False, include_images=False, include_links=False, with_metadata=True)
    text = article_text(document.text or "", document.title) if document is not None else ""
    words = len(_WORD.findall(text))
    if words < MIN_ARTICLE_WORDS:
        return PAGE_NO_ARTICLE.at(page.source, "", f"{words} word(s) of main text found; an article has at least "
                                                   f"{MIN_ARTICLE_WORDS}")
    language, confidence = detect_language(text)
    return Article(
        text=text, url=page.url or document.url, title=document.title or None,
        published=publication_date(html, page.url),
        outlet=_stated_site_name(document.sitename, document.hostname, html),
        language=language, language_confidence=confidence, relevance=relevance_score(text),
        extractor=extractor_name(), raw_sha256=hashlib.sha256(page.html).hexdigest(),
        licence=declared_licence(html), source=page.source,
    )


def extract_article(html: bytes, url: str | None = None, source: str = "") -> Article | Problem:
    """The article of a page's bytes (``source`` names the page in problems; the URL when not given)."""
    return extract_page(Page(html, url, source or url or "page"))
