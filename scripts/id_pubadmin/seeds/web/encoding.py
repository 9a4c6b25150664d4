"""A page's bytes as text, decoded as browsers do: the WHATWG Encoding standard's labels and byte order marks.

A byte order mark decides first; then the charset of the HTTP header, then the one of ``<meta>``.
A label names an encoding through the standard's table (:data:`LABELS`), not Python's aliases: a
page labelled ``iso-8859-1``, ``latin1`` or ``ascii`` is decoded as windows-1252, as every browser
does, so its curly quotation marks (bytes 0x93, 0x94) survive. Unlike a browser, nothing is
guessed or replaced: a page that declares nothing must be UTF-8, bytes invalid in the encoding are
refused, and so is a page labelled single-byte whose bytes are UTF-8.
"""

from __future__ import annotations

import codecs
import re

from ...core.errors import FORMAT, Problem, define_error

PAGE_WRONG_ENCODING = define_error(
    "page-wrong-encoding", FORMAT,
    "the page's bytes do not match the character encoding it declares (HTTP header or <meta charset>), or it "
    "declares none and is not UTF-8, or it declares a label the WHATWG Encoding standard does not know",
    "save the page again from the browser (it re-encodes it as UTF-8 and says so), or fix its charset declaration")

# The WHATWG Encoding standard (encoding.spec.whatwg.org): Python codec -> the labels that name it.
_LABELS_BY_CODEC: dict[str, str] = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                 "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                 "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                 "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
              "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
              "windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc-jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022-jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
             "windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
}
LABELS: dict[str, str] = {label: codec for codec, labels in _LABELS_BY_CODEC.items() for label in labels.split()}
# Labels the standard maps to its "replacement" encoding (or to x-user-defined): no news page's text is in them.
REFUSED_LABELS = ("csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr", "replacement",
                  "x-user-defined")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le"))
_SINGLE_BYTE = {codec for codec in _LABELS_BY_CODEC if codec.startswith(("iso8859", "cp", "koi8", "mac"))} - {
    "cp932", "cp949"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([^\s"'>;/]+)""", re.IGNORECASE)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def codec_of(label: str) -> str | None:
    """The Python codec decoding the encoding a WHATWG ``label`` names (case and outer spaces ignored); None for
    a label the standard does not know or maps to no text encoding."""
    return LABELS.get(label.strip(" \t\n\f\r").lower())


def byte_order_mark(data: bytes) -> tuple[str, int] | None:
    """(codec, length) of the byte order mark ``data`` opens with, if any."""
    return next(((codec, len(bom)) for bom, codec in _BOMS if data.startswith(bom)), None)


def decode(data: bytes, declared: str | None, source: str) -> str | Problem:
    """The page as text: byte order mark first, then the HTTP header's charset, then ``<meta charset>``."""
    if (bom := byte_order_mark(data)) is not None:
        codec, skip = bom
        return _strict(data[skip:], codec, f"opens with the {codec} byte order mark", skip, source)
    meta = _META_CHARSET.search(data[:4096])
    label = declared or (meta.group(1).decode("ascii", "replace") if meta else None)
    where = "HTTP header" if declared else "<meta charset>"
    if label is None:
        return _strict(data, "utf-8", "the page declares no charset, so it must be UTF-8", 0, source)
    codec = codec_of(label)
    if codec is None:
        known = "is no text encoding" if label.strip().lower() in REFUSED_LABELS else "is no known encoding label"
        return PAGE_WRONG_ENCODING.at(source, where, f"declares charset {label!r}, which {known} of the WHATWG "
                                      "Encoding standard")
    if not declared and codec.startswith("utf-16"):
        codec = "utf-8"  # the standard: a <meta> read as ASCII cannot truly declare UTF-16
    if codec in _SINGLE_BYTE and _UTF8_SEQUENCE.search(data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return PAGE_WRONG_ENCODING.at(source, where, f"declares {label!r} but its bytes are UTF-8 (read as "
                                          f"{codec} they would turn every accented letter into two)")
    return _strict(data, codec, f"declares {label!r}" + (f" (read as {codec})" if codec != label.lower() else ""),
                   0, source)


def _strict(data: bytes, codec: str, said: str, offset: int, source: str) -> str | Problem:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        return PAGE_WRONG_ENCODING.at(source, f"byte {offset + exc.start}", f"{said} but byte "
                                      f"0x{data[exc.start]:02x} is not valid {codec}")
