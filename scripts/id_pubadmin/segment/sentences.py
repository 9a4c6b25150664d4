"""Sentence segmentation for Indonesian news text.

Conventions (the dataset card states the same ones):

1. A paragraph break (a blank line or U+2029) always ends a sentence. A single line break ends one when the
   next line does not continue in lowercase and the line before does not end in ``,``, ``;`` or a
   hyphen, so headlines and list items without final punctuation stand alone.
2. A multi-sentence quotation is split into its sentences: the opening quotation mark belongs to
   the first, the closing mark and the attribution after it (``...,” ungkap Wakabayashi.``) to the
   last. A one-sentence quotation followed by its attribution is one sentence. With
   ``quotations="whole"`` a quotation closed within the paragraph is kept in one sentence instead,
   as news treebanks do.
3. No boundary after dots inside domains and abbreviations (``SURYA.CO.ID``, ``dll. yang``,
   ``Jl.``, ``No.``, ``H.``, ``Dr.``, ``S.H.``, ``M.Si.``, ``Kab.``, ``Ms.``, initials), company
   suffixes followed by more of the sentence (``Tbk. Budi``, ``Co. Ltd.``), regulation, version and
   spaced numbers (``No. XI. B. 02``, ``v9. 1``, ``2.904. 678``), numbers and dates (``9/11/2022``,
   ``1.500``, ``2,5``), nor inside parentheses opened earlier in the sentence.
4. A sentence span excludes surrounding whitespace; sentences never overlap; every non-whitespace
   character of the text lies in exactly one sentence.

A terminator (``.``, ``!``, ``?``, ``…``) with its closing quotes and brackets ends a sentence only
when whitespace follows. Indonesian sentences start with a capital, a digit or an opening
quotation mark, so a lowercase word after a closing quotation mark or an ellipsis continues the
sentence (``“Siap!” kata Budi``, ``menunggu... lalu``), and so does one after the dot of an
abbreviation (``dll. yang``); after any other terminator a lowercase word starts a sentence
written without its capital. The decision looks only at the terminator's neighbourhood, which
keeps the work linear in the length of the text.
"""

from __future__ import annotations

import re
from typing import Literal

from .abbreviations import COMPANY_SUFFIXES, is_abbreviation, may_be_abbreviated
from .spans import spans_between
from .words import SENTENCE_STARTERS

Quotations = Literal["split", "whole"]
QUOTATIONS: tuple[Quotations, ...] = ("split", "whole")

_OPENERS = "\"'“‘«([`¿¡"
# One event per terminator run (with its closing marks and the whitespace after it) and per line
# break; a single leading character class lets the regex engine skip plain text quickly.
_EVENT = re.compile(r"[.!?…\n\u2029](?:(?<=[\n\u2029])\s*|[.!?…]*+(?P<close>[\"'”’»)\]]*+)(?P<gap>\s*))")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\u2029")
_WORD_BEFORE = re.compile(r"[^\s\"“”«»(\[`]{1,40}+\Z")
_NO_BREAK_AFTER_LINE = ",;-‐‑"
_PAREN_LOOKAHEAD = 200
_NON_SPACE = re.compile(r"\S")
_WORD_AFTER = re.compile(r"[\"'“‘«(\[`]{0,4}([^\W\d_]+)")
_REFERENCE_BEFORE = re.compile(r"\b(?:No|Nomor|Nmr)\.?\s+(?:[A-Z0-9]{1,4}\.\s?)*[A-Z0-9]{1,4}\Z")
_REFERENCE_PART = re.compile(r"[A-Z0-9]{1,4}(?![^\W_])")
_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THREE_DIGITS = re.compile(r"\d{3}(?!\d)")
_QUOTE_LOOKAHEAD = 1000
_CLOSING_QUOTE = re.compile("[”\"]")


def split_sentences(text: str, quotations: Quotations = "split") -> list[tuple[int, int]]:
    """Return ``(start, end)`` code-point spans of the sentences of ``text``, in order.

    ``quotations="whole"`` keeps a multi-sentence quotation in one sentence (convention 2).
    """
    if quotations not in QUOTATIONS:
        raise ValueError(f"quotations must be one of {QUOTATIONS}, not {quotations!r}")
    whole = quotations == "whole"
    cuts: list[int] = []
    start = depth_scanned = depth = quote_depth = 0
    for match in _EVENT.finditer(text):
        gap = match.start("gap")
        if gap == match.end():
            continue  # no whitespace follows: a dot inside a number, a domain or a word
        if gap == -1:
            if _line_break_ends_sentence(text, match.start(), match.end()):
                cuts.append(match.start())
                start = depth_scanned = match.end()
                depth = quote_depth = 0
            continue
        term = match.start()
        opened = text.count("(", depth_scanned, term) - text.count(")", depth_scanned, term)
        depth = max(0, depth + opened)
        if whole:
            quote_depth = _quote_depth(text, depth_scanned, term, quote_depth)
        depth_scanned = term
        if whole and _inside_quotation(text, match, quote_depth):
            continue
        if _terminator_ends_sentence(text, match, depth, start):
            cuts.append(gap)
            start = depth_scanned = match.end()
            depth = quote_depth = 0
    cuts.append(len(text))
    return spans_between(text, cuts)


