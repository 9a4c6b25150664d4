"""Deterministic Parquet files of a config split, and reading them back.

Writer options are fixed (and pyarrow is pinned) so that the same rows always give the same bytes;
the corpus checksums depend on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq

from ..core.fields import Config
from .features import features_of

WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": False,
    "write_statistics": False,
    "version": "2.6",
    "data_page_version": "1.0",
    "row_group_size": 100_000,
}


def parquet_path(corpus_dir: Path, config: str, split: str) -> Path:
    """Where a config split lives inside a corpus folder."""
    return corpus_dir / config / f"{split}.parquet"


def encode_rows(config: Config, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows in readable form (labels as names) as an Arrow table with the declared Features."""
    features = features_of(config)
    encoded = [features.encode_example(row) for row in rows]
    columns = {name: [row[name] for row in encoded] for name in features}
    return pa.Table.from_pydict(columns, schema=features.arrow_schema)


def write_rows(path: Path, config: Config, rows: list[dict[str, Any]]) -> None:
    """Write rows as one Parquet file, byte-identical for identical rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(encode_rows(config, rows), path, **WRITE_OPTIONS)


# Bounds checked in the footer before any page is decompressed: a small hostile file must not
# expand into gigabytes (a decompression bomb).
MAX_ROWS = 10_000_000
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024


def check_footer(path: Path) -> None:
    """Raise ValueError when the footer declares more rows or uncompressed bytes than the limits."""
    metadata = pq.read_metadata(path)
    size = sum(metadata.row_group(group).column(column).total_uncompressed_size
               for group in range(metadata.num_row_groups) for column in range(metadata.num_columns))
    if metadata.num_rows > MAX_ROWS or size > MAX_UNCOMPRESSED_BYTES:
        raise ValueError(f"{metadata.num_rows:,} rows, {size:,} bytes uncompressed: more than the limits of "
                         f"{MAX_ROWS:,} rows and {MAX_UNCOMPRESSED_BYTES:,} bytes per file")


def read_rows(path: Path, config: Config) -> list[dict[str, Any]]:
    """Rows of a Parquet file in readable form (class labels decoded to names), within the footer's limits."""
    features = features_of(config)
    check_footer(path)
    table = pq.read_table(path)
    return [_decode(features, row) for row in table.to_pylist()]


def _decode(features: Any, row: dict[str, Any]) -> dict[str, Any]:
    return {name: _decode_value(features[name], row.get(name)) for name in features}


def _decode_value(feature: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(feature, datasets.ClassLabel):
        return feature.int2str(value) if 0 <= value < feature.num_classes else value
    if isinstance(feature, datasets.List):
        return [_decode_value(feature.feature, item) for item in value]
    if isinstance(feature, dict):
        return {key: _decode_value(sub, value.get(key)) for key, sub in feature.items()}
    return value
