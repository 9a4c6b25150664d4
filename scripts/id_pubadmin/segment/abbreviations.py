"""Abbreviations whose final dot does not end a sentence.

``NON_FINAL`` holds abbreviations that stand *before* something (a name, a place, a number): after
them a capital letter or a digit is the rest of the same sentence. Abbreviations that often close a
sentence (``dll.``, ``dsb.``, ``dkk.``, ``Inc.``) are in ``ENDING`` instead: a capital after them
starts a new sentence (``dll. Kemudian``), a lowercase word continues it (``dll. yang``).
Entries are lowercase and matched case-insensitively, without the dot.
"""

from __future__ import annotations

TITLES: frozenset[str] = frozenset(
    """
    dr drg drh dra drs prof ir ph h hj kh tgk ust ustd
    tn ny nn sdr sdri bpk bp yth rd tb mr mrs mgr pdt rm st sta rev
    moh muh mohd muhd moch abd ach ahm
    jend letkol kapt pol
    """.split()
)
"""Personal titles, honorifics and name prefixes (``Dr.``, ``H.``, ``Tn.``, ``Moh.``, ``Ph. D.``)."""

PLACES: frozenset[str] = frozenset(
    """
    jl jln gg kab kec kel ds dsn dk kp prov kep blk lt
    """.split()
)
"""Address and administrative-area prefixes (``Jl.``, ``Kab.``, ``Kec.``, ``Lt.`` for a floor)."""

ORGANISATIONS: frozenset[str] = frozenset("pt cv ud pte sdn tbk univ dept fak jur".split())
"""Company forms and institution words followed by more of the name (``Pte. Ltd.``, ``Univ.``)."""

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
    dll dsb dst dkk tsb sbb ybs etc al ca cf ed eds ex op cit ibid org ket ref approx resp
    inc ltd co corp bhd
    """.split()
)
"""Abbreviations that may close a sentence; lowercase abbreviations without a vowel (``tgl.``,
``jt.``) are recognised by their shape and need no entry."""
