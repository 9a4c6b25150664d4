"""The project's predictor as a Label Studio ML backend: ``id-pubadmin studio model``.

It speaks the protocol Label Studio 1.23 uses (``ml/api_connector.py`` of Label Studio):
``GET /health``; ``POST /setup`` (answers the model version); ``POST /predict`` with ``{"tasks":
[...]}``, answering ``{"results": [one prediction per task]}`` in task order, each with its
region scores, task score and ``model_version`` (:mod:`.predictions`); ``POST /webhook`` with the
events of submitted annotations. It is a standard-library threaded HTTP server: the
``label-studio-ml`` package on PyPI is 1.0.9, which pins Flask 1.1 and Werkzeug 2.0 and predates
the protocol Label Studio 1.23 speaks (docs/ml-backend.md).

Learning: every submitted annotation (``ANNOTATION_CREATED`` / ``ANNOTATION_UPDATED``) is kept,
and a training runs in a background thread, one at a time (an annotation submitted meanwhile is
kept for the next one): the gazetteer of gold mentions
(:func:`...predictor.entity_rules.gazetteer`) is rebuilt from the corpus gold and the submitted
annotations, leaving out the held-out part (tasks whose id is a multiple of :data:`HELD_OUT_EVERY`),
and scored by exact-span F1 on that part. The new predictor replaces the served one only when
training finished and it scores at least as well, and never while a request is being served:
requests and the swap share one lock. The spaCy model itself is retrained offline (``model
train``), then served with ``--model DIR``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ...core.errors import Problem
from ...predictor import confidence, entity_model, predict
from ...predictor.entity_rules import gazetteer
from .. import label_config as sc
from ..annotated_task import Task, read_result
from .predictions import predictions

HELD_OUT_EVERY = 5
TRAIN_EVENTS = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED", "START_TRAINING")
MAX_BODY = 64 * 1024 * 1024


@dataclass(frozen=True)
class Served:
    """What answers requests: the gazetteer, its generation and its F1 on the held-out part."""

    known: dict[str, tuple[str, str]]
    generation: int = 0
    held_out_f1: float = -1.0
    base: str = predict.MODEL_VERSION  # the model's and rules' version

    @property
    def model_version(self) -> str:
        return self.base + (f"+gazetteer-{self.generation}" if self.generation else "")


@dataclass
class Backend:
    """The served predictor, the submitted annotations, and the training that may replace it."""

    gold: list[dict]  # entity records the corpus holds: the starting gazetteer
    model_dir: Path = entity_model.MODEL_DIR
    served: Served = field(init=False)
    submitted: dict[int, dict] = field(default_factory=dict)  # task id -> {"text", "entities"}
    serving: threading.Lock = field(default_factory=threading.Lock)
    keeping: threading.Lock = field(default_factory=threading.Lock)  # the submitted annotations and the training
    training: threading.Thread | None = None
    log: Callable[[str], None] = print

    def __post_init__(self) -> None:
        self.served = Served(gazetteer(self.gold), base=predict.model_version(self.model_dir))

    def predict(self, tasks: list[dict]) -> list[dict]:
        """One prediction per task (``data.text``, ``data.document_id``), in order."""
        documents = [(str((t.get("data") or {}).get(sc.DOCUMENT_ID) or t.get("id", "task")),
                      str((t.get("data") or {}).get(sc.TEXT) or "")) for t in tasks]
        with self.serving:
            served = self.served
            return list(predictions(documents, served.known, served.model_version, self.model_dir))

    def submit(self, event: str, payload: dict) -> dict:
        """Keep a submitted annotation; start a training unless one runs. What was done, for the answer."""
        task, annotation = payload.get("task") or {}, payload.get("annotation") or {}
        if event != "START_TRAINING" and (not isinstance(task.get("id"), int)
                                          or not isinstance(annotation.get("result"), list)):
            return {"status": "ignored", "reason": "no task id or annotation result"}
        with self.keeping:
            if event != "START_TRAINING":
                self.submitted[task["id"]] = {"text": str((task.get("data") or {}).get(sc.TEXT) or ""),
                                              "entities": entity_records(task, annotation)}
            if self.training is not None and self.training.is_alive():
                return {"status": "kept", "training": "already running"}
            self.training = threading.Thread(target=self.train, args=(dict(self.submitted),), daemon=True)
            self.training.start()
            return {"status": "training", "annotations": len(self.submitted)}

    def train(self, submitted: dict[int, dict]) -> bool:
        """Fit a gazetteer without the held-out tasks, score both on them, swap if not worse."""
        held_out = {task_id: task for task_id, task in submitted.items() if task_id % HELD_OUT_EVERY == 0}
        learnt = [e for task_id, task in sorted(submitted.items()) if task_id not in held_out for e in task["entities"]]
        tasks = list(held_out.values())
        with self.serving:  # the model is not run by two threads at once
            spans = [output.spans for output in confidence.model_outputs((t["text"] for t in tasks), model_dir=self.model_dir)]
        candidate = replace(self.served, known=gazetteer(self.gold + learnt), generation=self.served.generation + 1)
        candidate = replace(candidate, held_out_f1=held_out_f1(candidate.known, tasks, spans, self.model_dir))
        return self.offer(candidate, held_out_f1(self.served.known, tasks, spans, self.model_dir))

    def offer(self, candidate: Served, current_f1: float) -> bool:
        """Serve ``candidate`` if it scores at least ``current_f1``; waits for the request being served."""
        if candidate.held_out_f1 < current_f1:
            self.log(f"kept {self.served.model_version}: the new gazetteer scored {candidate.held_out_f1:.3f} < "
                     f"{current_f1:.3f} on the held-out tasks")
            return False
        with self.serving:
            self.served = candidate
        self.log(f"now serving {candidate.model_version} (held-out F1 {candidate.held_out_f1:.3f} >= {current_f1:.3f})")
        return True


def entity_records(task: dict, annotation: dict) -> list[dict]:
    """Entity records of one submitted annotation of a task (its result read as the export reader does)."""
    data = task.get("data") or {}
    read = Task("webhook", str(task.get("id")), str(data.get(sc.DOCUMENT_ID) or task.get("id")), str(data.get(sc.TEXT) or ""))
    problems: list[Problem] = []
    read_result(read, annotation.get("result") or [], problems)
    return [{"document_id": read.document_id, "text": region.text, "label": region.label, "start": region.start,
             "end": region.end, "entity_id": read.value(region.id, sc.ENTITY_ID) or ""}
            for region in read.regions if region.control == sc.ENTITY]


def held_out_f1(known: dict[str, tuple[str, str]], tasks: list[dict], spans: list, model_dir: Path) -> float:
    """Exact span-and-label F1 of the predictor with gazetteer ``known`` on held-out annotated texts
    (``spans``: the model's, one list per text); 1 when there is nothing to find nor found."""
    right = predicted = gold = 0
    outputs = [predict.records("held-out", task["text"], known, found, model_dir=model_dir)[0] for task, found in zip(tasks, spans)]
    for task, entities in zip(tasks, outputs):
        wanted = {(e["start"], e["end"], e["label"]) for e in task["entities"]}
        found = {(e["start"], e["end"], e["label"]) for e in entities}
        right, predicted, gold = right + len(wanted & found), predicted + len(found), gold + len(wanted)
    return 1.0 if not gold and not predicted else 2 * right / (predicted + gold)


class Handler(BaseHTTPRequestHandler):
    """Routes of the protocol; any failure is an HTTP error with a JSON reason, never a dead server."""

    backend: Backend

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.split("?")[0].rstrip("/") in ("", "/health"):
            self._answer(200, {"status": "UP", "model_class": "id-pubadmin",
                               "model_version": self.backend.served.model_version})
        else:
            self._answer(404, {"error": f"no route {self.path}"})

    def do_POST(self) -> None:  # noqa: N802
        route = self.path.split("?")[0].rstrip("/")
        try:
            body = self._body()
            if route == "/setup":
                self._answer(200, {"model_version": self.backend.served.model_version})
            elif route == "/predict":
                tasks = body.get("tasks")
                if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
                    raise ValueError('"tasks" must be a list of task objects')
                results = self.backend.predict(tasks)
                self._answer(200, {"results": results, "model_version": self.backend.served.model_version})
            elif route == "/webhook":
                event = body.get("action")
                done = self.backend.submit(event, body) if event in TRAIN_EVENTS else {"status": "ignored"}
                self._answer(201, done)
            else:
                self._answer(404, {"error": f"no route {self.path}"})
        except ValueError as exc:
            self._answer(400, {"error": str(exc)})
        except Exception as exc:  # a bad task must not take the backend down
            self._answer(500, {"error": f"{type(exc).__name__}: {exc}"})

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError(f"request body of {length} bytes is over {MAX_BODY}")
        body = json.loads(self.rfile.read(length) or b"{}")
        if not isinstance(body, dict):
            raise ValueError("the request body must be a JSON object")
        return body

    def _answer(self, status: int, content: Any) -> None:
        data = json.dumps(content, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        return None


def make_server(backend: Backend, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded HTTP server answering for ``backend`` (``serve_forever`` runs it)."""
    handler = type("BoundHandler", (Handler,), {"backend": backend})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
