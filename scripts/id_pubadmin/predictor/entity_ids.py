"""Entity ids of predicted mentions, made from the predicted document's own text (GUIDELINES.md §4).

A mention that came with an id (a gazetteer hit for a full name) keeps it; every other id is built
from this document only, so a new article never receives another article's ids: a short PERSON or
ORG name takes the id of its fullest form in the text (``Ipuk``, ``Bawaslu``), a bare ``Bupati`` the
id of a ``Bupati X`` written earlier in the same text, else of the dateline's place, else ``bupati``
alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
          "november", "desember")
PLACE_HEADS = re.compile(r"^(?:Kota|Kabupaten|Kab\.|Provinsi|Republik|Negara|Kecamatan|Desa|Kelurahan) ", re.I)
OWNERS = ("GPE", "ORG")
LOCAL_TITLES = re.compile(r"(?:Wakil )?(?:Bupati|Wali ?[Kk]ota)|Camat|Lurah|Kepala Desa|Sekretaris Daerah")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    entity_id: str = ""  # empty: made from the document's own text by assign()


def slug(text: str) -> str:
    """An entity id from a surface form: lowercase ASCII words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "entity"


def date_id(surface: str) -> str:
    """``date-YYYY-MM-DD`` from the written numbers (``Rabu (9/11/2022)``, ``Rabu, 9 November 2022``)."""
    numeric = re.search(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", surface)
    if numeric:
        day, month, year = numeric.groups()
    else:
        named = re.search(r"(\d{1,2}) (\w+) (\d{4})", surface)
        if not named or named[2].lower() not in MONTHS:
            return slug(surface)
        day, month, year = named[1], str(MONTHS.index(named[2].lower()) + 1), named[3]
    year = year if len(year) == 4 else f"20{year[-2:]}"
    return f"date-{year}-{int(month):02d}-{int(day):02d}"


def assign(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (flat, in text order) with every empty entity id filled from ``text``."""
    surface = {m: text[m.start:m.end] for m in mentions}
    people = [m for m in mentions if m.label == "PERSON"]
    done: list[Mention] = []
    for mention in mentions:
        words = surface[mention].split()
        if mention.entity_id:
            done.append(mention)
            continue
        if mention.label == "PERSON":
            fuller = [p for p in people if set(words) < set(surface[p].split())]
            entity_id = slug(max((surface[p] for p in fuller), key=len, default=surface[mention]))
        elif mention.label == "GPE":
            entity_id = slug(PLACE_HEADS.sub("", surface[mention]))
        elif mention.label == "DATE":
            entity_id = date_id(surface[mention])
        elif mention.label == "ROLE":
            entity_id = _role_id(text, mention, mentions, done)
        elif mention.label == "ORG":  # ``Bawaslu`` is short for ``Bawaslu Batu Aji`` written in the same text
            fuller = [o for o in mentions if o.label == "ORG" and surface[o].split()[:len(words)] == words]
            entity_id = slug(max((surface[o] for o in fuller), key=len, default=surface[mention]))
        else:
            entity_id = slug(surface[mention])
        done.append(replace(mention, entity_id=entity_id))
    return _acronym_ids(text, done)


def _role_id(text: str, role: Mention, mentions: list[Mention], done: list[Mention]) -> str:
    """The title, then the id of the GPE/ORG written right after it; for a bare title, of context.

    Context is an earlier mention of the same title with its owner, else, for the titles of local
    government (``Bupati``, ``Camat``...), the dateline's place.
    """
    title = slug(text[role.start:role.end])
    following = next((m for m in mentions if m.start > role.end), None)
    if following and following.label in OWNERS and re.fullmatch(r",? ", text[role.end:following.start]):
        owner = following.entity_id or (slug(PLACE_HEADS.sub("", text[following.start:following.end]))
                                        if following.label == "GPE" else slug(text[following.start:following.end]))
        return f"{title}-{owner}"
    earlier = [m.entity_id for m in done if m.label == "ROLE" and text[m.start:m.end] == text[role.start:role.end]
               and m.entity_id != title]
    if earlier:
        return earlier[-1]
    place = next((m for m in done if m.label == "GPE" and m.start < 60), None)  # the dateline's place
    local = LOCAL_TITLES.fullmatch(text[role.start:role.end])
    return f"{title}-{place.entity_id}" if place and local else title


def _acronym_ids(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name and its acronym in parentheses right after it share the acronym's id (GUIDELINES.md §3.3)."""
    ids = {}
    for name, acronym in zip(mentions, mentions[1:]):
        if (name.label == acronym.label and name.label not in ("PERSON", "GPE", "ROLE", "DATE")
                and text[name.end:acronym.start] == " (" and text[acronym.end:acronym.end + 1] == ")"):
            ids[name.entity_id] = acronym.entity_id
    return [replace(m, entity_id=ids.get(m.entity_id, m.entity_id)) for m in mentions]
