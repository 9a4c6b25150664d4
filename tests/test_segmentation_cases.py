"""The hand-made development set in tests/data/segmentation/: every case split and tokenized as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from id_pubadmin import split_sentences, tokenize
from id_pubadmin.segment.sentences import QUOTATIONS

DATA = Path(__file__).resolve().parent / "data" / "segmentation"


def rows(name: str) -> list[tuple[int, list[str]]]:
    """Non-comment lines of a TSV file as ``(line number, columns)``, line breaks unescaped."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [(number, line.replace("\\n", "\n").split("\t"))
            for number, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]


def sentence_cases() -> list[object]:
    cases = []
    for number, (kind, mode, *sentences) in rows("sentences.tsv"):
        text = "".join(piece if piece.endswith("\n") else piece + " " for piece in sentences)[:-1]
        expected = [sentence.strip() for sentence in sentences]
        for quotations in QUOTATIONS if mode == "both" else (mode,):
            cases.append(pytest.param(text, quotations, expected, id=f"{kind}-{number}-{quotations}"))
    return cases


def token_cases() -> list[object]:
    return [pytest.param(text, expected.split(" "), id=f"{kind}-{number}")
            for number, (kind, text, expected) in rows("tokens.tsv")]


@pytest.mark.parametrize(("text", "quotations", "expected"), sentence_cases())
def test_sentence_case(text: str, quotations: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in split_sentences(text, quotations)] == expected


@pytest.mark.parametrize(("text", "expected"), token_cases())
def test_token_case(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in tokenize(text)] == expected


def test_every_class_of_the_development_set_has_cases() -> None:
    sentence_classes = {columns[0] for _, columns in rows("sentences.tsv")}
    token_classes = {columns[0] for _, columns in rows("tokens.tsv")}
    assert sentence_classes == {"company-suffix", "regulation-number", "version-number", "number",
                                "honorific", "quotation", "abbreviation", "line"}
    assert token_classes == {"currency", "hyphen-range", "acronym-pair", "reduplication", "clitic",
                             "abbreviation", "whole-word"}
    modes = {columns[1] for _, columns in rows("sentences.tsv")}
    assert modes <= {"both", *QUOTATIONS}


def test_an_unknown_quotation_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="quotations"):
        split_sentences("Ia datang.", "merge")  # type: ignore[arg-type]
