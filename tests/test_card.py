"""The card's YAML parses with the Hub's and `datasets`' own parsers and matches the Parquet files."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import datasets
import huggingface_hub
import matplotlib.image
import pyarrow.parquet as pq
from datasets.info import DatasetInfosDict
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard
from id_pubadmin.core.fields import CONFIGS
from id_pubadmin.core.labels import ENTITY_LABELS
from id_pubadmin.corpus.document import document_summary
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.corpus.summary import CorpusSummary
from id_pubadmin.layout import Layout
from id_pubadmin.release.chart import chart_files, charts, sentence_length_bins
from release_fixtures import annotated  # noqa: F401  (pytest fixture)


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
    for heading in ("Supported tasks", "Languages", "Data instances and configs", "Data fields", "Statistics",
                    "Splits", "Training with few documents", "Exports for other tools", "Conventions",
                    "Preprocessing", "Errata of the source, kept verbatim", "Distribution and licence",
                    "Versions and releases", "Maintenance and contributing"):
        assert re.search(rf"^#+ {re.escape(heading)}$", text, re.MULTILINE), heading
    assert "<!-- generated:" not in text


def test_card_has_every_section_of_the_hub_card_template(root: Path) -> None:
    template = (Path(huggingface_hub.__file__).parent / "templates" / "datasetcard_template.md").read_text(encoding="utf-8")
    headings = re.findall(r"^(#{2,}) (.+?)(?: \[optional\])?$", template, re.MULTILINE)
    assert len(headings) > 20
    text = (root / "corpus" / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^# Dataset Card for id-pubadmin-news$", text, re.MULTILINE)
    for level, heading in headings:
        assert re.search(rf"^{level} {re.escape(heading)}$", text, re.MULTILINE), heading
    for field in ("Curated by", "Shared by", "Language(s) (NLP)", "License", "Repository"):
        assert re.search(rf"^- \*\*{re.escape(field)}:\*\* \S", text, re.MULTILINE), field
    for term in ("Mention", "Entity id", "Cue", "Direct quote", "Indirect quote"):
        assert f"- **{term}**: " in text, term
    assert "**APA:**" in text and "**BibTeX:**" in text and "  url          = {https://" in text


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


def summary_of(rows: dict) -> CorpusSummary:
    """The corpus summary the build adds up, from rows read back."""
    summary = CorpusSummary()
    for split in rows["documents"]:
        for document in rows["documents"][split]:
            mine = {config: [r for r in rows.get(config, {}).get(split, []) if r["document_id"] == document["document_id"]]
                    for config in rows}
            summary.add(document["document_id"], document_summary(mine))
    return summary


def test_charts_count_the_rows_and_are_deterministic_pngs(root: Path) -> None:
    rows, _ = read_corpus(root / "corpus")
    summary = summary_of(rows)
    drawn = {chart.name: dict(chart.counts) for chart in charts(summary)}
    entities = [e for split in rows["entities"].values() for e in split]
    assert drawn["entity_labels.png"] == {label: sum(e["label"] == label for e in entities) for label in ENTITY_LABELS}
    assert sum(drawn["quote_speakers.png"].values()) == sum(len(split) for split in rows["quotes"].values())
    speakers = next(chart for chart in charts(summary) if chart.name == "quote_speakers.png")
    assert speakers.parts is not None and speakers.parts[0] == ("direct", "indirect")
    assert [sum(parts) for parts in speakers.parts[1]] == [count for _, count in speakers.counts]
    assert sum(drawn["sentence_lengths.png"].values()) == sum(len(split) for split in rows["sentences"].values())
    files = chart_files(summary)
    assert files == chart_files(summary)
    for name, data in files.items():
        assert data == (root / "corpus" / name).read_bytes(), name
        image = matplotlib.image.imread(io.BytesIO(data), format="png")
        assert image.shape[1] == 640 and b"Software" not in data and b"tIME" not in data
    text = (root / "corpus" / "README.md").read_text(encoding="utf-8")
    assert all(f"]({name})" in text for name in files)


def test_sentence_length_bins_keep_empty_bins() -> None:
    assert sentence_length_bins(Counter({1: 1, 10: 2, 11: 1, 35: 1})) == [
        ("1-10", 3), ("11-20", 1), ("21-30", 0), ("31-40", 1)]
    assert sentence_length_bins(Counter()) == []


def test_one_very_long_sentence_does_not_make_a_tall_chart() -> None:
    bins = sentence_length_bins(Counter({5: 3, 400_000: 1}))
    assert len(bins) == 20 and bins[0] == ("1-10", 3) and bins[-1] == ("191+", 1)
