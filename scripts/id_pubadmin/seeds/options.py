"""The ``add-seed`` options (cheap to import: the CLI builds its parser with them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .web.options import add_web_seed_options


def add_seed_options(parser: argparse.ArgumentParser) -> None:
    """Add what ``add-seed`` takes: the articles, the rights, and the options of web inputs."""
    parser.add_argument("seeds", nargs="+", type=Path, metavar="SEED",
                        help="raw articles (any file name, e.g. article.txt, or seeds/001_<hash>.txt), or "
                             "folders: their .txt files that have no metadata yet; or saved web pages and "
                             "web archives")
    parser.add_argument("--all-or-nothing", action="store_true",
                        help="add none of the seeds if any of them is refused")
    parser.add_argument("--rights", required=True,
                        help="terms under which the text is redistributed, e.g. 'News text by OUTLET, "
                             "redistributed unchanged for non-commercial research only'")
    parser.add_argument("--language", default="id", help="BCP-47 tag of a .txt article (default: id)")
    parser.add_argument("--allow-duplicates", action="store_true",
                        help="add near-duplicates of existing seeds (or of an article before them) too, recording "
                             "the seed each copies")
    add_web_seed_options(parser)
