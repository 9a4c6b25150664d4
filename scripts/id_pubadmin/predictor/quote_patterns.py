"""Where Indonesian news reports speech: quoted passages with their cue, and clauses of indirect speech.

Direct speech is a passage between quotation marks (curly, or straight ones paired in a paragraph)
with a speech verb (the cue) right after it (``“…,” kata X``), or right before it (``X mengatakan,
“…”``, ``Menurut X, “…”``, ``X mengatakan:`` ending the paragraph before); a passage without a cue
of its own right after an attributed one in its paragraph (``“A,” kata X, “B.”``) shares that cue
(:mod:`.quotes`). A passage left open at a paragraph's end runs on when the next paragraph opens with
a mark (GUIDELINES.md §5.1: one QUOTE). Marks inside an open passage (‘…’, nested “…”) are part of
it. Other marked text (titles, terms) is no quote.

Indirect speech is one sentence outside quoted passages (§5.2): ``SUBJECT VERB [bahwa|agar|supaya]
CLAUSE``, ``Menurut X, CLAUSE`` and ``…, lanjut X, CLAUSE``. Without a comma or complementiser the
object must read as a clause with its own subject (a predicate word after it), not as a topic
(*memaparkan tantangan*) nor as the speaker's own verb phrase (*berjanji menambah …*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entity_rules import INDIRECT_VERBS, SPEECH_VERBS

OPENING, CLOSING, STRAIGHT = "“", "”", '"'
TRAILING = ",.;:!?… \n"
PRONOUNS = ("ia", "dia", "beliau")
COMPLEMENTISERS = ("bahwa", "agar", "supaya")
_AFTER_CUE = rf"(?:{'|'.join(SPEECH_VERBS)})(?:nya)?|(?:{'|'.join(INDIRECT_VERBS)})(?:nya)?"
CUE_AFTER = re.compile(rf"\s*[,.!?]?\s*(?:demikian |begitu )?(?P<cue>\b(?:{_AFTER_CUE}))\b"
                       rf"|\s*[,.!?]?\s*[A-Z][\w-]*(?: [A-Z][\w-]*){{0,3}} (?P<verb>{'|'.join(INDIRECT_VERBS)})\b")
CUE_BEFORE = re.compile(rf"\b(?P<cue>(?:{_AFTER_CUE})|[Mm]enurut(?:nya)?)\b(?P<attribution>[^.!?“”\"]*?)[,:]?\s*$")
ADVERBS = frozenset({"juga", "pun", "pula", "kemudian", "lalu", "lantas", "sendiri", "bahkan", "justru", "tetap",
                     "sebelumnya", "kembali", "lebih", "lanjut", "secara", "tegas", "sempat"})
# A demonstrative closing a subject (``penurunan itu hasil …``), not one before a preposition (``temuan itu kepada …``).
DEMONSTRATIVE = (r"\b(?:itu|ini|tersebut) (?!(?:kepada|untuk|dalam|di|ke|dari|pada|dengan|oleh|melalui|bagi|sebagai|saat"
                 r"|ketika|secara|dan|atau|yang)\b)\w")
# Predicate words that make an object a clause (``aturan lama belum memberi …``, ``penurunan itu hasil …``), not
# counting the verb of a relative clause (``temuan yang diperoleh``) nor a demonstrative before a preposition
# (``menyampaikan temuan itu kepada …``); and heads of topics (*hal itu*, *tantangan*).
PREDICATE = re.compile(r"\b(?:(?:me|ber)\w{3,}|di(?!nas|rektur|reksi|skusi|strik|rinya)\w{4,}|ter(?!sebut)\w{3,}|akan|sudah|telah"
                       r"|masih|belum|tidak|tak|bukan|bisa|dapat|harus|perlu|wajib|boleh|sedang|segera|mulai|terlalu"
                       r"|sangat|cukup|lebih|kurang|siap|mampu|memang|hanya|kini|baru|ada|adalah|merupakan|menjadi|ialah"
                       r"|mesti|agar|semakin|makin|selalu|sering|jarang|pernah|terus|tetap|turun|naik|datang|tiba|jatuh|hilang"
                       r"|habis|mati|rusak|pulang|tumbuh|muncul|hadir|masuk|keluar|selesai|gagal|lulus|kalah|menang)\b|"
                       + DEMONSTRATIVE)
RELATIVE_VERB = re.compile(r"\byang \S+")
EXISTENTIAL = re.compile(r"(?:(?:masih|juga|sudah|belum|tidak|tak|hanya|memang|kini|selalu|sering) )*ada\b")  # ``masih ada …``
NOMINAL_CLAUSE = re.compile(rf"\S+ {DEMONSTRATIVE}")  # a topic word as a subject: ``capaian itu hasil kerja …``
# An adjective after a subject of two words or more (``minat baca anak-anak sebenarnya tinggi``), not one
# qualifying the first noun (``kabar baik``).
ADJECTIVE_PREDICATE = re.compile(r"\S+ \S+ (?:.*? )?(?:tinggi|rendah|baik|buruk|besar|kecil|mahal|murah|sepi|ramai|aman|lancar"
                                 r"|penting|sulit|mudah|jauh|dekat|banyak|sedikit|tepat|layak|efektif|optimal|maksimal"
                                 r"|stabil|normal|kondusif|cepat|lambat|lama|mendesak|wajar|benar|salah|jelas)\b")
# Feelings the speaker reports of themself, a verb phrase and no clause (*mengaku lega*, *menyatakan optimistis*).
FEELINGS = re.compile(r"(?:lega|senang|puas|kecewa|bangga|sedih|khawatir|takut|bingung|kesal|heran|kaget|prihatin|optimistis"
                      r"|optimis|pesimistis|pesimis|lelah|bersyukur|gembira|terharu|yakin|ragu)\b")
TOPICS = re.compile(r"(?:hal|rasa|terima kasih|apresiasi|dukungan|keprihatinan|pendapat|pandangan|penjelasan|keterangan"
                    r"|alasan|harapan|sejumlah|berbagai|beberapa|materi|paparan|tantangan|capaian|program|rencana"
                    r"|penyebab|kendala|langkah|upaya|komitmen|sikap|permintaan|kekhawatiran)(?:nya)?\b")
# Honorifics that may stand before a name in an attribution (``Menurut Direktur X, dr. Budi, …``).
HONORIFIC = r"(?:dr|drg|Dr|Ir|Prof|Drs|Dra|H|Hj|KH)\.?"
HONORIFICS = rf"(?:{HONORIFIC} )*"
# Where and to whom it was said, between a verb and its clause (``mengatakan kepada wartawan, …``).
ADJUNCT = r"(?: (?:kepada|pada|saat|ketika|seusai|usai|di sela|dalam)\b[^,.]{0,60}?(?=,| bahwa\b))?"


@dataclass(frozen=True)
class Passage:
    """Text between quotation marks: where the marks are, and the quote span inside them (§2 trimmed)."""

    opening: int  # index of the first opening mark
    closing: int  # index of the closing mark
    start: int
    end: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (text between blank lines)."""
    spans, start = [], 0
    for match in re.finditer(r"\n\s*\n", text):
        spans.append((start, match.start()))
        start = match.end()
    return spans + [(start, len(text))]


