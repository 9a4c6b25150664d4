"""Entity linking of predicted mentions: regions to Kemendagri codes, agencies to the agency list, and
mentions to the project's entity registry.

A region mention is read as a kind word (``Kabupaten``, ``Kab.``, ``Kota``, ``Kecamatan``, ``Provinsi``...,
in the span or right before it, where a title such as ``Bupati`` or ``Pemkot`` tells it too) and a
name, looked up in :mod:`.regions`. One candidate is linked. Among several, a region the document
links elsewhere wins (``Kota Malang`` ... ``Malang``), or the one enclosing a region named just before
(``Kota Jambi, Jambi``: the province), or the one inside the nearest region the document names
(``Kecamatan Kalibaru, Kabupaten Banyuwangi``). A bare name means a province, regency or city before a
district (news writes ``Banyuwangi`` for the regency, not its district of the same name). What stays
ambiguous is left unlinked with its candidates; so is a bare district name with no enclosing region
named, which may as well be a foreign place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import regions
from .entity_ids import Mention
from .regions import Region

AGENCIES = Path(__file__).parent / "data" / "agencies.tsv"
LINK = re.compile(r"(?:kemendagri:\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?|agency:[a-z0-9]+|wikidata:Q[1-9]\d*)")
KIND_WORDS = {"provinsi": "provinsi", "prov.": "provinsi", "kabupaten": "kabupaten", "kab.": "kabupaten",
              "kota": "kota", "kecamatan": "kecamatan", "kec.": "kecamatan", "distrik": "kecamatan",
              "desa": "desa", "kelurahan": "desa"}
KIND_IN_SPAN = re.compile(r"^(Provinsi|Prov\.|Kabupaten|Kab\.|Kota|Kecamatan|Kec\.|Distrik|Desa|Kelurahan)"
                          r"(?: Administrasi)? ", re.I)
# A word right before the name that tells its kind: the kind word itself, a title, a government.
KIND_BEFORE = re.compile(r"(?:\b(Provinsi|Prov\.|Kabupaten|Kab\.|Kota|Kecamatan|Kec\.|Distrik|Desa|Kelurahan)"
                         r"|\b(Gubernur|Pemprov|Pemerintah Provinsi|DPRD Provinsi)"
                         r"|\b(Bupati|Pemkab|Pemerintah Kabupaten)|\b(Wali ?[Kk]ota|Pemkot|Pemerintah Kota)"
                         r"|\b(Camat))(?: Administrasi)? $")
BEFORE_KINDS = (None, "provinsi", "kabupaten", "kota", "kecamatan")
# A body of regional government, named with its region at the end (``Dinas Kesehatan Kabupaten Banyuwangi``).
REGIONAL_BODY = re.compile(r"(?:(Pemprov|Pemerintah Provinsi)|(Pemkab|Pemerintah Kabupaten)|(Pemkot|Pemerintah Kota)"
                           r"|Dinas|Badan|Bagian|Biro|Sekretariat Daerah|Setda|DPRD|Bappeda|BPBD|RSUD|Inspektorat"
                           r"|Satpol PP|Polres|Polresta|Polda|Disdukcapil|Dispendukcapil) ")
MAX_CANDIDATES = 20
CONTEXT_IDS = frozenset({"ROLE", "DATE"})  # ids made from each document's context: a bare ``Bupati`` is anybody's


@dataclass(frozen=True)
class Linked:
    """What linking found for one mention: its links (``kemendagri:35.10``), else the candidates' codes."""

    links: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass
class _Reading:
    start: int
    end: int
    candidates: tuple[Region, ...]
    chosen: Region | None = None


def region_reading(text: str, start: int, end: int) -> tuple[str | None, str]:
    """The kind (``kabupaten``...; None when nothing says it) and the name of a region mention."""
    surface = text[start:end]
    inside = KIND_IN_SPAN.match(surface)
    if inside:
        return KIND_WORDS[inside[1].lower()], surface[inside.end():]
    before = KIND_BEFORE.search(text, max(0, start - 30), start)
    if before:
        if before[1]:
            return KIND_WORDS[before[1].lower()], surface
        return next(kind for group, kind in zip(before.groups(), BEFORE_KINDS) if group), surface
    return None, surface


