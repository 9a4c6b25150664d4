"""Abbreviations whose final dot does not end a sentence.

Only abbreviations that stand *before* something (a name, a place, a number) belong here: after
them a capital letter or a digit is the rest of the same sentence. Abbreviations that often close a
sentence (``dll.``, ``dsb.``, ``dkk.``, ``Inc.``, ``SM.``) are deliberately absent; the segmenter
treats them like words, so ``dll. yang`` continues and ``dll. Kemudian`` ends a sentence.
Entries are lowercase and matched case-insensitively, without the dot.
"""

from __future__ import annotations

TITLES: frozenset[str] = frozenset(
    """
    dr drg drh dra drs prof ir h hj kh tgk ust ustd
    tn ny nn sdr sdri bpk bp yth rd tb mr mrs mgr pdt rm st sta rev
    moh muh mohd muhd moch abd ach ahm
    jend letkol kapt pol
    """.split()
)
"""Personal titles, honorifics and name prefixes (``Dr.``, ``H.``, ``Tn.``, ``Moh.``)."""

PLACES: frozenset[str] = frozenset(
    """
    jl jln gg kab kec kel ds dsn dk kp prov kep blk
    """.split()
)
"""Address and administrative-area prefixes (``Jl.``, ``Kab.``, ``Kec.``)."""

COMPANIES: frozenset[str] = frozenset("pt cv ud pte sdn tbk".split())
"""Company-form words that are followed by more of the company name (``Pte. Ltd.``, ``Tbk.``)."""

REFERENCES: frozenset[str] = frozenset(
    """
    no hlm vol jil ps psl tgl tel telp fax ext rp
    vs mis spt yg dgn dg utk krn
    jan feb mar apr jun jul agu agt ags sep sept okt nov nop des
    """.split()
)
"""Words that introduce a number or continue a phrase (``No.``, ``Rp.``, ``vs.``, ``Okt.``)."""

NON_FINAL: frozenset[str] = TITLES | PLACES | COMPANIES | REFERENCES
"""Every abbreviation after which no sentence boundary is placed."""
