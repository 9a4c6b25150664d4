"""Region linking on generated sentences: every province, regency and city of the table, a sample of
districts, each named with its kind word beside the region above it; every regency or city name that
no other province, regency or city carries, bare; and every ambiguous bare name alone.

Each sentence's region mentions are given (this measures linking, not finding mentions) and each
linked code is compared with the region the sentence was made from. A bare name is ambiguous when
the regions of its highest level that carry it are several (``Malang``: the regency and the city);
linking it to any of them is wrong, leaving it unlinked with its candidates right. The gold GPE
mentions of a built corpus are scored too, against the Kemendagri links of their registry entries.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..predictor import regions
from ..predictor.linking import link_regions
from ..predictor.regions import Region

DISTRICT_SAMPLE = 10  # every tenth district


@dataclass(frozen=True)
class Case:
    """One generated sentence: its region mentions as (start, end, expected code or None for ambiguous)."""

    group: str
    text: str
    mentions: tuple[tuple[int, int, str | None], ...]


def _sentence(group: str, parts: list[tuple[str, str | None] | str]) -> Case:
    """A sentence from literal strings and (mention text, expected code) pairs."""
    text, mentions = "", []
    for part in parts:
        if isinstance(part, tuple):
            mentions.append((len(text), len(text) + len(part[0]), part[1]))
            text += part[0]
        else:
            text += part
    return Case(group, text, tuple(mentions))


def cases() -> list[Case]:
    """The generated sentences, in table order."""
    table = regions.by_code()
    made = []
    for number, region in enumerate(regions.regions()):
        province = table[region.code[:2]]
        if region.kind == "provinsi":
            made.append(_sentence("provinces", ["Gubernur menyambut tamu di ", (f"Provinsi {region.name}", region.code),
                                                "."]))
        elif region.kind in ("kabupaten", "kota"):
            word = ("Kab." if number % 2 else "Kabupaten") if region.kind == "kabupaten" else "Kota"
            made.append(_sentence("regencies" if region.kind == "kabupaten" else "cities", [
                "Pemerintah ", (f"{word} {region.name}", region.code), ", ", (province.name, province.code),
                ", meluncurkan layanan digital."]))
        elif number % DISTRICT_SAMPLE == 0:
            parent = table[region.code[:5]]
            word = "Kota" if parent.kind == "kota" else "Kabupaten"
            made.append(_sentence("districts", ["Camat di ", (f"Kecamatan {region.name}", region.code), ", ",
                                                (f"{word} {parent.name}", parent.code), ", hadir."]))
    for name, found in sorted(regions.index().items()):
        top = [r for r in found if r.kind != "kecamatan"] or found
        if name in _alias_names():
            continue
        surface = next(r.name for r in top if regions.normal(r.name) == name)
        if len(top) > 1:
            made.append(_sentence("ambiguous bare names", ["Warga ", (surface, None), " menyambut program itu."]))
        elif top[0].kind in ("kabupaten", "kota"):
            made.append(_sentence("bare regency and city names", ["Warga ", (surface, top[0].code),
                                                                  " menyambut program itu."]))
    return made


def _alias_names() -> set[str]:
    return {regions.normal(alias) for aliases in regions.PROVINCE_ALIASES.values() for alias in aliases}


@dataclass
class Tally:
    mentions: int = 0
    right: int = 0
    wrong: int = 0
    unlinked: int = 0


def run() -> tuple[dict[str, Tally], float]:
    """Tallies by group, and the seconds linking took per mention."""
    tallies: dict[str, Tally] = {}
    seconds, count = 0.0, 0
    for case in cases():
        began = time.perf_counter()
        found = link_regions(case.text, [(s, e) for s, e, _ in case.mentions])
        seconds += time.perf_counter() - began
        count += len(found)
        for (_, _, expected), linked in zip(case.mentions, found):
            tally = tallies.setdefault(case.group, Tally())
            tally.mentions += 1
            if not linked.links:
                tally.unlinked += 1
                tally.right += expected is None and len(linked.candidates) > 1
            elif linked.links == (f"kemendagri:{expected}",):
                tally.right += 1
            else:
                tally.wrong += 1
    return tallies, seconds / max(count, 1)


def gold(corpus: Path) -> Tally:
    """The corpus's gold GPE mentions linked from their spans alone: right when the link is the ``kemendagri``
    link of the mention's registry entry, or when there is none (``Jepang``) and nothing is linked."""
    from ..corpus.read import corpus_views

    tally = Tally()
    for view in corpus_views(corpus):
        places = [e for e in view.entities if e["label"] == "GPE"]
        for entity, linked in zip(places, link_regions(view.text, [(e["start"], e["end"]) for e in places])):
            expected = tuple(link for link in entity["links"] if link.startswith("kemendagri:"))
            tally.mentions += 1
            tally.unlinked += not linked.links
            if linked.links == expected:
                tally.right += 1
            elif linked.links:
                tally.wrong += 1
    return tally


def table(tallies: dict[str, Tally], per_mention: float) -> str:
    """The Markdown table of :func:`run`'s figures."""
    lines = ["| sentences naming | mentions | right | wrong | unlinked | right % |", "|---|---:|---:|---:|---:|---:|"]
    total = Tally()
    for group, tally in tallies.items():
        lines.append(f"| {group} | {tally.mentions:,} | {tally.right:,} | {tally.wrong:,} | {tally.unlinked:,} "
                     f"| {100 * tally.right / max(tally.mentions, 1):.2f} |")
        for name in ("mentions", "right", "wrong", "unlinked"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    lines.append(f"| all | {total.mentions:,} | {total.right:,} | {total.wrong:,} | {total.unlinked:,} "
                 f"| {100 * total.right / max(total.mentions, 1):.2f} |")
    kinds = Counter(r.kind for r in regions.regions())
    return (f"Region linking on generated sentences ({len(regions.regions()):,} regions: "
            f"{', '.join(f'{n:,} {k}' for k, n in sorted(kinds.items()))}; {regions.SOURCE}). "
            "An ambiguous bare name is right when left unlinked with its candidates.\n\n" + "\n".join(lines)
            + f"\n\n{per_mention * 1e6:.1f} µs per mention on one core.")
