"""How well the pre-annotation finds quotes, their cues and their speakers: ``python -m id_pubadmin.bench quotes``.

Two gold sets: the invented development articles of ``tests/fixtures/quotes_dev`` (written to the
guidelines, never part of the corpus) and the built corpus's annotated documents. Each document is
predicted by the combined predictor (model and rules) with a gazetteer of the corpus gold of the
*other* documents, as ``studio push`` would. A quote counts as found when its exact span is
predicted; over the found quotes, the share with the gold type, the gold cue span and the gold
speaker entity id. Per document set, then per pattern of the gold quote (how its cue and speaker
are written), so a weak pattern shows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..predictor.entity_rules import ORG_NAME, SPEECH_VERBS

DEV_SET = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "quotes_dev"


def read_dev_set(folder: Path) -> list[dict]:
    """The development articles of ``folder`` (one JSON file each), by file name.

    Raises ValueError naming the file when one is not an article with quotes inside its text.
    """
    articles = []
    for path in sorted(folder.glob("*.json")):
        try:
            article = json.loads(path.read_text(encoding="utf-8"))
            text = article["text"]
            for quote in article["quotes"]:
                if text[quote["start"]:quote["end"]] != quote["text"]:
                    raise ValueError(f"quote {quote['text'][:30]!r} is not at ({quote['start']}, {quote['end']})")
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: not a development article ({error})") from error
        articles.append(article)
    return articles


def patterns(text: str, quote: dict) -> list[str]:
    """The patterns a gold quote shows: how it is written (split, over paragraphs, cue before or after,
    *Menurut*, inserted, with or without a complementiser) and how its speaker is given."""
    cue, before = quote["cue"], text[max(0, quote["start"] - 12):quote["start"]]
    word = cue["text"].lower()
    if quote["type"] == "direct":
        form = ("direct, over paragraphs" if "\n" in quote["text"] else
                "direct, split (second part)" if cue["start"] < quote["start"] and re.search(r"[”\"]", text[cue["start"] - 4:cue["start"]]) else
                "direct, cue before" if cue["start"] < quote["start"] else "direct, cue after")
    else:
        inserted = text[cue["start"] - 2:cue["start"]] == ", " and (word.startswith("menurut") or word in SPEECH_VERBS)
        form = ("indirect, inserted (…, lanjut X, …)" if inserted else
                "indirect, Menurut X" if word.startswith("menurut") else
                "indirect, with bahwa / agar" if re.search(r"\b(?:bahwa|agar|supaya) $", before) else
                "indirect, without bahwa")
    if quote["speaker"] is None:
        speaker = "speaker: pronoun / context"
    elif ORG_NAME.match(quote["speaker"]["text"]):
        speaker = "speaker: organisation"
    elif quote["speaker_entity_id"] != _slug(quote["speaker"]["text"]):
        speaker = "speaker: short name"
    else:
        speaker = "speaker: full name"
    return [form, speaker]


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def score(documents: Iterable[tuple[str, str, str, list[dict]]], gold_entities: list[dict]) -> dict[str, Counter]:
    """Counts of each document set and pattern: gold, predicted, found, right type, cue and speaker.

    ``documents``: (set name, document id, text, gold quotes); ``gold_entities`` (corpus mention rows)
    make the gazetteer, less the document's own.
    """
    from ..predictor import entity_model
    from ..predictor.entity_rules import gazetteer
    from ..predictor.predict import records

    documents = list(documents)
    spans = list(entity_model.spans(text for _, _, text, _ in documents))
    counts: dict[str, Counter] = {}
    for (name, document_id, text, gold), model in zip(documents, spans):
        known = gazetteer([e for e in gold_entities if e["document_id"] != document_id])
        _, predicted = records("bench", text, known, model)
        by_span = {(q["start"], q["end"]): q for q in predicted}
        counts.setdefault(name, Counter())["predicted"] += len(predicted)
        for quote in gold:
            match = by_span.get((quote["start"], quote["end"]))
            for key in (name, *patterns(text, quote)):
                row = counts.setdefault(key, Counter())
                row["gold"] += 1
                if match is not None:
                    row["found"] += 1
                    row["type"] += match["type"] == quote["type"]
                    row["cue"] += (match["cue"]["start"], match["cue"]["end"]) == (quote["cue"]["start"],
                                                                                   quote["cue"]["end"])
                    row["speaker"] += match["speaker_entity_id"] == quote["speaker_entity_id"]
    return counts


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "–"


def table(counts: dict[str, Counter], sets: list[str]) -> str:
    """Markdown: P / R / F1 of exact spans and the type, cue and speaker accuracy, per set then per pattern."""
    lines = ["| gold set | gold | predicted | found | span P | span R | **span F1** | type | cue | speaker |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in sets:
        c = counts.get(name, Counter())
        precision, recall = (c["found"] / c["predicted"] if c["predicted"] else 0.0), (c["found"] / c["gold"] if c["gold"] else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        lines.append(f"| {name} | {c['gold']} | {c['predicted']} | {c['found']} | {100 * precision:.1f} | "
                     f"{100 * recall:.1f} | **{100 * f1:.1f}** | {_share(c['type'], c['found'])} | "
                     f"{_share(c['cue'], c['found'])} | {_share(c['speaker'], c['found'])} |")
    lines += ["", "| pattern (both sets) | gold | found | recall | speaker right |", "| --- | ---: | ---: | ---: | ---: |"]
    for name in sorted(k for k in counts if k not in sets):
        c = counts[name]
        lines.append(f"| {name} | {c['gold']} | {c['found']} | {_share(c['found'], c['gold'])} | "
                     f"{_share(c['speaker'], c['found'])} |")
    return "\n".join(lines)


def main(corpus: Path, dev_set: Path = DEV_SET) -> str:
    """The benchmark's report: the development set and the corpus's annotated documents, scored."""
    from ..corpus.read import corpus_views
    from ..predictor.predict import MODEL_VERSION

    entities, documents = [], []
    for view in corpus_views(corpus):
        entities += view.entities
        if view.annotated:
            documents.append(("corpus gold", view.document_id, view.text, view.quotes))
    articles = read_dev_set(dev_set)
    documents = [("development set", a["document_id"], a["text"], a["quotes"]) for a in articles] + documents
    counts = score(documents, entities)
    corpus_count = sum(1 for name, *_ in documents if name == "corpus gold")
    return (f"Predictor `{MODEL_VERSION}` on {len(articles)} invented development article(s) ({dev_set.name}) and "
            f"{corpus_count} annotated corpus document(s); gazetteer of the corpus gold of the other documents; "
            "a quote is found when its exact span is predicted; type, cue and speaker (entity id) are scored "
            "on the found quotes.\n\n" + table(counts, ["development set", "corpus gold"]))
