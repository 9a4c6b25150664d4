"""Hostile and local web pages: encodings, addresses, archives whose records lie, regional languages,
Indonesian bylines, site names and near-duplicates in every intake path.

Every page is written here around an INVENTED article (see id_pubadmin.bench.web_pages), and so are
the Javanese and Sundanese paragraphs below.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from id_pubadmin.bench.web_pages import INDONESIAN_BODY, SECOND_BODY, SPORTS_BODY, news_page, warc_bytes
from id_pubadmin.core.errors import Problem
from id_pubadmin.seeds import seed_metadata
from id_pubadmin.seeds.web.archive import iter_archive_pages
from id_pubadmin.seeds.web.encoding import decode
from id_pubadmin.seeds.web.extract import Article, Page, extract_article, extract_page
from id_pubadmin.seeds.web.language import detect_language
from id_pubadmin.validate import seed_problems
from test_web_seeds import HTML, _add, _new_seeds, _page, project

__all__ = ["project"]  # fixtures


# Bylines as Indonesian outlets print them (the outlet in brackets is the style, not a copy of its page).
BYLINES = [
    ('<div class="detail__date">Senin, 14 Nov 2022 10:12 WIB</div>', "2022-11-14"),  # detik, cnnindonesia
    ('<div class="read__time">14/11/2022, 10:12 WIB</div>', "2022-11-14"),  # kompas
    ('<p class="date">Senin, 14 November 2022 10:12 WIB</p>', "2022-11-14"),  # tempo, antaranews, tribunnews
    ('<span class="date">14 Agt 2024 | 10:12 WIB</span>', "2024-08-14"),  # bisnis
    ('<span class="date">Rabu, 14 Agu 2024, 10:12 WIB</span>', "2024-08-14"),  # kumparan
    ('<time class="date">Rabu, 14 Ags 2024 10:12</time>', "2024-08-14"),
    ('<div class="date">Kamis, 5 Des 2024 | 10:00 WIB</div>', "2024-12-05"),  # viva, suara
    ('<div class="date">Rabu, 3 Nop 2021 - 10:12 WIB</div>', "2021-11-03"),  # sindonews (old spelling)
    ('<div class="date">Rabu, 3 Nopember 2021 - 10:12 WIB</div>', "2021-11-03"),
    ('<div class="date">12 Peb 2020 10:12 WIB</div>', "2020-02-12"),
    ('<div class="date">Jumat, 01 Mei 2020 | 10:12 WIB</div>', "2020-05-01"),
    ('<div class="date">Selasa, 12 Okt. 2021 10:12 WIB</div>', "2021-10-12"),  # liputan6
]


@pytest.mark.parametrize(("byline", "date"), BYLINES, ids=[date + "-" + str(i) for i, (_, date) in enumerate(BYLINES)])
def test_byline_dates_with_indonesian_month_names_are_read(byline: str, date: str) -> None:
    page = news_page(INDONESIAN_BODY, published=None).replace(
        '<div class="byline">Penulis: Tim Redaksi | Editor: Redaksi Pusat</div>', byline)
    assert byline in page
    article = extract_article(page.encode("utf-8"), "https://kabar.example/berita/layanan")
    assert isinstance(article, Article) and article.published == date


def test_a_site_name_equal_to_the_host_name_is_the_outlet(project: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "praja.html"
    page.write_bytes(_page(INDONESIAN_BODY, site="KabarPraja.id"))
    article = extract_article(page.read_bytes(), "https://kabarpraja.id/2024/03/04/layanan")
    assert isinstance(article, Article) and article.outlet == "KabarPraja.id" and "outlet" not in article.missing()
    unstated = extract_article(_page(INDONESIAN_BODY, site=None), "https://kabarpraja.id/2024/03/04/layanan")
    assert isinstance(unstated, Article) and unstated.outlet is None  # the host name alone is no outlet
    code, out = _add(project, capsys, str(page), "--url", "https://kabarpraja.id/2024/03/04/layanan")
    [seed] = _new_seeds(project)
    metadata = json.loads(seed_metadata.metadata_path(seed).read_text(encoding="utf-8"))
    assert code == 0 and metadata["site_name"] == "KabarPraja.id" and "missing_fields" not in metadata
    assert "states no" not in out


def test_an_outlet_from_the_dateline_is_not_listed_as_missing(project: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "tanpa-situs.html"
    page.write_bytes(_page(INDONESIAN_BODY, site=None))
    code, out = _add(project, capsys, str(page), "--url", "https://kabarpraja.id/2024/03/04/layanan")
    [seed] = _new_seeds(project)
    metadata = json.loads(seed_metadata.metadata_path(seed).read_text(encoding="utf-8"))
    assert code == 0 and metadata["outlet"] == "KABAR.ID" and "outlet" not in metadata.get("missing_fields", "")
    assert "states no outlet" not in out


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
    "https://redaksi:rahasia@kabar.example/berita", "https://kabar.example/berita\nSet-Cookie: x=1",
    "https://kabar.example/a b", "https:///tanpa-host", "ftp://kabar.example/berita", "https://kabar.example/\u202egnp",
])
def test_only_plain_http_addresses_are_recorded(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                url: str) -> None:
    page = tmp_path / "layanan.html"
    page.write_bytes(_page(INDONESIAN_BODY))
    before = sorted((project / "seeds").iterdir())
    code, out = _add(project, capsys, str(page), "--url", url)
    assert code == 2 and "--url refused" in out and "rahasia" not in out and "Traceback" not in out
    if not url.isprintable() or " " in url:
        return  # warcio percent-encodes it in a WARC header, and HTML parsers strip line feeds from links
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(warc_bytes([(url, _page(INDONESIAN_BODY), HTML)], gzipped=False))
    canonical = tmp_path / "kanonik.html"  # the page names itself by a canonical link
    link = f'<head><link rel="canonical" href="{url}">'.encode()
    canonical.write_bytes(_page(INDONESIAN_BODY).replace(b"<head>", link))
    for given in (crawl, canonical):  # warcio reads no HTTP response from a record of another scheme
        code, out = _add(project, capsys, str(given))
        assert code == 1 and "rahasia" not in out and "Traceback" not in out, out
        assert "[page-url-refused]" in out or "names no address" in out or "[warc-record-not-html]" in out, out
    assert sorted((project / "seeds").iterdir()) == before


def test_a_page_with_credentials_in_its_record_address_is_refused_unechoed(project: Path, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(warc_bytes([("https://redaksi:rahasia@kabar.example/2024/03/04/a", _page(INDONESIAN_BODY),
                                   HTML)], gzipped=False))
    code, out = _add(project, capsys, str(crawl))
    assert code == 1 and "[page-url-refused]" in out and "***@kabar.example" in out and "rahasia" not in out
    assert _new_seeds(project) == []


@pytest.mark.parametrize(("month", "accepted"), [
    ("2999-12", False), ("0000-01", False), ("1944-12", False), ("1945-01", True), ("2024-05", True)])
def test_the_published_month_is_from_1945_to_this_month(project: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str], month: str,
                                                        accepted: bool) -> None:
    undated = tmp_path / "tanpa-tanggal.html"
    undated.write_bytes(_page(SECOND_BODY, published=None))
    code, out = _add(project, capsys, str(undated), "--url", "https://warta.example/izin", "--published", month)
    assert (code == 0) == accepted, out
    if not accepted:
        assert code == 2 and "outside 1945-01 to" in out and _new_seeds(project) == []


QUOTED = [INDONESIAN_BODY[0] + " \u201cKami siap melayani,\u201d kata Bupati di Caf\u00e9 Sukamaju.",
          *INDONESIAN_BODY[1:]]


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin1", "ascii", "us-ascii", "l1", "cp819",
                                   "windows-1252"])
@pytest.mark.parametrize("where", ["meta", "http"])
def test_single_byte_labels_decode_as_windows_1252_so_quotes_survive(label: str, where: str) -> None:
    page = news_page(QUOTED, charset="x" if where == "http" else label).encode("cp1252")
    assert b"\x93Kami" in page
    article = extract_page(Page(page, "https://kabar.example/berita/kutip", "page", label if where == "http" else None))
    assert isinstance(article, Article) and "\u201cKami siap melayani,\u201d" in article.text, article


@pytest.mark.parametrize(("bom", "codec", "label"), [
    (b"\xef\xbb\xbf", "utf-8", "windows-1252"), (b"\xff\xfe", "utf-16-le", "utf-8"), (b"\xfe\xff", "utf-16-be", None)])
def test_a_byte_order_mark_decides_before_any_label(bom: bytes, codec: str, label: str | None) -> None:
    page = bom + news_page(QUOTED, charset=label or "utf-8").encode(codec)
    article = extract_page(Page(page, "https://kabar.example/berita/kutip", "page", label))
    assert isinstance(article, Article) and "\u201cKami siap melayani,\u201d" in article.text


@pytest.mark.parametrize(("label", "codec"), [
    ("unicode-1-1-utf-8", "utf-8"), ("tis-620", "cp874"), ("x-sjis", "cp932"), ("gb2312", "gb18030"),
    ("iso-8859-9", "cp1254"), ("utf-16", "utf-8")])  # a <meta> claiming UTF-16 is read as UTF-8 (the standard)
def test_labels_are_the_standards_not_pythons(label: str, codec: str) -> None:
    assert decode(news_page(["Kabar warga."], charset=label).encode(codec), None, "page") == \
        news_page(["Kabar warga."], charset=label)


@pytest.mark.parametrize("label", ["replacement", "iso-2022-kr", "x-user-defined", "utf-7", "klingon-8"])
def test_labels_of_no_text_encoding_are_refused(label: str) -> None:
    decoded = decode(news_page(["Kabar warga."], charset=label).encode("utf-8"), None, "page")
    assert isinstance(decoded, Problem) and decoded.code == "page-wrong-encoding" and "WHATWG" in decoded.reason


def overlapping_warc(first: bytes, second: bytes) -> bytes:
    """A WARC of two pages whose first response record's Content-Length covers the second page's records."""
    whole = warc_bytes([("https://kabar.example/2024/03/04/a", first, HTML),
                        ("https://warta.example/2024/03/04/b", second, HTML)], gzipped=False)
    starts = [match.start() for match in re.finditer(rb"WARC/1\.[01]\r\n", whole)]
    response = whole[starts[1]:starts[2]]
    header, _, block = response.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", header)[1])
    covering = length + len(whole) - starts[2]  # up to the last record's closing blank lines
    header = re.sub(rb"Content-Length: \d+", b"Content-Length: %d" % covering, header)
    return whole[:starts[1]] + header + b"\r\n\r\n" + block[:length] + b"\r\n\r\n" + whole[starts[2]:]


def test_a_record_covering_the_next_one_is_reported(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(overlapping_warc(_page(INDONESIAN_BODY), _page(SECOND_BODY)))
    found = list(iter_archive_pages(archive))
    assert [getattr(item, "code", "page") for item in found] == ["warc-record-overlaps"]
    assert "record 2 https://kabar.example" in found[0].file


def test_archive_scanning_is_linear_in_the_file(tmp_path: Path) -> None:
    """Zero bytes (no line end) after a good record, and a file of zeros: refused at once, the good record read."""
    import random
    import time

    good = warc_bytes([("https://kabar.example/2024/03/04/a", _page(INDONESIAN_BODY), HTML)], gzipped=False)
    zeros = bytes(32 * 1024 * 1024)
    (tmp_path / "zeros.warc").write_bytes(zeros)
    (tmp_path / "tail.warc").write_bytes(good + zeros)
    noise = random.Random(0).randbytes(8 * 1024 * 1024).replace(b"\n", b"x")  # no line end, not a gzip bomb
    (tmp_path / "tail.warc.gz").write_bytes(gzip.compress(good, mtime=0) + gzip.compress(noise, mtime=0))
    started = time.monotonic()
    results = {name: [getattr(item, "code", "page") for item in iter_archive_pages(tmp_path / name)]
               for name in ("zeros.warc", "tail.warc", "tail.warc.gz")}
    assert results == {"zeros.warc": ["warc-truncated"], "tail.warc": ["page", "warc-truncated"],
                       "tail.warc.gz": ["page", "warc-truncated"]}
    assert time.monotonic() - started < 10  # quadratic scanning took minutes on these 70 MB


def test_the_same_article_as_text_after_its_page_is_refused_as_a_near_duplicate(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "izin.html"
    page.write_bytes(_page(SECOND_BODY))
    assert _add(project, capsys, str(page), "--url", "https://warta.example/izin")[0] == 0
    [seed] = _new_seeds(project)
    again = tmp_path / "izin.txt"
    again.write_bytes(seed.read_bytes() + b"\n")  # the same text, with a final newline
    before = sorted((project / "seeds").iterdir())
    code, out = _add(project, capsys, str(again))
    assert code == 1 and f"[text-near-duplicate] near-duplicate of {seed.stem}" in out
    assert sorted((project / "seeds").iterdir()) == before
    twins = [tmp_path / "a.txt", tmp_path / "b.txt"]  # a copy given twice in one batch: the second refused
    text = "date 2024-05 " + "\n\n".join(SPORTS_BODY) + " ****"
    twins[0].write_text(text, encoding="utf-8")
    twins[1].write_text(text + "\n", encoding="utf-8")
    code, out = _add(project, capsys, *map(str, twins))
    assert code == 1 and f"near-duplicate of {twins[0]}" in out and out.count("wrote ") == 1
    code, out = _add(project, capsys, str(again), "--allow-duplicates")
    added = [p for p in (project / "seeds").glob("*.txt") if p.read_bytes() == again.read_bytes()]
    metadata = json.loads(seed_metadata.metadata_path(added[0]).read_text(encoding="utf-8"))
    assert code == 0 and metadata["duplicate_of"] == seed.stem and metadata["duplicate_similarity"] == 1.0
    assert seed_problems(added) == []


def test_seed_signatures_are_cached_by_content(project: Path, tmp_path: Path) -> None:
    from id_pubadmin.seeds.web.duplicates import seed_index

    cache = tmp_path / "cache"
    first = seed_index(project / "seeds", cache)
    entries = sorted(cache.rglob("*.pickle"))
    assert len(first) == len(entries) > 0
    again = seed_index(project / "seeds", cache)
    assert sorted(cache.rglob("*.pickle")) == entries
    assert all(list(again._signatures[key].hashvalues) == list(first._signatures[key].hashvalues)
               for key in first._signatures)
    assert [list(s.hashvalues) for s in seed_index(project / "seeds")._signatures.values()] == \
        [list(s.hashvalues) for s in first._signatures.values()]  # as computed without a cache
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_bytes(seed.read_bytes().replace(b" ****", b" Tambahan kalimat baru. ****"))  # its content changed
    seed_index(project / "seeds", cache)
    assert len(sorted(cache.rglob("*.pickle"))) == len(entries) + 1


# Invented for the tests (the regency's new service, as a Javanese and a Sundanese outlet might write it).
JAVANESE_BODY = [
    "Pamarentah Kabupaten Sukamaju wis mbukak layanan kependudukan anyar kanggo warga. Bupati ngendika yen layanan "
    "iki bakal nggampangake wong sing arep ngurus KTP lan akta lair.",
    "Saiki warga ora kudu teka menyang kantor dinas, amarga kabeh isa diurus saka omah nganggo aplikasi. Nanging "
    "isih akeh warga desa sing durung mudheng carane nganggo aplikasi kuwi, mula petugas kudu menehi pitulungan.",
]
SUNDANESE_BODY = [
    "Pamaréntah Kabupatén Sukamaju geus muka layanan kependudukan anyar pikeun warga. Bupati nyarios yén layanan "
    "ieu bakal ngagampangkeun jalma anu rék ngurus KTP jeung akta kalahiran.",
    "Ayeuna warga teu kedah datang ka kantor dinas, sabab sadayana tiasa diurus ti imah ku aplikasi. Tapi masih "
    "loba warga désa anu tacan ngarti kumaha cara ngagunakeun éta aplikasi, ku kituna petugas kedah mantuan.",
]


@pytest.mark.parametrize(("body", "code"), [(JAVANESE_BODY, "jv"), (SUNDANESE_BODY, "su")])
def test_javanese_and_sundanese_pages_are_refused(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  body: list[str], code: str) -> None:
    assert detect_language(" ".join(body))[0] == code
    page = tmp_path / "daerah.html"
    page.write_bytes(_page(body, lang=code))
    result, out = _add(project, capsys, str(page), "--url", "https://kabar.example/2024/03/04/daerah")
    assert result == 1 and _new_seeds(project) == []
    assert "[text-not-indonesian]" in out and f"detected language '{code}'" in out


@pytest.mark.parametrize(("text", "code"), [  # the formal register of encyclopaedias and news, invented
    ("Kutha Surabaya iku kutha paling gedhé kapindho ing Indonésia sawisé Jakarta. Kutha iki dadi ibukutha Provinsi "
     "Jawa Wétan lan dumunung ing pesisir lor pulo Jawa.", "jv"),
    ("Kota Bandung nyaéta ibukota Propinsi Jawa Barat. Kota ieu perenahna di wewengkon Priangan sarta kaasup kota "
     "panggedéna katilu di Indonésia.", "su"),
])
def test_the_formal_register_is_told_too(text: str, code: str) -> None:
    assert detect_language(text)[0] == code


def test_indonesian_news_keeps_clear_of_the_regional_word_lists() -> None:
    from id_pubadmin.seeds.web.regional import regional_hits, regional_language, words_of

    for body in (INDONESIAN_BODY, SECOND_BODY, SPORTS_BODY):
        hits, indonesian = regional_hits(words_of(" ".join(body)))
        assert max(hits.values()) <= 1 and indonesian > 10 and regional_language(" ".join(body)) is None
    assert regional_language("Presiden RI dan LAN RI membahas standar ISO di Jakarta bersama para pejabat daerah.") \
        is None  # acronyms are no Buginese 'ri' nor Javanese 'iso'
    assert regional_language("Menteri Ida Fauziyah bertemu Ida Bagus Rai dan Ida Ayu di kantor kementerian.") is None


def test_a_record_covering_the_next_one_past_the_end_is_reported_as_covering(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc"
    whole = overlapping_warc(_page(INDONESIAN_BODY), _page(SECOND_BODY))
    covering = max(int(n) for n in re.findall(rb"Content-Length: (\d+)", whole))
    archive.write_bytes(whole.replace(b"Content-Length: %d" % covering, b"Content-Length: %d" % (covering + 10**6)))
    found = list(iter_archive_pages(archive))
    assert [getattr(item, "code", "page") for item in found] == ["warc-record-overlaps"]
    assert "record 2 https://kabar.example" in found[0].file


def test_bench_regional_prints_accept_and_refuse_rates(tmp_path: Path) -> None:
    from id_pubadmin.bench.regional import regional_table

    for language, body in (("indonesian", INDONESIAN_BODY), ("javanese", JAVANESE_BODY)):
        (tmp_path / language).mkdir()
        rows = "".join(f'{n},"{sentence}",neutral\n' for n, sentence in enumerate(body))
        (tmp_path / language / "valid.csv").write_text("id,text,label\n" + rows, encoding="utf-8")
    table = regional_table(tmp_path, "valid", None)
    assert f"| indonesian | {len(INDONESIAN_BODY)} | 100.0% | 0.0% | - |" in table
    assert f"| javanese | {len(JAVANESE_BODY)} | 0.0% | 100.0% | jv {len(JAVANESE_BODY)} |" in table
