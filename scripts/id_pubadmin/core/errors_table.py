"""The error catalogue's tables (``docs/errors.md``) of the levels of checks and of every error id, generated
from :data:`~id_pubadmin.core.errors.LEVELS` and :data:`~id_pubadmin.core.errors.CATALOGUE`.

``python -m id_pubadmin.core.errors_table`` rewrites the tables between the markers in docs/errors.md;
with ``--check`` it changes nothing and exits 1 when the page's tables are not the generated ones.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .atomic import write_text
from .errors import CATALOGUE, LEVELS, ErrorId

START, END = "<!-- errors:start -->", "<!-- errors:end -->"
CATALOGUE_PAGE = Path(__file__).resolve().parents[3] / "docs" / "errors.md"


def load_catalogue() -> dict[str, ErrorId]:
    """Every error id of the package: each module declares its own when imported (many only lazily)."""
    root = __package__.rpartition(".")[0]
    package = importlib.import_module(root)
    for module in pkgutil.walk_packages(package.__path__, f"{root}."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    return dict(CATALOGUE)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table() -> str:
    """The Markdown tables of the levels, in the order checks run, and of every error id, by level then id."""
    lines = ["| level | what its checks make sure of |", "|---|---|"]
    lines += [f"| {level.number} ({level.name}) | {_cell(level.scope)} |" for level in LEVELS.values()]
    lines += ["", "| error id | level | meaning | how to fix |", "|---|---|---|---|"]
    for error in sorted(load_catalogue().values(), key=lambda e: (e.level, e.code)):
        level = f"{error.level} ({LEVELS[error.level].name})"
        lines.append(f"| `{error.code}` | {level} | {_cell(error.meaning)} | {_cell(error.fix)} |")
    return "\n".join(lines)


def with_table(text: str) -> str:
    """``text`` with the generated table between the markers; ValueError if they are missing."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the page lacks the markers {START} ... {END}")
    return f"{text[:start]}{START}\n{table()}\n{text[end:]}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m id_pubadmin.core.errors_table", description=__doc__)
    parser.add_argument("--page", type=Path, default=CATALOGUE_PAGE, help="the page to update (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the table is stale")
    args = parser.parse_args(argv)
    text = args.page.read_text(encoding="utf-8")
    expected = with_table(text)
    if expected == text:
        return 0
    if args.check:
        print(f"{args.page}: the error table is stale; run python -m id_pubadmin.core.errors_table", file=sys.stderr)
        return 1
    write_text(args.page, expected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