def _candidates(kind: str | None, name: str) -> tuple[Region, ...]:
    found = regions.index().get(regions.normal(name), ())
    if kind == "desa":
        return ()  # villages are not in the table
    return tuple(r for r in found if kind is None or r.kind == kind)


def link_regions(text: str, spans: Sequence[tuple[int, int]]) -> list[Linked]:
    """The Kemendagri link, or the candidates, of each region mention ``(start, end)`` of ``text``."""
    readings = []
    for start, end in spans:
        kind, name = region_reading(text, start, end)
        found = _candidates(kind, name)
        if not found and name != text[start:end]:  # ``Kota Agung`` is a district's whole name
            kind, found = None, _candidates(None, text[start:end])
        if kind is None:  # a bare name: a province, regency or city before a district of that name
            found = tuple(r for r in found if r.kind != "kecamatan") or found
        sure = len(found) == 1 and not (kind is None and found[0].kind == "kecamatan")
        readings.append(_Reading(start, end, found, found[0] if sure else None))
    for _ in range(3):  # a district is placed by its regency, which may be placed by its province
        changed = False
        for reading in readings:
            if reading.chosen is None and reading.candidates:
                reading.chosen = _resolved(text, reading, readings)
                changed = changed or reading.chosen is not None
        if not changed:
            break
    return [Linked((r.chosen.link,)) if r.chosen else Linked((), tuple(c.link for c in r.candidates[:MAX_CANDIDATES]))
            for r in readings]


def _resolved(text: str, reading: _Reading, readings: list[_Reading]) -> Region | None:
    """The one candidate the document's linked regions point to, nearest first; None when none or a tie."""
    linked = [r for r in readings if r.chosen is not None and r is not reading]
    before = [r for r in linked if r.end <= reading.start and re.fullmatch(r",? ", text[r.end:reading.start])]
    for fits, among in ((lambda c, r: r.within(c), before), (lambda c, r: c == r, linked),
                        (lambda c, r: c.within(r), linked)):  # ``Kota Jambi, Jambi``: the province, not the city
        distances = {}
        for candidate in reading.candidates:
            near = [min(abs(r.start - reading.end), abs(reading.start - r.end))
                    for r in among if fits(candidate, r.chosen)]
            if near:
                distances[candidate] = min(near)
        if distances:
            best = min(distances.values())
            closest = [c for c, d in distances.items() if d == best]
            return closest[0] if len(closest) == 1 else None
    return None


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Normalized official name or acronym -> agency id, from ``data/agencies.tsv``."""
    found = {}
    for line in AGENCIES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            agency_id, acronyms, name = line.split("\t")
            for form in (name, *acronyms.split(",")):
                found[regions.normal(form)] = agency_id
    return found


def link_problem(link: str) -> str:
    """Why ``link`` is no link of a known form to a known target; empty when it is sound."""
    if not LINK.fullmatch(link):
        return "not kemendagri:<code>, agency:<id> or wikidata:Q<number>"
    db, key = link.split(":", 1)
    if db == "kemendagri" and key not in regions.by_code():
        return f"no region {key} in the shipped table"
    if db == "agency" and key not in set(agencies().values()):
        return f"no agency {key} in the shipped list"
    return ""


def _linked(found: Sequence[Region]) -> Linked:
    """The one region found, linked; else the candidates."""
    return Linked((found[0].link,)) if len(found) == 1 else Linked((), tuple(r.link for r in found[:MAX_CANDIDATES]))


def link_agency(text: str, start: int, end: int) -> Linked:
    """``agency:<id>`` of a central ministry or agency; a regional body's region; else nothing."""
    surface = text[start:end]
    plain = regions.normal(re.sub(r" (?:RI|Republik Indonesia)$", "", surface))
    if plain in agencies():
        return Linked((f"agency:{agencies()[plain]}",))
    body = REGIONAL_BODY.match(surface)
    if not body:
        return Linked()
    head_kind = next((k for group, k in zip(body.groups(), ("provinsi", "kabupaten", "kota")) if group), None)
    words = list(re.finditer(r"\S+", surface[body.end():]))
    for count in (3, 2, 1):  # the longest run of final words naming a region, kind words excluded
        if count > len(words) or any(w[0].lower() in KIND_WORDS for w in words[-count:]):
            continue
        name_start = start + body.end() + words[-count].start()
        kind, name = region_reading(text, name_start, end)
        found = _candidates(kind or head_kind, name)
        found = found if kind else tuple(r for r in found if r.kind != "kecamatan")
        if found:
            return _linked(found)
    return Linked()


