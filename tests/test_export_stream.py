"""Exports are read one task at a time: no size cap, and the JSON rules of the whole-file reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from id_pubadmin.annotations.tasks import read_tasks
from id_pubadmin.core import jsonstream
from id_pubadmin.core.errors import ExportError
from id_pubadmin.core.jsonio import JsonRejected, load_json

OLD_CAP = 64 * 1024 * 1024


def test_an_export_larger_than_the_old_64_mib_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    text = "Warga Sukamaju menyambut layanan baru di kantor desa. " * 1500  # about 80 kB a task
    count = OLD_CAP // len(text) + 50
    with path.open("w", encoding="utf-8") as out:
        out.write("[" + ",".join(json.dumps({"id": n, "data": {"text": text, "document_id": f"d{n:05d}"},
                                             "annotations": []}) for n in range(count)) + "]")
    assert path.stat().st_size > OLD_CAP
    tasks = read_tasks(path)
    assert [t.document_id for t in tasks[-2:]] == [f"d{count - 2:05d}", f"d{count - 1:05d}"]


VALUES = [[], [{"a": 1.5, "b": [None, True, False]}, 12345678901234567890, "é“x”\\u00e9", -0.5e-3, {}],
          [{"text": "x" * 5000, "n": list(range(300))}] * 3]


@pytest.mark.parametrize("chunk", [1, 2, 7, 4096])
@pytest.mark.parametrize("value", VALUES, ids=["empty", "mixed", "large-items"])
def test_items_are_those_of_the_whole_file_whatever_the_chunk_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   chunk: int, value: list) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)  # small reads put item edges everywhere
    assert list(jsonstream.array_items(path)) == load_json(path, 10**9)


@pytest.mark.parametrize("data", [b'[{"a": 1, "a": 2}]', b'[1, 2', b"[1,]", b"[1] 2", b'["\xff"]',
                                  b"[" * 50_000 + b"]" * 50_000, b'[1 2]'],
                         ids=["key-twice", "truncated", "trailing-comma", "extra-data", "not-utf8", "deep", "no-comma"])
def test_what_the_whole_file_reader_refuses_the_stream_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               data: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    monkeypatch.setattr(jsonstream, "CHUNK", 3)
    with pytest.raises(JsonRejected):
        load_json(path, 10**9)
    with pytest.raises(JsonRejected):
        list(jsonstream.array_items(path))
    with pytest.raises(ExportError) as caught:
        read_tasks(path)
    assert [p.code for p in caught.value.problems] == ["export-unreadable"]
