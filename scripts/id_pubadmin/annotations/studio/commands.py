"""``id-pubadmin studio ...``: thin command wrappers over the server and project functions.

The project functions need the Label Studio SDK, which is slow to import; they are imported by the
commands that use them, so that the rest of the command line starts at once. What stops a command
(a StudioError, an OSError, problems of the data) is reported by the command line's one error path,
:func:`id_pubadmin.cli.main`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ...core.commands import Handler, add_command
from ...core.errors import CorpusError, StudioError
from ...core.labels import DATASET_NAME as PROJECT_TITLE
from ...core.outputs import guard_output
from ..export import read_export
from ...predictor import entity_model
from ...predictor.model_choice import chosen_model
from ...predictor.predict import model_version
from . import model_link
from . import server as studio_server
from .backups import KEEP
from .export_file import draft_notes, write_export


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _studio_dir(args: argparse.Namespace) -> Path:
    return args.studio_dir or args.root / ".studio"


def _venv(args: argparse.Namespace) -> Path:
    return args.venv or args.root / ".venv-studio"


def _export_path(args: argparse.Namespace) -> Path:
    return args.export or args.root / "annotations" / "exports" / f"{args.title}.json"


def run_install(args: argparse.Namespace) -> int:
    installed = studio_server.install(_venv(args), progress=_say)
    _say(f"Label Studio {'installed in' if installed else 'is already installed in'} {_venv(args)}")
    return 0


def run_up(args: argparse.Namespace) -> int:
    server = studio_server.up(_studio_dir(args), _venv(args), port=args.port, timeout=args.timeout, progress=_say,
                              reset_token=args.reset_token)
    if args.reset_token:
        _say(f"the API token of {server.username} is stored in {_studio_dir(args) / 'credentials.json'}")
    _print_server(server)
    if not args.no_model:
        _say(f"starting the ML backend on {studio_server.HOST}:{args.model_port} (loads the model)...")
        try:
            backend = model_link.start(_studio_dir(args), args.root, args.model_port, args.model)
        except StudioError as exc:  # Label Studio runs without it: predictions come from `studio push`
            _say(f"the ML backend did not start, Label Studio runs without it: {exc}")
            return 0
        print(f"ML backend is running at {backend.url} (pid {backend.pid}), log in {backend.log}")
        _link_backend(server, args.title, backend.url)
    return 0


def _link_backend(server: studio_server.Server, title: str, url: str) -> None:
    """Connect the backend to the project when the project exists (``studio push`` makes it)."""
    from .project import connect, connect_backend, find_project

    client = connect(server)
    project_id = find_project(client, title)
    if project_id is None:
        _say(f"no project {title!r} yet: `id-pubadmin studio push` creates it and connects the ML backend")
        return
    connect_backend(client, project_id, url)
    print(f"  connected to project {title!r}: tasks without predictions get them when listed or opened")


def run_model(args: argparse.Namespace) -> int:
    from ...corpus.read import corpus_views
    from .ml_backend import Backend, make_server

    corpus = args.root / "corpus"
    gold = [row for view in corpus_views(corpus) for row in view.entities] if (corpus / "documents").is_dir() else []
    model_dir = entity_model.folder(chosen_model(args.model, args.root))
    backend = Backend(gold, model_dir, log=_say)
    backend.predict([{"id": 0, "data": {"text": "Presiden tiba di Jakarta."}}])  # loads the model before answering
    try:
        server = make_server(backend, args.host, args.port)
    except OSError as exc:
        raise StudioError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}; choose another --port") from None
    _say(f"ML backend {backend.served.model_version} listening on http://{args.host}:{args.port} "
         f"({len(gold)} gold mentions in its gazetteer); stop it with Ctrl-C")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def run_down(args: argparse.Namespace) -> int:
    backend = model_link.stop(_studio_dir(args))
    if backend:
        _say(f"stopped the ML backend (pid {backend.pid})")
    server = studio_server.down(_studio_dir(args), purge=args.purge)
    _say(f"stopped Label Studio (pid {server.pid})" if server else "no Label Studio server was running")
    if args.purge:
        _say(f"deleted the studio data in {_studio_dir(args)}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    server = studio_server.recorded(_studio_dir(args).resolve())
    if server is None:
        print("not running")
        return 3
    state, detail = studio_server.probe(server)
    if state == studio_server.TOKEN_REFUSED:
        print(studio_server.token_refused(server, detail))
        return 1
    if state == studio_server.NO_ANSWER:
        print(f"Label Studio (pid {server.pid}) runs but does not answer on {server.url} (see {server.log}); restart "
              "it with `id-pubadmin studio down` then `id-pubadmin studio up`")
        return 1
    _print_server(server)
    return 0


def run_push(args: argparse.Namespace) -> int:
    from ..registry import load_registry
    from .project import (
        committed_tasks,
        connect,
        corpus_documents,
        corpus_entities,
        push,
        with_predictions,
    )

    server = studio_server.require_running(_studio_dir(args))
    documents = corpus_documents(args.root / "corpus")
    export = _export_path(args)
    if not export.exists():
        _say(f"{export} does not exist yet: pushing the documents without annotations")
    config_path = args.root / "annotations" / "label_config.xml"
    if not config_path.exists():
        raise StudioError(f"{config_path} is missing; it is generated from the label set and committed")
    label_config = config_path.read_text(encoding="utf-8")
    tasks = committed_tasks(documents, export)
    if args.no_predictions and args.order == "uncertain":
        raise StudioError("--order uncertain ranks tasks by their predictions; leave out --no-predictions")
    if not args.no_predictions:
        model = chosen_model(args.model, args.root)
        tasks = with_predictions(tasks, corpus_entities(args.root / "corpus"), load_registry(args.root / "annotations"),
                                 model, args.order)
        _say(f"predictions by {model_version(model)}")
    client = connect(server)
    report = push(client, tasks, label_config, args.title, args.replace)
    print(f"project {args.title!r} (id {report.project_id}) at {server.url}/projects/{report.project_id}")
    backend = model_link.recorded(_studio_dir(args).resolve())
    if backend is not None:
        from .project import connect_backend

        connect_backend(client, report.project_id, backend.url)
        print(f"  ML backend {backend.url} connected: tasks without predictions get them when listed or opened")
    for name, ids in (("imported", report.imported), ("text updated", report.text_updated),
                      ("annotations added", report.annotated), ("annotations replaced", report.replaced),
                      ("linked", report.linked),
                      ("predictions attached", report.predicted), ("unchanged", report.unchanged)):
        print(f"  {name}: {len(ids)}")
    if report.new_work:
        _say(f"{len(report.new_work)} annotation(s) made in the studio and never pulled are kept next to the "
             f"committed ones; `id-pubadmin studio pull` adds them as new work of their makers:")
        for line in report.new_work:
            _say(f"  {line}")
    if report.kept:
        _say(f"{len(report.kept)} task(s) keep annotations made in the studio that differ from {export}: "
             f"{', '.join(report.kept)}; pull them first (`id-pubadmin studio pull`), or overwrite edits of committed "
             "annotations with `id-pubadmin studio push --replace`")
    if report.not_pushed:
        _say(f"{len(report.not_pushed)} task(s) in the project are not in the corpus: {', '.join(report.not_pushed)}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    """Everything is asked of the server before the file is written: once it is, the exit status
    says only whether the written file passes the build's checks."""
    from .adjudication import edited_after_mark_notes
    from .project import (annotators, connect, corpus_documents, find_project, pull, studio_project_key,
                          with_ground_truth_marks)

    path = _export_path(args)
    if not path.resolve().is_relative_to((args.root / "annotations" / "exports").resolve()):  # pull owns that folder
        guard_output(path, made_here=lambda _: True, projects=[args.root])  # an export it pulled before is replaced
    server = studio_server.require_running(_studio_dir(args))
    client = connect(server)
    if args.keep_new:
        _keep_new(client, args, path)
    tasks = with_ground_truth_marks(server, pull(client, args.title))
    key, users, project_id = studio_project_key(client, args.title), annotators(client), find_project(client, args.title)
    written = write_export(path, tasks, users, key)
    if not written.changed:
        print(f"{written.path} is up to date ({written.regions_after} labelled regions)")
    else:
        before = "new file" if written.regions_before is None else f"was {written.regions_before}"
        print(f"wrote {written.path}: {written.regions_after} labelled regions ({before})")
    for note in written.accepted:
        print(f"    {note.strip()}" if note.startswith("  ") else f"  accepted: {note}")
    if written.backup:
        print(f"previous export kept as {written.backup} (the last {KEEP} are kept; copy one over the export to "
              "get it back)")
    edits = edited_after_mark_notes(tasks)
    if edits:
        _say(f"{len(edits)} ground-truth annotation(s) edited after they were marked (check each is still the "
             "decided one, then mark it again in Label Studio to confirm):")
        for note in edits:
            _say(f"  {note}")
    drafts = draft_notes(tasks)
    if drafts:
        _say(f"{len(drafts)} unsubmitted draft(s) in the studio, not pulled (submit or discard them):")
        for note in drafts:
            _say(f"  {note}")
    return _check_pulled(path, corpus_documents(args.root / "corpus"), server, project_id)


