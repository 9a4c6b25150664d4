"""Word tokenization for Indonesian news text.

Tokens carry entity and quote spans, so an annotation can start and end only where a token does:
punctuation and quotation marks are tokens of their own and are never glued to a word
(``(MPP)`` is ``(``, ``MPP``, ``)``; an abbreviation's dot is a token after the word).
What stays whole is what a reader sees as one word or one number:

* hyphenated words and reduplications: ``Covid-19``, ``Inovasi-inovasi``, ``J-Clair``, ``ke-5``;
* dotted names and numbers: ``SURYA.CO.ID``, ``1.500``, ``180.254.8.5``;
* digit-joined numbers: ``2,5``, ``9/11/2022``, ``10:30``;
* apostrophes inside words: ``Jum'at``, ``Lloyd's``;
* clitics written together: ``terangnya``, ``bukunya``;
* URLs and e-mail addresses (a hashtag's ``#`` is a token of its own, so ``#Banyuwangi`` can hold an
  entity);
* runs of dots, hyphens, backquotes and ``!``/``?`` (``...``, ``--``, ``?!``).

Any other character that is neither a word character nor whitespace is a token by itself, keeping
its combining marks and emoji modifiers, so every non-whitespace character is in exactly one token.
"""

from __future__ import annotations

import re
import unicodedata


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
    r"(?:https?://|www\.)[^\s<>\"“”'‘’()\[\]]*[^\s<>\"“”'‘’()\[\].,;:!?]"
    r"|\w[\w.+-]{0,63}@\w+(?:[.-]\w+)*\.\w+"
    rf"|{_JOINED_WORD}"
    r"|\.{2,}|-{2,}|`{2,}|'{2,}|[!?]{2,}"
    "|[\U0001F1E6-\U0001F1FF]{2}"  # a flag: two regional indicators
    rf"|[^\w\s](?:\u200d[^\w\s]|{_MARK})*"
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` code-point spans into ``text`` of the tokens in ``text[start:end]``."""
    stop = len(text) if end is None else end
    return [match.span() for match in _TOKEN.finditer(text, start, stop)]
