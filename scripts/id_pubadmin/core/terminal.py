"""What commands print: problems with their ids and fixes, in any locale, and a quiet end when the reader goes away."""

from __future__ import annotations

import json
import os
import sys

from .errors import CATALOGUE, Problem, capped

SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a program whose reader went away


def say(message: str) -> None:
    """A line for the person at the terminal (standard error, so standard output stays the data)."""
    print(message, file=sys.stderr, flush=True)


def report(problems: list[Problem], output_format: str) -> None:
    """Problems on standard output, each with its id and location, then how to fix each kind; or JSON."""
    problems = capped(problems)
    if output_format == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=not utf8_output()))
    else:
        for problem in problems:
            print(problem)
        for code in dict.fromkeys(p.code for p in problems):
            if code in CATALOGUE:
                print(f"  how to fix [{code}]: {CATALOGUE[code].fix}")


def utf8_output() -> bool:
    """Whether standard output is UTF-8; if not, JSON is written with ASCII escapes, and text with backslash escapes."""
    return (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "") == "utf8"


def escape_what_cannot_be_shown() -> None:
    """Output in any locale: a character the terminal's encoding lacks (“ under Latin-1) is written as an escape."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def reader_gone() -> int:
    """End quietly when the reader of stdout went away (``| head``), as other command-line tools do.

    Python would otherwise report the broken pipe again when it flushes stdout at exit.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return SIGPIPE_EXIT
