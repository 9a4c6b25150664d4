"""Names the rules know from lists: organisations and public figures (the project's own lists),
programmes known by their acronym, and acronyms that name no organisation.

The entity model reads the first two lists as a feature (:mod:`.lexicon`) but still misses
one-word organisations and nicknames it never saw in training, and types some organisations as
people or places. So a listed name standing alone (no capitalised word before or after it, which
would make it part of a longer name) is a candidate of its own, and a model span that *is* a
listed name takes the list's label. Programmes known by their acronym (``SPBE``, ``MPP``, ``PKH``)
are PROGRAM. Document, budget and technical acronyms (``APBD``, ``HVS``, ``QR``) are capitalised
like organisations but are none (GUIDELINES.md §3: documents are no entities): a span that is one
of them is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .entity_ids import Mention
from .lexicon import project_list

NOT_ORGANISATIONS = frozenset("""
APBD APBN APBDes RAPBD RAPBN APBD-P PAD DAU DAK DBH SILPA SiLPA DIPA DPA RKA RKPD RPJMD RPJMN RPJPD Renstra Renja
KUA-PPAS LKPD LHP WTP WDP TGR LAKIP LKjIP IKM IPM IPP PDRB SPM SOP SK SE SKB PP UU Perda Perpres
Perbup Perwali Pergub Permen Permendagri PermenPANRB Inpres Keppres Kepmen Perppu RUU Raperda KTP e-KTP KIA NIK KK
SIM STNK NPWP NIB IMB PBG SLF HGU SHM SPPT ASN PNS PPPK CPNS P3K TPP TKD THR
UMKM UMR UMK UMP CSR BBM LPG HVS ATK QR QRIS GPS CCTV WiFi Wi-Fi IT TI TIK AI PIN OTP PDF SMS API HP PC USB LED
KWh APD TTE RT RW OPD SKPD PAUD TK SD SMP SMA SMK IPTEK SDM SDA HAM NKRI
""".split())
# Government programmes known by their acronym are PROGRAM (GUIDELINES.md: a named programme or initiative), not ORG.
PROGRAMMES = frozenset("""
SPBE MPP PTSP BLT BLT-DD PKH BPNT KIP KIS JKN PPKM PSBB ZI WBK WBBM SAKIP SPIP MCP
""".split())


@lru_cache(maxsize=1)
def organisations() -> frozenset[str]:
    return frozenset(project_list("organisations"))


@lru_cache(maxsize=1)
def figures() -> frozenset[str]:
    return frozenset(project_list("public_figures"))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names = sorted(organisations() | figures() | PROGRAMMES, key=len, reverse=True)
    return re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, names))})(?![\w-])")


def listed_label(surface: str, label: str) -> str | None:
    """The label a span of ``surface`` takes: ORG, PERSON or PROGRAM when listed, None when it names nothing, else
    ``label``."""
    if surface in NOT_ORGANISATIONS:
        return None
    if surface in PROGRAMMES:
        return "PROGRAM"
    if surface in organisations():
        return "ORG"
    return "PERSON" if surface in figures() else label


def candidates(text: str) -> list[Mention]:
    """Every listed organisation or figure in ``text`` not followed by more of a name (capitalised words), unless
    they are a person's (:func:`split_run`), with its label; whether the word before it makes it part of a longer
    name is for the caller to say."""
    found = []
    for match in _pattern().finditer(text):
        following = re.match(r"(?: [A-Z][\w'-]*)+", text[match.end():])
        if not following or split_run(match[0] + following[0]) == len(match[0]):
            found.append(Mention(*match.span(), listed_label(match[0], "")))
    return found


def listed_before(text: str, start: int) -> int:
    """Where a span starting at ``start`` begins once a listed organisation written right before it is taken in
    (``LAN`` before ``RI``: one ``LAN RI``), and a ``Kantor`` before that; ``start`` when there is none."""
    before = text[max(0, start - 60):start]
    found = max((name for name in organisations() if before.endswith(f" {name} ") or before == f"{name} "),
                key=len, default=None)
    if found is None:
        return start
    start -= len(found) + 1
    return start - len("Kantor ") if text[max(0, start - 7):start] == "Kantor " else start


def split_run(surface: str) -> int | None:
    """Where an ORG span that runs a listed organisation into a person's name splits (``PDIP Puan Maharani``):
    the length of the organisation, or None when the span is one name."""
    for name in sorted((n for n in organisations() if surface.startswith(f"{n} ")), key=len, reverse=True)[:1]:
        rest = surface[len(name) + 1:].split()
        if rest and all(word[:1].isupper() for word in rest) and (len(rest) >= 2 and not ORG_WORDS & set(rest)
                                                                  or rest[0] in figures()):
            return len(name)
    return None


ORG_WORDS = frozenset({"RI", "Pusat", "Daerah", "Kabupaten", "Kota", "Provinsi", "Jawa", "Sumatera", "Kalimantan",
                       "Sulawesi", "Papua", "Bali", "Nusa", "Maluku", "Barat", "Timur", "Utara", "Selatan", "Tengah",
                       "Indonesia", "Republik", "Cabang", "Wilayah", "Perwakilan", "Komisi", "Fraksi", "Bidang"})
