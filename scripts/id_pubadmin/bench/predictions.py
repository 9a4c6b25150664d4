"""How good the pre-annotation is: predictions scored against the gold of a built corpus.

Each document is predicted with a gazetteer built from the gold of the *other* documents only
(leave one document out), so a one-document corpus is scored with an empty gazetteer: the rules
alone. Entities are scored by exact span and label (precision, recall, F1 per label and overall);
quotes by exact span, and over the gold quotes found with their exact span, the share with the
gold cue span and the gold speaker entity id.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..annotations.predict import MODEL_VERSION, gazetteer, records
from ..core import labels
from ..corpus.read import corpus_views


def _gold(corpus: Path) -> tuple[dict[str, str], list[dict], list[dict]]:
    """Document texts by id, entity rows and quote rows of a built corpus, its rows checked as they are read."""
    documents, entities, quotes = {}, [], []
    for view in corpus_views(corpus):
        documents[view.document_id] = view.text
        entities += view.entities
        quotes += view.quotes
    return documents, entities, quotes


def score(corpus: Path) -> dict:
    """Counts and figures of the predictor on every document of ``corpus``."""
    documents, gold_entities, gold_quotes = _gold(corpus)
    counts: dict[str, Counter] = {label: Counter() for label in labels.ENTITY_LABELS}
    quotes = Counter()
    for document_id, text in sorted(documents.items()):
        known = gazetteer([e for e in gold_entities if e["document_id"] != document_id])
        entities, predicted_quotes = records(document_id, text, known)
        gold = {(e["start"], e["end"], e["label"]) for e in gold_entities if e["document_id"] == document_id}
        found = {(e["start"], e["end"], e["label"]) for e in entities}
        for label in labels.ENTITY_LABELS:
            counts[label]["tp"] += len({s for s in gold & found if s[2] == label})
            counts[label]["fp"] += len({s for s in found - gold if s[2] == label})
            counts[label]["fn"] += len({s for s in gold - found if s[2] == label})
        by_span = {(q["start"], q["end"]): q for q in predicted_quotes}
        for quote in (q for q in gold_quotes if q["document_id"] == document_id):
            match = by_span.get((quote["start"], quote["end"]))
            quotes["gold"] += 1
            if match is not None:
                quotes["span"] += 1
                quotes["cue"] += (match["cue"]["start"], match["cue"]["end"]) == (quote["cue"]["start"], quote["cue"]["end"])
                quotes["speaker"] += match["speaker_entity_id"] == quote["speaker_entity_id"]
        quotes["predicted"] += len(predicted_quotes)
    total = sum(counts.values(), Counter())
    return {
        "model_version": MODEL_VERSION,
        "documents": len(documents),
        "entities": {label: _prf(c) for label, c in [*counts.items(), ("all", total)] if sum(c.values())},
        "quotes": {**_prf(Counter(tp=quotes["span"], fp=quotes["predicted"] - quotes["span"],
                                  fn=quotes["gold"] - quotes["span"])),
                   "cue_accuracy": _share(quotes["cue"], quotes["span"]),
                   "speaker_accuracy": _share(quotes["speaker"], quotes["span"])},
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _prf(c: Counter) -> dict:
    precision, recall = _share(c["tp"], c["tp"] + c["fp"]), _share(c["tp"], c["tp"] + c["fn"])
    f1 = round(2 * precision * recall / (precision + recall), 2) if precision and recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": c["tp"] + c["fn"],
            "predicted": c["tp"] + c["fp"]}


def markdown(figures: dict) -> str:
    """The figures as Markdown tables."""
    def shown(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    lines = [f"Predictor `{figures['model_version']}` on {figures['documents']} document(s), gazetteer from the "
             "other documents only.", "", "| entity label | gold | predicted | P | R | F1 |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {label} | {v['gold']} | {v['predicted']} | {shown(v['precision'])} | {shown(v['recall'])} | "
              f"**{shown(v['f1'])}** |" for label, v in figures["entities"].items()]
    q = figures["quotes"]
    lines += ["", "| quotes | gold | predicted | span P | span R | span F1 | cue accuracy | speaker accuracy |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
              f"| all | {q['gold']} | {q['predicted']} | {shown(q['precision'])} | {shown(q['recall'])} | "
              f"**{shown(q['f1'])}** | {shown(q['cue_accuracy'])} | {shown(q['speaker_accuracy'])} |"]
    return "\n".join(lines)
