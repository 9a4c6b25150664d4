"""Web pages and web archives in as seeds: extraction quality, the page steps, and ``add-seed`` end to end.

Every page is written here around an INVENTED article (see id_pubadmin.bench.web_pages).
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
from pathlib import Path

import pytest
from corpus_fixtures import base_rows, make_project
from id_pubadmin.bench import web as bench
from id_pubadmin.bench.web_pages import (
    ENGLISH_BODY,
    INDONESIAN_BODY,
    MALAY_BODY,
    SECOND_BODY,
    SPORTS_BODY,
    news_page,
    warc_bytes,
)
from id_pubadmin.build import build
from id_pubadmin.cli import main
from id_pubadmin.core.errors import Problem
from id_pubadmin.corpus.problems import iter_rows
from id_pubadmin.corpus.read import read_corpus
from id_pubadmin.layout import Layout
from id_pubadmin.seeds import seed_files, seed_metadata
from id_pubadmin.seeds.web.archive import iter_archive_pages
from id_pubadmin.seeds.web.duplicates import NearDuplicateIndex, minhash
from id_pubadmin.seeds.web.extract import Article, Page, extract_article
from id_pubadmin.seeds.web.language import detect_language
from id_pubadmin.seeds.web.licence import declared_licence
from id_pubadmin.seeds.web.relevance import relevance_score
from id_pubadmin.seeds.web.steps import DuplicateFilter, Extract, LanguageFilter, RelevanceFilter, run_steps
from id_pubadmin.validate import seed_problems

RIGHTS = "invented test text written for the tests"
HTML = "text/html; charset=utf-8"


def _page(body: list[str], **options: object) -> bytes:
    return news_page(body, **options).encode("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", base_rows()).root


def _add(project: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--root", str(project), "add-seed", *argv, "--rights", RIGHTS])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _new_seeds(project: Path) -> list[Path]:
    return sorted(p for p in (project / "seeds").glob("*.txt") if "extractor" in json.loads(
        seed_metadata.metadata_path(p).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", list(bench.PAGES))
def test_extraction_keeps_the_body_and_leaves_the_boilerplate(name: str) -> None:
    body, options = bench.PAGES[name]
    article = extract_article(_page(body, **options), "https://kabar.example/2024/03/04/berita")
    assert isinstance(article, Article)
    recall, boilerplate = bench.extraction_figures(body, article.text)
    print(f"{name}: body recall {recall:.1%}, boilerplate share {boilerplate:.1%}")
    assert recall >= 0.95 and boilerplate <= 0.02
    assert article.text.split("\n\n") == body  # paragraphs as on the page, one blank line between


def test_extraction_states_what_the_page_states_and_nothing_else() -> None:
    article = extract_article(_page(INDONESIAN_BODY, licence="https://creativecommons.org/licenses/by-sa/4.0/"),
                              "https://kabar.example/berita/layanan")
    assert isinstance(article, Article)
    assert (article.title, article.published, article.outlet) == (
        "Sukamaju luncurkan layanan kependudukan daring", "2024-03-04", "Kabar Sukamaju")
    assert article.licence == "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"
    assert article.extractor.startswith("trafilatura ") and len(article.raw_sha256) == 64
    bare = extract_article(_page(INDONESIAN_BODY, site=None, published=None), "https://kabar.example/berita/x")
    assert isinstance(bare, Article) and bare.missing() == ["published", "outlet"] and bare.licence is None


def test_indonesian_is_told_from_malay_and_english() -> None:
    assert [detect_language(" ".join(body))[0] for body in (INDONESIAN_BODY, MALAY_BODY, ENGLISH_BODY)] == \
        ["id", "ms", "en"]
    assert detect_language(" ".join(INDONESIAN_BODY))[1] > 0.9


def test_relevance_ranks_administration_above_other_news() -> None:
    scores = [relevance_score(" ".join(body)) for body in (INDONESIAN_BODY, SECOND_BODY, SPORTS_BODY)]
    assert scores[0] > 0.5 and scores[1] > 0.5 and scores[2] < 0.1
    assert relevance_score("") == 0.0


def test_minhash_is_deterministic_and_finds_a_republished_copy() -> None:
    text = "\n\n".join(SECOND_BODY)
    assert list(minhash(text).hashvalues) == list(pickle.loads(pickle.dumps(minhash(text))).hashvalues)
    index = NearDuplicateIndex()
    index.add("002_original", minhash(text))
    index.add("003_other", minhash("\n\n".join(INDONESIAN_BODY)))
    copy = "\n\n".join(SECOND_BODY[:-1] + ["Baca berita lainnya di portal kami setiap hari."])
    found = index.nearest(minhash(copy))
    assert found is not None and found[0] == "002_original" and 0.7 <= found[1] < 1
    assert index.nearest(minhash("\n\n".join(SPORTS_BODY))) is None


def test_licence_from_rel_link_or_creative_commons_mark() -> None:
    assert declared_licence('<a rel="license" href="https://example.org/terms">terms</a>') == "https://example.org/terms"
    assert declared_licence('<img src="https://creativecommons.org/publicdomain/zero/1.0/x.png">') == \
        "CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/x.png)"
    assert declared_licence("<p>Hak cipta dilindungi</p>") is None


def test_steps_drop_with_reasons_and_pickle() -> None:
    pages = [Page(_page(body), f"https://kabar.example/{i}", f"page-{i}") for i, body in
             enumerate([INDONESIAN_BODY, MALAY_BODY, SPORTS_BODY, INDONESIAN_BODY, SECOND_BODY])]
    steps = [Extract(), LanguageFilter(), RelevanceFilter(0.2), DuplicateFilter()]
    steps = pickle.loads(pickle.dumps(steps))
    kept = list(run_steps(pages + [Problem("warc-truncated", 1, "a.warc", "", "cut")], steps))
    assert [a.source for a in kept] == ["page-0", "page-4"]
    assert [[(p.file, p.code) for _, p in step.dropped] for step in steps] == [
        [("a.warc", "warc-truncated")], [("page-1", "text-not-indonesian")], [("page-2", "text-below-relevance")],
        [("page-3", "text-near-duplicate")]]
    assert "near-duplicate of page-0" in steps[3].dropped[0][1].reason
    pickle.dumps(kept)


def test_archive_pages_and_bad_records(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(warc_bytes([("https://kabar.example/a", _page(INDONESIAN_BODY), HTML),
                                    ("https://kabar.example/logo.png", b"\x89PNG", "image/png"),
                                    ("https://warta.example/b", _page(SECOND_BODY), HTML)], gzipped=False))
    found = list(iter_archive_pages(archive))
    assert [type(item).__name__ for item in found] == ["Page", "Problem", "Page"]
    assert [p.url for p in iter_archive_pages(archive, url_pattern=r"warta\.example")] == ["https://warta.example/b"]
    whole = archive.read_bytes()
    archive.write_bytes(whole[:-300])  # cut inside the last record
    codes = [getattr(item, "code", "page") for item in iter_archive_pages(archive)]
    assert codes == ["page", "warc-record-not-html", "warc-truncated"]


def test_a_page_and_an_archive_become_seeds_in_one_command(project: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "in" / "layanan.html"
    page.parent.mkdir()
    page.write_bytes(_page(INDONESIAN_BODY, licence="https://creativecommons.org/licenses/by/4.0/"))
    no_dateline = ["Warga " + SECOND_BODY[0].split(" - ", 1)[1], *SECOND_BODY[1:]]
    crawl = tmp_path / "in" / "crawl.warc.gz"
    crawl.write_bytes(warc_bytes([
        ("https://warta.example/2024/05/02/izin", _page(no_dateline, site="Warta Sukamulya"), HTML),
        ("https://kabar.example/en/service", _page(ENGLISH_BODY, lang="en"), HTML),
        ("https://berita.example/my/perkhidmatan", _page(MALAY_BODY), HTML),
        ("https://lain.example/salinan", _page(INDONESIAN_BODY, site="Portal Lain"), HTML),
        ("https://kabar.example/indeks", b"<html><body><a href='/a'>Bupati resmikan jalan</a></body></html>", HTML),
    ]))
    before = {p.name: p.read_bytes() for p in (project / "seeds").iterdir()}
    code, out = _add(project, capsys, str(page), str(crawl), "--url", "https://kabar.example/berita/layanan")
    assert code == 1
    for error_id in ("text-not-indonesian", "text-near-duplicate", "page-no-article"):
        assert f"[{error_id}]" in out
    assert "detected language 'ms'" in out and "detected language 'en'" in out
    assert "declares the licence CC BY 4.0" in out
    seeds = _new_seeds(project)
    assert len(seeds) == 2 and {p.name: p.read_bytes() for p in (project / "seeds").iterdir()
                                if p.name in before} == before
    first, second = (json.loads(seed_metadata.metadata_path(p).read_text(encoding="utf-8")) for p in seeds)
    duplicate = next(line for line in out.splitlines() if "[text-near-duplicate]" in line)
    assert f"near-duplicate of {seeds[0].stem}" in duplicate
    assert first["url"] == "https://kabar.example/berita/layanan" and first["outlet"] == "KABAR.ID"
    assert first["site_name"] == "Kabar Sukamaju" and first["licence"].startswith("CC BY 4.0")
    assert first["published"] == "2024-03" and first["relevance"] > 0.5 and first["language_confidence"] > 0.9
    assert (second["outlet"], second["dateline_place"]) == ("Warta Sukamulya", "")  # no dateline on the page
    assert seed_files.parse_seed(seeds[1]).raw.startswith("date 2024-05 Warga Pemerintah Kota")  # as its URL says
    assert seed_problems(seeds) == []
    layout = Layout(project)
    build(layout)
    documents = {row["document_id"]: row for _, _, row in iter_rows(read_corpus(layout.corpus)[0], "documents")}
    assert {p.stem for p in seeds} <= set(documents)
    assert documents[seeds[1].stem]["dateline_end"] == 0 and documents[seeds[1].stem]["outlet"] == "Warta Sukamulya"

def test_options_for_duplicates_relevance_and_dates(project: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    original, copy = tmp_path / "izin.html", tmp_path / "salinan.html"
    sport, undated = tmp_path / "bola.html", tmp_path / "tanpa-tanggal.html.gz"
    original.write_bytes(_page(SECOND_BODY))
    copy.write_bytes(_page(SECOND_BODY[:-1] + ["Baca berita lainnya di portal kami setiap hari."], site="Portal Lain"))
    sport.write_bytes(_page(SPORTS_BODY))
    undated.write_bytes(gzip.compress(_page(SECOND_BODY, published=None), mtime=0))
    assert _add(project, capsys, str(original), "--url", "https://warta.example/izin")[0] == 0
    [seed] = _new_seeds(project)
    code, out = _add(project, capsys, str(copy), "--url", "https://lain.example/salinan")
    assert code == 1 and f"[text-near-duplicate] near-duplicate of {seed.stem}" in out and _new_seeds(project) == [seed]
    code, out = _add(project, capsys, str(copy), "--url", "https://lain.example/salinan", "--allow-duplicates")
    [added] = [p for p in _new_seeds(project) if p != seed]
    metadata = json.loads(seed_metadata.metadata_path(added).read_text(encoding="utf-8"))
    assert code == 0 and metadata["duplicate_of"] == seed.stem and 0.7 <= metadata["duplicate_similarity"] < 1
    assert _add(project, capsys, str(sport), "--url", "https://kabar.example/bola")[0] == 1
    assert _add(project, capsys, str(sport), "--url", "https://kabar.example/bola", "--min-relevance", "0")[0] == 0
    code, out = _add(project, capsys, str(undated), "--url", "https://warta.example/izin", "--allow-duplicates")
    assert code == 1 and "[page-no-date]" in out
    code, out = _add(project, capsys, str(undated), "--url", "https://warta.example/izin", "--published", "2024-05",
                     "--allow-duplicates")
    assert code == 0 and "states no published" in out
    assert _add(project, capsys, str(copy), str(sport), "--url", "https://x.example/a")[0] == 2  # one --url, two pages
    code, out = _add(project, capsys, str(tmp_path / "gone.html"), str(tmp_path / "gone.warc.gz"))
    assert code == 1 and out.count("no such file") == 2



def test_gzip_bombs_in_a_record_or_the_whole_archive_are_refused(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bomb = gzip.compress(b"<html><body><p>" + b" " * (3 * 1024 * 1024) + b"</p></body></html>", mtime=0)
    archive = tmp_path / "bomb.warc"
    with archive.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", HTML), ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://kabar.example/bom", "response",
                                                      payload=io.BytesIO(bomb), http_headers=headers))
    assert [item.code for item in iter_archive_pages(archive)] == ["page-gzip-bomb"]
    zeros = tmp_path / "zeros.warc.gz"
    zeros.write_bytes(gzip.compress(bytes(8 * 1024 * 1024), mtime=0))
    assert [item.code for item in iter_archive_pages(zeros)] == ["page-gzip-bomb"]


@pytest.mark.parametrize(("charset", "encoding", "problem"), [
    ("utf-8", "utf-8", None),
    ("windows-1252", "cp1252", None),
    ("utf-8", "latin-1", "declares 'utf-8' but byte 0xe9"),
    ("iso-8859-1", "utf-8", "declares 'iso-8859-1' but its bytes are UTF-8"),
    ("klingon-8", "utf-8", "no known encoding"),
])
def test_the_declared_encoding_is_checked(charset: str, encoding: str, problem: str | None) -> None:
    body = [INDONESIAN_BODY[0] + " Rapat digelar di Café Sukamaju.", *INDONESIAN_BODY[1:]]
    page = news_page(body, charset=charset).replace("“", '"').replace("”", '"')
    article = extract_article(page.encode(encoding), "https://kabar.example/berita/kafe")
    if problem is None:
        assert isinstance(article, Article) and "Café Sukamaju" in article.text
    else:
        assert isinstance(article, Problem) and article.code == "page-wrong-encoding" and problem in article.reason
