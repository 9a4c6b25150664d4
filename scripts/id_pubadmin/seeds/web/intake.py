"""Saved web pages and web archives in as new seeds: the page steps, then one seed file per kept article.

An extracted article becomes a seed in the usual layout: ``date YYYY-MM`` (the month the page
states, or ``--published``), the extracted text with one blank line between paragraphs, and `` ****``.
The text opens with a dateline only when the page printed one; the seed's metadata names the page
(url, title, publication date, site name), the extractor and the sha256 of the raw HTML, the
language with its confidence, the relevance score, a declared licence and, for a near-duplicate kept
with ``--allow-duplicates``, the seed it copies. Every refused page or record is reported with its
problem; the others are still added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ...core.errors import CorpusError, Problem
from ..adding import AddedSeeds, write_seed
from ..seed_files import parse_seed
from .archive import iter_archive_pages
from .duplicates import TEXT_NEAR_DUPLICATE, duplicate_problem, seed_index
from .extract import MAX_PAGE_BYTES, PAGE_TOO_LARGE, Article, Page
from .relevance import DEFAULT_MIN_RELEVANCE
from .steps import DateFilter, DuplicateFilter, Extract, LanguageFilter, RelevanceFilter, dropped, run_steps
from .urls import url_problem, url_refusal

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
FIRST_MONTH = "1945-01"  # the earliest --published month: the news of the Republic, from its founding year


def is_web_input(path: Path) -> bool:
    """Whether ``path`` names a saved web page or a web archive (by its suffix)."""
    return path.name.lower().endswith(PAGE_SUFFIXES + ARCHIVE_SUFFIXES)


def read_page(path: Path, url: str | None) -> Page | Problem:
    """The bytes of a saved page, refusing a file beyond the size limit before reading it."""
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        return PAGE_TOO_LARGE.at(str(path), "", f"{size:,} bytes; the limit is {MAX_PAGE_BYTES:,} bytes")
    with path.open("rb") as stream:
        return Page(stream.read(MAX_PAGE_BYTES + 1), url, str(path))


def pages_of(path: Path, url: str | None = None, url_pattern: str | None = None) -> Iterator[Page | Problem]:
    """The pages a web input holds: the saved page itself, or the archive's HTML records."""
    if path.name.lower().endswith(ARCHIVE_SUFFIXES):
        yield from iter_archive_pages(path, url_pattern)
    else:
        yield read_page(path, url)


def seed_raw(article: Article, month: str) -> str:
    """The seed file's text for an extracted article."""
    return f"date {month} {article.text} ****"


def web_fields(article: Article, copied: str | None) -> dict[str, object]:
    """The metadata fields a seed extracted from ``article`` gets beside the usual ones (absent ones left out)."""
    fields: dict[str, object] = {
        "url": article.url, "title": article.title, "published_date": article.published,
        "outlet": article.outlet, "site_name": article.outlet,
        "extractor": article.extractor, "raw_sha256": article.raw_sha256,
        "language_confidence": article.language_confidence, "relevance": article.relevance,
        "licence": article.licence, "duplicate_of": copied, "duplicate_similarity": article.duplicate_similarity,
        "missing_fields": ", ".join(article.missing()) or None,
    }
    return {key: value for key, value in fields.items() if value is not None}


