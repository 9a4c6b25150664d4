"""Hostile and careless exports and seeds: each is refused with an error id and no traceback by
``validate`` and ``build`` alike, nothing is written, and valid edge cases are accepted, within the
bounds of :mod:`hostile_fixtures`."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from corpus_fixtures import EXPORT_NAME, FIXTURES
from hostile_fixtures import (
    MAX_PROBLEMS_PER_FILE,
    MEMORY_MB,
    SECONDS,
    built,
    cli,
    ids,
    measured,
    mini,
    tree,
    validate_and_build,
)
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.seeds import seed_files, seed_metadata

__all__ = ["built", "mini"]  # fixtures


# Exports ------------------------------------------------------------------------------------------------

A = ("0", "annotations", "0")
R = (*A, "result", "0")
EXPORT_VALUES: list[tuple[str, tuple[str, ...], Any, str]] = [
    ("cancelled-as-string", (*A, "was_cancelled"), "false", "export-malformed"),
    ("ground-truth-as-string", (*A, "ground_truth"), "false", "export-malformed"),
    ("cancelled-as-number", (*A, "was_cancelled"), 0, "export-malformed"),
    ("annotation-id-bool", (*A, "id"), True, "export-malformed"),
    ("annotation-id-string", (*A, "id"), "7", "export-malformed"),
    ("task-id-float", ("0", "id"), 1.5, "export-malformed"),
    ("updated-at-number", (*A, "updated_at"), 12345, "export-malformed"),
    ("region-id-lone-surrogate", (*R, "id"), "m-kabar\ud800", "export-forbidden-character"),
    ("entity-id-nul", (*A, "result", "1", "value", "text", "0"), "kabar\x00id", "export-forbidden-character"),
    ("label-bidi-override", (*R, "value", "labels", "0"), "ORG\u202e", "export-forbidden-character"),
    ("key-bidi-isolate", (*R, "value", "meta\u2066"), 1, "export-forbidden-character"),
    ("start-float", (*R, "value", "start"), 0.0, "export-malformed"),
    ("start-bool", (*R, "value", "start"), False, "export-malformed"),
    ("start-negative", (*R, "value", "start"), -1, "span-out-of-range"),
    ("labels-a-string", (*R, "value", "labels"), "ORG", "export-malformed"),
    ("labels-ten-thousand", (*R, "value", "labels"), ["ORG"] * 10_000, "region-label-count"),
    ("text-null", ("0", "data", "text"), None, "task-data-missing"),
    ("result-an-object", (*A, "result"), {}, "export-malformed"),
    ("document-id-traversal", ("0", "data", "document_id"), "../../etc/passwd", "document-unknown"),
]


def _set(tasks: Any, path: tuple[str, ...], value: Any) -> None:
    *parents, last = path
    for part in parents:
        tasks = tasks[int(part)] if isinstance(tasks, list) else tasks[part]
    if isinstance(tasks, list):
        tasks[int(last)] = value
    else:
        tasks[last] = value


@pytest.mark.parametrize(("path", "value", "code"), [case[1:] for case in EXPORT_VALUES],
                         ids=[case[0] for case in EXPORT_VALUES])
def test_a_hostile_export_value_is_refused(mini: Path, capsys: pytest.CaptureFixture[str], path: tuple[str, ...],
                                          value: Any, code: str) -> None:
    export = mini / "annotations" / "exports" / EXPORT_NAME
    tasks = json.loads(export.read_text(encoding="utf-8"))
    _set(tasks, path, value)
    export.write_text(json.dumps(tasks), encoding="utf-8")  # ASCII: lone surrogates stay escapes
    assert validate_and_build(capsys, mini, str(export)) == {code}
    text = cli(capsys, "--root", str(mini), "validate", str(export))
    assert text.code == 1 and f"[{code}]" in text.out
    text.out.encode("utf-8")


@pytest.mark.parametrize("fixture", sorted(p for p in (FIXTURES / "invalid" / "project").iterdir() if p.is_dir()),
                         ids=lambda p: p.name)
def test_validate_of_an_export_alone_runs_every_check_the_build_runs(mini: Path, capsys: pytest.CaptureFixture[str],
                                                                      fixture: Path) -> None:
    """Token boundaries need the export's documents, a document annotated twice the other exports."""
    shutil.copytree(fixture, mini, dirs_exist_ok=True)
    for export in sorted((fixture / "annotations" / "exports").glob("*.json")):
        assert validate_and_build(capsys, mini, str(mini / "annotations" / "exports" / export.name)) == {fixture.name}


def _duplicate_key(valid: bytes) -> bytes:
    return valid.replace(b'"to_name": "text"', b'"to_name": "text", "to_name": "text"', 1)


