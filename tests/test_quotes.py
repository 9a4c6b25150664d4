"""Quote rules: every pattern of reported speech in Indonesian news, speakers as a reader finds them,
the development set's gold and the ``bench quotes`` report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from id_pubadmin.annotations.export import read_export, tasks_from_records
from id_pubadmin.annotations.studio.project import with_predictions
from id_pubadmin.bench import quotes as bench_quotes
from id_pubadmin.bench.__main__ import main as bench_main
from id_pubadmin.predictor.entity_ids import Mention
from id_pubadmin.predictor.predict import records
from id_pubadmin.predictor.quotes import UNSPOKEN, predict_quotes
from id_pubadmin.segment.sentences import split_sentences
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export, span, write

RINA = {"Rina Lestari": ("PERSON", "rina-lestari"), "Rina": ("PERSON", "rina-lestari")}
BUDI = {"Budi Santoso": ("PERSON", "budi-santoso"), "Budi": ("PERSON", "budi-santoso")}


def mentions(text: str, names: dict[str, tuple[str, str]]) -> list[Mention]:
    """Flat mentions of ``names`` (surface -> label, entity id) wherever they occur, longer names first."""
    found: list[Mention] = []
    for surface in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if all(match.end() <= m.start or m.end <= match.start() for m in found):
                found.append(Mention(match.start(), match.end(), *names[surface]))
    return sorted(found, key=lambda m: m.start)


def quotes(text: str, names: dict[str, tuple[str, str]]) -> list[tuple]:
    """(type, quote, cue, named speaker or None, speaker entity id) of each predicted quote."""
    return [(q["type"], text[q["start"]:q["end"]], text[slice(*q["cue"])],
             None if q["speaker"] is None else text[q["speaker"].start:q["speaker"].end], q["speaker_entity_id"])
            for q in predict_quotes(text, mentions(text, names))]


def test_the_cue_may_stand_before_or_after_the_quote() -> None:
    text = ("Kepala Dinas Kominfo Sukamaju, Budi Santoso, mengatakan, “Layanan dibuka pukul delapan.”\n\n"
            "“Warga tidak perlu antre lagi,” kata Budi.\n\nMenurut Budi: “Petugas siap.”")
    assert quotes(text, BUDI) == [
        ("direct", "Layanan dibuka pukul delapan", "mengatakan", "Budi Santoso", "budi-santoso"),
        ("direct", "Warga tidak perlu antre lagi", "kata", "Budi", "budi-santoso"),
        ("direct", "Petugas siap", "Menurut", "Budi", "budi-santoso"),
    ]


def test_a_quote_may_follow_the_paragraph_whose_attribution_ends_with_a_colon() -> None:
    text = "Rina Lestari dalam sambutannya mengatakan:\n\n“Kami membuka 40 loket baru.”\n\nAcara ditutup."
    assert quotes(text, RINA) == [("direct", "Kami membuka 40 loket baru", "mengatakan", "Rina Lestari", "rina-lestari")]


def test_a_verb_ending_in_nya_is_no_pronoun_and_a_doctor_keeps_her_name() -> None:
    names = {"Sari Wulandari": ("PERSON", "sari-wulandari"), "Sari": ("PERSON", "sari-wulandari")}
    text = ("Menurut Kepala Puskesmas, dr. Sari Wulandari, antrean makin pendek.\n\n"
            "“Kenapa warga harus menunggu lama?” tanya Sari.")
    assert [(q[1], q[2], q[3]) for q in quotes(text, names)] == [
        ("antrean makin pendek", "Menurut", "Sari Wulandari"), ("Kenapa warga harus menunggu lama", "tanya", "Sari")]


def test_a_split_quote_is_two_quotes_of_one_cue_and_speaker() -> None:
    text = "“Pendaftaran dibuka besok,” kata Rina Lestari, “dan ditutup Jumat.” Setelah itu hasilnya diumumkan."
    found = predict_quotes(text, mentions(text, RINA))
    assert [text[q["start"]:q["end"]] for q in found] == ["Pendaftaran dibuka besok", "dan ditutup Jumat"]
    assert found[0]["cue"] == found[1]["cue"] and found[0]["speaker"] == found[1]["speaker"]


def test_a_quote_over_paragraphs_is_one_quote_and_an_unclosed_mark_none() -> None:
    text = "“Kami sudah siap.\n\n“Petugas berjaga 24 jam,” ujar Rina Lestari.\n\n“Tanpa penutup.\n\nKalimat biasa."
    assert quotes(text, RINA) == [
        ("direct", "Kami sudah siap.\n\n“Petugas berjaga 24 jam", "ujar", "Rina Lestari", "rina-lestari")]


def test_menurut_and_inserted_attributions_introduce_indirect_quotes() -> None:
    text = ("Menurut Rina Lestari, warga sudah puas. Menurutnya, antrean makin pendek. "
            "Layanan itu, menurut Rina, akan diperluas. Menurut data dinas, warga bertambah.")
    assert quotes(text, RINA) == [
        ("indirect", "warga sudah puas", "Menurut", "Rina Lestari", "rina-lestari"),
        ("indirect", "antrean makin pendek", "Menurutnya", None, "rina-lestari"),
        ("indirect", "akan diperluas", "menurut", "Rina", "rina-lestari"),
    ]


VERBS = ("mengatakan", "menyatakan", "menjelaskan", "menilai", "menambahkan", "menegaskan", "mengungkapkan",
         "menyebutkan", "mengakui", "meminta", "berharap")


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("joint", [" bahwa ", ", ", " "])
def test_indirect_speech_after_the_common_verbs_with_or_without_bahwa(verb: str, joint: str) -> None:
    text = f"Bupati Sukamaju, Rina Lestari, {verb}{joint}pelayanan harus terus dibenahi. Acara lalu ditutup."
    assert quotes(text, RINA) == [("indirect", "pelayanan harus terus dibenahi", verb, "Rina Lestari", "rina-lestari")]


def test_topics_generic_subjects_and_titles_are_no_quotes() -> None:
    text = ("Rina Lestari menyampaikan hal itu dalam rapat. Rina memaparkan tantangan daerah. "
            "Sejumlah warga menilai layanan sudah baik. Seminar bertajuk “Birokrasi Digital” digelar Senin. "
            "Rina berjanji menambah petugas. Rina menyampaikan temuan itu kepada dinas yang berwenang. "
            "Rina mengaku lega mendengar rencana itu.")
    assert quotes(text, RINA) == []


def test_objects_that_read_as_clauses_are_quotes() -> None:
    text = ("Rina Lestari menyebut capaian itu hasil kerja bersama. Rina mengingatkan masih ada warga yang belum "
            "terdata. Rina menilai penertiban belum maksimal. Rina menyebut warga yang terdampak mencapai 300 orang. "
            "Rina menuturkan minat baca anak-anak sebenarnya tinggi.")
    assert [q[1] for q in quotes(text, RINA)] == [
        "capaian itu hasil kerja bersama", "masih ada warga yang belum terdata", "penertiban belum maksimal",
        "warga yang terdampak mencapai 300 orang", "minat baca anak-anak sebenarnya tinggi"]


def test_quotes_inside_quotes_stay_inside_the_outer_quote() -> None:
    text = ("“Warga bertanya, ‘kapan jalan ini diperbaiki?’ Kami jawab tahun ini,” kata Rina Lestari.\n\n"
            "“Ia bilang “siap” kepada kami,” ujar Rina.")
    assert [q[1] for q in quotes(text, RINA)] == [
        "Warga bertanya, ‘kapan jalan ini diperbaiki?’ Kami jawab tahun ini", "Ia bilang “siap” kepada kami"]


def test_an_organisation_speaks_as_an_organisation() -> None:
    names = {"Pemkab Sukamaju": ("ORG", "pemkab-sukamaju"), "BPBD": ("ORG", "bpbd")}
    text = "“Tarif ditunda,” kata Pemkab Sukamaju dalam keterangan tertulis. BPBD mengimbau warga menjauhi sungai."
    assert quotes(text, names) == [
        ("direct", "Tarif ditunda", "kata", "Pemkab Sukamaju", "pemkab-sukamaju"),
        ("indirect", "warga menjauhi sungai", "mengimbau", "BPBD", "bpbd"),
    ]


def test_the_entity_rules_keep_a_speaking_body_an_org_and_studio_gets_the_relation() -> None:
    text = "SUKAMAJU - “Tarif air ditunda sampai Juli,” kata Pemkab Sukamaju, Kamis."
    entities, [quote] = records("kabar-011", text, {}, spans=())
    speaker = next(e for e in entities if (e["start"], e["end"]) == (quote["speaker"]["start"], quote["speaker"]["end"]))
    assert (speaker["text"], speaker["label"], quote["speaker_entity_id"]) == ("Pemkab Sukamaju", "ORG", "pemkab-sukamaju")
    [task] = with_predictions([{"data": {"text": text, "document_id": "kabar-011"}}], [])
    result = task["predictions"][0]["result"]
    relations = [r for r in result if r.get("type") == "relation" and "speaker" in r.get("labels", [])]
    quote_region = next(r["id"] for r in result if r.get("value", {}).get("labels") == ["QUOTE"]
                        and r["value"]["start"] == quote["start"])
    target = next(r for r in result if r.get("id") == relations[0]["to_id"] and r.get("from_name") == "entity")
    assert relations[0]["from_id"] == quote_region and target["value"]["labels"] == ["ORG"]


def test_an_organisation_speaker_survives_the_export_round_trip(tmp_path: Path) -> None:
    quotes = [{**QUOTES[0], "speaker": span("kabar-001", 0, "KABAR.ID"), "speaker_entity_id": "kabar-id"}]
    annotations = read_export(write(tmp_path, as_export(tasks_from_records(DOCUMENTS, ENTITIES, quotes))), DOCUMENTS)
    assert annotations.quotes == quotes
    role = [{**QUOTES[0], "speaker": span("kabar-001", 21, "Wali Kota")}]
    with pytest.raises(ValueError, match="not a PERSON or ORG mention"):
        tasks_from_records(DOCUMENTS, ENTITIES, role)


def test_pronoun_cues_go_to_the_person_speaking_not_the_last_name() -> None:
    names = {"Sari Wulandari": ("PERSON", "sari-wulandari"), "Sari": ("PERSON", "sari-wulandari"), **BUDI,
             "Ahmad Fauzi": ("PERSON", "ahmad-fauzi")}
    text = ("Kepala Dinas Kesehatan, Sari Wulandari, meninjau puskesmas bersama Budi Santoso.\n\n"
            "“Kami menambah dokter jaga,” ujarnya.\n\n"
            "Ia menambahkan, obat sudah tersedia di semua puskesmas.\n\n"
            "“Stok aman sampai Desember,” kata Sari. Sari juga memuji kerja Budi.\n\n"
            "“Tenaga kesehatan bekerja keras,” tegasnya.\n\n"
            "Acara itu juga dihadiri Camat Sukajaya, Ahmad Fauzi.\n\n"
            "“Kami mendukung penuh,” katanya.\n\n"
            "Hal senada disampaikan Budi Santoso di kantornya. “Obat cukup,” ujarnya.")
    assert [(q[2], q[4]) for q in quotes(text, names)] == [
        ("ujarnya", "sari-wulandari"), ("menambahkan", "sari-wulandari"), ("kata", "sari-wulandari"),
        ("tegasnya", "sari-wulandari"), ("katanya", "ahmad-fauzi"), ("ujarnya", "budi-santoso")]
    assert all(q[3] is None for q in quotes(text, names) if q[2] != "kata")  # a pronoun names nobody: no relation


def test_a_description_after_the_cue_names_nobody_and_an_apposition_names_the_subject() -> None:
    names = {"Hapsah": ("PERSON", "hapsah"), **BUDI}
    text = ("Kepala Dinas Perdagangan, Budi Santoso, mengatakan stok beras cukup.\n\n"
            "Seorang pedagang nasi, Hapsah, menyebut keuntungannya turun hampir separuh.\n\n"
            "“Pelanggan pada kabur,” ungkap ibu dua anak itu.")
    assert [(q[2], q[3], q[4]) for q in quotes(text, names)] == [
        ("mengatakan", "Budi Santoso", "budi-santoso"), ("menyebut", "Hapsah", "hapsah"), ("ungkap", None, "hapsah")]


def test_a_short_name_goes_to_the_full_name_met_earlier() -> None:
    text = "Bupati Sukamaju, Rina Lestari, membuka MPP. “Warga senang,” kata Rina."
    [quote] = records("kabar-012", text, {}, spans=())[1]
    assert (quote["speaker"]["text"], quote["speaker_entity_id"]) == ("Rina", "rina-lestari")


def test_a_short_name_finds_the_full_name_written_after_a_title_without_a_comma() -> None:
    text = ("“Evaluasi tiap tiga bulan,” kata Direktur Jenderal Otonomi Daerah Kemendagri Bahtiar Sutisna di Jakarta. "
            "Bahtiar mengatakan penjabat dilarang membuat kebijakan strategis.")
    quotes = records("kabar-013", text, {}, spans=())[1]
    assert [(q["speaker"]["text"], q["speaker_entity_id"]) for q in quotes] == [
        ("Bahtiar Sutisna", "bahtiar-sutisna"), ("Bahtiar", "bahtiar-sutisna")]


def test_a_police_rank_is_no_part_of_the_speaker_name() -> None:
    text = "Kapolres Kali Jernih, AKBP Rahmat Hidayat, mengatakan para penambang sudah diperingatkan."
    [quote] = records("kabar-014", text, {}, spans=())[1]
    assert (quote["speaker"]["text"], quote["speaker_entity_id"]) == ("Rahmat Hidayat", "rahmat-hidayat")


def test_a_quote_without_a_speaker_is_kept_with_an_empty_one() -> None:
    [quote] = predict_quotes("“Jalan itu rusak parah,” katanya.", [])
    assert (quote["type"], quote["speaker"], quote["speaker_entity_id"], quote["speaker_basis"]) == (
        "direct", None, "", "none")
    [spoken] = records("kabar-015", "“Jalan itu rusak,” kata Rina Lestari.", {}, spans=())[1]
    [unspoken] = records("kabar-016", "“Jalan itu rusak parah,” katanya.", {}, spans=())[1]
    assert spoken["speaker_entity_id"] == "rina-lestari" and unspoken["speaker_entity_id"] == ""
    assert unspoken["score"] == pytest.approx(spoken["score"] * UNSPOKEN) and unspoken["score"] < spoken["score"]


def test_the_development_set_is_gold_written_to_the_guidelines() -> None:
    articles = bench_quotes.read_dev_set(bench_quotes.DEV_SET)
    assert len(articles) >= 15
    for article in articles:
        text = article["text"]
        assert 8 <= len(split_sentences(text)) <= 25, article["document_id"]
        for quote in article["quotes"]:
            where = (article["document_id"], quote["text"][:30])
            assert quote["type"] in ("direct", "indirect") and quote["speaker_entity_id"], where
            assert text[quote["start"]] not in " “\"" and text[quote["end"] - 1] not in " ,.!?", where  # §2
            cue = quote["cue"]
            assert text[cue["start"]:cue["end"]] == cue["text"] and (cue["end"] <= quote["start"]
                                                                    or quote["end"] <= cue["start"]), where
            if quote["speaker"] is not None:
                assert text[quote["speaker"]["start"]:quote["speaker"]["end"]] == quote["speaker"]["text"], where


def test_bench_quotes_scores_the_dev_set_and_the_corpus(first_seed_corpus: Path, tmp_path: Path, capsys) -> None:
    for name in ("dev-01.json", "dev-12.json"):
        shutil.copy(bench_quotes.DEV_SET / name, tmp_path / name)
    assert bench_main(["quotes", "--corpus", str(first_seed_corpus), "--dev-set", str(tmp_path)]) == 0
    report = capsys.readouterr().out
    gold = sum(len(json.loads((tmp_path / n).read_text(encoding="utf-8"))["quotes"]) for n in ("dev-01.json", "dev-12.json"))
    assert f"| development set | {gold} |" in report and "| corpus gold | 9 |" in report
    assert "| direct, over paragraphs |" in report and "| speaker: pronoun / context |" in report
    (tmp_path / "dev-13.json").write_text('{"text": "x", "quotes": [{"start": 0, "end": 1, "text": "y"}]}', encoding="utf-8")
    assert bench_main(["quotes", "--corpus", str(first_seed_corpus), "--dev-set", str(tmp_path)]) == 2
    assert "dev-13.json: not a development article" in capsys.readouterr().err
