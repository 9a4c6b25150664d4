"""Moving tasks and annotations between the repository and a Label Studio project.

``push`` makes the project hold one task per corpus document, matched by ``data.document_id`` so
pushing again never duplicates a task; every task it fills with the committed annotations carries
the link mark of :mod:`.links`, and each annotation the committed id as its ``import_id``. ``pull`` downloads the project's JSON export. Requests are
never retried: Label Studio imports are not atomic, and a retried import duplicates tasks. A push
that fails part-way is repaired by pushing again, since only missing documents are imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from label_studio_sdk import LabelStudio
from label_studio_sdk.core.api_error import ApiError

from ...core import fields
from ...core.errors import StudioError
from ...core.progress import progress_bar
from ...core.labels import DATASET_NAME, SPLITS
from ...corpus.parquet import split_files
from ...corpus.read import corpus_views
from ...predictor import predict
from ...predictor.linking import Registry
from ...predictor.picking import Candidate, rank
from ..label_config import DOCUMENT_ID, TEXT
from ..tasks import read_tasks
from .adjudication import MARK, mark_from_history
from .export_file import Task, content, document_of
from .links import MARKER, project_key, push_marker
from .predictions import predicted
from .server import RESET_TOKEN, Server
from .task_plan import TaskPlan, plan_task, work_lines

PROJECT_TITLE = DATASET_NAME
NO_RETRIES = {"max_retries": 0}
REQUEST_TIMEOUT = 300.0
BACKEND_TITLE = "id-pubadmin predictor"


def connect(server: Server) -> LabelStudio:
    """An API client for the server that never retries a request."""
    return LabelStudio(base_url=server.url, api_key=server.token, max_retries=0, timeout=REQUEST_TIMEOUT)


def corpus_documents(corpus_dir: Path) -> dict[str, str]:
    """Document id -> text of every document in a built corpus, its rows checked as they are read."""
    paths = [path for split in SPLITS for path in split_files(corpus_dir, fields.DOCUMENTS.name, split)]
    if not paths:
        raise StudioError(f"no documents found under {corpus_dir / fields.DOCUMENTS.name}; run `id-pubadmin build` first")
    return {view.document_id: view.text for view in corpus_views(corpus_dir)}


def committed_tasks(documents: dict[str, str], export: Path) -> list[Task]:
    """Import tasks for ``documents`` carrying every annotation of a committed export (if any).

    Annotations go as committed (region ids, ground-truth flags and lead times included), each
    recording its committed id as the server's ``import_id``; the annotator and times stay in the
    committed file, and a pull links the server's annotations back to them.
    """
    committed: dict[str, list[dict]] = {}
    links: dict[str, Any] = {}
    if export.exists():
        read_tasks(export)  # the format checks; adjudication and guideline rules are for the build
        for task in json.loads(export.read_text(encoding="utf-8")):
            document_id = task["data"][DOCUMENT_ID]
            if document_id not in documents:
                raise StudioError(f"{export}: task {task.get('id', '?')} names document {document_id!r}, "
                                  f"which is not in the corpus; build the corpus first")
            committed[document_id] = [_importable(a) for a in task.get("annotations") or []]
            links[document_id] = task.get("studio")
    tasks = []
    for document_id in sorted(documents):
        task: Task = {"data": {TEXT: documents[document_id], DOCUMENT_ID: document_id}}
        if committed.get(document_id):
            task["annotations"] = committed[document_id]
        if links.get(document_id) is not None:
            task["studio"] = links[document_id]
        tasks.append(task)
    return tasks


def with_predictions(tasks: list[Task], gold_entities: list[dict], registry: Registry | None = None,
                     model_dir: Path | None = None, order: str = "id") -> list[Task]:
    """``tasks`` where each task without annotations carries the predictions of :mod:`.predictions`.

    ``gold_entities`` (mention records of the corpus) make the gazetteer; mentions linked to an entity of
    the project's ``registry`` take its id; ``model_dir`` is the entity model (default: the shipped one),
    named in each prediction's ``model_version``. ``order="uncertain"`` puts the predicted tasks first,
    as :func:`...predictor.picking.rank` ranks them (what the model knows least first, near-duplicates
    apart), then the others in the order given.
    """
    known = predict.gazetteer(gold_entities)
    wanted = [(task["data"][DOCUMENT_ID], task["data"][TEXT]) for task in tasks if not task.get("annotations")]
    made = {document_id: result for (document_id, _), result
            in zip(wanted, predicted(wanted, known, model_dir=model_dir, registry=registry))}
    done = [task if task.get("annotations") else {**task, "predictions": [made[task["data"][DOCUMENT_ID]][0]]}
            for task in tasks]
    if order != "uncertain":
        return done
    texts = dict(wanted)
    ranked = rank([Candidate(key, uncertainty) for key, (_, uncertainty) in made.items()], len(made),
                  lambda keys: {key: texts[key] for key in keys})
    first = {candidate.key: index for index, candidate in enumerate(ranked)}
    return sorted(done, key=lambda task: first.get(task["data"][DOCUMENT_ID], len(first)))


def corpus_entities(corpus_dir: Path) -> list[dict]:
    """Entity mention rows of a built corpus: the gold the predictions' gazetteer is made of."""
    return [row for view in corpus_views(corpus_dir) for row in view.entities]


