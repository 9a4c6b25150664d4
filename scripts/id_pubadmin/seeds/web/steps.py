"""The page steps as generator steps over a stream of items, in the manner of ``datatrove`` pipelines.

Each step is a picklable callable taking an iterable and yielding what passes; a filter keeps every
item it dropped with the problem saying why (``step.dropped``), so nothing disappears unreported.
``add-seed`` and any larger pipeline chain the same steps with :func:`run_steps`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ...core.errors import Problem
from .duplicates import NearDuplicateIndex, duplicate_problem, minhash
from .extract import PAGE_NO_DATE, Article, Page, extract_page
from .language import language_problem
from .relevance import DEFAULT_MIN_RELEVANCE, relevance_problem

Step = Callable[[Iterable], Iterator]


@dataclass
class Extract:
    """Pages (or problems met while reading them) in, articles out; problems and failed pages dropped."""

    dropped: list[tuple[Page | None, Problem]] = field(default_factory=list)

    def __call__(self, pages: Iterable[Page | Problem]) -> Iterator[Article]:
        for page in pages:
            article = page if isinstance(page, Problem) else extract_page(page)
            if isinstance(article, Problem):
                self.dropped.append((None if isinstance(page, Problem) else page, article))
            else:
                yield article


@dataclass
class LanguageFilter:
    """Keeps the articles detected as ``language`` (Indonesian unless told otherwise)."""

    language: str = "id"
    dropped: list[tuple[Article, Problem]] = field(default_factory=list)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            problem = language_problem(article.language, article.language_confidence, article.source, self.language)
            if problem is None:
                yield article
            else:
                self.dropped.append((article, problem))


@dataclass
class RelevanceFilter:
    """Keeps the articles whose relevance score reaches ``minimum``."""

    minimum: float = DEFAULT_MIN_RELEVANCE
    dropped: list[tuple[Article, Problem]] = field(default_factory=list)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            problem = relevance_problem(article.relevance, self.minimum, article.source)
            if problem is None:
                yield article
            else:
                self.dropped.append((article, problem))


@dataclass
class DateFilter:
    """Keeps the articles whose page states a publication date, or all of them when a ``month`` (YYYY-MM,
    read off the page by a person) is given for those that state none."""

    month: str | None = None
    dropped: list[tuple[Article, Problem]] = field(default_factory=list)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if article.published or self.month:
                yield article
            else:
                self.dropped.append((article, PAGE_NO_DATE.at(article.source, "", "htmldate found no publication "
                                                              "date in the page's markup or URL")))


def source_key(article: Article) -> str:
    """The default index key of an article: where it came from."""
    return article.source


@dataclass
class DuplicateFilter:
    """Drops near-duplicates of what ``index`` holds (existing seeds) and of the articles before them in the
    stream; each kept article is added to the index under its ``key``. With ``allow`` they are kept and
    carry the key of the text they copy and the similarity."""

    index: NearDuplicateIndex = field(default_factory=NearDuplicateIndex)
    allow: bool = False
    key: Callable[[Article], str] = field(default_factory=lambda: source_key)
    dropped: list[tuple[Article, Problem]] = field(default_factory=list)
    copies: dict[str, tuple[str, float]] = field(default_factory=dict)  # source dropped -> (key copied, similarity)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            signature = minhash(article.text)
            nearest = self.index.nearest(signature)
            if nearest is not None and not self.allow:
                self.dropped.append((article, duplicate_problem(*nearest, article.source)))
                self.copies[article.source] = nearest
                continue
            key = self.key(article)
            if key not in self.index:
                self.index.add(key, signature)
            if nearest is not None:
                article = dataclasses.replace(article, duplicate_of=nearest[0], duplicate_similarity=nearest[1])
            yield article


def run_steps(items: Iterable, steps: Iterable[Step]) -> Iterator:
    """``items`` through every step in turn, lazily."""
    for step in steps:
        items = step(items)
    yield from items


def dropped(steps: Iterable[Step]) -> list[Problem]:
    """Every problem the steps dropped an item for, step by step."""
    return [problem for step in steps for _, problem in getattr(step, "dropped", [])]

