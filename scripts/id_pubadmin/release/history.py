"""The release log ``corpus/RELEASES.json``, and the rule that a released version never changes.

A release records a version, its date, the corpus content checksum (see :mod:`manifest`) and its
row counts; version ``X.Y.Z`` is the git tag ``vX.Y.Z``. The log lives inside ``corpus/`` so that
the published dataset carries it: the build copies it over unchanged, and only
``id-pubadmin release`` appends to it. Content that differs from what was released under the
current version is an error until the version is bumped.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.errors import CROSS_REFERENCES, FORMAT, CorpusError, Problem, define_error
from ..core.jsonio import JsonRejected, parse_json, read_limited
from ..core.version import parse_version
from .manifest import read_manifest, verify_files

RELEASES_NAME = "RELEASES.json"
CHANGELOG_NAME = "CHANGELOG.md"
UNRELEASED = "## [Unreleased]"
MAX_LOG_BYTES = 16 * 1024 * 1024
BUMP_RULE = "MAJOR for a schema or label-set change, MINOR for new documents or annotations, PATCH for corrections"

RELEASE_LOG_INVALID = define_error(
    "release-log-invalid", FORMAT, "RELEASES.json is not a list of releases",
    "restore corpus/RELEASES.json from version control; only `id-pubadmin release` writes it")
RELEASE_VERSION_INVALID = define_error(
    "release-version-invalid", FORMAT, "a release version is not MAJOR.MINOR.PATCH",
    "give the version as three numbers, e.g. `id-pubadmin release 0.2.0`")
RELEASE_VERSION_REUSED = define_error(
    "release-version-reused", CROSS_REFERENCES, "the version was released already; released versions never change",
    "choose a version greater than the last release")
RELEASE_VERSION_NOT_GREATER = define_error(
    "release-version-not-greater", CROSS_REFERENCES, "the version is not greater than the last release",
    "choose a version greater than the last release")
RELEASE_DATE_INVALID = define_error(
    "release-date-invalid", FORMAT, "a release date is not a calendar date YYYY-MM-DD",
    "give the date as year, month and day, e.g. `--date 2026-12-31` (or leave --date out for today)")
RELEASE_LOG_MISSING = define_error(
    "release-log-missing", CROSS_REFERENCES,
    "corpus/RELEASES.json is missing although CHANGELOG.md records released versions",
    "restore the log from version control (`git checkout -- corpus/RELEASES.json`): a release adds to the log of "
    "every earlier one")
RELEASE_UNCHANGED = define_error(
    "release-unchanged", CROSS_REFERENCES, "the content to release is the same as the last release's",
    "change the data first (a new seed or annotation, a correction); a release with no change of data is not made")
RELEASE_UNRECORDED = define_error(
    "release-unrecorded", CROSS_REFERENCES, "the corpus version is not a recorded release",
    "record it with `id-pubadmin release X.Y.Z` (never edit the version by hand); when verifying against a log "
    "from elsewhere (--tag, --releases), verify against one that records the version")
RELEASE_CONTENT_CHANGED = define_error(
    "release-content-changed", CROSS_REFERENCES, "the corpus content differs from what its version released",
    "bump the version with `id-pubadmin release X.Y.Z` and add a CHANGELOG entry")
RELEASE_NOT_IN_CHANGELOG = define_error(
    "release-not-in-changelog", CROSS_REFERENCES, "CHANGELOG.md has no entry for the corpus version",
    "add a section `## [X.Y.Z] - YYYY-MM-DD` saying what changed in the data")


@dataclass(frozen=True)
class Release:
    """One released version: what its corpus content was, and when."""

    version: str
    date: str
    content_sha256: str
    rows: dict[str, int]

    @property
    def tag(self) -> str:
        return f"v{self.version}"


@dataclass(frozen=True)
class CorpusVersion:
    """The version a corpus is built as, and its release date (None before it is released)."""

    version: str
    released: str | None


def release_log_text(path: Path) -> str | None:
    """The text of the release log at ``path``; None when there is none, CorpusError when it cannot be read."""
    if not path.exists():
        return None
    try:
        return read_limited(path, MAX_LOG_BYTES).decode("utf-8")
    except (JsonRejected, UnicodeDecodeError) as exc:
        raise CorpusError([RELEASE_LOG_INVALID.at(str(path), "", f"cannot be read: {exc}")]) from None


def read_releases(path: Path) -> list[Release]:
    """The releases recorded in ``path``, oldest first; none when the file does not exist."""
    text = release_log_text(path)
    return [] if text is None else parse_releases(text, str(path))


def _release(entry: Any) -> Release:
    """One entry of the log, every field of its exact type; TypeError otherwise."""
    fields = [entry.get(key) for key in ("version", "date", "content_sha256")] if isinstance(entry, dict) else [None]
    rows = entry.get("rows") if isinstance(entry, dict) else None
    if not all(isinstance(value, str) for value in fields) or not isinstance(rows, dict) or not all(
            isinstance(count, int) and not isinstance(count, bool) for count in rows.values()):
        raise TypeError("an entry lacks version, date or content_sha256 as strings or rows as counts")
    parse_version(fields[0])
    return Release(fields[0], fields[1], fields[2], dict(rows))


def parse_releases(text: str, file: str) -> list[Release]:
    """Releases from the text of a release log; CorpusError if it is not one."""
    try:
        log = parse_json(text)
        entries = log["releases"] if isinstance(log, dict) else None
        if not isinstance(entries, list):
            raise TypeError("no list 'releases'")
        return [_release(entry) for entry in entries]
    except (ValueError, TypeError) as exc:  # JsonRejected is a ValueError
        raise CorpusError([RELEASE_LOG_INVALID.at(file, "", f"cannot be read: {exc}")]) from None


def releases_json(releases: list[Release]) -> str:
    """The release log as written to ``RELEASES.json``."""
    entries = [{**asdict(release), "tag": release.tag} for release in releases]
    return json.dumps({"releases": entries}, indent=2, ensure_ascii=False) + "\n"


def corpus_version(version: str, releases: list[Release]) -> CorpusVersion:
    """``version`` with its release date from the log, if it is released."""
    return CorpusVersion(version, next((r.date for r in releases if r.version == version), None))


def _next_versions(version: str) -> str:
    major, minor, patch = parse_version(version)
    return f"{major}.{minor}.{patch + 1}, {major}.{minor + 1}.0 or {major + 1}.0.0"


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def date_problems(date: str, file: str) -> list[Problem]:
    """Why ``date`` cannot be a release date, if it cannot: it must be an existing day written YYYY-MM-DD."""
    try:
        if ISO_DATE.fullmatch(date) is None:
            raise ValueError("not YYYY-MM-DD")
        datetime.date.fromisoformat(date)
    except ValueError:
        return [RELEASE_DATE_INVALID.at(file, date[:40], f"{date[:40]!r} is not a date YYYY-MM-DD such as 2026-12-31")]
    return []


def released_in_changelog(changelog: str) -> list[str]:
    """The versions that CHANGELOG.md has a section of, in its order."""
    return re.findall(r"^## \[([0-9]+\.[0-9]+\.[0-9]+)\]", changelog, re.MULTILINE)


def new_version_problems(version: str, releases: list[Release], file: str) -> list[Problem]:
    """Why ``version`` cannot be released next, if it cannot."""
    try:
        parse_version(version)
    except ValueError as exc:
        return [RELEASE_VERSION_INVALID.at(file, version, str(exc))]
    if any(r.version == version for r in releases):
        return [RELEASE_VERSION_REUSED.at(file, version, f"{version} was released already; choose "
                                                         f"{_next_versions(releases[-1].version)}")]
    if releases and parse_version(version) <= parse_version(releases[-1].version):
        return [RELEASE_VERSION_NOT_GREATER.at(file, version, f"the last release is {releases[-1].version}; "
                                                              f"choose {_next_versions(releases[-1].version)}")]
    return []


def release_problems(version: str, content_sha256: str, releases: list[Release], file: str,
                     changelog: str | None = None, own_log: bool = True) -> list[Problem]:
    """Why a corpus of ``version`` with this content is not the released one, if it is not.

    ``own_log`` is False when ``releases`` is a log from elsewhere (a git tag, a given file): a version
    missing there may be released in a later log, so the advice is to check against that one.
    """
    released = next((r for r in releases if r.version == version), None)
    if released is None:
        last = f"the last release is {releases[-1].version}" if releases else "nothing is released yet"
        if own_log:
            advice = f"record it with `id-pubadmin release {version}`"
        else:
            advice = (f"that log does not know this corpus's version (it may predate it): verify against a log that "
                      f"records {version}, with `--tag v{version}` once that release is tagged or with no --tag for "
                      f"the package's own log; or verify the corpus of a version that log records, e.g. "
                      f"`git worktree add /tmp/id-pubadmin-vX.Y.Z vX.Y.Z` then `id-pubadmin verify --corpus "
                      f"/tmp/id-pubadmin-vX.Y.Z/corpus --tag vX.Y.Z`")
        return [RELEASE_UNRECORDED.at(file, version, f"version {version} is not a recorded release in {file} "
                                                      f"({last}); {advice}")]
    problems = []
    if released.content_sha256 != content_sha256:
        problems.append(RELEASE_CONTENT_CHANGED.at(file, version, (
            f"the corpus content differs from release {version} (content sha256 {content_sha256}, released "
            f"{released.content_sha256}): bump the version with `id-pubadmin release X.Y.Z` and add a CHANGELOG "
            f"entry; X.Y.Z is {_next_versions(releases[-1].version)} ({BUMP_RULE})")))
    if changelog is not None and changelog_section(changelog, version) is None:
        problems.append(RELEASE_NOT_IN_CHANGELOG.at(CHANGELOG_NAME, version,
                                                    f"no section `## [{version}] - {released.date}`"))
    return problems


def verify_corpus(folder: Path, releases: list[Release] | None = None,
                  releases_file: str | None = None, bar: bool = False) -> list[Problem]:
    """Every file of a corpus folder against its manifest, and the manifest against a release log.

    The log is ``releases`` (read from ``releases_file``), by default the copy's own ``RELEASES.json``;
    :mod:`id_pubadmin.release.anchor` chooses one outside the copy.
    """
    manifest, problems = read_manifest(folder)
    if manifest is None:
        return problems
    problems = verify_files(folder, manifest, bar)
    own = folder / RELEASES_NAME
    if releases is None:
        try:
            releases, releases_file = read_releases(own), str(own)
        except CorpusError as exc:
            return problems + exc.problems
    log = releases_file or str(own)
    return problems + release_problems(manifest["version"], str(manifest.get("content_sha256")), releases, log,
                                       own_log=Path(log) == own)


def _heading(version: str) -> re.Pattern[str]:
    return re.compile(rf"^## \[{re.escape(version)}\][^\n]*$", re.MULTILINE)


def changelog_section(changelog: str, version: str) -> str | None:
    """The text of the changelog section of ``version``, heading included; None if there is none."""
    match = _heading(version).search(changelog)
    if match is None:
        return None
    following = re.compile(r"^## \[", re.MULTILINE).search(changelog, match.end())
    return changelog[match.start():following.start() if following else len(changelog)]


def data_summary(release: Release, previous: Release | None) -> str:
    """A changelog line with the row counts of a release and the change since the previous one."""
    names = {"documents": "documents", "sentences": "sentences", "entities": "entity mentions", "quotes": "quotes"}
    parts = []
    for config_name, noun in names.items():
        count = release.rows.get(config_name, 0)
        change = f" ({count - previous.rows.get(config_name, 0):+d})" if previous else ""
        parts.append(f"{noun} {count}{change}")
    since = f"; change since {previous.version} in brackets" if previous else ""
    return f"Data: {', '.join(parts)}{since}. Content sha256 `{release.content_sha256}`."


def with_changelog_entry(changelog: str, release: Release, previous: Release | None) -> str:
    """The changelog with a section for ``release``; notes under ``[Unreleased]`` move into it."""
    if changelog_section(changelog, release.version) is not None:
        return changelog
    heading = f"## [{release.version}] - {release.date}\n\n{data_summary(release, previous)}\n"
    unreleased = changelog.find(UNRELEASED + "\n")
    if unreleased >= 0:
        body_start = unreleased + len(UNRELEASED) + 1
        following = re.compile(r"^## \[", re.MULTILINE).search(changelog, body_start)
        body_end = following.start() if following else len(changelog)
        notes = changelog[body_start:body_end].strip("\n")
        section = heading + (f"\n{notes}\n" if notes else "") + "\n"
        return changelog[:body_start] + "\n" + section + changelog[body_end:]
    first = re.compile(r"^## \[", re.MULTILINE).search(changelog)
    at = first.start() if first else len(changelog)
    return changelog[:at] + heading + "\n" + changelog[at:]
