"""A local Label Studio server: install, start, find and stop it.

Label Studio pins a pyarrow older than the corpus needs, so the server runs from its own virtualenv
and is driven over HTTP. It binds 127.0.0.1 only. Everything it owns lives in one studio folder:

- ``data/``: the server's database and uploads (kept across ``down``/``up`` so work is not lost
  before a pull; ``down(purge=True)`` removes it),
- ``credentials.json``: the generated admin user (the lead's pseudonym account, :data:`ADMIN`) and
  API token, given to Label Studio when ``data/`` is created (it reads them only on its first start);
  a token reset in Label Studio is fetched again with the stored password (``up --reset-token``),
- ``accounts.json``: the generated passwords of the annotator accounts ``studio user add`` made,
- ``server.json``: pid, port and url of the running server; present only while it runs,
- ``server.log``: the server's output, shown when it fails to start; the logs of the previous
  ``LOG_GENERATIONS`` starts are kept as ``server.log.1`` (newest) and up.

The password is never printed: commands say where ``credentials.json`` is. A server that answers
but refuses the stored token is named as such by every command (:func:`token_refused`), never taken
for a server that is down.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from ...core.errors import StudioError
from .processes import is_zombie, stop_group

LABEL_STUDIO_VERSION = "1.23.2"
HOST = "127.0.0.1"
# A cold start (database migrations) took 195 s on a busy 2-core machine; three times that is margin.
START_TIMEOUT = 600.0
LOG_GENERATIONS = 5
STOP_TIMEOUT = 20.0

# Variables Label Studio reads under generic names; an inherited value would change its behaviour.
INHERITED_TO_DROP = ("HOST", "PORT", "USERNAME", "PASSWORD", "DEBUG")

HISTORY_FLAG = "fflag_feat_fit_568_finite_state_management"
# The admin account is the lead's: a pseudonym like every account (annotation guidelines §6.2).
ADMIN = "lead-01@id-pubadmin-news.invalid"
RESET_TOKEN = "id-pubadmin studio up --reset-token"
ANSWERS, NO_ANSWER, TOKEN_REFUSED = "answers", "does not answer", "refuses the token"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class Credentials:
    """The admin account of a studio data folder."""

    username: str
    password: str
    token: str


@dataclass(frozen=True)
class Server:
    """A running server, as recorded in ``server.json``."""

    pid: int
    port: int
    url: str
    token: str
    username: str
    password: str
    data_dir: str
    log: str


def studio_executable(venv: Path) -> Path:
    return venv / "bin" / "label-studio"


def install(venv: Path, progress: Progress = _quiet) -> bool:
    """Create ``venv`` with the pinned Label Studio unless it is already there; True if installed."""
    if studio_executable(venv).exists():
        return False
    progress(f"installing label-studio=={LABEL_STUDIO_VERSION} into {venv} (takes a few minutes)...")
    python = venv / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", f"label-studio=={LABEL_STUDIO_VERSION}"],
    ]
    for step in steps:
        if subprocess.run(step).returncode != 0:
            raise StudioError(f"installing Label Studio failed while running: {' '.join(step)}")
    if not studio_executable(venv).exists():
        raise StudioError(f"pip finished but {studio_executable(venv)} is missing")
    return True


def credentials(studio_dir: Path) -> Credentials:
    """The folder's admin account, generated (random) the first time."""
    path = studio_dir / "credentials.json"
    if path.exists():
        return Credentials(**json.loads(path.read_text(encoding="utf-8")))
    made = Credentials(
        username=ADMIN,
        password=secrets.token_urlsafe(18),
        token=secrets.token_hex(20),
    )
    studio_dir.mkdir(parents=True, exist_ok=True)
    write_private(path, asdict(made))
    return made


def recorded(studio_dir: Path) -> Server | None:
    """The server recorded in the folder if its process still runs; a stale record is removed."""
    path = studio_dir / "server.json"
    if not path.exists():
        return None
    server = Server(**json.loads(path.read_text(encoding="utf-8")))
    if _is_label_studio(server.pid):
        return server
    path.unlink()
    return None


def running(studio_dir: Path) -> Server | None:
    """The folder's server if it runs and answers."""
    server = recorded(studio_dir)
    return server if server is not None and answers(server) else None


