"""One document from its seed and annotations to checked, encoded rows: the build's unit of work.

:func:`build_document` is a pure function of its item: the seed file (its bytes and metadata are
read here), the document's annotation records and whether it is annotated, all plain values. It is
a top-level function over a dict, so the build runs it in worker processes and caches its result
by its inputs, and ``datasets.Dataset.map(build_document, num_proc=N)`` runs it unchanged over a
dataset of items, for a corpus that outgrows one machine.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from .. import exports
from ..core.errors import CorpusError, Problem
from ..core.fields import CONFIGS, Row
from ..core.splits import split_of
from ..segment.document_view import document_view
from ..seeds import seed_files, seed_metadata
from . import rows as corpus_rows
from .checks import check_rows
from .kb import kb_row
from .parquet import encode_rows, json_lines

Item = dict[str, Any]


def document_item(seed: Path, entities: list[Row], quotes: list[Row], annotated: bool) -> Item:
    """The input of :func:`build_document` for one seed and its annotation records."""
    return {"seed": str(seed), "annotations": json.dumps({"entities": entities, "quotes": quotes}, ensure_ascii=False),
            "annotated": annotated}


def document_rows(document: Row, entities: list[Row], quotes: list[Row], annotated: bool) -> dict[str, list[Row]]:
    """Rows of every config that one document and its annotation records give."""
    sentences = corpus_rows.sentence_rows(document)
    mentions = corpus_rows.entity_rows(entities, sentences)
    quotes = corpus_rows.quote_rows(quotes, sentences)
    return {
        "documents": [document],
        "sentences": sentences,
        "entities": mentions,
        "quotes": quotes,
        # an unannotated document has no gold tags, not all-O ones
        "ner": corpus_rows.ner_rows(sentences, mentions) if annotated else [],
        "kb": [kb_row(document, mentions, quotes)] if annotated else [],
    }


def built_locate(config: str, split: str, _index: int) -> str:
    """Where a problem of rows the build derived is: their config and split."""
    return f"{config}/{split} (built)"


def build_document(item: Item) -> dict[str, Any]:
    """Derive and check one document's rows; encode them when they are sound.

    Returns plain values only: ``document_id``; ``problems`` and ``summary`` as JSON; per config,
    ``<config>.arrow`` (an Arrow IPC stream of the stored rows, empty when there are problems) and
    ``<config>.json`` (the readable rows as canonical JSON lines); per export format,
    ``export.<format>`` (the document's piece in that format, empty when there are problems).
    """
    seed_path = Path(item["seed"])
    result: dict[str, Any] = {"document_id": seed_path.stem, "problems": "[]", "summary": "{}"}
    try:
        seed = seed_files.parse_seed(seed_path)
        document = corpus_rows.document_row(seed, seed_metadata.read_metadata(seed))
        annotations = json.loads(item["annotations"])
        rows = document_rows(document, annotations["entities"], annotations["quotes"], item["annotated"])
        problems = check_rows({name: {split_of(seed.document_id): found} for name, found in rows.items()},
                              built_locate)
    except CorpusError as exc:
        rows, problems = {}, exc.problems
    result["problems"] = json.dumps([p.as_dict() for p in problems], ensure_ascii=False)
    if rows and not problems:
        result["summary"] = json.dumps(document_summary(rows), ensure_ascii=False)
    for config in CONFIGS:
        found = rows.get(config.name, []) if not problems else []
        result[f"{config.name}.arrow"] = _ipc(encode_rows(config, found)) if found else b""
        result[f"{config.name}.json"] = json_lines([{f.name: row[f.name] for f in config.fields} for row in found])
    pieces = exports.pieces(document_view(split_of(rows["documents"][0]["document_id"]), rows)) if rows and not problems else {}
    result.update({f"export.{name}": pieces.get(name, b"") for name in exports.FORMATS})
    return result


def is_result(entry: dict[str, Any]) -> bool:
    """Whether a cache entry has the shape of a :func:`build_document` result (its keys, with values of their types)."""
    texts = ("document_id", "problems", "summary")
    data = [f"{config.name}.{kind}" for config in CONFIGS for kind in ("arrow", "json")]
    data += [f"export.{name}" for name in exports.FORMATS]
    return all(isinstance(entry.get(key), str) for key in texts) and all(isinstance(entry.get(key), bytes)
                                                                          for key in data)


def pieces_of(result: dict[str, Any]) -> dict[str, bytes]:
    """The export pieces of a :func:`build_document` result: format name -> piece."""
    return {name: result[f"export.{name}"] for name in exports.FORMATS}


def problems_of(result: dict[str, Any]) -> list[Problem]:
    """The problems a :func:`build_document` result reports."""
    return [Problem(**problem) for problem in json.loads(result["problems"])]


def table_of(result: dict[str, Any], config: str) -> Any:
    """The Arrow table of a config's rows in a :func:`build_document` result; None when it has none."""
    import pyarrow as pa

    data = result[f"{config}.arrow"]
    return pa.ipc.open_stream(data).read_all() if data else None


def _ipc(table: Any) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def document_summary(rows: dict[str, list[Row]]) -> dict[str, Any]:
    """What the corpus-level steps need of one document: counts for the card, ids for the corpus-wide checks."""
    document, sentences = rows["documents"][0], rows["sentences"]
    entities, quotes = rows["entities"], rows["quotes"]
    first_labels: dict[str, list[str]] = {}
    for entity in entities:
        first_labels.setdefault(entity["entity_id"], [entity["label"], entity["mention_id"]])
    return {
        "split": split_of(document["document_id"]),
        "rows": {name: len(found) for name, found in rows.items()},
        "characters": len(document["text"]),
        "paragraphs": len(document["paragraphs"]),
        "tokens": sum(len(s["tokens"]) for s in sentences),
        "sentence_lengths": sorted(Counter(len(s["tokens"]) for s in sentences).items()),
        "sentence_characters": sum(len(s["text"]) for s in sentences),
        "outlet": document["outlet"],
        "published": document["published"],
        "labels": dict(Counter(e["label"] for e in entities)),
        "entity_labels": first_labels,
        "mention_ids": [e["mention_id"] for e in entities],
        "quote_ids": [q["quote_id"] for q in quotes],
        "quote_types": dict(Counter(q["type"] for q in quotes)),
        "speakers": sorted([*key, count] for key, count in Counter(
            (q["speaker_entity_id"], q["type"]) for q in quotes).items()),
    }

