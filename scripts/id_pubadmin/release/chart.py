"""The card's charts, drawn with matplotlib: mentions per label, quotes per speaker, sentence
lengths and split sizes, as PNG files with the same bytes for the same rows.

Bytes stay the same because nothing varies between runs: the Agg renderer, DejaVu Sans (the copy
shipped with matplotlib, which it lists before any system copy of the same name), a fixed size and
resolution, and no metadata (no software version, no date).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..core import cache, labels
from ..core.fields import CONFIGS
from ..corpus.summary import CorpusSummary

CHARTS_FOLDER = "charts"
WIDTH, ROW_HEIGHT, DPI = 6.4, 0.32, 100
STYLE = {
    "font.family": "DejaVu Sans", "font.size": 9,
    "axes.spines.top": False, "axes.spines.right": False,
}
COLOURS = ("#3465a4", "#9ec1e6")
Counts = list[tuple[str, int]]
MAX_BARS = 20  # bars per chart: the charts stay readable, and small, however large the corpus


@dataclass(frozen=True)
class Chart:
    """One chart: its file name, alt text, axis label and the counts it draws.

    ``parts`` optionally splits each bar into stacked parts: their names, and per bar their counts.
    """

    name: str
    title: str
    axis: str
    counts: Counts
    parts: tuple[tuple[str, ...], list[tuple[int, ...]]] | None = None


def sentence_length_bins(lengths: Counter[int], width: int = 10, most: int = MAX_BARS) -> Counts:
    """Sentences per token-count bin of ``width`` (``1-10``, ``11-20``, ...), empty bins included up to the longest.

    ``lengths`` counts the sentences of each length in tokens. At most ``most`` bins are drawn: the
    last one holds every longer sentence (``191+``), so one very long sentence cannot make the
    chart as tall as it is long.
    """
    counted: Counter[int] = Counter()
    for length, sentences in lengths.items():
        if length > 0:
            counted[min((length - 1) // width, most - 1)] += sentences
    last = max(counted, default=-1)
    return [(f"{b * width + 1}+" if b == most - 1 else f"{b * width + 1}-{(b + 1) * width}", counted[b])
            for b in range(last + 1)]


CHARTS = {  # file name -> title and axis, in the card's order
    "entity_labels.png": ("Entity mentions per label", "mentions"),
    "quote_speakers.png": (f"Quotes per speaker (the {MAX_BARS} most quoted)", "quotes"),
    "sentence_lengths.png": ("Sentences by length in tokens", "sentences"),
    "split_sizes.png": ("Rows per config and split", "rows"),
}


def charts(summary: CorpusSummary) -> list[Chart]:
    """The charts of a corpus, from its counts, in the card's order."""
    by_speaker: Counter[str] = Counter()
    for (speaker, _), count in summary.speakers.items():
        by_speaker[speaker] += count
    speakers = sorted(by_speaker.items(), key=lambda item: (-item[1], item[0]))[:MAX_BARS]  # the most quoted
    split_sizes = [(f"{config.name} / {split}", summary.rows[config.name][split])
                   for config in CONFIGS for split in labels.SPLITS if summary.rows[config.name].get(split)]
    counts: dict[str, Counts] = {
        "entity_labels.png": [(label, summary.labels[label]) for label in labels.ENTITY_LABELS],
        "quote_speakers.png": speakers,
        "sentence_lengths.png": sentence_length_bins(summary.sentence_lengths),
        "split_sizes.png": split_sizes,
    }
    parts = {"quote_speakers.png": (labels.QUOTE_TYPES, [tuple(summary.speakers[(speaker, kind)]
                                                               for kind in labels.QUOTE_TYPES)
                                                         for speaker, _ in speakers])}
    return [Chart(name, title, axis, counts[name], parts.get(name)) for name, (title, axis) in CHARTS.items()]


def render(chart: Chart) -> bytes:
    """A horizontal bar chart of ``chart.counts``, first item on top, each bar labelled with its count."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(STYLE):
        names = [name for name, _ in chart.counts]
        values = [value for _, value in chart.counts]
        figure, axes = plt.subplots(figsize=(WIDTH, 0.9 + ROW_HEIGHT * max(len(names), 1)), dpi=DPI)
        part_names, part_counts = chart.parts or ((chart.axis,), [(value,) for value in values])
        left = [0] * len(names)
        for index, part in enumerate(part_names):
            widths = [counts[index] for counts in part_counts]
            bars = axes.barh(range(len(names)), widths, left=left, label=part, color=COLOURS[index % len(COLOURS)])
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.bar_label(bars, labels=[str(value) for value in values], padding=3)
        if chart.parts:
            axes.legend(loc="lower right", frameon=False)
        axes.set_yticks(range(len(names)), names)
        axes.invert_yaxis()
        axes.set_xlabel(chart.axis)
        axes.set_title(chart.title, loc="left")
        axes.set_xlim(0, max(values, default=0) * 1.12 + 1)
        axes.xaxis.get_major_locator().set_params(integer=True)
        figure.tight_layout()
        output = io.BytesIO()
        figure.savefig(output, format="png", metadata={"Software": None})
        plt.close(figure)
    return output.getvalue()


def chart_files(summary: CorpusSummary, cache_folder: Path | None = None) -> dict[str, bytes]:
    """PNG bytes of every chart, by its path relative to the corpus folder; drawn charts are kept in
    ``cache_folder`` (if given) by their counts, so an unchanged corpus is not drawn again."""
    return {f"{CHARTS_FOLDER}/{chart.name}": cache.made_file(cache_folder, "chart", [repr(chart)], partial(render, chart))
            for chart in charts(summary)}


def markdown() -> str:
    """The card's images of the charts."""
    return "\n\n".join(f"![{title}: a bar chart]({CHARTS_FOLDER}/{name})" for name, (title, _) in CHARTS.items())
