"""Deterministic Parquet files of a config split, written as a stream, and reading them back.

Writer options are fixed (and pyarrow is pinned) so that the same rows always give the same bytes;
the corpus checksums depend on it. A split is written document by document: rows are buffered into
row groups of bounded size, and a split whose file passes :data:`SHARD_BYTES` continues in a new
shard, named the Hugging Face way (``config/split-00000-of-00003.parquet``); a split that fits in
one file keeps the plain name ``config/split.parquet``. Row groups and shards end only between
documents, so where they end depends on the rows alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.fields import Config, Field
from ..core.splits import shard_name

WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": False,
    "write_statistics": False,
    "version": "2.6",
    "data_page_version": "1.0",
}
ROW_GROUP_ROWS = 100_000
ROW_GROUP_BYTES = 4 * 2**20  # Arrow bytes buffered before a row group is written
SHARD_BYTES = 256 * 2**20  # Parquet bytes after which a split continues in a new shard
READ_BATCH_ROWS = 1024
SHARD_NAME = re.compile(r"(?P<split>[a-z]+)(?:-(?P<index>\d{5})-of-(?P<count>\d{5}))?\.parquet")


def canonical_json(value: Any) -> str:
    """One-line JSON with sorted keys and no insignificant whitespace: the form that is hashed."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def json_lines(rows: list[dict[str, Any]]) -> bytes:
    """Rows in readable form as canonical JSON lines: what a file's rows checksum hashes."""
    return "".join(canonical_json(row) + "\n" for row in rows).encode("utf-8")


def parquet_path(corpus_dir: Path, config: str, split: str) -> Path:
    """Where a config split lives inside a corpus folder when it fits in one file."""
    return corpus_dir / config / f"{split}.parquet"


def split_files(corpus_dir: Path, config: str, split: str) -> list[Path]:
    """The Parquet files of a config split: its one file, or its shards in order."""
    single = parquet_path(corpus_dir, config, split)
    if single.exists():
        return [single]
    return sorted(p for p in (corpus_dir / config).glob(f"{split}-*-of-*.parquet")
                  if (m := SHARD_NAME.fullmatch(p.name)) and m["split"] == split)


def split_of_file(path: Path) -> str | None:
    """The split a Parquet file of a corpus holds, from its name; None for a name of no split file."""
    match = SHARD_NAME.fullmatch(path.name)
    return match["split"] if match else None


def _encoder(field: Field) -> Callable[[Any], Any] | None:
    """A function turning a readable value into its stored form (class labels to their index); None if none is needed."""
    if field.kind == "class_label":
        index = {name: i for i, name in enumerate(field.names)}
        return lambda value: index.get(value, value) if isinstance(value, str) else value
    if field.kind == "list" and field.item is not None and (item := _encoder(field.item)) is not None:
        return lambda value: None if value is None else [item(v) for v in value]
    members = {m.name: enc for m in field.members if (enc := _encoder(m)) is not None}
    if members:
        return lambda value: None if value is None else {k: members[k](v) if k in members else v
                                                         for k, v in value.items()}
    return None


def encode_rows(config: Config, rows: list[dict[str, Any]]) -> Any:
    """Rows in readable form (labels as names) as an Arrow table with the declared Features."""
    import pyarrow as pa

    from .features import arrow_schema

    schema = arrow_schema(config)
    columns = {}
    for field_ in config.fields:
        encode = _encoder(field_)
        values = [row[field_.name] for row in rows]
        columns[field_.name] = values if encode is None else [encode(v) for v in values]
    return pa.Table.from_pydict(columns, schema=schema)


