"""The ``id-pubadmin`` command line: its parser, and the one error path of every command.

What each command does is in :mod:`.command_handlers`; the studio and silver commands bring their own
(:mod:`.annotations.studio.commands`, :mod:`.silver.commands`). Building the parser imports nothing
heavy, so that ``--help`` and ``--version`` start at once. :func:`main` turns the project's errors into
messages and exit codes (:func:`explain`), for every command alike, so that no project error ends in
a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import os
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .annotations.studio import add_studio_commands
from .command_handlers import (
    run_add_seed,
    run_agreement,
    run_build,
    run_diff,
    run_export,
    run_predict,
    run_release,
    run_review,
    run_validate,
    run_verify,
)
from .core.atomic import OutputRefused
from .core.commands import add_command
from .core.errors import CATALOGUE, CorpusError, Interrupted, StudioError, UsageError
from .core.terminal import escape_what_cannot_be_shown, reader_gone, report, say
from .exports import FORMATS
from .layout import NoProject, find_root
from .model_commands import add_model_commands
from .seeds.options import add_seed_options
from .silver.commands import add_silver_command


def explain(args: argparse.Namespace, error: Exception) -> int:
    """Say what stopped a command; its exit code: 1 for the data, the studio or the file system, 2 for a usage error.

    Problems of the data are listed with their error ids (as JSON on stdout under ``--format json``)
    and how to fix each, then the command's closing sentence; other errors are one line naming the command.
    """
    if isinstance(error, CorpusError):
        report(error.problems, getattr(args, "format", "text"))
        closing = f"; {args.failure}" if args.failure else ""
        say(f"{args.prog}: failed with {len(error.problems)} problem(s){closing}")
        return 1
    if isinstance(error, OutputRefused):
        say(f"{args.prog}: {error}; nothing was written; {CATALOGUE[error.problem.code].fix}")
        return 2
    say(f"{args.prog}: {error}")
    return 2 if isinstance(error, (NoProject, UsageError)) else 1


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="id-pubadmin",
        description="Build, validate and annotate the id-pubadmin-news corpus.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    main_parser.add_argument("--root", type=Path, default=None,
                             help="project folder holding seeds/, annotations/ and corpus/ (default: the current "
                                  "folder or the nearest folder above it that is a project)")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    report_format = argparse.ArgumentParser(add_help=False)
    report_format.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    corpus_option = argparse.ArgumentParser(add_help=False)
    corpus_option.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ROOT/corpus)")
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("--quiet", "-q", action="store_true",
                       help="no progress bars or step lines (bars are shown only on a terminal anyway)")
    unreadable = "the built corpus cannot be read; build it first with `id-pubadmin build`"

    build_parser = add_command(
        commands, "build", run_build, "rebuild corpus/ from seeds/ and annotations/",
        "Rebuild the corpus; nothing is written unless every check passes. Documents are derived in parallel and "
        "cached by their inputs. Nothing is built when the code, every input and every output are as the last "
        "build left them (recorded in ROOT/.cache/build.lock).",
        [report_format, quiet], failure="nothing was written, the previous corpus is intact")
    build_parser.add_argument("--output", type=Path, default=None, help="write here instead of ROOT/corpus")
    build_parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                              help="processes deriving documents (default: the machine's cores)")
    build_parser.add_argument("--rebuild", action="store_true",
                              help="build even when nothing changed since the last build")
    build_parser.add_argument("--no-cache", action="store_true",
                              help="build, making every document and file afresh instead of reusing ROOT/.cache/")

    seed_parser = add_command(
        commands, "add-seed", run_add_seed, "check new raw articles and write their metadata files",
        "Parse raw seeds (date field, dateline, text, end mark) and write <stem>.json beside each with its document "
        "id, outlet, place, month, language, sha256 and rights. An article given from outside ROOT/seeds/ (any "
        "file name) is filed there as NNN_<hash>.txt: the next number, and the first 16 hex digits of the sha256 "
        "of its bytes. Saved web pages (.html) and web archives (.warc, .warc.gz) become new seeds in ROOT/seeds: "
        "their article text is extracted, checked to be Indonesian, about public administration and no copy of a "
        "seed, and written with the page's metadata. A bad file or record is reported with its error and the "
        "others are still added; exit 1 if any was refused.")
    add_seed_options(seed_parser)

    validate_parser = add_command(
        commands, "validate", run_validate, "check seeds, exports and the built corpus level by level",
        "Check seeds, exports and the built corpus, each level (format; offsets and ids; cross references; "
        "guideline rules) only when the previous passed; exit 1 on any problem. Every error id is listed in "
        "docs/errors.md.",
        [report_format, quiet])
    validate_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                                 help="a seed .txt, an export .json or a corpus folder (default: every seed, "
                                      "every export, then ROOT/corpus)")

    verify_parser = add_command(
        commands, "verify", run_verify, "check every corpus file against MANIFEST.json and the release log",
        "Check every file of a corpus against its MANIFEST.json (sha256, row count, row checksum) and its content "
        "against the release recorded for its version in a release log outside the copy (--releases, --tag, or "
        "the installed package's); say which; exit 1 on any mismatch.",
        [report_format, corpus_option, quiet], failure="nothing was verified")
    anchor = verify_parser.add_mutually_exclusive_group()
    anchor.add_argument("--releases", type=Path, default=None,
                        help="release log to check the content against (default: the installed package's, or "
                             "its last commit's when verifying the package's own corpus)")
    anchor.add_argument("--tag", default=None, help="check against the release log at this git tag, e.g. v0.1.0")

    diff_parser = add_command(
        commands, "diff", run_diff, "list documents, sentences, entities and quotes that differ between two corpora",
        "Compare two built corpus folders by stable ids: added, removed and changed documents, sentences, entity "
        "mentions and quotes.", [report_format])
    diff_parser.add_argument("before", type=Path, help="the older corpus folder")
    diff_parser.add_argument("after", type=Path, help="the newer corpus folder")
    diff_parser.set_defaults(needs_root=False)

    release_parser = add_command(
        commands, "release", run_release, "record a new release version and rebuild the corpus as that version",
        "Record what the project builds now as release VERSION (MAJOR for a schema or label-set change, MINOR for "
        "new documents or annotations, PATCH for corrections), set the version, open its CHANGELOG.md section and "
        "rebuild the corpus. Released versions are never reused.", failure="nothing was released")
    release_parser.add_argument("version", help="the new version, MAJOR.MINOR.PATCH, greater than the last release")
    release_parser.add_argument("--date", default=datetime.date.today().isoformat(),
                                help="release date, YYYY-MM-DD (default: today)")

    agreement_parser = add_command(
        commands, "agreement", run_agreement, "inter-annotator agreement of the tasks with two or more annotations",
        "Compare every pair of submitted annotations of each task: entity exact-span and overlap F1 per label, "
        "entity-id (coreference) agreement, quote span/type/cue/speaker agreement and token-level Cohen's kappa on "
        "BIO tags, pooled over all pairs.", [report_format])
    agreement_parser.add_argument("exports", nargs="*", type=Path, metavar="EXPORT",
                                  help="Label Studio export .json files (default: ROOT/annotations/exports/*.json)")

    export_parser = add_command(
        commands, "export", run_export, "write the corpus as CoNLL-U, CoNLL-2003 IOB, spaCy DocBin or brat standoff",
        "Write the built corpus in another tool's format, derived from its offsets, into OUT/FORMAT/: conllu "
        "(<split>.conllu), conll2003 (<split>.txt, annotated documents), spacy (<split>.spacy; a split of more than "
        "500 documents in files of 500) or brat (<split>.tar holding <split>/<document>.txt and .ann, beside "
        "annotation.conf). docs/exports.md shows how to read each.", [corpus_option], failure=unreadable)
    export_parser.add_argument("export_format", choices=tuple(FORMATS), metavar="FORMAT",
                               help=f"one of: {', '.join(FORMATS)}")
    export_parser.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: ./exports)")

    review_parser = add_command(
        commands, "review", run_review, "write a self-contained HTML page showing the annotations on the text",
        "Write one HTML page (no script, no network) with entity mentions highlighted by label as displaCy does, "
        "quotes underlined with their cue and an arrow to their speaker, sentences outlined, a legend and "
        "per-document counts. A document not annotated yet shows the predictor's mentions and quotes, marked "
        "as predictions.", [corpus_option], failure=unreadable)
    review_parser.add_argument("--out", type=Path, default=Path("review.html"),
                               help="the page to write (default: ./review.html)")
    review_parser.add_argument("--document", default=None, help="only this document id (default: every document)")
    review_parser.add_argument("--no-predictions", action="store_true",
                               help="show a document not annotated yet bare, without the predictor's mentions and quotes")

    predict_parser = add_command(
        commands, "predict", run_predict, "pre-annotate a JSONL batch of texts with the entity model and the rules",
        "Read IN (one JSON object a line: {\"id\": ..., \"text\": ...}) and write OUT, one line per good input "
        "line: {\"id\", \"model_version\", \"entities\": [{\"start\", \"end\", \"label\", \"entity_id\"}], "
        "\"quotes\": [{\"start\", \"end\", \"type\", \"cue\": {\"start\", \"end\"}, \"speaker_entity_id\"}]} with "
        "code-point offsets into text. The predictor is the one `studio push` attaches. A bad line is reported "
        "with its line number and error id and left out, the others are still predicted; exit 1 if any was bad.",
        [quiet])
    predict_parser.add_argument("input", type=Path, metavar="IN", help="JSONL file of {\"id\", \"text\"} lines")
    predict_parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    predict_parser.add_argument("--corpus", type=Path, default=None,
                                help="built corpus whose gold mentions make the gazetteer (default: ROOT/corpus "
                                     "when there is one)")
    predict_parser.add_argument("--no-gazetteer", action="store_true", help="the model and rules alone")
    predict_parser.add_argument("--model", type=Path, default=None,
                                help="entity model folder (default: the project's [tool.id-pubadmin] model in "
                                     "pyproject.toml, else the shipped model); named in every line's model_version")
    predict_parser.set_defaults(needs_root=False)

    add_model_commands(commands, quiet)
    add_studio_commands(commands)
    add_silver_command(commands, quiet)
    return main_parser


# What commands raise when the data, the studio, the file system or the command's arguments are at fault.
PROJECT_ERRORS = (CorpusError, StudioError, OSError, OutputRefused, NoProject, UsageError, Interrupted)


def main(argv: Sequence[str] | None = None) -> int:
    escape_what_cannot_be_shown()
    try:
        return _run(argv)
    except BrokenPipeError:
        return reader_gone()


def _run(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.root is not None or (getattr(args, "needs_root", True) and getattr(args, "corpus", None) is None):
            args.root = find_root(args.root or Path.cwd(), explicit=args.root is not None)
        return args.handler(args)
    except BrokenPipeError:
        raise
    except PROJECT_ERRORS as error:
        return explain(args, error)