def _importable(annotation: dict[str, Any]) -> dict[str, Any]:
    """An annotation to import: its ``id`` becomes the server's ``import_id``, which links it back."""
    return {"id": annotation.get("id"), "result": annotation.get("result") or [],
            "ground_truth": bool(annotation.get("ground_truth")), "was_cancelled": bool(annotation.get("was_cancelled")),
            "lead_time": annotation.get("lead_time")}


@dataclass
class Pushed:
    """What a push did, by document id."""

    project_id: int
    imported: list[str] = field(default_factory=list)
    text_updated: list[str] = field(default_factory=list)
    annotated: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    new_work: list[str] = field(default_factory=list)  # never-pulled annotations kept next to the committed ones
    unchanged: list[str] = field(default_factory=list)
    not_pushed: list[str] = field(default_factory=list)


def find_project(client: LabelStudio, title: str) -> int | None:
    """The id of the one project with this title, None if there is none."""
    ids = [p.id for p in _call(lambda: list(client.projects.list(title=title))) if p.title == title]
    if len(ids) > 1:
        raise StudioError(f"{len(ids)} projects are titled {title!r} (ids {ids}); delete the extra ones in the UI")
    return ids[0] if ids else None


def push(client: LabelStudio, tasks: list[Task], label_config: str, title: str = PROJECT_TITLE,
         replace: bool = False) -> Pushed:
    """Create or update the project so it holds ``tasks``, one per document id.

    New tasks are imported in the order of ``tasks``, which is the order Label Studio lists them
    in. A task already in the project gets the pushed text. A task not linked to its committed task
    (:mod:`.task_plan`) is linked: the committed annotations it lacks are added next to the work it
    holds. A linked task's annotations are set to the pushed ones when it has none (or ``replace`` is
    true); annotations made in the studio are otherwise kept, so a push never destroys work that was
    not pulled yet, and ``replace`` refuses (changing nothing) while a task holds some. A task's
    ``predictions`` are attached unless the task has annotations or a prediction of the same model
    version already.
    """
    project_id = find_project(client, title)
    if project_id is None:
        project_id = _call(lambda: client.projects.create(title=title, label_config=label_config)).id
    report, existing, wanted, raw, plans, users = _survey(client, project_id, tasks)
    never_pulled = [line for d, plan in plans.items() for line in work_lines(raw[d], plan.new_work, users)]
    if replace and never_pulled:
        raise StudioError(f"push --replace would delete {len(never_pulled)} annotation(s) never pulled:\n  "
                          + "\n  ".join(never_pulled) + "\nPull them first (`id-pubadmin studio pull`; where it "
                          "refuses, `id-pubadmin studio pull --keep-new`), or push without --replace, which keeps "
                          "them next to the committed annotations")
    _set_label_config(client, project_id, label_config)
    report.not_pushed = sorted(set(existing) - set(wanted))
    missing = [wanted[d] for d in wanted if d not in existing]  # in the order given: the import order
    if missing:
        _call(lambda: client.projects.import_tasks(project_id, request=missing, request_options=NO_RETRIES))
        report.imported = [task["data"][DOCUMENT_ID] for task in missing]
        report.predicted = [task["data"][DOCUMENT_ID] for task in missing if task.get("predictions")]
    for document_id, plan in plans.items():
        _update_task(client, existing[document_id], wanted[document_id], plan, replace, report)
        if plan.how is None:
            report.new_work += work_lines(raw[document_id], plan.new_work, users)
    return report


def link_tasks(client: LabelStudio, title: str, tasks: list[Task]) -> Pushed:
    """Link the project's tasks that are not linked to their committed task, as push does (the
    committed annotations they lack are added next to their work; nothing is deleted); nothing else
    is changed. ``report.new_work`` names the work found in them."""
    project_id = find_project(client, title)
    if project_id is None:
        raise StudioError(f"the server has no project titled {title!r}; run `id-pubadmin studio push` first")
    report, existing, wanted, raw, plans, users = _survey(client, project_id, tasks)
    for document_id, plan in plans.items():
        if plan.how is None and (plan.new_work or plan.to_link or plan.to_create):
            _link(client, existing[document_id], wanted[document_id], plan, report)
            report.new_work += work_lines(raw[document_id], plan.new_work, users)
    return report


