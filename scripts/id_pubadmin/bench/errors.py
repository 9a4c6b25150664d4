"""Sentence-boundary errors by kind, so a drop in F1 points at the rule that broke.

A false boundary is a predicted sentence end that the treebank lacks, a missed one a treebank
sentence end that was not predicted; both are scored inside paragraphs only. Each is put in the
first class whose test holds, looking only at the text just before the boundary: no final
punctuation, inside or right after a quotation, inside parentheses, after a company suffix, a
title, a regulation or version number, another abbreviation, a number, or none of these.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..segment.abbreviations import (
    CAPITALISED_TITLES,
    COMPANY_SUFFIXES,
    ENDING,
    NON_FINAL,
    TITLES,
)
from .conllu import Document
from .scoring import sentence_ends

CLASSES: tuple[str, ...] = (
    "no final punctuation", "quotation", "parenthesis", "company suffix", "title",
    "regulation or version number", "abbreviation", "number", "other",
)
_FINAL = re.compile(r"(?P<word>[^\s\"'“”‘’«»(\[]*?)[.!?…]+(?P<close>[\"'”’»)\]]*)\Z")
_REGULATION = re.compile(r"\b(?:No|Nomor)\.?\s+(?:[A-Z0-9]{1,4}\.\s?)*[A-Z0-9]{1,4}\Z")
_CODE_AFTER = re.compile(r"\s+[A-Z0-9]{1,4}(?![^\W_])")
_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
_WINDOW = 300


@dataclass(frozen=True)
class Breakdown:
    """False and missed boundaries of one system, counted by class."""

    false: Counter[str]
    missed: Counter[str]


def classify(text: str, end: int) -> str:
    """The class of a sentence boundary at ``end`` (the sentence's last character is ``end - 1``)."""
    window = text[max(0, end - _WINDOW):end]
    final = _FINAL.search(window)
    if final is None:
        return "no final punctuation"
    before = window[:final.start("close")]
    if final.group("close").strip(")]") or _open_quotation(window):
        return "quotation"
    if before.count("(") > before.count(")"):
        return "parenthesis"
    word = final.group("word").lstrip("'‘’")
    lower = word.lower()
    if lower in COMPANY_SUFFIXES:
        return "company suffix"
    if lower in TITLES or lower in CAPITALISED_TITLES:
        return "title"
    if _VERSION.fullmatch(word) or (_REGULATION.search(window, 0, final.end("word"))
                                    and _CODE_AFTER.match(text, end)):
        return "regulation or version number"
    if word[-1:].isdigit():
        return "number"
    if lower in NON_FINAL or lower in ENDING or "." in word or (len(word) == 1 and word.isalpha()):
        return "abbreviation"
    return "other"


def breakdown(document: Document, spans: Iterable[tuple[int, int]]) -> Breakdown:
    """Count a system's false and missed boundaries inside paragraphs by class."""
    predicted = sentence_ends(document.text, spans) - document.paragraph_ends - {len(document.text)}
    gold = document.boundaries
    return Breakdown(Counter(classify(document.text, end) for end in predicted - gold),
                     Counter(classify(document.text, end) for end in gold - predicted))


def breakdown_table(results: Sequence[tuple[str, Breakdown]]) -> str:
    """Markdown table: one row per system, one column per class that any system gets wrong."""
    used = [name for name in CLASSES
            if any(result.false[name] or result.missed[name] for _, result in results)]
    lines = ["| system | " + " | ".join(used) + " |", "| --- |" + " ---: |" * len(used)]
    for system, result in results:
        cells = [f"{result.false[name]} / {result.missed[name]}" for name in used]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _open_quotation(window: str) -> bool:
    """Whether the text before the boundary (its paragraph, at most the window) leaves a quotation open."""
    paragraph = window[window.rfind("\n\n") + 1:]
    return paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
