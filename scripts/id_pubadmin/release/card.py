"""The Hub card ``corpus/README.md``: YAML header plus ``DATASET_CARD.md`` with generated parts.

``DATASET_CARD.md`` holds the hand-written text; HTML comments such as ``<!-- generated:fields -->``
mark where the build inserts tables generated from the field definitions and the built rows, so
the card cannot drift from the data.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..core import labels
from ..core.fields import CONFIGS, DEFAULT_CONFIG, Field
from ..core.markup import markdown_code_block, markdown_text
from ..corpus.features import dataset_info_yaml
from ..corpus.parquet import WrittenFile
from ..corpus.summary import CorpusSummary
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
    "size_categories": [],  # computed from the rows: see size_category
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
SPEAKERS_SHOWN, OUTLETS_NAMED = 20, 5
MARKER = re.compile(r"<!-- generated:(?P<name>[a-z_]+) -->")
SIZE_BOUNDS = ((10**3, "n<1K"), (10**4, "1K<n<10K"), (10**5, "10K<n<100K"), (10**6, "100K<n<1M"),
               (10**7, "1M<n<10M"), (10**8, "10M<n<100M"), (10**9, "100M<n<1B"))
Files = dict[str, dict[str, list[WrittenFile]]]  # config -> split -> its Parquet files


def size_category(rows: int) -> str:
    """The Hub's ``size_categories`` value for a dataset whose largest config has ``rows`` rows."""
    return next((name for bound, name in SIZE_BOUNDS if rows < bound), "n>1T")


def data_files_path(config: str, split: str, files: list[WrittenFile]) -> str:
    """The ``data_files`` path of a split: its file, or a glob of its shards."""
    return f"{config}/{files[0].path.name}" if len(files) == 1 else f"{config}/{split}-*.parquet"


def yaml_header(summary: CorpusSummary, files: Files) -> str:
    """The YAML front matter: metadata, computed size category, ``configs`` and ``dataset_info``."""
    split_sizes = {config.name: {split: (sum(f.rows for f in found), sum(f.nbytes for f in found))
                                 for split, found in files.get(config.name, {}).items()}
                   for config in CONFIGS}
    configs = []
    for config in CONFIGS:
        splits = [split for split in labels.SPLITS if split in files.get(config.name, {})]
        if not splits:
            continue
        entry: dict[str, Any] = {
            "config_name": config.name,
            "data_files": [{"split": split, "path": data_files_path(config.name, split, files[config.name][split])}
                           for split in splits],
        }
        if config.name == DEFAULT_CONFIG:
            entry["default"] = True
        configs.append(entry)
    largest = max((summary.total(config.name) for config in CONFIGS), default=0)
    header = {**HEADER, "size_categories": [size_category(largest)], "configs": configs,
              "dataset_info": dataset_info_yaml(split_sizes)}
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


