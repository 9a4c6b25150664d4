"""Picking what to annotate next: one ranking by uncertainty x relevance x novelty, near-duplicates apart, driven by confidence."""

from __future__ import annotations

import json
from pathlib import Path

from id_pubadmin.annotations.studio.project import with_predictions
from id_pubadmin.predictor import confidence, entity_model
from id_pubadmin.predictor.picking import Candidate, names, rank, text_uncertainties
from id_pubadmin.seeds.web.duplicates import NearDuplicateIndex, minhash

STORY = "Pemerintah Kabupaten Sukamaju membuka mal pelayanan publik baru di pusat kota pada hari Senin pagi ini"
TEXTS = ["Presiden Joko Widodo meresmikan bendungan di Kabupaten Gowa, Sulawesi Selatan.",
         "Harga cabai naik lagi minggu ini.",
         "Kepala Bappeda Ngawonggo, Suryo Wicaksono, bertemu tim Kementerian PANRB dan BSrE di Pendopo Agung.",
         "Rapat koordinasi SPBE digelar Diskominfo bersama DPRD Kabupaten X di Balai Sertifikasi Elektronik."]


def test_candidates_are_ranked_by_uncertainty_times_relevance_with_near_duplicates_apart() -> None:
    candidates = [Candidate("a", 0.5, 1.0), Candidate("b", 2.0, 0.2), Candidate("c", 1.0, 0.5), Candidate("d", 0.9, 1.0),
                  Candidate("e", 0.1, 0.9)]
    assert [(c.key, c.score) for c in rank(candidates, 3)] == [("d", 0.9), ("a", 0.5), ("c", 0.5)]
    texts = {"a": STORY, "b": "lain", "c": "Cerita yang sama sekali berbeda tentang anggaran daerah tahun depan ini",
             "d": STORY + " juga", "e": "x"}
    picked = rank(candidates, 3, lambda keys: {key: texts[key] for key in keys})
    assert [c.key for c in picked] == ["d", "c", "b"]  # a retells d's story: passed over
    gold = NearDuplicateIndex()
    gold.add("seed", minhash(STORY))
    assert [c.key for c in rank(candidates, 2, lambda keys: {k: texts[k] for k in keys}, gold)] == ["c", "b"]


def test_a_name_already_picked_teaches_less_so_new_names_come_first() -> None:
    texts = {"a": "Bupati Sukamaju, Rahmat Hidayat, meresmikan pasar di Desa Tegalrejo bersama warga.",
             "b": "Esok harinya Rahmat Hidayat dari Sukamaju membagikan bibit kepada petani Tegalrejo.",
             "c": "Sekda Ngawonggo, Wulan Sari, membuka rapat anggaran bersama Bappeda setempat.",
             "d": "Harga cabai naik lagi minggu ini."}
    candidates = [Candidate("a", 1.0), Candidate("b", 0.9), Candidate("c", 0.6), Candidate("d", 0.2)]
    assert [c.key for c in rank(candidates, 4)] == ["a", "b", "c", "d"]  # without texts: uncertainty alone
    picked = rank(candidates, 4, lambda keys: {key: texts[key] for key in keys})
    assert [(c.key, c.score) for c in picked] == [("a", 1.0), ("c", 0.6), ("d", 0.2), ("b", 0.0)]
    assert names(texts["b"]) == {"rahmat", "hidayat", "sukamaju", "tegalrejo"}  # "Esok" starts the sentence


def test_the_ranking_follows_the_models_confidence(tmp_path: Path) -> None:
    shipped = text_uncertainties(TEXTS)
    assert all(u >= 0 for u in shipped) and shipped[1] < max(shipped)
    recalibrated = tmp_path / "model"  # the same model, its scores calibrated otherwise
    recalibrated.mkdir()
    for part in entity_model.MODEL_DIR.iterdir():
        if part.name != confidence.CALIBRATION_FILE:
            (recalibrated / part.name).symlink_to(part)
    calibration = json.loads((entity_model.MODEL_DIR / confidence.CALIBRATION_FILE).read_text(encoding="utf-8"))
    calibration["weights"] = [-w for w in calibration["weights"]]  # sure where it was unsure, and back
    (recalibrated / confidence.CALIBRATION_FILE).write_text(json.dumps(calibration), encoding="utf-8")
    changed = text_uncertainties(TEXTS, model_dir=recalibrated)
    order = lambda values: [c.key for c in rank([Candidate(str(i), u) for i, u in enumerate(values)], len(values))]  # noqa: E731
    assert order(changed) != order(shipped)


def test_push_can_order_tasks_by_what_the_predictor_knows_least() -> None:
    tasks = [{"data": {"text": text, "document_id": f"doc-{i}"}} for i, text in enumerate(TEXTS)]
    annotated = {"data": {"text": "Teks.", "document_id": "done"}, "annotations": [{"result": []}]}
    ordered = with_predictions([annotated, *tasks], [], order="uncertain")
    wanted = rank([Candidate(f"doc-{i}", u) for i, u in enumerate(text_uncertainties(TEXTS, [1, 1, 1, 1]))], 4,
                  lambda keys: {key: TEXTS[int(key[4:])] for key in keys})
    assert [t["data"]["document_id"] for t in ordered] == [c.key for c in wanted] + ["done"]
    assert [t["data"]["document_id"] for t in with_predictions([annotated, *tasks], [])] == ["done"] + [
        f"doc-{i}" for i in range(4)]


def test_silver_pick_names_a_folder_made_before_uncertainty_was_stored(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pytest
    from id_pubadmin.core.errors import UsageError
    from id_pubadmin.silver.pick import pick

    (tmp_path / "documents").mkdir()
    pq.write_table(pa.table({"document_id": ["a"], "relevance": [0.5], "url": ["u"], "source_file": ["f"],
                             "source_record": [0], "text": ["t"]}), tmp_path / "documents" / "train.parquet")
    with pytest.raises(UsageError, match="before silver runs stored each document's uncertainty"):
        pick(tmp_path, 3)