def run_user_add(args: argparse.Namespace) -> int:
    from .accounts import add_user, pseudonym_email, store_password

    email = pseudonym_email(args.name)
    server = studio_server.require_running(_studio_dir(args))
    stored = store_password(_studio_dir(args), email, add_user(server.url, server.token, email))
    print(f"created the Label Studio account {email} at {server.url}")
    print(f"  its password is in {stored} (readable by you only): give it to the annotator, who logs in and "
          "may change it under Account & Settings")
    return 0


def run_user_invite(args: argparse.Namespace) -> int:
    from .accounts import invite_link

    server = studio_server.require_running(_studio_dir(args))
    print(invite_link(server.url, server.token))
    _say("whoever opens this link signs up with an e-mail and a password of their own: tell them their "
         "pseudonym e-mail (annotator-NN@id-pubadmin-news.invalid)")
    return 0


def _keep_new(client, args: argparse.Namespace, path: Path) -> None:
    """``pull --keep-new``: link the tasks that are not linked (a rebuilt server) before pulling."""
    from .project import committed_tasks, corpus_documents, link_tasks

    if not path.exists():
        return
    report = link_tasks(client, args.title, committed_tasks(corpus_documents(args.root / "corpus"), path))
    if report.annotated or report.linked:
        print(f"linked {len(report.annotated) + len(report.linked)} task(s) of the studio project to the committed "
              f"export ({len(report.annotated)} got the committed annotations they lacked back)")
    for line in report.new_work:
        print(f"  new work, credited to its maker: {line}")


