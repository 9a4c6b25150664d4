"""``id-pubadmin studio ...``: thin command wrappers over the server and project functions.

The project functions need the Label Studio SDK, which is slow to import; they are imported by the
commands that use them, so that the rest of the command line starts at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from ...core.errors import CorpusError, StudioError
from ...core.labels import DATASET_NAME as PROJECT_TITLE
from . import server as studio_server
from .export_file import write_export


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
    server = studio_server.up(_studio_dir(args), _venv(args), port=args.port, timeout=args.timeout, progress=_say)
    _print_server(server)
    return 0


def run_down(args: argparse.Namespace) -> int:
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
    if not studio_server.answers(server):
        print(f"Label Studio (pid {server.pid}) runs but does not answer on {server.url}; see {server.log}")
        return 1
    _print_server(server)
    return 0


def run_push(args: argparse.Namespace) -> int:
    from .project import committed_tasks, connect, corpus_documents, push

    server = studio_server.require_running(_studio_dir(args))
    documents = corpus_documents(args.root / "corpus")
    export = _export_path(args)
    if not export.exists():
        _say(f"{export} does not exist yet: pushing the documents without annotations")
    config_path = args.root / "annotations" / "label_config.xml"
    if not config_path.exists():
        raise StudioError(f"{config_path} is missing; it is generated from the label set and committed")
    label_config = config_path.read_text(encoding="utf-8")
    report = push(connect(server), committed_tasks(documents, export), label_config, args.title, args.replace)
    print(f"project {args.title!r} (id {report.project_id}) at {server.url}/projects/{report.project_id}")
    for name, ids in (("imported", report.imported), ("text updated", report.text_updated),
                      ("annotations added", report.annotated), ("annotations replaced", report.replaced),
                      ("unchanged", report.unchanged)):
        print(f"  {name}: {len(ids)}")
    if report.kept:
        _say(f"{len(report.kept)} task(s) keep annotations made in the studio that differ from {export}: "
             f"{', '.join(report.kept)}; pull them first, or push --replace to overwrite them")
    if report.not_pushed:
        _say(f"{len(report.not_pushed)} task(s) in the project are not in the corpus: {', '.join(report.not_pushed)}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    from .project import connect, pull

    server = studio_server.require_running(_studio_dir(args))
    written = write_export(_export_path(args), pull(connect(server), args.title), force=args.force)
    if not written.changed:
        print(f"{written.path} is up to date ({written.regions_after} labelled regions)")
        return 0
    before = "new file" if written.regions_before is None else f"was {written.regions_before}"
    print(f"wrote {written.path}: {written.regions_after} labelled regions ({before})")
    if written.backup:
        print(f"previous export kept as {written.backup}")
    return 0


def _print_server(server: studio_server.Server) -> None:
    print(f"Label Studio is running at {server.url} (pid {server.pid})")
    print(f"  log in as {server.username} with password {server.password}")
    print(f"  data in {server.data_dir}, log in {server.log}")


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report failures as plain messages and exit code 1 instead of a traceback."""
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CorpusError as exc:
            for problem in exc.problems:
                print(problem)
            _say(f"{len(exc.problems)} problem(s); nothing was sent or written")
            return 1
        except (StudioError, OSError) as exc:
            _say(f"error: {exc}")
            return 1
    return run


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

    def command(name: str, handler, help_text: str, description: str, parents=(places,)) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help_text, description=description, parents=list(parents))
        parser.set_defaults(handler=_guarded(handler))
        return parser

    command("install", run_install, "create the Label Studio virtualenv if it is missing",
            f"Create --venv with label-studio=={studio_server.LABEL_STUDIO_VERSION} unless it is already there.")
    up = command("up", run_up, "start the server and wait until it answers",
                 "Start Label Studio on 127.0.0.1 with a generated admin account; the data is kept in "
                 "--studio-dir between runs. Prints the URL and the login.")
    up.add_argument("--port", type=int, default=0, help="port to listen on (default: any free port)")
    up.add_argument("--timeout", type=float, default=studio_server.START_TIMEOUT,
                    help="seconds to wait for the server to answer (default: %(default)s)")
    down = command("down", run_down, "stop the server",
                   "Stop the server (SIGTERM, then SIGKILL). Its data is kept unless --purge is given.")
    down.add_argument("--purge", action="store_true",
                      help="also delete the studio data: annotations not pulled yet are lost")
    command("status", run_status, "say whether the server is running, and where",
            "Print the URL and login of the running server; exit 3 when none is running.")
    push_parser = command("push", run_push, "send the corpus documents and committed annotations to the project",
                          "Create or update the project from annotations/label_config.xml with one task per "
                          "document of corpus/, carrying the annotations of the committed export. Tasks are "
                          "matched by document id, so pushing again never duplicates them.",
                          parents=(places, project))
    push_parser.add_argument("--replace", action="store_true",
                             help="overwrite annotations made in the studio with the committed ones")
    pull_parser = command("pull", run_pull, "write the project's annotations to the committed export",
                          "Download the project's JSON export and write it in a stable order (the previous "
                          "file is kept as .bak). Refuses to write fewer labelled regions than the file has.",
                          parents=(places, project))
    pull_parser.add_argument("--force", action="store_true",
                             help="write even when the export would lose labelled regions")
