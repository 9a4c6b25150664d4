"""Word tokenization for Indonesian news text, following UD Indonesian where the corpus allows.

Tokens carry entity and quote spans, so an annotation can start and end only where a token does:
punctuation and quotation marks are tokens of their own and are never glued to a word
(``(MPP)`` is ``(``, ``MPP``, ``)``). An abbreviation's dot is a token after the word (``Dr``,
``.``), as in UD Indonesian GSD: entity spans end on a word character, and ``PT Bank Mandiri Tbk``
must be able to end before the dot. What stays whole is what a reader sees as one word or number:

* hyphenated words and reduplications: ``Covid-19``, ``Inovasi-inovasi``, ``J-Clair``, ``ke-5``;
* dotted names and numbers: ``SURYA.CO.ID``, ``1.500``, ``180.254.8.5``;
* digit-joined numbers: ``2,5``, ``9/11/2022``, ``10:30``;
* apostrophes inside words: ``Jum'at``, ``Lloyd's``;
* clitics written together: ``terangnya``, ``bukunya``;
* URLs and e-mail addresses (a hashtag's ``#`` is a token of its own, so ``#Banyuwangi`` can hold an
  entity);
* runs of dots, hyphens, backquotes and ``!``/``?`` (``...``, ``--``, ``?!``).

As in the UD Indonesian treebanks, a currency prefix glued to its amount is a token of its own
(``Rp``, ``9.000``; ``US$``, ``5``), and a hyphen is split off where it joins two words rather than
making one: ranges of years, months or days (``2006``, ``-``, ``2007``; ``Januari``, ``-``,
``Oktober``) and an acronym after a name (``Bapepam``, ``-``, ``LK``); a clitic after a hyphenated
acronym is a token with its hyphen (``PPh``, ``-nya``). Unlike the news treebanks, and like UD
Indonesian GSD, an abbreviation's dot stays a token of its own (``keep_abbreviation_dots`` attaches
it instead).

Any other character that is neither a word character nor whitespace is a token by itself, keeping
its combining marks and emoji modifiers, so every non-whitespace character is in exactly one token.
"""

from __future__ import annotations

import re
import unicodedata

from .abbreviations import COMPANY_SUFFIXES, may_be_abbreviated
from .words import CLITICS, RANGE_WORDS


def _combining_class() -> str:
    """Character-class body for combining marks, soft hyphens, joiners, variation selectors and skin tones."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    ranges += [[0xAD, 0xAD], [0x200C, 0x200D], [0x1F3FB, 0x1F3FF], [0xE0020, 0xE007F], [0xE0100, 0xE01EF]]
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


_MARK = f"[{_combining_class()}]"
_WORD = rf"(?:\w|{_MARK})+"
_JOINED_WORD = rf"{_WORD}(?:(?:[-‐‑.]|['’](?=[^\W\d_])|(?<=\d)[,/:](?=\d)){_WORD})*"
_TOKEN = re.compile(
    r"(?<!\w)(?:Rp|RM|US\$|[ACS]\$|AU\$|HK\$|NZ\$)(?=\.?\d)"
    r"|(?:https?://|www\.)[^\s<>\"“”'‘’()\[\]]*[^\s<>\"“”'‘’()\[\].,;:!?]"
    r"|\w[\w.+-]{0,63}@\w+(?:[.-]\w+)*\.\w+"
    rf"|{_JOINED_WORD}"
    r"|\.{2,}|-{2,}|`{2,}|'{2,}|[!?]{2,}"
    "|[\U0001F1E6-\U0001F1FF]{2}"  # a flag: two regional indicators
    rf"|[^\w\s](?:\u200d[^\w\s]|{_MARK})*"
)


_HYPHEN = re.compile("[-‐‑]")
_YEAR = re.compile(r"\d{4}")
_NAME = re.compile(r"[A-Z][a-z]{2,}")
_ACRONYM = re.compile(r"[A-Z]{2,}")
_MIXED_ACRONYM = re.compile(r"[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*")


def tokenize(text: str, start: int = 0, end: int | None = None,
             keep_abbreviation_dots: bool = False) -> list[tuple[int, int]]:
    """Return ``(start, end)`` code-point spans into ``text`` of the tokens in ``text[start:end]``.

    ``keep_abbreviation_dots`` attaches the dot to a known abbreviation (``Dr.``, ``No.``,
    ``Tbk.``), as UD Indonesian news treebanks do; the corpus keeps it apart (see above).
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text, start, stop):
        left, right = match.span()
        if right - left > 2 and _HYPHEN.search(text, left + 1, right - 1):
            spans.extend(_split_at_hyphens(text, left, right))
        elif (keep_abbreviation_dots and text[left] == "." and right - left == 1 and spans
              and spans[-1][1] == left and _abbreviation(text[slice(*spans[-1])])):
            spans[-1] = (spans[-1][0], right)
        else:
            spans.append((left, right))
    return spans


def _abbreviation(word: str) -> bool:
    return may_be_abbreviated(word) or word.lower() in COMPANY_SUFFIXES


def _split_at_hyphens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a hyphenated word where its hyphen joins a range, an acronym pair or a clitic."""
    hyphens = [found.start() for found in _HYPHEN.finditer(text, start, end)]
    bounds = [start - 1, *hyphens, end]
    cuts: list[int] = []
    for index, hyphen in enumerate(hyphens):
        left, right = text[bounds[index] + 1:hyphen], text[hyphen + 1:bounds[index + 2]]
        if _is_range(left, right) or (_NAME.fullmatch(left) and _ACRONYM.fullmatch(right)):
            cuts += [hyphen, hyphen + 1]
        elif right in CLITICS and _MIXED_ACRONYM.fullmatch(left):
            cuts.append(hyphen)
    points = [start, *cuts, end]
    return [(a, b) for a, b in zip(points, points[1:]) if a < b]


def _is_range(left: str, right: str) -> bool:
    if _YEAR.fullmatch(left) and _YEAR.fullmatch(right):
        return True
    return left.lower() in RANGE_WORDS and right.lower() in RANGE_WORDS
