"""How good the pre-annotation is: the rules alone, the model alone and both, scored side by side.

Two gold sets. (a) NERGrit valid (PERSON / ORG / PLACE, exact spans): predicted GPE, LOC and FAC
count as PLACE and other labels are ignored; its sentences were never trained on. (b) The built
corpus: each document is predicted with a gazetteer of the gold of the *other* documents only
(leave one document out; the model never saw any corpus document), scored by exact span and label
on all ten labels, and its quotes by exact span, then, over the gold quotes found, the share with
the gold cue span and the gold speaker entity id. Speed is measured by :mod:`.predict_speed`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..predictor import entity_model
from ..predictor.entity_ids import assign
from ..predictor.entity_rules import gazetteer
from ..predictor.nergrit import read_sentences
from ..predictor.predict import MODEL_VERSION, RULES_VERSION, raw_mentions, records
from ..core import labels
from ..corpus.read import corpus_views

SYSTEMS = ("rules", "model", "combined")
NERGRIT_LABELS = ("PERSON", "ORG", "PLACE")
AS_NERGRIT = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
Span = tuple[int, int, str]


def system_entities(system: str, text: str, known: dict, spans: list[Span]) -> tuple[list[dict], list[dict]]:
    """Entity and quote records of ``text`` by one of :data:`SYSTEMS` (``spans``: the model's).

    The model alone is its raw spans (PLACE as GPE), with no rule applied to them.
    """
    if system == "model":
        mentions = assign(text, raw_mentions(spans))
        return [{"start": m.start, "end": m.end, "label": m.label, "entity_id": m.entity_id} for m in mentions], []
    return records("bench", text, known, spans if system == "combined" else ())


def score_nergrit(path: Path, model_dir: Path | None = None) -> dict:
    """P/R/F1 per NERGrit label and overall, for each system, on the sentences of ``path`` (``model_dir``: the
    model's folder, default the shipped one)."""
    sentences = read_sentences(path)
    spans = list(entity_model.spans((s.text for s in sentences), model_dir=model_dir))
    figures = {}
    for system in SYSTEMS:
        counts = {label: Counter() for label in NERGRIT_LABELS}
        for sentence, model in zip(sentences, spans):
            entities, _ = system_entities(system, sentence.text, {}, model)
            found = {(e["start"], e["end"], AS_NERGRIT[e["label"]]) for e in entities if e["label"] in AS_NERGRIT}
            _count(counts, set(sentence.entities), found)
        figures[system] = _figures(counts)
    return {"sentences": len(sentences), "systems": figures}


def _gold(corpus: Path) -> tuple[dict[str, str], list[dict], list[dict]]:
    """Document texts by id, entity rows and quote rows of a built corpus, its rows checked as they are read."""
    documents, entities, quotes = {}, [], []
    for view in corpus_views(corpus):
        documents[view.document_id] = view.text
        entities += view.entities
        quotes += view.quotes
    return documents, entities, quotes


def corpus_texts(corpus: Path) -> list[str]:
    """The text of every document of a built corpus."""
    return list(_gold(corpus)[0].values())


def score(corpus: Path) -> dict:
    """Figures of each system on every document of ``corpus``, gazetteer from the other documents."""
    documents, gold_entities, gold_quotes = _gold(corpus)
    model = dict(zip(sorted(documents), entity_model.spans(documents[d] for d in sorted(documents))))
    figures = {}
    for system in SYSTEMS:
        counts = {label: Counter() for label in labels.ENTITY_LABELS}
        quotes = Counter()
        for document_id, text in sorted(documents.items()):
            known = gazetteer([e for e in gold_entities if e["document_id"] != document_id])
            entities, predicted_quotes = system_entities(system, text, known, model[document_id])
            gold = {(e["start"], e["end"], e["label"]) for e in gold_entities if e["document_id"] == document_id}
            _count(counts, gold, {(e["start"], e["end"], e["label"]) for e in entities})
            by_span = {(q["start"], q["end"]): q for q in predicted_quotes}
            for quote in (q for q in gold_quotes if q["document_id"] == document_id):
                match = by_span.get((quote["start"], quote["end"]))
                quotes["gold"] += 1
                if match is not None:
                    quotes["span"] += 1
                    quotes["cue"] += (match["cue"]["start"], match["cue"]["end"]) == (quote["cue"]["start"],
                                                                                      quote["cue"]["end"])
                    quotes["speaker"] += match["speaker_entity_id"] == quote["speaker_entity_id"]
            quotes["predicted"] += len(predicted_quotes)
        figures[system] = {**_figures(counts), "quotes": {
            **_prf(Counter(tp=quotes["span"], fp=quotes["predicted"] - quotes["span"], fn=quotes["gold"] - quotes["span"])),
            "cue_accuracy": _share(quotes["cue"], quotes["span"]),
            "speaker_accuracy": _share(quotes["speaker"], quotes["span"])}}
    return {"model_version": MODEL_VERSION, "documents": len(documents), "systems": figures}


def _count(counts: dict[str, Counter], gold: set[Span], found: set[Span]) -> None:
    for label, c in counts.items():
        c["tp"] += len({s for s in gold & found if s[2] == label})
        c["fp"] += len({s for s in found - gold if s[2] == label})
        c["fn"] += len({s for s in gold - found if s[2] == label})


def _figures(counts: dict[str, Counter]) -> dict:
    total = sum(counts.values(), Counter())
    return {"entities": {label: _prf(c) for label, c in [*counts.items(), ("all", total)] if sum(c.values())}}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _prf(c: Counter) -> dict:
    precision, recall = _share(c["tp"], c["tp"] + c["fp"]), _share(c["tp"], c["tp"] + c["fn"])
    f1 = round(2 * precision * recall / (precision + recall), 2) if precision and recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": c["tp"] + c["fn"],
            "predicted": c["tp"] + c["fp"]}


def _shown(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def entity_table(figures: dict) -> list[str]:
    """Per label: gold count, then P / R / F1 of each system side by side."""
    systems = figures["systems"]
    names = list(dict.fromkeys(label for s in systems.values() for label in s["entities"]))
    names = [n for n in names if n != "all"] + ["all"]
    head = " | ".join(f"{s} P | {s} R | {s} **F1**" for s in SYSTEMS)
    lines = [f"| label | gold | {head} |", "| --- | ---: |" + " ---: |" * (3 * len(SYSTEMS))]
    for name in names:
        gold = next((s["entities"][name]["gold"] for s in systems.values() if name in s["entities"]), 0)
        cells = []
        for system in SYSTEMS:
            v = systems[system]["entities"].get(name, {"precision": None, "recall": None, "f1": 0.0})
            cells += [_shown(v["precision"]), _shown(v["recall"]), f"**{_shown(v['f1'])}**"]
        lines.append(f"| {name} | {gold} | " + " | ".join(cells) + " |")
    return lines


def effort_lines(figures: dict) -> list[str]:
    """Regions an annotator keeps as predicted, must delete and must draw, per system (entities and quotes)."""
    lines = ["| regions on the corpus gold | kept as predicted | to delete | to draw | share of gold kept |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for system in SYSTEMS:
        kinds = [figures["systems"][system]["entities"].get("all"), figures["systems"][system]["quotes"]]
        gold = sum(k["gold"] for k in kinds if k)
        kept = sum(round(k["recall"] * k["gold"] / 100) for k in kinds if k and k["recall"] is not None)
        predicted = sum(k["predicted"] for k in kinds if k)
        lines.append(f"| {system} | {kept} | {predicted - kept} | {gold - kept} | {_shown(_share(kept, gold))} |")
    return lines


def markdown(figures: dict, nergrit: dict | None = None, pace: list[str] | None = None) -> str:
    """The figures as Markdown tables: NERGrit valid, the corpus's entities and quotes, the speed."""
    lines = [f"Predictor `{MODEL_VERSION}` (rules alone: `{RULES_VERSION}`; model: `{entity_model.MODEL_DIR.name}`)."]
    if nergrit:
        lines += ["", f"NERGrit valid, {nergrit['sentences']} sentences, exact spans (GPE/LOC/FAC scored as PLACE):",
                  "", *entity_table(nergrit)]
    lines += ["", f"Corpus gold, {figures['documents']} document(s), gazetteer from the other documents only, "
              "the model trained on none of them:", "", *entity_table(figures), "",
              "| quotes | gold | predicted | span P | span R | span F1 | cue accuracy | speaker accuracy |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for system in ("rules", "combined"):
        q = figures["systems"][system]["quotes"]
        lines.append(f"| {system} | {q['gold']} | {q['predicted']} | {_shown(q['precision'])} | {_shown(q['recall'])} | "
                     f"**{_shown(q['f1'])}** | {_shown(q['cue_accuracy'])} | {_shown(q['speaker_accuracy'])} |")
    lines += ["", *effort_lines(figures)]
    if pace:
        lines += ["", *pace]
    return "\n".join(lines)
