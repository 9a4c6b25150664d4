"""Realistic news pages and web archives around article texts known word for word, for the extraction
benchmark and the tests.

Every article text here is INVENTED for the tests (fictional places, people and events); none is news.
A page wraps its body in what real news sites carry: scripts, styles, a cookie banner, navigation,
ads, a byline, share buttons, related links, reader comments and a footer.
"""

from __future__ import annotations

import html
import io

# INVENTED article bodies (fictional regency "Sukamaju" and its people); one list item per paragraph.
INDONESIAN_BODY = [
    "SUKAMAJU, KABAR.ID - Pemerintah Kabupaten Sukamaju meluncurkan layanan administrasi kependudukan secara "
    "daring agar warga tidak perlu lagi antre di kantor Dinas Kependudukan dan Pencatatan Sipil. [Teks rekaan "
    "untuk pengujian, bukan berita.]",
    "Bupati Sukamaju, Ratna Wulandari, mengatakan bahwa reformasi birokrasi harus terasa langsung oleh "
    "masyarakat. Menurut dia, pelayanan publik yang cepat dan terbuka menjadi ukuran utama kinerja aparatur "
    "sipil negara di daerahnya.",
    "“Kami ingin setiap warga bisa mengurus kartu keluarga dan akta kelahiran dari rumah, tanpa biaya dan "
    "tanpa perantara,” kata Ratna di Pendopo Kabupaten Sukamaju, Senin (4/3/2024).",
    "Kepala Dinas Komunikasi dan Informatika Sukamaju, Bambang Sutrisno, menjelaskan aplikasi bernama Sukamaju "
    "Melayani itu terhubung dengan Mal Pelayanan Publik. Anggaran pengembangannya berasal dari APBD tahun ini "
    "dan telah dibahas bersama DPRD.",
    "Ia menambahkan, sebanyak 14 kecamatan dan 212 desa akan mendapat pendampingan agar perangkat desa mampu "
    "membantu warga lanjut usia yang belum terbiasa memakai telepon pintar.",
    "Inspektorat daerah juga akan mengawasi pelaksanaan layanan ini setiap tiga bulan. Hasil evaluasi akan "
    "diumumkan kepada publik sebagai bagian dari akuntabilitas pemerintah daerah.",
]

# INVENTED: a second, different administration article for WARC batches.
SECOND_BODY = [
    "KOTA SUKAMULYA, WARTA.ID - Pemerintah Kota Sukamulya menyederhanakan perizinan usaha kecil melalui "
    "pelayanan terpadu satu pintu yang kini buka hingga malam hari. [Teks rekaan untuk pengujian, bukan berita.]",
    "Wali Kota Sukamulya, Hendra Kusuma, menyebut kebijakan itu lahir dari keluhan pedagang pasar yang tidak "
    "sempat datang ke kantor pada jam kerja. Ia meminta setiap kepala dinas memantau waktu layanan.",
    "Sekretaris daerah, Dewi Anggraini, menjelaskan bahwa seluruh permohonan kini tercatat dalam sistem "
    "pemerintahan berbasis elektronik sehingga warga dapat melihat posisi berkasnya kapan saja.",
    "Menurut Dewi, pemerintah kota juga menyiapkan peraturan daerah baru tentang standar pelayanan agar aparatur "
    "yang lalai dapat diberi sanksi sesuai ketentuan.",
]

# INVENTED: the same regency story told in Malay (Malaysian usage), and in English.
MALAY_BODY = [
    "KUALA SUKAMAJU - Kerajaan negeri melancarkan perkhidmatan pendaftaran dalam talian supaya rakyat tidak "
    "perlu lagi beratur di pejabat kerajaan. [Teks rekaan untuk ujian, bukan berita.]",
    "Menteri Besar berkata, perkhidmatan awam yang pantas dan telus menjadi ukuran utama prestasi penjawat awam "
    "di negeri ini. Beliau menegaskan bahawa semua jabatan perlu bekerjasama.",
    "Pengarah jabatan teknologi maklumat negeri menjelaskan aplikasi itu dibiayai peruntukan kerajaan negeri "
    "tahun ini dan akan dinilai semula setiap tiga bulan oleh pegawai yang bertanggungjawab.",
]
ENGLISH_BODY = [
    "SUKAMAJU - The regency government launched an online civil registration service so that residents no "
    "longer have to queue at the population office. [Invented text for testing, not news.]",
    "The regent said that bureaucratic reform must be felt directly by the public, and that fast and open public "
    "services are the main measure of the civil servants' performance in the region.",
    "The head of the communication office explained that the application is linked to the public service mall "
    "and that its development budget comes from this year's regional budget.",
]
# INVENTED: Indonesian but not about public administration (a football match).
SPORTS_BODY = [
    "SUKAMAJU, KABAR.ID - Persatuan Sepak Bola Sukamaju menang 3-1 atas tim tamu dalam laga lanjutan liga "
    "semalam. Dua gol dicetak penyerang muda yang baru bergabung musim ini. [Teks rekaan untuk pengujian.]",
    "Pelatih memuji para pemain yang tampil disiplin sepanjang pertandingan meski stadion diguyur hujan deras "
    "sejak babak pertama dimulai hingga peluit panjang dibunyikan.",
    "Kemenangan itu membawa tim naik ke peringkat keempat klasemen sementara. Laga berikutnya akan dimainkan "
    "di kandang lawan pada akhir pekan depan dengan kondisi pemain yang lengkap.",
]

