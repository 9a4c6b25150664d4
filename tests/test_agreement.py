"""Inter-annotator agreement: figures computed by hand on two annotations that differ."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from id_pubadmin.annotations.agreement import (
    agreement,
    card_line,
    cohen_kappa,
    report_text,
)
from id_pubadmin.annotations.export import tasks_from_records
from id_pubadmin.annotations.tasks import read_tasks
from id_pubadmin.cli import main
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export, write

KABAR = {"kabar-001": DOCUMENTS["kabar-001"]}
WITHOUT_DATE = [e for e in ENTITIES[:8] if e["mention_id"] != "m-senin"]


def two_annotators(tmp_path: Path, second_entities: list[dict]) -> Path:
    """kabar-001 annotated by rina (the records as they are) and by budi (``second_entities``)."""
    [task] = as_export(tasks_from_records(KABAR, ENTITIES[:8], QUOTES))
    [other] = tasks_from_records(KABAR, second_entities, QUOTES)
    task["annotations"][0]["completed_by"] = {"email": "rina@example.org"}
    task["annotations"].append({**task["annotations"][0], "id": 202, "completed_by": {"email": "budi@example.org"},
                                "result": other["annotations"][0]["result"]})
    return write(tmp_path, [task])


def test_figures_of_two_annotations_that_differ(tmp_path: Path) -> None:
    budi = [e for e in ENTITIES[:8] if e["mention_id"] != "m-senin"]  # budi misses the date
    budi = [{**e, "label": "ORG"} if e["mention_id"] == "m-mpp" else e for e in budi]  # and labels MPP an ORG
    figures = agreement([two_annotators(tmp_path, budi)]).figures()

    assert figures["pairs"] == 1
    assert figures["tasks"][0]["annotations"] == [{"id": "101", "annotator": "rina@example.org"},
                                                  {"id": "202", "annotator": "budi@example.org"}]
    entities = figures["entities"]
    assert entities["exact_f1"] == round(12 / 15, 4)  # 6 matched on each side of 8 + 7 mentions
    assert entities["overlap_f1"] == round(12 / 15, 4)
    assert entities["per_label"]["ORG"] == {"exact_f1": round(2 / 3, 4), "overlap_f1": round(2 / 3, 4), "mentions": 3}
    assert entities["per_label"]["DATE"]["exact_f1"] == 0.0
    assert entities["per_label"]["PERSON"]["exact_f1"] == 1.0
    assert figures["entity_ids"] == {"link_f1": 1.0, "same_id": 1.0, "shared_mentions": 7}
    assert figures["quotes"] == {"span_f1": 1.0, "type": 1.0, "cue": 1.0, "speaker": 1.0, "shared_quotes": 1}
    assert 0 < figures["bio_kappa"] < 1
    assert "entities: exact-span F1 0.800" in report_text(figures)
    assert "exact-span F1 0.800" in card_line(figures)


def test_one_region_more_changes_the_figures(tmp_path: Path) -> None:
    same = agreement([two_annotators(tmp_path, ENTITIES[:8])]).figures()
    assert (same["entities"]["exact_f1"], same["bio_kappa"]) == (1.0, 1.0)
    shorter = [{**e, "end": e["end"] - 9, "text": e["text"][:-9]} if e["mention_id"] == "m-rina" else e
               for e in ENTITIES[:8]]  # "Rina" instead of "Rina Lestari"
    changed = agreement([two_annotators(tmp_path, shorter)]).figures()
    assert changed["entities"]["exact_f1"] == round(14 / 16, 4)
    assert changed["entities"]["overlap_f1"] == 1.0
    assert changed["bio_kappa"] < 1.0


def test_coreference_disagreement_lowers_link_f1(tmp_path: Path) -> None:
    split = [{**e, "entity_id": "rina"} if e["mention_id"] == "m-rina-2" else e for e in ENTITIES[:8]]
    ids = agreement([two_annotators(tmp_path, split)]).figures()["entity_ids"]
    # rina links the two Rina mentions and the two Sukamaju mentions; budi only the Sukamaju ones
    assert ids["link_f1"] == round(2 / 3, 4)
    assert ids["same_id"] == round(7 / 8, 4)


def test_cohen_kappa_by_hand() -> None:
    assert cohen_kappa([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]) == 0.5
    assert cohen_kappa([("O", "O")]) == 1.0
    assert cohen_kappa([]) is None


def test_a_single_annotator_is_said_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES)))
    figures = agreement([path]).figures()
    assert figures["tasks"] == [] and figures["bio_kappa"] is None
    assert "Inter-annotator agreement: single annotator" in card_line(figures)
    assert main(["agreement", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"] == 0
    assert main(["agreement", str(path)]) == 0
    assert capsys.readouterr().out.startswith("single annotator")


def test_the_adjudicator_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = two_annotators(tmp_path, WITHOUT_DATE)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[0]["annotations"][1].update(ground_truth=True, adjudicated_by={"email": "lead-01@id-pubadmin-news.invalid"},
                                      adjudicated_at="2026-03-01T08:00:00Z")
    path.write_text(json.dumps(tasks), encoding="utf-8")
    figures = agreement([path]).figures()
    assert (figures["tasks"][0]["adjudicated_by"], figures["tasks"][0]["adjudicated_at"]) == (
        "lead-01@id-pubadmin-news.invalid", "2026-03-01T08:00:00Z")
    assert (figures["gold_annotators"], figures["adjudicated_tasks"]) == ({"budi@example.org": 1}, 1)
    assert "adjudicated by lead-01@id-pubadmin-news.invalid at 2026-03-01T08:00:00Z" in report_text(figures)
    budi = f"unnamed-{hashlib.sha256(b'budi@example.org').hexdigest()[:8]}"  # an address not named as §6.2 says
    assert card_line(figures).startswith(f"Gold annotations by {budi}: 1 task(s)")
    assert "1 task(s) adjudicated (by lead-01: 1)" in card_line(figures) and "budi@" not in card_line(figures)


def test_a_thousand_annotations_of_one_task_are_compared_in_linear_time_and_said_so(tmp_path: Path) -> None:
    path = two_annotators(tmp_path, WITHOUT_DATE)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    first, second = tasks[0]["annotations"]
    tasks[0]["annotations"] = [{**(first if n % 2 else second), "id": n, "completed_by": {"email": f"a{n}@example.org"}}
                               for n in range(1, 1001)]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    figures = agreement([path]).figures()
    [task] = figures["tasks"]
    assert (task["pairs_compared"], task["pairs_in_all"], figures["pairs"]) == (1000, 499_500, 1000)
    assert figures["entities"]["exact_f1"] == round(14 / 15, 4)  # every pair of the ring is an odd and an even one
    assert "sampled: 1,000 of 499,500 pairs compared" in report_text(figures)


def test_every_committed_annotation_names_its_annotator() -> None:
    """The gold's provenance: no annotation of the committed exports is by "unknown"."""
    exports = sorted((Path(__file__).resolve().parent.parent / "annotations" / "exports").glob("*.json"))
    annotators = [t.annotator for path in exports for t in read_tasks(path, every_annotation=True)
                  if t.annotation_id is not None]
    assert "unknown" not in annotators and all("@" in who for who in annotators)
