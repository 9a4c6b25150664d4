"""Which release log a corpus copy is verified against: one outside the copy.

A copy's own ``RELEASES.json`` cannot prove anything about the copy: whoever rewrote a row can
rewrite the checksums in ``MANIFEST.json`` and ``RELEASES.json`` too. ``verify`` therefore checks
the content checksum against a release log from elsewhere: a given file, the log at a git tag, or
the log of the project the running package comes from (its working copy if that lies outside the
copy being verified, else its last commit). Only when none of these records the copy's version (a
release cut but not committed yet) is the copy's own log used, and the report says so.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import CorpusError, UsageError
from ..core.version import SOURCE_ROOT
from .history import (
    RELEASE_LOG_INVALID,
    RELEASES_NAME,
    Release,
    parse_releases,
    read_releases,
)
from .manifest import MANIFEST_NAME, read_manifest

GIT_TIMEOUT = 30  # seconds
# A tag name git accepts and no option: parts of letters, digits, ".", "_", "+", "-", none starting with "-" or ".".
TAG_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._+-]*(?:/[A-Za-z0-9_][A-Za-z0-9._+-]*)*", re.ASCII)


@dataclass(frozen=True)
class Anchor:
    """A release log and where it comes from; ``file`` locates problems, ``independent`` is False for the
    copy's own log."""

    description: str
    file: str
    releases: list[Release]
    independent: bool = True


def _git(*arguments: str) -> str | None:
    """What git prints for ``arguments`` in the package's project; None when it fails. Every argument
    that comes from the user follows ``--end-of-options``, so none is ever taken as an option."""
    try:
        done = subprocess.run(["git", "-C", str(SOURCE_ROOT), *arguments], capture_output=True, timeout=GIT_TIMEOUT,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _git_log(revision: str) -> str | None:
    """The release log committed at ``revision`` in the package's project, None if git cannot show it."""
    return _git("show", "--end-of-options", f"{revision}:corpus/{RELEASES_NAME}")


def _manifest_version(commit: str) -> str | None:
    text = _git("show", "--end-of-options", f"{commit}:corpus/{MANIFEST_NAME}")
    match = re.search(r'^  "version": "([^"]*)"', text or "", re.MULTILINE)
    return match.group(1) if match else None


def release_commit(version: str) -> str | None:
    """The last commit whose corpus is version ``version``, found from the history alone (no tag needed).

    That is HEAD while the version is current; else the parent of the newest commit that changed the
    version line of ``corpus/MANIFEST.json`` away from it. Its content is the release's (the tests
    refuse other content under a released version), and its release log holds the release.
    """
    changed = _git("log", "--format=%H", f"-G\"version\": \"{re.escape(version)}\"", "HEAD", "--",
                   f"corpus/{MANIFEST_NAME}")
    for commit in ["HEAD", *(f"{c}~1" for c in (changed or "").split()[:20])]:
        if _manifest_version(commit) == version:
            found = _git("rev-parse", "--short", "--verify", "--end-of-options", f"{commit}^{{commit}}")
            return found.strip() if found else None
    return None


def _missing_tag(tag: str) -> str:
    """What to say when git has no tag ``tag``: that it is missing, and how to make it."""
    version = tag[1:] if tag.startswith("v") else tag
    commit = release_commit(version)
    make = (f"create it on the commit that recorded the release: git tag -a {tag} {commit} -m 'id-pubadmin-news "
            f"{version}'" if commit else f"no commit of {SOURCE_ROOT} records release {version} in corpus/"
            f"{RELEASES_NAME}; fetch the tags (git fetch --tags) or name a released version")
    return (f"git tag {tag} is missing in {SOURCE_ROOT} (a clone has only the tags fetched or made there); {make}; "
            f"or check against a log file with --releases FILE")


def git_anchor(revision: str) -> Anchor:
    """The release log at a git tag such as ``v0.1.0``; UsageError for a name that is no tag name or a tag that
    is missing, CorpusError when git cannot show the log."""
    if TAG_NAME.fullmatch(revision) is None or ".." in revision or revision.endswith((".", ".lock")):
        raise UsageError(f"--tag {revision[:60]!r} is not a git tag name such as v0.1.0")
    if _git("rev-parse", "--verify", "--quiet", f"refs/tags/{revision}") is None:
        raise UsageError(_missing_tag(revision))
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
