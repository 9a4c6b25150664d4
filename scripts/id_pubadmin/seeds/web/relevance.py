"""How much a text is about public administration: a documented, weighted lexicon of the field's terms.

The terms come from the annotation guidelines' entity types (the government bodies of ORG, the
offices of ROLE, the public-service programmes of PROGRAM, the administrative units of GPE) and from
the seed article's vocabulary of administration (bureaucracy, public service, policy, budget).
Each term weighs 3 (only said of public administration), 2 (mostly) or 0.5 (units and words such as
``desa`` or ``warga`` that any local news uses).
The score is ``1 - exp(-density / SCALE)``, where ``density`` is the weight of the terms found per
100 words: 0 for a text with none, 0.63 at ``SCALE`` weight per 100 words, near 1 above. Longer
terms are matched first and a word counts once (``pelayanan publik`` is one term, not two).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ...core.errors import GUIDELINES, Problem, define_error

TEXT_BELOW_RELEVANCE = define_error(
    "text-below-relevance", GUIDELINES,
    "the article's public-administration relevance score is below the minimum asked for (--min-relevance)",
    "add articles about public administration, or lower --min-relevance if this one belongs in the corpus")

SCALE = 12.0
DEFAULT_MIN_RELEVANCE = 0.2

# weight -> terms, grouped by what they name; matched case-insensitively as whole words.
LEXICON: dict[str, tuple[float, tuple[str, ...]]] = {
    "administration (seed vocabulary)": (3, (
        "birokrasi", "reformasi birokrasi", "pelayanan publik", "layanan publik", "administrasi negara",
        "administrasi pemerintahan", "aparatur sipil negara", "ASN", "PNS", "pegawai negeri", "e-government",
        "SPBE", "tata kelola", "good governance", "akuntabilitas", "transformasi digital", "pemerintahan daerah",
        "otonomi daerah", "zona integritas", "maladministrasi", "ombudsman")),
    "government bodies (ORG)": (3, (
        "Pemkab", "Pemkot", "Pemprov", "Pemda", "pemerintah kabupaten", "pemerintah kota", "pemerintah provinsi",
        "pemerintah daerah", "pemerintah pusat", "pemerintah desa", "kementerian", "Kemendagri", "KemenPAN-RB",
        "KemenPANRB", "Lembaga Administrasi Negara", "LAN RI", "BKN", "Badan Kepegawaian", "Bappeda", "Bappenas",
        "DPRD", "sekretariat daerah", "dinas", "inspektorat", "BPK", "KPK", "Dukcapil")),
    "offices (ROLE)": (2, (
        "bupati", "wakil bupati", "wali kota", "walikota", "wakil wali kota", "gubernur", "wakil gubernur", "menteri",
        "sekda", "sekretaris daerah", "kepala dinas", "camat", "lurah", "kepala desa", "deputi", "direktur jenderal",
        "pejabat", "aparatur")),
    "public-service programmes (PROGRAM)": (2, (
        "Mal Pelayanan Publik", "MPP", "inovasi daerah", "layanan daring", "pelayanan terpadu", "PTSP",
        "satu pintu", "perizinan", "kependudukan", "bantuan sosial", "bansos", "program pemerintah")),
    "policy, law and budget": (2, (
        "kebijakan", "regulasi", "peraturan daerah", "perda", "peraturan pemerintah", "peraturan presiden",
        "undang-undang", "anggaran", "APBD", "APBN", "dana desa", "pengadaan", "rencana pembangunan",
        "musrenbang", "reformasi", "digitalisasi", "inovasi")),
    "administrative units (GPE)": (0.5, (
        "kabupaten", "kota", "provinsi", "kecamatan", "kelurahan", "desa", "daerah", "negara", "pemerintah",
        "pemerintahan", "publik", "warga", "masyarakat", "program", "layanan", "pelayanan")),
}


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, float]]:
    weights = {term.lower(): weight for weight, terms in LEXICON.values() for term in terms}
    alternatives = "|".join(re.escape(term) for term in sorted(weights, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), weights


_WORD = re.compile(r"\w+(?:-\w+)*")


def relevance_terms(text: str) -> list[str]:
    """The lexicon's terms found in ``text``, lower-cased, in order (a word counts once)."""
    pattern, _ = _matcher()
    return [match.group(0).lower() for match in pattern.finditer(text)]


def relevance_score(text: str) -> float:
    """Public-administration relevance of ``text`` in [0, 1], rounded to 3 decimals (see the module doc)."""
    words = len(_WORD.findall(text))
    if not words:
        return 0.0
    _, weights = _matcher()
    density = 100 * sum(weights[term] for term in relevance_terms(text)) / words
    return round(1 - math.exp(-density / SCALE), 3)


def relevance_problem(score: float, minimum: float, source: str) -> Problem | None:
    """Why a text with this score is refused; None when it reaches ``minimum``."""
    if score >= minimum:
        return None
    return TEXT_BELOW_RELEVANCE.at(source, "article text",
                                   f"relevance score {score:.3f} is below the minimum {minimum:.3f}")
