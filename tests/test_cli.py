"""Every command and subcommand answers --help, the version is the package's, and every command reports
what stops it the same way: problems with their ids and how to fix them, or one line; never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from id_pubadmin import __version__
from id_pubadmin.cli import main, parser

from conftest import FIRST_SEED, edit_seed


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


def test_a_failed_build_lists_its_problems_with_how_to_fix_and_says_the_corpus_is_intact(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    edit_seed(seed)
    assert main(["--root", str(project), "build", "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert f"{seed}: [seed-sha256-mismatch]" in out and "how to fix [seed-sha256-mismatch]: " in out
    assert err == "id-pubadmin build: failed with 1 problem(s); nothing was written, the previous corpus is intact\n"


def test_problems_under_format_json_are_json_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "broken.json"
    export.write_text("[{", encoding="utf-8")
    assert main(["agreement", str(export), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert [record["code"] for record in json.loads(out)] == ["export-unreadable"]
    assert err.startswith("id-pubadmin agreement: failed with 1 problem(s)")


def test_a_studio_command_without_a_server_says_so_in_one_line(project: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "studio", "push", "--studio-dir", str(tmp_path / "studio")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("id-pubadmin studio push: no Label Studio server is running") and err.count("\n") == 1


def test_a_file_system_error_is_one_line_naming_the_command(project: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    assert main(["--root", str(project), "review", "--out", str(tmp_path / "a-file" / "review.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("id-pubadmin review: ") and "a-file" in err and err.count("\n") == 1


def test_usage_errors_exit_2(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "validate", str(project / "pyproject.toml")]) == 2
    assert "id-pubadmin validate: " in capsys.readouterr().err
    assert main(["--root", str(project), "review", "--document", "nope", "--out", str(tmp_path / "page.html")]) == 2
    assert capsys.readouterr().err == "id-pubadmin review: no document 'nope' in the corpus\n"
    (tmp_path / "elsewhere").mkdir()
    assert main(["--root", str(tmp_path / "elsewhere"), "build"]) == 2
    assert "no id-pubadmin-news project found" in capsys.readouterr().err


def test_build_reports_as_json_like_the_other_commands(project: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "corpus"
    assert main(["--root", str(project), "build", "--quiet", "--format", "json", "--output", str(output)]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["corpus"] == str(output) and built["up_to_date"] is False
    assert built["rows"]["documents"] and built["tokens"] > 0
    edit_seed(project / "seeds" / f"{FIRST_SEED}.txt")
    assert main(["--root", str(project), "build", "--quiet", "--format", "json", "--output", str(output)]) == 1
    assert [record["code"] for record in json.loads(capsys.readouterr().out)] == ["seed-sha256-mismatch"]


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"], ["agreement", "--format", "json"],
                                     ["diff", "corpus", "corpus"],
                                     ["validate", "--format", "json", f"seeds/{FIRST_SEED}.txt"]])
def test_a_closed_pipe_ends_a_command_quietly(command: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader went away, as `| head` does once it has its lines
    try:
        done = subprocess.run([sys.executable, "-m", "id_pubadmin", *command], stdout=writer, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    finally:
        os.close(writer)
    assert done.stderr == "" and done.returncode in (0, 141)  # 141 when the command was still writing


def test_a_corpus_argument_that_is_no_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "corpus", "/nonexistent/corpus"]) == 2
    assert capsys.readouterr().err == ("id-pubadmin diff: /nonexistent/corpus is not a folder; give a built corpus "
                                       "folder such as corpus/\n")
    assert main(["verify", "--corpus", "/nonexistent/corpus"]) == 2


def test_build_says_its_steps_unless_quiet(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "build", "--output", str(tmp_path / "corpus")]) == 0
    steps = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[build] ")]
    assert steps and any("write" in line for line in steps)
