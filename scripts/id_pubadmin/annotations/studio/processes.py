"""Stopping the studio's own server processes (Label Studio, the ML backend): one way for both.

Each runs in a session of its own, so its whole process group is signalled: SIGTERM first, SIGKILL
when it outlives the timeout. A process that is a child of this one (as in tests) is reaped.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from ...core.errors import StudioError


def stop_group(pid: int, timeout: float, name: str) -> None:
    """SIGTERM ``pid``'s process group, SIGKILL it if it outlives ``timeout`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if gone(pid):
                return
            time.sleep(0.1)
    raise StudioError(f"{name} (pid {pid}) did not stop, even after SIGKILL")


def gone(pid: int) -> bool:
    """True when the process has exited (reaped, absent, or only zombie threads left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    return not Path(f"/proc/{pid}").exists() or is_zombie(pid)


def is_zombie(pid: int) -> bool:
    """True when every thread has exited; a zombie main thread alone is not enough (others may run)."""
    try:
        states = [Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
                  for tid in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return False
    return all(state in ("Z", "X") for state in states)
