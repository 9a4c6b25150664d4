"""The Hub card ``corpus/README.md``: YAML header plus ``DATASET_CARD.md`` with generated parts.

``DATASET_CARD.md`` holds the hand-written text; HTML comments such as ``<!-- generated:fields -->``
mark where the build inserts tables generated from the field definitions and the built rows, so
the card cannot drift from the data.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from ..core import labels
from ..core.fields import CONFIGS, DEFAULT_CONFIG, Field, Rows
from ..corpus.features import dataset_info_yaml
from ..corpus.parquet import encode_rows, parquet_path
from . import card_sections, chart
from .card_sections import MAINTAINERS, REPOSITORY, TITLE
from .history import CorpusVersion

HEADER: dict[str, Any] = {
    "language": ["id"],
    "license": "other",
    "license_name": "id-pubadmin-news-research",
    "license_link": "LICENSE-DATA.md",
    "pretty_name": "Indonesian Public-Administration News (id-pubadmin-news)",
    "annotations_creators": ["expert-generated"],
    "language_creators": ["found"],
    "multilinguality": ["monolingual"],
    "size_categories": ["n<1K"],
    "source_datasets": ["original"],
    "task_categories": ["token-classification"],
    "task_ids": ["named-entity-recognition"],
    "tags": ["indonesian", "public-administration", "news", "quotation-attribution", "coreference",
             "sentence-segmentation"],
}
DESCRIPTION = (
    "A small, exactly annotated corpus of Indonesian news about public administration: document text with "
    "paragraph, sentence and token offsets, gold entity mentions with coreference ids, and direct and indirect "
    "quotations with their cue and speaker."
)
EXAMPLE_TEXT_LIMIT, EXAMPLE_LIST_LIMIT = 120, 3
MARKER = re.compile(r"<!-- generated:(?P<name>[a-z_]+) -->")


def yaml_header(rows: Rows) -> str:
    """The YAML front matter: fixed metadata, ``configs`` and ``dataset_info``."""
    split_sizes = {
        config.name: {split: (len(r), encode_rows(config, r).nbytes) for split, r in rows.get(config.name, {}).items()}
        for config in CONFIGS
    }
    configs = []
    for config in CONFIGS:
        if not rows.get(config.name):
            continue
        entry: dict[str, Any] = {
            "config_name": config.name,
            "data_files": [
                {"split": split, "path": parquet_path(Path(), config.name, split).as_posix()}
                for split in labels.SPLITS if split in rows.get(config.name, {})
            ],
        }
        if config.name == DEFAULT_CONFIG:
            entry["default"] = True
        configs.append(entry)
    header = {**HEADER, "configs": configs, "dataset_info": dataset_info_yaml(split_sizes)}
    return "---\n" + yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def _type_name(field: Field) -> str:
    if field.kind == "class_label":
        return "class label"
    if field.kind == "list":
        assert field.item is not None
        return f"list of {_type_name(field.item)}"
    if field.kind == "struct":
        return "{" + ", ".join(m.name for m in field.members) + "}" + (" or null" if field.nullable else "")
    return field.kind + (" or null" if field.nullable else "")


def fields_table() -> str:
    """Every config's fields with type and meaning, in Markdown."""
    parts = []
    for config in CONFIGS:
        parts.append(f"#### `{config.name}`: {config.row}\n\n| field | type | meaning |\n|---|---|---|")
        for field in config.fields:
            meaning = field.description
            if field.kind == "class_label" or (field.item is not None and field.item.kind == "class_label"):
                names = field.names or (field.item.names if field.item else ())
                meaning += f" (names: {', '.join(f'`{n}`' for n in names[:8])}{', ...' if len(names) > 8 else ''})"
            parts.append(f"| `{field.name}` | {_type_name(field)} | {meaning} |")
        parts.append("")
    return "\n".join(parts)


def _all(rows: Rows, config: str) -> list[dict[str, Any]]:
    return [row for split in labels.SPLITS for row in rows.get(config, {}).get(split, [])]


