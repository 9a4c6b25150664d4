"""Pre-annotation: entity, quote and cue predictions for documents nobody has annotated yet.

``push`` attaches them to such tasks as Label Studio predictions (``model_version`` below), so an
annotator corrects regions instead of drawing every one. Predictions are never gold: they are not
annotations, the export never keeps them, and only a submitted annotation counts.

Entities come first from a gazetteer of the gold mentions of other documents (surface form ->
label and entity id), then from rules: the dateline's outlet and place, position titles (ROLE) and
the name after them (PERSON), later mentions of a part of a known name, weekday + date (DATE),
government bodies (``Pemkab``, ``Kementerian`` ... as ORG) and ``Kota``/``Kabupaten``/``Provinsi``
names (GPE). Overlaps go to the gazetteer, then to the longer span. Quotes: direct quotes between
curly quotation marks followed by a speech verb (the cue), with the PERSON named after the cue as
speaker; for a ``-nya`` cue, no speaker relation and the entity id of the last PERSON named before
the quote in its paragraph, else of the last named speaker; indirect quotes after ``VERB bahwa``,
to the end of the sentence, with the nearest PERSON before the verb.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..segment.sentences import split_sentences

MODEL_VERSION = "id-pubadmin-rules-1"

NAME = r"[A-Z][\w-]*(?: [A-Z][\w-]*)*"
TITLES = r"(?:Wakil )?(?:Bupati|Gubernur|Wali Kota|Presiden|Menteri)|Camat|Lurah|Kepala Desa|Sekretaris Daerah"
HEADS = r"Direktur|Deputi|Kepala|Ketua|Sekretaris|Asisten|Staf Ahli|Chief"
WEEKDAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu"
GOVERNMENTS = r"Pemkab|Pemkot|Pemprov|Kabupaten|Kota|Provinsi"
RULES: tuple[tuple[str, str], ...] = (
    ("DATE", rf"\b(?:{WEEKDAYS}),? \(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\)|\b(?:{WEEKDAYS}),? \d{{1,2}} [A-Z][a-z]+ \d{{4}}"),
    ("ORG", r"\b(?:Pemkab|Pemkot|Pemprov|Pemerintah (?:Kabupaten|Kota|Provinsi)|Kementerian|Dinas|Badan|Lembaga"
            r"|Kedutaan Besar|DPRD|Polres|Polda|Bappeda)(?: (?:dan |di )?[A-Z][\w-]*)+|\b[A-Z]{2,}(?: RI)?\b"),
    ("GPE", r"\b(?:Kota|Kabupaten|Provinsi) [A-Z][\w-]*(?: [A-Z][\w-]*)?"),
    ("ROLE", rf"\b(?:{HEADS})(?: [A-Z][\w-]*)*?(?= (?:Kota|Kantor|Kedutaan|Kementerian|LAN|WIR|Pemkab)\b|,|\))"),
)
SPEECH_VERBS = ("kata", "ujar", "ucap", "tutur", "terang", "jelas", "ungkap", "tambah", "imbuh", "tegas", "sebut",
                "pungkas", "lanjut", "papar")
INDIRECT_VERBS = ("mengatakan", "menyebutkan", "menjelaskan", "menyampaikan", "mengungkapkan", "menegaskan",
                  "menilai", "berharap", "mengakui", "menambahkan", "memastikan", "menuturkan", "menerangkan")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    entity_id: str


def slug(text: str) -> str:
    """An entity id from a surface form: lowercase ASCII words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "entity"


def gazetteer(entities: list[dict]) -> dict[str, tuple[str, str]]:
    """Surface form -> the most frequent (label, entity id) among gold mention records."""
    counts: dict[str, Counter] = {}
    for entity in entities:
        counts.setdefault(entity["text"], Counter())[(entity["label"], entity["entity_id"])] += 1
    return {text: counter.most_common(1)[0][0] for text, counter in counts.items()}


def predict_entities(text: str, known: dict[str, tuple[str, str]]) -> list[Mention]:
    """Flat entity mentions: gazetteer hits first, then the rules of the module docstring."""
    candidates: list[tuple[int, Mention]] = []
    for surface, (label, entity_id) in known.items():
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            candidates.append((0, Mention(match.start(), match.end(), label, entity_id)))
    dateline = re.match(r"([^,\n]+), ([^\n-]+?) - ", text)
    places = set(re.findall(rf"\b(?:{GOVERNMENTS}) ([A-Z][\w-]*)", text))
    if dateline:
        candidates += [(1, Mention(*dateline.span(1), "ORG", slug(dateline[1]))),
                       (1, Mention(*dateline.span(2), "GPE", slug(dateline[2])))]
        places.add(dateline[2].title())
    for place in places:
        candidates += [(2, Mention(*m.span(), "GPE", slug(place))) for m in re.finditer(rf"\b{place}\b", text)]
    for match in re.finditer(rf"\b({TITLES})(?: ({NAME}),)? ({NAME})", text):
        candidates.append((1, Mention(*match.span(1), "ROLE", slug(match[1]))))
        if match[2]:
            candidates.append((2, Mention(*match.span(2), "GPE", slug(match[2]))))
        candidates.append((1, Mention(*match.span(3), "PERSON", slug(match[3]))))
    people = (rf"\b(?:{HEADS})\b[^.“”()]*?, ({NAME})(?= [a-z])", rf"({NAME}) \((?:{HEADS})\b",
              rf"\b(?:{'|'.join(SPEECH_VERBS)}) ({NAME})", rf"({NAME}) (?:{'|'.join(INDIRECT_VERBS)}|mengamati)\b")
    for pattern in people:
        candidates += [(1, Mention(*m.span(1), "PERSON", slug(m[1]))) for m in re.finditer(pattern, text)]
    for label, pattern in RULES:
        candidates += [(1, Mention(*m.span(), label, slug(m[0]))) for m in re.finditer(pattern, text)]
    chosen = _flat(candidates)
    return _flat([(1, m) for m in chosen] + [(0, m) for m in _name_parts(text, chosen) + _acronyms(text, chosen)])


