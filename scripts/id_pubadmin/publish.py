"""Cutting a release, and telling whether the project's current content is released.

``id-pubadmin release X.Y.Z`` records what ``seeds/`` and ``annotations/`` build now (content
checksum and row counts) as release ``X.Y.Z`` in ``corpus/RELEASES.json``, sets the version in
``pyproject.toml``, opens a CHANGELOG section and rebuilds the corpus so that the card, manifest
and Croissant file carry the new version. Tagging the commit ``vX.Y.Z`` is the maintainer's step.
Everything it will write is checked before anything is written (version, date, the release log,
the corpus folder), and it writes all or nothing: a failure puts back the files it had changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from .build import build
from .core.atomic import check_output, write_text
from .core.errors import CorpusError, Problem
from .core.version import project_version, set_project_version
from .layout import Layout
from .release.history import (
    CHANGELOG_NAME,
    RELEASE_LOG_MISSING,
    RELEASE_UNCHANGED,
    Release,
    date_problems,
    new_version_problems,
    read_releases,
    release_problems,
    released_in_changelog,
    releases_json,
    with_changelog_entry,
)
from .release.manifest import content_checksum, is_corpus, read_manifest

CHANGELOG_START = "# Changelog\n\n"


def cut_release(layout: Layout, version: str, date: str,
                progress: Callable[[str], None] = lambda _: None) -> Release:
    """Record release ``version`` of what the project builds now and rebuild the corpus as that version.

    Raises CorpusError, writing nothing, when the version is malformed, released already or not
    greater than the last release, when the content equals the last release's, or when seeds and
    exports do not build.
    """
    check_output(layout.corpus, layout.root, layout.inputs, is_corpus)  # a link or a foreign folder: OutputRefused
    changelog = layout.root / CHANGELOG_NAME
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else CHANGELOG_START
    released = read_releases(layout.releases)
    problems = new_version_problems(version, released, str(layout.releases)) + date_problems(date, version)
    in_changelog = released_in_changelog(text)
    if not released and in_changelog and not layout.releases.exists():
        problems.append(RELEASE_LOG_MISSING.at(str(layout.releases), version, (
            f"there is no release log, but {CHANGELOG_NAME} records release {in_changelog[0]}; a release made now "
            "would start the log again and could reuse or go below a released version")))
    if problems:
        raise CorpusError(problems)
    progress("checking what seeds/ and annotations/ build now against the last release")
    content, rows = current_content(layout)  # its steps are the final build's: they are shown once, there
    release = Release(version, date, content, rows)
    if released and released[-1].content_sha256 == release.content_sha256:
        raise CorpusError([RELEASE_UNCHANGED.at(str(layout.releases), version, (
            f"what seeds/ and annotations/ build now is the content of release {released[-1].version} "
            f"(content checksum {release.content_sha256[:12]}); nothing to release"))])
    pyproject = layout.root / "pyproject.toml"
    before = {path: path.read_bytes() if path.exists() else None for path in (layout.releases, pyproject, changelog)}
    try:
        write_text(layout.releases, releases_json([*released, release]))
        set_project_version(layout.root, version)
        write_text(changelog, with_changelog_entry(text, release, released[-1] if released else None))
        build(layout, progress=progress)
    except BaseException:
        _put_back(before)
        raise
    return release


def _put_back(files: dict[Path, bytes | None]) -> None:
    """Restore files to the bytes they had (None: the file did not exist)."""
    for path, data in files.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            tmp = path.with_name(f".{path.name}.restore")
            tmp.write_bytes(data)
            tmp.replace(path)


def unreleased_changes(layout: Layout) -> list[Problem]:
    """Why the project's current version and content are not a recorded, documented release, if not."""
    content = current_content(layout)[0]
    changelog = layout.root / CHANGELOG_NAME
    return release_problems(project_version(layout.root), content, read_releases(layout.releases),
                            str(layout.releases), changelog.read_text(encoding="utf-8") if changelog.exists() else "")


def current_content(layout: Layout, progress: Callable[[str], None] = lambda _: None) -> tuple[str, dict[str, int]]:
    """The content checksum and rows per config of what ``seeds/`` and ``annotations/`` build now.

    Built into a temporary folder (documents come from the build cache), so ``corpus/`` is untouched.
    """
    with tempfile.TemporaryDirectory(prefix="id-pubadmin-release-") as folder:
        built = build(layout, Path(folder) / "corpus", progress)
        manifest = read_manifest(built.folder)[0]
        assert manifest is not None  # the build has just written it
        return content_checksum(manifest["files"]), {name: built.summary.total(name) for name in built.summary.rows}
