"""A review page: one self-contained HTML file showing the annotations on the text.

Entity mentions are drawn as displaCy draws them in manual mode (its ``mark`` template and label
colours; labels displaCy has no colour for get one here), with the entity id and mention id on
hover. Quotes are underlined (solid for direct, dashed for indirect), their cue dotted, and an
arrow after each quote names its speaker the same way everywhere: by the text of the speaker's
mention, with the entity id on hover. It links to the quote's speaker mention, which is outlined;
a quote whose speaker is not named at it (``ujarnya``) is named by the nearest mention of the
speaker's entity (its id only when the text never names it). Sentences are outlined and numbered, paragraphs kept. Every document has
a table of counts, the page a legend. Inline CSS only: no script, no server, no network.
A document not annotated yet can show the predictor's mentions and quotes instead
(:func:`with_predictions`), outlined dashed and named as predictions, never as gold.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.errors import UsageError
from ..core.markup import html_text
from ..segment.document_view import DocumentView

EXTRA_COLORS = {"ROLE": "#c7f0d8", "PROGRAM": "#f9c8e4"}
SENTENCE, QUOTE, CUE, ENTITY = range(4)  # nesting order, outermost first
STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 16px; margin: 2rem; max-width: 60rem; }
section.document { border-top: 2px solid #333; margin-top: 2rem; }
p.paragraph { line-height: 2.6; }
.dateline { color: #555; }
.sentence { border: 1px solid #d0d7de; border-radius: 0.3em; padding: 0.1em 0.2em; }
.sentence::before { content: "S" attr(data-sentence-index); font-size: 0.6em; color: #57606a; vertical-align: super;
  margin-right: 0.2em; }
.quote { text-decoration: underline 2px #c92a2a; text-underline-offset: 0.35em; }
.quote-indirect { text-decoration-style: dashed; }
.cue { text-decoration: underline dotted 2px #e8590c; text-underline-offset: 0.35em; font-style: italic; }
.speaker-link { color: #c92a2a; font-size: 0.8em; margin-left: 0.2em; text-decoration: none; }
mark.entity[data-speaker-of] { outline: 2px solid #c92a2a; outline-offset: 1px; }
ul.counts { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; padding: 0; list-style: none; font-size: 0.85em; }
.legend mark { margin-right: 0.5rem; }
section.predicted mark.entity { outline: 2px dashed #555; outline-offset: 1px; }
.predicted-note { color: #9c3600; font-weight: bold; }
"""


def colours() -> dict[str, str]:
    """Background colour per entity label: displaCy's defaults, then this corpus's own labels."""
    from spacy.displacy.render import DEFAULT_LABEL_COLORS

    return {label: DEFAULT_LABEL_COLORS.get(label) or EXTRA_COLORS.get(label, "#ddd") for label in labels.ENTITY_LABELS}


def _a(value: str) -> str:
    """A value escaped for an HTML attribute or text."""
    return html_text(value)


def _mark(label: str, colour: str, attributes: str) -> tuple[str, str]:
    """displaCy's entity ``mark`` split around its text, with ``attributes`` added to the element."""
    from spacy.displacy.templates import TPL_ENT

    marked = TPL_ENT.strip().format(bg=colour, text="\0", label=html_text(label), kb_link="")
    marked = marked.replace('<mark class="entity"', f'<mark class="entity" {attributes}', 1)
    before, after = marked.split("\0")
    return before.rstrip(), after.lstrip()


