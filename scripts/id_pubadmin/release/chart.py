"""A bar chart of entity mentions per label, as a PNG with deterministic bytes.

Written in pure Python so that the same counts give the same bytes on every machine: a 5x7 pixel
font, an indexed-colour image, and a zlib stream encoded here (fixed Huffman codes, runs of equal
bytes as matches at distance 1) instead of by the zlib library, whose output may vary by version.
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter

from ..core import labels

CHART_NAME = "entity_labels.png"

# 5x7 glyphs, one 5-bit row per number, top row first.
FONT: dict[str, tuple[int, ...]] = {
    "A": (14, 17, 17, 17, 31, 17, 17), "B": (30, 17, 17, 30, 17, 17, 30), "C": (14, 17, 16, 16, 16, 17, 14),
    "D": (28, 18, 17, 17, 17, 18, 28), "E": (31, 16, 16, 30, 16, 16, 31), "F": (31, 16, 16, 30, 16, 16, 16),
    "G": (14, 17, 16, 23, 17, 17, 15), "H": (17, 17, 17, 31, 17, 17, 17), "I": (14, 4, 4, 4, 4, 4, 14),
    "J": (7, 2, 2, 2, 2, 18, 12), "K": (17, 18, 20, 24, 20, 18, 17), "L": (16, 16, 16, 16, 16, 16, 31),
    "M": (17, 27, 21, 21, 17, 17, 17), "N": (17, 17, 25, 21, 19, 17, 17), "O": (14, 17, 17, 17, 17, 17, 14),
    "P": (30, 17, 17, 30, 16, 16, 16), "Q": (14, 17, 17, 17, 21, 18, 13), "R": (30, 17, 17, 30, 20, 18, 17),
    "S": (15, 16, 16, 14, 1, 1, 30), "T": (31, 4, 4, 4, 4, 4, 4), "U": (17, 17, 17, 17, 17, 17, 14),
    "V": (17, 17, 17, 17, 17, 10, 4), "W": (17, 17, 17, 21, 21, 21, 10), "X": (17, 17, 10, 4, 10, 17, 17),
    "Y": (17, 17, 17, 10, 4, 4, 4), "Z": (31, 1, 2, 4, 8, 16, 31), "0": (14, 17, 19, 21, 25, 17, 14),
    "1": (4, 12, 4, 4, 4, 4, 14), "2": (14, 17, 1, 2, 4, 8, 31), "3": (31, 2, 4, 2, 1, 17, 14),
    "4": (2, 6, 10, 18, 31, 2, 2), "5": (31, 16, 30, 1, 1, 17, 14), "6": (6, 8, 16, 30, 17, 17, 14),
    "7": (31, 1, 2, 4, 8, 8, 8), "8": (14, 17, 17, 14, 17, 17, 14), "9": (14, 17, 17, 15, 1, 2, 12),
    "-": (0, 0, 0, 31, 0, 0, 0), "_": (0, 0, 0, 0, 0, 0, 31), " ": (0, 0, 0, 0, 0, 0, 0),
}
PALETTE = ((255, 255, 255), (33, 37, 41), (52, 101, 164), (222, 226, 230))  # background, text, bar, axis
BACKGROUND, TEXT, BAR, AXIS = range(4)
SCALE = 2  # screen pixels per font pixel
GLYPH_WIDTH, GLYPH_HEIGHT = 6 * SCALE, 7 * SCALE  # with one column of spacing
ROW_HEIGHT, BAR_HEIGHT, MARGIN, WIDTH = 24, 18, 10, 520


class Canvas:
    """An indexed-colour image, row-major."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.pixels = bytearray(width * height)

    def fill(self, left: int, top: int, width: int, height: int, colour: int) -> None:
        for y in range(top, top + height):
            self.pixels[y * self.width + left:y * self.width + left + width] = bytes([colour]) * width

    def text(self, left: int, top: int, text: str) -> None:
        for index, char in enumerate(text.upper()):
            for row, bits in enumerate(FONT.get(char, FONT[" "])):
                for column in range(5):
                    if bits >> (4 - column) & 1:
                        self.fill(left + index * GLYPH_WIDTH + column * SCALE, top + row * SCALE, SCALE, SCALE, TEXT)

    def rows(self) -> list[bytes]:
        return [bytes(self.pixels[y * self.width:(y + 1) * self.width]) for y in range(self.height)]


