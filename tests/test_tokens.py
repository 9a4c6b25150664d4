"""Tokenization: what stays whole, what is split, and that tokens fit the sentence spans."""

from __future__ import annotations

import pytest
from id_pubadmin import split_sentences, tokenize
from test_sentences import seed_document


def token_texts(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[left:right] for left, right in tokenize(text, start, end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SURYA.CO.ID, BANYUWANGI -", ["SURYA.CO.ID", ",", "BANYUWANGI", "-"]),
        ("Rabu (9/11/2022).", ["Rabu", "(", "9/11/2022", ")", "."]),
        ("Mal Pelayanan Publik (MPP),", ["Mal", "Pelayanan", "Publik", "(", "MPP", ")", ","]),
        ("“Inovasi-inovasi itu,” terangnya.", ["“", "Inovasi-inovasi", "itu", ",", "”", "terangnya", "."]),
        ("(J-Clair Singapore)", ["(", "J-Clair", "Singapore", ")"]),
        ("agenda G20 dan Covid-19", ["agenda", "G20", "dan", "Covid-19"]),
        ("1.500 orang, 2,5 persen", ["1.500", "orang", ",", "2,5", "persen"]),
        ("pukul 10:30 WIB", ["pukul", "10:30", "WIB"]),
        ("ke-5 pada 1960-an", ["ke-5", "pada", "1960-an"]),
        ("Jum'at dan Lloyd's", ["Jum'at", "dan", "Lloyd's"]),
        ("Dr. Soetomo, S.H.", ["Dr", ".", "Soetomo", ",", "S.H", "."]),
        ("dll... lalu--", ["dll", "...", "lalu", "--"]),
        ("Apa?! Ya!!", ["Apa", "?!", "Ya", "!!"]),
        ("lihat https://surya.co.id/berita.", ["lihat", "https://surya.co.id/berita", "."]),
        ("surel humas@banyuwangikab.go.id.", ["surel", "humas@banyuwangikab.go.id", "."]),
        ("#Banyuwangi @pemkab", ["#", "Banyuwangi", "@", "pemkab"]),
        ("dan/atau 3/4", ["dan", "/", "atau", "3/4"]),
        ("Rp5.000 (50%)", ["Rp", "5.000", "(", "50", "%", ")"]),
        ("luas 3,0 km²", ["luas", "3,0", "km²"]),
        ("cafe\u0301 👍🏽 ok", ["cafe\u0301", "👍🏽", "ok"]),
        ("", []),
        (" \n\t", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert token_texts(text) == expected


def test_abbreviation_dots_are_apart_unless_kept() -> None:
    text = "Dr. Budi dari PT ABC Tbk. di Jl. Sudirman No. 5, dll. Ia pulang."
    assert token_texts(text)[:3] == ["Dr", ".", "Budi"]
    kept = [text[left:right] for left, right in tokenize(text, keep_abbreviation_dots=True)]
    assert kept == ["Dr.", "Budi", "dari", "PT", "ABC", "Tbk.", "di", "Jl.", "Sudirman", "No.", "5", ",",
                    "dll.", "Ia", "pulang", "."]


def test_range_limits_tokens_and_offsets_point_into_the_whole_text() -> None:
    text = "Bupati Ipuk hadir. Rapat (MPP) ditutup."
    start = text.index("Rapat")
    spans = tokenize(text, start, len(text) - 1)
    assert [text[left:right] for left, right in spans] == ["Rapat", "(", "MPP", ")", "ditutup"]
    assert spans[0][0] == start


def test_seed_words_that_stay_whole() -> None:
    tokens = set(token_texts(seed_document()))
    for word in ("SURYA.CO.ID", "Covid-19", "Inovasi-inovasi", "J-Clair", "9/11/2022",
                 "10/11/2022", "G20", "terangnya", "program-program", "bersama-sama"):
        assert word in tokens


def test_seed_quotation_marks_and_brackets_are_tokens() -> None:
    text = seed_document()
    tokens = token_texts(text)
    assert tokens.count("“") == text.count("“") and tokens.count("”") == text.count("”")
    assert tokens.count("(") == text.count("(") and tokens.count(")") == text.count(")")


def test_seed_sentences_start_and_end_on_token_boundaries() -> None:
    text = seed_document()
    all_tokens = tokenize(text)
    starts = {left for left, _ in all_tokens}
    ends = {right for _, right in all_tokens}
    for start, end in split_sentences(text):
        assert start in starts and end in ends
        assert tokenize(text, start, end) == [(left, right) for left, right in all_tokens
                                              if start <= left and right <= end]


def test_emoji_sequences_flags_and_soft_hyphens_stay_whole() -> None:
    text = "Tim 👩\u200d💻 bekerja, 👍🏽 untuk 🇮🇩, baru\u00adkata"
    assert [text[s:e] for s, e in tokenize(text)] == [
        "Tim", "👩\u200d💻", "bekerja", ",", "👍🏽", "untuk", "🇮🇩", ",", "baru\u00adkata"]
