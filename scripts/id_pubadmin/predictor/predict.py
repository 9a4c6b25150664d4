"""Pre-annotation: entity, quote and cue predictions for documents nobody has annotated yet.

``push`` attaches them to such tasks as Label Studio predictions (``MODEL_VERSION`` below), so an
annotator corrects regions instead of drawing every one, and ``id-pubadmin predict`` writes them for
a JSONL batch of texts. Predictions are never gold: they are not annotations, the export never
keeps them, and only a submitted annotation counts.

Entities: the trained model (:mod:`.entity_model`) finds PERSON, ORG and PLACE spans; the rules and
the gazetteer of :mod:`.entity_rules` take precedence where they are surer and add ROLE, DATE,
PRODUCT and the GPE / LOC / FAC type of a place (:func:`model_mentions`); ids come from the
document's own text (:mod:`.entity_ids`); quotes come from the rules of :mod:`.quotes`. Every
mention and quote gets a calibrated ``score`` (:mod:`.confidence`): from the model's beam marginal
when the model's span is the mention, else the measured precision of the rule or quote type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import tee
from pathlib import Path

from . import confidence, entity_model, linking, places
from .confidence import ModelSpan
from .entity_ids import Mention
from .entity_rules import NOT_NAMES, RANKS, gazetteer, predict_entities
from .listed_names import listed_before, listed_label, split_run
from .quotes import UNSPOKEN, predict_quotes

RULES_GENERATION = "rules-5"  # raised whenever the rules or the gazetteer predict differently
RULES_VERSION = f"id-pubadmin-{RULES_GENERATION}"  # the rules and gazetteer alone, as the benchmark shows them
LOC_HEADS = ("Gunung", "Pegunungan", "Sungai", "Kali", "Selat", "Pantai", "Danau", "Teluk", "Pulau", "Kepulauan",
             "Laut", "Samudra", "Samudera", "Tanjung", "Lembah", "Bukit", "Hutan", "Semenanjung", "Jalan", "Jl")
FAC_HEADS = ("Kantor", "Gedung", "Stadion", "Bandara", "Pelabuhan", "Rumah Sakit", "RSUD", "Masjid", "Gereja", "Pura",
             "Candi", "Hotel", "Istana", "Museum", "Pendopo", "Pendapa", "Terminal", "Stasiun", "Alun-alun", "Balai",
             "Aula", "Monumen", "Lapangan")
# ``Sri`` is mostly a given name (``Sri Mulyani``) and ``Raden``, ``Ki``, ``Nyi`` belong to traditional Javanese
# names (``Ki Hajar Dewantara``): they stay in the name, as in NERGrit train's PERSON spans.
RANK = re.compile(rf"{RANKS} (?=[A-Z])")
HONORIFICS = re.compile(r"(?:(?:Bapak|Ibu|Pak|Bu|Dr|Prof|Ir|Drs|Dra|H|Hj|KH|K\.H|Kyai|Kiai|Ustadz|Ustaz|Haji|Hajah"
                        r"|Tuan|Nyonya|Mas|Mbak|Kak|Bung|Syekh|Habib|Gus)\.? )+(?=[A-Z])")
# Office titles and ranks before a name are no part of it (§3.1: the title is a ROLE of its own), with a minister's
# portfolio; a span that is nothing but a title names no person.
PORTFOLIOS = (r"Keuangan|Dalam Negeri|Luar Negeri|Pertahanan|Kesehatan|Agama|Sosial|Pertanian|Perdagangan|Perindustrian"
              r"|Perhubungan|BUMN|PANRB|PAN-RB|PAN RB|Pendidikan(?: [A-Z]\w*)*?|Koordinator(?: [A-Z]\w*)*?|Sekretaris Negara"
              r"|Hukum(?: dan HAM)?|ESDM|PUPR|Pariwisata(?: dan Ekonomi Kreatif)?|Ketenagakerjaan|Kelautan dan Perikanan"
              r"|Komunikasi dan (?:Informatika|Digital)|Investasi|Desa(?: PDTT)?|Pemuda dan Olahraga|Agraria(?: dan Tata Ruang)?"
              r"|Lingkungan Hidup(?: dan Kehutanan)?|Koperasi(?: dan UKM)?|Pemberdayaan Perempuan dan Perlindungan Anak")
OFFICE_TITLES = re.compile(rf"(?:(?:Wakil|Plt\.?|Pj\.?|Mantan|Eks) )*(?:Presiden|Wapres|Menteri(?: (?:{PORTFOLIOS}))?"
                           r"|Menkeu|Mendagri|Menlu|Menhan|Menkes|Mensos|Mentan|Mendag|Menhub|Menpan(?:-?RB)?|Gubernur"
                           r"|Bupati|Wali Kota|Walikota|Camat|Lurah|Kapolri|Kapolda|Kapolres|Kapolsek|Panglima TNI|Panglima"
                           r"|Ketua Umum|Ketum|Ketua|Sekjen|Dirut|Direktur Utama|Direktur|Kepala|Jenderal|Letjen|Mayjen"
                           r"|Brigjen|Kombes|AKBP|Kompol|AKP|Iptu|Ipda|Aiptu|Bripka|Briptu|Kolonel|Letkol|Mayor|Kapten"
                           r"|Sekda|Kadis|Perdana Menteri|PM|Senator|Jaksa Agung|Jaksa|Hakim|Anggota DPR(?: RI)?)\b ?")
BUILDINGS = ("Gedung", "Stadion", "Bandara", "Pelabuhan", "Masjid", "Gereja", "Pura", "Candi", "Hotel", "Istana", "Museum",
             "Pendopo", "Pendapa", "Terminal", "Stasiun", "Alun-alun", "Monumen", "Rumah Dinas")  # named buildings: FAC
TRAILING = re.compile(r"(?: (?:atau|dan|yang|di|ke|dari|pada|adalah|merupakan|telah|sebagai|Yang|Telah|Dan|Atau"
                      r"|Adalah|Mendapat|Menjadi))*$")
ORG_FIRST = frozenset({"PT", "CV", "SMA", "SMK", "SMP", "SD", "MTs", "Partai", "Yayasan", "Bank", "Klub", "Harian",
                       "Majalah", "Radio", "Persatuan", "Perhimpunan", "Ikatan", "Asosiasi", "Komisi", "Dewan"})
ORG_LAST = frozenset({"FC", "CF", "United", "Band", "Group", "Grup", "Systems", "Aerospace", "Orchestra", "Journal",
                      "Records", "Corporation", "Corp", "Inc", "Ltd", "Company", "Club", "Airlines", "Motors",
                      "Entertainment", "Studios", "Pictures", "Music", "TV", "News", "Times", "Post", "Tbk", "Office",
                      "Council", "Agency", "Institute", "Foundation", "Association", "Authority", "Authorities",
                      "Ministry", "Department", "Embassy", "Bureau", "Commission", "Committee", "University", "College"})
INITIALS = re.compile(r"(?<!\w)[A-Z] ?\. ?[A-Z] ?\.$")  # ``F.C.``: a run of one-letter abbreviations
HEAD_BEFORE = re.compile(r"\b(?:Kota|Kabupaten|Provinsi) $")
PLACE_AFTER = re.compile(r"(?:\b(?:di|ke|dari) )$")


def model_version(model_dir: Path | str | None = None) -> str:
    """What made a prediction: the model's name and version (its meta) and the rules' generation."""
    return f"{entity_model.version(model_dir)}+{RULES_GENERATION}"


MODEL_VERSION = model_version()  # the shipped model's


def raw_mentions(spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """The model's spans as they are, PLACE read as GPE: what the model alone predicts."""
    return [Mention(start, end, "GPE" if label == "PLACE" else label) for start, end, label in spans]


