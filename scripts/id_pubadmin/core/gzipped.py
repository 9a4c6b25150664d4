"""Gzip that gives the same bytes on every Python, so shipped gzipped files can be rebuilt and compared.

``gzip.compress`` changed its header between Python versions (3.11 lets zlib write it, with the
operating-system byte 3; 3.13 writes its own, with 255). zlib's own gzip wrapper, at a fixed level and
with no timestamp, is the same on each.
"""

import zlib

__all__ = ["gzip_bytes"]


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzipped at level 9 by zlib, with a zero timestamp: same input, same bytes."""
    return zlib.compress(data, 9, wbits=31)
