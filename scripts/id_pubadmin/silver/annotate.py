"""Rows of a crawled document: the project's segmenter and tokenizer, and the project's pre-annotator.

The predictor is the one ``studio push`` and ``predict`` use (:mod:`..predictor.predict`: the
trained entity model of the run's plan, then the rules); its ``model_version`` marks every row,
each mention and quote has its ``confidence`` (the prediction's score) and each document its
``uncertainty`` (:func:`..predictor.confidence.uncertainty`), which ``silver pick`` ranks by.
Entity ids come from each document's own text (no gazetteer of gold is passed), or from the
project's entity registry where a mention is linked to one of its entities. Offsets are code
points of the document text, as in gold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..predictor import confidence
from ..predictor.linking import Registry
from ..predictor.predict import model_version, records
from ..corpus.rows import entity_rows, paragraph_spans, quote_rows, sentence_rows

Row = dict[str, Any]


def predict(documents: list[Row], registry: Registry,
            model_dir: Path | str | None = None) -> list[tuple[list[Row], list[Row], float]]:
    """Entity and quote records of each document (``document_id``, ``text``) and the model's doubt, in order; the
    model of ``model_dir`` (default: the shipped one) runs on the batch."""
    texts = [document["text"] for document in documents]
    return [(*records(document["document_id"], document["text"], {}, spans, registry, model_dir), doubt)
            for document, (spans, doubt) in zip(documents, confidence.model_outputs(texts, model_dir=model_dir))]


def document_rows(documents: list[Row], registry: Registry = Registry(),
                  model_dir: Path | str | None = None) -> dict[str, list[Row]]:
    """Rows of every silver config for a batch of prepared documents, in document order; entity rows carry their
    links, and the ids of the ``registry``'s entities where linked to one."""
    marks = {"machine_made": True, "model_version": model_version(model_dir)}
    rows: dict[str, list[Row]] = {"documents": [], "sentences": [], "entities": [], "quotes": []}
    for document, (entities, quotes, doubt) in zip(documents, predict(documents, registry, model_dir)):
        paragraphs = [{"start": s, "end": e} for s, e in paragraph_spans(document["text"])]
        sentences = sentence_rows({**document, "paragraphs": paragraphs, "dateline_end": 0})
        scores = [row["score"] for row in entities + quotes]
        rows["documents"].append({**document, "paragraphs": paragraphs, **marks,
                                  "uncertainty": confidence.uncertainty(scores, doubt, len(sentences))})
        rows["sentences"] += [{**row, **marks} for row in sentences]
        rows["entities"] += [{**_scored(row), **marks} for row in entity_rows(entities, sentences)]
        rows["quotes"] += [{**_scored(row), **marks} for row in quote_rows(quotes, sentences)]
    return rows


def _scored(row: Row) -> Row:
    """A predicted row with its ``score`` as the silver column ``confidence``."""
    return {**{key: value for key, value in row.items() if key != "score"}, "confidence": row["score"]}