def _check_pulled(path: Path, documents: dict[str, str], server: studio_server.Server, project_id: int | None) -> int:
    """Run the build's checks on the pulled export; name each task to fix with its URL."""
    from .project import task_url

    try:
        read_export(path, documents)
    except CorpusError as exc:
        for problem in exc.problems:
            print(problem)
        for task_id in dict.fromkeys(re.findall(r"task (\d+)", " ".join(p.location for p in exc.problems))):
            print(f"  open task {task_id}: {task_url(server, project_id or 0, task_id)}")
        _say(f"{len(exc.problems)} problem(s) in the pulled export: the build refuses it. Fix them in "
             f"Label Studio and pull again before committing {path}")
        return 1
    return 0


def _print_server(server: studio_server.Server) -> None:
    print(f"Label Studio is running at {server.url} (pid {server.pid})")
    print(f"  log in as {server.username}; the password is in {Path(server.data_dir).parent / 'credentials.json'}")
    print(f"  data in {server.data_dir}, log in {server.log}")


def add_studio_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``studio install|up|down|status|push|pull`` to the main command's subparsers."""
    places = argparse.ArgumentParser(add_help=False)
    places.add_argument("--studio-dir", type=Path, default=None,
                        help="folder holding the server's data, credentials and state (default: ROOT/.studio)")
    places.add_argument("--venv", type=Path, default=None,
                        help="virtualenv holding Label Studio (default: ROOT/.venv-studio)")
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--title", default=PROJECT_TITLE, help=f"project title (default: {PROJECT_TITLE})")
    project.add_argument("--export", type=Path, default=None,
                         help="committed export file (default: ROOT/annotations/exports/TITLE.json)")

    studio = subparsers.add_parser(
        "studio", help="run a local Label Studio and move annotations in and out of it",
        description="Run a local Label Studio server on 127.0.0.1 and push/pull the annotation project.")
    commands = studio.add_subparsers(dest="studio_command", required=True, metavar="STUDIO_COMMAND")

    def command(name: str, handler: Handler, help_text: str, description: str,
                parents: tuple[argparse.ArgumentParser, ...] = (places,)) -> argparse.ArgumentParser:
        return add_command(commands, name, handler, help_text, description, parents,
                           failure="nothing was sent or written")

    command("install", run_install, "create the Label Studio virtualenv if it is missing",
            f"Create --venv with label-studio=={studio_server.LABEL_STUDIO_VERSION} unless it is already there.")
    up = command("up", run_up, "start the server and wait until it answers",
                 "Start Label Studio on 127.0.0.1 with a generated admin account; the data is kept in "
                 "--studio-dir between runs, and the logs of earlier starts as server.log.1 and up. Prints "
                 "the URL, the login and where the password is stored (never the password). Also starts the "
                 "ML backend (`studio model`) and connects it to the project when the project exists.")
    up.add_argument("--port", type=int, default=0,
                    help="port to listen on (default: any free port); a server already running elsewhere is an error")
    up.add_argument("--timeout", type=float, default=studio_server.START_TIMEOUT,
                    help="seconds to wait for the server to answer (default: %(default)s)")
    up.add_argument("--title", default=PROJECT_TITLE, help=f"project to connect the ML backend to (default: {PROJECT_TITLE})")
    up.add_argument("--no-model", action="store_true", help="do not start the ML backend (`studio model`)")
    up.add_argument("--model-port", type=int, default=model_link.DEFAULT_PORT,
                    help="port of the ML backend on 127.0.0.1 (default: %(default)s)")
    up.add_argument("--model", type=Path, default=None, help="model folder the backend serves (default: the shipped one)")
    up.add_argument("--reset-token", action="store_true",
                    help="the server refuses the stored API token (reset in Label Studio): log in with the stored "
                         "password, fetch the account's current token and store it in credentials.json")
    down = command("down", run_down, "stop the server",
                   "Stop the server and its ML backend (SIGTERM, then SIGKILL). Its data is kept unless --purge "
                   "is given.")
    down.add_argument("--purge", action="store_true",
                      help="also delete the studio data: annotations not pulled yet are lost")
    model = command("model", run_model, "serve the predictor to Label Studio as an ML backend",
                    "Run a Label Studio ML backend (/health, /setup, /predict, /webhook) serving the project's "
                    "predictor: predictions with region scores, a task score (its least confident region) and "
                    "model_version; submitted annotations retrain its gazetteer in the background, swapped in only "
                    "when it scores at least as well on held-out tasks. `studio up` starts it and connects it to "
                    "the project; run it yourself to serve another model. See docs/ml-backend.md.")
    model.add_argument("--host", default=studio_server.HOST, help="address to listen on (default: %(default)s)")
    model.add_argument("--port", type=int, default=model_link.DEFAULT_PORT, help="port (default: %(default)s)")
    model.add_argument("--model", type=Path, default=None,
                       help="model folder to serve (default: the project's [tool.id-pubadmin] model, else the shipped one)")
    command("status", run_status, "say whether the server is running, and where",
            "Print the URL and login of the running server; exit 3 when none is running.")
    push_parser = command("push", run_push, "send the corpus documents and committed annotations to the project",
                          "Create or update the project from annotations/label_config.xml with one task per "
                          "document of corpus/, carrying every annotation of the committed export. Tasks are "
                          "matched by document id, so pushing again never duplicates them. Tasks without "
                          "annotations get predictions (of the entity model given with --model, the project's "
                          "[tool.id-pubadmin] model, or the shipped one, named in their model_version) for "
                          "annotators to correct; predictions never count as gold.",
                          parents=(places, project))
    push_parser.add_argument("--replace", action="store_true",
                             help="overwrite edits made in the studio to committed annotations with the committed "
                                  "ones; refuses, naming them, while annotations never pulled are in the project")
    push_parser.add_argument("--no-predictions", action="store_true",
                             help="do not attach pre-annotation predictions to tasks without annotations")
    push_parser.add_argument("--order", choices=("id", "uncertain"), default="id",
                             help="import new tasks by document id, or what the predictor knows least first "
                                  "(uncertainty x novelty, near-duplicates apart, as `silver pick` ranks); default: %(default)s")
    push_parser.add_argument("--model", type=Path, default=None,
                             help="entity model folder that predicts (default: the project's [tool.id-pubadmin] "
                                  "model in pyproject.toml, else the shipped model)")
    pull_parser = command("pull", run_pull, "write the project's annotations to the committed export",
            "Download the project's JSON export and write every annotation, with its annotator, times and "
            f"lead time, in a stable order (the last {KEEP} replaced files are kept in EXPORT.backups/). A "
            "pulled annotation is a committed one only through the link push or an earlier pull made; "
            "anything else is new work of whoever made it. Deletions made in Label Studio are accepted and "
            "each region and annotation named; a pull that would lose a committed annotation (its document "
            "or its linked task missing: another or a rebuilt server) names them and writes nothing. Lists unsubmitted drafts, then runs the build's checks on what it "
            "wrote and names each problem's task, annotation, region and task URL (exit 1).",
            parents=(places, project))
    pull_parser.add_argument("--keep-new", action="store_true",
                             help="where the project's task is not linked to the committed one (a rebuilt server, "
                                  "tasks imported by hand), first put the committed annotations it lacks back into it "
                                  "next to the work made there (nothing is deleted), then pull: that work is added "
                                  "as new work of its maker, and named")
    user = commands.add_parser("user", help="add annotator accounts to the server",
                               description="Add a Label Studio account for an annotator or adjudicator, named by "
                                           "pseudonym (annotations/GUIDELINES.md §6.2).")
    users = user.add_subparsers(dest="user_command", required=True, metavar="USER_COMMAND")
    add = add_command(users, "add", run_user_add, "create an account with a generated password",
                      "Sign the account up through the organisation's invite link (an account made through the "
                      "users API has no usable password), with a generated password stored in "
                      "STUDIO_DIR/accounts.json (readable by you only; never printed).", (places,),
                      failure="no account was created")
    add.add_argument("name", help="the pseudonym: annotator-NN or lead-NN (the e-mail is NAME@id-pubadmin-news.invalid)")
    add_command(users, "invite", run_user_invite, "print the invite link",
                "Print the organisation's sign-up link, for people who choose their own password.", (places,),
                failure="nothing was changed")