def up(studio_dir: Path, venv: Path, port: int = 0, timeout: float = START_TIMEOUT,
       progress: Progress = _quiet, reset_token: bool = False) -> Server:
    """Start a server for ``studio_dir`` and wait until it answers.

    The server already running for the folder is returned when ``port`` is 0 or its port; asking
    for another port is an error naming where it runs. A server that refuses the stored token is
    left running and named (:func:`token_refused`) at once; with ``reset_token`` its current token
    is fetched with the stored password and stored instead.
    """
    studio_dir = studio_dir.resolve()
    already = recorded(studio_dir)
    if already is not None:
        if port not in (0, already.port):
            raise StudioError(f"Label Studio already runs for {studio_dir} at {already.url} (pid {already.pid}), "
                              f"not on port {port}; use it, or stop it with `id-pubadmin studio down` first")
        state, detail = probe(already)
        if state == ANSWERS:
            return already
        if state == TOKEN_REFUSED:
            return _with_current_token(studio_dir, already, detail, reset_token)
        raise StudioError(f"Label Studio (pid {already.pid}) is running for {studio_dir} but does not answer "
                          f"on {already.url}; stop it with `id-pubadmin studio down`")
    executable = studio_executable(venv)
    if not executable.exists():
        raise StudioError(f"Label Studio is not installed: {executable} is missing; run `id-pubadmin studio install`")
    port = port or _free_port()
    if not _port_is_free(port):
        raise StudioError(f"port {port} on {HOST} is already in use; choose another with --port")
    data_dir = studio_dir / "data"
    if data_dir.exists() and not (studio_dir / "credentials.json").exists():
        raise StudioError(f"{data_dir} exists but its credentials.json is gone, so its admin token is unknown; "
                          f"delete the data with `id-pubadmin studio down --purge`")
    account = credentials(studio_dir)
    log = studio_dir / "server.log"
    rotate_log(log)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(executable), "start", "--no-browser", "--internal-host", HOST, "--port", str(port)],
            env=_server_environment(data_dir, account),
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process.pid, port, f"http://{HOST}:{port}", account.token, account.username,
                    account.password, str(data_dir), str(log))
    try:
        state, detail = _wait_until_ready(server, process, timeout, progress)
    except BaseException:
        stop_group(process.pid, STOP_TIMEOUT, "Label Studio")
        raise
    write_private(studio_dir / "server.json", asdict(server))
    return server if state == ANSWERS else _with_current_token(studio_dir, server, detail, reset_token)


def _with_current_token(studio_dir: Path, server: Server, detail: str, reset_token: bool) -> Server:
    """The running ``server`` with the account's current token (:func:`.accounts.renew_token`) if asked to."""
    if not reset_token:
        raise token_refused(server, detail)
    from .accounts import renew_token

    return renew_token(studio_dir, server)


def token_refused(server: Server, detail: str) -> StudioError:
    """The one-line diagnosis of a server that answers but refuses the stored token, with the fix."""
    return StudioError(f"Label Studio at {server.url} refuses the API token stored in "
                       f"{Path(server.data_dir).parent / 'credentials.json'} ({detail}): it was reset or changed "
                       f"in Label Studio; fetch the current one with `{RESET_TOKEN}`")



def down(studio_dir: Path, purge: bool = False) -> Server | None:
    """Stop the folder's server (SIGTERM, then SIGKILL); with ``purge`` also delete its data."""
    studio_dir = studio_dir.resolve()
    server = recorded(studio_dir)
    if server is not None:
        stop_group(server.pid, STOP_TIMEOUT, "Label Studio")
        (studio_dir / "server.json").unlink(missing_ok=True)
    if purge:
        for target in (studio_dir / "data", studio_dir / "credentials.json", studio_dir / "accounts.json",
                       *studio_dir.glob("server.log*")):
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
    return server


def require_running(studio_dir: Path) -> Server:
    """The running server, or a plain error saying what is wrong and which command fixes it."""
    server = recorded(studio_dir.resolve())
    if server is None:
        raise StudioError(f"no Label Studio server is running for {studio_dir}; start one with `id-pubadmin studio up`")
    state, detail = probe(server)
    if state == TOKEN_REFUSED:
        raise token_refused(server, detail)
    if state == NO_ANSWER:
        raise StudioError(f"Label Studio (pid {server.pid}) runs for {studio_dir} but does not answer on {server.url} "
                          f"(see {server.log}); restart it with `id-pubadmin studio down` then `id-pubadmin studio up`")
    return server


