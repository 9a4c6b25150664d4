"""Who says a quote, found the way a reader finds it (GUIDELINES.md §5.4).

A speaker is *named* when the attribution names them: the first PERSON after the cue with only
titles, bodies, places or an apposition before it (``kata Kepala Dinas X, Budi``), the subject
before the cue (``Budi Santoso, Kepala Dinas X, mengatakan``), or, when no person is named, an
organisation there (``kata Pemkab Sukamaju``, kept as ORG). A pronoun (``ujarnya``, ``kata dia``,
``Ia menambahkan``, ``Menurutnya``) or a description (``ujar ibu dua anak itu``) names nobody: the quote goes to the person *currently
speaking*, as a reader resolves it: the latest of the speaker of the last attribution and the
person in focus since, where a paragraph's focus is its last sentence subject (``Dalam kesempatan
itu, Ipuk memaparkan …``, or the agent of ``Hal itu disampaikan X``), else its last person introduced
with a title (``diterima Camat X, Rosmalina``). Names merely mentioned (objects, names inside quotes) never take the focus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.labels import SPEAKER_LABELS
from .entity_ids import Mention
from .entity_rules import HEADS, TITLES
from .quote_patterns import ADVERBS, HONORIFIC, PRONOUNS, with_clitic

PRONOUN = "pronoun"  # an attribution that names nobody
TITLE_WORDS = re.compile(rf"\b(?:{TITLES}|{HEADS}|Anggota|Koordinator|Juru Bicara|Pengelola|Manajer|Pelaksana|Plt|Pj"
                         r"|Kapolres|Kapolsek|Kapolda|Kapolri|Dandim|Danrem|Kasatpol|Kajari|Kajati|Sekda|Kadis|Kabid|Perbekel|Bendesa)\b")
_LOWER_IN_NAMES = {"di", "dan", "bidang", "dari", "untuk", "setempat", "bin", "binti", "van", "de"}
VERB_AFTER = re.compile(r"(?: \([^)]*\))?(?:,[^.]{0,120}?,)?,? (?!dan\b|serta\b|atau\b|yang\b|dalam\b)[a-z]")
# ``Hal itu disampaikan Kepala Dinas X, Budi``: the agent of a passive verb of saying is who speaks next.
PASSIVE_SPEECH = re.compile(r"\bdi(?:sampaikan|katakan|ungkapkan|jelaskan|tegaskan|utarakan|paparkan|kemukakan|tuturkan"
                            r"|terangkan|akui)(?: oleh)?\b")
TITLE_GAP_LIMIT = 400  # code points: the longest run of titles, bodies and places read as one (news writes ~100)
_PRONOUN_SUBJECT = re.compile(rf"(?:^|[,.] |^[A-Z]\w+ )(?:{'|'.join(PRONOUNS)})\b", re.I)


def _outside(mention: Mention, blocked: list[tuple[int, int]]) -> bool:
    return all(mention.end <= start or end <= mention.start for start, end in blocked)


def _title_gap(text: str, mentions: list[Mention], start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds only mentions, titles, capitalised words and commas, or is an
    apposition of a few words before a comma (``kata salah seorang warga, Budi``); never when longer
    than :data:`TITLE_GAP_LIMIT` (checked for each person, a longer gap would cost its length each time)."""
    if end - start > TITLE_GAP_LIMIT:
        return False
    gap = list(text[start:end])
    for mention in mentions:
        if mention.start < end and mention.end > start:
            for index in range(max(mention.start, start), min(mention.end, end)):
                gap[index - start] = " "
    rest = re.sub(rf"(?<!\w){HONORIFIC} ", " ", "".join(gap))  # ``dr. Budi``: a title, not a sentence end
    words = re.findall(r"[\w.-]+", rest)
    if all(word[:1].isupper() or word[:1].isdigit() or word in _LOWER_IN_NAMES for word in words):
        return not re.search(r"[.;:!?“”\"]", rest)
    return bool(re.fullmatch(r" [\w ]+, ", rest)) and len(words) <= 6


