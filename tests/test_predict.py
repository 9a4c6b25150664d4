"""Pre-annotation: what the rules predict on a small article, and that predictions stay predictions."""

from __future__ import annotations

from pathlib import Path

from id_pubadmin.annotations.predict import MODEL_VERSION, gazetteer, records
from id_pubadmin.annotations.studio.project import with_predictions
from id_pubadmin.bench.predictions import markdown, score
from test_lsexport import DOCUMENTS

TEXT = ("KABAR.ID, SUKAMAJU - Bupati Sukamaju, Rina Lestari, membuka Mal Pelayanan Publik (MPP) pada Senin "
        "(7/11/2022) bersama Pemkab Sukamaju. “Warga tidak perlu antre lagi,” kata Rina. Kepala Dinas "
        "Kominfo, Budi Santoso mengatakan bahwa layanan itu gratis. “Kami siap,” ujarnya.")


def spans(entities: list[dict]) -> set[tuple[str, str, str]]:
    return {(e["text"], e["label"], e["entity_id"]) for e in entities}


def test_rules_find_titles_names_dates_bodies_and_quotes() -> None:
    entities, quotes = records("kabar-009", TEXT, {})
    assert {("KABAR.ID", "ORG", "kabar-id"), ("SUKAMAJU", "GPE", "sukamaju"), ("Bupati", "ROLE", "bupati"),
            ("Rina Lestari", "PERSON", "rina-lestari"), ("Rina", "PERSON", "rina-lestari"),
            ("Senin (7/11/2022)", "DATE", "senin-7-11-2022"), ("Pemkab Sukamaju", "ORG", "pemkab-sukamaju"),
            ("Budi Santoso", "PERSON", "budi-santoso")} <= spans(entities)
    assert all(e["mention_id"].startswith("kabar-009-p") for e in entities)
    assert [(q["type"], q["text"], q["cue"]["text"], q["speaker_entity_id"]) for q in quotes] == [
        ("direct", "Warga tidak perlu antre lagi", "kata", "rina-lestari"),
        ("indirect", "layanan itu gratis", "mengatakan", "budi-santoso"),
        ("direct", "Kami siap", "ujarnya", "budi-santoso"),
    ]
    assert quotes[0]["speaker"]["text"] == "Rina" and quotes[2]["speaker"] is None


def test_the_gazetteer_labels_known_surface_forms() -> None:
    known = gazetteer([{"text": "Mal Pelayanan Publik", "label": "PROGRAM", "entity_id": "mpp"}] * 2
                      + [{"text": "Mal Pelayanan Publik", "label": "FAC", "entity_id": "mal"}])
    entities, _ = records("kabar-009", TEXT, known)
    assert {("Mal Pelayanan Publik", "PROGRAM", "mpp"), ("MPP", "PROGRAM", "mpp")} <= spans(entities)


def test_only_tasks_without_annotations_get_predictions() -> None:
    tasks = [{"data": {"text": TEXT, "document_id": "kabar-009"}},
             {"data": {"text": DOCUMENTS["kabar-001"], "document_id": "kabar-001"}, "annotations": [{"result": []}]}]
    predicted, annotated = with_predictions(tasks, [])
    [prediction] = predicted["predictions"]
    assert prediction["model_version"] == MODEL_VERSION
    assert {r["from_name"] for r in prediction["result"] if "from_name" in r} >= {"entity", "entity_id", "quote"}
    assert "annotations" not in predicted and "predictions" not in annotated


def test_the_benchmark_scores_the_seed_with_an_empty_gazetteer(first_seed_corpus: Path) -> None:
    figures = score(first_seed_corpus)
    assert figures["documents"] == 1
    assert 0 < figures["entities"]["all"]["f1"] <= 100
    assert figures["entities"]["DATE"]["recall"] == 100.0
    assert figures["quotes"]["cue_accuracy"] is not None
    assert "| all |" in markdown(figures)
