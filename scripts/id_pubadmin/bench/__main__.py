"""Command line: ``python -m id_pubadmin.bench segmentation --conllu PATH`` and
``python -m id_pubadmin.bench scale --source PATH``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import scale
from .conllu import ConlluError, build_document, read_conllu
from .segmentation import (
    markdown_table,
    report_header,
    run_benchmark,
    scaling,
    scaling_table,
)

DEFAULT_CONLLU = Path("../shared/data/ud_id_gsd/id_gsd-ud-dev.conllu")
PROJECT = Path(__file__).resolve().parents[3]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m id_pubadmin.bench",
        description="Benchmarks of the corpus tooling against openly available peers.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    segmentation = commands.add_parser(
        "segmentation",
        help="sentence boundaries and tokens on a CoNLL-U treebank, with peers side by side",
        description="Rebuild running text from a CoNLL-U treebank and score every installed "
                    "sentence segmenter on it; prints Markdown tables.",
    )
    segmentation.add_argument(
        "--conllu", type=Path, default=DEFAULT_CONLLU,
        help="treebank with '# text' comments (default: %(default)s, e.g. UD Indonesian GSD dev)")
    segmentation.add_argument("--paragraph-size", type=int, default=10,
                              help="treebank sentences per rebuilt paragraph (default: %(default)s)")
    segmentation.add_argument("--repeats", type=int, default=3,
                              help="timed runs per system; the best counts (default: %(default)s)")
    segmentation.add_argument("--scales", default="1,10,100",
                              help="comma-separated repetitions of the text for the throughput "
                                   "table (default: %(default)s)")
    sizes = commands.add_parser(
        "scale", help="build, validate, verify and load synthetic corpora of 1k and 10k articles (100k with --huge)",
        description="Generate synthetic articles in the seed format from real sentences, build each size in a "
                    "temporary copy of the project, and print wall time, CPU time and peak memory of every "
                    "command as a Markdown table.")
    sizes.add_argument("--source", type=Path, default=DEFAULT_CONLLU.parent,
                       help="CoNLL-U file, folder of CoNLL-U files, or text file of one sentence a line "
                            "(default: %(default)s)")
    sizes.add_argument("--articles", default="1000,10000", help="comma-separated sizes (default: %(default)s)")
    sizes.add_argument("--huge", action="store_true", help="also 100,000 articles (about 380 M characters)")
    sizes.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="build processes (default: the machine's cores)")
    sizes.add_argument("--tmp", type=Path, default=None, help="folder for the temporary projects")
    return main


def run_scale(arguments: argparse.Namespace) -> int:
    try:
        sentences = scale.read_sentences(arguments.source)
    except (OSError, ValueError, ConlluError) as error:
        print(f"cannot read sentences from {arguments.source}: {error}", file=sys.stderr)
        return 2
    sizes = [int(size) for size in arguments.articles.split(",") if size.strip()] + ([100_000] if arguments.huge else [])
    results = []
    for size in sizes:
        characters, rows, measures = scale.run_size(size, sentences, PROJECT, arguments.jobs, arguments.tmp)
        results.append((size, characters, rows, measures))
        print(scale.table(results[-1:]).splitlines()[-len(measures):] and f"measured {size:,} articles",
              file=sys.stderr, flush=True)
    print(f"{len(sentences):,} sentences from {arguments.source}; {arguments.jobs} build process(es); "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print(scale.table(results))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if arguments.command == "scale":
        return run_scale(arguments)
    try:
        units = read_conllu(arguments.conllu)
    except (OSError, ConlluError) as error:
        print(f"cannot read the treebank {arguments.conllu}: {error}", file=sys.stderr)
        return 2
    document = build_document(units, arguments.paragraph_size)
    print(report_header(document, arguments.conllu.name, arguments.paragraph_size), end="\n\n")
    print(markdown_table(run_benchmark(document, arguments.repeats)), end="\n\n", flush=True)
    factors = [int(factor) for factor in arguments.scales.split(",") if factor.strip()]
    print("Throughput of id_pubadmin.split_sentences on the text repeated:\n")
    print(scaling_table(scaling(document, factors, arguments.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