def model_mentions(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """The model's spans as mentions of the guideline labels.

    PLACE becomes LOC or FAC by its head word (``Gunung``, ``Gedung``...), else GPE; ``Kantor ...``
    is FAC right after *di*/*ke*/*dari*, else ORG (GUIDELINES.md §3.5); honorifics are cut off the
    front of a PERSON span, titles being no part of a name (§3.1); diseases and sentence-opening
    function words are dropped. Office titles are cut off the front of a PERSON span too, and a span
    that is only a title dropped; a listed organisation or public figure takes its list's label, and a
    document or budget acronym (``APBD``) is dropped (:mod:`.listed_names`); an ORG span that runs a
    listed organisation into a person's name becomes the two, and one right after a listed
    organisation takes it in (``LAN`` + ``RI``); a span naming a building (``Gedung``,
    ``Pendopo``...) is FAC; a one-word span opening a sentence whose word the text also writes in
    lower case (``Pelayanan ... pelayanan``) is a capitalised common word, dropped.
    """
    mentions = []
    for start, end, label in _split_runs(text, spans):
        start, end = _trimmed(text, start, end)
        while start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():  # ``J-Clair``: whole words
            start = len(re.match(r".*?([\w-]*)$", text[:start - 1], re.S)[0]) - len(re.match(r".*?([\w-]*)$", text[:start - 1], re.S)[1])
        surface = text[start:end]
        if not any(char.isupper() for char in surface):
            continue
        if NOT_NAMES.fullmatch(surface):
            continue
        end -= len(TRAILING.search(surface)[0])
        surface = text[start:end]
        if _common_word(text, start, end):
            continue
        start = listed_before(text, start) if label == "ORG" else start
        surface = text[start:end]
        listed = listed_label(surface, label)
        if listed is None:
            continue
        label = listed if listed != label else "GPE" if places.is_place(surface) else _cued(surface, label)
        label = "PERSON" if RANK.match(surface) else label  # a rank only precedes a name
        head = HEAD_BEFORE.search(text, 0, start) if label in ("GPE", "PLACE") else None
        start = head.start() if head else start  # GPE spans include their generic head (§3.4)
        start += 4 if text.startswith("The ", start) and end - start > 4 else 0  # a leading English article is outside (§2)
        surface = text[start:end]
        if surface.startswith(BUILDINGS) and " " in surface:
            label = "FAC"
        elif label == "PERSON":
            start += _titles_length(surface)
            if start >= end or not text[start].isupper():
                continue
        elif surface.startswith("Kantor "):
            label = "FAC" if PLACE_AFTER.search(text[max(0, start - 5):start]) else "ORG"
        elif label == "PLACE":
            label = "LOC" if surface.startswith(LOC_HEADS) else "FAC" if surface.startswith(FAC_HEADS) else "GPE"
        mentions.append(Mention(start, end, label))
    return mentions


def _titles_length(surface: str) -> int:
    """How many characters of honorifics, office titles and ranks open a PERSON span (``Menteri Keuangan Sri ...``,
    ``AKBP Rahmat ...``)."""
    length = 0
    while (cut := HONORIFICS.match(surface, length) or OFFICE_TITLES.match(surface, length)
           or RANK.match(surface, length)) and cut.end() > length:
        length = cut.end()
    return length


def _split_runs(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans, an ORG span running a listed organisation into a person's name split into ORG and PERSON."""
    split = []
    for start, end, label in spans:
        at = split_run(text[start:end]) if label == "ORG" else None
        split += [(start, start + at, "ORG"), (start + at + 1, end, "PERSON")] if at else [(start, end, label)]
    return split


def _common_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one capitalised word opening a sentence that the text also writes in lower case."""
    word = text[start:end]
    if not word.istitle() or not word.isalpha() or not re.search(r"(?:^|[.!?]\s+|\n\s*)$", text[max(0, start - 3):start]):
        return False
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text) is not None


def _cued(surface: str, label: str) -> str:
    """ORG for companies, clubs, bands, parties and schools named by their first or last word, else the model's label."""
    words = surface.split()
    return "ORG" if words[0] in ORG_FIRST or words[-1] in ORG_LAST else label


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without edge spaces and punctuation, but for a bracket closing one opened inside it (§2)
    and the last dot of a run of initials (``F.C.``, ``D. B.``), which is part of the abbreviation."""
    while start < end and not (text[start].isalnum() or text[start] in "(“\"'"):
        start += 1
    while start < end and not text[end - 1].isalnum():
        closing = {")": "(", "]": "["}.get(text[end - 1])
        if closing and closing in text[start:end - 1] or INITIALS.search(text, start, end):
            break
        end -= 1
    while start < end and text[start] in "(“\"'" and text[start + 1:end].count({"(": ")"}.get(text[start], text[start])) == 0:
        start += 1
    return start, end


def mention_spans(text: str, spans: Iterable[ModelSpan]) -> dict[tuple[int, int], ModelSpan]:
    """The model span each model mention ``(start, end)`` was made from (:func:`model_mentions`)."""
    return {(m.start, m.end): span for span in spans for m in model_mentions(text, [span[:3]])}


def records(document_id: str, text: str, known: dict[str, tuple[str, str]],
            spans: Iterable[ModelSpan | tuple[int, int, str]] | None = None,
            registry: linking.Registry | None = None,
            model_dir: Path | str | None = None) -> tuple[list[dict], list[dict]]:
    """Entity and quote records of one document, in the form the export reader yields, each with its ``score``.

    ``spans`` are the model's spans of ``text`` (:class:`.confidence.ModelSpan`, or plain
    ``(start, end, label)`` without a beam marginal); None runs the model of ``model_dir`` (default:
    the shipped one), ``()`` leaves it out (the rules alone); the calibration of ``model_dir``
    scores them. Region ids start with the document id, so regions accepted from predictions of
    different documents never share an id. Entity records also carry their ``links`` and, when a
    region stays ambiguous, its ``candidates`` (:mod:`.linking`); a mention the project's entity
    ``registry`` knows gets the registry's id.
    """
    if spans is None:
        [(spans, _)] = confidence.model_outputs([text], model_dir=model_dir)
    scored = [span if isinstance(span, ModelSpan) else ModelSpan(*span, 0.0) for span in spans]
    by_span = mention_spans(text, scored)
    cuts = entity_model.pieces(text)
    mentions, links = linking.linked_mentions(text, _piecewise_mentions(text, known, [s[:3] for s in scored], cuts),
                                              registry or linking.Registry())
    calibration = confidence.calibration(entity_model.folder(model_dir))
    entities = []
    for index, (m, linked) in enumerate(zip(mentions, links), start=1):
        surface = text[m.start:m.end]
        span = by_span.get((m.start, m.end))
        score = (calibration.model_score(span, surface, m.label) if span is not None else
                 calibration.rule_score(m.label, known.get(surface, ("",))[0] == m.label))
        entities.append({"document_id": document_id, "mention_id": f"{document_id}-p{index:03d}", "start": m.start,
                         "end": m.end, "text": surface, "label": m.label, "entity_id": m.entity_id,
                         "links": list(linked.links), "candidates": list(linked.candidates), "score": score})
    quotes = []
    for index, quote in enumerate(_piecewise_quotes(text, mentions, cuts), start=1):
        speaker = quote["speaker"]
        quotes.append({
            "document_id": document_id, "quote_id": f"{document_id}-q{index:03d}", "type": quote["type"],
            "start": quote["start"], "end": quote["end"], "text": text[quote["start"]:quote["end"]],
            "cue": {"start": quote["cue"][0], "end": quote["cue"][1], "text": text[slice(*quote["cue"])]},
            "speaker": None if speaker is None else {"start": speaker.start, "end": speaker.end,
                                                     "text": text[speaker.start:speaker.end]},
            "speaker_entity_id": quote["speaker_entity_id"],
            "score": calibration.quote_score(quote["type"]) * (1.0 if quote["speaker_entity_id"] else UNSPOKEN),
        })
    return entities, quotes


def _piecewise_mentions(text: str, known: dict[str, tuple[str, str]], spans: list[tuple[int, int, str]],
                        cuts: list[tuple[int, int]]) -> list[Mention]:
    """The mentions of ``text``, found piece by piece (``cuts``: :func:`.entity_model.pieces`, at sentence ends,
    which no model span crosses), the rules being quadratic in a text's mentions; offsets shifted back."""
    mentions: list[Mention] = []
    for start, end in cuts:
        piece = text[start:end]
        inside = [(s - start, e - start, label) for s, e, label in spans if start <= s and e <= end]
        mentions += [replace(m, start=m.start + start, end=m.end + start)
                     for m in predict_entities(piece, known, model_mentions(piece, inside))]
    return mentions


def _piecewise_quotes(text: str, mentions: list[Mention], cuts: list[tuple[int, int]]) -> list[dict]:
    """The quotes of ``text``, found piece by piece as :func:`_piecewise_mentions` finds mentions."""
    quotes: list[dict] = []
    for start, end in cuts:
        inside = [replace(m, start=m.start - start, end=m.end - start) for m in mentions
                  if start <= m.start and m.end <= end]
        for quote in predict_quotes(text[start:end], inside):
            speaker = quote["speaker"]
            quotes.append({**quote, "start": quote["start"] + start, "end": quote["end"] + start,
                           "cue": (quote["cue"][0] + start, quote["cue"][1] + start),
                           "speaker": speaker and replace(speaker, start=speaker.start + start,
                                                          end=speaker.end + start)})
    return quotes


def predict_document(text: str, known: dict[str, tuple[str, str]] | None = None,
                     registry: linking.Registry | None = None, model_dir: Path | str | None = None) -> dict:
    """``{"entities": [...], "quotes": [...]}`` of one text, offsets in code points (the ``predict`` format);
    an entity's ``links`` and ``candidates`` are there when it has any."""
    return next(predict_documents([text], known, registry=registry, model_dir=model_dir))


def predict_documents(texts: Iterable[str], known: dict[str, tuple[str, str]] | None = None,
                      batch_size: int = entity_model.BATCH_SIZE, registry: linking.Registry | None = None,
                      model_dir: Path | str | None = None) -> Iterator[dict]:
    """:func:`predict_document` of each text, the model of ``model_dir`` (default: the shipped one) running over
    them in batches."""
    shown, modelled = tee(texts)
    for text, (spans, _) in zip(shown, confidence.model_outputs(modelled, batch_size, model_dir)):
        entities, quotes = records("d", text, known or {}, spans, registry, model_dir)
        yield {"entities": [{key: e[key] for key in ("start", "end", "label", "entity_id", "links", "candidates", "score")
                             if e[key] or key not in ("links", "candidates")} for e in entities],
               "quotes": [{"start": q["start"], "end": q["end"], "type": q["type"],
                           "cue": {"start": q["cue"]["start"], "end": q["cue"]["end"]},
                           "speaker_entity_id": q["speaker_entity_id"], "score": q["score"]} for q in quotes]}
