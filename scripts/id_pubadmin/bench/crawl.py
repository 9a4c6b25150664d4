"""A generated crawl for the silver tests and benchmark: WARC files of invented Indonesian news pages,
or a JSONL file of invented articles of a news article's length (:func:`write_articles`).

Every article is invented from templates and says so in its last paragraph; none reports a real
event. Pages wrap the article in the boilerplate of a news site (navigation, cookie banner, related
links, footer, scripts). A share of the articles is republished on another site with a changed
sentence (near-duplicates, often in another WARC file), and a few pages are in English, so the
language and duplicate steps have something to refuse.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

INVENTED = "Artikel ini adalah teks rekaan yang dibuat untuk pengujian perangkat lunak, bukan berita sungguhan."
FIRST = ("Ahmad", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gunawan", "Hendra", "Indah", "Joko", "Kartika", "Lestari",
         "Made", "Nur", "Putri", "Rahmat", "Sri", "Teguh", "Wahyu", "Yuni")
LAST = ("Santoso", "Wibowo", "Hidayat", "Saputra", "Kusuma", "Nugroho", "Pratama", "Siregar", "Harahap", "Lubis",
        "Rahayu", "Setiawan", "Purnomo", "Sitompul", "Wijaya")
PLACES = ("Banyuwangi", "Sleman", "Bantul", "Gresik", "Sidoarjo", "Kudus", "Garut", "Bogor", "Malang", "Jember",
          "Klaten", "Magelang", "Tegal", "Cirebon", "Kediri", "Blitar", "Pati", "Demak", "Kendal", "Batang")
ROLES = ("Bupati", "Wakil Bupati", "Wali Kota", "Sekretaris Daerah", "Camat", "Kepala Dinas Kependudukan")
PROGRAMS = ("Mal Pelayanan Publik", "layanan administrasi kependudukan daring", "sistem perizinan terpadu",
            "aplikasi pengaduan warga", "program desa digital", "layanan kesehatan keliling")
OUTLETS = ("Kabar Daerah", "Warta Nusantara", "Suara Publik", "Berita Kota", "Lintas Kabupaten")
SENTENCES = (
    "{role} {person} meresmikan {program} di Kabupaten {place} pada {day}.",
    "Menurut {person}, {program} dibuat agar warga tidak perlu antre berjam-jam di kantor pemerintah.",
    "“Kami ingin pelayanan publik di {place} semakin cepat dan mudah,” kata {person}.",
    "{person} mengatakan bahwa anggaran program tahun ini mencapai Rp{money} miliar.",
    "Sebanyak {count} warga telah memanfaatkan {program} sejak bulan lalu.",
    "Dinas Komunikasi dan Informatika Kabupaten {place} menyiapkan {count2} petugas untuk mendampingi warga.",
    "Warga {place} dapat mengurus akta kelahiran, kartu keluarga dan izin usaha di satu tempat.",
    "“Pelayanan ini gratis dan terbuka setiap hari kerja,” ujar {person2}.",
    "Pemerintah Provinsi menilai inovasi {place} layak ditiru oleh daerah lain.",
    "{person2} menjelaskan bahwa petugas akan dilatih ulang setiap {count3} bulan.",
    "Kecamatan {place2} menjadi lokasi uji coba pertama sebelum layanan diperluas.",
    "Program ini juga didukung oleh Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi.",
    "Sejumlah warga mengaku puas karena waktu pengurusan dokumen turun menjadi {count3} hari.",
    "DPRD Kabupaten {place} meminta pemerintah daerah memastikan layanan menjangkau desa terpencil.",
)
MORE = (  # further sentences for articles of real length: each drawn with its own names, places and numbers
    "Rapat koordinasi bersama {count2} kepala desa di Kecamatan {place2} digelar di pendopo {place} pada {day}.",
    "{role} {person} meminta seluruh aparatur sipil negara di {place} menuntaskan {count3} target kinerja tahun ini.",
    "Badan Perencanaan Pembangunan Daerah {place} mencatat {count} usulan warga dalam musyawarah rencana pembangunan.",
    "“Data kependudukan harus akurat sebelum bantuan disalurkan,” tegas {person2} di kantor Kecamatan {place2}.",
    "Inspektorat Kabupaten {place} menemukan {count3} temuan administrasi dalam audit {program}.",
    "Sekitar {count2} pegawai mengikuti pelatihan tata kelola arsip digital di {place2} selama {count3} hari.",
    "{person} menambahkan bahwa {program} akan tersambung dengan data Kementerian Dalam Negeri mulai bulan depan.",
    "Ombudsman Republik Indonesia perwakilan {place} menerima {count3} laporan tentang pungutan di kantor {place2}.",
    "Kepala Bagian Organisasi {person2} menyebut indeks reformasi birokrasi {place} naik menjadi {count3}0 poin.",
    "Anggaran sebesar Rp{money} juta dialokasikan untuk memperbaiki jaringan internet {count2} kantor desa.",
    "Camat {place2}, {person}, memastikan petugas jemput bola melayani warga lanjut usia di {count3} dusun.",
    "Menurut data Dinas Penanaman Modal {place}, izin usaha yang terbit naik menjadi {count} dokumen.",
)
ENGLISH = ("The regent of {place} opened a new public service hall on {day}, officials said.",
           "Residents can now apply for identity documents and business permits in one building.",
           "The program is funded by the regional budget and will be evaluated next year.")
DAYS = ("Senin (3/6/2024)", "Selasa (4/6/2024)", "Rabu (5/6/2024)", "Kamis (6/6/2024)", "Jumat (7/6/2024)")


@dataclass
class Crawl:
    """What was generated: the WARC files and how many pages of each kind they hold."""

    files: list[Path] = field(default_factory=list)
    articles: int = 0  # distinct Indonesian articles
    copies: int = 0  # republished near-duplicates of them
    english: int = 0


def _article(rng: random.Random, number: int) -> tuple[str, list[str]]:
    place, place2 = rng.sample(PLACES, 2)
    values = {"role": rng.choice(ROLES), "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
              "person2": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "place": place, "place2": place2,
              "program": rng.choice(PROGRAMS), "day": rng.choice(DAYS), "money": rng.randint(2, 900),
              "count": rng.randint(100, 99_000), "count2": rng.randint(5, 400), "count3": rng.randint(2, 12)}
    chosen = rng.sample(SENTENCES, 8)
    sentences = [s.format(**values) for s in chosen]
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    paragraphs[0] = f"{place}, nomor {number} - {paragraphs[0]}"
    title = f"{values['program'].capitalize()} hadir di {place} ({number})"
    return title, paragraphs + [INVENTED]


def long_article(rng: random.Random, number: int, sentences: int) -> str:
    """An invented article of ``sentences`` sentences in paragraphs of two or three, each sentence drawn
    with its own values (so that articles do not read as near-duplicates of each other); says it is invented."""
    templates = SENTENCES + MORE
    drawn = []
    for _ in range(sentences - 1):
        place, place2 = rng.sample(PLACES, 2)
        drawn.append(rng.choice(templates).format(
            role=rng.choice(ROLES), person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            person2=f"{rng.choice(FIRST)} {rng.choice(LAST)}", place=place, place2=place2,
            program=rng.choice(PROGRAMS), day=rng.choice(DAYS), money=rng.randint(2, 900),
            count=rng.randint(100, 99_000), count2=rng.randint(5, 400), count3=rng.randint(2, 12)))
    paragraphs, start = [], 0
    while start < len(drawn):
        size = rng.choice((2, 3))
        paragraphs.append(" ".join(drawn[start:start + size]))
        start += size
    paragraphs[0] = f"{rng.choice(PLACES)}, nomor {number} - {paragraphs[0]}"
    return "\n\n".join([*paragraphs, INVENTED])


@dataclass(frozen=True)
class Articles:
    """A generated JSONL file of articles and its size in documents and sentences (the end mark included)."""

    path: Path
    documents: int
    sentences: int


def write_articles(path: Path, documents: int, sentences: tuple[int, int] = (15, 40), seed: int = 0) -> Articles:
    """Write ``documents`` invented articles of ``sentences`` (lowest, highest) sentences as one JSONL file."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    total = 0
    with path.open("w", encoding="utf-8") as stream:
        for number in range(documents):
            count = rng.randint(*sentences)
            total += count
            text = long_article(rng, number, count)
            stream.write(json.dumps({"id": f"article-{number:06d}", "text": text}, ensure_ascii=False) + "\n")
    return Articles(path, documents, total)