def _tags(view: DocumentView, colour: dict[str, str]) -> list[tuple[int, int, int, str, str, str]]:
    """(start, end, level, key, opening tag, closing tag) of every sentence, quote, cue and mention."""
    tags = []
    for s in view.sentences:
        tags.append((s["start"], s["end"], SENTENCE, str(s["sentence_index"]),
                     f'<span class="sentence" data-sentence-index="{s["sentence_index"]}">', "</span>"))
    for q in view.quotes:
        quote_id, speaker_id = _a(q["quote_id"]), _a(q["speaker_entity_id"])
        title = _a(f'{q["type"]} quote {q["quote_id"]}, speaker {q["speaker_entity_id"]}, cue "{q["cue"]["text"]}"')
        opening = (f'<span class="quote quote-{q["type"]}" data-quote-id="{quote_id}" data-type="{q["type"]}" '
                   f'data-speaker-entity-id="{speaker_id}" title="{title}">')
        tags.append((q["start"], q["end"], QUOTE, q["quote_id"], opening, "</span>"))
    cues: dict[tuple[int, int], list[str]] = {}
    for q in view.quotes:
        cues.setdefault((q["cue"]["start"], q["cue"]["end"]), []).append(_a(q["quote_id"]))
    for (start, end), quote_ids in cues.items():
        tags.append((start, end, CUE, " ".join(quote_ids),
                     f'<span class="cue" data-cue-of="{" ".join(quote_ids)}" title="cue of {", ".join(quote_ids)}">',
                     "</span>"))
    speaking: dict[tuple[int, int], list[str]] = {}
    for q in view.quotes:
        if q["speaker"] is not None:
            speaking.setdefault((q["speaker"]["start"], q["speaker"]["end"]), []).append(_a(q["quote_id"]))
    for e in view.entities:
        mention_id, entity_id = _a(e["mention_id"]), _a(e["entity_id"])
        quote_ids = speaking.get((e["start"], e["end"]), [])
        speaker = (f' data-speaker-of="{" ".join(quote_ids)}"' if quote_ids else "")
        links = _a(" ".join(e.get("links", [])))
        predicted = ' data-predicted="true"' if view.predicted_by else ""
        attributes = (f'id="{_a(view.document_id)}-{mention_id}" data-mention-id="{mention_id}" '
                      f'data-label="{e["label"]}" data-entity-id="{entity_id}"{speaker}{predicted}'
                      + (f' data-links="{links}"' if links else "")
                      + f' title="{"predicted " if predicted else ""}{e["label"]}: {entity_id} (mention {mention_id})'
                      + (f', speaker of {", ".join(quote_ids)}' if quote_ids else "")
                      + (f"; links {links}" if links else "") + '"')
        tags.append((e["start"], e["end"], ENTITY, e["mention_id"], *_mark(e["label"], colour[e["label"]], attributes)))
    return tags


def _nearest_mention(view: DocumentView, entity_id: str, at: int) -> dict[str, Any] | None:
    """The mention of ``entity_id`` that ends last before ``at``, else its first one; None if there is none."""
    mentions = sorted((e for e in view.entities if e["entity_id"] == entity_id), key=lambda e: e["start"])
    before = [e for e in mentions if e["end"] <= at]
    return before[-1] if before else next(iter(mentions), None)


def _speaker_arrows(view: DocumentView) -> dict[int, str]:
    """The arrow after each quote, keyed by the quote's end: the speaker's mention text, its entity id on hover."""
    arrows: dict[int, str] = {}
    mentions = {(e["start"], e["end"]): e for e in view.entities}
    for q in view.quotes:
        speaker, quote_id, entity_id = q["speaker"], _a(q["quote_id"]), _a(q["speaker_entity_id"])
        if speaker is not None and (speaker["start"], speaker["end"]) in mentions:  # a prediction's may not be
            target = _a(f'{view.document_id}-{mentions[(speaker["start"], speaker["end"])]["mention_id"]}')
            arrow = (f'<a class="speaker-link" href="#{target}" data-quote-of="{quote_id}" data-entity-id="{entity_id}" '
                     f'title="speaker of {quote_id}: {entity_id}">&#8594; {_a(speaker["text"])}</a>')
        else:
            named = _nearest_mention(view, q["speaker_entity_id"], q["start"])
            where = "named elsewhere in the text" if named else "never named in the text"
            arrow = (f'<span class="speaker-link" data-quote-of="{quote_id}" data-entity-id="{entity_id}" '
                     f'title="speaker of {quote_id}: {entity_id}, not named at the quote; {where}">'
                     f'&#8594; {_a(named["text"] if named else q["speaker_entity_id"])}</span>')
        arrows[q["end"]] = arrows.get(q["end"], "") + arrow
    return arrows


def paragraph_html(view: DocumentView, start: int, end: int, colour: dict[str, str]) -> str:
    """The text of ``[start, end)`` with its spans as nested elements, cut where spans of levels cross."""
    tags = [t for t in _tags(view, colour) if t[0] < end and start < t[1]]
    arrows = _speaker_arrows(view)
    cuts = sorted({start, end, *(max(t[0], start) for t in tags), *(min(t[1], end) for t in tags), *arrows})
    cuts = [c for c in cuts if start <= c <= end]
    out: list[str] = []
    stack: list[tuple[int, int, int, str, str, str]] = []
    for left, right in pairwise(cuts):
        covering = sorted((t for t in tags if t[0] <= left and right <= t[1]), key=lambda t: (t[2], t[0]))
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] == covering[keep]:
            keep += 1
        out += [tag[5] for tag in reversed(stack[keep:])]
        if left in arrows and left > start:  # after the quote closes, before what opens here
            out.append(arrows.pop(left))
        out += [tag[4] for tag in covering[keep:]]
        stack = covering
        out.append(html_text(view.text[left:right]).replace("\n", "<br>"))
    out += [tag[5] for tag in reversed(stack)]
    if end in arrows:
        out.append(arrows[end])
    return "".join(out)


