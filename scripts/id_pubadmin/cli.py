"""The ``id-pubadmin`` command: thin wrappers over the package's functions."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .annotations.studio import add_studio_commands
from .build import build, summary
from .core.atomic import OutputRefused
from .core.errors import CATALOGUE, CorpusError, Problem, capped
from .layout import Layout, NoProject, find_root
from .release.diff import diff_corpora, diff_json, diff_text
from .release.anchor import choose_anchor
from .release.history import verify_corpus
from .release.publish import cut_release
from .seeds import seed_files
from .validate import validate_project


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


def run_build(args: argparse.Namespace) -> int:
    layout = Layout(args.root)
    try:
        derived = build(layout, args.output, progress=lambda step: _say(f"[build] {step}"))
    except CorpusError as exc:
        _report(exc.problems, "text")
        _say(f"build failed with {len(exc.problems)} problem(s); nothing was written, the previous corpus is intact")
        return 1
    print(summary(derived))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    try:
        validation = validate_project(Layout(args.root), args.paths)
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
    corpus = args.corpus or Layout(args.root).corpus
    try:
        anchor = choose_anchor(corpus, args.releases, args.tag)
    except CorpusError as exc:
        _report(exc.problems, args.format)
        return 1
    _say(f"verifying against {anchor.description}")
    problems = verify_corpus(corpus, anchor.releases, anchor.file)
    _report(problems, args.format)
    if problems:
        _say(f"{len(problems)} problem(s): {corpus} is not the release its MANIFEST.json describes")
        return 1
    if args.format == "text":
        _say(f"every file of {corpus} matches MANIFEST.json, and its content is the released content of its version"
             + ("" if anchor.independent else " as its own release log records it (not independently checked)"))
    return 0


def run_diff(args: argparse.Namespace) -> int:
    try:
        difference = diff_corpora(args.before, args.after)
    except CorpusError as exc:
        _report(exc.problems, args.format)
        return 1
    print(diff_json(difference) if args.format == "json" else diff_text(difference))
    return 0


def run_release(args: argparse.Namespace) -> int:
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


def run_add_seed(args: argparse.Namespace) -> int:
    try:
        path = seed_files.write_metadata(args.seed, args.rights, args.language)
    except CorpusError as exc:
        _report(exc.problems, "text")
        _say("the seed was not added; fix the file as said above (it is the raw article, so fix a copy)")
        return 1
    except FileExistsError as exc:
        _say(f"{exc}: a seed's metadata is written once; delete it first if the seed is new")
        return 1
    print(path.read_text(encoding="utf-8"), end="")
    _say(f"wrote {path}; now run `id-pubadmin build`")
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

    build_parser = commands.add_parser("build", help="rebuild corpus/ from seeds/ and annotations/",
                                       description="Rebuild the corpus; nothing is written unless every check passes.")
    build_parser.add_argument("--output", type=Path, default=None, help="write here instead of ROOT/corpus")
    build_parser.set_defaults(handler=run_build)

    seed_parser = commands.add_parser(
        "add-seed", help="check a new raw article and write its metadata file",
        description="Parse a raw seed (date field, dateline, text, end mark) and write <stem>.json beside it "
                    "with its document id, outlet, place, month, language, sha256 and rights.")
    seed_parser.add_argument("seed", type=Path, help="the raw article, e.g. seeds/001_<hash>.txt")
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
        parents=[report_format])
    validate_parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                                 help="a seed .txt, an export .json or a corpus folder (default: every seed, "
                                      "every export, then ROOT/corpus)")
    validate_parser.set_defaults(handler=run_validate)

    verify_parser = commands.add_parser(
        "verify", help="check every corpus file against MANIFEST.json and the release log",
        description="Check every file of a corpus against its MANIFEST.json (sha256, row count, row checksum) "
                    "and its content against the release recorded for its version in a release log outside the "
                    "copy (--releases, --tag, or the installed package's); say which; exit 1 on any mismatch.",
        parents=[report_format])
    verify_parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ROOT/corpus)")
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