def _survey(client: LabelStudio, project_id: int, tasks: list[Task]) -> tuple:
    """The report to fill, the project's tasks (SDK and export forms), the marked tasks to push and
    the plan of each task already there, by document id; user id -> e-mail where new work is named."""
    key = project_key(project_id, _call(lambda: client.projects.get(project_id)).created_at)
    existing = _tasks_by_document(client, project_id)
    wanted = {task["data"][DOCUMENT_ID]: _marked(task, key) for task in tasks}
    raw = {document_of(task): task for task in _export(client, project_id)} if existing else {}
    plans = {d: plan_task(raw[d], wanted[d], key) for d in sorted(set(wanted) & set(existing))}
    users = annotators(client) if any(plan.new_work for plan in plans.values()) else {}
    return Pushed(project_id), existing, wanted, raw, plans, users


def _marked(task: Task, key: str) -> Task:
    """The import task with the link mark in its data (its committed ``studio`` link is not sent)."""
    return {**{k: v for k, v in task.items() if k != "studio"},
            "data": {**task["data"], MARKER: push_marker(key, task)}}


def studio_project_key(client: LabelStudio, title: str = PROJECT_TITLE) -> str:
    """The key (:func:`.links.project_key`) of the project with this title on this server."""
    project_id = find_project(client, title)
    if project_id is None:
        raise StudioError(f"the server has no project titled {title!r}; run `id-pubadmin studio push` first")
    return project_key(project_id, _call(lambda: client.projects.get(project_id)).created_at)


def pull(client: LabelStudio, title: str = PROJECT_TITLE) -> list[Task]:
    """The project's tasks as Label Studio's JSON export (all tasks, annotated or not)."""
    project_id = find_project(client, title)
    if project_id is None:
        raise StudioError(f"the server has no project titled {title!r}; run `id-pubadmin studio push` first")
    return _export(client, project_id)


def _export(client: LabelStudio, project_id: int) -> list[Task]:
    chunks = _call(lambda: b"".join(client.projects.exports.download_sync(
        project_id, export_type="JSON", download_all_tasks=True, request_options=NO_RETRIES)))
    return json.loads(chunks)


