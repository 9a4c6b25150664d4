"""``croissant.json``: the corpus described in MLCommons Croissant 1.0, generated from :mod:`fields`.

One FileObject per Parquet file with its sha256; one FileSet per config gathering its split files,
so that a config's RecordSet reads all its splits, with a ``split`` field taken from the file name;
RecordSet fields follow the declared Features (structs as sub-fields, lists as repeated fields).
Enumeration RecordSets give the splits and the names of each class label's integer values. The
JSON-LD is written here with sorted keys, so it is deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core import labels
from ..core.fields import CONFIGS, Config, Field
from ..exports import EXPORTS_FOLDER
from . import card
from .history import CorpusVersion
from .manifest import sha256_file

CROISSANT_NAME = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
PARQUET = "application/x-parquet"
EXPORT_FORMATS = {".spacy": "application/octet-stream", ".tar": "application/x-tar"}  # the others are text files
LICENCES = ["https://creativecommons.org/licenses/by/4.0/", "LICENSE-DATA.md"]
DATA_TYPES = {"string": "sc:Text", "int32": "sc:Integer", "class_label": "sc:Integer"}
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}



def names_id(config: Config, field: Field) -> str:
    """@id of the enumeration RecordSet naming the values of a class-label field."""
    return f"{config.name}-{field.name}-names"


def _class_label(field: Field) -> Field | None:
    if field.kind == "class_label":
        return field
    if field.kind == "list" and field.item is not None and field.item.kind == "class_label":
        return field.item
    return None


def files_id(config: Config) -> str:
    """@id of the FileSet of a config's Parquet files."""
    return f"{config.name}-parquet"


def _field(config: Config, field: Field, parent: str, column: str, json_path: str | None = None) -> dict[str, Any]:
    """A Croissant field reading ``column`` (and ``json_path`` inside it) of the config's files."""
    field_id = f"{parent}/{field.name}"
    node: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": field.name}
    item = field.item if field.kind == "list" else None
    shape = item or field
    description = field.description + (" (null where absent)" if field.nullable else "")
    if _class_label(field) is not None:
        description += f"; an integer index into the names of RecordSet `{names_id(config, field)}`"
    node["description"] = description
    if item is not None:
        node["repeated"] = True
    if shape.kind == "struct":
        node["subField"] = [_field(config, member, field_id, column, member.name) for member in shape.members]
        return node
    node["dataType"] = DATA_TYPES[shape.kind]
    source: dict[str, Any] = {"fileSet": {"@id": files_id(config)}, "extract": {"column": column}}
    if json_path is not None:
        source["transform"] = {"jsonPath": json_path}
    node["source"] = source
    return node


def record_set(config: Config) -> dict[str, Any]:
    """The RecordSet of a config, read from its Parquet files, with the split of each record.

    The split's regex also takes a bare split name: mlcroissant applies it again when it joins the
    field with the ``splits`` enumeration it references.
    """
    split = {
        "@type": "cr:Field", "@id": f"{config.name}/split", "name": "split", "dataType": "sc:Text",
        "description": "the split of the record, from its file name",
        "references": {"field": {"@id": "splits/name"}},
        "source": {"fileSet": {"@id": files_id(config)}, "extract": {"fileProperty": "fullpath"},
                   "transform": {"regex": f"^(?:.*/)?({'|'.join(labels.SPLITS)})(?:-\\d{{5}}-of-\\d{{5}})?(?:\\.parquet)?$"}},
    }
    return {
        "@type": "cr:RecordSet",
        "@id": config.name,
        "name": config.name,
        "description": f"One {config.row} per record.",
        "field": [split] + [_field(config, f, config.name, f.name) for f in config.fields],
    }


def splits_record_set(splits: list[str]) -> dict[str, Any]:
    """The enumeration of the splits that have rows, in Croissant's ``cr:Split`` form."""
    return {
        "@type": "cr:RecordSet", "@id": "splits", "name": "splits", "dataType": "cr:Split",
        "description": "The splits; a document's split depends only on its id (see the card).",
        "key": {"@id": "splits/name"},
        "field": [{"@type": "cr:Field", "@id": "splits/name", "name": "name", "dataType": "sc:Text",
                   "description": "name of the split"}],
        "data": [{"splits/name": split} for split in splits],
    }


