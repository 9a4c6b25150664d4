"""The ML backend (:mod:`.ml_backend`) as a process of the studio folder, and its link to the project.

``studio up`` starts it next to Label Studio and ``studio down`` stops it; it records itself in
``backend.json`` (pid, url) of the studio folder and writes ``backend.log``.
:func:`.project.connect_backend` registers it with the project through the SDK, with the
project's token.
Label Studio calls the backend with a short timeout and carries on without predictions when it is
down, so a dead backend never blocks the UI, ``studio push`` or ``studio pull``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from ...core.errors import StudioError
from .processes import stop_group
from .server import HOST

DEFAULT_PORT = 9090
START_TIMEOUT = 180.0  # loading spaCy and the model takes seconds; a busy machine, more


@dataclass(frozen=True)
class Running:
    """A backend process, as recorded in ``backend.json``."""

    pid: int
    url: str
    log: str


def answers(url: str) -> bool:
    """True when the backend at ``url`` answers ``/health``."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return response.status == 200 and json.loads(response.read()).get("status") == "UP"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def recorded(studio_dir: Path) -> Running | None:
    """The folder's backend if its process still runs; a stale record is removed."""
    path = studio_dir / "backend.json"
    if not path.exists():
        return None
    running = Running(**json.loads(path.read_text(encoding="utf-8")))
    try:
        command = Path(f"/proc/{running.pid}/cmdline").read_bytes()
    except OSError:
        command = b""
    if b"id_pubadmin" in command and b"model" in command:
        return running
    path.unlink()
    return None


def start(studio_dir: Path, root: Path, port: int = DEFAULT_PORT, model_dir: Path | None = None,
          timeout: float = START_TIMEOUT) -> Running:
    """Start ``id-pubadmin studio model`` for the folder and wait until it answers (the running one if any)."""
    studio_dir = studio_dir.resolve()
    already = recorded(studio_dir)
    if already is not None:
        return already
    url = f"http://{HOST}:{port}"
    if answers(url):
        raise StudioError(f"something else answers on {url}; give the backend another --model-port")
    log = studio_dir / "backend.log"
    studio_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "id_pubadmin", "--root", str(root), "studio", "model", "--host", HOST,
               "--port", str(port)] + (["--model", str(model_dir)] if model_dir else [])
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True, env=os.environ.copy())
    running = Running(process.pid, url, str(log))
    deadline = time.monotonic() + timeout
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_pid(process.pid)
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
            raise StudioError(f"the ML backend did not answer on {url} within {timeout:.0f} s; {log}:\n{tail}")
        time.sleep(0.3)
    (studio_dir / "backend.json").write_text(json.dumps(asdict(running)) + "\n", encoding="utf-8")
    return running


def stop(studio_dir: Path) -> Running | None:
    """Stop the folder's backend, if one runs."""
    running = recorded(studio_dir.resolve())
    if running is not None:
        stop_pid(running.pid)
        (studio_dir.resolve() / "backend.json").unlink(missing_ok=True)
    return running


def stop_pid(pid: int) -> None:
    """Stop the backend's process group (SIGKILL after five seconds)."""
    stop_group(pid, 5.0, "the ML backend")
