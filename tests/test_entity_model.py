"""The entity model's training data and the shipped pipeline: what it learns from, and that it is the one the config makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from id_pubadmin.annotations import entity_model
from id_pubadmin.annotations.nergrit import NergritError, read_sentences
from id_pubadmin.annotations.training import CONFIG, NERGRIT, docbin, swapped

SAMPLE = "Presiden\tO\nJoko\tB-PERSON\nWidodo\tI-PERSON\ndi\tO\nKota\tB-PLACE\nSurakarta\tI-PLACE\n.\tO\n\n" \
         "Dinas\tB-ORGANISATION\nKominfo\tI-ORGANISATION\nbuka\tO\n\n"


def test_nergrit_sentences_become_text_and_code_point_spans(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    first, second = read_sentences(path)
    assert first.text == "Presiden Joko Widodo di Kota Surakarta ."
    assert [(first.text[s:e], label) for s, e, label in first.entities] == [("Joko Widodo", "PERSON"),
                                                                            ("Kota Surakarta", "PLACE")]
    assert [(second.text[s:e], label) for s, e, label in second.entities] == [("Dinas Kominfo", "ORG")]
    path.write_text("Joko\tB-PERS\n", encoding="utf-8")
    with pytest.raises(NergritError, match="sample.txt:1"):
        read_sentences(path)


def test_mention_swapping_keeps_labels_and_is_seeded(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE * 3, encoding="utf-8")
    sentences = read_sentences(path)
    variants = swapped(sentences, 2, seed=3)
    assert len(variants) == 2 * len(sentences) and variants == swapped(sentences, 2, seed=3)
    for variant in variants:
        assert variant.text == " ".join(variant.words)
        assert all(variant.text[s:e] in {"Joko Widodo", "Kota Surakarta", "Dinas Kominfo"} for s, e, _ in variant.entities)
    docbin(variants, tmp_path / "train.spacy")
    assert (tmp_path / "train.spacy").stat().st_size > 0


def test_the_repository_holds_the_training_data_and_its_licence(root: Path) -> None:
    assert len(read_sentences(root / NERGRIT / "train.txt")) == 1672
    assert len(read_sentences(root / NERGRIT / "valid.txt")) == 209
    assert "Apache License" in (root / NERGRIT / "LICENSE-IndoNLU.txt").read_text(encoding="utf-8")


def test_the_shipped_model_is_the_one_the_config_trains(root: Path) -> None:
    """A config changed without retraining (``make model``) leaves a stale model: the shipped config must match."""
    shipped = (entity_model.MODEL_DIR / "config.cfg").read_text(encoding="utf-8")
    wanted = (root / CONFIG).read_text(encoding="utf-8")
    settings = [line for line in wanted.splitlines() if " = " in line and not line.startswith(("train =", "dev ="))]
    assert [line for line in settings if line not in shipped.splitlines()] == []
    assert entity_model.load().pipe_names == ["tok2vec", "ner"]
    assert set(entity_model.load().get_pipe("ner").labels) == {"PERSON", "ORG", "PLACE"}
    size = sum(path.stat().st_size for path in entity_model.MODEL_DIR.rglob("*") if path.is_file())
    assert size < 15_000_000
