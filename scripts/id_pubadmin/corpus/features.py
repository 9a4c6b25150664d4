"""``datasets.Features`` and the card's ``dataset_info`` YAML, generated from :mod:`fields`."""

from __future__ import annotations

from functools import cache
from typing import Any

import datasets

from ..core.fields import CONFIGS, Config, Field

_VALUES = {"string": "string", "int32": "int32", "int64": "int64", "float32": "float32", "bool": "bool"}


def feature_of(field: Field) -> Any:
    """The ``datasets`` feature type of one field."""
    if field.kind in _VALUES:
        return datasets.Value(_VALUES[field.kind])
    if field.kind == "class_label":
        return datasets.ClassLabel(names=list(field.names))
    if field.kind == "list":
        assert field.item is not None
        return datasets.List(feature_of(field.item))
    if field.kind == "struct":
        return {member.name: feature_of(member) for member in field.members}
    raise ValueError(f"field {field.name!r} has unknown kind {field.kind!r}")


def features_of(config: Config) -> datasets.Features:
    """The declared Features of a config, in column order."""
    return datasets.Features({f.name: feature_of(f) for f in config.fields})


@cache
def arrow_schema(config: Config) -> Any:
    """The Arrow schema of a config's Parquet files, as ``datasets`` stores its Features."""
    return features_of(config).arrow_schema


def dataset_info_yaml(split_sizes: dict[str, dict[str, tuple[int, int]]]) -> list[dict[str, Any]]:
    """``dataset_info`` entries for the card header: features plus (rows, Arrow bytes) per split."""
    entries = []
    for config in CONFIGS:
        splits = split_sizes.get(config.name, {})
        if not splits:
            continue
        entries.append({
            "config_name": config.name,
            "features": features_of(config)._to_yaml_list(),
            "splits": [{"name": name, "num_bytes": size, "num_examples": rows}
                       for name, (rows, size) in splits.items()],
            "dataset_size": sum(size for _, size in splits.values()),
        })
    return entries
