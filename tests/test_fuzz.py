"""Properties and a bounded fuzz run of the two readers of outside input: exports and seeds.

- Round trips: generated records -> import tasks -> export -> records gives the same records, and
  records -> corpus rows -> records too (with the rows passing every row check).
- Fuzzing: mutated bytes and mutated JSON structures of a valid export, and mutated bytes of a
  valid seed and its metadata, raise only our own errors (``CorpusError``) and never yield a span
  that is not sound (on token edges) or whose text is not the document's text at its offsets.

The default run is the same every time and takes well under a minute. For a longer, random run set
``ID_PUBADMIN_FUZZ_EXAMPLES`` (examples per fuzz test; the round trips get a third), e.g.
``ID_PUBADMIN_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from id_pubadmin.annotations.export import Annotations, read_export, tasks_from_records
from id_pubadmin.core import labels
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.corpus.checks import check_rows
from id_pubadmin.corpus.rows import document_row
from id_pubadmin.derive import Derived, derive_rows
from id_pubadmin.seeds import seed_files, seed_metadata
from id_pubadmin.segment.spans import TokenEdges, span_fault
from id_pubadmin.segment.tokens import tokenize
from test_lsexport import DOCUMENTS, ENTITIES, QUOTES, as_export

EXAMPLES = int(os.environ.get("ID_PUBADMIN_FUZZ_EXAMPLES", "150"))
LONG_RUN = "ID_PUBADMIN_FUZZ_EXAMPLES" in os.environ  # random; the default short run is the same every time
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not LONG_RUN,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ROUND_TRIP = settings(FUZZ, max_examples=max(50, EXAMPLES // 3))

VALID_EXPORT = json.dumps(as_export(tasks_from_records(DOCUMENTS, ENTITIES, QUOTES)), ensure_ascii=False)
SEED_TEXT = DOCUMENTS["kabar-001"]
VALID_SEED = f"date 2022-11 {SEED_TEXT} ****".encode()


@contextmanager
def _scratch(name: str) -> Iterator[Path]:
    """A fresh file path in a folder deleted afterwards; hypothesis runs many examples per test, so
    tmp_path (one folder per test) cannot be used."""
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-fuzz-") as folder:
        yield Path(folder) / name


def test_scratch_folders_are_deleted_even_when_an_example_fails() -> None:
    try:
        with _scratch("export.json") as path:
            path.write_text("[]", encoding="utf-8")
            raise AssertionError("a failing example")
    except AssertionError:
        pass
    assert not path.parent.exists()


def _sort(records: list[dict], key: str) -> list[dict]:
    return sorted(records, key=lambda r: (r["document_id"], r["start"], r["end"], r[key]))


# Generated records ---------------------------------------------------------------------------------

WORD = st.text(st.characters(exclude_categories=("Z", "C")), min_size=1, max_size=6)
GAP = st.sampled_from([" ", "  ", "\n", "\n\n", " \U0001f600 ", " \u00a0", "\t"])


@st.composite
def annotated_text(draw: Any, word: Any = WORD, gap: Any = GAP, prefix: str = "", direct: bool = True) -> tuple:
    """(text, entities, quotes) of one document "gen": flat entities over runs of words, quotes with cues."""
    words = draw(st.lists(word, min_size=1, max_size=25, unique=True))
    text, spans = prefix, []
    for w in words:
        spans.append((len(text), len(text) + len(w)))
        text += w + draw(gap)
    text = text.rstrip() + "."

    def record(start: int, end: int) -> dict:
        return {"start": spans[start][0], "end": spans[end][1], "text": text[spans[start][0]:spans[end][1]]}

    entities, position = [], 0
    while position < len(words):
        length = draw(st.integers(0, 3))
        if length:
            end = min(position + length, len(words)) - 1
            label = draw(st.sampled_from(labels.ENTITY_LABELS))
            entities.append({"document_id": "gen", "mention_id": f"m-{len(entities)}", **record(position, end),
                             "label": label, "entity_id": f"{label.lower()}-{draw(st.integers(0, 2))}",
                             "links": []})
        position += max(length, 1)
    persons = [e for e in entities if e["label"] == "PERSON"]
    quotes = []
    for number in range(draw(st.integers(0, 3)) if persons else 0):
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, len(words) - 1))
        cue = draw(st.integers(0, len(words) - 1))
        speaker = draw(st.sampled_from([None, *persons]))
        quotes.append({"document_id": "gen", "quote_id": f"q-{number}",
                       "type": draw(st.sampled_from(labels.QUOTE_TYPES if direct else ("indirect",))),
                       **record(first, last), "cue": record(cue, cue),
                       "speaker": None if speaker is None else {k: speaker[k] for k in ("start", "end", "text")},
                       "speaker_entity_id": (speaker or draw(st.sampled_from(persons)))["entity_id"]})
    return text, entities, quotes


@ROUND_TRIP
@given(annotated_text())
def test_records_survive_the_round_trip_through_an_export(generated: tuple) -> None:
    text, entities, quotes = generated
    with _scratch("export.json") as path:
        path.write_text(json.dumps(as_export(tasks_from_records({"gen": text}, entities, quotes))), encoding="utf-8")
        annotations = read_export(path, {"gen": text})
        assert annotations.entities == _sort(entities, "mention_id")
        assert annotations.quotes == _sort(quotes, "quote_id")
        assert annotations.annotated_documents == (["gen"] if entities or quotes else [])


DATELINE = "KABAR.ID, SUKAMAJU - "


@ROUND_TRIP
@given(annotated_text(word=st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), gap=st.just(" "),
                      prefix=DATELINE, direct=False))
def test_records_survive_the_round_trip_through_corpus_rows(generated: tuple) -> None:
    text, entities, quotes = generated
    with _scratch("gen.txt") as path:
        path.write_text(f"date 2022-11 {text} ****", encoding="utf-8")
        seed = seed_files.parse_seed(path)
        metadata = seed_metadata.metadata_for(seed, "generated")
        seed_metadata.metadata_path(path).write_text(json.dumps(metadata), encoding="utf-8")
        derived = Derived([document_row(seed, seed_metadata.read_metadata(seed))], entities, quotes,
                          {"gen"} if entities or quotes else set())  # as an export's regions make it annotated
        derive_rows(derived)
        assert check_rows(derived.rows, lambda *_: "generated") == []
        back = {config: [r for rows in derived.rows[config].values() for r in rows]
                for config in ("entities", "quotes")}
        assert [{k: v for k, v in r.items() if k != "sentence_index"} for r in back["entities"]] == entities
        assert [{k: v for k, v in r.items() if k != "sentence_indices"} for r in back["quotes"]] == quotes


# Fuzzing the export reader -------------------------------------------------------------------------


def _check_sound(annotations: Annotations, documents: dict[str, str]) -> None:
    """Every span read is a sound span of its document (on token edges) and the text at its offsets."""
    for record in annotations.entities + annotations.quotes:
        text = documents[record["document_id"]]
        spans = [record] + [record[k] for k in ("cue", "speaker") if record.get(k) is not None]
        for span in spans:
            assert type(span["start"]) is int and type(span["end"]) is int
            assert span_fault(text, span["start"], span["end"], TokenEdges.of(tokenize(text))) is None
            assert text[span["start"]:span["end"]] == span["text"]


def _read_export_bytes(data: bytes) -> None:
    with _scratch("export.json") as path:
        path.write_bytes(data)
        try:
            annotations = read_export(path, DOCUMENTS)
        except CorpusError as exc:
            assert exc.problems and all(p.code for p in exc.problems)
            return
        _check_sound(annotations, DOCUMENTS)


@st.composite
def mutated_bytes(draw: Any, original: bytes) -> bytes:
    """``original`` with a few bytes flipped, deleted, inserted or the end cut off."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        operation = draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        if operation == "flip" and data:
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "delete":
            del data[position:position + draw(st.integers(1, 16))]
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(
                [b"\xff", b"\xef\xbb\xbf", b"\r\n", b"\\u0000", b'"', b"}", b"[", b"-1", b"\xf0\x9f\x98\x80", b"[" * 2_000]))
        else:
            del data[position:]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2**40) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
