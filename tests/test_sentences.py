"""Sentence segmentation: the seed article sentence by sentence, and each convention on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from id_pubadmin import split_sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_13a1a3eb3f5c1738.txt"

SEED_SENTENCES = (
    # paragraph 0
    (
        "SURYA.CO.ID, BANYUWANGI - Lembaga Administrasi Negara (LAN) Republik Indonesia menunjuk "
        "Pemkab Banyuwangi sebagai lokasi Indonesia - Jepang Knowledge Exchange Seminar 2022 di "
        "Kantor LAN RI, Jakarta, Rabu (9/11/2022)."
    ),
    (
        "Dalam seminar bertajuk “Metaverse Bureaucracy: Digital Tranformation of Local Government"
        " Services” tersebut, Bupati Banyuwangi, Ipuk Fiestiandani memberikan pemaparan bersama "
        "sejumlah birokrat dari Jepang."
    ),
    # paragraph 1
    (
        "Deputi Bidang Kajian Kebijakan dan Inovasi Administrasi Negara LAN RI, Tri Widodo Wahyu "
        "sengaja mengundang Banyuwangi sebagai narasumber dikarenakan memiliki spirit inovasi "
        "yang baik."
    ),
    "Terutama dalam melakukan transformasi digital.",
    # paragraph 2
    (
        "“Inovasi-inovasi yang dilakukan oleh Banyuwangi dalam membentuk birokrasi yang baik "
        "inilah jadi modal penting untuk transformasi menuju birokrasi metaverse,” terang Widodo,"
        " Selasa (10/11/2022)."
    ),
    # paragraph 3
    (
        "Sementara Direktur Bidang Informasi, Pendidikan, dan Kebudayaan Kedutaan Besar Jepang di"
        " Indonesia, Wakabayashi Takahiro menyebutkan bahwa upaya digitalisasi birokrasi "
        "mensyaratkan adanya kekompakan."
    ),
    "Seluruh pihak harus saling dukung untuk bersama mendigitalisasi layanan.",
    # paragraph 4
    "“Kegiatan hari ini adalah bentuk saling support untuk mewujudkan digitalisasi birokrasi.",
    (
        "Sebagaimana diketahui, agenda G20 di mana Indonesia menjadi presidensi, salah satu "
        "agenda pentingnya adalah digitalisasi,” ungkap Wakabayashi."
    ),
    # paragraph 5
    "Wakabayashi mengamati proses digitalisasi birokrasi di Indonesia berjalan baik.",
    "Terutama pada penanganan Covid-19 dalam aplikasi PeduliLindungi.",
    "Awalnya, hal tersebut, sempat disangsikan.",
    "Namun dengan berbagai support, aplikasi tersebut berjalan dengan baik.",
    # paragraph 6
    (
        "“Selain itu, saya juga melihat sejumlah daerah juga bertransformasi cukup baik dalam "
        "mewujudkan birokrasi digital."
    ),
    "Termasuk Banyuwangi yang cukup lama saya pelajari,” terangnya.",
    # paragraph 7
    (
        "LAN RI menggelar acara tersebut bersama The Japan Council of Local Authorities for "
        "International Relations, Singapore Representative Office (J-Clair Singapore) dan "
        "Kementerian Dalam Negeri dan Komunikasi Jepang."
    ),
    # paragraph 8
    (
        "Selain Bupati Ipuk, acara tersebut juga menghadirkan Yasukawa Kohei (Direktur "
        "Transformasi Birokrasi Digital Kota Fukuoka, Jepang) dan Tanno Yusuke (Kepala "
        "Transformasi Digital Kantor Pemasaran Kota Nayogawa, Jepang) serta Manpalagupta Sitorus "
        "(Chief Sales Marketing WIR Group)."
    ),
    # paragraph 9
    (
        "Dalam kesempatan tersebut, Ipuk memaparkan tantangan yang harus dihadapi oleh Banyuwangi"
        " sehingga mendorong untuk melakukan digitalisasi birokrasi."
    ),
    "“Banyuwangi memiliki kawasan yang luas dan membutuhkan pelayanan publik yang cepat.",
    "Hal inilah yang mengharuskan kita untuk bertransformasi ke pelayanan digital,” ungkapnya.",
    # paragraph 10
    (
        "Untuk menjawab hal tersebut, Banyuwangi mengembangkan sejumlah aplikasi untuk "
        "mempercepat kinerja pemerintahan dan pelayanan publik."
    ),
    (
        "“Selain itu, kita juga mengembangkan Smart Kampung untuk mengajak pemerintah desa "
        "bersama-sama bertransformasi digital,” terangnya."
    ),
    # paragraph 11
    (
        "Akan tetapi, lanjut Ipuk, transformasi digital tidak serta merta akan diikuti oleh "
        "masyarakat yang masih rendah pemahaman digitalnya."
    ),
    "Untuk itu, berbagai layanan offline juga terus digalakkan.",
    # paragraph 12
    (
        "Seperti halnya Mal Pelayanan Publik (MPP), Pasar Pelayanan Publik, Gerai Pelayanan "
        "Publik khusus nelayan dan berbagai layanan jemput bola lainnya, di antaranya Bupati "
        "Ngantor di Desa (Bunga Desa)."
    ),
    # paragraph 13
    (
        "“Dari program-program tersebut menjadi media bagi kami untuk mensosialisasikan ragam "
        "layanan digital."
    ),
    "Baik secara keseluruhan maupun sebagian.",
    "Di antaranya sekarang kita mengembangkan MPP Digital,” pungkasnya.",
)


def seed_document() -> str:
    raw = SEED.read_text(encoding="utf-8").strip()
    assert raw.startswith("date 2022-11 ") and raw.endswith(" ****")
    return raw.removeprefix("date 2022-11 ").removesuffix(" ****")


def sentence_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_seed_article_sentences_are_exact() -> None:
    assert sentence_texts(seed_document()) == list(SEED_SENTENCES)


def test_seed_sentences_per_paragraph() -> None:
    paragraphs = seed_document().split("\n\n")
    counts = [len(split_sentences(paragraph)) for paragraph in paragraphs]
    assert counts == [2, 2, 1, 2, 2, 4, 2, 1, 1, 3, 2, 2, 1, 3]


def test_seed_spans_are_offsets_into_the_document() -> None:
    text = seed_document()
    spans = split_sentences(text)
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("  \n\t ", []),
        ("Tanpa tanda baca di akhir", ["Tanpa tanda baca di akhir"]),
        ("  Satu.  Dua.  ", ["Satu.", "Dua."]),
        ("Judul berita\n\nIsi berita.", ["Judul berita", "Isi berita."]),
        ("Kalimat pertama,\n\ndan paragraf baru.", ["Kalimat pertama,", "dan paragraf baru."]),
        ("Judul Berita Hari Ini\nIsi berita dimulai.", ["Judul Berita Hari Ini", "Isi berita dimulai."]),
        ("Kalimat yang\nterpotong baris.", ["Kalimat yang\nterpotong baris."]),
        ("Syarat:\n1. Memiliki KTP\n2. Berusia 17 tahun.", ["Syarat:", "1. Memiliki KTP", "2. Berusia 17 tahun."]),
    ],
)
def test_paragraphs_lines_and_whitespace(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kunjungi SURYA.CO.ID untuk berita lainnya.",
        "Ia membeli beras, gula, dll. yang dibutuhkan warga.",
        "Kantor itu berada di Jl. Sudirman No. 5 Kab. Banyuwangi.",
        "Acara dibuka oleh H. Abdul Madjid dan Dr. Soetomo.",
        "Sambutan disampaikan Budi Santoso, S.H., M.Si. di pendopo.",
        "Hadir pula Tn. Lim, Ny. Tan dan Nn. Dewi.",
        "Saham PT Bank Rakyat Indonesia (Persero) Tbk. BBRI naik.",
        "Kantor ABC Pte. Ltd. dibuka di Jakarta.",
        "Harganya Rp. 1.500 per lembar atau 2,5 persen dari 9/11/2022.",
        "Ipuk F. Fiestiandani hadir.",
        "Bandara Sultan Syarif Kasim II (SSK. II) Pekanbaru ramai.",
        "Buah Paprika (Capsicum annuum L.) mahal.",
        "“Siap!” kata Budi kepada wartawan.",
        "“Benarkah?” tanya Ipuk.",
        "Ia menunggu... lalu pergi.",
        "Dibayar Rp 5 jt. per bulan sejak tgl. 5 Mei.",
        "Ia meraih gelar Ph. D. di Leiden.",
        "Pendapatnya (lihat hlm. 5) berbeda.",
    ],
)
def test_no_boundary_inside(text: str) -> None:
    assert sentence_texts(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ia datang. Lalu pergi.", ["Ia datang.", "Lalu pergi."]),
        ("Benarkah? Ya! Tentu…", ["Benarkah?", "Ya!", "Tentu…"]),
        ("Jumlahnya 1.500. Tahun lalu 2,5.", ["Jumlahnya 1.500.", "Tahun lalu 2,5."]),
        ("Ia datang. “Saya senang,” katanya.", ["Ia datang.", "“Saya senang,” katanya."]),
        ("“Saya senang.” Ia tertawa.", ["“Saya senang.”", "Ia tertawa."]),
        ('Ia datang. "Saya senang." Ia tertawa.', ["Ia datang.", '"Saya senang."', "Ia tertawa."]),
        ("Rapat selesai. 25 orang hadir.", ["Rapat selesai.", "25 orang hadir."]),
        ("(Foto: dokumentasi.) Rapat selesai.", ["(Foto: dokumentasi.)", "Rapat selesai."]),
        ("Situs itu kompas.com. Isinya berita.", ["Situs itu kompas.com.", "Isinya berita."]),
        ("Ia lahir di Italia. apakah ia kembali?", ["Ia lahir di Italia.", "apakah ia kembali?"]),
        ("Sudah siap? belum juga.", ["Sudah siap?", "belum juga."]),
        ("Ia membeli gula, dll. Kemudian pulang.", ["Ia membeli gula, dll.", "Kemudian pulang."]),
        ("Ia datang. - Lihat itu.", ["Ia datang.", "- Lihat itu."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_multi_sentence_quotation_is_split_with_marks_on_the_outer_sentences() -> None:
    text = "“Kami siap. Semua sudah disiapkan,” ungkap Wakabayashi. Rapat lalu ditutup."
    assert sentence_texts(text) == [
        "“Kami siap.",
        "Semua sudah disiapkan,” ungkap Wakabayashi.",
        "Rapat lalu ditutup.",
    ]
