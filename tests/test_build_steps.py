"""The build's steps declare the files they read and write, and the build lock skips an unchanged build."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from id_pubadmin.build import STEPS, build, checksum_inputs, undeclared_outputs
from id_pubadmin.cli import main
from id_pubadmin.core import cache
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.layout import Layout
from id_pubadmin.release.manifest import MANIFEST_NAME

from conftest import edit_seed
from id_pubadmin.seeds import seed_metadata
from id_pubadmin.validate import validate_project

# Builds the project given as argv[1] into argv[2] in one process, printing every file it opened.
_OPENED = """import os, sys
from pathlib import Path
opened = set()
sys.addaudithook(lambda event, args: opened.add(os.path.abspath(os.fsdecode(args[0])))
                 if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) else None)
from id_pubadmin.build import build
from id_pubadmin.layout import Layout
build(Layout(Path(sys.argv[1])), Path(sys.argv[2]), jobs=1, use_cache=False)
print("\\n".join(sorted(opened)))"""


def _written(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file: a file written again has new ones."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_declared_inputs_are_every_project_file_the_build_reads(
        project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    output = tmp_path_factory.mktemp("elsewhere") / "corpus"  # outside the project
    done = subprocess.run([sys.executable, "-c", _OPENED, str(project), str(output)],
                          capture_output=True, text=True, check=True)
    root = project.resolve()
    read = {Path(line).resolve() for line in done.stdout.splitlines()}
    read = {path.relative_to(root).as_posix() for path in read if root in path.parents}
    read = {name for name in read if not name.startswith(".cache/")}
    declared = set(checksum_inputs(Layout(project)))
    assert read and read <= declared, f"read but not declared as inputs: {sorted(read - declared)}"
    assert {"seeds/000_13a1a3eb3f5c1738.txt", "DATASET_CARD.md", "corpus/RELEASES.json"} <= read


def test_every_declared_output_is_written_and_nothing_else(project: Path, tmp_path: Path) -> None:
    layout = Layout(project)
    folder = build(layout, tmp_path / "corpus").folder
    assert undeclared_outputs(layout, folder) == []
    for step in STEPS:
        for pattern in step.outputs:
            assert layout.outputs_matching(pattern, folder), f"{step.name} declares {pattern}, which it did not write"


def test_the_manifest_lists_the_sha256_of_every_declared_input(project: Path, tmp_path: Path) -> None:
    layout = Layout(project)
    manifest = json.loads((build(layout, tmp_path / "corpus").folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    record, checksums = manifest["build_inputs"], checksum_inputs(layout)
    assert {"pyproject.toml", "DATASET_CARD.md", "annotations/label_config.xml"} <= set(record["files"])
    assert all(checksums[name] == sha256 for name, sha256 in record["files"].items())
    seeds = sorted(name for name in checksums if fnmatch.fnmatch(name, "seeds/*.txt"))
    listing = "".join(f"{name} {checksums[name]}\n" for name in seeds)
    assert record["file_sets"]["seeds/*.txt"] == {"files": len(seeds),
                                                  "sha256": hashlib.sha256(listing.encode("utf-8")).hexdigest()}
    named = set(record["files"]) | {name for name in checksums
                                    if any(fnmatch.fnmatch(name, pattern) for pattern in record["file_sets"])}
    assert named == set(checksums)  # every input is in the record, by name or in a set


def test_an_unchanged_project_is_not_built_again(project: Path) -> None:
    layout = Layout(project)
    assert not build(layout, skip_unchanged=True).up_to_date
    before = _written(layout.corpus)
    again = build(layout, skip_unchanged=True)
    assert again.up_to_date and again.folder == layout.corpus
    assert _written(layout.corpus) == before  # not one file written again
    assert layout.lock.parent == project / ".cache" and not list(layout.corpus.rglob("*.lock"))
    assert not [p for p in project.iterdir() if p.name.startswith(".corpus")]


def _new_seed(project: Path) -> None:
    seed = project / "seeds" / "001_unannotated.txt"
    seed.write_text("date 2023-03 JAKARTA, KOMPAS.com - Presiden meminta ASN bekerja cepat. ****", encoding="utf-8")
    seed_metadata.write_metadata(seed, "research only")


def _reformatted_export(project: Path) -> None:
    export = next((project / "annotations" / "exports").glob("*.json"))
    export.write_text(json.dumps(json.loads(export.read_text(encoding="utf-8")), ensure_ascii=False, indent=1),
                      encoding="utf-8")


def _append(path: str, text: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as stream:
            stream.write(text)
    return change


CHANGES: dict[str, Callable[[Path], None]] = {
    "new seed": _new_seed,
    "export": _reformatted_export,
    "card": _append("DATASET_CARD.md", "\nOne more line of the card.\n"),
    "output changed": _append("corpus/README.md", "edited by hand\n"),
    "output deleted": lambda project: (project / "corpus" / "croissant.json").unlink(),
    "output added": _append("corpus/notes.txt", "mine\n"),
    "output folder deleted": lambda project: [path.unlink() for path in (project / "corpus" / "schemas").iterdir()],
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_changed_input_or_output_builds_again(project: Path, change: Callable[[Path], None]) -> None:
    layout = Layout(project)
    build(layout)
    change(project)
    assert not build(layout, skip_unchanged=True).up_to_date
    assert not (layout.corpus / "notes.txt").exists() and (layout.corpus / "croissant.json").exists()
    assert build(layout, skip_unchanged=True).up_to_date


def test_changed_code_builds_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layout = Layout(project)
    build(layout)
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    assert not build(layout, skip_unchanged=True).up_to_date


def test_a_failed_build_leaves_no_lock_that_would_skip_the_next(project: Path) -> None:
    layout = Layout(project)
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    good = seed.read_bytes()
    edit_seed(seed)
    with pytest.raises(CorpusError, match="seed-sha256-mismatch"):
        build(layout, skip_unchanged=True)
    assert not layout.lock.exists()
    seed.write_bytes(good)
    assert not build(layout, skip_unchanged=True).up_to_date
    edit_seed(seed)
    for _ in range(2):  # failing again each time, never skipped as up to date
        with pytest.raises(CorpusError, match="seed-sha256-mismatch"):
            build(layout, skip_unchanged=True)


def test_each_output_folder_has_its_own_record(project: Path, tmp_path: Path) -> None:
    layout = Layout(project)
    build(layout)
    elsewhere = tmp_path / "elsewhere"
    assert not build(layout, elsewhere, skip_unchanged=True).up_to_date
    assert build(layout, skip_unchanged=True).up_to_date and build(layout, elsewhere, skip_unchanged=True).up_to_date


def test_the_build_command_skips_unless_asked_to_rebuild(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "build", "--quiet"]) == 0
    assert "tokens" in capsys.readouterr().out
    before = _written(project / "corpus")
    assert main(["--root", str(project), "build", "--quiet"]) == 0
    assert "is up to date" in capsys.readouterr().out and _written(project / "corpus") == before
    for forced in ("--rebuild", "--no-cache"):
        assert main(["--root", str(project), "build", "--quiet", forced]) == 0
        assert "tokens" in capsys.readouterr().out
        assert _written(project / "corpus") != before
        before = _written(project / "corpus")


def test_validate_builds_afresh_whatever_the_lock_says(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from id_pubadmin.core import build_lock

    def consulted(*_: object) -> bool:
        raise AssertionError("validate consulted the build lock")

    layout = Layout(project)
    build(layout, skip_unchanged=True)
    monkeypatch.setattr(build_lock, "unchanged", consulted)
    validation = validate_project(layout)
    assert validation.problems == [] and any("corpus" in checked for checked in validation.checked)


def test_an_unreadable_lock_counts_as_none(project: Path) -> None:
    layout = Layout(project)
    layout.lock.parent.mkdir(parents=True)
    layout.lock.write_bytes(b"\xff{not json")
    assert not build(layout, skip_unchanged=True).up_to_date
    assert build(layout, skip_unchanged=True).up_to_date
    assert os.stat(layout.lock).st_size > 0
