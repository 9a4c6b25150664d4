"""The card's YAML parses with the Hub's and `datasets`' own parsers and matches the Parquet files."""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections import Counter
from pathlib import Path

import datasets
import pyarrow.parquet as pq
from datasets.info import DatasetInfosDict
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard
from hypothesis import given
from hypothesis import strategies as st
from id_pubadmin.core.fields import CONFIGS
from id_pubadmin.core.labels import ENTITY_LABELS
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.layout import Layout
from id_pubadmin.release.chart import (
    CHART_NAME,
    PALETTE,
    bar_chart,
    entity_label_chart,
    zlib_stream,
)
from release_fixtures import annotated  # noqa: F401  (pytest fixture)

BAR = PALETTE.index((52, 101, 164))


def _check_card_against_parquet(corpus: Path) -> None:
    card = DatasetCard.load(corpus / "README.md")
    declared = MetadataConfigs.from_dataset_card_data(card.data)
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*.parquet")}
    assert {f["path"] for c in declared.values() for f in c["data_files"]} == files
    assert set(declared) == set(infos) == {path.split("/")[0] for path in files}
    for name, entry in declared.items():
        info = infos[name]
        assert set(info.splits) == {f["split"] for f in entry["data_files"]}
        for data_file in entry["data_files"]:
            path = corpus / data_file["path"]
            assert info.splits[data_file["split"]].num_examples == pq.ParquetFile(path).metadata.num_rows, path
            assert datasets.Features.from_arrow_schema(pq.read_schema(path)) == info.features, path


def test_card_metadata_matches_the_parquet_files(root: Path) -> None:
    _check_card_against_parquet(root / "corpus")


def test_card_metadata_of_every_config_and_split(annotated: Layout) -> None:
    _check_card_against_parquet(annotated.corpus)


def test_card_has_every_section(root: Path) -> None:
    text = (root / "corpus" / "README.md").read_text(encoding="utf-8")
    for heading in ("Summary", "Supported tasks", "Languages", "Data instances and configs", "Data fields",
                    "Statistics", "Splits", "Motivation and curation rationale", "Source data and rights",
                    "Annotation process", "Personal and sensitive information", "Biases and limitations",
                    "Errata of the source, kept verbatim", "Distribution and licence", "Versions and releases",
                    "Maintenance and contributing", "Citation"):
        assert re.search(rf"^#+ {re.escape(heading)}$", text, re.MULTILINE), heading
    assert "<!-- generated:" not in text and f"![Entity mentions per label: a bar chart]({CHART_NAME})" in text


def test_examples_are_real_rows(annotated: Layout) -> None:
    text = (annotated.corpus / "README.md").read_text(encoding="utf-8")
    rows, _ = read_corpus(annotated.corpus)
    for config in CONFIGS:
        match = re.search(rf"^`{config.name}` \([^)\n]*\):\n\n```json\n(.*?)\n```", text, re.MULTILINE | re.DOTALL)
        assert match, config.name
        example = json.loads(match.group(1))
        first = next(split_rows[0] for split_rows in rows[config.name].values())
        assert list(example) == [f.name for f in config.fields]
        short = {k: v for k, v in first.items() if not isinstance(v, (list, dict)) and len(str(v)) < 100}
        assert {k: example[k] for k in short} == short


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    width, height = struct.unpack(">II", png[16:24])
    data, offset = b"", 8
    while offset < len(png):
        (length,), kind = struct.unpack(">I", png[offset:offset + 4]), png[offset + 4:offset + 8]
        body = png[offset + 8:offset + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", png[offset + 8 + length:offset + 12 + length])[0]
        data += body if kind == b"IDAT" else b""
        offset += 12 + length
    raw, rows, previous = zlib.decompress(data), [], bytes(width)
    for y in range(height):
        line = raw[y * (width + 1):(y + 1) * (width + 1)]
        assert line[0] == 2  # Up filter
        previous = bytes((a + b) & 0xFF for a, b in zip(line[1:], previous))
        rows.append(previous)
    return width, height, rows


def test_chart_bars_are_proportional_to_counts() -> None:
    counts = [("PERSON", 30), ("ORG", 15), ("LOC", 0), ("DATE", 5)]
    width, height, rows = _pixels(bar_chart(counts))
    bars = [max(row.count(BAR) for row in rows[10 + 24 * i:10 + 24 * (i + 1)]) for i in range(len(counts))]
    assert bars[2] == 0 and abs(bars[0] - 2 * bars[1]) <= 1 and abs(bars[1] - 3 * bars[3]) <= 1
    assert width == 520 and height == 10 * 2 + 24 * len(counts)


def test_committed_chart_is_the_chart_of_the_committed_rows(root: Path) -> None:
    rows, _ = read_corpus(root / "corpus")
    by_label = Counter(e["label"] for split_rows in rows["entities"].values() for e in split_rows)
    chart = entity_label_chart(by_label)
    assert chart == entity_label_chart(by_label) == (root / "corpus" / CHART_NAME).read_bytes()
    assert _pixels(chart)[1] == 20 + 24 * len(ENTITY_LABELS)


@given(st.binary(max_size=2000))
def test_own_zlib_streams_inflate_to_their_data(data: bytes) -> None:
    assert zlib.decompress(zlib_stream(data)) == data
