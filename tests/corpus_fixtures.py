"""The mini corpus behind the corpus fixtures, and the project it is built from.

``fixtures/valid/corpus/kabar.json`` holds the rows the build derives from one short seed and its
annotations (``test_error_catalogue`` proves it). The other corpus fixtures are JSON Patches
(RFC 6902: add, remove, replace) of those rows, so each states only what it breaks.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from id_pubadmin.annotations.export import tasks_from_records
from id_pubadmin.core.fields import ENTITIES, QUOTES
from id_pubadmin.corpus.problems import Rows, iter_rows
from id_pubadmin.layout import Layout
from id_pubadmin.seeds import seed_files, seed_metadata

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BASE = FIXTURES / "valid" / "corpus" / "kabar.json"
EXPORT_NAME = "kabar.json"
RECORD_FIELDS = {"entities": [f.name for f in ENTITIES.fields if f.name != "sentence_index"],
                 "quotes": [f.name for f in QUOTES.fields if f.name != "sentence_indices"]}


def base_rows() -> Rows:
    return json.loads(BASE.read_text(encoding="utf-8"))["rows"]


def _pointer(path: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:]]


def patched(rows: Any, patch: list[dict[str, Any]]) -> Any:
    """``rows`` after a JSON Patch of add, remove and replace operations."""
    document = copy.deepcopy(rows)
    for operation in patch:
        *parents, last = _pointer(operation["path"])
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            index = len(target) if last == "-" else int(last)
            if operation["op"] == "add":
                target.insert(index, operation["value"])
            elif operation["op"] == "remove":
                del target[index]
            else:
                target[index] = operation["value"]
        elif operation["op"] == "remove":
            del target[last]
        else:
            target[last] = operation["value"]
    return document


def fixture_rows(path: Path) -> Rows:
    """The rows of a corpus fixture: the mini corpus with the fixture's patch applied."""
    return patched(base_rows(), json.loads(path.read_text(encoding="utf-8"))["patch"])


def corpus_json(about: str, rows: Rows) -> str:
    """Rows as a fixture file: one row per line, so a patch's row numbers are easy to follow."""
    configs = []
    for config, splits in rows.items():
        parts = [f'   {json.dumps(split)}: [\n' + ",\n".join(f"    {json.dumps(r, ensure_ascii=False)}" for r in found)
                 + "\n   ]" for split, found in splits.items()]
        configs.append(f"  {json.dumps(config)}: {{\n" + ",\n".join(parts) + "\n  }")
    return f'{{\n "about": {json.dumps(about, ensure_ascii=False)},\n "rows": {{\n' + ",\n".join(configs) + "\n }\n}\n"


def make_project(folder: Path, rows: Rows) -> Layout:
    """A project whose seeds and export are those the documents, entities and quotes rows come from."""
    documents = {}
    for _, _, document in iter_rows(rows, "documents"):
        path = folder / "seeds" / document["source_file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"date {document['published']} {document['text']} ****", encoding="utf-8")
        metadata = seed_metadata.metadata_for(seed_files.parse_seed(path), document["rights"])
        seed_metadata.metadata_path(path).write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        documents[document["document_id"]] = document["text"]
    records = {config: [{key: row[key] for key in keys} for _, _, row in iter_rows(rows, config)]
               for config, keys in RECORD_FIELDS.items()}
    exports = folder / "annotations" / "exports"
    exports.mkdir(parents=True)
    tasks = tasks_from_records(documents, records["entities"], records["quotes"])
    (exports / EXPORT_NAME).write_text(json.dumps(tasks, indent=1, ensure_ascii=False), encoding="utf-8")
    for name in ("pyproject.toml", "DATASET_CARD.md", "LICENSE-DATA.md"):
        shutil.copy(ROOT / name, folder / name)
    return Layout(folder)