def statistics(rows: Rows) -> str:
    """Counts of the built corpus, in Markdown."""
    documents, sentences = _all(rows, "documents"), _all(rows, "sentences")
    entities, quotes = _all(rows, "entities"), _all(rows, "quotes")
    tokens = sum(len(s["tokens"]) for s in sentences)
    lines = [
        "| what | count |", "|---|---|",
        f"| documents | {len(documents)} |",
        f"| paragraphs | {sum(len(d['paragraphs']) for d in documents)} |",
        f"| sentences | {len(sentences)} |",
        f"| tokens | {tokens} |",
        f"| mean tokens per sentence | {tokens / max(len(sentences), 1):.1f} |",
        f"| mean characters per sentence | {sum(len(s['text']) for s in sentences) / max(len(sentences), 1):.1f} |",
        f"| entity mentions | {len(entities)} |",
        f"| distinct entities | {len({e['entity_id'] for e in entities})} |",
        f"| quotes | {len(quotes)} |",
    ]
    lines += [f"| {kind} quotes | {sum(q['type'] == kind for q in quotes)} |" for kind in labels.QUOTE_TYPES]
    by_label = Counter(e["label"] for e in entities)
    lines += ["", "| entity label | mentions |", "|---|---|"]
    lines += [f"| {label} | {by_label[label]} |" for label in labels.ENTITY_LABELS]
    by_speaker = Counter((q["speaker_entity_id"], q["type"]) for q in quotes)
    lines += ["", "| speaker | direct | indirect |", "|---|---|---|"]
    for speaker in sorted({s for s, _ in by_speaker}):
        lines.append(f"| {speaker} | {by_speaker[(speaker, 'direct')]} | {by_speaker[(speaker, 'indirect')]} |")
    splits = ["", "| config | " + " | ".join(labels.SPLITS) + " |", "|---|" + "---|" * len(labels.SPLITS)]
    for config in CONFIGS:
        counts = [str(len(rows.get(config.name, {}).get(split, []))) for split in labels.SPLITS]
        splits.append(f"| {config.name} | " + " | ".join(counts) + " |")
    return "\n".join(lines + splits) + "\n"


def version_line(version: CorpusVersion) -> str:
    """The corpus version, its release date and git tag."""
    if version.released is None:
        return f"**Version {version.version}** (not released yet)."
    return (f"**Version {version.version}**, released {version.released} as git tag `v{version.version}` "
            f"(load it with `revision=\"v{version.version}\"`).")


def bibtex(version: CorpusVersion) -> str:
    """The citation of this version, in BibTeX."""
    year = f"  year         = {{{version.released[:4]}}},\n" if version.released else ""
    return (
        f"@misc{{id_pubadmin_news_{version.version.replace('.', '_')},\n"
        f"  title        = {{{TITLE}}},\n"
        f"  author       = {{{{{MAINTAINERS}}}}},\n"
        f"{year}"
        f"  version      = {{{version.version}}},\n"
        f"  note         = {{Version {version.version}, git tag v{version.version}}},\n"
        f"  url          = {{{REPOSITORY}}},\n"
        "}"
    )


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > EXAMPLE_TEXT_LIMIT:
        return value[:EXAMPLE_TEXT_LIMIT] + f" … ({len(value) - EXAMPLE_TEXT_LIMIT} more characters)"
    if isinstance(value, list):
        shown = [_shortened(item) for item in value[:EXAMPLE_LIST_LIMIT]]
        return shown + ([f"… ({len(value) - EXAMPLE_LIST_LIMIT} more)"] if len(value) > EXAMPLE_LIST_LIMIT else [])
    if isinstance(value, dict):
        return {key: _shortened(item) for key, item in value.items()}
    return value


def examples(rows: Rows) -> str:
    """The first row of every config as JSON, long texts and lists shortened."""
    parts = []
    for config in CONFIGS:
        found = _all(rows, config.name)
        if not found:
            parts.append(f"`{config.name}`: no rows yet.\n")
            continue
        row = _shortened({f.name: found[0][f.name] for f in config.fields})
        lines = ",\n".join(f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in row.items())
        parts.append(f"`{config.name}` ({config.row}):\n\n```json\n{{\n{lines}\n}}\n```\n")
    return "\n".join(parts)


def render(card_text: str, rows: Rows, version: CorpusVersion, agreement: str = "") -> str:
    """``corpus/README.md``: the YAML header and the card with its generated parts filled in.

    ``agreement`` is the inter-annotator agreement sentence of the exports the rows come from.
    """
    generated = {
        "agreement": agreement,
        "fields": fields_table(),
        "statistics": statistics(rows),
        "examples": examples(rows),
        "chart": chart.markdown(rows),
        "version": version_line(version),
        "citation": f"**BibTeX:**\n\n```bibtex\n{bibtex(version)}\n```\n\n**APA:**\n\n{card_sections.apa(version)}",
        "details": card_sections.details(),
        "sources": card_sections.sources(),
        "exports": card_sections.exports_table(rows),
        "more": card_sections.more_information(),
        "authors": card_sections.authors(),
        "contact": card_sections.contact(),
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in generated:
            raise ValueError(f"DATASET_CARD.md names an unknown generated part {name!r}")
        return generated[name].rstrip("\n")

    body = MARKER.sub(fill, card_text)
    return yaml_header(rows) + "\n" + body.lstrip("\n")