def _flat(candidates: list[tuple[int, Mention]]) -> list[Mention]:
    """Non-overlapping mentions: by priority, then longer first."""
    chosen: list[Mention] = []
    for _, mention in sorted(candidates, key=lambda c: (c[0], c[1].start - c[1].end, c[1].start)):
        if all(mention.end <= m.start or m.end <= mention.start for m in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: (m.start, m.end))


def _acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """An acronym in parentheses right after a mention: same label, same entity id (``... (LAN)``)."""
    found = []
    for mention in mentions:
        match = re.match(rf" \((?!(?:{HEADS}|{TITLES})\b)([A-Z][\w-]*(?: [A-Z][\w-]*){{0,2}})\)", text[mention.end:])
        if match:
            found.append(Mention(mention.end + match.start(1), mention.end + match.end(1), mention.label,
                                 mention.entity_id))
    return found


def _name_parts(text: str, mentions: list[Mention]) -> list[Mention]:
    """Later mentions of one word of a PERSON's name (``Ipuk`` after ``Ipuk Fiestiandani``)."""
    found = []
    for person in (m for m in mentions if m.label == "PERSON"):
        for word in set(text[person.start:person.end].split()):
            for match in re.finditer(rf"(?<!\w){re.escape(word)}(?![\w-])", text[person.end:]):
                found.append(Mention(person.end + match.start(), person.end + match.end(), "PERSON", person.entity_id))
    return found


def predict_quotes(text: str, mentions: list[Mention]) -> list[dict]:
    """Direct and indirect quotes as records (span, type, cue span, speaker mention, speaker id)."""
    people = [m for m in mentions if m.label == "PERSON"]
    quotes = [_direct(text, match, people) for match in re.finditer(r"“([^”]+)”", text)]
    for start, end in split_sentences(text):
        match = re.search(rf"\b({'|'.join(INDIRECT_VERBS)}) bahwa (.+?)[.!?]?$", text[start:end])
        if match:
            cue = (start + match.start(1), start + match.end(1))
            before = [p for p in people if start <= p.start and p.end <= cue[0]]
            quotes.append({"type": "indirect", "start": start + match.start(2), "end": start + match.end(2),
                           "cue": cue, "speaker": before[-1] if before else None})
    quotes = sorted((q for q in quotes if q is not None), key=lambda q: q["start"])
    last: Mention | None = None
    for quote in quotes:
        paragraph = text.rfind("\n\n", 0, quote["start"])
        before = [p for p in people if paragraph < p.start and p.end <= quote["start"]]
        last = quote["speaker"] or (before[-1] if before else None) or last
        quote["speaker_entity_id"] = last.entity_id if last else ""
    return quotes


def _direct(text: str, match: re.Match[str], people: list[Mention]) -> dict | None:
    after = re.match(r"\s*(\w+)", text[match.end():])
    if not after or not any(after[1].startswith(verb) for verb in SPEECH_VERBS):
        return None  # a title or a term between quotation marks, not reported speech
    start, end = match.start(1), match.end(1)
    while end > start and text[end - 1] in ",. ":
        end -= 1
    cue = (match.end() + after.start(1), match.end() + after.end(1))
    named = None if after[1].endswith("nya") else next((p for p in people if cue[1] < p.start <= cue[1] + 2), None)
    return {"type": "direct", "start": start, "end": end, "cue": cue, "speaker": named}


def records(document_id: str, text: str, known: dict[str, tuple[str, str]]) -> tuple[list[dict], list[dict]]:
    """Entity and quote records of one document, in the form the export reader yields.

    Region ids start with the document id, so regions accepted from predictions of different
    documents never share an id.
    """
    mentions = predict_entities(text, known)
    entities = [{"document_id": document_id, "mention_id": f"{document_id}-p{index:03d}", "start": m.start, "end": m.end,
                 "text": text[m.start:m.end], "label": m.label, "entity_id": m.entity_id}
                for index, m in enumerate(mentions, start=1)]
    quotes = []
    for index, quote in enumerate(predict_quotes(text, mentions), start=1):
        speaker = quote["speaker"]
        quotes.append({
            "document_id": document_id, "quote_id": f"{document_id}-q{index:03d}", "type": quote["type"],
            "start": quote["start"], "end": quote["end"], "text": text[quote["start"]:quote["end"]],
            "cue": {"start": quote["cue"][0], "end": quote["cue"][1], "text": text[slice(*quote["cue"])]},
            "speaker": None if speaker is None else {"start": speaker.start, "end": speaker.end,
                                                     "text": text[speaker.start:speaker.end]},
            "speaker_entity_id": quote["speaker_entity_id"],
        })
    return entities, quotes