def add_web_seeds(paths: list[Path], seeds_dir: Path, rights: str, url: str | None = None,
                  url_pattern: str | None = None, month: str | None = None,
                  min_relevance: float = DEFAULT_MIN_RELEVANCE, allow_duplicates: bool = False,
                  all_or_nothing: bool = False, signature_cache: Path | None = None,
                  ) -> tuple[AddedSeeds, dict[Path, Article]]:
    """Run the page steps over every page of ``paths`` and write a seed for each kept article (none if any is
    refused and ``all_or_nothing``); ``month`` (YYYY-MM) dates the pages that state no date; ``signature_cache``
    keeps the seeds' MinHash signatures. Returns what was added and refused, and the article of each added seed."""
    result = AddedSeeds(refused=[(path, "no such file") for path in paths if not path.is_file()])
    pages = (page for path in paths if path.is_file() for page in pages_of(path, url, url_pattern))
    duplicates = DuplicateFilter(seed_index(seeds_dir, signature_cache), allow_duplicates)
    steps = [Extract(), LanguageFilter(), RelevanceFilter(min_relevance), DateFilter(month), duplicates]
    kept: list[Article] = []
    for article in run_steps(pages, steps):
        if not article.url:
            result.refused.append((Path(article.source), "the page names no address of its own: give it with --url"))
        elif (problem := url_problem(article.url, article.source)) is not None:
            result.refused.append((Path(article.source.split("#")[0]), [problem]))
        else:
            kept.append(article)
    result.refused += [(Path(problem.file.split("#")[0]), [problem]) for problem in dropped(steps)]
    if result.refused and all_or_nothing:
        return result, {}
    document_ids: dict[str, str] = {}
    articles: dict[Path, Article] = {}
    for article in kept:
        raw = seed_raw(article, (article.published or month or "")[:7])
        copied = document_ids.get(article.duplicate_of or "", article.duplicate_of)
        try:
            path = write_seed(seeds_dir, raw, rights, "id", web_fields(article, copied))
        except CorpusError as exc:
            result.refused.append((Path(article.source.split("#")[0]), exc.problems))
            continue
        document_ids[article.source] = path.stem
        articles[path] = article
        result.added.append(path)
    result.refused = [(path, [_naming_seed(problem, duplicates.copies, document_ids) for problem in reason]
                       if isinstance(reason, list) else reason) for path, reason in result.refused]
    return result, articles


def _naming_seed(problem: Problem, copies: dict[str, tuple[str, float]], document_ids: dict[str, str]) -> Problem:
    """A near-duplicate of another page of the batch refused again, naming the seed that page became."""
    copied, similarity = copies.get(problem.file, ("", 0.0))
    if problem.code != TEXT_NEAR_DUPLICATE.code or copied not in document_ids:
        return problem
    return duplicate_problem(f"{document_ids[copied]} (added from {copied} in this batch)", similarity, problem.file)

def web_usage_problem(web: list[Path], url: str | None, url_pattern: str | None, month: str | None) -> str | None:
    """Why the web options do not fit the inputs; None when they do."""
    pages = [path for path in web if not path.name.lower().endswith(ARCHIVE_SUFFIXES)]
    if url and (refusal := url_refusal(url)) is not None:
        return f"--url refused: {refusal}"
    if url and len(pages) != 1:
        return f"--url names one page, but {len(pages)} saved pages were given: add them one at a time"
    if url_pattern:
        try:
            re.compile(url_pattern)
        except re.error as exc:
            return f"--url-pattern {url_pattern!r} is not a regular expression: {exc}"
    if month and not _MONTH.fullmatch(month):
        return f"--published {month!r} is not a month YYYY-MM"
    if month and not FIRST_MONTH <= month <= current_month():
        return f"--published {month!r} is outside {FIRST_MONTH} to {current_month()} (this month): give the month " \
               "printed on the article"
    return None


def current_month() -> str:
    """YYYY-MM of today in eastern Indonesia (UTC+9), the latest month an article can have been published in."""
    return datetime.now(timezone(timedelta(hours=9))).strftime("%Y-%m")


def added_notes(articles: dict[Path, Article]) -> list[str]:
    """What to tell about each seed made from a page: where from, what the page did not state, its licence."""
    notes = []
    for path, article in articles.items():
        notes.append(f"{path.name}: from {article.url} (relevance {article.relevance:.3f}, language "
                     f"{article.language} {article.language_confidence:.2f})")
        missing = [name for name in article.missing() if name != "outlet" or not parse_seed(path).outlet]
        if missing:
            notes.append(f"  the page states no {', '.join(missing)}: left out of the metadata")
        if article.duplicate_of:
            notes.append(f"  near-duplicate of {article.duplicate_of} (similarity {article.duplicate_similarity:.2f}), "
                         "kept as --allow-duplicates asked")
        if article.licence:
            notes.append(f"  the page declares the licence {article.licence}: recorded; consider it in --rights")
    return notes
