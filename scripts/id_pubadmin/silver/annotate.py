"""Rows of a crawled document: the project's segmenter and tokenizer, and the project's pre-annotator.

The predictor is the one ``studio push`` and ``predict`` use (:mod:`..predictor.predict`: the
trained entity model of the run's plan, then the rules); its ``model_version`` marks every row. Entity ids come
from each document's own text (no gazetteer of gold is passed), or from the project's entity
registry where a mention is linked to one of its entities. Offsets are code points of the document
text, as in gold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..predictor import entity_model
from ..predictor.linking import Registry
from ..predictor.predict import model_version, records
from ..corpus.rows import entity_rows, paragraph_spans, quote_rows, sentence_rows

Row = dict[str, Any]


def predict(documents: list[Row], registry: Registry, model_dir: Path | str | None = None) -> list[tuple[list[Row], list[Row]]]:
    """Entity and quote records of each document (``document_id``, ``text``), in order; the model of ``model_dir``
    (default: the shipped one) runs on the batch."""
    texts = [document["text"] for document in documents]
    return [records(document["document_id"], document["text"], {}, spans, registry)
            for document, spans in zip(documents, entity_model.spans(texts, model_dir=model_dir))]


def document_rows(documents: list[Row], registry: Registry = Registry(),
                  model_dir: Path | str | None = None) -> dict[str, list[Row]]:
    """Rows of every silver config for a batch of prepared documents, in document order; entity rows carry their
    links, and the ids of the ``registry``'s entities where linked to one."""
    marks = {"machine_made": True, "model_version": model_version(model_dir)}
    rows: dict[str, list[Row]] = {"documents": [], "sentences": [], "entities": [], "quotes": []}
    for document, (entities, quotes) in zip(documents, predict(documents, registry, model_dir)):
        paragraphs = [{"start": s, "end": e} for s, e in paragraph_spans(document["text"])]
        sentences = sentence_rows({**document, "paragraphs": paragraphs, "dateline_end": 0})
        rows["documents"].append({**document, "paragraphs": paragraphs, **marks})
        rows["sentences"] += [{**row, **marks} for row in sentences]
        rows["entities"] += [{**row, "confidence": row.get("confidence"), **marks}
                             for row in entity_rows(entities, sentences)]
        rows["quotes"] += [{**row, **marks} for row in quote_rows(quotes, sentences)]
    return rows
