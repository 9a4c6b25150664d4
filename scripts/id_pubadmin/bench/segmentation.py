"""The segmentation benchmark: every system on each rebuilt treebank document, side by side.

Speed is characters per second of the best of ``repeats`` runs, so a stray pause on a shared
machine does not count against a system. This package's segmenter is also timed on the text
repeated 10 and 100 times, which shows whether its cost grows linearly with the input. Each
system's false and missed boundaries are counted by class (``errors``), and the lead of this
package over the best peer is stated per treebank, so a regression shows on which rule and where.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .conllu import Document
from .errors import Breakdown, breakdown, breakdown_table
from .peers import OUR_VARIANTS, OURS, PEERS, Peer
from .scoring import BoundaryScores, score_sentences, token_f1


@dataclass(frozen=True)
class Row:
    """One system's results; ``missing`` says why a system has no scores."""

    name: str
    scores: BoundaryScores | None = None
    token_f1: float | None = None
    chars_per_second: float | None = None
    missing: str = ""
    errors: Breakdown | None = None


def best_time(function: Callable[[str], Any], text: str, repeats: int) -> tuple[float, Any]:
    """The shortest of ``repeats`` wall-clock runs, and the output of the last run."""
    best = float("inf")
    output: Any = None
    for _ in range(repeats):
        began = time.perf_counter()
        output = function(text)
        best = min(best, time.perf_counter() - began)
    return best, output


def evaluate(peer: Peer, document: Document, repeats: int) -> Row:
    try:
        system = peer.build(document.text)
    except ImportError as error:
        return Row(peer.name, missing=f"not installed ({error.name or error})")
    seconds, output = best_time(system.run, document.text, repeats)
    sentences = system.sentences(document.text, output)
    scores = score_sentences(document, sentences)
    tokens = token_f1(document, system.tokens(document.text, output)) if system.tokens else None
    return Row(peer.name, scores, tokens, len(document.text) / seconds if seconds else None,
               errors=breakdown(document, sentences))


def run_benchmark(document: Document, repeats: int = 3,
                  peers: Sequence[Peer] = PEERS) -> list[Row]:
    return [evaluate(peer, document, repeats) for peer in peers]


def error_table(rows: Sequence[Row]) -> str:
    """False / missed boundaries per error class for every scored system."""
    return breakdown_table([(row.name, row.errors) for row in rows if row.errors is not None])


def lead(rows: Sequence[Row]) -> str:
    """This package's margin over the best peer in boundary F1 and token F1, in points."""
    ours = {peer.name for peer in OUR_VARIANTS}
    scored = [row for row in rows if row.scores is not None]
    mine = [row for row in scored if row.name in ours]
    peers = [row for row in scored if row.name not in ours]
    if not mine or not peers:
        return "Lead over the best peer: no peer was scored."
    parts = []
    for row in mine:
        boundary = row.scores.f1 - max(peer.scores.f1 for peer in peers)  # type: ignore[union-attr]
        token_peers = [peer.token_f1 for peer in peers if peer.token_f1 is not None]
        token = (f", token F1 {100 * (row.token_f1 - max(token_peers)):+.2f}"
                 if row.token_f1 is not None and token_peers else "")
        parts.append(f"{row.name}: boundary F1 {100 * boundary:+.2f}{token}")
    return "Lead over the best peer: " + "; ".join(parts) + "."


def scaling(document: Document, factors: Sequence[int], repeats: int = 3) -> list[tuple[int, int, float]]:
    """``(factor, characters, chars per second)`` of this package's segmenter on repeated text."""
    split = OURS.build(document.text).run
    results = []
    for factor in factors:
        text = "\n\n".join([document.text] * factor)
        seconds, _ = best_time(split, text, repeats)
        results.append((factor, len(text), len(text) / seconds))
    return results


def markdown_table(rows: Sequence[Row]) -> str:
    lines = [
        "| system | boundary P | boundary R | boundary F1 | exact sentences | token F1 | chars/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.scores is None:
            lines.append(f"| {row.name} | {row.missing} | | | | | |")
            continue
        scores = row.scores
        tokens = "–" if row.token_f1 is None else _percent(row.token_f1)
        speed = "–" if row.chars_per_second is None else _speed(row.chars_per_second)
        lines.append(
            f"| {row.name} | {_percent(scores.precision)} | {_percent(scores.recall)} "
            f"| **{_percent(scores.f1)}** | {_percent(scores.exact_sentences)} | {tokens} | {speed} |"
        )
    return "\n".join(lines)


def scaling_table(results: Sequence[tuple[int, int, float]]) -> str:
    lines = ["| input | characters | chars/s |", "| --- | ---: | ---: |"]
    lines += [f"| {factor}x | {characters:,} | {_speed(speed)} |" for factor, characters, speed in results]
    return "\n".join(lines)


def report_header(document: Document, source: str, paragraph_size: int) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"
    return (
        f"Segmentation benchmark, {date.today().isoformat()}; {machine}; "
        f"Python {platform.python_version()}.\n"
        f"Text: {source}: {len(document.sentences)} sentences in paragraphs of {paragraph_size}, "
        f"{len(document.text):,} characters, {len(document.boundaries)} boundaries inside "
        f"paragraphs, {len(document.tokens):,} gold tokens."
    )


def _percent(value: float) -> str:
    return f"{100 * value:.2f}"


def _speed(value: float) -> str:
    return f"{value / 1e6:.2f} M" if value >= 1e6 else f"{value / 1e3:.0f} k"
