"""The page steps the silver pipeline shares with ``add-seed``: extraction, language, near-duplicate
signature and relevance.

Each is a thin call into the one implementation the project has, so that a page becomes the same
text, is refused for the same reasons and scores the same whether it is added as a seed or
pre-annotated in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGUAGE = "id"


@dataclass(frozen=True)
class Page:
    """The article a page holds and what the page says about it; fields it does not say are empty."""

    text: str
    title: str = ""
    published: str = ""
    outlet: str = ""
    licence: str = ""


def extract_page(html: bytes, url: str) -> Page | None:
    """The article of an HTML page, or None when the page holds none."""
    import trafilatura

    document = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, favor_precision=True,
                                           include_comments=False, include_tables=False, with_metadata=True)
    if document is None or not (document.text or "").strip():
        return None
    paragraphs = [line.strip() for line in document.text.splitlines() if line.strip()]
    return Page("\n\n".join(paragraphs), document.title or "", document.date or "", document.sitename or "",
                document.license or "")


def language_of(text: str) -> tuple[str, float]:
    """The text's language as an ISO 639-1 code, and the identifier's confidence in it."""
    detector = _detector()
    values = detector.compute_language_confidence_values(text[:2000])
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(best.value, 4)


_DETECTOR: Any = None


def _detector() -> Any:
    global _DETECTOR
    if _DETECTOR is None:
        from lingua import Language, LanguageDetectorBuilder

        _DETECTOR = LanguageDetectorBuilder.from_languages(
            Language.INDONESIAN, Language.MALAY, Language.ENGLISH, Language.JAVANESE if hasattr(Language, "JAVANESE")
            else Language.TAGALOG).with_low_accuracy_mode().build()
    return _DETECTOR


NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.8


def signature(text: str) -> Any:
    """MinHash hash values (``NUM_PERM`` uint64) of the text's word shingles."""
    import re

    from datasketch import MinHash

    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
                for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch(sorted(shingles))
    return minhash.hashvalues


RELEVANCE_TERMS = ("pemerintah", "pelayanan", "publik", "bupati", "gubernur", "wali kota", "dinas", "kementerian",
                   "aparatur", "birokrasi", "anggaran", "kebijakan", "desa", "kabupaten", "provinsi", "daerah",
                   "program", "reformasi", "inovasi", "warga", "masyarakat", "peraturan", "camat", "lurah")


def relevance(text: str) -> float:
    """How much the text is about public administration, from 0 to 1."""
    lowered = text.lower()
    hits = sum(lowered.count(term) for term in RELEVANCE_TERMS)
    words = max(1, len(lowered.split()))
    return round(min(1.0, 20 * hits / words), 4)
