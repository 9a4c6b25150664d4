"""Abbreviations whose final dot does not end a sentence.

``NON_FINAL`` holds abbreviations that stand *before* something (a name, a place, a number): after
them a capital letter or a digit is the rest of the same sentence. Abbreviations that often close a
sentence (``dll.``, ``dsb.``, ``dkk.``) are in ``ENDING`` instead: a capital after them starts a new
sentence (``dll. Kemudian``), a lowercase word continues it (``dll. yang``). Company suffixes
(``Tbk.``, ``Ltd.``, ``Inc.``) sit between the two: news text names a company and goes on with the
person or the verb (``Direktur PT Telkom Tbk. Budi Santoso``), so only a word that typically opens a
sentence (``words.SENTENCE_STARTERS``) starts a new one after them. Entries are lowercase and
matched case-insensitively, without the dot; ``CAPITALISED_TITLES`` only when written capitalised.
"""

from __future__ import annotations

import re

TITLES: frozenset[str] = frozenset(
    """
    dr drg drh dra drs prof ir ph h hj kh tgk ust ustd
    tn ny nn sdr sdri bpk bp yth rd tb mr mrs mgr pdt rm st sta rev
    moh muh mohd muhd moch abd ach ahm
    jend letkol kapt pol kol brigjen mayjen letjen laksma laksda marsma marsda irjen kombes
    """.split()
)
"""Personal titles, honorifics and name prefixes (``Dr.``, ``H.``, ``Tn.``, ``Moh.``, ``Ph. D.``)."""

PLACES: frozenset[str] = frozenset(
    """
    jl jln gg kab kec kel ds dsn dk kp prov kep blk lt
    """.split()
)
"""Address and administrative-area prefixes (``Jl.``, ``Kab.``, ``Kec.``, ``Lt.`` for a floor)."""

ORGANISATIONS: frozenset[str] = frozenset("pt cv ud univ dept fak jur".split())
"""Company forms and institution words followed by more of the name (``PT.``, ``Univ.``)."""

COMPANY_SUFFIXES: frozenset[str] = frozenset(
    "tbk ltd co inc corp bhd llc plc pte sdn pty llp lp gmbh".split()
)
"""Legal forms that close a company name (``Tbk.``, ``Co. Ltd.``, ``Pte. Ltd.``, ``Sdn. Bhd.``)."""

CAPITALISED_TITLES: frozenset[str] = frozenset(
    "ms messrs pres gov sen rep gen col maj capt cmdr adm sgt supt insp hon fr atty".split()
)
"""English honorifics of translated news (``Ms.``, ``Pres.``, ``Gen.``); some are Indonesian words
when lowercase (``gen``, ``sen``), so they count only capitalised."""

REFERENCES: frozenset[str] = frozenset(
    """
    no hlm vol jil ps psl tgl tel telp fax ext rp
    vs mis spt yg dgn dg utk krn
    jan feb mar apr jun jul agu agt ags sep sept okt nov nop des
    """.split()
)
"""Words that introduce a number or continue a phrase (``No.``, ``Rp.``, ``vs.``, ``Okt.``)."""

NON_FINAL: frozenset[str] = TITLES | PLACES | ORGANISATIONS | REFERENCES
"""Every abbreviation after which no sentence boundary is placed."""

ENDING: frozenset[str] = frozenset(
    """
    dll dsb dst dkk tsb sbb ybs etc al ca cf ed eds ex op cit ibid org ket ref approx resp jr sr
    """.split()
)
"""Abbreviations that may close a sentence; lowercase abbreviations without a vowel (``tgl.``,
``jt.``) are recognised by their shape and need no entry."""

_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_VOWEL = re.compile("[aeiouy]")


def is_abbreviation(word: str) -> bool:
    """An abbreviation after which even a capital letter or a digit continues the sentence."""
    if not word:
        return False
    if len(word) == 1:
        return word.isalpha()
    lower = word.lower()
    return (lower in NON_FINAL or _DOTTED_ABBREVIATION.fullmatch(word) is not None
            or (word[0].isupper() and lower in CAPITALISED_TITLES))


def may_be_abbreviated(word: str) -> bool:
    """Any abbreviation, so that a lowercase word after its dot continues the sentence."""
    if is_abbreviation(word) or word.lower() in ENDING:
        return True
    return word.isalpha() and word.islower() and not _VOWEL.search(word)
