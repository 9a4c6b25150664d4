"""Declaring a subcommand of ``id-pubadmin``: what runs it, and the sentence that closes a report of its problems.

Handlers only call the package and return an exit code; ``id_pubadmin.cli.main`` turns the
project's exceptions into messages and exit codes from what is declared here, for every command alike.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


def add_command(commands: argparse._SubParsersAction, name: str, handler: Handler, help_text: str,
                description: str, parents: Sequence[argparse.ArgumentParser] = (),
                failure: str = "") -> argparse.ArgumentParser:
    """Add subcommand ``name``, run by ``handler``.

    ``failure`` ends the report of the problems that stop the command: what was left as it was, or
    what to do (e.g. "nothing was written, the previous corpus is intact").
    """
    parser = commands.add_parser(name, help=help_text, description=description, parents=list(parents))
    parser.set_defaults(handler=handler, failure=failure, prog=parser.prog)
    return parser
