"""Text from outside shown as data: escaping for Markdown and HTML, written once for every page the project makes.

A page's outlet name, a speaker's name from an export, a file name or ``--rights`` from the command
line reach the dataset cards (Markdown, which the Hub renders to HTML) and the review page
(HTML). Shown through these functions, such text is only ever text: no element, link, image or
script can come of it, whatever it holds (``<script>``, ``<img onerror=...>``, a link to
``javascript:``).
"""

from __future__ import annotations

import html
import re

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()!|~])")  # what can start emphasis, code, a link or a cell
_BACKTICKS = re.compile(r"`+")


def html_text(value: object) -> str:
    """``value`` as HTML text or an attribute value (quotes escaped too)."""
    return html.escape(str(value), quote=True)


def markdown_text(value: object) -> str:
    """``value`` as literal inline Markdown: on one line (a table row or list item stays one), every
    character Markdown or HTML gives a meaning to escaped, so it renders as exactly these characters."""
    one_line = " ".join(str(value).split())
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", one_line.replace("&", "&amp;"))
    return escaped.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def markdown_code_block(content: str, info: str = "") -> str:
    """``content`` in a fenced code block whose fence is longer than any run of backticks in it, so nothing in
    it can close the block (inside one, Markdown renders everything as text)."""
    longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{content}\n{fence}"


def markdown_code(value: object) -> str:
    """``value`` as inline code (a file name, an id): a span whose backtick run is longer than any in it."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{ticks}{padded}{ticks}"