def write_rows(path: Path, config: Config, rows: list[dict[str, Any]]) -> None:
    """Write rows as one Parquet file, byte-identical for identical rows."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(encode_rows(config, rows), path, row_group_size=ROW_GROUP_ROWS, **WRITE_OPTIONS)


@dataclass
class WrittenFile:
    """A Parquet file of a split as written: its rows, their checksum and their Arrow size."""

    path: Path
    rows: int = 0
    nbytes: int = 0
    rows_sha256: str = ""


@dataclass
class SplitWriter:
    """Writes one config split, document by document, into row groups and shards."""

    folder: Path
    config: Config
    split: str
    files: list[WrittenFile] = field(default_factory=list)
    _buffer: list[Any] = field(default_factory=list)
    _buffered: int = 0  # Arrow bytes in the buffer
    _buffered_rows: int = 0
    _writer: Any = None
    _sink: Any = None
    _hash: Any = None

    def add(self, table: Any, lines: bytes) -> None:
        """Append one document's rows: its Arrow table and its canonical JSON lines."""
        if self._writer is None:
            self._open()
        self._hash.update(lines)
        self._buffer.append(table)
        self._buffered += table.nbytes
        self._buffered_rows += table.num_rows
        self.files[-1].rows += table.num_rows
        if self._buffered >= ROW_GROUP_BYTES or self._buffered_rows >= ROW_GROUP_ROWS:
            self._flush()

    def _open(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .features import arrow_schema

        path = self.folder / self.config.name / f".{self.split}-{len(self.files):05d}.partial"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._sink = pa.OSFile(str(path), "wb")
        self._writer = pq.ParquetWriter(self._sink, arrow_schema(self.config), **WRITE_OPTIONS)
        self._hash = hashlib.sha256()
        self.files.append(WrittenFile(path))

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._buffer:
            return
        table = pa.concat_tables(self._buffer).combine_chunks()
        self.files[-1].nbytes += table.nbytes
        self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self._buffer, self._buffered, self._buffered_rows = [], 0, 0
        if self._sink.tell() >= SHARD_BYTES:
            self._close()

    def _close(self) -> None:
        self._writer.close()
        self._sink.close()
        self.files[-1].rows_sha256 = self._hash.hexdigest()
        self._writer = self._sink = self._hash = None

    def finish(self) -> list[WrittenFile]:
        """Write what is buffered and give the files their final names; returns them in order."""
        self._flush()
        if self._writer is not None:
            self._close()
        for index, written in enumerate(self.files):
            name = f"{self.split}.parquet" if len(self.files) == 1 else shard_name(self.split, index, len(self.files))
            final = written.path.with_name(name)
            os.replace(written.path, final)
            written.path = final
        return self.files


# Bounds checked in the footer before any page is decompressed: a small hostile file must not
# expand into gigabytes (a decompression bomb). Files are read a row group at a time, so the bound
# is per row group (the build writes row groups of a few MB).
MAX_ROW_GROUP_ROWS = 10_000_000
MAX_ROW_GROUP_BYTES = 128 * 1024 * 1024


def check_footer(path: Path) -> None:
    """Raise ValueError when a row group declares more rows or uncompressed bytes than the limits."""
    import pyarrow.parquet as pq

    metadata = pq.read_metadata(path)
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        size = sum(row_group.column(column).total_uncompressed_size for column in range(metadata.num_columns))
        if row_group.num_rows > MAX_ROW_GROUP_ROWS or size > MAX_ROW_GROUP_BYTES:
            raise ValueError(f"row group {group}: {row_group.num_rows:,} rows, {size:,} bytes uncompressed: more "
                             f"than the limits of {MAX_ROW_GROUP_ROWS:,} rows and {MAX_ROW_GROUP_BYTES:,} bytes")


def read_rows(path: Path, config: Config) -> list[dict[str, Any]]:
    """Rows of a Parquet file in readable form (class labels decoded to names), within the footer's limits."""
    return [row for batch in iter_row_batches(path, config) for row in batch]


def iter_row_batches(path: Path, config: Config) -> Iterator[list[dict[str, Any]]]:
    """Rows of a Parquet file in readable form, a bounded batch at a time."""
    import pyarrow.parquet as pq

    check_footer(path)
    decode = _decoder(config)
    with pq.ParquetFile(path) as parquet:
        for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS):
            yield [decode(row) for row in batch.to_pylist()]


def _decoder(config: Config) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function turning a stored row back into its readable form, the config's fields only."""
    decoders = [(f.name, _value_decoder(f)) for f in config.fields]
    return lambda row: {name: decode(row.get(name)) for name, decode in decoders}


def decode_row(config: Config, row: dict[str, Any]) -> dict[str, Any]:
    """One stored row in readable form (class labels decoded to names)."""
    return _decoder(config)(row)


def _value_decoder(field: Field) -> Callable[[Any], Any]:
    if field.kind == "class_label":
        names = field.names
        return lambda v: v if v is None else (names[v] if 0 <= v < len(names) else v)
    if field.kind == "list" and field.item is not None:
        item = _value_decoder(field.item)
        return lambda v: v if v is None else [item(x) for x in v]
    if field.kind == "struct":
        members = [(m.name, _value_decoder(m)) for m in field.members]
        return lambda v: v if v is None else {name: decode(v.get(name)) for name, decode in members}
    return lambda v: v
