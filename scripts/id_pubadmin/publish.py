"""Cutting a release, and telling whether the project's current content is released.

``id-pubadmin release X.Y.Z`` records what ``seeds/`` and ``annotations/`` build now (content
checksum and row counts) as release ``X.Y.Z`` in ``corpus/RELEASES.json``, sets the version in
``pyproject.toml``, opens a CHANGELOG section and rebuilds the corpus so that the card, manifest
and Croissant file carry the new version. Tagging the commit ``vX.Y.Z`` is the maintainer's step.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from .build import build
from .core.atomic import write_text
from .core.errors import CorpusError, Problem
from .core.version import project_version, set_project_version
from .layout import Layout
from .release.history import (
    CHANGELOG_NAME,
    RELEASE_UNCHANGED,
    Release,
    new_version_problems,
    read_releases,
    release_problems,
    releases_json,
    with_changelog_entry,
)
from .release.manifest import content_checksum, read_manifest

CHANGELOG_START = "# Changelog\n\n"


def cut_release(layout: Layout, version: str, date: str,
                progress: Callable[[str], None] = lambda _: None) -> Release:
    """Record release ``version`` of what the project builds now and rebuild the corpus as that version.

    Raises CorpusError, writing nothing, when the version is malformed, released already or not
    greater than the last release, when the content equals the last release's, or when seeds and
    exports do not build.
    """
    released = read_releases(layout.releases)
    problems = new_version_problems(version, released, str(layout.releases))
    if problems:
        raise CorpusError(problems)
    content, rows = current_content(layout, progress)
    release = Release(version, date, content, rows)
    if released and released[-1].content_sha256 == release.content_sha256:
        raise CorpusError([RELEASE_UNCHANGED.at(str(layout.releases), version, (
            f"what seeds/ and annotations/ build now is the content of release {released[-1].version} "
            f"(content checksum {release.content_sha256[:12]}); nothing to release"))])
    changelog = layout.root / CHANGELOG_NAME
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else CHANGELOG_START
    write_text(layout.releases, releases_json([*released, release]))
    set_project_version(layout.root, version)
    write_text(changelog, with_changelog_entry(text, release, released[-1] if released else None))
    build(layout, progress=progress)
    return release


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