def passages(text: str) -> list[Passage]:
    """Every passage between quotation marks, running over paragraphs when the next opens with a mark."""
    found: list[Passage] = []
    opened: int | None = None  # index of the opening mark of the passage being read
    kind, depth = "", 0
    for start, end in paragraphs(text):
        first = start
        if opened is not None:
            if text[start:start + 1] == (OPENING if kind == CLOSING else STRAIGHT):
                first += 1  # the next paragraph of the same quotation
            else:
                opened, depth = None, 0  # a mark never closed: no passage
        for index in range(first, end):
            char = text[index]
            if opened is None:
                if char in (OPENING, STRAIGHT):
                    opened, kind, depth = index, CLOSING if char == OPENING else STRAIGHT, 1
            elif kind == CLOSING and char == OPENING:
                depth += 1
            elif char == kind:
                depth -= 1
                if depth == 0:
                    found.append(_trimmed(text, opened, index))
                    opened = None
    return [p for p in found if p.start < p.end]


def _trimmed(text: str, opening: int, closing: int) -> Passage:
    start, end = opening + 1, closing
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return Passage(opening, closing, start, end)


def cue_after(text: str, passage: Passage) -> tuple[int, int] | None:
    """The speech verb right after the closing mark (``,” kata``, ``,” ujarnya``), or after the name
    right after it when the quotation ends with a comma (``,” Budi menambahkan``)."""
    match = CUE_AFTER.match(text, passage.closing + 1)
    if match is None:
        return None
    if match["cue"]:
        return match.span("cue")
    return match.span("verb") if "," in text[passage.end:passage.closing] else None


