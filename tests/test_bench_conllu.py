"""The benchmark's CoNLL-U reader, document rebuilding and scoring, on a tiny inline treebank."""

from __future__ import annotations

from pathlib import Path

import pytest
from id_pubadmin.bench.__main__ import main
from id_pubadmin.bench.conllu import ConlluError, build_document, parse_conllu
from id_pubadmin.bench.errors import breakdown, breakdown_table, classify
from id_pubadmin.bench.peers import OURS, Peer, System
from id_pubadmin.bench.scoring import align, score_sentences, sentence_ends, token_f1
from id_pubadmin.bench.segmentation import (
    error_table,
    evaluate,
    lead,
    markdown_table,
    run_benchmark,
)

SAMPLE = """\
# sent_id = s1
# text = Dr. Budi membelinya.
1\tDr.\tDr.\tPROPN\t_\t_\t2\tnsubj\t_\t_
2-3\tmembelinya\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
2\tmembeli\tbeli\tVERB\t_\t_\t0\troot\t_\t_
3\tnya\tdia\tPRON\t_\t_\t2\tobj\t_\t_
3.1\tdia\tdia\tPRON\t_\t_\t_\t_\t2:obj\t_
4\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

# sent_id = s2
# text = Ia pulang.
1\tIa\tia\tPRON\t_\t_\t2\tnsubj\t_\t_
2\tpulang\tpulang\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

# sent_id = s3
# text = Rapat (MPP) selesai.
1\tRapat\trapat\tNOUN\t_\t_\t3\tnsubj\t_\t_
2\t(\t(\tPUNCT\t_\t_\t3\tpunct\t_\tSpaceAfter=No
3\tMPP\tMPP\tPROPN\t_\t_\t1\tappos\t_\tSpaceAfter=No
4\t)\t)\tPUNCT\t_\t_\t3\tpunct\t_\t_
5\tselesai\tselesai\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t5\tpunct\t_\t_
"""


def test_units_keep_surface_tokens_and_skip_words_inside_multiword_tokens() -> None:
    units = parse_conllu(SAMPLE)
    assert [unit.text for unit in units] == ["Dr. Budi membelinya.", "Ia pulang.", "Rapat (MPP) selesai."]
    assert units[0].tokens == ("Dr.", "membelinya", ".")
    assert units[2].tokens == ("Rapat", "(", "MPP", ")", "selesai", ".")


def test_document_joins_sentences_into_paragraphs_and_locates_gold_spans() -> None:
    document = build_document(parse_conllu(SAMPLE), paragraph_size=2)
    assert document.text == "Dr. Budi membelinya. Ia pulang.\n\nRapat (MPP) selesai."
    assert [document.text[start:end] for start, end in document.sentences] == [
        "Dr. Budi membelinya.", "Ia pulang.", "Rapat (MPP) selesai."]
    assert document.paragraph_ends == {31, len(document.text)}
    assert document.boundaries == {20}
    assert [document.text[start:end] for start, end in document.tokens][:4] == [
        "Dr.", "membelinya", ".", "Ia"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("1\tIa\tia\tPRON\t_\t_\t0\troot\t_\t_\n", "no '# text = ' comment"),
        ("# text = Ia.\n1\tIa\tia\n", "has 3 columns"),
    ],
)
def test_malformed_treebanks_are_rejected(source: str, message: str) -> None:
    with pytest.raises(ConlluError, match=message):
        parse_conllu(source)


def test_scores_count_only_boundaries_inside_paragraphs() -> None:
    document = build_document(parse_conllu(SAMPLE), paragraph_size=2)
    perfect = score_sentences(document, document.sentences)
    assert (perfect.precision, perfect.recall, perfect.f1, perfect.exact_sentences) == (1, 1, 1, 1)
    split_after_title = [(0, 3), (4, 20), (21, 31), (33, 53)]
    scores = score_sentences(document, split_after_title)
    assert (scores.precision, scores.recall) == (0.5, 1.0)
    assert scores.f1 == pytest.approx(2 / 3)
    assert scores.exact_sentences == pytest.approx(2 / 3)
    run_over_paragraphs = score_sentences(document, [(0, len(document.text))])
    assert (run_over_paragraphs.recall, run_over_paragraphs.exact_sentences) == (0.0, pytest.approx(1 / 3))


def test_sentence_ends_ignore_trailing_whitespace_and_blank_spans() -> None:
    assert sentence_ends("Satu.  Dua. ", [(0, 7), (7, 12), (11, 12)]) == {5, 11}


