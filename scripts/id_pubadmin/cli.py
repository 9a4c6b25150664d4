"""The ``id-pubadmin`` command: thin wrappers over the package's functions.

Each command imports what it uses when it runs (the build pulls in ``pyarrow`` and ``datasets``,
the studio commands the Label Studio SDK), so that ``--help``, ``--version``, ``add-seed`` and the
validation of a seed start at once. Commands only call the package and return their exit code;
:func:`main` turns the project's errors into messages and exit codes (:func:`explain`), for every
command alike, so that no project error ends in a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .annotations.studio import add_studio_commands
from .core.atomic import OutputRefused, write_text
from .core.commands import add_command
from .core.errors import CorpusError, Interrupted, StudioError, UsageError
from .core.fields import Rows
from .core.terminal import escape_what_cannot_be_shown, reader_gone, report, say, utf8_output
from .exports import FORMATS
from .layout import Layout, NoProject, find_root
from .seeds.options import add_seed_options
from .silver.commands import add_silver_command


def _bar(args: argparse.Namespace) -> bool:
    """Whether to show progress bars: on a terminal, unless --quiet."""
    return not args.quiet and sys.stderr.isatty()


def run_build(args: argparse.Namespace) -> int:
    from .build import build, summary, summary_json

    step_said = (lambda _: None) if args.quiet else (lambda step: say(f"[build] {step}"))
    built = build(Layout(args.root), args.output, progress=step_said, jobs=args.jobs, bar=_bar(args),
                  use_cache=not args.no_cache, skip_unchanged=not (args.rebuild or args.no_cache))
    if args.format == "json":
        print(json.dumps(summary_json(built), indent=2, ensure_ascii=False))
        return 0
    print(f"{built.folder} is up to date: the code, every input and every output are as the last build left "
          "them (--rebuild builds anyway)" if built.up_to_date else summary(built))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from .validate import validate_project

    validation = validate_project(Layout(args.root), args.paths, bar=_bar(args))
    report(validation.problems, args.format)
    checked = ", ".join(validation.checked) or "nothing"
    if validation.problems:
        say(f"{len(validation.problems)} problem(s) found; checked {checked}")
        return 1
    if args.format == "text":
        say(f"checked {checked}: no problems" + ("; corpus is valid" if any("corpus" in c for c in validation.checked)
                                                 else ""))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from .release.anchor import choose_anchor
    from .release.history import verify_corpus
    from .silver.dataset import is_silver, verify_silver

    corpus = _corpus(args)
    if is_silver(corpus):
        problems = verify_silver(corpus, bar=_bar(args))
        report(problems, args.format)
        if problems:
            say(f"{len(problems)} problem(s): {corpus} is not the silver dataset its MANIFEST.json describes")
            return 1
        say(f"every file of the silver dataset {corpus} matches its MANIFEST.json (silver has no release log)")
        return 0
    anchor = choose_anchor(corpus, args.releases, args.tag)
    say(f"verifying against {anchor.description}")
    problems = verify_corpus(corpus, anchor.releases, anchor.file, bar=_bar(args))
    report(problems, args.format)
    if problems:
        say(f"{len(problems)} problem(s): {corpus} is not the release its MANIFEST.json describes")
        return 1
    if args.format == "text":
        say(f"every file of {corpus} matches MANIFEST.json, and its content is the released content of its version"
             + ("" if anchor.independent else " as its own release log records it (not independently checked)"))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from .release.diff import diff_corpora, diff_json, diff_text

    difference = diff_corpora(_folder(args.before), _folder(args.after))
    print(diff_json(difference, ascii_only=not utf8_output()) if args.format == "json" else diff_text(difference))
    return 0


def run_release(args: argparse.Namespace) -> int:
    from .publish import cut_release

    layout = Layout(args.root)
    release = cut_release(layout, args.version, args.date, progress=lambda step: say(f"[release] {step}"))
    print(f"released {release.version} ({release.date}), content sha256 {release.content_sha256}")
    say(f"recorded in {layout.releases}, version set in pyproject.toml, corpus rebuilt.\n"
         f"Next: complete the CHANGELOG.md section of {release.version} (`id-pubadmin diff OLD NEW` lists every "
         f"change), commit, then tag the commit: git tag -a {release.tag} -m 'id-pubadmin-news {release.version}'")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from .annotations.agreement import agreement, report_text

    paths = args.exports or sorted(Layout(args.root).exports.glob("*.json"))
    figures = agreement(paths).figures()
    print(json.dumps(figures, indent=2, ensure_ascii=not utf8_output()) if args.format == "json"
          else report_text(figures))
    return 0


def run_add_seed(args: argparse.Namespace) -> int:
    from .seeds.adding import add_seeds
    from .seeds.seed_files import metadata_path
    from .seeds.web.intake import add_web_seeds, added_notes, is_web_input, web_usage_problem

    web = [path for path in args.seeds if is_web_input(path)]
    if (problem := web_usage_problem(web, args.url, args.url_pattern, args.published)) is not None:
        raise UsageError(problem)
    result, articles = add_web_seeds(web, Layout(args.root).seeds, args.rights, args.url, args.url_pattern,
                                     args.published, args.min_relevance, args.allow_duplicates, args.all_or_nothing)
    if not (result.refused and args.all_or_nothing):
        text = add_seeds([path for path in args.seeds if not is_web_input(path)], args.rights, args.language,
                         args.all_or_nothing, Layout(args.root).seeds)
        result.added += text.added
        result.refused += text.refused
    for note in added_notes(articles):
        say(note)
    for path, reason in result.refused:
        if isinstance(reason, str):
            say(f"{path}: {reason}")
        else:
            report(reason, "text")
    filed_as = {seed: given for given, seed in result.filed.items()}
    for path in result.added:
        say(f"filed {filed_as[path]} as {path}; wrote {metadata_path(path)}" if path in filed_as
             else f"wrote {metadata_path(path)}")
    refused = f"; {len(result.refused)} refused (fix a copy of each file as said above: a seed is the raw article)" \
        if result.refused else ""
    nothing = " (all or nothing: none added)" if result.refused and args.all_or_nothing else ""
    say(f"added {len(result.added)} seed(s){refused}{nothing}" + ("; now run `id-pubadmin build`" if result.added else ""))
    return 1 if result.refused else 0


def _built_rows(args: argparse.Namespace, with_rows: bool = True) -> Rows:
    """The built corpus's rows (none read unless ``with_rows``); CorpusError when it cannot be read."""
    from .corpus.read import read_corpus
    from .release.manifest import missing_data_files

    rows, problems = read_corpus(_corpus(args), with_rows)
    problems = problems or missing_data_files(_corpus(args))
    if problems:
        raise CorpusError(problems)
    return rows