def news_page(body: list[str], title: str = "Sukamaju luncurkan layanan kependudukan daring",
              site: str | None = "Kabar Sukamaju", published: str | None = "2024-03-04T09:30:00+07:00",
              charset: str = "utf-8", licence: str | None = None, lang: str = "id", inline_ad: bool = False) -> str:
    """A whole news page around ``body`` (one string per paragraph) with every kind of boilerplate;
    ``inline_ad`` puts an ad and a 'read also' link between the paragraphs, as many Indonesian sites do."""
    tags = [f"<p>{html.escape(p)}</p>" for p in body]
    if inline_ad:
        tags.insert(len(tags) // 2, '<div class="ads-inline"><span>ADVERTISEMENT</span><ins class="adsbygoogle">'
                                    'Promo kartu kredit</ins></div><p class="baca"><strong>Baca juga:</strong> '
                                    '<a href="/x">Warga keluhkan jalan rusak</a></p>')
    paragraphs = "\n".join(tags)
    head = [f'<meta charset="{charset}">', f"<title>{html.escape(title)} | {html.escape(site or 'Berita')}</title>",
            '<meta name="viewport" content="width=device-width">',
            "<style>body{font-family:sans-serif}.ad{width:300px}#cookie{position:fixed}</style>",
            "<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>",
            f'<meta property="og:title" content="{html.escape(title)}">']
    if site:
        head.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if licence:
        head.append(f'<link rel="license" href="{licence}">')
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{''.join(head)}</head>
<body>
<div id="cookie" class="cookie-banner">Situs ini memakai cookie untuk iklan dan analitik. <button>Setuju</button></div>
<header><nav class="menu"><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
<li><a href="/daerah">Daerah</a></li><li><a href="/ekonomi">Ekonomi</a></li><li><a href="/olahraga">Olahraga</a></li>
</ul></nav><div class="ad ad-top">Iklan: Langganan premium diskon besar hari ini</div></header>
<main><article class="post">
<h1 class="entry-title">{html.escape(title)}</h1>
<div class="byline">Penulis: Tim Redaksi | Editor: Redaksi Pusat</div>
<div class="share"><a href="#">Bagikan</a> <a href="#">Tweet</a></div>
<div class="entry-content">
{paragraphs}
<div class="baca-juga"><strong>Baca Juga:</strong> <a href="/lain-1">Harga cabai naik jelang Lebaran</a></div>
</div>
<div class="tags">Tag: <a href="/tag/a">sukamaju</a> <a href="/tag/b">layanan</a></div>
</article>
<aside class="related"><h3>Berita Terkait</h3><ul><li><a href="/r1">Jalan desa rusak dikeluhkan warga</a></li>
<li><a href="/r2">Festival kuliner digelar akhir pekan</a></li><li><a href="/r3">Banjir rendam dua kecamatan</a></li></ul></aside>
<aside class="popular"><h3>Terpopuler</h3><ol><li><a href="/p1">Artis ibu kota menikah di Bali</a></li></ol></aside>
<section class="comments" id="comments"><h3>Komentar</h3>
<div class="comment"><b>pembaca01</b>: Mantap, semoga tidak hanya wacana dan aplikasinya tidak sering error.</div>
<div class="comment"><b>warga_kritis</b>: Di desa kami sinyal saja susah, bagaimana mau daring?</div>
<form><textarea>Tulis komentar</textarea><button>Kirim</button></form></section>
</main>
<div class="ad ad-bottom">Iklan: Pinjaman cepat cair tanpa jaminan</div>
<footer><p>Redaksi | Pedoman Media Siber | Hak Cipta 2024 Kabar Sukamaju</p></footer>
<script src="/static/app.js"></script><script>console.log("loaded")</script>
</body></html>
"""


def warc_bytes(pages: list[tuple[str, bytes, str]], gzipped: bool = True) -> bytes:
    """A WARC (gzipped by default) of response records ``(url, body, content type)``, each after its request."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for url, body, content_type in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "kabar.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()

