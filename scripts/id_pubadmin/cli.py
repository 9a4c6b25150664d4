"""The ``id-pubadmin`` command: thin wrappers over the package's functions.

Each command imports what it uses when it runs (the build pulls in ``pyarrow`` and ``datasets``,
the studio commands the Label Studio SDK), so that ``--help``, ``--version``, ``add-seed`` and the
validation of a seed start at once.
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
from .core.errors import CATALOGUE, CorpusError, Problem, capped
from .core.fields import Rows
from .exports import FORMATS
from .layout import Layout, NoProject, find_root


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _report(problems: list[Problem], output_format: str) -> None:
    problems = capped(problems)
    if output_format == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem)
        for code in dict.fromkeys(p.code for p in problems):
            if code in CATALOGUE:
                print(f"  how to fix [{code}]: {CATALOGUE[code].fix}")


def _bar(args: argparse.Namespace) -> bool:
    """Whether to show progress bars: on a terminal, unless --quiet."""
    return not args.quiet and sys.stderr.isatty()


def run_build(args: argparse.Namespace) -> int:
    from .build import build, summary

    layout = Layout(args.root)
    say = (lambda _: None) if args.quiet else (lambda step: _say(f"[build] {step}"))
    try:
        built = build(layout, args.output, progress=say, jobs=args.jobs, bar=_bar(args), use_cache=not args.no_cache)
    except CorpusError as exc:
        _report(exc.problems, "text")
        _say(f"build failed with {len(exc.problems)} problem(s); nothing was written, the previous corpus is intact")
        return 1
    print(summary(built))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from .validate import validate_project

    try:
        validation = validate_project(Layout(args.root), args.paths, bar=_bar(args))
    except ValueError as exc:
        _say(f"id-pubadmin validate: {exc}")
        return 2
    _report(validation.problems, args.format)
    checked = ", ".join(validation.checked) or "nothing"
    if validation.problems:
        _say(f"{len(validation.problems)} problem(s) found; checked {checked}")
        return 1
    if args.format == "text":
        _say(f"checked {checked}: no problems" + ("; corpus is valid" if any("corpus" in c for c in validation.checked)
                                                 else ""))
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from .release.anchor import choose_anchor
    from .release.history import verify_corpus

    corpus = args.corpus or Layout(args.root).corpus
    try:
        anchor = choose_anchor(corpus, args.releases, args.tag)
    except CorpusError as exc:
        _report(exc.problems, args.format)
        return 1
    _say(f"verifying against {anchor.description}")
    problems = verify_corpus(corpus, anchor.releases, anchor.file, bar=_bar(args))
    _report(problems, args.format)
    if problems:
        _say(f"{len(problems)} problem(s): {corpus} is not the release its MANIFEST.json describes")
        return 1
    if args.format == "text":
        _say(f"every file of {corpus} matches MANIFEST.json, and its content is the released content of its version"
             + ("" if anchor.independent else " as its own release log records it (not independently checked)"))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from .release.diff import diff_corpora, diff_json, diff_text

    try:
        difference = diff_corpora(args.before, args.after)
    except CorpusError as exc:
        _report(exc.problems, args.format)
        return 1
    print(diff_json(difference) if args.format == "json" else diff_text(difference))
    return 0


def run_release(args: argparse.Namespace) -> int:
    from .publish import cut_release

    layout = Layout(args.root)
    try:
        release = cut_release(layout, args.version, args.date, progress=lambda step: _say(f"[release] {step}"))
    except CorpusError as exc:
        _report(exc.problems, "text")
        _say("nothing was released")
        return 1
    print(f"released {release.version} ({release.date}), content sha256 {release.content_sha256}")
    _say(f"recorded in {layout.releases}, version set in pyproject.toml, corpus rebuilt.\n"
         f"Next: complete the CHANGELOG.md section of {release.version} (`id-pubadmin diff OLD NEW` lists every "
         f"change), commit, then tag the commit: git tag -a {release.tag} -m 'id-pubadmin-news {release.version}'")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from .annotations.agreement import agreement, report_text

    paths = args.exports or sorted(Layout(args.root).exports.glob("*.json"))
    try:
        figures = agreement(paths).figures()
    except CorpusError as exc:
        _report(exc.problems, args.format)
        return 1
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.format == "json" else report_text(figures))
    return 0


def run_add_seed(args: argparse.Namespace) -> int:
    from .seeds.adding import add_seeds
    from .seeds.seed_files import metadata_path

    result = add_seeds(args.seeds, args.rights, args.language, args.all_or_nothing)
    for path, reason in result.refused:
        if isinstance(reason, str):
            _say(f"{path}: {reason}")
        else:
            _report(reason, "text")
    for path in result.added:
        _say(f"wrote {metadata_path(path)}")
    refused = f"; {len(result.refused)} refused (fix a copy of each file as said above: a seed is the raw article)" \
        if result.refused else ""
    nothing = " (all or nothing: none added)" if result.refused and args.all_or_nothing else ""
    _say(f"added {len(result.added)} seed(s){refused}{nothing}" + ("; now run `id-pubadmin build`" if result.added else ""))
    return 1 if result.refused else 0


def _read_built(args: argparse.Namespace, with_rows: bool = True) -> Rows | None:
    """The built corpus's rows (none read unless ``with_rows``); None, having said why, when it cannot be read."""
    from .corpus.read import read_corpus

    rows, problems = read_corpus(_corpus(args), with_rows)
    if problems:
        _report(problems, "text")
        _say(f"{_corpus(args)} cannot be read; build it first with `id-pubadmin build`")
        return None
    return rows


