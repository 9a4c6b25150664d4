"""Every error id has exactly one invalid fixture, which yields exactly that id; docs/errors.md lists every id.

Fixtures live in ``tests/fixtures/invalid/<kind>/``, named after their error id; each kind has one
way of being checked (below). The corpus fixtures are patches of the mini corpus, which is itself
proved to be what the build derives from its seed and export.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from corpus_fixtures import (
    BASE,
    EXPORT_NAME,
    FIXTURES,
    ROOT,
    base_rows,
    corpus_json,
    fixture_rows,
    make_project,
    patched,
)
from id_pubadmin.annotations import export as ls_export
from id_pubadmin.predictor.batch import read_inputs
from id_pubadmin.predictor.training_data import problems_of
from id_pubadmin.build import build
from id_pubadmin.core import errors_table
from id_pubadmin.core.errors import CorpusError, Problem
from id_pubadmin.corpus.checks import check_rows
from id_pubadmin.corpus.read import read_corpus, text_file_problems
from id_pubadmin.derive import derive
from id_pubadmin.seeds.web.intake import add_web_seeds
from id_pubadmin.validate import corpus_row_problems, seed_problems, validate_project
from release_fixtures import release_fixture_problems
from test_lsexport import DOCUMENTS

INVALID = FIXTURES / "invalid"
VALID_CORPORA = sorted(p for p in (FIXTURES / "valid" / "corpus").glob("*.json") if p != BASE)


def _locate(config: str, split: str, _: int) -> str:
    return f"{config}/{split}"


def seed_file_problems(path: Path, _: Path) -> list[Problem]:
    return seed_problems([path])


def web_problems(path: Path, tmp_path: Path) -> list[Problem]:
    """What ``add-seed`` refuses in a saved page (given an address with no date in it) or a web archive."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    url = None if ".warc" in path.name else f"https://fixture.example/{error_id(path)}"
    refused = add_web_seeds([path], seeds, "test fixture", url=url)[0].refused
    return [problem for _, problems in refused for problem in problems]


def export_problems(path: Path, _: Path) -> list[Problem]:
    try:
        ls_export.read_export(path, DOCUMENTS)
    except CorpusError as exc:
        return exc.problems
    return []


def corpus_problems(path: Path, _: Path) -> list[Problem]:
    if path.is_dir():
        return read_corpus(path)[1] + text_file_problems(path)
    rows = fixture_rows(path)
    if json.loads(path.read_text(encoding="utf-8")).get("traced"):
        return corpus_row_problems(rows, base_rows(), _locate)
    return check_rows(rows, _locate)


def project_problems(path: Path, tmp_path: Path) -> list[Problem]:
    layout = make_project(tmp_path / "project", base_rows())
    shutil.copytree(path, layout.root, dirs_exist_ok=True)
    return validate_project(layout).problems


def output_problems(path: Path, tmp_path: Path) -> list[Problem]:
    """What the output rule refuses when the fixture's command runs beside a mini project; the tree unchanged."""
    from id_pubadmin.cli import parser
    from id_pubadmin.core.outputs import OutputRefused

    layout = make_project(tmp_path / "project", base_rows())
    fixture = json.loads(path.read_text(encoding="utf-8"))
    place = tmp_path / "outside"
    place.mkdir()
    for name, text in fixture["files"].items():
        (place / name).write_text(text, encoding="utf-8")
    for name, target in fixture.get("links", {}).items():
        (place / name).symlink_to(place / target)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    argv = [arg.format(tmp=place, project=layout.root) for arg in fixture["argv"]]
    args = parser().parse_args(["--root", str(layout.root), *argv])
    try:
        args.handler(args)
    except OutputRefused as refused:
        assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
        return [refused.problem]
    return []


def cache_problems(path: Path, tmp_path: Path) -> list[Problem]:
    """What ``validate`` finds in a corpus built from a cache whose entries were changed and hashed again."""
    import hashlib
    import pickle

    from id_pubadmin.validate import validate_corpus

    fixture = json.loads(path.read_text(encoding="utf-8"))
    layout = make_project(tmp_path / "project", base_rows())
    build(layout)
    for entry in layout.cache.rglob("*.pickle"):
        result = pickle.loads(entry.read_bytes()[32:])
        assert fixture["old"].encode() in result[fixture["piece"]]
        result[fixture["piece"]] = result[fixture["piece"]].replace(fixture["old"].encode(), fixture["new"].encode())
        payload = pickle.dumps(result)
        entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    build(layout, skip_unchanged=False)
    return validate_corpus(layout)


# kind -> (which entries of its folder are fixtures, how a fixture is checked)
KINDS: dict[str, tuple[Callable[[Path], bool], Callable[[Path, Path], list[Problem]]]] = {
    "seed": (lambda p: p.suffix == ".txt", seed_file_problems),
    "export": (lambda p: p.suffix == ".json", export_problems),
    "corpus": (lambda p: p.suffix == ".json" or p.is_dir(), corpus_problems),
    "project": (Path.is_dir, project_problems),
    "release": (lambda p: p.suffix == ".json", release_fixture_problems),
    "web": (lambda p: p.name != "README.md", web_problems),
    "predict": (lambda p: p.suffix == ".jsonl", lambda path, _: read_inputs(path, max_line_bytes=4096)[1]),
    "output": (lambda p: p.suffix == ".json", output_problems),
    "cache": (lambda p: p.suffix == ".json", cache_problems),
    "train": (lambda p: p.name != "README.md", lambda path, _: problems_of(path, {})[1]),
}