KEYS = ["id", "data", "text", "document_id", "annotations", "result", "value", "start", "end", "labels",
        "from_name", "to_name", "type", "from_id", "to_id", "direction", "choices", "was_cancelled",
        "ground_truth", "updated_at", "predictions"]


def _places(node: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every value inside ``node``."""
    keys = sorted(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
    return [place for key in keys for place in [(node, key), *_places(node[key])]]


@st.composite
def mutated_structure(draw: Any, original: Any) -> Any:
    """``original`` with a few values, anywhere, replaced, deleted, copied or given odd keys."""
    document = json.loads(json.dumps(original))
    for _ in range(draw(st.integers(1, 3))):
        places = _places(document)
        if not places:
            break
        parent, key = draw(st.sampled_from(places))
        operation = draw(st.sampled_from(["replace", "delete", "copy", "add-key"]))
        if operation == "replace":
            parent[key] = draw(JSON_VALUES | st.sampled_from([-1, 0, 10**6, "", "PERSON", "QUOTE", "cue", "entity"]))
        elif operation == "delete":
            del parent[key]
        elif operation == "copy" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
        elif isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(KEYS))] = draw(JSON_VALUES)
    return document


@FUZZ
@given(mutated_bytes(VALID_EXPORT.encode()))
def test_export_reader_on_mutated_bytes(data: bytes) -> None:
    _read_export_bytes(data)


@FUZZ
@given(mutated_structure(json.loads(VALID_EXPORT)))
def test_export_reader_on_mutated_structures(export: Any) -> None:
    _read_export_bytes(json.dumps(export, ensure_ascii=False, allow_nan=True).encode())


# Fuzzing the seed reader ---------------------------------------------------------------------------


def _read_seed(raw: bytes, metadata: bytes | None) -> None:
    with _scratch("seed.txt") as path:
        path.write_bytes(raw)
        try:
            seed = seed_files.parse_seed(path)
            if metadata is None:
                metadata = json.dumps(seed_metadata.metadata_for(seed, "fuzzed")).encode()
            seed_metadata.metadata_path(path).write_bytes(metadata)
            seed_metadata.read_metadata(seed)
        except CorpusError as exc:
            assert exc.problems and all(p.code for p in exc.problems)
            return
        assert seed.raw[seed.text_offset:seed.text_offset + len(seed.text)] == seed.text
        assert seed.text.strip() and seed.text[:seed.dateline_end].startswith(seed.outlet)


@FUZZ
@given(mutated_bytes(VALID_SEED))
def test_seed_reader_on_mutated_bytes(raw: bytes) -> None:
    _read_seed(raw, None)


@FUZZ
@given(mutated_bytes(json.dumps({"document_id": "seed", "source_file": "seed.txt", "outlet": "KABAR.ID",
                                 "dateline_place": "SUKAMAJU", "published": "2022-11", "language": "id",
                                 "sha256": hashlib.sha256(VALID_SEED).hexdigest(),
                                 "rights": "fuzzed"}).encode()))
def test_seed_metadata_reader_on_mutated_bytes(metadata: bytes) -> None:
    _read_seed(VALID_SEED, metadata)