def test_token_f1_and_alignment_of_returned_strings() -> None:
    document = build_document(parse_conllu(SAMPLE), paragraph_size=2)
    assert token_f1(document, document.tokens) == 1.0
    assert token_f1(document, []) == 0.0
    assert align("Ia pulang. Ia datang.", ["Ia pulang. ", "\n", "Ia datang."]) == [(0, 10), (11, 21)]


def test_our_segmenter_scores_perfectly_on_the_sample(tmp_path: Path) -> None:
    document = build_document(parse_conllu(SAMPLE), paragraph_size=2)
    row = evaluate(OURS, document, repeats=1)
    assert row.scores is not None and row.scores.f1 == 1.0 and row.token_f1 is not None
    missing = Peer("absent", lambda text: __import__("a_package_that_is_not_installed"))
    rows = run_benchmark(document, repeats=1, peers=(OURS, missing))
    assert rows[1].missing.startswith("not installed")
    table = markdown_table(rows)
    assert "| id_pubadmin (this package) | 100.00 | 100.00 | **100.00** | 100.00 |" in table
    assert "| absent | not installed" in table


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("Daftar peserta", " Budi", "no final punctuation"),
        ("Syarat:", " Budi", "no final punctuation"),
        ("Ia berkata, “Kami siap.", " Semua", "quotation"),
        ("“Kami siap.”", " Ia", "quotation"),
        ("Rapat (kata dia.", " Ia", "parenthesis"),
        ("Saham PT Astra Tbk.", " Budi", "company suffix"),
        ("Ia bertemu Ms.", " Clinton", "title"),
        ("Peraturan Bapepam No. XI.", " B. 02", "regulation or version number"),
        ("Rilis v9.", " 1", "regulation or version number"),
        ("Ia membeli gula, dll.", " Kemudian", "abbreviation"),
        ("Pengikutnya 2.904.", " 678", "number"),
        ("Ia pergi.", " Lalu", "other"),
    ],
)
def test_boundaries_are_classified_by_the_text_before_them(before: str, after: str, kind: str) -> None:
    assert classify(before + after, len(before)) == kind


def test_breakdown_counts_false_and_missed_boundaries_by_class() -> None:
    document = build_document(parse_conllu(SAMPLE), paragraph_size=2)
    result = breakdown(document, [(0, 3), (4, 31), (33, 53)])
    assert result.false == {"title": 1}
    assert result.missed == {"other": 1}
    table = breakdown_table([("ours", result)])
    assert table.splitlines()[0] == "| system | title | other |"
    assert table.splitlines()[2] == "| ours | 1 / 0 | 0 / 1 |"


def test_lead_over_the_best_peer_is_stated_in_points() -> None:
    document = build_document(parse_conllu(SAMPLE), paragraph_size=2)
    one_sentence = Peer("one sentence", lambda text: System(lambda body: [(0, len(body))],
                                                            lambda body, spans: spans))
    rows = run_benchmark(document, repeats=1, peers=(OURS, one_sentence))
    assert lead(rows) == "Lead over the best peer: id_pubadmin (this package): boundary F1 +100.00."
    assert "| one sentence | 0 / 1 |" in error_table(rows)
    assert lead(rows[:1]) == "Lead over the best peer: no peer was scored."


def test_command_line_prints_the_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    treebank = tmp_path / "sample.conllu"
    treebank.write_text(SAMPLE, encoding="utf-8")
    other = tmp_path / "other.conllu"
    other.write_text(SAMPLE.split("\n\n")[1], encoding="utf-8")
    arguments = ["segmentation", "--conllu", str(treebank), "--conllu", str(other),
                 "--repeats", "1", "--scales", "1,2"]
    assert main(arguments) == 0
    output = capsys.readouterr().out
    assert "Text: sample.conllu: 3 sentences in paragraphs of 10" in output
    assert "Text: other.conllu: 1 sentences in paragraphs of 10" in output
    assert output.count("| id_pubadmin (this package) |") == 4
    assert output.count('| id_pubadmin, quotations="whole" |') == 4
    assert output.count("| id_pubadmin, keep_abbreviation_dots |") == 4
    assert output.count("False / missed boundaries by error class:") == 2
    assert "on sample.conllu repeated" in output
    assert "| 2x | 106 |" in output
    assert main(["segmentation", "--conllu", str(tmp_path / "missing.conllu")]) == 2
    with pytest.raises(SystemExit) as help_exit:
        main(["segmentation", "--help"])
    assert help_exit.value.code == 0