def counts_table(view: DocumentView) -> str:
    """Counts of one document: sentences, tokens, mentions per label, quotes per type."""
    by_label = Counter(e["label"] for e in view.entities)
    by_type = Counter(q["type"] for q in view.quotes)
    cells: list[tuple[str, Any]] = [("sentences", len(view.sentences)),
                                    ("tokens", sum(len(s["tokens"]) for s in view.sentences)),
                                    ("entity mentions", len(view.entities)),
                                    ("distinct entities", len({e["entity_id"] for e in view.entities}))]
    cells += [(label, by_label[label]) for label in labels.ENTITY_LABELS if by_label[label]]
    cells += [("quotes", len(view.quotes))] + [(f"{kind} quotes", by_type[kind]) for kind in labels.QUOTE_TYPES]
    items = "".join(f'<li data-count="{html_text(name)}"><b>{value}</b> {name}</li>' for name, value in cells)
    return f'<ul class="counts">{items}</ul>'


def legend(colour: dict[str, str]) -> str:
    """Entity labels in their colours, then how quotes, cues and speakers are drawn."""
    marks = "".join("".join(_mark(label, colour[label], f'title="{html_text(labels.ENTITY_LABEL_MEANINGS[label])}"'))
                    for label in labels.ENTITY_LABELS)
    return (f'<div class="legend"><h2>Legend</h2><p>{marks}</p><p><span class="quote">direct quote</span> &#183; '
            '<span class="quote quote-indirect">indirect quote</span> &#183; <span class="cue">cue</span> &#183; '
            '<span class="speaker-link">&#8594; speaker</span> (its mention outlined) &#183; '
            '<span class="sentence" data-sentence-index="n">sentence n</span>; hover a mention or a speaker for its '
            'entity id</p></div>')


Predict = Callable[[str, str], tuple[list[dict[str, Any]], list[dict[str, Any]]]]


def with_predictions(views: Iterable[DocumentView], predict: Predict, model_version: str) -> Iterator[DocumentView]:
    """The views, each document not annotated yet showing ``predict(document_id, text)``'s mention and quote
    records (the predictor's form: offsets, label, ids, cue, speaker) as predictions of ``model_version``."""
    for view in views:
        if view.annotated or view.entities or view.quotes:
            yield view
            continue
        entities, quotes = predict(view.document_id, view.text)
        yield dataclasses.replace(view, entities=entities, quotes=quotes, predicted_by=model_version)


def document_html(view: DocumentView, colour: dict[str, str]) -> str:
    """One document's section: heading, counts, dateline and paragraphs."""
    document = view.document
    state = "" if view.annotated else " (not annotated yet)"
    if view.predicted_by:
        state = (f' <span class="predicted-note">(not annotated yet: predictions of {html_text(view.predicted_by)}, '
                 'not gold; annotate it in Label Studio)</span>')
    heading = (f'<h2>{html_text(view.document_id)}</h2><p>{html_text(document["outlet"])}, '
               f'{html_text(document["published"])}, split <code>{view.split}</code>{state}</p>')
    dateline = (f'<p class="paragraph dateline">'
                f'{paragraph_html(view, document["dateline_start"], document["dateline_end"], colour)}</p>')
    body = "".join(
        f'<p class="paragraph">{paragraph_html(view, max(p["start"], document["dateline_end"]), p["end"], colour)}</p>'
        for p in document["paragraphs"])
    kind = "document predicted" if view.predicted_by else "document"
    return (f'<section class="{kind}" id="{html_text(view.document_id)}">{heading}{counts_table(view)}'
            f'{dateline}{body}</section>')


PAGE_START = '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>'
TITLE_START = f"{labels.DATASET_NAME}: review of "


def is_review_page(path: Path) -> bool:
    """Whether the file at ``path`` is a page this module wrote (so that writing it again loses nothing)."""
    opening = (PAGE_START + html_text(TITLE_START)).encode("utf-8")
    try:
        with path.open("rb") as stream:
            return stream.read(len(opening)) == opening
    except OSError:
        return False


def review_html(documents: Iterable[DocumentView], document_id: str | None = None) -> str:
    """The page for the documents, or for one of them; raises UsageError for an unknown document."""
    views = list(documents)
    if document_id is not None:
        views = [view for view in views if view.document_id == document_id]
        if not views:
            raise UsageError(f"no document {document_id!r} in the corpus")
    colour = colours()
    title = f"{TITLE_START}{document_id or f'{len(views)} document(s)'}"
    sections = "".join(document_html(view, colour) for view in views)
    return (f'{PAGE_START}{html_text(title)}</title><style>{STYLE}</style></head><body>'
            f'<h1>{html_text(title)}</h1>{legend(colour)}{sections}'
            '</body></html>\n')
