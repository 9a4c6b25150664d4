"""Pre-annotation: what the rules, the shipped model and both predict, ids made from the text, no crash, the batch."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from id_pubadmin.predictor.batch import read_inputs
from id_pubadmin.predictor.entity_rules import gazetteer
from id_pubadmin.predictor.predict import MODEL_VERSION, model_mentions, predict_document, predict_documents, records
from id_pubadmin.annotations.studio.project import with_predictions
from id_pubadmin.bench.predictions import markdown, score
from id_pubadmin.cli import main
from test_lsexport import DOCUMENTS

TEXT = ("KABAR.ID, SUKAMAJU - Bupati Sukamaju, Rina Lestari, membuka Mal Pelayanan Publik (MPP) pada Senin "
        "(7/11/2022) bersama Pemkab Sukamaju. “Warga tidak perlu antre lagi,” kata Rina. Kepala Dinas "
        "Kominfo, Budi Santoso mengatakan bahwa layanan itu gratis. “Kami siap,” ujarnya.")
SEED_LIKE = [{"text": "Bupati", "label": "ROLE", "entity_id": "bupati-banyuwangi"},
             {"text": "Widodo", "label": "PERSON", "entity_id": "tri-widodo-wahyu"},
             {"text": "Ipuk Fiestiandani", "label": "PERSON", "entity_id": "ipuk-fiestiandani"},
             {"text": "Mal Pelayanan Publik", "label": "PROGRAM", "entity_id": "mpp"}]


def spans(entities: list[dict]) -> set[tuple[str, str, str]]:
    return {(e["text"], e["label"], e["entity_id"]) for e in entities}


def test_rules_alone_find_titles_names_dates_bodies_and_quotes() -> None:
    entities, quotes = records("kabar-009", TEXT, {}, spans=())
    assert {("KABAR.ID", "ORG", "kabar-id"), ("SUKAMAJU", "GPE", "sukamaju"), ("Bupati", "ROLE", "bupati-sukamaju"),
            ("Rina Lestari", "PERSON", "rina-lestari"), ("Rina", "PERSON", "rina-lestari"),
            ("Senin (7/11/2022)", "DATE", "date-2022-11-07"), ("Pemkab Sukamaju", "ORG", "pemkab-sukamaju"),
            ("Mal Pelayanan Publik", "PROGRAM", "mpp"), ("Kepala", "ROLE", "kepala-dinas-kominfo"),
            ("Budi Santoso", "PERSON", "budi-santoso")} <= spans(entities)
    assert all(e["mention_id"].startswith("kabar-009-p") for e in entities)
    assert [(q["type"], q["text"], q["cue"]["text"], q["speaker_entity_id"]) for q in quotes] == [
        ("direct", "Warga tidak perlu antre lagi", "kata", "rina-lestari"),
        ("indirect", "layanan itu gratis", "mengatakan", "budi-santoso"),
        ("direct", "Kami siap", "ujarnya", "budi-santoso"),
    ]
    assert quotes[0]["speaker"]["text"] == "Rina" and quotes[2]["speaker"] is None


def test_the_shipped_model_finds_people_places_and_bodies_in_new_sentences() -> None:
    text = ("Menteri Keuangan Sri Mulyani bertemu Gubernur Jawa Barat di Bandung pada hari Senin. "
            "Kementerian Dalam Negeri mengirim tim ke Kabupaten Sleman untuk menemui Budi Hartono.")
    found = {(text[e["start"]:e["end"]], e["label"]) for e in predict_document(text)["entities"]}
    assert {("Bandung", "GPE"), ("Kementerian Dalam Negeri", "ORG"), ("Budi Hartono", "PERSON")} <= found
    assert not any(label == "PERSON" and surface.startswith(("Menteri", "Gubernur")) for surface, label in found)


def test_a_new_article_gets_ids_from_its_own_text() -> None:
    text = ("RADAR.ID, SITUBONDO - Bupati Karna Suswandi membuka layanan baru. Joko Widodo hadir. "
            "Bupati lalu berkeliling di Mal Pelayanan Publik.")
    found = predict_document(text, gazetteer(SEED_LIKE))["entities"]
    ids = {(text[e["start"]:e["end"]], e["entity_id"]) for e in found}
    assert ("Bupati", "bupati-situbondo") in ids and ("Joko Widodo", "joko-widodo") in ids
    assert not {"bupati-banyuwangi", "tri-widodo-wahyu", "mpp"} & {e["entity_id"] for e in found}
    assert ("Mal Pelayanan Publik", "mal-pelayanan-publik") in ids
    ipuk = predict_document("Ipuk Fiestiandani hadir.", gazetteer(SEED_LIKE))["entities"]
    assert ipuk[0]["entity_id"] == "ipuk-fiestiandani"  # a full name from the gazetteer keeps its id


def test_datelines_with_brackets_and_metacharacters_do_not_crash() -> None:
    for text in ("Jakarta (ANTARA) - Presiden meresmikan gedung.", "KOTA (X, Y) - (( [*+? \\1 $ ^ ) - a",
                 "SURYA.CO.ID, BANYU(WANGI - Bupati (Ipuk) hadir.", ") , ( - ) - "):
        result = predict_document(text)
        assert all(0 <= e["start"] < e["end"] <= len(text) for e in result["entities"])
    antara = predict_document("Jakarta (ANTARA) - Presiden meresmikan gedung.")["entities"]
    assert [(e["label"], e["entity_id"]) for e in antara[:2]] == [("GPE", "jakarta"), ("ORG", "antara")]


PUNCTUATION = st.text(alphabet=st.sampled_from(list("()[]{}*+?.^$|\\,;:-–—“”\"' \n")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=200), PUNCTUATION,
                 st.lists(st.sampled_from(["Bupati", "Kota", "(", ")", "[", "Jakarta", ",", " - ", "Rina Lestari",
                                           "“", "”", "kata", "bahwa", "*", "\\", "Senin", "(9/11/2022)", " "]),
                          max_size=30).map(" ".join)))
@example("“ ”kata")  # quotation marks around a space: no empty quote
def test_any_text_is_predicted_into_flat_spans_inside_it(text: str) -> None:
    result = predict_document(text, gazetteer(SEED_LIKE))
    entities = sorted((e["start"], e["end"]) for e in result["entities"])
    assert all(0 <= start < end <= len(text) for start, end in entities)
    assert all(a[1] <= b[0] for a, b in zip(entities, entities[1:]))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", e["entity_id"]) for e in result["entities"])
    assert all(0 <= q["start"] < q["end"] <= len(text) for q in result["quotes"])


def test_the_batch_variant_agrees_with_one_document_at_a_time() -> None:
    texts = [TEXT, "", "Presiden Joko Widodo tiba di Surabaya."]
    assert list(predict_documents(iter(texts), batch_size=2)) == [predict_document(t) for t in texts]


def test_predict_writes_good_lines_and_reports_bad_ones(tmp_path: Path, capsys) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "text": "Bupati Rina Lestari tiba di Sukamaju."}\nnot json\n'
                       b'{"id": 7, "text": "x"}\n\n\xff\n{"id": "b", "text": ""}\n')
    out = tmp_path / "out.jsonl"
    assert main(["predict", str(source), "--out", str(out), "--no-gazetteer"]) == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"] and rows[1]["entities"] == rows[1]["quotes"] == []
    assert rows[0]["model_version"] == MODEL_VERSION
    assert {"start", "end", "label", "entity_id", "score"} == set(rows[0]["entities"][0])
    assert all(0.0 <= e["score"] <= 1.0 for e in rows[0]["entities"])
    report = capsys.readouterr().out
    assert "line 2: [predict-line-malformed]" in report and "line 3: [predict-line-fields]" in report
    assert "line 5: [predict-line-malformed]" in report and "line 4" not in report
    assert len(read_inputs(source)[0]) == 2
    assert main(["predict", str(source), "--out", str(tmp_path / "none.jsonl"), "--corpus", str(tmp_path)]) == 2
    assert not (tmp_path / "none.jsonl").exists()


def test_only_tasks_without_annotations_get_predictions() -> None:
    tasks = [{"data": {"text": TEXT, "document_id": "kabar-009"}},
             {"data": {"text": DOCUMENTS["kabar-001"], "document_id": "kabar-001"}, "annotations": [{"result": []}]}]
    predicted, annotated = with_predictions(tasks, [])
    [prediction] = predicted["predictions"]
    assert prediction["model_version"] == MODEL_VERSION
    assert {r["from_name"] for r in prediction["result"] if "from_name" in r} >= {"entity", "entity_id", "quote"}
    assert "annotations" not in predicted and "predictions" not in annotated
    regions = [r for r in prediction["result"] if r.get("type") != "relation"]
    assert all(0.0 <= r["score"] <= 1.0 for r in regions)
    assert prediction["score"] == min(r["score"] for r in regions)


def test_the_benchmark_scores_rules_model_and_both_on_the_corpus(first_seed_corpus: Path) -> None:
    figures = score(first_seed_corpus)
    assert figures["documents"] == 1
    systems = figures["systems"]
    assert set(systems) == {"rules", "model", "combined"}
    assert 0 < systems["combined"]["entities"]["all"]["f1"] <= 100
    assert systems["combined"]["entities"]["DATE"]["recall"] == 100.0
    assert systems["model"]["quotes"]["predicted"] == 0
    assert "| all |" in markdown(figures)


def test_indirect_quotes_without_bahwa_end_with_their_sentence() -> None:
    text = ("Bupati Rina Lestari membuka acara. Akan tetapi, lanjut Rina, layanan offline terus digalakkan. "
            "Menurut Budi Santoso, warga sudah puas. Rina mengamati warga makin sering datang. "
            "Rina memaparkan tantangan daerah.")
    quotes = records("kabar-010", text, {}, spans=())[1]
    assert [(q["text"], q["cue"]["text"], q["speaker_entity_id"]) for q in quotes] == [
        ("layanan offline terus digalakkan", "lanjut", "rina-lestari"),
        ("warga sudah puas", "Menurut", "budi-santoso"),
        ("warga makin sering datang", "mengamati", "rina-lestari"),
    ]


def test_multi_word_product_names_are_products() -> None:
    text = "Warga mendaftar lewat SIPADU Online atau aplikasi PeduliLindungi, juga MPP Digital."
    found = {(text[e["start"]:e["end"]], e["label"]) for e in predict_document(text)["entities"]}
    assert {("SIPADU Online", "PRODUCT"), ("PeduliLindungi", "PRODUCT"), ("MPP Digital", "PRODUCT")} <= found


def test_listed_places_are_gpe_with_their_head_and_no_leading_article() -> None:
    text = "Delegasi dari Kota Fukuoka dan Korea Selatan bertemu The Japan Foundation di Jawa Barat."
    found = {(text[e["start"]:e["end"]], e["label"], e["entity_id"]) for e in predict_document(text)["entities"]}
    assert {("Kota Fukuoka", "GPE", "fukuoka"), ("Korea Selatan", "GPE", "korea-selatan"),
            ("Jawa Barat", "GPE", "jawa-barat")} <= found
    assert not any(surface.startswith("The ") for surface, _, _ in found)


def test_given_names_that_look_like_honorifics_stay_and_initials_keep_their_last_dot() -> None:
    text = "Bapak Sri Mulyani, Ki Hajar Dewantara dan Dr. Budi Santoso menonton Paris Saint-Germain F.C. kemarin."
    spans = [(text.index(surface), text.index(surface) + len(surface), label) for surface, label in [
        ("Bapak Sri Mulyani", "PERSON"), ("Ki Hajar Dewantara", "PERSON"), ("Dr. Budi Santoso", "PERSON"),
        ("Paris Saint-Germain F.C.", "ORG")]]
    found = {(text[m.start:m.end], m.label) for m in model_mentions(text, spans)}
    assert found == {("Sri Mulyani", "PERSON"), ("Ki Hajar Dewantara", "PERSON"), ("Budi Santoso", "PERSON"),
                     ("Paris Saint-Germain F.C.", "ORG")}
    team = "Tim A. menang"
    assert [team[m.start:m.end] for m in model_mentions(team, [(0, 6, "ORG")])] == ["Tim A"]


def test_the_guidelines_and_docs_name_the_model_version_predict_reports() -> None:
    root = Path(__file__).resolve().parent.parent
    pages = [root / "annotations" / "GUIDELINES.md", root / "README.md", root / "DATASET_CARD.md",
             root / "docs" / "pre-annotation.md", root / "docs" / "silver.md"]  # what predictions say they are
    versions = re.compile(r"(?:id-)?pubadmin[-_]ner-[\d.]+\+rules-\d+")  # this form and the earlier one
    named = {(page.name, version) for page in pages for version in versions.findall(page.read_text(encoding="utf-8"))}
    assert ("GUIDELINES.md", MODEL_VERSION) in named
    stale = sorted((page, version) for page, version in named if version != MODEL_VERSION)
    assert stale == [], f"pages name another model than the {MODEL_VERSION} predict reports"