def names_record_set(config: Config, field: Field) -> dict[str, Any]:
    """An enumeration of a class label's names, index first."""
    label = _class_label(field)
    assert label is not None
    set_id = names_id(config, field)
    return {
        "@type": "cr:RecordSet",
        "@id": set_id,
        "name": set_id,
        "description": f"Names of the integer values of `{config.name}.{field.name}`.",
        "dataType": "sc:Enumeration",
        "key": {"@id": f"{set_id}/index"},
        "field": [
            {"@type": "cr:Field", "@id": f"{set_id}/index", "name": "index", "dataType": "sc:Integer",
             "description": "the integer stored in the data"},
            {"@type": "cr:Field", "@id": f"{set_id}/name", "name": "name", "dataType": "sc:Text",
             "description": "the name it stands for"},
        ],
        "data": [{f"{set_id}/index": index, f"{set_id}/name": name} for index, name in enumerate(label.names)],
    }


def file_object(folder: Path, relative: str, description: str, encoding: str) -> dict[str, Any]:
    """The FileObject of ``folder/relative``, with its size and sha256."""
    path = folder / relative
    return {"@type": "cr:FileObject", "@id": relative, "name": relative, "description": description,
            "contentUrl": relative, "encodingFormat": encoding, "contentSize": f"{path.stat().st_size} B",
            "sha256": sha256_file(path)}


def export_files(folder: Path) -> list[dict[str, Any]]:
    """A FileObject per file of the exports the build wrote under ``folder/exports``."""
    exports = folder / EXPORTS_FOLDER
    return [file_object(folder, path.relative_to(folder).as_posix(),
                        f"The {path.relative_to(exports).parts[0]} export (see the card).",
                        EXPORT_FORMATS.get(path.suffix, "text/plain"))
            for path in sorted(p for p in exports.rglob("*") if p.is_file())]


def _nests_lists(field: Field) -> bool:
    """Whether a field nests a list directly in a list (the kb config's ``[start, end]`` offsets): Croissant's
    ``repeated`` fields express one level, so such a config's files are listed without a RecordSet."""
    if field.kind == "list" and field.item is not None:
        return field.item.kind == "list" or _nests_lists(field.item)
    return any(_nests_lists(member) for member in field.members)


def has_record_set(config: Config) -> bool:
    """Whether the description has a RecordSet of the config (all but those nesting lists in lists)."""
    return not any(_nests_lists(field) for field in config.fields)


def croissant(folder: Path, files: card.Files, version: CorpusVersion) -> dict[str, Any]:
    """The Croissant description of the corpus whose Parquet ``files`` are already in ``folder``."""
    with_rows = [split for split in labels.SPLITS if any(files.get(config.name, {}).get(split) for config in CONFIGS)]
    distribution, record_sets = [], [splits_record_set(with_rows)]
    for config in CONFIGS:
        splits = [split for split in labels.SPLITS if files.get(config.name, {}).get(split)]
        if not splits:
            continue
        for split in splits:
            shards = files[config.name][split]
            for index, written in enumerate(shards):
                relative = written.path.relative_to(folder).as_posix()
                part = f", shard {index + 1} of {len(shards)}" if len(shards) > 1 else ""
                distribution.append(file_object(folder, relative, f"The {split} split of the {config.name} config{part}.",
                                                PARQUET))
        distribution.append({
            "@type": "cr:FileSet", "@id": files_id(config), "name": files_id(config),
            "description": f"The Parquet files of the {config.name} config, by split.",
            "encodingFormat": PARQUET, "includes": f"{config.name}/*.parquet",
        })
        if has_record_set(config):
            record_sets.append(record_set(config))
            record_sets += [names_record_set(config, f) for f in config.fields if _class_label(f) is not None]
    metadata: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": labels.DATASET_NAME,
        "alternateName": card.HEADER["pretty_name"],
        "description": card.DESCRIPTION,
        "version": version.version,
        "license": LICENCES,
        "citeAs": card.bibtex(version),
        "inLanguage": card.HEADER["language"],
        "keywords": card.HEADER["tags"],
        "creator": {"@type": "sc:Organization", "name": card.MAINTAINERS},
        "url": "README.md",
        "distribution": distribution + export_files(folder),
        "recordSet": record_sets,
    }
    if version.released:
        metadata["datePublished"] = version.released
    return metadata


def croissant_json(folder: Path, files: card.Files, version: CorpusVersion) -> str:
    """``croissant.json`` as written by the build."""
    return json.dumps(croissant(folder, files, version), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