def page_html(title: str, paragraphs: list[str], outlet: str) -> str:
    """A news page around an article: the boilerplate a crawler meets, the article in ``<article>``."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} - {outlet}</title>
<meta property="og:site_name" content="{outlet}"><script>var ads = [];</script><style>nav {{color: red}}</style></head>
<body><div class="cookie-banner">Situs ini memakai kuki. <button>Setuju</button></div>
<nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a> <a href="/politik">Politik</a></nav>
<main><article><h1>{title}</h1>
{body}
</article>
<aside class="related"><h3>Baca juga</h3><ul><li><a href="/a">Harga cabai naik</a></li><li><a href="/b">Jadwal kereta
lebaran</a></li></ul></aside></main>
<footer>Hak cipta {outlet}. Semua hak dilindungi. <a href="/redaksi">Redaksi</a></footer></body></html>"""


def _response(writer: object, url: str, html: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),  # type: ignore[attr-defined]
                                       http_headers=headers)
    writer.write_record(record)  # type: ignore[attr-defined]


def write_crawl(folder: Path, documents: int, files: int = 4, seed: int = 0, copy_share: float = 0.1,
                english_share: float = 0.02) -> Crawl:
    """Write ``documents`` pages into ``files`` gzipped WARC files in ``folder``."""
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    crawl = Crawl(files=[folder / f"crawl-{i:03d}.warc.gz" for i in range(files)])
    streams = [path.open("wb") for path in crawl.files]
    writers = [WARCWriter(stream, gzip=True) for stream in streams]
    published: list[tuple[str, list[str]]] = []
    try:
        for number in range(documents):
            writer = writers[number * files // documents]
            outlet = rng.choice(OUTLETS)
            url = f"https://{outlet.lower().replace(' ', '')}.example/berita/{number}"
            draw = rng.random()
            if draw < english_share:
                place = rng.choice(PLACES)
                text = [s.format(place=place, day=rng.choice(DAYS)) + f" Story {number}." for s in ENGLISH]
                _response(writer, url, page_html(f"Service hall opens in {place}", text, outlet))
                crawl.english += 1
            elif draw < english_share + copy_share and published:
                title, paragraphs = rng.choice(published)
                copy = list(paragraphs)
                copy[1] = copy[1] + " Berita ini dimuat ulang dari media mitra."
                _response(writer, url, page_html(title, copy, outlet))
                crawl.copies += 1
            else:
                title, paragraphs = _article(rng, number)
                published.append((title, paragraphs))
                _response(writer, url, page_html(title, paragraphs, outlet))
                crawl.articles += 1
    finally:
        for stream in streams:
            stream.close()
    return crawl