EXPORT_BYTES: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("duplicate-key", _duplicate_key, "export-unreadable"),
    ("nested-100000-deep", lambda _: b"[" * 100_000 + b"]" * 100_000, "export-unreadable"),
    ("not-utf8", lambda valid: valid.replace(b"Sukamaju", b"Sukamaj\xfc", 1), "export-unreadable"),
    ("encoded-surrogate", lambda valid: valid.replace(b"Sukamaju", b"Sukamaj\xed\xa0\x80", 1), "export-unreadable"),
    ("empty", lambda _: b"", "export-unreadable"),
    ("truncated", lambda valid: valid[: len(valid) // 2], "export-unreadable"),
    ("one-task-object", lambda valid: json.dumps(json.loads(valid)[0]).encode(), "export-not-task-list"),
    ("nan-task-id", lambda _: b'[{"id": NaN, "data": {"text": "x", "document_id": "kabar-001"}}]', "export-malformed"),
]


@pytest.mark.parametrize(("change", "code"), [case[1:] for case in EXPORT_BYTES],
                         ids=[case[0] for case in EXPORT_BYTES])
def test_a_broken_export_file_is_refused(mini: Path, capsys: pytest.CaptureFixture[str],
                                         change: Callable[[bytes], bytes], code: str) -> None:
    export = mini / "annotations" / "exports" / EXPORT_NAME
    export.write_bytes(change(export.read_bytes()))
    assert validate_and_build(capsys, mini, str(export)) == {code}


def test_a_flood_of_bad_results_is_reported_briefly_within_bounds(mini: Path) -> None:
    export = mini / "annotations" / "exports" / EXPORT_NAME
    tasks = json.loads(export.read_text(encoding="utf-8"))
    bad = {"id": "r" * 200, "from_name": "entity", "to_name": "text", "type": "labels",
           "value": {"start": "0", "end": 8, "text": "x" * 50, "labels": ["ORG"]}}
    tasks[0]["annotations"][0]["result"] = [bad] * 20_000  # about 5 MB
    export.write_text(json.dumps(tasks), encoding="utf-8")
    run, peak, seconds = measured("--root", str(mini), "validate", str(export), "--format", "json")
    records = json.loads(run.out)
    assert run.code == 1 and {r["code"] for r in records} == {"export-malformed"}
    assert len(records) == MAX_PROBLEMS_PER_FILE and "more problem(s)" in records[-1]["reason"]
    assert len(run.out) < 200_000 and peak < MEMORY_MB and seconds < SECONDS, (len(run.out), peak, seconds)


def test_an_export_followed_by_200_mb_of_nul_bytes_is_refused_within_bounds(mini: Path) -> None:
    export = mini / "annotations" / "exports" / EXPORT_NAME
    with export.open("r+b") as stream:
        stream.truncate(200 * 1024 * 1024)  # sparse: 200 MB of NUL bytes
    run, peak, seconds = measured("--root", str(mini), "validate", str(export), "--format", "json")
    assert ids(run) == {"export-unreadable"} and "extra data after the list of tasks" in run.out
    assert peak < MEMORY_MB and seconds < SECONDS, (peak, seconds)


# Seeds --------------------------------------------------------------------------------------------------

DATE = "date 2022-11 "
ARTICLE = "KABAR.ID, SUKAMAJU - Warga Sukamaju menyambut layanan baru."
SEED_BYTES: list[tuple[str, bytes, str]] = [
    ("only-the-end-mark", f"{DATE}**** ****".encode(), "seed-empty"),
    ("only-a-dot", f"{DATE}. ****".encode(), "seed-empty"),
    ("only-punctuation", f"{DATE}-- ... *** ****".encode(), "seed-empty"),
    ("nul-in-text", f"{DATE}{ARTICLE[:30]}\x00{ARTICLE[30:]} ****".encode(), "seed-forbidden-character"),
    ("bidi-override-in-text", f"{DATE}{ARTICLE[:30]}\u202e{ARTICLE[30:]} ****".encode(), "seed-forbidden-character"),
    ("bell-in-text", f"{DATE}{ARTICLE}\x07 ****".encode(), "seed-forbidden-character"),
    ("encoded-surrogate", f"{DATE}{ARTICLE} ".encode() + b"\xed\xa0\x80 ****", "seed-not-utf8"),
    ("spaces-without-end-mark", (DATE + ARTICLE + " " * 300_000 + "x").encode(), "seed-no-end-mark"),
    ("five-stars", f"{DATE}{ARTICLE} *****".encode(), "seed-no-end-mark"),
]


def _add_seed(root: Path, name: str, raw: bytes, metadata: bool = True) -> Path:
    path = root / "seeds" / name
    path.write_bytes(raw)
    if metadata:
        try:
            record = seed_metadata.metadata_for(seed_files.parse_seed(path), "test text")
        except CorpusError:
            return path
        seed_metadata.metadata_path(path).write_text(json.dumps(record), encoding="utf-8")
    return path


@pytest.mark.parametrize(("raw", "code"), [case[1:] for case in SEED_BYTES], ids=[case[0] for case in SEED_BYTES])
def test_a_hostile_seed_is_refused(mini: Path, capsys: pytest.CaptureFixture[str], raw: bytes, code: str) -> None:
    path = _add_seed(mini, "kabar-009.txt", raw)
    assert validate_and_build(capsys, mini, str(path)) == {code}


SEED_NAMES = [("newline", "kabar\n9.txt"), ("bidi-override", "kabar\u202e9.txt"), ("space", "kabar 9.txt"),
              ("nul-like-control", "kabar\x019.txt"), ("undecodable-byte", os.fsdecode(b"kabar-\xff.txt"))]


@pytest.mark.parametrize("name", [case[1] for case in SEED_NAMES], ids=[case[0] for case in SEED_NAMES])
def test_a_seed_file_name_that_is_no_document_id_is_refused(mini: Path, capsys: pytest.CaptureFixture[str],
                                                           name: str) -> None:
    _add_seed(mini, name, f"{DATE}{ARTICLE} ****".encode(), metadata=False)
    assert validate_and_build(capsys, mini) == {"seed-forbidden-character"}
    text = cli(capsys, "--root", str(mini), "validate")
    assert text.code == 1 and "\n" not in text.out.split("[seed-forbidden-character]")[0].strip("\n")


def test_a_seed_linked_from_outside_the_project_is_refused_unread(mini: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "private.txt"
    outside.write_bytes(b"SECRET-\xff-CONTENT " * 10)
    (mini / "seeds" / "kabar-009.txt").symlink_to(outside)
    assert validate_and_build(capsys, mini) == {"seed-not-regular-file"}
    text = cli(capsys, "--root", str(mini), "validate", "--format", "json")
    assert "SECRET" not in text.out + text.err


METADATA_CHANGES: list[tuple[str, Callable[[str], str]]] = [
    ("duplicate-key", lambda text: text.replace('"rights":', '"rights": "other", "rights":', 1)),
    ("blank-rights", lambda text: json.dumps({**json.loads(text), "rights": "  "})),
    ("empty-language", lambda text: json.dumps({**json.loads(text), "language": ""})),
    ("language-no-tag", lambda text: json.dumps({**json.loads(text), "language": "Bahasa Indonesia"})),
    ("rights-with-nul", lambda text: json.dumps({**json.loads(text), "rights": "free\u0000"})),
    ("rights-a-list", lambda text: json.dumps({**json.loads(text), "rights": ["free"]})),
    ("nested-deep", lambda _: "[" * 100_000 + "]" * 100_000),
]


@pytest.mark.parametrize("change", [case[1] for case in METADATA_CHANGES], ids=[case[0] for case in METADATA_CHANGES])
def test_hostile_seed_metadata_is_refused(mini: Path, capsys: pytest.CaptureFixture[str],
                                          change: Callable[[str], str]) -> None:
    metadata = next((mini / "seeds").glob("*.json"))
    metadata.write_text(change(metadata.read_text(encoding="utf-8")), encoding="utf-8")
    assert validate_and_build(capsys, mini) == {"seed-metadata-invalid"}


@pytest.mark.parametrize("rights", ["", "   ", "free\u202e"])
def test_add_seed_refuses_blank_or_hostile_rights_and_writes_nothing(mini: Path, capsys: pytest.CaptureFixture[str],
                                                                     rights: str) -> None:
    path = _add_seed(mini, "kabar-009.txt", f"{DATE}{ARTICLE} ****".encode(), metadata=False)
    run = cli(capsys, "--root", str(mini), "add-seed", str(path), "--rights", rights)
    assert run.code == 1 and "[seed-metadata-invalid]" in run.out
    assert not seed_metadata.metadata_path(path).exists()


@pytest.mark.parametrize("run_of", [" ", ".", "*", " .", "\n ", "…", "(", "“"])
def test_long_runs_in_a_seed_build_in_linear_time(mini: Path, capsys: pytest.CaptureFixture[str], run_of: str) -> None:
    filler = run_of * (400_000 // len(run_of.encode()))  # 400 kB, under the seed size limit
    _add_seed(mini, "kabar-009.txt", f"{DATE}{ARTICLE} {filler} Warga senang. ****".encode())
    started = time.monotonic()
    run = cli(capsys, "--root", str(mini), "build")
    assert run.code == 0, run.out + run.err
    assert time.monotonic() - started < SECONDS / 4


def test_a_fifty_megabyte_seed_is_refused_up_front(mini: Path) -> None:
    path = mini / "seeds" / "kabar-009.txt"
    path.write_bytes(f"{DATE}{ARTICLE} ".encode() + b"Warga senang. " * 3_800_000 + b"****")
    before = tree(mini)
    run, peak, seconds = measured("--root", str(mini), "build")
    assert run.code == 1 and "[seed-too-large]" in run.out and "524,288" in run.out
    assert peak < MEMORY_MB and seconds < SECONDS, (peak, seconds)
    assert tree(mini) == before