def _quote_depth(text: str, begin: int, end: int, depth: int) -> int:
    """Open double quotations after ``text[begin:end]``, as twice the curly nesting plus the parity
    of straight marks (curly marks nest, straight ones toggle)."""
    curly = max(0, depth // 2 + text.count("“", begin, end) - text.count("”", begin, end))
    straight = (depth + text.count('"', begin, end)) % 2
    return 2 * curly + straight


def _inside_quotation(text: str, match: re.Match[str], depth: int) -> bool:
    """A terminator inside a quotation that closes later in the same paragraph ends no sentence."""
    if _PARAGRAPH_BREAK.search(text, match.start("gap"), match.end()):
        return False
    close = match.group("close")
    if _quote_depth(close, 0, len(close), depth) == 0:
        return False
    limit = min(len(text), match.end() + _QUOTE_LOOKAHEAD)
    closing = _CLOSING_QUOTE.search(text, match.end(), limit)
    return closing is not None and not _PARAGRAPH_BREAK.search(text, match.end(), closing.start())


def _terminator_ends_sentence(text: str, match: re.Match[str], depth: int, start: int) -> bool:
    if _PARAGRAPH_BREAK.search(text, match.start("gap"), match.end()):
        return True
    if depth and _inside_parentheses(text, match, depth, start):
        return False
    term = text[match.start():match.start("close")]
    lowercase_follows = _first_word_char(text, match.end()).islower()
    if lowercase_follows and (match.group("close") or term[0] == "…" or term.startswith("..")):
        return False
    if term != ".":
        return True
    word = _word_before(text, match.start())
    if word.isdigit() and len(word) <= 3 and _sentence_start(text, start) == match.start() - len(word):
        return False  # a list number opening the sentence: "1. Memiliki KTP."
    if word.lower() in COMPANY_SUFFIXES:
        return not lowercase_follows and _word_after(text, match.end()) in SENTENCE_STARTERS
    if _continues_number(text, match, word):
        return False
    return not (may_be_abbreviated(word) if lowercase_follows else is_abbreviation(word))


def _continues_number(text: str, match: re.Match[str], word: str) -> bool:
    """A dot inside a spaced regulation, version or large number: ``No. XI. B. 02``, ``v9. 1``,
    ``2.904. 678``."""
    after = match.end()
    if _VERSION.fullmatch(word):
        return text[after:after + 1].isdigit()
    if _THOUSANDS.fullmatch(word):
        return _THREE_DIGITS.match(text, after) is not None
    return (_REFERENCE_PART.match(text, after) is not None
            and _REFERENCE_BEFORE.search(text, max(0, match.start() - 60), match.start()) is not None)


def _word_after(text: str, position: int) -> str:
    found = _WORD_AFTER.match(text, position)
    return found.group(1).lower() if found else ""


def _line_break_ends_sentence(text: str, newline: int, after: int) -> bool:
    if after >= len(text):
        return False
    if _PARAGRAPH_BREAK.search(text, newline, after):
        return True
    last = newline - 1
    while last >= 0 and text[last].isspace():
        last -= 1
    if last < 0 or text[last] in _NO_BREAK_AFTER_LINE:
        return False
    return not _first_word_char(text, after).islower()


def _first_word_char(text: str, position: int) -> str:
    """The first character of the next word, past up to four opening quotes or brackets."""
    for index in range(position, min(position + 5, len(text))):
        if text[index] not in _OPENERS:
            return text[index]
    return ""


def _sentence_start(text: str, start: int) -> int:
    first = _NON_SPACE.search(text, start)
    return first.start() if first else len(text)


def _inside_parentheses(text: str, match: re.Match[str], depth: int, start: int) -> bool:
    """A parenthesis opened mid-sentence and closed soon after holds no sentence boundary."""
    if depth == 1 and text.startswith("(", _sentence_start(text, start)):
        return False
    if ")" in match.group("close"):
        return True
    limit = min(len(text), match.end() + _PAREN_LOOKAHEAD)
    closing = text.find(")", match.end(), limit)
    return closing != -1 and "\n" not in text[match.end():closing]


def _word_before(text: str, position: int) -> str:
    found = _WORD_BEFORE.search(text, max(0, position - 40), position)
    return found.group().lstrip("'‘’") if found else ""


