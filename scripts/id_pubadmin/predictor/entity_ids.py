"""Entity ids of predicted mentions, made from the predicted document's own text (GUIDELINES.md §4).

A mention that came with an id (a gazetteer hit for a full name) keeps it; every other id is built
from this document only, so a new article never receives another article's ids: a short PERSON or
ORG name takes the id of its fullest form in the text (``Ipuk``, ``Bawaslu``), a bare ``Bupati`` the
id of a ``Bupati X`` written earlier in the same text, else of the dateline's place, else ``bupati``
alone.
"""

from __future__ import annotations

import bisect
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
    """``mentions`` (flat, in text order) with every empty entity id filled from ``text``.

    Each distinct surface is resolved once, against indexes of the PERSON and ORG surfaces, so a text
    of thousands of mentions costs about as much as the same mentions spread over many texts."""
    surface = {m: text[m.start:m.end] for m in mentions}
    fuller = _Fuller([surface[m] for m in mentions if m.label == "PERSON"],
                     [surface[m] for m in mentions if m.label == "ORG"])
    roles = _Roles(text, mentions)
    done: list[Mention] = []
    for mention in mentions:
        if mention.entity_id:
            done.append(mention)
        elif mention.label == "PERSON":
            done.append(replace(mention, entity_id=fuller.person(surface[mention])))
        elif mention.label == "GPE":
            done.append(replace(mention, entity_id=slug(PLACE_HEADS.sub("", surface[mention]))))
        elif mention.label == "DATE":
            done.append(replace(mention, entity_id=date_id(surface[mention])))
        elif mention.label == "ROLE":
            done.append(replace(mention, entity_id=roles.id(mention)))
        elif mention.label == "ORG":  # ``Bawaslu`` is short for ``Bawaslu Batu Aji`` written in the same text
            done.append(replace(mention, entity_id=fuller.org(surface[mention])))
        else:
            done.append(replace(mention, entity_id=slug(surface[mention])))
        roles.met(done[-1])
    return _acronym_ids(text, done)


class _Fuller:
    """The fullest form of a PERSON or ORG name written in the text, by surface.

    A PERSON's fullest form is the longest PERSON surface whose words strictly include its own; an
    ORG's, the longest ORG surface that starts with its words. Ties go to the form written first."""

    def __init__(self, people: list[str], orgs: list[str]) -> None:
        self.people = list(dict.fromkeys(people))  # distinct, in the order first written
        self.people_words = {name: set(name.split()) for name in self.people}
        self.by_word: dict[str, list[str]] = {}
        for name in self.people:
            for word in self.people_words[name]:
                self.by_word.setdefault(word, []).append(name)
        self.orgs = list(dict.fromkeys(orgs))
        self.by_first: dict[str, list[str]] = {}
        for name in self.orgs:
            self.by_first.setdefault(name.split()[0] if name.split() else "", []).append(name)
        self.found: dict[tuple[str, str], str] = {}

    def person(self, name: str) -> str:
        if ("PERSON", name) not in self.found:
            words = set(name.split())
            rarest = min((self.by_word.get(word, []) for word in words), key=len, default=self.people)
            longer = [other for other in rarest if words < self.people_words[other]]
            self.found["PERSON", name] = slug(max(longer, key=len, default=name))
        return self.found["PERSON", name]

    def org(self, name: str) -> str:
        if ("ORG", name) not in self.found:
            words = name.split()
            same_start = self.by_first.get(words[0], []) if words else self.orgs
            longer = [other for other in same_start if other.split()[:len(words)] == words]
            self.found["ORG", name] = slug(max(longer, key=len, default=name))
        return self.found["ORG", name]


class _Roles:
    """Entity ids of ROLE mentions (:meth:`id`): the title, then the id of the GPE/ORG written right after
    it; for a bare title, of context.

    Context is an earlier mention of the same title with its owner, else, for the titles of local
    government (``Bupati``, ``Camat``...), the dateline's place. The mentions already given ids are
    told to :meth:`met` in text order.
    """

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.owned: dict[str, str] = {}  # a title's surface -> the id it last had with an owner
        self.place: Mention | None = None  # the dateline's place: the first GPE met that starts in the first 60

    def id(self, role: Mention) -> str:
        surface = self.text[role.start:role.end]
        title = slug(surface)
        at = bisect.bisect_right(self.starts, role.end)
        following = self.mentions[at] if at < len(self.mentions) else None
        if following and following.label in OWNERS and re.fullmatch(r",? ", self.text[role.end:following.start]):
            named = self.text[following.start:following.end]
            owner = following.entity_id or (slug(PLACE_HEADS.sub("", named)) if following.label == "GPE" else slug(named))
            return f"{title}-{owner}"
        if surface in self.owned:
            return self.owned[surface]
        local = LOCAL_TITLES.fullmatch(surface)
        return f"{title}-{self.place.entity_id}" if self.place and local else title

    def met(self, mention: Mention) -> None:
        surface = self.text[mention.start:mention.end]
        if mention.label == "ROLE" and mention.entity_id != slug(surface):
            self.owned[surface] = mention.entity_id
        elif mention.label == "GPE" and mention.start < 60 and self.place is None:
            self.place = mention


def _acronym_ids(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name and its acronym in parentheses right after it share the acronym's id (GUIDELINES.md §3.3)."""
    ids = {}
    for name, acronym in zip(mentions, mentions[1:]):
        if (name.label == acronym.label and name.label not in ("PERSON", "GPE", "ROLE", "DATE")
                and text[name.end:acronym.start] == " (" and text[acronym.end:acronym.end + 1] == ")"):
            ids[name.entity_id] = acronym.entity_id
    return [replace(m, entity_id=ids.get(m.entity_id, m.entity_id)) for m in mentions]
