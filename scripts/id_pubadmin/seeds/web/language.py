"""Which language a text is in, offline, with Indonesian told apart from Malay and regional languages.

``lingua-language-detector`` ships its n-gram models in its wheel (no download at run time). Only the
languages an Indonesian news crawl meets are loaded (:data:`LANGUAGES`): all 75 would take about a
gigabyte of memory, these about 130 MB (``python -m id_pubadmin.bench web``), and a text in another
language is still refused (as the nearest of these). lingua knows none of Indonesia's regional
languages: Javanese, Sundanese, Minangkabau, Balinese, Buginese, Acehnese, Banjar and Madurese are
told by their function words first (:mod:`.regional`).
"""

from __future__ import annotations

from functools import lru_cache

from ...core.errors import GUIDELINES, Problem, define_error
from .regional import REGIONAL, regional_language

TEXT_NOT_INDONESIAN = define_error(
    "text-not-indonesian", GUIDELINES,
    "the article is not in Indonesian (an offline language identifier says which language it is, and how sure it is; "
    "Malay and eight regional languages, Javanese and Sundanese among them, are told apart)",
    "add only Indonesian articles; a page in Malay, English or a regional language belongs to another corpus")

# Names of lingua's Language members: Indonesian, its close neighbour Malay, and the languages of the
# region and of the foreign news an Indonesian site republishes.
LANGUAGES = (
    "INDONESIAN", "MALAY", "ENGLISH", "TAGALOG", "VIETNAMESE", "THAI", "CHINESE", "JAPANESE", "KOREAN",
    "ARABIC", "DUTCH",
)
MIN_CONFIDENCE = 0.5  # below it, a text detected as Indonesian is refused as too uncertain


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES)).build()


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639 code, confidence in [0, 1]) of the most likely language of ``text``; ('und', 0.0) for none.
    For a regional language the confidence is the share of the text's words that are its function words."""
    regional = regional_language(text)
    if regional is not None:
        return regional
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return "und", 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(best.value, 4)


def language_problem(code: str, confidence: float, source: str, expected: str = "id") -> Problem | None:
    """Why a text detected as ``code`` with ``confidence`` is refused; None when it is ``expected``."""
    if code == expected and confidence >= MIN_CONFIDENCE:
        return None
    detected = f"detected language {code!r} with confidence {confidence:.2f}"
    if code in REGIONAL:
        name = REGIONAL[code][0]
        detected = f"detected language {code!r} ({name}): {confidence:.0%} of its words are {name} function words"
    if code == expected:
        detected += f", below the {MIN_CONFIDENCE:.2f} needed"
    return TEXT_NOT_INDONESIAN.at(source, "article text", f"{detected}; expected {expected!r}")
