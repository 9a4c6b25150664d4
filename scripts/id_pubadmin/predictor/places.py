"""A small gazetteer of GPE names as Indonesian news writes them: countries, provinces, large cities.

A name on these lists is a GPE whatever the model says (GUIDELINES.md §3.4: a place name is GPE even
when it stands for its government or people), and one the model missed is added where nothing
else was found. Hand-written from general knowledge; names that are also common words or people's
names (``Batu``, ``Lima``, ``Serang``, ``Bima``, ``Solo``) are left out, and so are the big islands
(``Jawa``, ``Sumatera``), which are no political units.
"""

from __future__ import annotations

import re
from functools import lru_cache

COUNTRIES = """Afganistan, Afrika Selatan, Albania, Aljazair, Amerika Serikat, Andorra, Angola, Arab Saudi, Argentina,
Armenia, Australia, Austria, Azerbaijan, Bahama, Bahrain, Bangladesh, Barbados, Belanda, Belarus, Belgia,
Belize, Benin, Bhutan, Bolivia, Bosnia dan Herzegovina, Botswana, Brasil, Britania Raya, Brunei,
Brunei Darussalam, Bulgaria, Burkina Faso, Burundi, Ceko, Chili, China, Denmark, Djibouti, Dominika,
Ekuador, El Salvador, Eritrea, Estonia, Eswatini, Etiopia, Fiji, Filipina, Finlandia, Gabon, Gambia, Georgia,
Ghana, Grenada, Guatemala, Guinea, Guyana, Haiti, Honduras, Hong Kong, Hongaria, India, Indonesia, Inggris,
Irak, Iran, Irlandia, Islandia, Israel, Italia, Jamaika, Jepang, Jerman, Kamboja, Kamerun, Kanada,
Kazakhstan, Kenya, Kirgizstan, Kiribati, Kolombia, Komoro, Korea Selatan, Korea Utara, Kosta Rika, Kroasia,
Kuba, Kuwait, Laos, Latvia, Lebanon, Lesotho, Liberia, Libya, Liechtenstein, Lituania, Luksemburg,
Madagaskar, Makau, Makedonia Utara, Maladewa, Malawi, Malaysia, Mali, Malta, Maroko, Mauritania, Mauritius,
Meksiko, Mesir, Mikronesia, Moldova, Monako, Mongolia, Montenegro, Mozambik, Myanmar, Namibia, Nauru, Nepal,
Niger, Nigeria, Nikaragua, Norwegia, Oman, Pakistan, Palau, Palestina, Panama, Pantai Gading, Papua Nugini,
Paraguay, Perancis, Peru, Polandia, Portugal, Prancis, Qatar, Rumania, Rusia, Rwanda, Samoa, San Marino,
Selandia Baru, Senegal, Serbia, Seychelles, Sierra Leone, Singapura, Siprus, Skotlandia, Slovenia, Slowakia,
Somalia, Spanyol, Sri Lanka, Sudan, Sudan Selatan, Suriah, Suriname, Swedia, Swiss, Taiwan, Tajikistan,
Tanzania, Thailand, Timor Leste, Togo, Tonga, Trinidad dan Tobago, Tunisia, Turki, Turkmenistan, Tuvalu,
Uganda, Ukraina, Uni Emirat Arab, Uruguay, Uzbekistan, Vanuatu, Vatikan, Venezuela, Vietnam, Wales, Yaman,
Yordania, Yunani, Zambia, Zimbabwe"""
PROVINCES = """Aceh, Bali, Bangka Belitung, Banten, Bengkulu, DI Yogyakarta, DKI Jakarta, Daerah Istimewa Yogyakarta,
Gorontalo, Jambi, Jawa Barat, Jawa Tengah, Jawa Timur, Kalimantan Barat,
Kalimantan Selatan, Kalimantan Tengah, Kalimantan Timur, Kalimantan Utara, Kepulauan Bangka Belitung,
Kepulauan Riau, Lampung, Maluku, Maluku Utara, Nusa Tenggara Barat, Nusa Tenggara Timur, Papua, Papua Barat,
Papua Barat Daya, Papua Pegunungan, Papua Selatan, Papua Tengah, Riau, Sulawesi Barat,
Sulawesi Selatan, Sulawesi Tengah, Sulawesi Tenggara, Sulawesi Utara, Sumatera Barat,
Sumatera Selatan, Sumatera Utara, Yogyakarta"""
CITIES = """Ambon, Amsterdam, Ankara, Baghdad, Balikpapan, Banda Aceh, Bandar Lampung, Bandung, Bangkalan, Bangkok,
Banjarmasin, Bantul, Banyumas, Banyuwangi, Batam, Baubau, Beijing, Bekasi, Bengkulu, Berlin, Binjai,
Bitung, Blitar, Bogor, Bojonegoro, Bondowoso, Bontang, Boyolali, Brussel, Buenos Aires, Bukittinggi,
Busan, Canberra, Chicago, Ciamis, Cianjur, Cilegon, Cimahi, Cirebon, Denpasar, Depok, Dhaka, Doha,
Dubai, Dumai, Fukuoka, Garut, Gowa, Gresik, Gunungkidul, Hanoi, Indramayu, Istanbul, Jakarta, Jambi,
Jayapura, Jeddah, Jember, Jenewa, Jepara, Kairo, Karachi, Karawang, Kathmandu, Kebumen, Kediri, Kendari,
Klaten, Kotamobagu, Kuala Lumpur, Kudus, Kulon Progo, Kuningan, Kupang, Kyoto, Lamongan, Langsa, Lebak,
Lhokseumawe, London, Los Angeles, Lubuklinggau, Lumajang, Luwu, Madinah, Madiun, Madrid, Magelang,
Majalengka, Makassar, Malang, Mamuju, Manado, Manila, Manokwari, Maros, Mataram, Medan, Mekkah, Melbourne,
Merauke, Mexico City, Mojokerto, Moskow, Mumbai, New Delhi, New York, Ngawi, Osaka, Ottawa, Pacitan, Padang,
Palangka Raya, Palembang, Palopo, Palu, Pamekasan, Pandeglang, Pangkalpinang, Parepare, Paris, Pasuruan,
Payakumbuh, Pekalongan, Pekanbaru, Pematangsiantar, Perth, Ponorogo, Pontianak, Prabumulih,
Probolinggo, Purwakarta, Purwokerto, Rio de Janeiro, Riyadh, Roma, Sabang, Salatiga, Samarinda, Sampang,
San Francisco, Sao Paulo, Sawahlunto, Semarang, Seoul, Shanghai, Sibolga, Sidoarjo,
Singkawang, Situbondo, Sleman, Sorong, Sragen, Subang, Sukabumi, Sumedang, Sumenep, Surabaya,
Surakarta, Sydney, Tana Toraja, Tangerang, Tanjungpinang, Tarakan, Tasikmalaya, Tebing Tinggi, Tegal,
Teheran, Ternate, Tidore, Timika, Tokyo, Tomohon, Toraja, Toronto, Trenggalek, Tuban, Tulungagung, Vancouver,
Wakatobi, Washington, Wina, Wonogiri, Yerusalem"""


def _names(block: str) -> set[str]:
    return {name.strip() for name in block.split(",") if name.strip()}


def names() -> set[str]:
    """Every listed name."""
    return _names(COUNTRIES) | _names(PROVINCES) | _names(CITIES)


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    """Every listed name as a whole word or words, the longest first."""
    listed = sorted(names(), key=lambda n: (-len(n), n))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, listed))})(?![\w-])")


def is_place(surface: str) -> bool:
    """Whether ``surface`` is a listed name (``Kota``/``Kabupaten``/``Provinsi`` before it allowed)."""
    return pattern().fullmatch(re.sub(r"^(?:Kota|Kabupaten|Provinsi|Negara|Republik) ", "", surface)) is not None
