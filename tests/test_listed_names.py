"""Rules from the error list of unseen news: listed organisations and figures, titles, runs of two names, buildings,
document acronyms and capitalised common words. Given the model's spans, so no model runs."""

from __future__ import annotations

from id_pubadmin.predictor import lexicon
from id_pubadmin.predictor.listed_names import NOT_ORGANISATIONS, PROGRAMMES, figures, organisations
from id_pubadmin.predictor.predict import model_mentions, records


def shown(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What the rules make of the model's spans, given as (surface, label)."""
    found = [(text.index(surface), text.index(surface) + len(surface), label) for surface, label in spans]
    return [(text[m.start:m.end], m.label) for m in model_mentions(text, found)]


def test_titles_are_cut_off_a_person_and_a_bare_title_is_no_person() -> None:
    text = "Menteri Keuangan Sri Mulyani dan Wakil Presiden Gibran hadir, juga Gubernur itu."
    assert shown(text, [("Menteri Keuangan Sri Mulyani", "PERSON"), ("Wakil Presiden Gibran", "PERSON"),
                        ("Gubernur", "PERSON")]) == [("Sri Mulyani", "PERSON"), ("Gibran", "PERSON")]


def test_listed_names_take_their_label_and_document_acronyms_are_dropped() -> None:
    text = "Menurut Kompas, dana APBD untuk kertas HVS naik; Jokowi diam."
    assert shown(text, [("Kompas", "PERSON"), ("APBD", "ORG"), ("HVS", "ORG"), ("Jokowi", "PLACE")]) == [
        ("Kompas", "ORG"), ("Jokowi", "PERSON")]


def test_a_party_run_into_a_name_is_split_and_a_body_with_its_region_is_not() -> None:
    text = "Ketua Umum PDIP Megawati Soekarnoputri datang; KPK RI dan BPBD Jawa Timur siaga."
    assert shown(text, [("PDIP Megawati Soekarnoputri", "ORG"), ("KPK RI", "ORG"), ("BPBD Jawa Timur", "ORG")]) == [
        ("PDIP", "ORG"), ("Megawati Soekarnoputri", "PERSON"), ("KPK RI", "ORG"), ("BPBD Jawa Timur", "ORG")]


def test_buildings_are_fac_and_a_capitalised_common_word_is_no_organisation() -> None:
    text = "Pelayanan dibuka di Gedung Sate. Warga menilai pelayanan cepat."
    assert shown(text, [("Pelayanan", "ORG"), ("Gedung Sate", "ORG")]) == [("Gedung Sate", "FAC")]


def test_the_rules_alone_find_standing_names_and_the_regents_residence() -> None:
    text = "Jokowi dan KPK tiba di Pendopo Bupati Banyuwangi, lalu ke KPK RI, kata Kompas."
    entities, _ = records("d", text, {}, spans=())
    found = {(e["text"], e["label"]) for e in entities}
    assert {("Jokowi", "PERSON"), ("KPK", "ORG"), ("Pendopo Bupati Banyuwangi", "FAC"), ("Kompas", "ORG")} <= found
    assert ("Bupati", "ROLE") not in found and not any(e["text"] == "KPK" and e["start"] > 40 for e in entities)


def test_the_lists_say_where_they_come_from_and_are_not_document_acronyms() -> None:
    for name in ("organisations", "public_figures"):
        head = (lexicon.LISTS_DIR / f"{name}.txt").read_text(encoding="utf-8").split("\n\n")[0]
        assert "Licence: CC0 1.0" in head and "Written for this project" in head
    assert {"Kemendagri", "KPK", "PDIP", "Kompas", "Pertamina"} <= organisations() and "Jokowi" in figures()
    assert not (organisations() | figures() | PROGRAMMES) & NOT_ORGANISATIONS and not PROGRAMMES & organisations()


def test_a_span_right_after_a_listed_organisation_takes_it_in() -> None:
    text = "Seminar di Kantor LAN RI, Jakarta, dan kunjungan ke KPK RI."
    assert shown(text, [("RI,", "ORG"), ("RI.", "ORG")]) == [("Kantor LAN RI", "FAC"), ("KPK RI", "ORG")]


def test_programmes_known_by_their_acronym_are_programmes() -> None:
    text = "Penerapan SPBE dan bantuan PKH dibahas; SPBE juga dinilai."
    assert shown(text, [("SPBE", "ORG")]) == [("SPBE", "PROGRAM")]
    entities, _ = records("d", text, {}, spans=())
    assert {(e["text"], e["label"]) for e in entities} == {("SPBE", "PROGRAM"), ("PKH", "PROGRAM")}
