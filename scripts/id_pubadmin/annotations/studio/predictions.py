"""Label Studio predictions of the project's predictor, with scores, for ``studio push`` and the ML backend.

A prediction is ``{"model_version", "score", "result"}``: ``result`` holds the regions an
annotation would hold (:func:`..export.tasks_from_records`), each region's results carrying the
region's ``score`` (:mod:`...predictor.confidence`); the task's ``score`` is its least confident
region's (1.0 when nothing was predicted), so sorting tasks by prediction score in Label Studio
puts first the ones the predictor is least sure of.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ...predictor import confidence, predict
from ...predictor.linking import Registry
from ...segment.sentences import split_sentences
from .. import export as ls_export


def predictions(documents: Sequence[tuple[str, str]], known: dict[str, tuple[str, str]],
                model_version: str | None = None, model_dir: Path | None = None,
                registry: Registry | None = None) -> Iterator[dict]:
    """The prediction of each ``(document_id, text)`` by the model of ``model_dir`` (default: the shipped one,
    run in batches) and the rules; ``model_version`` defaults to the model's and the rules'."""
    return (made for made, _ in predicted(documents, known, model_version, model_dir, registry))


def predicted(documents: Sequence[tuple[str, str]], known: dict[str, tuple[str, str]],
              model_version: str | None = None, model_dir: Path | None = None,
              registry: Registry | None = None) -> Iterator[tuple[dict, float]]:
    """:func:`predictions`, each with the text's uncertainty (:func:`...predictor.confidence.uncertainty`)."""
    version = model_version or predict.model_version(model_dir)
    outputs = confidence.model_outputs((text for _, text in documents), model_dir=model_dir)
    for (document_id, text), (spans, doubt) in zip(documents, outputs):
        entities, quotes = predict.records(document_id, text, known, spans, registry, model_dir)
        scores = [e["score"] for e in entities] + [q["score"] for q in quotes]
        yield (prediction(document_id, text, entities, quotes, version),
               confidence.uncertainty(scores, doubt, len(split_sentences(text))))


def prediction(document_id: str, text: str, entities: list[dict], quotes: list[dict], model_version: str) -> dict:
    """The Label Studio prediction of one document's predicted records."""
    [made] = ls_export.tasks_from_records({document_id: text}, entities, quotes)
    result = made["annotations"][0]["result"] if made.get("annotations") else []
    scores = {e["mention_id"]: e["score"] for e in entities}
    scores.update({q["quote_id"]: q["score"] for q in quotes})
    scores.update({f"{q['quote_id']}-cue": q["score"] for q in quotes})
    for region in result:
        if region.get("id") in scores and region.get("type") != "relation":
            region["score"] = scores[region["id"]]
    return {"model_version": model_version, "score": min(scores.values(), default=1.0), "result": result}
