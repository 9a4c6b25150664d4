"""Entity rules of the pre-annotation: a gazetteer of gold mentions, patterns, and how candidates become flat.

Candidates come with a priority: gazetteer hits of the gold mentions of other documents (surface
form -> label and entity id) first, then the strong rules (the dateline's outlet and place,
position titles as ROLE and the name after them as PERSON, weekday + date as DATE, government
bodies such as ``Pemkab`` or ``Kementerian`` as ORG, ``Kota``/``Kabupaten``/``Provinsi`` names as
GPE, app names after *aplikasi* as PRODUCT), then the trained model's spans (given by the caller),
then weak rules (names after speech verbs, all-capital acronyms as ORG, repeats of the dateline's
place, listed organisations and public figures standing alone: :mod:`.listed_names`). Overlaps go
to the higher priority, then to the longer span; later mentions of a part of a
PERSON's name and parenthesised acronyms are added last. Every pattern built from text is escaped.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from . import listed_names, places
from .entity_ids import Mention, assign

NAME = r"[A-Z][\w-]*(?: [A-Z][\w-]*)*"
NAME_RUN = re.compile(NAME)
TITLE_REACH = 300  # code points between a title and the comma before its holder's name, at most
LOCAL_TITLES = r"(?:Wakil )?(?:Bupati|Gubernur|Wali Kota|Walikota)|Camat|Lurah|Kepala Desa|Sekretaris Daerah"
TITLES = rf"{LOCAL_TITLES}|(?:Wakil )?(?:Presiden|Menteri)"
HEADS = r"Direktur|Deputi|Kepala|Ketua|Sekretaris|Asisten|Staf Ahli|Chief"
WEEKDAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu"
MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
GOVERNMENTS = r"Pemkab|Pemkot|Pemprov|Kabupaten|Kota|Provinsi"
UNITS = r"Dinas|Badan|Bagian|Biro|Kantor|Kementerian|Sekretariat|Direktorat|Lembaga"
# Diseases are no entities (GUIDELINES.md §3), nor are the capitalised words that open sentences.
NOT_NAMES = re.compile(r"(?i:covid(?:-19)?|corona|virus corona|sars-cov-2)|Seperti|Selain|Dalam|Untuk|Namun|Sementara"
                       r"|Menurut|Dengan|Pada|Sebagai|Dari|Oleh|Setelah|Saat|Kini|Para|Sejumlah|Terutama|Akhirnya"
                       r"|Walaupun|Meski|Meskipun|Bahkan|Selanjutnya|Kemudian|Adapun|Sedangkan|Tak|Tidak|Ia|Dia|Mereka"
                       r"|Kami|Kita|Sebagaimana|Sehingga|Karena|Jika|Apabila|Agar|Supaya|Ketika|Selama|Hingga|Sejak"
                       r"|Bagi|Tentang|Atas|Demi|Berbagai|Beberapa|Semua|Seluruh|Setiap"
                       # a compass word or a generic head alone names nothing (§3, generic nouns)
                       r"|Selatan|Utara|Timur|Barat|Tengah|PT|CV|Masjid|Gedung|Kantor|Jalan|Desa|Kota|Kabupaten"
                       r"|Provinsi|Kecamatan|Pulau|Gunung|Sungai|Universitas|Sekolah|Rumah Sakit")
STRONG, MODEL, WEAK = 1, 2, 3  # candidate priorities after the gazetteer's 0
RULES: tuple[tuple[int, str, str], ...] = (
    (STRONG, "DATE", rf"\b(?:{WEEKDAYS}),? \(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\)"
                     rf"|\b(?:{WEEKDAYS}),? \(?\d{{1,2}} (?:{MONTHS}) \d{{4}}\)?"),
    (STRONG, "ORG", r"\b(?:Pemkab|Pemkot|Pemprov|Pemerintah (?:Kabupaten|Kota|Provinsi)|Kementerian|Dinas|Badan|Lembaga"
                    r"|Kedutaan Besar|DPRD|Polres|Polda|Bappeda)(?: (?:dan |di )?[A-Z][\w-]*)+"),
    (WEAK, "GPE", r"(?<!Ibu )\b(?:Kota|Kabupaten|Provinsi) [A-Z][\w-]*(?: [A-Z][\w-]*)?"),
    (STRONG, "ROLE", rf"\b(?:{HEADS})(?: [A-Z][\w-]*)*?(?= (?:{UNITS}|Kota|Kedutaan|LAN|WIR|Pemkab)\b|,|\))"),
    (STRONG, "FAC", r"\b(?:Pendopo|Pendapa|Rumah Dinas|Rumah Jabatan|Kantor) (?:Wakil )?(?:Bupati|Wali ?[Kk]ota|Gubernur)"
                    r"(?: [A-Z][\w-]*)+"),  # the regent's residence: one building, not a title and a place
    (STRONG, "PRODUCT", r"(?<=\b(?:aplikasi|platform|Aplikasi|Platform) )[A-Z][\w-]*(?: (?:[A-Z][\w-]*|Online|Digital|Mobile))*"
                        r"|\b[A-Z][\w-]*[A-Z][\w-]*(?: [A-Z][\w-]*)? (?:Online|Digital|Mobile|App)\b"),
)
# Speech verbs after a quotation or inserted in a sentence (``“…,” kata X``, ``…, lanjut X, …``), with ``-nya`` or not.
SPEECH_VERBS = ("kata", "ujar", "ucap", "tutur", "terang", "jelas", "ungkap", "tambah", "imbuh", "tegas", "sebut",
                "pungkas", "lanjut", "papar", "tandas", "tutup", "sambung", "timpal", "seru", "tanya", "jawab", "tulis",
                "kenang", "akunya", "bilang", "kilah", "tukas", "sergah", "harap", "pinta", "ajak", "imbau")
# Verbs of saying, thinking or judging that take a clause (§5.2): ``X menilai, …``, ``X meminta agar …``.
INDIRECT_VERBS = ("mengatakan", "menyatakan", "menyebutkan", "menyebut", "menjelaskan", "menyampaikan", "mengungkapkan",
                  "menegaskan", "menilai", "berharap", "mengharapkan", "mengakui", "menambahkan", "memastikan",
                  "menuturkan", "menerangkan", "meminta", "mengimbau", "mengingatkan", "menekankan", "mengemukakan",
                  "meyakini", "memperkirakan", "menduga", "mengklaim", "mendesak", "mengusulkan", "menganggap",
                  "berpendapat", "beralasan", "mengaku", "menyarankan", "menandaskan", "berjanji", "mengeklaim",
                  "memprediksi", "bercerita", "membantah", "menampik", "menyangkal", "membenarkan",
                  "mengeluhkan", "menjanjikan", "mengungkap", "menggarisbawahi", "menuding")
# Heads of place names, which a name in a speaker's place never starts with (``warga Kecamatan X, mengatakan``).
PLACE_HEADS = r"Kecamatan|Desa|Kelurahan|Dusun|Kampung|Jalan|Jl|Pulau|Gunung|Sungai|Pasar|Gedung"
# Police and military ranks: titles before a name, never part of it (§3.1).
RANKS = (r"(?:AKBP|AKP|Kompol|Kombes|Brigjen|Irjen|Komjen|Iptu|Ipda|Aiptu|Aipda|Bripka|Brigpol|Briptu|Bripda|Letkol"
         r"|Kolonel|Mayjen|Letjen|Laksma|Marsma|Kapten|Lettu|Letda)(?: Pol\.?)?")
# Where a speaker's name stands: after a title and comma, after a speech verb, before a title in
# parentheses, before an indirect-speech verb (:func:`speakers`).
SPEAKER_AFTER_TITLE = (rf"\b(?:{HEADS})\b[^.“”()]{{0,{TITLE_REACH}}}?, (?:{RANKS} )?({NAME})"
                       r"(?= [a-z]|, (?!dan\b|serta\b|atau\b)[a-z])")
SPEAKER_AFTER_VERB = rf"\b(?:{'|'.join(SPEECH_VERBS)}|[Mm]enurut) ({NAME})"
SPEAKER_BEFORE_TITLE = rf"({NAME}) \((?:{HEADS})\b"
SPEAKER_BEFORE_VERB = rf"(?:\b{RANKS} )?({NAME})(?: \(\d{{1,3}}\))?,? (?:{'|'.join(INDIRECT_VERBS)}|mengamati)\b"
# Names that are bodies, not people, even where a speaker's name stands (``kata Pemkab X``, ``BPBD mengimbau``).
ORG_NAME = re.compile(rf"(?:{GOVERNMENTS}|{UNITS}|Pemerintah|Komisi|Dewan|Forum|Perumda|PT|DPRD|Polres|Polda|Bappeda)\b"
                      r"|[A-Z0-9]{2,}\b")
# Gold mentions whose id a gazetteer must not lend to another document: a bare title or a date names
# a different entity in every article, and so does a generic programme or building (``Mal Pelayanan Publik``).
OWN_IDS = frozenset({"ROLE", "DATE", "PROGRAM", "FAC"})


def gazetteer(entities: list[dict]) -> dict[str, tuple[str, str]]:
    """Surface form -> the most frequent (label, entity id) among gold mention records.

    ROLE and DATE mentions are left out (the rules find them and make their ids from the new
    text), and so are one-word PERSON mentions (``Widodo`` may be anybody); for PROGRAM and FAC
    the label is lent but not the id.
    """
    counts: dict[str, Counter] = {}
    for entity in entities:
        if entity["label"] not in ("ROLE", "DATE") and (entity["label"] != "PERSON" or " " in entity["text"]):
            entity_id = "" if entity["label"] in OWN_IDS else entity["entity_id"]
            counts.setdefault(entity["text"], Counter())[(entity["label"], entity_id)] += 1
    return {text: counter.most_common(1)[0][0] for text, counter in counts.items()}


def dateline(text: str) -> list[Mention]:
    """The outlet (ORG) and place (GPE) of a dateline at the start of the text.

    ``SURYA.CO.ID, BANYUWANGI - ``, ``BANYUWANGI, KOMPAS.com - `` and ``Jakarta (ANTARA) - ``: the
    outlet has a dot or is written in capitals, the place in capitals unless the outlet is in brackets.
    """
    outlet, place = r"(?:[^\s,()]+\.[^\s,()]+|[A-Z0-9]{2,}[^\s,()]*)", r"[A-Z][A-Z.]+(?: [A-Z][A-Z.]+){0,2}"
    match = re.match(rf"({outlet}), ({place}) [-–] ", text)
    if match:
        return [Mention(*match.span(1), "ORG"), Mention(*match.span(2), "GPE")]
    match = re.match(rf"({place}), ({outlet}) [-–] ", text)
    if match:
        return [Mention(*match.span(1), "GPE"), Mention(*match.span(2), "ORG")]
    match = re.match(r"([A-Z][\w.]+(?: [A-Z][\w.]+){0,2}) \(([A-Z][\w.]+(?: [A-Z][\w.]+)?)\) [-–] ", text)
    return [Mention(*match.span(1), "GPE"), Mention(*match.span(2), "ORG")] if match else []


def rule_candidates(text: str) -> list[tuple[int, Mention]]:
    """Prioritised mentions of the rules of the module docstring (no gazetteer, no model)."""
    candidates = [(STRONG, mention) for mention in dateline(text)]
    for place in {text[m.start:m.end].title() for m in dateline(text) if m.label == "GPE"}:
        candidates += [(WEAK, Mention(*m.span(), "GPE"))
                       for m in re.finditer(rf"(?<!\w){re.escape(place)}(?!\w)(?! [A-Z])", text)]
    for match in re.finditer(rf"\b({LOCAL_TITLES})(?: ({NAME}),)? ({NAME})", text):  # a minister's field is no name
        candidates.append((STRONG, Mention(*match.span(1), "ROLE")))
        if match[2]:
            candidates.append((STRONG, Mention(*match.span(2), "GPE")))
        candidates.append((WEAK, Mention(*match.span(3), "PERSON")))
    for match in re.finditer(rf"\b({TITLES})\b", text):
        candidates.append((STRONG, Mention(*match.span(1), "ROLE")))
    candidates += [(WEAK, Mention(*span, "PERSON")) for span in speakers(text)]
    for match in re.finditer(r"\b(?:Mal|Pasar|Gerai) Pelayanan Publik\b", text):
        at_place = re.search(r"\b(?:di|ke|dari) $", text[max(0, match.start() - 5):match.start()])
        candidates.append((STRONG, Mention(*match.span(), "FAC" if at_place else "PROGRAM")))  # §3.8
    candidates += [(WEAK, Mention(*m.span(), "GPE")) for m in places.pattern().finditer(text)]
    for priority, label, pattern in RULES:
        candidates += [(priority, Mention(*m.span(), label)) for m in re.finditer(pattern, text)]
    for mention in listed_names.candidates(text):  # standing alone: no capitalised name word just before it
        before = re.search(r"([A-Z][\w.-]*) $", text[max(0, mention.start - 40):mention.start])
        if not before or NOT_NAMES.fullmatch(before[1]):
            candidates.append((WEAK, mention))
    return candidates


def speakers(text: str) -> set[tuple[int, int]]:
    """Spans of names in the places a speaker's name takes: after a title and comma, before a speech verb...

    A pattern that opens with a name is tried only where a run of capitalised words starts
    (:func:`_from_name_runs`), and a title is looked for at most :data:`TITLE_REACH` before its comma,
    so that a long text without full stops costs its length, not its square."""
    matches = [*re.finditer(SPEAKER_AFTER_TITLE, text), *re.finditer(SPEAKER_AFTER_VERB, text),
               *_from_name_runs(SPEAKER_BEFORE_TITLE, text), *_from_name_runs(SPEAKER_BEFORE_VERB, text)]
    return {m.span(1) for m in matches
            if not ORG_NAME.match(m[1]) and not re.match(rf"(?:{HEADS}|{TITLES}|{PLACE_HEADS})\b", m[1])}  # no body, title, place


def _from_name_runs(pattern: str, text: str) -> Iterator[re.Match[str]]:
    """What ``re.finditer(pattern, text)`` finds, for a pattern that opens with a (ranked) name and goes on with
    no capitalised word: such a match can only start where a run of capitalised words starts, so it is tried
    there alone, once per run instead of once per word of it."""
    compiled = re.compile(pattern)
    position = 0
    while run := NAME_RUN.search(text, position):
        match = compiled.match(text, run.start())
        if match:
            yield match
        position = match.end() if match else run.end()


def predict_entities(text: str, known: dict[str, tuple[str, str]], model: Iterable[Mention] = ()) -> list[Mention]:
    """Flat entity mentions: gazetteer hits first, then the strong rules, the model's spans, the weak rules."""
    candidates: list[tuple[int, Mention]] = []
    for surface, (label, entity_id) in known.items():
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            candidates.append((0, Mention(match.start(), match.end(), label, entity_id)))
    candidates += [c for c in rule_candidates(text) if not NOT_NAMES.fullmatch(text[c[1].start:c[1].end])
                   and text[c[1].start:c[1].end] not in listed_names.NOT_ORGANISATIONS]
    chosen = _flat(candidates + [(MODEL, mention) for mention in model])
    # A name in a speaker's place, or a word of a PERSON's name, is that PERSON whatever the model's label.
    places = {text[m.start:m.end].upper() for m in dateline(text) if m.label == "GPE"}
    person = {span: Mention(*span, "PERSON") for span in speakers(text) if text[slice(*span)] not in listed_names.organisations()}
    person.update({(m.start, m.end): m for m in _name_parts(text, chosen)})
    chosen = [person.get((m.start, m.end), m) if m.label != "ROLE" and not m.entity_id
              and text[m.start:m.end].upper() not in places else m for m in chosen]
    # An acronym takes its organisation's or programme's label (§3.3); ``Jakarta (ANTARA)`` names no acronym.
    acronyms = {(m.start, m.end): m for m in _acronyms(text, chosen) if m.label not in ("GPE", "PERSON")}
    chosen = [acronyms.get((m.start, m.end), m) if not m.entity_id else m for m in chosen]
    chosen = _flat([(0, m) for m in chosen] + [(1, m) for m in _name_parts(text, chosen) + _acronyms(text, chosen)])
    return assign(text, _flat([(0, m) for m in _full_names(text, chosen)] + [(1, m) for m in chosen]))