def statistics(summary: CorpusSummary) -> str:
    """Counts of the built corpus, in Markdown."""
    sentences, quotes = summary.total("sentences"), sum(summary.quote_types.values())
    lines = [
        "| what | count |", "|---|---|",
        f"| documents | {summary.total('documents')} |",
        f"| paragraphs | {summary.paragraphs} |",
        f"| sentences | {sentences} |",
        f"| tokens | {summary.tokens} |",
        f"| mean tokens per sentence | {summary.tokens / max(sentences, 1):.1f} |",
        f"| mean characters per sentence | {summary.sentence_characters / max(sentences, 1):.1f} |",
        f"| entity mentions | {summary.total('entities')} |",
        f"| distinct entities | {len(summary.entity_labels)} |",
        f"| quotes | {quotes} |",
    ]
    lines += [f"| {kind} quotes | {summary.quote_types[kind]} |" for kind in labels.QUOTE_TYPES]
    lines += ["", "| entity label | mentions |", "|---|---|"]
    lines += [f"| {label} | {summary.labels[label]} |" for label in labels.ENTITY_LABELS]
    speakers = sorted({s for s, _ in summary.speakers},
                      key=lambda s: (-summary.speakers[(s, "direct")] - summary.speakers[(s, "indirect")], s))
    lines += ["", "| speaker | direct | indirect |", "|---|---|---|"]
    for speaker in speakers[:SPEAKERS_SHOWN]:
        lines.append(f"| {markdown_text(speaker)} | {summary.speakers[(speaker, 'direct')]} | "
                     f"{summary.speakers[(speaker, 'indirect')]} |")
    if len(speakers) > SPEAKERS_SHOWN:
        lines.append(f"| {len(speakers) - SPEAKERS_SHOWN} more speakers | | |")
    splits = ["", "| config | " + " | ".join(labels.SPLITS) + " |", "|---|" + "---|" * len(labels.SPLITS)]
    for config in CONFIGS:
        counts = [str(summary.rows[config.name].get(split, 0)) for split in labels.SPLITS]
        splits.append(f"| {config.name} | " + " | ".join(counts) + " |")
    return "\n".join(lines + splits) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def extent(summary: CorpusSummary) -> str:
    """One sentence on how much the corpus holds and where it comes from, computed from its rows."""
    outlets = [markdown_text(name) for name, _ in summary.outlets.most_common(OUTLETS_NAMED)]  # from the pages
    more = len(summary.outlets) - len(outlets)
    named = ", ".join(outlets) + (f" and {more} more" if more else "")
    months = summary.months[0] if summary.months and summary.months[0] == summary.months[1] \
        else " to ".join(summary.months)
    documents = summary.total("documents")
    return (f"This version holds {_count(documents, 'article')} ({_count(summary.total('sentences'), 'sentence')}, "
            f"{_count(summary.tokens, 'token')}, {_count(summary.characters, 'character')}) from "
            f"{_count(len(summary.outlets), 'outlet')} ({named}), published {months or 'never'}; "
            f"gold annotations cover {summary.annotated:,} of the articles "
            f"({_count(summary.total('entities'), 'entity mention')}, "
            f"{_count(sum(summary.quote_types.values()), 'quote')}).")


def split_counts(summary: CorpusSummary) -> str:
    """How many documents each split holds."""
    counts = [f"`{split}` {summary.rows['documents'].get(split, 0):,}" for split in labels.SPLITS]
    return f"Documents per split in this version: {', '.join(counts)}."


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


def examples(summary: CorpusSummary) -> str:
    """The first row of every config as JSON, long texts and lists shortened."""
    parts = []
    for config in CONFIGS:
        found = summary.first_row(config.name)
        if found is None:
            parts.append(f"`{config.name}`: no rows yet.\n")
            continue
        row = _shortened(found)
        lines = ",\n".join(f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in row.items())
        block = markdown_code_block("{\n" + lines + "\n}", "json")  # a value holding ``` cannot close it
        parts.append(f"`{config.name}` ({config.row}):\n\n{block}\n")
    return "\n".join(parts)


def render(card_text: str, summary: CorpusSummary, files: Files, version: CorpusVersion, agreement: str = "") -> str:
    """``corpus/README.md``: the YAML header and the card with its generated parts filled in.

    ``agreement`` is the inter-annotator agreement sentence of the exports the corpus comes from.
    """
    generated = {
        "agreement": agreement,
        "fields": fields_table(),
        "statistics": statistics(summary),
        "extent": extent(summary),
        "split_counts": split_counts(summary),
        "examples": examples(summary),
        "chart": chart.markdown(),
        "version": version_line(version),
        "citation": f"**BibTeX:**\n\n```bibtex\n{bibtex(version)}\n```\n\n**APA:**\n\n{card_sections.apa(version)}",
        "details": card_sections.details(),
        "sources": card_sections.sources(),
        "exports": card_sections.exports_table(summary),
        "more": card_sections.more_information(),
        "predictor": card_sections.predictor(),
        "authors": card_sections.authors(),
        "contact": card_sections.contact(),
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in generated:
            raise ValueError(f"DATASET_CARD.md names an unknown generated part {name!r}")
        return generated[name].rstrip("\n")

    body = MARKER.sub(fill, card_text)
    return yaml_header(summary, files) + "\n" + body.lstrip("\n")