def _server_environment(data_dir: Path, account: Credentials) -> dict[str, str]:
    """Our settings only: inherited LABEL_STUDIO_* and generic names it reads are dropped."""
    env = {k: v for k, v in os.environ.items()
           if k not in INHERITED_TO_DROP and not k.startswith("LABEL_STUDIO_")}
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": account.username,
        "LABEL_STUDIO_PASSWORD": account.password,
        "LABEL_STUDIO_USER_TOKEN": account.token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        # Label Studio's state history: who changed an annotation, which fields and when (the
        # ground-truth mark included), read by the pull to credit the adjudicator.
        HISTORY_FLAG: "true",
        "LABEL_STUDIO_LATEST_VERSION_CHECK": "false",
        "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
        # The project's ML backend and its webhook run on 127.0.0.1 too (``studio model``): let the
        # server reach local addresses, which it does only for URLs a user of this local server set.
        "ML_BLOCK_LOCAL_IP": "false",
        "SSRF_PROTECTION_ENABLED": "false",
        "ML_TIMEOUT_PREDICT": "30",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
    })
    return env


def rotate_log(log: Path) -> None:
    """Keep the logs of earlier starts: server.log becomes server.log.1, the oldest is dropped."""
    for generation in range(LOG_GENERATIONS, 0, -1):
        older = log.with_name(f"{log.name}.{generation - 1}") if generation > 1 else log
        if older.exists():
            older.replace(log.with_name(f"{log.name}.{generation}"))


def _wait_until_ready(server: Server, process: subprocess.Popen, timeout: float,
                      progress: Progress) -> tuple[str, str]:
    """Wait until the server answers; its answer to the token ends the wait either way."""
    progress(f"waiting for Label Studio on {server.url} (a first start runs database migrations: "
             f"minutes on a busy machine; giving up after {timeout:.0f} s)...")
    started = time.monotonic()
    next_note = 15.0
    while True:
        if process.poll() is not None:
            raise StudioError(f"Label Studio exited with code {process.returncode} while starting; "
                              f"last lines of {server.log}:\n{_tail(Path(server.log))}")
        state, detail = probe(server)
        if state != NO_ANSWER:
            progress(f"Label Studio is up at {server.url} after {time.monotonic() - started:.0f} s")
            return state, detail
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            raise StudioError(f"Label Studio did not answer on {server.url} within {timeout:.0f} s; "
                              f"last lines of {server.log}:\n{_tail(Path(server.log))}")
        if elapsed >= next_note:
            last = _tail(Path(server.log), 1).strip()[:100]
            progress(f"  still starting ({elapsed:.0f} s){': ' + last if last else ''}")
            next_note += 15.0
        time.sleep(0.5)


def answers(server: Server) -> bool:
    """True when ``/health`` answers and our token is accepted, i.e. it is our server on that port."""
    return probe(server)[0] == ANSWERS


def probe(server: Server) -> tuple[str, str]:
    """(ANSWERS, NO_ANSWER or TOKEN_REFUSED, the server's reason): ``/health``, then our token."""
    try:
        with urllib.request.urlopen(f"{server.url}/health", timeout=5) as response:
            if response.status != 200:
                return NO_ANSWER, f"/health answered HTTP {response.status}"
        request = urllib.request.Request(f"{server.url}/api/current-user/whoami",
                                         headers={"Authorization": f"Token {server.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return (ANSWERS, "") if response.status == 200 else (NO_ANSWER, f"HTTP {response.status}")
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            return TOKEN_REFUSED, _reason(exc)
        return NO_ANSWER, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return NO_ANSWER, str(exc)


def _reason(error: urllib.error.HTTPError) -> str:
    """Label Studio's own words for a refusal (``"Invalid token."``), from its JSON answer."""
    try:
        detail = json.loads(error.read().decode("utf-8", "replace")).get("detail")
    except (ValueError, OSError, AttributeError):
        detail = None
    return f'HTTP {error.code} "{detail}"' if isinstance(detail, str) else f"HTTP {error.code}"


def _is_label_studio(pid: int) -> bool:
    """Guards against signalling an unrelated process that reused a recorded pid."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"label-studio" in command and not is_zombie(pid)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def write_private(path: Path, content: dict) -> None:
    """Write JSON readable by the owner only (it holds a password and a token)."""
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(content, out, indent=2)
        out.write("\n")
    temporary.replace(path)
