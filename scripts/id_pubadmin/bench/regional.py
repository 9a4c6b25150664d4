"""How well ``add-seed``'s language check keeps Indonesian and refuses regional languages:
``python -m id_pubadmin.bench regional [--nusax DIR] [--split valid]``.

Measured on NusaX (Winata et al., EACL 2023; CC BY-SA 4.0, read from a folder, never shipped):
the same sentences in Indonesian and ten regional languages. Each sentence is checked alone, and so
is each run of five consecutive sentences (a "document", 60-100 words, nearer an article's length).
The check is the whole of the page steps' language filter (:mod:`id_pubadmin.seeds.web.regional`,
then lingua). Indonesian must be accepted; its false refusals are also counted on the project's seeds.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from ..seeds.web.language import detect_language, language_problem

DOCUMENT_SENTENCES = 5


def _texts(folder: Path, split: str) -> list[str]:
    with (folder / f"{split}.csv").open(encoding="utf-8", newline="") as stream:
        return [row["text"] for row in csv.DictReader(stream)]


def _judged(texts: list[str]) -> Counter[str]:
    """How many of ``texts`` are accepted ('accepted') and refused, by the language detected."""
    found: Counter[str] = Counter()
    for text in texts:
        code, confidence = detect_language(text)
        found["accepted" if language_problem(code, confidence, "bench") is None else code] += 1
    return found


def _cell(counts: Counter[str]) -> str:
    total = sum(counts.values())
    refused = total - counts["accepted"]
    top = ", ".join(f"{code} {n}" for code, n in counts.most_common() if code != "accepted")[:60]
    return f"{counts['accepted'] / total:.1%} | {refused / total:.1%} | {top or '-'}"


def _treebank_line(treebank: Path) -> tuple[str, int]:
    """How many sentences of an Indonesian CoNLL-U treebank (its ``# text`` lines) the check refuses, and how
    many it holds."""
    from ..seeds.web.regional import regional_language

    with treebank.open(encoding="utf-8") as stream:
        texts = [line.split("=", 1)[1].strip() for line in stream if line.startswith("# text =")]
    regional = sum(regional_language(text) is not None for text in texts)
    counts = _judged(texts)
    return (f"{treebank.name} ({len(texts)} Indonesian sentences of news and Wikipedia): {regional} refused by the "
            f"regional lists, {len(texts) - counts['accepted']} refused in all ({_cell(counts).split(' | ')[2]})."
            ), len(texts)


def regional_table(nusax: Path, split: str, seeds: Path | None, treebank: Path | None = None) -> str:
    """The Markdown table of accept and refuse rates per language, sentences and documents."""
    started = time.perf_counter()
    lines = [f"NusaX {split} split, language check of `add-seed` (regional function words, then lingua)", "",
             "| language | sentences | accepted | refused | refused as | documents | accepted | refused | refused as |",
             "|---|---|---|---|---|---|---|---|---|"]
    checked = 0
    for folder in sorted(p for p in nusax.iterdir() if p.is_dir()):
        texts = _texts(folder, split)
        documents = [" ".join(texts[i:i + DOCUMENT_SENTENCES]) for i in range(0, len(texts), DOCUMENT_SENTENCES)]
        lines.append(f"| {folder.name} | {len(texts)} | {_cell(_judged(texts))} | {len(documents)} | "
                     f"{_cell(_judged(documents))} |")
        checked += len(texts) + len(documents)
    if seeds is not None and seeds.is_dir():
        from ..seeds.seed_files import parse_seed, seed_paths

        articles = [parse_seed(path, check_name=False).text for path in seed_paths(seeds)]
        counts = _judged(articles)
        lines += ["", f"The project's seeds ({len(articles)} Indonesian articles): {counts['accepted']} accepted, "
                      f"{len(articles) - counts['accepted']} refused."]
        checked += len(articles)
    if treebank is not None and treebank.is_file():
        line, count = _treebank_line(treebank)
        lines += ["", line]
        checked += count
    seconds = time.perf_counter() - started
    lines += ["", f"{checked:,} texts checked in {seconds:.1f} s ({1000 * seconds / max(checked, 1):.1f} ms each, "
                  "lingua's models loaded once)."]
    return "\n".join(lines)