def bar_chart(counts: list[tuple[str, int]]) -> bytes:
    """PNG of one horizontal bar per (name, count), in the given order."""
    label_width = max(len(name) for name, _ in counts) * GLYPH_WIDTH + MARGIN
    count_width = max(len(str(count)) for _, count in counts) * GLYPH_WIDTH + MARGIN
    bar_left = MARGIN + label_width
    bar_room = WIDTH - bar_left - count_width - MARGIN
    canvas = Canvas(WIDTH, 2 * MARGIN + ROW_HEIGHT * len(counts))
    canvas.fill(bar_left - 1, MARGIN, 1, ROW_HEIGHT * len(counts), AXIS)
    largest = max((count for _, count in counts), default=0) or 1
    for index, (name, count) in enumerate(counts):
        top = MARGIN + index * ROW_HEIGHT
        text_top = top + (ROW_HEIGHT - GLYPH_HEIGHT) // 2
        canvas.text(MARGIN, text_top, name)
        length = round(bar_room * count / largest)
        canvas.fill(bar_left, top + (ROW_HEIGHT - BAR_HEIGHT) // 2, length, BAR_HEIGHT, BAR)
        canvas.text(bar_left + length + MARGIN // 2, text_top, str(count))
    return png(canvas)


def entity_label_chart(by_label: Counter[str]) -> bytes:
    """The chart of entity mentions per label over all splits, labels in their declared order."""
    return bar_chart([(label, by_label[label]) for label in labels.ENTITY_LABELS])


def png(canvas: Canvas) -> bytes:
    """The canvas as an 8-bit indexed PNG; every row uses the Up filter."""
    previous = bytes(canvas.width)
    filtered = bytearray()
    for row in canvas.rows():
        filtered += b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, previous))
        previous = row
    header = struct.pack(">IIBBBBB", canvas.width, canvas.height, 8, 3, 0, 0, 0)
    palette = b"".join(bytes(colour) for colour in PALETTE)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", palette)
            + _chunk(b"IDAT", zlib_stream(bytes(filtered))) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class _Bits:
    """Deflate's bit order: values least significant bit first, Huffman codes most significant first."""

    def __init__(self) -> None:
        self.out, self.value, self.count = bytearray(), 0, 0

    def put(self, value: int, width: int) -> None:
        self.value |= value << self.count
        self.count += width
        while self.count >= 8:
            self.out.append(self.value & 0xFF)
            self.value >>= 8
            self.count -= 8

    def code(self, code: int, width: int) -> None:
        self.put(int(f"{code:0{width}b}"[::-1], 2), width)

    def flush(self) -> bytes:
        return bytes(self.out) + (bytes([self.value]) if self.count else b"")


def _literal(bits: _Bits, symbol: int) -> None:
    """A literal/length symbol in deflate's fixed Huffman code."""
    if symbol < 144:
        bits.code(0x30 + symbol, 8)
    elif symbol < 256:
        bits.code(0x190 + symbol - 144, 9)
    elif symbol < 280:
        bits.code(symbol - 256, 7)
    else:
        bits.code(0xC0 + symbol - 280, 8)


def _length_codes() -> list[tuple[int, int, int]]:
    """(symbol, base length, extra bits) of deflate's length symbols 257-285."""
    codes, base = [], 3
    for index in range(28):
        extra = 0 if index < 8 else (index - 4) // 4
        codes.append((257 + index, base, extra))
        base += 1 << extra
    return codes + [(285, 258, 0)]


LENGTH_CODES = _length_codes()


def zlib_stream(data: bytes) -> bytes:
    """``data`` as a zlib stream: one fixed-Huffman block, each run of 4+ equal bytes as a byte and a match."""
    bits = _Bits()
    bits.put(1, 1)  # final block
    bits.put(1, 2)  # fixed Huffman codes
    index = 0
    while index < len(data):
        _literal(bits, data[index])
        run = 0
        while index + 1 + run < len(data) and data[index + 1 + run] == data[index] and run < 258:
            run += 1
        if run >= 3:
            symbol, base, extra = next(c for c in reversed(LENGTH_CODES) if c[1] <= run)
            _literal(bits, symbol)
            bits.put(run - base, extra)
            bits.code(0, 5)  # distance 1
            index += run
        index += 1
    _literal(bits, 256)
    return b"\x78\x01" + bits.flush() + struct.pack(">I", zlib.adler32(data))