@dataclass(frozen=True)
class Registry:
    """The project's entity registry as linking reads it: entries ``{id, type, name, aliases, links}``."""

    entries: tuple[dict, ...] = ()
    by_name: dict[tuple[str, str], list[dict]] = field(default_factory=dict, compare=False)
    by_link: dict[tuple[str, str], list[dict]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, entries: Iterable[dict]) -> "Registry":
        registry = cls(tuple(entries))
        for entry in registry.entries:
            for name in {entry["name"], *entry.get("aliases", ())}:
                registry.by_name.setdefault((entry["type"], name), []).append(entry)
            for link in entry.get("links", ()):
                registry.by_link.setdefault((entry["type"], link), []).append(entry)
        return registry

    def entry_for(self, label: str, surface: str, links: tuple[str, ...]) -> dict | None:
        """The one entry of this type carrying ``surface`` as its name or alias, else (but for a PERSON, whose
        full name must match) the one carrying a link of the mention; None when none or several, and for a
        ROLE or DATE, whose ids come from the document's own context."""
        if label in CONTEXT_IDS:
            return None
        named = self.by_name.get((label, surface), [])
        if len(named) == 1:
            return named[0]
        if label == "PERSON" or named:
            return None
        linked = {entry["id"]: entry for link in links for entry in self.by_link.get((label, link), [])}
        return next(iter(linked.values())) if len(linked) == 1 else None


def link_mentions(text: str, mentions: Sequence[tuple[int, int, str]], registry: Registry = Registry()
                  ) -> list[tuple[Linked, str | None]]:
    """Each mention's (links, registry id or None): GPE mentions to regions, ORG mentions to agencies, any
    mention to the registry entry of its name, alias or link; a registry entry adds its own links."""
    places = [(start, end) for start, end, label in mentions if label == "GPE"]
    region_links = dict(zip(places, link_regions(text, places)))
    done = []
    for start, end, label in mentions:
        linked = (region_links[(start, end)] if label == "GPE" else link_agency(text, start, end) if label == "ORG"
                  else Linked())
        entry = registry.entry_for(label, text[start:end], linked.links)
        if entry is not None:
            linked = Linked(tuple(sorted({*linked.links, *entry.get("links", ())})))
        done.append((linked, entry["id"] if entry else None))
    return done


def linked_mentions(text: str, mentions: Sequence[Mention], registry: Registry) -> tuple[list[Mention], list[Linked]]:
    """``mentions`` with the registry's id where one of an entity's mentions is linked to it (every mention of
    that entity in the document takes it), and each mention's links, shared by the mentions of one entity."""
    found = link_mentions(text, [(m.start, m.end, m.label) for m in mentions], registry)
    renamed: dict[str, str] = {}
    for mention, (_, registry_id) in zip(mentions, found):
        if registry_id:
            renamed.setdefault(mention.entity_id, registry_id)
    mentions = [replace(m, entity_id=renamed.get(m.entity_id, m.entity_id)) for m in mentions]
    shared: dict[str, set[tuple[str, ...]]] = {}
    for mention, (linked, _) in zip(mentions, found):
        if linked.links:
            shared.setdefault(mention.entity_id, set()).add(linked.links)
    done = []
    for mention, (linked, _) in zip(mentions, found):
        agreed = shared.get(mention.entity_id, set())  # mentions of one id linked alike: all of them take it
        done.append(Linked(*agreed) if len(agreed) == 1 else linked)
    return mentions, done
