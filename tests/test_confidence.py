"""Scores of predictions: beam marginals of the model's spans, the calibration fitted from held-out rows, the table."""

from __future__ import annotations

import json
from pathlib import Path

from id_pubadmin.predictor import calibration, confidence, entity_model
from id_pubadmin.predictor.calibration import Row, fit, reliability
from id_pubadmin.predictor.confidence import Calibration, ModelSpan
from id_pubadmin.predictor.predict import records

TEXTS = ["Menteri Keuangan Sri Mulyani bertemu Gubernur Jawa Barat di Bandung pada hari Senin.",
         "", "Kementerian Dalam Negeri mengirim tim ke Kabupaten Sleman untuk menemui Budi Hartono."]


def test_scoring_leaves_the_models_spans_as_they_were_and_gives_marginals() -> None:
    outputs = list(confidence.model_outputs(TEXTS, batch_size=2))
    assert [[span[:3] for span in output.spans] for output in outputs] == list(entity_model.spans(TEXTS))
    assert all(0.0 <= span.marginal <= 1.0 for output in outputs for span in output.spans)
    assert outputs[1] == ([], 0.0) and all(output.doubt >= 0 for output in outputs)
    assert any(span.marginal > 0.5 for span in outputs[0].spans)


def test_every_predicted_mention_and_quote_has_a_score() -> None:
    text = "Bupati Sukamaju, Rina Lestari, tiba di Jakarta pada Senin (7/11/2022). “Kami siap,” kata Rina."
    entities, quotes = records("d", text, {"Sukamaju": ("GPE", "sukamaju")})
    shipped = confidence.calibration()
    assert entities and quotes and all(0.0 <= r["score"] <= 1.0 for r in entities + quotes)
    assert [q["score"] for q in quotes] == [shipped.quote_score("direct")]
    assert next(e for e in entities if e["label"] == "DATE")["score"] == shipped.rule_score("DATE")


def test_the_shipped_calibration_belongs_to_the_shipped_model() -> None:
    shipped = confidence.calibration()
    assert shipped.model == entity_model.version(), (
        "the model changed without its calibration: run `python -m id_pubadmin.bench confidence --calibrate`")
    assert shipped.weights and shipped.seen and shipped.quotes and "default" in shipped.rules


def rows_where_seen_names_are_right() -> tuple[list[Row], dict[str, set[str]]]:
    seen = {"Jakarta": {"PLACE"}, "Surabaya": {"PLACE"}}
    rows = []
    for index in range(40):
        surface = ("Jakarta", "Surabaya", "Kota Baru", "Sumber Jaya")[index % 4]
        rows.append(Row("model", "GPE", surface in seen or index % 8 == 2, ModelSpan(0, 5, "PLACE", 0.995, ("P",)),
                        surface, index))
    rows += [Row("rule", "DATE", True), Row("rule", "DATE", True), Row("rule", "ROLE", False), Row("quote", "direct", True)]
    return rows, seen


def test_the_calibration_learns_what_makes_a_span_right_and_measures_rules_and_quotes() -> None:
    rows, seen = rows_where_seen_names_are_right()
    made = fit(rows, seen, "m")
    span = ModelSpan(0, 5, "PLACE", 0.995, ("P",))
    assert made.model_score(span, "Jakarta", "GPE") > 0.8 > made.model_score(span, "Kota Baru", "GPE")
    assert made.rules["DATE"] == 0.75 and made.rules["ROLE"] == round(1 / 3, 3) and made.quotes == {"direct": 0.667}
    assert made.rule_score("PRODUCT") == made.rules["default"] == 0.6
    again = Calibration.from_json(json.loads(json.dumps(made.to_json())))
    assert again == made and again.model_score(span, "Surabaya", "LOC") == made.model_score(span, "Surabaya", "LOC")


def test_without_a_calibration_scores_are_the_raw_marginals(tmp_path: Path) -> None:
    bare = confidence.calibration(tmp_path)
    assert bare.model_score(ModelSpan(0, 1, "ORG", 0.4567891), "X", "ORG") == 0.457
    assert bare.rule_score("DATE") == bare.quote_score("direct") == confidence.NEUTRAL


def test_the_reliability_table_counts_every_mention_once_by_band() -> None:
    rows, seen = rows_where_seen_names_are_right()
    mentions = [r for r in rows if r.source != "quote"]
    table = reliability(rows, [0.95, 0.8, 0.6, 0.1] * 11)
    assert sum(band["count"] for band in table) == len(mentions)
    assert [band["low"] for band in table] == list(calibration.BANDS)
    assert table[0]["count"] == 11 and table[0]["precision"] == round(sum(r.right for r in mentions[::4]) / 11, 3)
