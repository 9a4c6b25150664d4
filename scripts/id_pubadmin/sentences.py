"""Sentence segmentation for Indonesian news text.

Conventions (the dataset card states the same ones):

1. A paragraph break (a blank line) always ends a sentence. A single line break ends one when the
   next line does not continue in lowercase and the line before does not end in ``,``, ``;`` or a
   hyphen, so headlines and list items without final punctuation stand alone.
2. A multi-sentence quotation is split into its sentences: the opening quotation mark belongs to
   the first, the closing mark and the attribution after it (``...,” ungkap Wakabayashi.``) to the
   last. A one-sentence quotation followed by its attribution is one sentence.
3. No boundary after dots inside domains and abbreviations (``SURYA.CO.ID``, ``dll. yang``,
   ``Jl.``, ``No.``, ``H.``, ``Dr.``, ``S.H.``, ``M.Si.``, ``Kab.``, initials), numbers and dates
   (``9/11/2022``, ``1.500``, ``2,5``), nor inside parentheses opened earlier in the sentence.
4. A sentence span excludes surrounding whitespace; sentences never overlap; every non-whitespace
   character of the text lies in exactly one sentence.

A terminator (``.``, ``!``, ``?``, ``…``) with its closing quotes and brackets ends a sentence only
when whitespace follows and the next word does not start in lowercase: Indonesian sentences start
with a capital, a digit or an opening quotation mark, so a lowercase word is a continuation
(``“Siap!” kata Budi``, ``dll. yang``). The decision looks only at the terminator's neighbourhood,
which keeps the work linear in the length of the text.
"""

from __future__ import annotations

import re

from .abbreviations import NON_FINAL

_OPENERS = "\"'“‘«([`¿¡"
_EVENT = re.compile(
    r"(?P<term>[.!?…]+)(?P<close>[\"'”’»)\]]*)(?P<gap>\s+)"
    r"|(?P<newline>\n)(?P<rest>\s*)"
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|[\u2029\x1c\x1d\x1e]")
_WORD_BEFORE = re.compile(r"[^\s\"“”«»(\[`]{1,40}+\Z")
_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_NO_BREAK_AFTER_LINE = ",;-‐‑"
_PAREN_LOOKAHEAD = 200
_NON_SPACE = re.compile(r"\S")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` code-point spans of the sentences of ``text``, in order."""
    cuts: list[int] = []
    start = 0
    depth_scanned = 0
    depth = 0
    for match in _EVENT.finditer(text):
        if match.group("term") is None:
            cut = match.start("newline")
            if _line_break_ends_sentence(text, cut, match.end()):
                cuts.append(cut)
                start, depth_scanned, depth = match.end(), match.end(), 0
            continue
        term_start = match.start("term")
        depth = max(0, depth + text.count("(", depth_scanned, term_start)
                    - text.count(")", depth_scanned, term_start))
        depth_scanned = term_start
        if _terminator_ends_sentence(text, match, depth, start):
            cuts.append(match.end("close"))
            start, depth_scanned, depth = match.end(), match.end(), 0
    cuts.append(len(text))
    return _trimmed_spans(text, cuts)


def _terminator_ends_sentence(text: str, match: re.Match[str], depth: int, start: int) -> bool:
    if _PARAGRAPH_BREAK.search(match.group("gap")):
        return True
    following = _first_word_char(text, match.end())
    if following.islower():
        return False
    if depth and _inside_parentheses(text, match, depth, start):
        return False
    if match.group("term") == "." and _is_abbreviation(_word_before(text, match.start("term"))):
        return False
    return True


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


def _inside_parentheses(text: str, match: re.Match[str], depth: int, start: int) -> bool:
    """A parenthesis opened mid-sentence and closed soon after holds no sentence boundary."""
    first = _NON_SPACE.search(text, start)
    if depth == 1 and first is not None and first.group() == "(":
        return False
    if ")" in match.group("close"):
        return True
    limit = min(len(text), match.end() + _PAREN_LOOKAHEAD)
    closing = text.find(")", match.end(), limit)
    return closing != -1 and "\n" not in text[match.end():closing]


def _word_before(text: str, position: int) -> str:
    found = _WORD_BEFORE.search(text, max(0, position - 40), position)
    return found.group().lstrip("'‘’") if found else ""


def _is_abbreviation(word: str) -> bool:
    if not word:
        return False
    if len(word) == 1:
        return word.isalpha()
    return word.lower() in NON_FINAL or _DOTTED_ABBREVIATION.fullmatch(word) is not None


def _trimmed_spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    previous = 0
    for cut in cuts:
        piece = text[previous:cut]
        stripped = piece.strip()
        if stripped:
            begin = previous + len(piece) - len(piece.lstrip())
            spans.append((begin, begin + len(stripped)))
        previous = cut
    return spans
