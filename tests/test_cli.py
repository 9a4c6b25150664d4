"""Every command and subcommand answers --help, and the version is the package's."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from id_pubadmin import __version__
from id_pubadmin.cli import parser


def _commands(command_parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
    found = [prefix]
    for action in command_parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, prefix + [name])
    return found


COMMANDS = _commands(parser(), [])


def test_the_expected_commands_exist() -> None:
    assert {"build", "validate", "studio", "export", "review"} <= {c[0] for c in COMMANDS if c}
    assert {"up", "down", "push", "pull"} <= {c[1] for c in COMMANDS if len(c) == 2 and c[0] == "studio"}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "id-pubadmin")
def test_help(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "id_pubadmin", *command, "--help"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("usage: id-pubadmin")


def test_export_help_names_every_format() -> None:
    result = subprocess.run([sys.executable, "-m", "id_pubadmin", "export", "--help"],
                            capture_output=True, text=True, check=True)
    assert all(name in result.stdout for name in ("conllu", "conll2003", "spacy", "brat"))


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "id_pubadmin", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"id-pubadmin {__version__}"
