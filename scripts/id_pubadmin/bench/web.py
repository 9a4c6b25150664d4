"""How well and how fast the page steps extract articles: ``python -m id_pubadmin.bench web``.

Each invented page of :mod:`.web_pages` wraps a known body in navigation, ads, related links,
comments, scripts, styles and a cookie banner. Body recall is the share of the body's words (counted
with repeats, lower-cased) found in the extracted text; boilerplate share the share of the extracted
text's words that are not the body's. Also the time per page and the memory the language models take.
"""

from __future__ import annotations

import re
import resource
import time
from collections import Counter

from . import web_pages

_WORD = re.compile(r"\w+")

# name -> (body paragraphs, news_page options)
PAGES: dict[str, tuple[list[str], dict[str, object]]] = {
    "regency service (article tag)": (web_pages.INDONESIAN_BODY, {}),
    "regency service, ad inside the text": (web_pages.INDONESIAN_BODY, {"inline_ad": True}),
    "city permits": (web_pages.SECOND_BODY, {"title": "Izin usaha kini buka malam", "site": "Warta Sukamulya"}),
    "city permits, ad inside the text": (web_pages.SECOND_BODY, {"inline_ad": True}),
    "football (not administration)": (web_pages.SPORTS_BODY, {}),
}


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def extraction_figures(body: list[str], text: str) -> tuple[float, float]:
    """(body recall, boilerplate share) of an extracted ``text`` against the page's known ``body``."""
    expected, found = _words(" ".join(body)), _words(text)
    recall = sum((expected & found).values()) / max(sum(expected.values()), 1)
    boilerplate = sum((found - expected).values()) / max(sum(found.values()), 1)
    return recall, boilerplate


def measure() -> list[dict[str, object]]:
    """One row per page: words of body and extracted text, recall, boilerplate share, milliseconds."""
    from ..seeds.web.extract import Article, extract_article

    rows = []
    for name, (body, options) in PAGES.items():
        page = web_pages.news_page(body, **options).encode()
        start = time.perf_counter()
        article = extract_article(page, "https://kabar.example/2024/03/04/berita")
        elapsed = time.perf_counter() - start
        text = article.text if isinstance(article, Article) else ""
        recall, boilerplate = extraction_figures(body, text)
        rows.append({"page": name, "page bytes": len(page), "body words": sum(_words(" ".join(body)).values()),
                     "seed words": sum(_words(text).values()), "recall": recall, "boilerplate": boilerplate,
                     "ms": 1000 * elapsed})
    return rows


def language_memory_mb() -> float:
    """Peak memory (MB) this process grew by when loading the language models (0 if they were loaded already)."""
    from ..seeds.web.language import detect_language

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    detect_language("Pemerintah kabupaten meningkatkan pelayanan publik bagi warga desa.")
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def markdown(rows: list[dict[str, object]], memory_mb: float) -> str:
    lines = ["| page | page bytes | body words | seed words | body recall | boilerplate share | ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r['page']} | {r['page bytes']:,} | {r['body words']} | {r['seed words']} | {r['recall']:.1%} | "
              f"{r['boilerplate']:.1%} | {r['ms']:.0f} |" for r in rows]
    lines.append(f"\nLanguage models loaded: {memory_mb:.0f} MB more peak memory (the first page's time includes "
                 "importing trafilatura).")
    return "\n".join(lines)


def main() -> int:
    memory = language_memory_mb()
    print(markdown(measure(), memory))
    return 0
