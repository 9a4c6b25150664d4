"""Rows of the ``kb`` config: an annotated document in SEACrowd's knowledge-base schema (BigBio's ``kb``).

One row holds the document's paragraphs as passages, every entity mention with its database ids
(``normalized``: the links of its registry entry, and the corpus entity id under ``id-pubadmin-news``),
quotes and cues as entities of types QUOTE and CUE, the mentions of each entity id as a coreference
chain, and each quote's speaker and cue as relations. It is a view of the entity and quote rows, made
from their offsets, for the tools that read SEACrowd's schemas.
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]
CORPUS_DB = "id-pubadmin-news"


def normalized(links: list[str], entity_id: str | None = None) -> list[dict[str, str]]:
    """``kemendagri:35.10`` -> ``{"db_name": "kemendagri", "db_id": "35.10"}``; the corpus id last."""
    found = [dict(zip(("db_name", "db_id"), link.split(":", 1))) for link in links]
    return found + ([{"db_name": CORPUS_DB, "db_id": entity_id}] if entity_id else [])


def _span(row: Row) -> dict[str, Any]:
    return {"text": [row["text"]], "offsets": [[row["start"], row["end"]]]}


def kb_row(document: Row, entities: list[Row], quotes: list[Row]) -> Row:
    """The kb row of one annotated document from its document, entity and quote rows."""
    text = document["text"]
    passages = [{"id": f"{document['document_id']}-p{index}", "type": "paragraph",
                 "text": [text[p["start"]:p["end"]]], "offsets": [[p["start"], p["end"]]]}
                for index, p in enumerate(document["paragraphs"])]
    mentions = [{"id": e["mention_id"], "type": e["label"], **_span(e),
                 "normalized": normalized(e["links"], e["entity_id"])} for e in entities]
    chains: dict[str, list[str]] = {}
    for entity in entities:
        chains.setdefault(entity["entity_id"], []).append(entity["mention_id"])
    by_span = {(e["start"], e["end"]): e["mention_id"] for e in entities}
    spans, relations = [], []
    for quote in quotes:
        cue_id = f"{quote['quote_id']}-cue"
        spans += [{"id": quote["quote_id"], "type": "QUOTE", **_span(quote), "normalized": []},
                  {"id": cue_id, "type": "CUE", **_span(quote["cue"]), "normalized": []}]
        relations.append({"id": f"{quote['quote_id']}-has-cue", "type": "cue", "arg1_id": quote["quote_id"],
                          "arg2_id": cue_id, "normalized": []})
        speaker = quote["speaker"] and by_span.get((quote["speaker"]["start"], quote["speaker"]["end"]))
        if speaker:
            relations.append({"id": f"{quote['quote_id']}-has-speaker", "type": "speaker", "arg1_id": quote["quote_id"],
                              "arg2_id": speaker, "normalized": []})
    return {"id": document["document_id"], "document_id": document["document_id"], "passages": passages,
            "entities": mentions + spans, "events": [],
            "coreferences": [{"id": entity_id, "entity_ids": ids} for entity_id, ids in chains.items() if len(ids) > 1],
            "relations": relations}
