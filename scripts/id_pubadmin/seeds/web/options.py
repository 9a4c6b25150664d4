"""The ``add-seed`` options for web pages and web archives (cheap to import: the CLI builds its parser with them)."""

from __future__ import annotations

import argparse

from .relevance import DEFAULT_MIN_RELEVANCE


def add_web_seed_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that only web inputs take."""
    web = parser.add_argument_group("web pages and web archives")
    web.add_argument("--url", default=None,
                     help="address of the one saved page given (default: the address the page names for itself)")
    web.add_argument("--url-pattern", default=None, metavar="REGEX",
                     help="only the archive records whose URL this regular expression finds something in")
    web.add_argument("--published", default=None, metavar="YYYY-MM",
                     help="month printed on an article whose page states no publication date")
    web.add_argument("--min-relevance", type=float, default=DEFAULT_MIN_RELEVANCE, metavar="SCORE",
                     help="refuse articles whose public-administration relevance score is below this "
                          "(0 to 1; default: %(default)s)")