def named_after(text: str, mentions: list[Mention], cue_end: int, limit: int) -> Mention | str | None:
    """The speaker named after a cue, up to ``limit``: a mention, :data:`PRONOUN`, or None."""
    if re.match(rf"\s+(?:{'|'.join(PRONOUNS)})\b", text[cue_end:limit], re.I) or with_clitic(re.search(r"\w*$", text[:cue_end])[0]):
        return PRONOUN
    described = re.match(r"[^.,;:!?]*?(?= (?:itu|tersebut)\b)", text[cue_end:limit])  # ``ujar Bupati itu``
    if described and not any(m.label == "PERSON" and cue_end <= m.start and m.end < cue_end + described.end()
                             for m in mentions):
        return PRONOUN
    organisation = None
    for mention in (m for m in mentions if cue_end <= m.start and m.end <= limit):
        if not _title_gap(text, mentions, cue_end, mention.start):
            break
        if mention.label == "PERSON":
            return mention
        if mention.label == "ORG" and organisation is None and not text[cue_end:mention.start].strip():
            organisation = mention
    return organisation


def subject_before(text: str, mentions: list[Mention], start: int, cue: int,
                   blocked: list[tuple[int, int]]) -> Mention | str | None:
    """The subject of a cue verb in ``text[start:cue]``: the nearest PERSON (else ORG) mention, or a pronoun."""
    before = text[start:cue]
    pronoun = _PRONOUN_SUBJECT.search(before)
    if pronoun and all(word in ADVERBS for word in before[pronoun.end():].split()):
        return PRONOUN
    for label in SPEAKER_LABELS:
        found = [m for m in mentions if m.label == label and start <= m.start and m.end <= cue and _outside(m, blocked)]
        if found:
            return found[-1]
    return None


@dataclass(frozen=True)
class Focus:
    """A person a reader takes as the one speaking from ``position`` on; ``subject``: as a sentence subject."""

    position: int
    speaker: Mention
    subject: bool
    paragraph: int


def focus_events(text: str, mentions: list[Mention], sentences: list[tuple[int, int]],
                 paragraphs: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> list[Focus]:
    """Sentence subjects and persons introduced with a title, outside quotes, in text order."""
    events = []
    for person in (m for m in mentions if m.label == "PERSON" and _outside(m, blocked)):
        sentence = next((s for s in sentences if s[0] <= person.start < s[1]), (0, len(text)))
        paragraph = next((i for i, p in enumerate(paragraphs) if p[0] <= person.start <= p[1]), 0)
        after = text[person.end:sentence[1]]
        agent = PASSIVE_SPEECH.search(text, sentence[0], person.start)
        subject = (_subject_lead(text, mentions, sentence[0], person.start) and bool(VERB_AFTER.match(after))
                   or bool(agent and _title_gap(text, mentions, agent.end(), person.start)))
        window = max(sentence[0], person.start - 120)
        title = TITLE_WORDS.search(text, window, person.start)
        titled = bool(title and text[person.start - 2:person.start] == ", "
                      and _title_gap(text, mentions, title.end(), person.start)
                      or re.match(rf" \((?:{TITLE_WORDS.pattern})", after))
        if titled or subject and _known_name(text, person, mentions):
            events.append(Focus(person.start, person, subject, paragraph))
    return events


def _known_name(text: str, person: Mention, mentions: list[Mention]) -> bool:
    """A full name, a name set off by commas (``Seorang warga, Rahman, …``), or the short form of one met
    before: a capitalised word opening a sentence is no name to follow (``Ongkos angkut …`` read as a PERSON)."""
    return " " in text[person.start:person.end] or text[person.start - 2:person.start] == ", " or any(
        m.label == "PERSON" and m.entity_id == person.entity_id and " " in text[m.start:m.end]
        for m in mentions if m.start < person.start)


def _subject_lead(text: str, mentions: list[Mention], start: int, end: int) -> bool:
    """True when ``text[start:end]`` may precede a sentence's subject: titles, bodies and places only,
    after an optional opening phrase with no verb in it (``Dalam kesempatan itu, ``)."""
    opening = re.match(r"[^,]{0,60}, ", text[start:end])
    if opening and not re.search(r"\b(?:me|ber|di)\w{3,}", opening.group()):
        start += opening.end()
    return _title_gap(text, mentions, start, end)


def current_speaker(position: int, focus: list[Focus], attributions: list[tuple[int, Mention]]) -> Mention | None:
    """The person speaking at ``position``: the latest attribution or focus before it, a paragraph's
    subject before the persons it merely introduces with a title."""
    earlier = [f for f in focus if f.position < position]
    last_attribution = max((a for a in attributions if a[0] < position), key=lambda a: a[0], default=None)
    if earlier:
        latest = earlier[-1]
        subjects = [f for f in earlier if f.paragraph == latest.paragraph and f.subject]
        chosen = latest if latest.subject or not subjects else subjects[-1]
        if last_attribution is None or last_attribution[0] < chosen.position:
            return chosen.speaker
    return last_attribution[1] if last_attribution else None