def error_id(path: Path) -> str:
    """The error id a fixture is named after: its name without suffixes (``warc-truncated.warc.gz``)."""
    return path.name.split(".")[0]


def fixtures() -> list[tuple[str, Path]]:
    found = []
    for folder in sorted(p for p in INVALID.iterdir() if p.is_dir()):
        is_fixture = KINDS[folder.name][0] if folder.name in KINDS else (lambda _: True)
        found += [(folder.name, path) for path in sorted(folder.iterdir()) if is_fixture(path)]
    return found


FIXTURE_LIST = fixtures()


def test_every_error_id_has_exactly_one_fixture() -> None:
    catalogue = errors_table.load_catalogue()
    named = [error_id(path) for _, path in FIXTURE_LIST]
    assert sorted(code for code in catalogue if named.count(code) != 1) == [], "ids without exactly one fixture"
    assert sorted(set(named) - set(catalogue)) == [], "fixtures named after no error id"
    assert {folder.name for folder in INVALID.iterdir() if folder.is_dir()} <= set(KINDS), "fixture kind unknown"


@pytest.mark.parametrize(("kind", "path"), FIXTURE_LIST, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_fixture_yields_exactly_its_error_id(kind: str, path: Path, tmp_path: Path) -> None:
    problems = KINDS[kind][1](path, tmp_path)
    assert {p.code for p in problems} == {error_id(path)}, [str(p) for p in problems]
    assert all(p.file and p.reason for p in problems)


@pytest.mark.parametrize("kind", ["corpus", "project", "release", "output", "cache"])
def test_fixtures_say_why_they_are_invalid(kind: str) -> None:
    readme = (INVALID / kind / "README.md").read_text(encoding="utf-8")
    for folder_kind, path in FIXTURE_LIST:
        if folder_kind == kind:
            assert f"`{path.name}{'/' if path.is_dir() else ''}`" in readme, path.name
            if path.suffix == ".json":
                assert json.loads(path.read_text(encoding="utf-8"))["why"].strip()


def test_mini_corpus_is_what_its_seed_and_export_build(tmp_path: Path) -> None:
    rows = base_rows()
    assert derive(make_project(tmp_path, rows)).rows == rows
    assert BASE.read_text(encoding="utf-8") == corpus_json(json.loads(BASE.read_text(encoding="utf-8"))["about"], rows)


def test_mini_project_once_built_validates(tmp_path: Path) -> None:
    layout = make_project(tmp_path, base_rows())
    build(layout)
    validation = validate_project(layout)
    assert validation.problems == []
    assert validation.checked == ["1 seed(s)", "1 export(s)", f"corpus {layout.corpus}"]


@pytest.mark.parametrize("path", VALID_CORPORA, ids=lambda p: p.stem)
def test_valid_edge_case_corpora_pass(path: Path) -> None:
    assert check_rows(patched(base_rows(), json.loads(path.read_text(encoding="utf-8"))["patch"]), _locate) == []


def test_the_error_page_table_is_generated_from_the_catalogue() -> None:
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert errors_table.with_table(page) == page, "run: python -m id_pubadmin.core.errors_table"
    assert errors_table.main(["--check"]) == 0


def test_error_table_regenerates_a_stale_page(tmp_path: Path) -> None:
    stale = tmp_path / "errors.md"
    shutil.copy(ROOT / "docs" / "errors.md", stale)
    text = stale.read_text(encoding="utf-8")
    stale.write_text(text.replace("| `seed-bom` |", "| `seed-byte-order-mark` |"), encoding="utf-8")
    assert errors_table.main(["--page", str(stale), "--check"]) == 1
    assert errors_table.main(["--page", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == text


INPUT_FIXTURES = [(kind, path) for kind, path in FIXTURE_LIST if kind in ("seed", "export", "project")]


@pytest.mark.parametrize(("kind", "path"), INPUT_FIXTURES, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_validate_and_build_report_the_same_ids(kind: str, path: Path, tmp_path: Path) -> None:
    """One validator: ``validate`` of the fixture's file (of the whole project for a project fixture) and
    ``build`` of a project holding it report the same error ids, and the build writes nothing."""
    layout = make_project(tmp_path / "project", base_rows())
    if kind == "seed":
        targets = [layout.seeds / path.name]
        for source in (path, path.with_suffix(".json")):
            if source.exists() or source.is_symlink():
                shutil.copy2(source, layout.seeds / source.name, follow_symlinks=False)
    elif kind == "export":
        targets = [layout.exports / EXPORT_NAME]
        shutil.copy(path, targets[0])
    else:
        targets = []
        shutil.copytree(path, layout.root, dirs_exist_ok=True)
    validated = {p.code for p in validate_project(layout, targets).problems}
    with pytest.raises(CorpusError) as caught:
        build(layout)
    assert validated == {p.code for p in caught.value.problems} != set()
    assert not layout.corpus.exists()
