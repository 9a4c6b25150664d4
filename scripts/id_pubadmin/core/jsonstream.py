"""Reading a JSON array one item at a time, as strictly as :func:`.jsonio.load_json`.

A Label Studio export of a few thousand documents is hundreds of megabytes; parsed whole it takes
several times that in memory. :func:`array_items` reads the file in chunks and hands out one item
at a time, so memory is bounded by the largest item (one task) instead of the file. Each item is
parsed by the standard library's decoder with the same rules as ``load_json``: strict UTF-8, no
key twice in one object, nesting within the interpreter's recursion limit. (ijson, the usual
streaming parser, lets a key appear twice and was killed by the kernel on 100,000 nested brackets,
which the standard decoder refuses at once.)
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .jsonio import JsonRejected, _unique_keys, escape

CHUNK = 1 << 20
WHITESPACE = " \t\n\r"


class NotAnArray(ValueError):
    """The file's top-level value does not start with ``[``."""


class _Reader:
    """A growing window of decoded text over the file, with a read position."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.text, self.pos, self.eof = "", 0, False

    def fill(self, size: int = CHUNK) -> None:
        """Append about ``size`` more bytes of the file; drops what was read already."""
        try:
            data = self.stream.read(size)
            decoded = self.utf8.decode(data, final=not data)
        except OSError as exc:
            raise JsonRejected(escape(str(exc))) from None
        except UnicodeDecodeError as exc:
            raise JsonRejected(f"not UTF-8: {exc.reason}") from None
        self.eof = not data
        self.text, self.pos = self.text[self.pos:] + decoded, 0

    def peek(self) -> str | None:
        """The next character that is not JSON whitespace, None at the end of the file."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.eof:
                return None
            self.fill()

    def value(self, decoder: json.JSONDecoder) -> Any:
        """The JSON value at the read position, reading on until it is complete."""
        size = CHUNK
        while True:
            try:
                item, end = decoder.raw_decode(self.text, self.pos)
            except RecursionError:
                raise JsonRejected("nested too deeply") from None
            except JsonRejected:
                raise
            except ValueError as exc:  # incomplete so far, or wrong
                if self.eof:  # (positions would be within the window, not the file: not shown)
                    raise JsonRejected(escape(getattr(exc, "msg", str(exc)))[:300]) from None
                self.fill(size)
                size *= 2  # a large item is parsed again only a logarithmic number of times
                continue
            if end == len(self.text) and not self.eof:  # a number may go on in the next chunk
                self.fill(size)
                continue
            self.pos = end
            return item


def array_items(path: Path) -> Iterator[Any]:
    """The items of the JSON array in the file at ``path``, one at a time.

    Raises NotAnArray when the top level is not an array, JsonRejected when the file cannot be read
    or is not strict JSON (possibly after some items were handed out).
    """
    decoder = json.JSONDecoder(object_pairs_hook=_unique_keys)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise JsonRejected(escape(str(exc))) from None
    with stream:
        reader = _Reader(stream)
        if reader.peek() != "[":
            raise NotAnArray()
        reader.pos += 1
        if reader.peek() == "]":
            reader.pos += 1
        else:
            while True:
                reader.peek()  # the decoder does not skip leading whitespace
                yield reader.value(decoder)
                following = reader.peek()
                reader.pos += 1
                if following == "]":
                    break
                if following != ",":
                    raise JsonRejected("the file ends before the list of tasks does" if following is None
                                       else f"expected ',' or ']' after an item, found {escape(following)!r}")
        if reader.peek() is not None:
            raise JsonRejected("extra data after the list of tasks")
