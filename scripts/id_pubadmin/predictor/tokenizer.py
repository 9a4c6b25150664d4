"""The entity model's tokenizer: spaCy's Indonesian one, with its hyphenated words looked up in a set.

spaCy's Indonesian tokenizer keeps some 15,600 hyphenated words whole (``anak-anak``,
``Berketap-Ketip``) as special cases, and building those special cases costs about 2.5 CPU-seconds
each time a pipeline is made and again when its saved tokenizer is read: most of ``predict``'s
start-up. Here those words are a ``token_match`` on a set of the same words, which splits text into
the same tokens (a special case of one token whose text is the word does exactly what a token match
does) and costs nothing to build; the other special cases (abbreviations such as ``dr.``, ``dkk.``)
stay special cases. The set is code, not data: saving the tokenizer leaves it out and reading it
back puts it back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

NAME = "id_pubadmin.Tokenizer.v1"
HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


@lru_cache(maxsize=1)
def _exceptions() -> tuple[frozenset[str], dict[str, Any]]:
    from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    words = frozenset(text for text in TOKENIZER_EXCEPTIONS if HYPHENATED.fullmatch(text))
    return words, {text: value for text, value in TOKENIZER_EXCEPTIONS.items() if text not in words}


def is_hyphenated_word(text: str) -> bool:
    """Whether ``text`` is one of spaCy's Indonesian hyphenated words (the tokenizer's ``token_match``)."""
    return text in _exceptions()[0]


def _tokenizer_class() -> type:
    from spacy.tokenizer import Tokenizer

    class HyphenWordTokenizer(Tokenizer):
        """spaCy's tokenizer whose ``token_match`` (a set lookup, no regex) is not serialized but restored."""

        def to_bytes(self, *, exclude: Any = tuple()) -> bytes:
            match, self.token_match = self.token_match, None
            try:
                return super().to_bytes(exclude=exclude)
            finally:
                self.token_match = match

        def from_bytes(self, bytes_data: bytes, *, exclude: Any = tuple()) -> Any:
            super().from_bytes(bytes_data, exclude=exclude)
            self.token_match = is_hyphenated_word
            return self

    return HyphenWordTokenizer


def make_tokenizer(nlp: Any) -> Any:
    """spaCy's Indonesian tokenizer with the hyphenated words as a set lookup."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = nlp.Defaults
    return _tokenizer_class()(
        nlp.vocab, rules=_exceptions()[1],
        prefix_search=compile_prefix_regex(defaults.prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer,
        token_match=is_hyphenated_word, url_match=defaults.url_match)


def register() -> None:
    """Make the tokenizer known to spaCy (before a pipeline using it is loaded or trained)."""
    from spacy.util import registry

    if NAME not in registry.tokenizers:
        registry.tokenizers.register(NAME, func=lambda: make_tokenizer)
