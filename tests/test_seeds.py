"""Seeds: the committed article parses as documented; each invalid fixture gives exactly its error id."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from id_pubadmin.core.errors import CATALOGUE, SeedError
from id_pubadmin.seeds import seed_files, seed_metadata

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid" / "seed").glob("*.txt"))
VALID = sorted((FIXTURES / "valid" / "seed").glob("*.txt"))


def _load(path: Path) -> seed_files.Seed:
    seed = seed_files.parse_seed(path)
    seed_metadata.read_metadata(seed)
    return seed


def test_seed_article_parses_as_documented(root: Path) -> None:
    path = root / "seeds" / "000_13a1a3eb3f5c1738.txt"
    seed = _load(path)
    assert seed.raw == path.read_text(encoding="utf-8")
    assert seed.published == "2022-11"
    assert (seed.outlet, seed.dateline_place) == ("SURYA.CO.ID", "BANYUWANGI")
    assert seed.text.startswith("SURYA.CO.ID, BANYUWANGI - Lembaga")
    assert seed.text.endswith("pungkasnya.")
    assert seed.raw[seed.text_offset:seed.text_offset + len(seed.text)] == seed.text
    assert seed.text[:seed.dateline_end] == "SURYA.CO.ID, BANYUWANGI - "


def test_seed_is_the_original_byte_for_byte(root: Path) -> None:
    committed = root / "seeds" / "000_13a1a3eb3f5c1738.txt"
    expected = "a94e33cb1a76efc6b5f4b564034b9364b1995462f38ae4dc29c0e8a203aefc6c"  # of the article as collected
    assert hashlib.sha256(committed.read_bytes()).hexdigest() == expected
    assert json.loads(committed.with_suffix(".json").read_text(encoding="utf-8"))["sha256"] == expected


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_seed_gives_its_error_id(path: Path) -> None:
    with pytest.raises(SeedError) as caught:
        _load(path)
    assert [p.code for p in caught.value.problems] == [path.stem]
    assert all(p.file.endswith((".txt", ".json")) for p in caught.value.problems)


def test_every_seed_error_id_has_a_fixture() -> None:
    seed_codes = {code for code in CATALOGUE if code.startswith("seed-")}
    assert seed_codes == {p.stem for p in INVALID}


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_edge_case_seeds_parse(path: Path) -> None:
    seed = _load(path)
    assert seed.text.strip() and seed.dateline_end > 0


def _long_article(paragraphs: int) -> bytes:
    paragraph = "Pemkab Banyuwangi mengembangkan layanan digital untuk warga desa. " * 40
    body = "\n\n".join([paragraph.strip()] * paragraphs)
    return f"date 2022-11 SURYA.CO.ID, BANYUWANGI - {body} ****".encode()


def test_an_article_just_under_the_size_limit_parses(tmp_path: Path) -> None:
    raw = _long_article(198)
    assert seed_files.MAX_SEED_BYTES - 5_000 < len(raw) <= seed_files.MAX_SEED_BYTES
    path = tmp_path / "big.txt"
    path.write_bytes(raw)
    seed = seed_files.parse_seed(path)
    assert len(seed.text) == len(raw.decode()) - len("date 2022-11 ") - len(" ****")


def test_a_five_megabyte_article_is_refused_up_front(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(_long_article(2000))
    with pytest.raises(SeedError) as caught:
        seed_files.parse_seed(path)
    assert [p.code for p in caught.value.problems] == ["seed-too-large"]
    assert "524,288" in caught.value.problems[0].reason


@pytest.mark.parametrize(("opening", "outlet", "place"), [
    ("SURYA.CO.ID, BANYUWANGI - ", "SURYA.CO.ID", "BANYUWANGI"),
    ("JAKARTA, KOMPAS.com - ", "KOMPAS.com", "JAKARTA"),
    ("TRIBUN-BALI.COM, DENPASAR - ", "TRIBUN-BALI.COM", "DENPASAR"),
    ("detikNews, Jakarta - ", "detikNews", "Jakarta"),
    ("Jakarta (ANTARA) - ", "ANTARA", "Jakarta"),
    ("SURYA.CO.ID, BANYUWANGI  \u2013 ", "SURYA.CO.ID", "BANYUWANGI"),
])
def test_dateline_forms_give_outlet_and_place(tmp_path: Path, opening: str, outlet: str, place: str) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(f"date 2023-01 {opening}Pemkot membuka layanan baru. ****", encoding="utf-8")
    seed = seed_files.parse_seed(path)
    assert (seed.outlet, seed.dateline_place) == (outlet, place)
    assert seed.text[seed.dateline_end:].startswith("Pemkot")


def test_add_seed_writes_metadata_that_reads_back_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "001_kompas.txt"
    path.write_text("date 2023-03 JAKARTA, KOMPAS.com - Presiden meminta ASN bekerja cepat. ****", encoding="utf-8")
    metadata = seed_metadata.write_metadata(path, "research only")
    assert seed_metadata.read_metadata(seed_files.parse_seed(path))["outlet"] == "KOMPAS.com"
    before = metadata.read_bytes()
    with pytest.raises(FileExistsError):
        seed_metadata.write_metadata(path, "other terms")
    assert metadata.read_bytes() == before


GROWTH = FIXTURES / "growth"  # articles invented for the tests, never seeds of the project


def test_add_seed_files_an_article_of_any_name_as_the_next_number_and_its_hash(tmp_path: Path) -> None:
    from id_pubadmin.cli import main
    from id_pubadmin.seeds.filing import SEED_NAME

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "pyproject.toml").write_bytes((FIXTURES.parent.parent / "pyproject.toml").read_bytes())
    (seeds / "004_0123456789abcdef.txt").write_bytes((VALID[0]).read_bytes())  # numbered seeds go on after 004
    articles = sorted(GROWTH.glob("*.txt"))
    assert main(["--root", str(tmp_path), "add-seed", *map(str, articles), "--rights", "invented for tests"]) == 0
    filed = sorted(seeds.glob("00[5-9]_*.txt"))
    assert [path.read_bytes() for path in filed] == [path.read_bytes() for path in articles]
    for number, path in enumerate(filed, start=5):
        match = SEED_NAME.fullmatch(path.name)
        assert match and int(match["number"]) == number
        assert match["hash"] == hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        assert _load(path).document_id == path.stem
    assert main(["--root", str(tmp_path), "add-seed", str(articles[0]), "--rights", "again"]) == 1  # once only
    assert len(list(seeds.glob("*.txt"))) == 1 + len(articles)


@pytest.mark.parametrize("text", ["KOMPAS.com, SURABAYA - . ****", "KOMPAS.com, SURABAYA -  ,  “” ****",
                                  "KOMPAS.com, SURABAYA - **** ****"])
def test_a_seed_without_a_sentence_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kabar.txt"
    path.write_text(f"date 2023-05 {text}", encoding="utf-8")
    with pytest.raises(SeedError, match="seed-no-sentence"):
        seed_files.parse_seed(path)


def test_two_pasted_articles_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "kabar.txt"
    path.write_text("date 2023-05 KOMPAS.com, SURABAYA - Warga senang. ****\nKOMPAS.com, MALANG - Pasar dibuka. ****",
                    encoding="utf-8")
    with pytest.raises(SeedError, match="seed-second-end-mark"):
        seed_files.parse_seed(path)


def test_the_readme_example_seed_is_a_seed(root: Path, tmp_path: Path) -> None:
    import re
    import textwrap

    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"A complete seed file.*?```text\n(.*?)\n *```", readme, re.DOTALL)
    assert block is not None
    path = tmp_path / "article.txt"
    path.write_text(textwrap.dedent(block.group(1)), encoding="utf-8")
    seed = seed_files.parse_seed(path)
    assert (seed.outlet, seed.dateline_place, seed.published) == ("FIKTIF.TEST", "MAGELANG", "2026-03")
    assert "\n\n" in seed.text and seed.text.endswith("Ayuningtyas.")