def _corpus(args: argparse.Namespace) -> Path:
    return args.corpus or Layout(args.root).corpus


def run_export(args: argparse.Namespace) -> int:
    from .corpus.read import corpus_views
    from .exports import export

    if _read_built(args, with_rows=False) is None:
        return 1
    try:
        for path in export(args.export_format, corpus_views(_corpus(args)), args.out):
            print(path)
    except CorpusError as exc:  # the columns are sound but some rows are not
        _report(exc.problems, "text")
        return 1
    return 0


def run_review(args: argparse.Namespace) -> int:
    from .exports.review import review_html

    rows = _read_built(args)
    if rows is None:
        return 1
    try:
        page = review_html(rows, args.document)
    except KeyError as exc:
        _say(f"id-pubadmin review: {exc.args[0]}")
        return 2
    write_text(args.out, page)
    print(args.out)
    return 0


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

    build_parser = commands.add_parser("build", help="rebuild corpus/ from seeds/ and annotations/",
                                       description="Rebuild the corpus; nothing is written unless every check passes. "
                                                   "Documents are derived in parallel and cached by their inputs.",
                                       parents=[quiet])
    build_parser.add_argument("--output", type=Path, default=None, help="write here instead of ROOT/corpus")
    build_parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                              help="processes deriving documents (default: the machine's cores)")
    build_parser.add_argument("--no-cache", action="store_true",
                              help="derive every document afresh instead of reusing ROOT/.cache/documents")
    build_parser.set_defaults(handler=run_build)

    seed_parser = commands.add_parser(
        "add-seed", help="check new raw articles and write their metadata files",
        description="Parse raw seeds (date field, dateline, text, end mark) and write <stem>.json beside each "
                    "with its document id, outlet, place, month, language, sha256 and rights. A bad file is "
                    "reported with its error and the others are still added; exit 1 if any was refused.")
    seed_parser.add_argument("seeds", nargs="+", type=Path, metavar="SEED",
                             help="raw articles, e.g. seeds/001_<hash>.txt, or folders: their .txt files "
                                  "that have no metadata yet")
    seed_parser.add_argument("--all-or-nothing", action="store_true",
                             help="add none of the seeds if any of them is refused")
    seed_parser.add_argument("--rights", required=True,
                             help="terms under which the text is redistributed, e.g. 'News text by OUTLET, "
                                  "redistributed unchanged for non-commercial research only'")
    seed_parser.add_argument("--language", default="id", help="BCP-47 tag of the article (default: id)")
    seed_parser.set_defaults(handler=run_add_seed)

    validate_parser = commands.add_parser(
        "validate", help="check seeds, exports and the built corpus level by level",
        description="Check seeds, exports and the built corpus, each level (format; offsets and ids; cross "
                    "references; guideline rules) only when the previous passed; exit 1 on any problem. "
                    "Every error id is listed in the README.",
        parents=[report_format, quiet])
    validate_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                                 help="a seed .txt, an export .json or a corpus folder (default: every seed, "
                                      "every export, then ROOT/corpus)")
    validate_parser.set_defaults(handler=run_validate)

    verify_parser = commands.add_parser(
        "verify", help="check every corpus file against MANIFEST.json and the release log",
        description="Check every file of a corpus against its MANIFEST.json (sha256, row count, row checksum) "
                    "and its content against the release recorded for its version in a release log outside the "
                    "copy (--releases, --tag, or the installed package's); say which; exit 1 on any mismatch.",
        parents=[report_format, corpus_option, quiet])
    anchor = verify_parser.add_mutually_exclusive_group()
    anchor.add_argument("--releases", type=Path, default=None,
                        help="release log to check the content against (default: the installed package's, or "
                             "its last commit's when verifying the package's own corpus)")
    anchor.add_argument("--tag", default=None, help="check against the release log at this git tag, e.g. v0.1.0")
    verify_parser.set_defaults(handler=run_verify)

    diff_parser = commands.add_parser(
        "diff", help="list documents, sentences, entities and quotes that differ between two corpora",
        description="Compare two built corpus folders by stable ids: added, removed and changed documents, "
                    "sentences, entity mentions and quotes.",
        parents=[report_format])
    diff_parser.add_argument("before", type=Path, help="the older corpus folder")
    diff_parser.add_argument("after", type=Path, help="the newer corpus folder")
    diff_parser.set_defaults(handler=run_diff, needs_root=False)

    release_parser = commands.add_parser(
        "release", help="record a new release version and rebuild the corpus as that version",
        description="Record what the project builds now as release VERSION (MAJOR for a schema or label-set "
                    "change, MINOR for new documents or annotations, PATCH for corrections), set the version, "
                    "open its CHANGELOG.md section and rebuild the corpus. Released versions are never reused.")
    release_parser.add_argument("version", help="the new version, MAJOR.MINOR.PATCH, greater than the last release")
    release_parser.add_argument("--date", default=datetime.date.today().isoformat(),
                                help="release date, YYYY-MM-DD (default: today)")
    release_parser.set_defaults(handler=run_release)

    agreement_parser = commands.add_parser(
        "agreement", help="inter-annotator agreement of the tasks with two or more annotations",
        description="Compare every pair of submitted annotations of each task: entity exact-span and overlap "
                    "F1 per label, entity-id (coreference) agreement, quote span/type/cue/speaker agreement and "
                    "token-level Cohen's kappa on BIO tags, pooled over all pairs.",
        parents=[report_format])
    agreement_parser.add_argument("exports", nargs="*", type=Path, metavar="EXPORT",
                                  help="Label Studio export .json files (default: ROOT/annotations/exports/*.json)")
    agreement_parser.set_defaults(handler=run_agreement)

    export_parser = commands.add_parser(
        "export", help="write the corpus as CoNLL-U, CoNLL-2003 IOB, spaCy DocBin or brat standoff",
        description="Write the built corpus in another tool's format, derived from its offsets, into OUT/FORMAT/: "
                    "conllu (<split>.conllu), conll2003 (<split>.txt, annotated documents), spacy (<split>.spacy; a split of more "
                    "than 1,000 documents in files of 1,000) or brat (<split>/<document>.txt and .ann, with annotation.conf). The README shows how to "
                    "read each.",
        parents=[corpus_option])
    export_parser.add_argument("export_format", choices=tuple(FORMATS), metavar="FORMAT",
                               help=f"one of: {', '.join(FORMATS)}")
    export_parser.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: ./exports)")
    export_parser.set_defaults(handler=run_export)

    review_parser = commands.add_parser(
        "review", help="write a self-contained HTML page showing the annotations on the text",
        description="Write one HTML page (no script, no network) with entity mentions highlighted by label as "
                    "displaCy does, quotes underlined with their cue and an arrow to their speaker, sentences "
                    "outlined, a legend and per-document counts.",
        parents=[corpus_option])
    review_parser.add_argument("--out", type=Path, default=Path("review.html"),
                               help="the page to write (default: ./review.html)")
    review_parser.add_argument("--document", default=None, help="only this document id (default: every document)")
    review_parser.set_defaults(handler=run_review)

    add_studio_commands(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.root is not None or (getattr(args, "needs_root", True) and getattr(args, "corpus", None) is None):
        try:
            args.root = find_root(args.root or Path.cwd(), explicit=args.root is not None)
        except NoProject as exc:
            _say(f"id-pubadmin {args.command}: {exc}")
            return 2
    try:
        return args.handler(args)
    except OutputRefused as exc:
        _say(f"id-pubadmin {args.command}: {exc}; nothing was written")
        return 2
