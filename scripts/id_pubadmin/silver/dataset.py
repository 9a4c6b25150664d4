"""The silver dataset folder as published: its card (``README.md``) and ``MANIFEST.json``, and checking a copy.

The card says first that every row is machine-made, by which predictor, from which sources and
under which rights; its YAML header declares the configs so that ``datasets.load_dataset(DIR,
"entities")`` reads them. The manifest is the gold corpus's (:mod:`..release.manifest`): every file
with its sha256, every Parquet file with its rows and their checksum, so ``verify`` checks a copy
of the silver dataset as it checks the gold corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.atomic import write_text
from ..core.errors import Problem
from ..core.fields import Field
from ..core.markup import markdown_code, markdown_text
from ..release.manifest import config_features_checksum, read_manifest, verify_files, write_manifest
from .schema import DATASET_NAME, SILVER_CONFIGS, SPLIT, silver_config

SILVER_VERSION = "1"


def _yaml_header() -> str:
    import yaml

    from ..corpus.features import features_of

    header = {
        "pretty_name": "id-pubadmin-news silver: machine-annotated Indonesian news",
        "language": ["id"],
        "license": "other",
        "annotations_creators": ["machine-generated"],
        "source_datasets": ["original"],
        "task_categories": ["token-classification"],
        "tags": ["silver", "machine-generated", "pre-annotation", "news", "public-administration"],
        "configs": [{"config_name": c.name, "data_files": [{"split": SPLIT, "path": f"{c.name}/{SPLIT}-*.parquet"}],
                     **({"default": True} if c.name == "entities" else {})} for c in SILVER_CONFIGS],
        "dataset_info": [{"config_name": c.name, "features": features_of(c)._to_yaml_list()} for c in SILVER_CONFIGS],
    }
    return "---\n" + yaml.safe_dump(header, sort_keys=False, allow_unicode=True) + "---\n"


def _field_lines(fields: tuple[Field, ...]) -> list[str]:
    return [f"| `{f.name}` | {f.kind} | {f.description} |" for f in fields]


def card_text(summary: dict[str, Any]) -> str:
    """The card of a silver dataset from its run summary (counts, sources, rights, model version, engine)."""
    counts = summary["rows"]
    refused = "".join(f"\n  - {reason}: {count:,}" for reason, count in sorted(summary["refused"].items())) or " none"
    sources = "".join(f"\n- {markdown_code(Path(source).name)}" for source in summary["sources"][:50])
    more = f"\n- ... and {len(summary['sources']) - 50:,} more" if len(summary["sources"]) > 50 else ""
    tables = "\n\n".join(f"### `{c.name}`: {c.row}\n\n| field | type | meaning |\n|---|---|---|\n"
                         + "\n".join(_field_lines(c.fields)) for c in SILVER_CONFIGS)
    return f"""{_yaml_header()}
# id-pubadmin-news silver

**Machine-made, not checked by anyone.** Every row of this dataset was made by a program: sentences
and tokens by the project's segmenter and tokenizer, entity mentions and quotes by its pre-annotator
`{summary["model_version"]}` (every row says so in `machine_made` and `model_version`). It is a
*silver* layer for choosing what to annotate next and for giving models in-domain text; it is
never part of the gold corpus, never merged into it, and must not be used to evaluate anything.

## Sources

{summary["records"]:,} records read from {len(summary["sources"]):,} input file(s):{sources}{more}

Pages were extracted, language-checked, scored for relevance and deduplicated by the same steps
as `id-pubadmin add-seed`. Refused records:{refused}

Near-duplicates (MinHash over word shingles, LSH across every shard): {summary["near_duplicates"]:,}
dropped, the document with the smallest id of each cluster kept (its `near_duplicates` counts the copies).

## Rights

The texts belong to their publishers. This run was given these terms for them: *{markdown_text(summary["rights"])}*.
Where a page declared a licence, `documents.licence` records it. Check each source's terms before
redistributing any text.

## Contents

| config | rows |
|---|---|
""" + "\n".join(f"| `{c.name}` | {counts[c.name]:,} |" for c in SILVER_CONFIGS) + f"""

Made with `id-pubadmin silver` on the `{summary["engine"]}` engine. Load a config with
`datasets.load_dataset("path/to/this/folder", "entities")`; check a copy with
`id-pubadmin verify --corpus path/to/this/folder`.

## Fields

{tables}
"""


def rows_entry(path: Path) -> dict[str, Any]:
    """A Parquet file's manifest entry (rows, their checksum, its Features' checksum), read as ``verify`` reads it."""
    import hashlib

    from ..corpus.parquet import iter_row_batches, json_lines

    config = silver_config(path.parent.name)
    count, digest = 0, hashlib.sha256()
    for rows in iter_row_batches(path, config):
        count += len(rows)
        digest.update(json_lines(rows))
    return {"rows": count, "rows_sha256": digest.hexdigest(), "features_sha256": config_features_checksum(config)}


def finish(out: Path, entries: dict[str, dict[str, Any]], summary: dict[str, Any]) -> dict[str, Any]:
    """Write the card, the summary and the manifest of a silver folder whose Parquet files are all written."""
    for path, entry in entries.items():
        entry.update(rows_entry(out / path))
    write_text(out / "README.md", card_text(summary))
    write_text(out / "silver_summary.json", json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return write_manifest(out, SILVER_VERSION, {"sources": len(summary["sources"])}, entries, dataset=DATASET_NAME)


def is_silver(folder: Path) -> bool:
    """Whether ``folder`` holds a MANIFEST.json of a silver dataset."""
    manifest, problems = read_manifest(folder)
    return not problems and manifest is not None and manifest.get("name") == DATASET_NAME


def verify_silver(folder: Path, bar: bool = False) -> list[Problem]:
    """Every file of a silver folder against its MANIFEST.json, as ``verify`` checks the gold corpus."""
    manifest, problems = read_manifest(folder)
    if manifest is None:
        return problems
    return verify_files(folder, manifest, bar=bar, configs=silver_config)
