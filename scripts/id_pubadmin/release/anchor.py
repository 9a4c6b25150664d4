"""Which release log a corpus copy is verified against: one outside the copy.

A copy's own ``RELEASES.json`` cannot prove anything about the copy: whoever rewrote a row can
rewrite the checksums in ``MANIFEST.json`` and ``RELEASES.json`` too. ``verify`` therefore checks
the content checksum against a release log from elsewhere: a given file, the log at a git tag, or
the log of the project the running package comes from (its working copy if that lies outside the
copy being verified, else its last commit). Only when none of these records the copy's version (a
release cut but not committed yet) is the copy's own log used, and the report says so.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import CorpusError
from ..core.version import SOURCE_ROOT
from .history import (
    RELEASE_LOG_INVALID,
    RELEASES_NAME,
    Release,
    parse_releases,
    read_releases,
)
from .manifest import read_manifest

GIT_TIMEOUT = 30  # seconds


@dataclass(frozen=True)
class Anchor:
    """A release log and where it comes from; ``file`` locates problems, ``independent`` is False for the
    copy's own log."""

    description: str
    file: str
    releases: list[Release]
    independent: bool = True


def _git_log(revision: str) -> str | None:
    """The release log committed at ``revision`` in the package's project, None if git cannot show it."""
    try:
        shown = subprocess.run(["git", "-C", str(SOURCE_ROOT), "show", f"{revision}:corpus/{RELEASES_NAME}"],
                               capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if shown.returncode != 0:
        return None
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def git_anchor(revision: str) -> Anchor:
    """The release log at a git revision (a tag such as ``v0.1.0``); CorpusError when git cannot show it."""
    text = _git_log(revision)
    where = f"git {revision}:corpus/{RELEASES_NAME}"
    if text is None:
        raise CorpusError([RELEASE_LOG_INVALID.at(where, "", f"git cannot show it in {SOURCE_ROOT}")])
    return Anchor(f"the release log at git {revision} of {SOURCE_ROOT}", where, parse_releases(text, where))


def choose_anchor(corpus: Path, releases_file: Path | None = None, tag: str | None = None) -> Anchor:
    """The release log to verify ``corpus`` against: ``releases_file``, else ``tag``, else the package's.

    Raises CorpusError when a given file or tag cannot be read.
    """
    if releases_file is not None:
        if not releases_file.is_file():
            raise CorpusError([RELEASE_LOG_INVALID.at(str(releases_file), "", "no such file")])
        return Anchor(f"the release log {releases_file}", str(releases_file), read_releases(releases_file))
    if tag is not None:
        return git_anchor(tag)
    package_log = SOURCE_ROOT / "corpus" / RELEASES_NAME
    inside = corpus.resolve() in package_log.resolve().parents
    if package_log.is_file() and not inside:
        return Anchor(f"the release log of the installed package, {package_log}", str(package_log),
                      read_releases(package_log))
    committed = _git_log("HEAD")
    manifest = read_manifest(corpus)[0]
    if committed is not None and manifest is not None:
        where = f"git HEAD:corpus/{RELEASES_NAME}"
        releases = parse_releases(committed, where)
        if any(release.version == manifest["version"] for release in releases):
            return Anchor(f"the committed release log (git HEAD of {SOURCE_ROOT})", where, releases)
    own = corpus / RELEASES_NAME
    return Anchor(f"the copy's own {own}, since no log outside it records its version (a release not "
                  "committed yet?); pass --releases FILE or --tag TAG to check against another",
                  str(own), read_releases(own), independent=False)
