"""The entity registry (annotations/entities.jsonl): links reach the entity rows, the kb config and every
export, read back by each format's own library; predictions take registry ids."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import conllu
import datasets
import pytest
import spacy
from bratly.io import read_and_load_ann_file
from corpus_fixtures import base_rows, make_project
from id_pubadmin.annotations.registry import load_registry, read_registry
from id_pubadmin.build import build
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.layout import Layout
from id_pubadmin.predictor.predict import records
from spacy.tokens import DocBin

ENTRIES = [
    {"id": "kabar-id", "type": "ORG", "name": "KABAR.ID", "aliases": [], "links": []},
    {"id": "sukamaju", "type": "GPE", "name": "Kecamatan Sukamaju", "aliases": ["Sukamaju", "SUKAMAJU"],
     "links": ["kemendagri:73.22.06"]},
    {"id": "wali-kota-sukamaju", "type": "ROLE", "name": "Wali Kota Sukamaju", "aliases": [], "links": []},
    {"id": "rina-lestari", "type": "PERSON", "name": "Rina Lestari", "aliases": ["Rina"], "links": ["wikidata:Q42"]},
    {"id": "mal-pelayanan-publik", "type": "PROGRAM", "name": "Mal Pelayanan Publik", "aliases": [], "links": []},
    {"id": "senin-7-11-2022", "type": "DATE", "name": "Senin (7/11/2022)", "aliases": [], "links": []},
]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """The mini project with a registry, built."""
    layout = make_project(tmp_path_factory.mktemp("registry") / "project", base_rows())
    (layout.annotations / "entities.jsonl").write_text("".join(json.dumps(e) + "\n" for e in ENTRIES), encoding="utf-8")
    build(layout)
    return layout


def test_entity_rows_and_kb_carry_the_registry_links(linked: Layout, tmp_path: Path) -> None:
    entities = datasets.load_dataset(str(linked.corpus), "entities", split="train", cache_dir=str(tmp_path))
    by_id = {e["id"]: e["links"] for e in ENTRIES}
    assert [row["links"] for row in entities] == [by_id[row["entity_id"]] for row in entities]
    [kb] = datasets.load_dataset(str(linked.corpus), "kb", split="train", cache_dir=str(tmp_path))
    sukamaju = next(e for e in kb["entities"] if e["text"] == ["SUKAMAJU"])
    assert sukamaju["normalized"] == [{"db_name": "kemendagri", "db_id": "73.22.06"},
                                      {"db_name": "id-pubadmin-news", "db_id": "sukamaju"}]
    mentions = {e["id"] for e in kb["entities"]}
    assert {"id": "rina-lestari", "entity_ids": ["m-rina", "m-rina-2"]} in kb["coreferences"]
    assert {r["type"] for r in kb["relations"]} == {"cue", "speaker"}
    assert all(r["arg1_id"] in mentions and r["arg2_id"] in mentions for r in kb["relations"])


def test_links_survive_spacy_brat_and_conllu(linked: Layout, tmp_path: Path) -> None:
    exports = linked.corpus / "exports"
    [doc] = DocBin().from_disk(exports / "spacy" / "train.spacy").get_docs(spacy.blank("xx").vocab)
    assert {(span.text, span.kb_id_) for span in doc.spans["links"]} == {
        ("SUKAMAJU", "kemendagri:73.22.06"), ("Sukamaju", "kemendagri:73.22.06"), ("Rina Lestari", "wikidata:Q42"),
        ("Rina", "wikidata:Q42")}
    with tarfile.open(exports / "brat" / "train.tar") as archive:
        archive.extractall(tmp_path, filter="data")
    [ann] = (tmp_path / "train").glob("*.ann")
    collection = read_and_load_ann_file(str(ann), no_duplicates=False, sorting=False, renumerotize=False)
    references = {(n.component.content, n.external_resource) for n in collection.annotations
                  if type(n).__name__ == "NormalizationAnnotation"}
    assert ("SUKAMAJU", ("kemendagri", "732206")) in references and ("Rina", ("wikidata", "Q42")) in references
    [sentence, *_] = conllu.parse((exports / "conllu" / "train.conllu").read_text(encoding="utf-8"))
    assert {token["form"]: token["misc"].get("Link") for token in sentence}["Sukamaju"] == "kemendagri:73.22.06"


def test_predictions_take_the_registry_ids(linked: Layout) -> None:
    registry = load_registry(linked.annotations)
    text = "KABAR.ID, SUKAMAJU - Wali Kota Rina Lestari meninjau Kabupaten Banyuwangi. “Bagus,” kata Rina Lestari."
    entities, _ = records("new", text, {}, (), registry)
    found = {e["text"]: (e["entity_id"], e["links"]) for e in entities}
    assert found["Rina Lestari"] == ("rina-lestari", ["wikidata:Q42"])
    assert found["Kabupaten Banyuwangi"][1] == ["kemendagri:35.10"]


def test_a_bad_registry_line_is_named_and_nothing_is_built(tmp_path: Path) -> None:
    path = tmp_path / "entities.jsonl"
    path.write_text('{"id": "a", "type": "GPE", "name": "A", "links": ["kemendagri:99.99"]}\n{"id": "a"\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_registry(path)
    assert [(p.code, p.location) for p in caught.value.problems] == [
        ("registry-link-malformed", "line 1"), ("registry-malformed", "line 2")]


def test_a_link_given_in_label_studio_reaches_every_mention_of_its_entity(tmp_path: Path) -> None:
    rows = base_rows()
    [rina] = [row for row in rows["entities"]["train"] if row["mention_id"] == "m-rina"]
    rina["links"] = ["wikidata:Q42"]
    layout = make_project(tmp_path / "project", rows)
    export = (layout.exports / "kabar.json").read_text(encoding="utf-8")
    assert '"entity_link"' in export and "wikidata:Q42" in export  # the field an annotator fills, as pulled
    build(layout)
    entities = datasets.load_dataset(str(layout.corpus), "entities", split="train", cache_dir=str(tmp_path / "hf"))
    assert {(row["mention_id"], tuple(row["links"])) for row in entities if row["entity_id"] == "rina-lestari"} == {
        ("m-rina", ("wikidata:Q42",)), ("m-rina-2", ("wikidata:Q42",))}


def test_the_review_page_shows_the_links_on_hover(linked: Layout) -> None:
    from id_pubadmin.corpus.read import corpus_views
    from id_pubadmin.exports.review import review_html

    page = review_html(corpus_views(linked.corpus))
    assert 'data-links="kemendagri:73.22.06"' in page and "; links kemendagri:73.22.06\"" in page
    assert page.count("data-links=") == sum(1 for e in ENTRIES for _ in e["links"]) * 2  # two mentions each


def test_validate_takes_the_registry_and_checks_it_with_the_exports(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from id_pubadmin.cli import main

    layout = make_project(tmp_path / "project", base_rows())
    registry = layout.annotations / "entities.jsonl"
    registry.write_text("".join(json.dumps(e) + "\n" for e in ENTRIES[1:]), encoding="utf-8")
    assert main(["--root", str(layout.root), "validate", str(registry)]) == 1
    out = capsys.readouterr().out
    assert "registry-id-missing" in out and "'kabar-id'" in out


def test_silver_rows_carry_links_and_registry_ids() -> None:
    from id_pubadmin.predictor.linking import Registry
    from id_pubadmin.silver.annotate import document_rows

    text = "Wali Kota Rina Lestari meninjau Kabupaten Banyuwangi. “Bagus,” kata Rina Lestari."
    rows = document_rows([{"document_id": "silver-1", "text": text}], Registry.of(ENTRIES))
    found = {row["text"]: (row["entity_id"], row["links"]) for row in rows["entities"]}
    assert found["Kabupaten Banyuwangi"][1] == ["kemendagri:35.10"]
    assert found["Rina Lestari"] == ("rina-lestari", ["wikidata:Q42"])


def test_the_linking_bench_scores_gold_mentions_against_their_registry_links(linked: Layout) -> None:
    from id_pubadmin.bench.linking import gold

    found = gold(linked.corpus)  # ``Sukamaju`` is a district's bare name: left unlinked, never guessed
    assert (found.mentions, found.right, found.wrong, found.unlinked) == (2, 0, 0, 2)