def _corpus(args: argparse.Namespace) -> Path:
    return _folder(args.corpus) if args.corpus else Layout(args.root).corpus


def _folder(path: Path) -> Path:
    """A corpus folder given on the command line; UsageError when it is no folder at all."""
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder; give a built corpus folder such as corpus/")
    return path


def _project_inputs(args: argparse.Namespace) -> list[Path]:
    """What commands only read: the project's input folders and files (none known without a project)."""
    if args.root is None:
        return []
    layout = Layout(args.root)
    return [*layout.inputs, layout.card, layout.data_licence, layout.root / "pyproject.toml"]


def run_export(args: argparse.Namespace) -> int:
    from .core.outputs import refuse_inputs
    from .corpus.read import corpus_views
    from .exports import export

    refuse_inputs(args.out, _project_inputs(args))
    _built_rows(args, with_rows=False)  # its files and columns first; a bad row stops the export where it is met
    for path in export(args.export_format, corpus_views(_corpus(args)), args.out):
        print(path)
    return 0


def run_review(args: argparse.Namespace) -> int:
    from .core.outputs import check_replaceable
    from .corpus.read import corpus_views
    from .exports.review import is_review_page, review_html

    check_replaceable(args.out, is_review_page, _project_inputs(args))
    _built_rows(args, with_rows=False)  # its files and columns first
    write_text(args.out, review_html(corpus_views(_corpus(args)), args.document))
    print(args.out)
    return 0


def run_predict(args: argparse.Namespace) -> int:
    from .annotations.batch import output_lines, read_inputs
    from .annotations.entity_rules import gazetteer
    from .core.progress import progress_bar

    rows, problems = read_inputs(args.input)
    corpus = None if args.no_gazetteer else args.corpus or _project_corpus(args)
    if corpus is not None and not (corpus / "entities").is_dir():
        raise UsageError(f"{corpus} is not a built corpus (it has no entities/ folder); build it, or leave out --corpus")
    if corpus is not None:
        from .annotations.studio.project import corpus_entities
    known = gazetteer(corpus_entities(corpus)) if corpus is not None else {}
    lines = progress_bar(output_lines(rows, known), len(rows), "predict", "doc", _bar(args))
    write_text(args.out, "".join(f"{line}\n" for line in lines))
    report(problems, "text")
    say(f"{len(rows)} text(s) predicted into {args.out}" + (f"; {len(problems)} bad line(s) left out" if problems else "")
         + (f"; gazetteer from {corpus}" if corpus is not None else "; no gazetteer"))
    return 1 if problems else 0


def _project_corpus(args: argparse.Namespace) -> Path | None:
    """ROOT/corpus when the command runs inside a project with a built corpus."""
    try:
        corpus = Layout(args.root or find_root(Path.cwd(), explicit=False)).corpus
    except NoProject:
        return None
    return corpus if (corpus / "entities").is_dir() else None


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
        say(f"{args.prog}: {error}; nothing was written")
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
        "guideline rules) only when the previous passed; exit 1 on any problem. Every error id is listed in the "
        "README.",
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
        "annotation.conf). The README shows how to read each.", [corpus_option], failure=unreadable)
    export_parser.add_argument("export_format", choices=tuple(FORMATS), metavar="FORMAT",
                               help=f"one of: {', '.join(FORMATS)}")
    export_parser.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: ./exports)")

    review_parser = add_command(
        commands, "review", run_review, "write a self-contained HTML page showing the annotations on the text",
        "Write one HTML page (no script, no network) with entity mentions highlighted by label as displaCy does, "
        "quotes underlined with their cue and an arrow to their speaker, sentences outlined, a legend and "
        "per-document counts.", [corpus_option], failure=unreadable)
    review_parser.add_argument("--out", type=Path, default=Path("review.html"),
                               help="the page to write (default: ./review.html)")
    review_parser.add_argument("--document", default=None, help="only this document id (default: every document)")

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
    predict_parser.set_defaults(needs_root=False)

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
