"""The ML backend: its protocol over real HTTP and learning from submitted annotations (a real Label Studio using it is
in test_studio_live.py, beside the other tests that need the server)."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from id_pubadmin.annotations.studio.ml_backend import Backend, Served, make_server
from id_pubadmin.predictor.predict import MODEL_VERSION

ROOT = Path(__file__).resolve().parent.parent

TEXT = ("KABAR.ID, SUKAMAJU - Bupati Sukamaju, Rina Lestari, membuka layanan pada Senin (7/11/2022) "
        "bersama Pemkab Sukamaju. “Warga tidak perlu antre lagi,” kata Rina.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def served():
    """A backend with no gold, answering on a free port in a thread of this process."""
    backend = Backend([], log=lambda _: None)
    server = make_server(backend, "127.0.0.1", free_port())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield backend, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def call(url: str, body: object | None = None) -> tuple[int, dict]:
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def entity(region_id: str, text: str, surface: str, label: str) -> dict:
    start = text.index(surface)
    return {"id": region_id, "from_name": "entity", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": start + len(surface), "text": surface, "labels": [label]}}


def test_the_backend_speaks_the_protocol(served) -> None:
    _, url = served
    assert call(f"{url}/health") == (200, {"status": "UP", "model_class": "id-pubadmin", "model_version": MODEL_VERSION})
    assert call(f"{url}/setup", {"project": "1.1700000000"}) == (200, {"model_version": MODEL_VERSION})
    status, answer = call(f"{url}/predict", {"tasks": [{"id": 1, "data": {"text": TEXT, "document_id": "a"}},
                                                       {"id": 2, "data": {"text": "", "document_id": "b"}}]})
    assert status == 200 and len(answer["results"]) == 2
    first, empty = answer["results"]
    regions = [r for r in first["result"] if r["type"] != "relation"]
    assert {r["value"]["text"] for r in regions if r["type"] == "labels"} >= {"Rina Lestari", "Pemkab Sukamaju", "Warga tidak perlu antre lagi"}
    assert all(0 <= r["score"] <= 1 for r in regions) and first["score"] == min(r["score"] for r in regions)
    assert first["model_version"] == MODEL_VERSION and empty == {"model_version": MODEL_VERSION, "score": 1.0, "result": []}
    assert call(f"{url}/predict", b"[1]")[0] == 400 and call(f"{url}/predict", {"tasks": "x"})[0] == 400
    assert call(f"{url}/nothing")[0] == 404
    assert call(f"{url}/health")[0] == 200  # bad requests leave it answering


def test_submitted_annotations_retrain_and_swap_only_when_held_out_is_not_worse(served) -> None:
    backend, url = served
    taught = "Warga Sukamaju Raya datang. Warga lain menunggu."
    held = "Panitia Sukamaju Raya bekerja. Sukamaju Raya bangga."
    for task_id, text in ((1, taught), (5, held)):  # task 5 is in the held-out part (ids divisible by 5)
        event = {"action": "ANNOTATION_CREATED", "task": {"id": task_id, "data": {"text": text, "document_id": f"t{task_id}"}},
                 "annotation": {"result": [entity(f"r{task_id}", text, "Sukamaju Raya", "PROGRAM")]}}
        status, answer = call(f"{url}/webhook", event)
        assert status == 201 and answer["status"] in ("training", "kept")
        backend.training.join(timeout=120)
    assert backend.served.generation >= 1 and backend.served.model_version == f"{MODEL_VERSION}+gazetteer-{backend.served.generation}"
    assert "Sukamaju Raya" in backend.served.known and backend.served.held_out_f1 > 0
    status, answer = call(f"{url}/predict", {"tasks": [{"id": 9, "data": {"text": held, "document_id": "h"}}]})
    assert ("Sukamaju Raya", ["PROGRAM"]) in [(r["value"]["text"], r["value"].get("labels")) for r in answer["results"][0]["result"]]
    assert answer["results"][0]["model_version"] == backend.served.model_version

    before = backend.served
    assert not backend.offer(Served({}, 99, held_out_f1=0.1), current_f1=0.5)  # scored worse: kept
    assert backend.served is before


def test_the_model_is_never_swapped_while_a_request_is_served() -> None:
    backend = Backend([], log=lambda _: None)
    candidate = Served({"Sukamaju": ("GPE", "")}, 1, held_out_f1=1.0)
    with backend.serving:  # a request being served
        swap = threading.Thread(target=backend.offer, args=(candidate, 0.0))
        swap.start()
        swap.join(timeout=0.5)
        assert swap.is_alive() and backend.served is not candidate
    swap.join(timeout=10)
    assert backend.served is candidate


def test_the_command_refuses_a_folder_that_is_no_model_and_a_taken_port(tmp_path: Path, capsys) -> None:
    from id_pubadmin.cli import main

    assert main(["--root", str(ROOT), "studio", "model", "--model", str(tmp_path)]) == 2  # a usage error
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) <= 2 and f"{tmp_path} (from --model) is no model folder" in said
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--root", str(ROOT), "studio", "model", "--port", str(port)]) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
