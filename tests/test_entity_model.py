"""The entity model's training data and the shipped pipeline: what it learns from, and that it is the one the config makes."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from id_pubadmin.predictor import entity_model
from id_pubadmin.predictor.nergrit import NergritError, read_sentences
from id_pubadmin.predictor.training import CONFIG, NERGRIT, docbin
from spacy.tokens import DocBin

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


def test_sentences_become_a_docbin_of_their_entities(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    docbin(read_sentences(path), tmp_path / "train.spacy")
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(spacy.blank("id").vocab))
    assert [[(e.text, e.label_) for e in doc.ents] for doc in docs] == [
        [("Joko Widodo", "PERSON"), ("Kota Surakarta", "PLACE")], [("Dinas Kominfo", "ORG")]]


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
    assert entity_model.load().pipe_names == ["lexicon", "tok2vec", "ner"]
    assert set(entity_model.load().get_pipe("ner").labels) == {"PERSON", "ORG", "PLACE"}
    size = sum(path.stat().st_size for path in entity_model.MODEL_DIR.rglob("*") if path.is_file())
    assert size < 17_000_000
