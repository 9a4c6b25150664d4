"""Exceptions and the catalogue of stable error ids.

Every check that can reject input declares its error id once with :func:`define_error`, at import
time of the module that owns the check. A failure is reported as :class:`Problem` records (id,
level, file, location, reason) carried by a :class:`CorpusError`, so the CLI can print them as text
or JSON and the docs can list every id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Levels, in the order checks run: a level is checked only when the previous one passed.
FORMAT, OFFSETS, CROSS_REFERENCES, GUIDELINES = 1, 2, 3, 4
LEVEL_NAMES = {
    FORMAT: "format",
    OFFSETS: "offsets and ids",
    CROSS_REFERENCES: "cross references",
    GUIDELINES: "guideline rules",
}


@dataclass(frozen=True)
class ErrorId:
    """A stable error id with what it means and how to fix it."""

    code: str
    level: int
    meaning: str
    fix: str

    def at(self, file: str, location: str, reason: str) -> "Problem":
        """A problem of this kind found in ``file`` at ``location``."""
        return Problem(self.code, self.level, file, location, reason)


CATALOGUE: dict[str, ErrorId] = {}


def define_error(code: str, level: int, meaning: str, fix: str) -> ErrorId:
    """Register an error id; ids are unique across the package."""
    if code in CATALOGUE and CATALOGUE[code] != ErrorId(code, level, meaning, fix):
        raise RuntimeError(f"error id {code!r} is defined twice")
    CATALOGUE[code] = ErrorId(code, level, meaning, fix)
    return CATALOGUE[code]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located precisely."""

    code: str
    level: int
    file: str
    location: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: [{self.code}] {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class CorpusError(Exception):
    """Input was rejected; ``problems`` says where and why. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SeedError(CorpusError):
    """A seed file or its metadata is unusable."""


class ExportError(CorpusError):
    """A Label Studio export is unusable."""


class CorpusInvalid(CorpusError):
    """A built corpus breaks a schema, offset or cross-reference rule."""


class StudioError(Exception):
    """The local Label Studio server could not be started, reached or stopped."""
