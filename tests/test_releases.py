"""Released versions are immutable: content that changes under a released version fails the suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from id_pubadmin import __version__
from id_pubadmin.build import build
from id_pubadmin.core.errors import CorpusError
from id_pubadmin.core.version import parse_version, project_version, set_project_version
from id_pubadmin.layout import Layout
from id_pubadmin.publish import cut_release, unreleased_changes
from id_pubadmin.release.history import (
    CHANGELOG_NAME,
    Release,
    changelog_section,
    read_releases,
    verify_corpus,
    with_changelog_entry,
)
from release_fixtures import annotated, relabel_first_entity  # noqa: F401  (pytest fixture)

BUMP = "bump the version with `id-pubadmin release X.Y.Z` and add a CHANGELOG entry"


def test_corpus_content_is_the_released_content_of_its_version(root: Path) -> None:
    problems = unreleased_changes(Layout(root))
    assert not problems, "\n".join(str(p) for p in problems)


def test_the_version_is_the_same_everywhere(root: Path) -> None:
    version = project_version(root)
    manifest = json.loads((root / "corpus" / "MANIFEST.json").read_text(encoding="utf-8"))
    croissant = json.loads((root / "corpus" / "croissant.json").read_text(encoding="utf-8"))
    card = (root / "corpus" / "README.md").read_text(encoding="utf-8")
    assert __version__ == manifest["version"] == croissant["version"] == version
    assert f"**Version {version}**" in card and f"version      = {{{version}}}" in card
    assert read_releases(root / "corpus" / "RELEASES.json")[-1].version == version


def test_changelog_names_the_data_counts_of_every_release(root: Path) -> None:
    changelog = (root / CHANGELOG_NAME).read_text(encoding="utf-8")
    for release in read_releases(root / "corpus" / "RELEASES.json"):
        section = changelog_section(changelog, release.version)
        assert section is not None and section.startswith(f"## [{release.version}] - {release.date}\n")
        assert f"sentences {release.rows['sentences']}" in section and release.content_sha256 in section


def test_changing_one_annotation_without_a_new_version_fails_with_what_to_do(annotated: Layout) -> None:
    cut_release(annotated, "0.1.0", "2026-01-31")
    assert unreleased_changes(annotated) == []
    relabel_first_entity(annotated, "FAC")
    build(annotated)
    for problems in (unreleased_changes(annotated), verify_corpus(annotated.corpus)):
        assert [p.code for p in problems] == ["release-content-changed"]
        assert BUMP in problems[0].reason and "0.1.1, 0.2.0 or 1.0.0" in problems[0].reason


def test_a_release_records_the_content_sets_the_version_and_rebuilds(annotated: Layout) -> None:
    changelog = annotated.root / CHANGELOG_NAME
    changelog.write_text("# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Kabar articles.\n", encoding="utf-8")
    first = cut_release(annotated, "0.1.0", "2026-01-31")
    relabel_first_entity(annotated, "FAC")
    second = cut_release(annotated, "0.1.1", "2026-02-01")
    assert second.content_sha256 != first.content_sha256 and second.rows == first.rows
    assert read_releases(annotated.releases) == [first, second]
    assert project_version(annotated.root) == "0.1.1"
    manifest = json.loads((annotated.corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    assert (manifest["version"], manifest["content_sha256"]) == ("0.1.1", second.content_sha256)
    assert "**Version 0.1.1**, released 2026-02-01" in (annotated.corpus / "README.md").read_text(encoding="utf-8")
    text = changelog.read_text(encoding="utf-8")
    assert text.index("## [Unreleased]") < text.index("## [0.1.1] - 2026-02-01") < text.index("## [0.1.0] - 2026-01-31")
    assert "entity mentions 8 (+0)" in changelog_section(text, "0.1.1")
    assert "- Kabar articles." in changelog_section(text, "0.1.0")
    assert unreleased_changes(annotated) == [] and verify_corpus(annotated.corpus) == []


@pytest.mark.parametrize(("version", "code"), [
    ("0.1.0", "release-version-reused"),
    ("0.0.9", "release-version-not-greater"),
    ("0.1.1", "release-unchanged"),
    ("1.0", "release-version-invalid"),
    ("v0.2.0", "release-version-invalid"),
    ("0.1\u0660.0", "release-version-invalid"),  # an Arabic-Indic zero is a digit to \\d, not to PEP 440
    ("\uff10.2.0", "release-version-invalid"),  # a fullwidth zero
])
def test_release_refuses_a_used_lower_or_malformed_version_or_unchanged_data(annotated: Layout, version: str, code: str) -> None:
    cut_release(annotated, "0.1.0", "2026-01-31")
    before = {p: p.read_bytes() for p in (annotated.releases, annotated.root / "pyproject.toml")}
    with pytest.raises(CorpusError) as caught:
        cut_release(annotated, version, "2026-02-01")
    assert [p.code for p in caught.value.problems] == [code]
    assert {p: p.read_bytes() for p in before} == before


def test_release_command(annotated: Layout) -> None:
    command = [sys.executable, "-m", "id_pubadmin", "--root", str(annotated.root), "release"]
    done = subprocess.run([*command, "0.1.0", "--date", "2026-01-31"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("released 0.1.0 (2026-01-31)") and "git tag -a v0.1.0" in done.stderr
    steps = [line for line in done.stderr.splitlines() if line.startswith("[release]")]
    assert steps and len(steps) == len(set(steps)), "each step of a release is shown once"
    again = subprocess.run([*command, "0.1.0"], capture_output=True, text=True)
    assert again.returncode == 1 and "[release-version-reused]" in again.stdout


def test_an_unrecorded_version_fails(annotated: Layout) -> None:
    cut_release(annotated, "0.1.0", "2026-01-31")
    set_project_version(annotated.root, "0.2.0")
    problems = unreleased_changes(annotated)
    assert [p.code for p in problems] == ["release-unrecorded"]
    assert "id-pubadmin release 0.2.0" in problems[0].reason


def test_a_release_without_changelog_section_fails(annotated: Layout) -> None:
    cut_release(annotated, "0.1.0", "2026-01-31")
    (annotated.root / CHANGELOG_NAME).write_text("# Changelog\n", encoding="utf-8")
    assert [p.code for p in unreleased_changes(annotated)] == ["release-not-in-changelog"]


def test_versions_compare_as_numbers() -> None:
    assert parse_version("0.10.0") > parse_version("0.9.1")
    for bad in ("01.0.0", "1.0.0-rc1", "1.0"):
        with pytest.raises(ValueError):
            parse_version(bad)


def test_setting_the_version_changes_only_that_line(tmp_path: Path) -> None:
    text = '[build-system]\nversion = "keep"\n\n[project]\nname = "id-pubadmin-news"\nversion = "0.1.0"\n\n[tool.x]\nversion = "keep"\n'
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    set_project_version(tmp_path, "0.2.0")
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == text.replace('"0.1.0"', '"0.2.0"')
    assert project_version(tmp_path) == "0.2.0"


def test_a_changelog_entry_is_added_once() -> None:
    release = Release("0.2.0", "2026-03-01", "abc", {"documents": 2, "sentences": 40, "entities": 9, "quotes": 2})
    previous = Release("0.1.0", "2026-01-31", "def", {"documents": 1, "sentences": 28, "entities": 9, "quotes": 3})
    text = with_changelog_entry("# Changelog\n\n## [0.1.0] - 2026-01-31\n\nFirst.\n", release, previous)
    assert "documents 2 (+1), sentences 40 (+12), entity mentions 9 (+0), quotes 2 (-1)" in text
    assert text.index("## [0.2.0]") < text.index("## [0.1.0]")
    assert with_changelog_entry(text, release, previous) == text


def test_an_unreadable_release_log_fails(annotated: Layout) -> None:
    cut_release(annotated, "0.1.0", "2026-01-31")
    annotated.releases.write_text('{"releases": [{"version": "0.1"}]}', encoding="utf-8")
    problems = verify_corpus(annotated.corpus)
    assert [(p.code, p.file) for p in problems] == [("file-changed", str(annotated.releases)),
                                                    ("release-log-invalid", str(annotated.releases))]
    with pytest.raises(CorpusError, match="release-log-invalid"):
        build(annotated)


@pytest.mark.parametrize("date", ["31/12/2026", "2026-02-30", "2026-2-1", "2026-02-01T00:00", "\u0662026-02-01"])
def test_release_refuses_a_date_that_is_not_yyyy_mm_dd_and_writes_nothing(annotated: Layout, date: str) -> None:
    relabel_first_entity(annotated, "FAC")
    before = {p: p.read_bytes() for p in (annotated.root / "pyproject.toml", annotated.corpus / "MANIFEST.json")}
    with pytest.raises(CorpusError) as caught:
        cut_release(annotated, "0.2.0", date)
    assert [p.code for p in caught.value.problems] == ["release-date-invalid"]
    assert {p: p.read_bytes() for p in before} == before and not (annotated.root / CHANGELOG_NAME).exists()


def test_release_refuses_a_linked_corpus_before_writing_anything(annotated: Layout, tmp_path: Path) -> None:
    from id_pubadmin.core.atomic import OutputRefused

    cut_release(annotated, "0.1.0", "2026-01-31")
    relabel_first_entity(annotated, "FAC")
    elsewhere = tmp_path / "elsewhere"
    annotated.corpus.rename(elsewhere)
    annotated.corpus.symlink_to(elsewhere)
    watched = [annotated.root / "pyproject.toml", annotated.root / CHANGELOG_NAME, elsewhere / "RELEASES.json"]
    before = {p: p.read_bytes() for p in watched}
    with pytest.raises(OutputRefused, match="symbolic link"):
        cut_release(annotated, "0.2.0", "2026-02-01")
    assert {p: p.read_bytes() for p in watched} == before


def test_a_release_that_fails_while_building_puts_every_file_back(annotated: Layout,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import id_pubadmin.publish as publish

    cut_release(annotated, "0.1.0", "2026-01-31")
    relabel_first_entity(annotated, "FAC")
    watched = [annotated.root / "pyproject.toml", annotated.root / CHANGELOG_NAME, annotated.releases]
    before = {p: p.read_bytes() for p in watched}
    real_build, calls = publish.build, []

    def build_then_fail(*args, **kwargs):  # the content build passes, the final one meets a full disk
        calls.append(1)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(publish, "build", build_then_fail)
    with pytest.raises(OSError):
        cut_release(annotated, "0.2.0", "2026-02-01")
    assert {p: p.read_bytes() for p in watched} == before


def test_release_writes_the_version_it_sets_into_the_manifest(annotated: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    from id_pubadmin.core import version as version_module

    monkeypatch.setattr(version_module, "SOURCE_ROOT", annotated.root)  # the package of this project, as in a checkout
    cut_release(annotated, "0.3.0", "2026-01-31")
    manifest = json.loads((annotated.corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["version"] == manifest["build_inputs"]["package_version"] == "0.3.0"


def _git(root: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           *arguments], capture_output=True, text=True, check=True).stdout.strip()


def test_a_missing_tag_is_named_with_the_commit_to_make_it_on(annotated: Layout, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    from id_pubadmin.core.errors import UsageError
    from id_pubadmin.release import anchor

    monkeypatch.setattr(anchor, "SOURCE_ROOT", annotated.root)  # the package's project is this repository
    cut_release(annotated, "0.1.0", "2026-01-31")
    _git(annotated.root, "init", "-q")
    _git(annotated.root, "add", "-A")
    _git(annotated.root, "commit", "-qm", "0.1.0")
    first = _git(annotated.root, "rev-parse", "--short", "HEAD")
    relabel_first_entity(annotated, "FAC")
    cut_release(annotated, "0.2.0", "2026-02-01")
    _git(annotated.root, "commit", "-qam", "0.2.0")
    assert anchor.release_commit("0.1.0") == first and anchor.release_commit("0.3.0") is None
    with pytest.raises(UsageError, match=f"git tag v0.1.0 is missing .* git tag -a v0.1.0 {first} "):
        anchor.git_anchor("v0.1.0")
    _git(annotated.root, "tag", "-a", "v0.1.0", first, "-m", "id-pubadmin-news 0.1.0")
    assert [release.version for release in anchor.git_anchor("v0.1.0").releases] == ["0.1.0"]
    # the corpus is 0.2.0 now: v0.1.0's log predates it, and the advice is to check against a later log
    tagged = anchor.git_anchor("v0.1.0")
    [problem] = verify_corpus(annotated.corpus, tagged.releases, tagged.file)
    assert problem.code == "release-unrecorded" and "record it with" not in problem.reason
    assert "--tag v0.2.0" in problem.reason and "no --tag" in problem.reason
    for hostile in ("--output=" + str(tmp_path / "written"), "-p", "v0.1.0..HEAD", "v0.1.0:corpus"):
        with pytest.raises(UsageError, match="is not a git tag name"):
            anchor.git_anchor(hostile)
    assert not (tmp_path / "written").exists()
