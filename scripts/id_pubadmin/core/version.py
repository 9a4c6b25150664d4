"""The corpus version, kept in one place: ``version`` of ``[project]`` in ``pyproject.toml``.

The package and the corpus it builds share that version, and a release ``X.Y.Z`` is the git tag
``vX.Y.Z``. The file is read at run time rather than taken from the installed package metadata,
which an editable install only refreshes on reinstalling: a version set by ``id-pubadmin release``
takes effect at once.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .atomic import write_text

DISTRIBUTION = "id-pubadmin-news"
SOURCE_ROOT = Path(__file__).resolve().parents[3]  # the project folder, when run from a checkout
SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")  # ASCII digits only, as PEP 440 wants
_VERSION_LINE = re.compile(r'^(version\s*=\s*")([^"]*)(")', re.MULTILINE)


def parse_version(text: str) -> tuple[int, int, int]:
    """``MAJOR.MINOR.PATCH`` as a comparable tuple; ValueError for anything else."""
    match = SEMVER.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a version MAJOR.MINOR.PATCH (e.g. 0.2.0)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def project_version(root: Path) -> str:
    """The version declared in ``root/pyproject.toml``."""
    with (root / "pyproject.toml").open("rb") as stream:
        project = tomllib.load(stream)["project"]
    if project.get("name") != DISTRIBUTION:
        raise ValueError(f"{root / 'pyproject.toml'} is not the {DISTRIBUTION} project")
    return str(project["version"])


def set_project_version(root: Path, new: str) -> None:
    """Rewrite the ``version`` line of ``[project]`` in ``root/pyproject.toml``, nothing else."""
    parse_version(new)
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[project]")
    following = text.find("\n[", start + 1)
    end = len(text) if following < 0 else following
    section, count = _VERSION_LINE.subn(lambda m: m.group(1) + new + m.group(3), text[start:end], count=1)
    if count != 1:
        raise ValueError(f"{path} has no version line in [project]")
    write_text(path, text[:start] + section + text[end:])


def package_version() -> str:
    """The running package's version: the checkout's ``pyproject.toml``, else the installed metadata."""
    try:
        return project_version(SOURCE_ROOT)
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError):
        pass
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"
