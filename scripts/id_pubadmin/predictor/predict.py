"""Pre-annotation: entity, quote and cue predictions for documents nobody has annotated yet.

``push`` attaches them to such tasks as Label Studio predictions (``MODEL_VERSION`` below), so an
annotator corrects regions instead of drawing every one, and ``id-pubadmin predict`` writes them for
a JSONL batch of texts. Predictions are never gold: they are not annotations, the export never
keeps them, and only a submitted annotation counts.

Entities: the trained model (:mod:`.entity_model`) finds PERSON, ORG and PLACE spans; the rules and
the gazetteer of :mod:`.entity_rules` take precedence where they are surer and add ROLE, DATE,
PRODUCT and the GPE / LOC / FAC type of a place (:func:`model_mentions`); ids come from the
document's own text (:mod:`.entity_ids`); quotes come from the rules of :mod:`.quotes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import tee

from . import entity_model, linking, places
from .entity_ids import Mention
from .entity_rules import NOT_NAMES, RANKS, gazetteer, predict_entities
from .quotes import predict_quotes

MODEL_VERSION = "id-pubadmin-ner-2+rules-4"  # the model's meta version and the rules' generation
RULES_VERSION = "id-pubadmin-rules-4"  # the rules and gazetteer alone, as the benchmark shows them
LOC_HEADS = ("Gunung", "Pegunungan", "Sungai", "Kali", "Selat", "Pantai", "Danau", "Teluk", "Pulau", "Kepulauan",
             "Laut", "Samudra", "Samudera", "Tanjung", "Lembah", "Bukit", "Hutan", "Semenanjung", "Jalan", "Jl")
FAC_HEADS = ("Kantor", "Gedung", "Stadion", "Bandara", "Pelabuhan", "Rumah Sakit", "RSUD", "Masjid", "Gereja", "Pura",
             "Candi", "Hotel", "Istana", "Museum", "Pendopo", "Pendapa", "Terminal", "Stasiun", "Alun-alun", "Balai",
             "Aula", "Monumen", "Lapangan")
# ``Sri`` is mostly a given name (``Sri Mulyani``) and ``Raden``, ``Ki``, ``Nyi`` belong to traditional Javanese
# names (``Ki Hajar Dewantara``): they stay in the name, as in NERGrit train's PERSON spans.
HONORIFICS = re.compile(r"(?:(?:Bapak|Ibu|Pak|Bu|Dr|Prof|Ir|Drs|Dra|H|Hj|KH|K\.H|Kyai|Kiai|Ustadz|Ustaz|Haji|Hajah"
                        r"|Tuan|Nyonya|Mas|Mbak|Kak|Bung|Syekh|Habib|Gus)\.? )+(?=[A-Z])")
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


def raw_mentions(spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """The model's spans as they are, PLACE read as GPE: what the model alone predicts."""
    return [Mention(start, end, "GPE" if label == "PLACE" else label) for start, end, label in spans]


def model_mentions(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """The model's spans as mentions of the guideline labels.

    PLACE becomes LOC or FAC by its head word (``Gunung``, ``Gedung``...), else GPE; ``Kantor ...``
    is FAC right after *di*/*ke*/*dari*, else ORG (GUIDELINES.md §3.5); honorifics are cut off the
    front of a PERSON span, titles being no part of a name (§3.1); diseases and sentence-opening
    function words are dropped.
    """
    mentions = []
    for start, end, label in spans:
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
        label = "PERSON" if re.match(rf"{RANKS} [A-Z]", surface) else "GPE" if places.is_place(surface) else _cued(surface, label)
        head = HEAD_BEFORE.search(text, 0, start) if label in ("GPE", "PLACE") else None
        start = head.start() if head else start  # GPE spans include their generic head (§3.4)
        start += 4 if text.startswith("The ", start) and end - start > 4 else 0  # a leading English article is outside (§2)
        surface = text[start:end]
        if label == "PERSON":
            cut = HONORIFICS.match(surface) or re.match(rf"{RANKS} (?=[A-Z])", surface)
            start += cut.end() if cut else 0
        elif surface.startswith("Kantor "):
            label = "FAC" if PLACE_AFTER.search(text[max(0, start - 5):start]) else "ORG"
        elif label == "PLACE":
            label = "LOC" if surface.startswith(LOC_HEADS) else "FAC" if surface.startswith(FAC_HEADS) else "GPE"
        mentions.append(Mention(start, end, label))
    return mentions


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


def records(document_id: str, text: str, known: dict[str, tuple[str, str]],
            spans: Iterable[tuple[int, int, str]] | None = None,
            registry: linking.Registry | None = None) -> tuple[list[dict], list[dict]]:
    """Entity and quote records of one document, in the form the export reader yields.

    ``spans`` are the model's spans of ``text``; None runs the model, ``()`` leaves it out (the rules
    alone). Region ids start with the document id, so regions accepted from predictions of
    different documents never share an id. Entity records also carry their ``links`` and, when a
    region stays ambiguous, its ``candidates`` (:mod:`.linking`); a mention the project's entity
    ``registry`` knows gets the registry's id.
    """
    if spans is None:
        [spans] = entity_model.spans([text])
    mentions, links = linking.linked_mentions(text, predict_entities(text, known, model_mentions(text, spans)),
                                              registry or linking.Registry())
    entities = [{"document_id": document_id, "mention_id": f"{document_id}-p{index:03d}", "start": m.start, "end": m.end,
                 "text": text[m.start:m.end], "label": m.label, "entity_id": m.entity_id, "links": list(linked.links),
                 "candidates": list(linked.candidates)}
                for index, (m, linked) in enumerate(zip(mentions, links), start=1)]
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


def predict_document(text: str, known: dict[str, tuple[str, str]] | None = None,
                     registry: linking.Registry | None = None) -> dict:
    """``{"entities": [...], "quotes": [...]}`` of one text, offsets in code points (the ``predict`` format);
    an entity's ``links`` and ``candidates`` are there when it has any."""
    return next(predict_documents([text], known, registry=registry))


def predict_documents(texts: Iterable[str], known: dict[str, tuple[str, str]] | None = None,
                      batch_size: int = entity_model.BATCH_SIZE,
                      registry: linking.Registry | None = None) -> Iterator[dict]:
    """:func:`predict_document` of each text, the model running over them in batches."""
    shown, modelled = tee(texts)
    for text, spans in zip(shown, entity_model.spans(modelled, batch_size)):
        entities, quotes = records("d", text, known or {}, spans, registry)
        yield {"entities": [{key: e[key] for key in ("start", "end", "label", "entity_id", "links", "candidates")
                             if e[key] or key not in ("links", "candidates")} for e in entities],
               "quotes": [{"start": q["start"], "end": q["end"], "type": q["type"],
                           "cue": {"start": q["cue"]["start"], "end": q["cue"]["end"]},
                           "speaker_entity_id": q["speaker_entity_id"]} for q in quotes]}
