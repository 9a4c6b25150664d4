"""The ``id-pubadmin`` command: thin wrappers over the package's functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import Layout, build, summary
from .errors import CorpusError, Problem
from .studio import add_studio_commands
from .validate import validate_corpus


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _report(problems: list[Problem], output_format: str) -> None:
    if output_format == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem)


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
    problems = validate_corpus(Layout(args.root), args.corpus)
    _report(problems, args.format)
    if problems:
        _say(f"{len(problems)} problem(s) found")
        return 1
    if args.format == "text":
        _say("corpus is valid")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="id-pubadmin",
        description="Build, validate and annotate the id-pubadmin-news corpus.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    main_parser.add_argument("--root", type=Path, default=Path.cwd(),
                             help="project folder holding seeds/, annotations/ and corpus/ (default: current folder)")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser("build", help="rebuild corpus/ from seeds/ and annotations/",
                                       description="Rebuild the corpus; nothing is written unless every check passes.")
    build_parser.add_argument("--output", type=Path, default=None, help="write here instead of ROOT/corpus")
    build_parser.set_defaults(handler=run_build)

    validate_parser = commands.add_parser("validate", help="check a built corpus",
                                          description="Check a built corpus level by level; exit 1 on any problem.")
    validate_parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ROOT/corpus)")
    validate_parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    validate_parser.set_defaults(handler=run_validate)

    add_studio_commands(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)