def with_ground_truth_marks(server: Server, tasks: list[Task]) -> list[Task]:
    """``tasks`` (a raw export) where each ground-truth annotation carries who marked it and when,
    read from the server's history of that annotation (:mod:`.adjudication`)."""
    marked = [annotation for task in tasks for annotation in task.get("annotations") or []
              if isinstance(annotation, dict) and annotation.get("ground_truth") and isinstance(annotation.get("id"), int)]
    headers = {"Authorization": f"Token {server.token}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=REQUEST_TIMEOUT) as http:
        for annotation in progress_bar(marked, len(marked), "ground-truth marks", "annotation", len(marked) > 50):
            mark = mark_from_history(_history(http, annotation["id"]))
            if mark is not None:
                annotation[MARK] = mark
    return tasks


def _history(http: httpx.Client, annotation_id: int) -> list[dict[str, Any]]:
    """Every state-history record of an annotation; none where the server keeps no history."""
    records: list[dict[str, Any]] = []
    path: str | None = f"/api/fsm/entities/annotation/{annotation_id}/history?page_size=1000"
    while path:
        response = _call(lambda: http.get(path))
        if response.status_code == 404:
            return records
        if response.status_code != 200:
            raise StudioError(f"Label Studio answered HTTP {response.status_code} for the history of annotation "
                              f"{annotation_id}: {response.text[:300]}")
        page = response.json()
        records += page.get("results") or []
        path = page.get("next")
    return records


def annotators(client: LabelStudio) -> dict[int, str]:
    """User id -> e-mail of every user of the server: the stable annotator ids of a pull."""
    return {user.id: user.email for user in _call(lambda: list(client.users.list()))}


def task_url(server: Server, project_id: int, task_id: object) -> str:
    """Where a task opens in the Label Studio UI."""
    return f"{server.url}/projects/{project_id}/data?task={task_id}"


def connect_backend(client: LabelStudio, project_id: int, url: str) -> int:
    """Register the ML backend at ``url`` with the project (once, matched by URL) and have the project
    ask it for predictions of tasks that have none when they are listed or opened; the backend's id."""
    existing = [b for b in _call(lambda: list(client.ml.list(project=project_id))) if b.url.rstrip("/") == url]
    if existing:
        backend_id = existing[0].id
    else:
        backend_id = _call(lambda: client.ml.create(project=project_id, url=url, title=BACKEND_TITLE,
                                                    is_interactive=True, auto_update=True)).id
    _call(lambda: client.projects.update(project_id, evaluate_predictions_automatically=True,
                                         show_collab_predictions=True))
    return backend_id


def _set_label_config(client: LabelStudio, project_id: int, label_config: str) -> None:
    current = _call(lambda: client.projects.get(project_id)).label_config
    if (current or "").strip() != label_config.strip():
        _call(lambda: client.projects.update(project_id, label_config=label_config))


def _tasks_by_document(client: LabelStudio, project_id: int) -> dict[str, Any]:
    by_document: dict[str, Any] = {}
    for task in _call(lambda: list(client.tasks.list(project=project_id, fields="all", page_size=100))):
        document_id = (task.data or {}).get(DOCUMENT_ID)
        if document_id is None:
            raise StudioError(f"task {task.id} of project {project_id} has no data.{DOCUMENT_ID}; delete it in the UI")
        if document_id in by_document:
            raise StudioError(f"document {document_id} is in tasks {by_document[document_id].id} and {task.id}; "
                              f"delete one of them in the UI")
        by_document[document_id] = task
    return by_document


def _update_task(client: LabelStudio, task: Any, wanted: Task, plan: TaskPlan, replace: bool, report: Pushed) -> None:
    document_id = wanted["data"][DOCUMENT_ID]
    if task.data.get(TEXT) != wanted["data"][TEXT]:
        _call(lambda: client.tasks.update(str(task.id), data={**task.data, TEXT: wanted["data"][TEXT]}))
        report.text_updated.append(document_id)
    current = list(task.annotations or [])
    pushed = wanted.get("annotations") or []
    versions = {p.get("model_version") if isinstance(p, dict) else getattr(p, "model_version", None)
                for p in task.predictions or []}
    new = [p for p in wanted.get("predictions") or [] if p["model_version"] not in versions]
    if new and not current:
        for prediction in new:
            _call(lambda: client.predictions.create(task=task.id, **prediction))
        report.predicted.append(document_id)
    if plan.how is None and (current or pushed):
        _link(client, task, wanted, plan, report)
        return
    if _results(current) == _results(pushed):
        report.unchanged.append(document_id)
        return
    if current and not replace:
        report.kept.append(document_id)
        return
    for annotation in current:
        _call(lambda: client.annotations.delete(annotation["id"]))
    _mark_and_create(client, task, wanted, pushed)
    (report.replaced if current else report.annotated).append(document_id)


def _link(client: LabelStudio, task: Any, wanted: Task, plan: TaskPlan, report: Pushed) -> None:
    """Link a task that is not linked: same-content annotations get their committed id, the
    committed ones it lacks are created; its other annotations (new work) are left as they are."""
    for annotation_id, committed_id in plan.to_link.items():
        _call(lambda: client.annotations.update(annotation_id, import_id=committed_id))
    _mark_and_create(client, task, wanted, plan.to_create)
    (report.annotated if plan.to_create else report.linked).append(wanted["data"][DOCUMENT_ID])


def _mark_and_create(client: LabelStudio, task: Any, wanted: Task, annotations: list[Task]) -> None:
    """Put push's link mark in the task's data, then create ``annotations`` with their committed ids."""
    _call(lambda: client.tasks.update(str(task.id), data={**task.data, TEXT: wanted["data"][TEXT],
                                                          MARKER: wanted["data"][MARKER]}))
    for annotation in annotations:
        values = {key: value for key, value in annotation.items() if key != "id"}
        _call(lambda: client.annotations.create(task.id, import_id=annotation["id"], **values))


def _results(annotations: list[dict[str, Any]]) -> list[str]:
    """Annotations compared by content only, whatever the order of their results."""
    return sorted(content(a) for a in annotations)


def _call(request):
    """Run one API request, turning transport and HTTP failures into a plain StudioError."""
    try:
        return request()
    except ApiError as exc:
        if exc.status_code == 401:
            raise StudioError(f"Label Studio refuses the stored API token ({str(exc.body)[:200]}); fetch the "
                              f"current one with `{RESET_TOKEN}`") from None
        raise StudioError(f"Label Studio answered HTTP {exc.status_code}: {str(exc.body)[:500]}") from None
    except (httpx.HTTPError, OSError) as exc:
        raise StudioError(f"Label Studio could not be reached: {exc}") from None