def _flat(candidates: list[tuple[int, Mention]]) -> list[Mention]:
    """Non-overlapping mentions: by priority, then longer first. The chosen are kept in text order, so a
    candidate is checked against its two neighbours only (a long text has thousands of mentions)."""
    chosen: list[Mention] = []
    starts: list[int] = []
    for _, mention in sorted(candidates, key=lambda c: (c[0], c[1].start - c[1].end, c[1].start, c[1].label)):
        at = bisect.bisect_right(starts, mention.start)
        if mention.start >= mention.end or at and chosen[at - 1].end > mention.start \
                or at < len(chosen) and chosen[at].start < mention.end:
            continue
        starts.insert(at, mention.start)
        chosen.insert(at, mention)
    return chosen


def _acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """An acronym in parentheses right after a mention: same label, same entity id (``... (LAN)``)."""
    found = []
    for mention in mentions:
        match = re.match(rf" \((?!(?:{HEADS}|{TITLES})\b)([A-Z][\w-]*(?: [A-Z][\w-]*){{0,2}})\)", text[mention.end:])
        if match and mention.label not in ("DATE", "ROLE"):
            found.append(Mention(mention.end + match.start(1), mention.end + match.end(1), mention.label,
                                 mention.entity_id))
    return found


def _full_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """The full name a one-word PERSON is short for, where the text writes it with no mention of its
    own: ``Bahtiar`` said after ``kata Direktur Jenderal … Kemendagri Bahtiar Sutisna``, ``Kadek``
    after ``Kadek Ayu Pratiwi`` read by the model as ``Ayu Pratiwi``. Each word is looked for once."""
    people = [text[m.start:m.end] for m in mentions if m.label == "PERSON"]
    in_full_names = {word for name in people if " " in name for word in name.split()}
    found: dict[str, Mention | None] = {}
    for word in people:
        if " " in word or word in in_full_names or word in found:
            continue
        match = re.search(rf"(?<![\w-]){re.escape(word)}(?: [A-Z][\w-]*)+(?![\w-])", text)
        found[word] = (Mention(*match.span(), "PERSON") if match and not NOT_NAMES.fullmatch(match[0])
                       and not ORG_NAME.search(match[0][len(word):]) else None)
    return [found[word] for word in people if found.get(word)]


def _name_parts(text: str, mentions: list[Mention]) -> list[Mention]:
    """Later mentions of one word of a PERSON's name (``Ipuk`` after ``Ipuk Fiestiandani``). A word is looked
    for once, after the first PERSON of each entity id that holds it (a text may name thousands)."""
    first: dict[tuple[str, str], Mention] = {}
    for person in (m for m in mentions if m.label == "PERSON"):
        for word in text[person.start:person.end].split():
            if len(word) >= 3 and word[0].isupper():
                first.setdefault((word, person.entity_id), person)
    found = []
    for (word, _), person in sorted(first.items(), key=lambda item: (item[1].start, item[0])):
        for match in re.finditer(rf"(?<![\w-])(?<![A-Z]\w\w )(?<![A-Z]\w\w\w )(?<![A-Z]\w\w\w\w ){re.escape(word)}"
                                 r"(?![\w-])(?! [A-Z])", text[person.end:]):
            found.append(Mention(person.end + match.start(), person.end + match.end(), "PERSON", person.entity_id))
    return found
