"""Command line: ``python -m id_pubadmin.bench segmentation --conllu PATH [--conllu PATH ...]``,
``... predictions``, ``... long-texts``, ``... learning``, ``... confidence``, ``... picking``, ``... linking``,
``... scale --source PATH``, ``... web``, ``... regional``, ``... export --megabytes 50,200``, ``... silver`` and
``... quotes``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..predictor.nergrit import NergritError
from ..core.errors import CorpusError
from ..predictor import calibration
from . import confidence, exports, linking, picking, quotes, regional, scale, silver, web
from .conllu import ConlluError, build_document, read_conllu
from . import learning, predict_speed
from .predictions import corpus_texts, markdown, score, score_nergrit
from .segmentation import (
    error_table,
    lead,
    markdown_table,
    report_header,
    run_benchmark,
    scaling,
    scaling_table,
)

DEFAULT_CONLLU = Path("../shared/data/ud_id_gsd/id_gsd-ud-dev.conllu")
DEFAULT_NUSAX = Path("../shared/data/nusax")
DEFAULT_NERGRIT = Path("annotations/training/nergrit/valid.txt")
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
        description="Rebuild running text from each CoNLL-U treebank and score every installed "
                    "sentence segmenter on it; prints Markdown tables of scores, of false / missed "
                    "boundaries by error class and of throughput.",
    )
    segmentation.add_argument(
        "--conllu", type=Path, action="append",
        help="treebank with '# text' comments; repeat for several, each scored on its own "
             f"(default: {DEFAULT_CONLLU}, UD Indonesian GSD dev)")
    segmentation.add_argument("--paragraph-size", type=int, default=10,
                              help="treebank sentences per rebuilt paragraph (default: %(default)s)")
    segmentation.add_argument("--repeats", type=int, default=3,
                              help="timed runs per system; the best counts (default: %(default)s)")
    segmentation.add_argument("--scales", default="1,10,100",
                              help="comma-separated repetitions of the text for the throughput "
                                   "table (default: %(default)s)")
    built_corpus = argparse.ArgumentParser(add_help=False)  # the option of every benchmark that reads the corpus
    built_corpus.add_argument("--corpus", type=Path, default=Path("corpus"), help="built corpus folder (default: %(default)s)")
    predictions = commands.add_parser(
        "predictions", parents=[built_corpus],
        help="score the rules alone, the entity model alone and both, on NERGrit valid and the corpus's gold",
        description="Score the pre-annotation side by side (rules alone, model alone, combined) on NERGrit valid "
                    "(PERSON/ORG/PLACE, exact spans) and on every document of the corpus with a gazetteer built "
                    "from the other documents only (ten labels; quotes, cues and speakers), then time the "
                    "combined predictor on one core; prints Markdown tables.",
    )
    predictions.add_argument("--nergrit", type=Path, default=DEFAULT_NERGRIT,
                             help="NERGrit-format file to score on (default: %(default)s)")
    long_parser = commands.add_parser(
        "long-texts", parents=[built_corpus], help="CPU-seconds of predict on one long text per shape: real articles joined, hostile shapes",
        description=predict_speed.long_texts.__doc__)
    long_parser.add_argument("--characters", type=int, default=100_000, help="length of each text (default: %(default)s)")
    reliable = commands.add_parser(
        "confidence", help="reliability of the predictions' scores on NERGrit valid, and what scoring costs",
        description="Print the reliability table of the combined predictor's mention scores on NERGrit valid "
                    "(bands: count, share, precision; cross-fitted calibration), the shipped rule and quote scores, "
                    "and the predictor's speed on one core with and without the beam that gives the marginals.")
    reliable.add_argument("--corpus", type=Path, default=Path("corpus"),
                          help="built corpus whose gold the calibration also learns from (default: %(default)s)")
    reliable.add_argument("--no-speed", action="store_true", help="leave out the timing")
    reliable.add_argument("--calibrate", action="store_true",
                          help="first fit the shipped model's calibration (NERGrit valid and the corpus gold) and "
                               "write it beside the model, as predictor/model/confidence.json")
    picks = commands.add_parser(
        "picking", help="F1 after adding sentences picked by uncertainty vs at random (NERGrit), several seeds",
        description="From a small base model, add the same budget of NERGrit train sentences picked by the project's "
                    "uncertainty ranking or at random, retrain (small, fast settings) and score exact-span F1 on "
                    "NERGrit valid; prints the curve as a Markdown table (mean over seeds). Takes tens of minutes.")
    picks.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default: %(default)s)")
    picks.add_argument("--budgets", default="100,200,400", help="comma-separated budgets (default: %(default)s)")
    picks.add_argument("--dev", action="store_true",
                       help=f"score on {picking.DEV} sentences held out of NERGrit train instead of NERGrit valid, to "
                            "compare ranking settings without looking at valid")
    curve = commands.add_parser(
        "learning", help="F1 on NERGrit valid after training with 0, 100, 500, 1,000 and all added sentences",
        description=learning.__doc__)
    curve.add_argument("--epochs", type=int, default=None, help="epochs of each training (default: the config's)")
    linking_parser = commands.add_parser(
        "linking", help="region linking to Kemendagri codes on generated sentences: right, wrong, unlinked",
        description="Link the region mentions of generated sentences (every province, regency and city with its "
                    "kind word beside its province, a tenth of the districts beside their regency, every ambiguous "
                    "bare name alone) and print a Markdown table of what was linked right and wrong; then score the "
                    "gold GPE mentions of a built corpus against their registry links.")
    linking_parser.add_argument("--corpus", type=Path, default=Path("corpus"),
                                help="built corpus whose gold GPE mentions are scored too (default: %(default)s)")
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
    commands.add_parser(
        "web", help="article extraction from invented news pages: body recall, boilerplate share, time, memory",
        description="Extract the article of each invented news page (navigation, ads, related links, comments, "
                    "scripts, styles and a cookie banner around a known body) and print a Markdown table.")
    regional_parser = commands.add_parser(
        "regional", help="the language check of web intake on NusaX: Indonesian accepted, regional languages refused",
        description="Check every NusaX sentence (and every run of five, nearer an article's length) in Indonesian "
                    "and ten regional languages with add-seed's language check, and the project's seeds; prints "
                    "accept and refuse rates per language as a Markdown table.")
    regional_parser.add_argument("--nusax", type=Path, default=DEFAULT_NUSAX,
                                 help="folder of NusaX-Senti, one folder per language holding SPLIT.csv "
                                      "(default: %(default)s)")
    regional_parser.add_argument("--split", default="valid", help="train or valid (default: %(default)s)")
    regional_parser.add_argument("--seeds", type=Path, default=PROJECT / "seeds",
                                 help="seeds whose false refusals are counted (default: the project's)")
    regional_parser.add_argument("--treebank", type=Path, default=DEFAULT_CONLLU,
                                 help="Indonesian CoNLL-U treebank whose sentences' false refusals are counted "
                                      "(default: %(default)s)")
    export = commands.add_parser(
        "export", help="memory and time of reading and checking generated Label Studio exports of growing size",
        description="Generate exports repeating the tasks of a committed export, read each with the streamed "
                    "reader (all checks) and with json.loads of the whole file, each in its own process, and "
                    "print wall time and peak memory as a Markdown table.")
    export.add_argument("--template", type=Path, default=PROJECT / "annotations" / "exports" / "id-pubadmin-news.json",
                        help="export whose tasks are repeated (default: the committed export)")
    export.add_argument("--megabytes", default="50,200", help="comma-separated sizes in MB (default: %(default)s)")
    export.add_argument("--tmp", type=Path, default=None, help="folder for the generated exports")
    silver_parser = commands.add_parser(
        "silver", help="documents per second and peak memory of `id-pubadmin silver` per engine",
        description="Generate input of invented documents (one JSONL file of articles of real length, or WARC "
                    "files of 1,000 pages) and run `id-pubadmin silver` on it with each engine; prints wall time, "
                    "documents and sentences per second, CPU time, the load average and peak memory (all "
                    "processes, and the largest one) as a Markdown table.")
    silver_parser.add_argument("--documents", default="2000",
                               help="comma-separated input sizes (default: %(default)s)")
    silver_parser.add_argument("--input", choices=("jsonl", "warc"), default="jsonl",
                               help="one JSONL file of articles, or WARC files of web pages (default: %(default)s)")
    silver_parser.add_argument("--sentences", default="15-40",
                               help="fewest-most sentences of a JSONL article (default: %(default)s; the seed has 28)")
    silver_parser.add_argument("--engines", default="local", help="comma-separated engines, of local and ray "
                               "(default: %(default)s)")
    silver_parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                               help="tasks at once (default: the machine's cores)")
    silver_parser.add_argument("--tmp", type=Path, default=None, help="folder for the crawls and outputs")
    quotes_parser = commands.add_parser(
        "quotes", parents=[built_corpus], help="quote spans, types, cues and speakers on the invented development articles and the corpus gold",
        description="Predict the quotes of each invented development article and of each annotated corpus document "
                    "(gazetteer of the other documents' gold) and print a Markdown table of exact-span P/R/F1 and of "
                    "type, cue and speaker accuracy on the quotes found, per gold set and per quote pattern.")
    quotes_parser.add_argument("--dev-set", type=Path, default=quotes.DEV_SET,
                               help="folder of development articles, one JSON file each (default: the invented set "
                                    "in tests/fixtures/quotes_dev)")
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
    if arguments.command == "web":
        return web.main()
    if arguments.command == "regional":
        if not arguments.nusax.is_dir():
            print(f"{arguments.nusax}: no such folder; give NusaX-Senti with --nusax", file=sys.stderr)
            return 2
        print(regional.regional_table(arguments.nusax, arguments.split, arguments.seeds, arguments.treebank))
        return 0
    if arguments.command == "export":
        sizes = [float(size) for size in arguments.megabytes.split(",") if size.strip()]
        print(exports.run(arguments.template, sizes, arguments.tmp))
        return 0
    if arguments.command == "silver":
        fewest, _, most = arguments.sentences.partition("-")
        if not (fewest.isdigit() and most.isdigit() and 1 < int(fewest) <= int(most)):
            print(f"--sentences {arguments.sentences!r}: give the fewest and most sentences, e.g. 15-40", file=sys.stderr)
            return 2
        return silver.main([int(n) for n in arguments.documents.split(",") if n.strip()],
                           [e for e in arguments.engines.split(",") if e.strip()], arguments.workers, arguments.tmp,
                           arguments.input, (int(fewest), int(most)))
    if arguments.command == "quotes":
        try:
            print(quotes.main(arguments.corpus, arguments.dev_set))
        except CorpusError as error:
            print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
            return 2
        except ValueError as error:
            print(error, file=sys.stderr)
            return 2
        return 0
    if arguments.command == "picking":
        print(picking.markdown(picking.run(PROJECT, tuple(int(s) for s in arguments.seeds.split(",") if s.strip()),
                                           tuple(int(b) for b in arguments.budgets.split(",") if b.strip()),
                                           dev=arguments.dev)))
        return 0
    if arguments.command == "confidence":
        corpus = arguments.corpus if (arguments.corpus / "documents").is_dir() else None
        if arguments.calibrate:
            calibration.calibrate(PROJECT, confidence.gold_views(corpus))
        print(confidence.markdown(confidence.reliability(PROJECT, corpus),
                                  None if arguments.no_speed else confidence.cost(PROJECT)))
        return 0
    if arguments.command == "learning":
        rows = learning.curve(PROJECT, arguments.epochs, log=lambda line: print(line, file=sys.stderr, flush=True))
        print(learning.markdown(rows, PROJECT, arguments.epochs))
        return 0
    if arguments.command == "linking":
        print(linking.table(*linking.run()))
        if (arguments.corpus / "entities").is_dir():
            found = linking.gold(arguments.corpus)
            print(f"\nGold GPE mentions of {arguments.corpus}: {found.mentions:,}, {found.right:,} right "
                  f"({100 * found.right / max(found.mentions, 1):.2f} %), {found.wrong:,} wrong, {found.unlinked:,} "
                  "unlinked (right when no Kemendagri link is annotated)")
        return 0
    if arguments.command == "long-texts":
        real = predict_speed.articles(corpus_texts(arguments.corpus), [PROJECT / "tests" / "fixtures" / "growth"], 0)
        print(predict_speed.long_text_table(predict_speed.long_texts(real, arguments.characters)))
        return 0
    if arguments.command == "predictions":
        try:
            nergrit = score_nergrit(arguments.nergrit)
            texts = predict_speed.articles(corpus_texts(arguments.corpus), [PROJECT / "tests" / "fixtures" / "growth"])
            pace = predict_speed.lines(predict_speed.startup(), predict_speed.startup(arguments.corpus),
                                       predict_speed.throughput(texts))
            print(markdown(score(arguments.corpus), nergrit, pace))
        except CorpusError as error:
            print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
            return 2
        except (OSError, NergritError) as error:
            print(f"cannot read {arguments.nergrit}: {error}", file=sys.stderr)
            return 2
        return 0
    paths = arguments.conllu or [DEFAULT_CONLLU]
    documents = []
    for path in paths:
        try:
            documents.append((path, build_document(read_conllu(path), arguments.paragraph_size)))
        except (OSError, ConlluError) as error:
            print(f"cannot read the treebank {path}: {error}", file=sys.stderr)
            return 2
    for path, document in documents:
        print(report_header(document, path.name, arguments.paragraph_size), end="\n\n")
        rows = run_benchmark(document, arguments.repeats)
        print(markdown_table(rows), end="\n\n")
        print(lead(rows), end="\n\n")
        print("False / missed boundaries by error class:\n")
        print(error_table(rows), end="\n\n", flush=True)
    factors = [int(factor) for factor in arguments.scales.split(",") if factor.strip()]
    print(f"Throughput of id_pubadmin.split_sentences on {paths[0].name} repeated:\n")
    print(scaling_table(scaling(documents[0][1], factors, arguments.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