def cue_before(text: str, passage: Passage, sentence_start: int) -> tuple[int, int] | None:
    """The speech verb ending the words before the opening mark in its sentence (``X mengatakan, “``)."""
    match = CUE_BEFORE.search(text[:passage.opening], sentence_start)
    if match is None or text[match.end("attribution"):passage.opening].strip(" ,:\n") or len(match["attribution"].split()) > 12:
        return None
    return match.span("cue")


@dataclass(frozen=True)
class Indirect:
    """An indirect quote: its span, its cue, and where its speaker is named (after the cue, or as the subject)."""

    start: int
    end: int
    cue: tuple[int, int]
    attribution: tuple[int, int]  # the text naming the speaker (the subject before the cue, or after it)


def indirect(text: str, start: int, end: int) -> Indirect | None:
    """The indirect quote of the sentence ``text[start:end]`` if it reports speech (module docstring)."""
    sentence = text[start:end]
    stop = len(sentence.rstrip().rstrip(".!?…").rstrip())
    inserted = re.search(rf", (?P<cue>(?:menurut|{'|'.join(SPEECH_VERBS)})(?:nya)?)(?P<who>(?: [^,]+?)?), (?=\S)", sentence)
    if inserted and _names_someone(inserted["cue"], inserted["who"]):
        return _made(start, inserted.end(), stop, inserted.span("cue"), inserted.span("who"))
    according = re.match(rf"(?:[^,]{{0,40}}, )?(?P<cue>Menurut(?:nya)?)\b(?P<who>[^,]*(?:, {HONORIFICS}[A-Z][\w.-]*"
                         r"(?: [A-Z][\w.-]*)*)?), (?=\S)", sentence)
    if according and _names_someone(according["cue"], according["who"]):
        return _made(start, according.end(), stop, according.span("cue"), according.span("who"))
    said = "|".join(INDIRECT_VERBS)
    for verb in re.finditer(rf"(?<=[\w,)] )(?P<cue>{said}|mengamati|melihat|(?:me|ber)\w+(?= bahwa\b))\b{ADJUNCT},?"
                            rf"(?: (?:{'|'.join(COMPLEMENTISERS)})\b)? ?", sentence):
        content = sentence[verb.end():stop]
        marked = verb.group().rstrip().endswith((",", *COMPLEMENTISERS))
        if not content or not marked and not _reads_as_clause(content):
            continue
        if verb["cue"] in ("mengamati", "melihat") and not content[:1].islower():
            continue
        return _made(start, verb.end(), stop, verb.span("cue"), (0, verb.start("cue")))
    return None


def _reads_as_clause(content: str) -> bool:
    """An unmarked object is a clause: a subject of its own (not a topic, not a verb phrase of the
    speaker's: *berjanji menambah …*), then a predicate word."""
    if TOPICS.match(content) and not NOMINAL_CLAUSE.match(content) or FEELINGS.match(content):
        return False
    if PREDICATE.match(content) and not EXISTENTIAL.match(content):
        return False
    return bool(PREDICATE.search(RELATIVE_VERB.sub("yang", content)) or ADJECTIVE_PREDICATE.match(content))


def _names_someone(cue: str, who: str) -> bool:
    """An attribution names a speaker: a name or pronoun after the cue, or the cue's ``-nya``."""
    return with_clitic(cue) and not who or bool(re.match(r" (?:[A-Z]|dia\b|beliau\b)", who))


def with_clitic(cue: str) -> bool:
    """A cue with the pronoun ``-nya`` (``ujarnya``, ``menurutnya``), not a verb ending so (``tanya``)."""
    word = cue.lower()
    return word.endswith("nya") and word[:-3] in (*SPEECH_VERBS, *INDIRECT_VERBS, "menurut")


def _made(start: int, content: int, stop: int, cue: tuple[int, int], who: tuple[int, int]) -> Indirect | None:
    return Indirect(start + content, start + stop, (start + cue[0], start + cue[1]),
                    (start + who[0], start + who[1])) if content < stop else None
