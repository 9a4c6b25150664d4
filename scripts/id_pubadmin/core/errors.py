"""Exceptions, the levels of checks, and the catalogue of stable error ids.

Every check that can reject input declares its error id once with :func:`define_error`, at import
time of the module that owns the check, at one of the :data:`LEVELS`. A failure is reported as
:class:`Problem` records (id, level, file, location, reason) carried by a :class:`CorpusError`, so
the CLI can print them as text or JSON and the docs can list every id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from .jsonio import escape


@dataclass(frozen=True)
class Level:
    """A level of checks: what its checks make sure of, given that every lower level passed."""

    number: int
    name: str
    scope: str


FORMAT, OFFSETS, CROSS_REFERENCES, GUIDELINES = 1, 2, 3, 4
LEVELS: dict[int, Level] = {level.number: level for level in (
    Level(FORMAT, "format", "UTF-8, readable JSON or Parquet, the JSON Schema"),
    Level(OFFSETS, "offsets and ids",
          "spans inside their text, on token edges and equal to it; unique ids; no overlapping entities; "
          "every character in a sentence"),
    Level(CROSS_REFERENCES, "cross references",
          "relations, speakers and entity ids point to what exists and agree; every corpus row comes from a "
          "seed and an export and is what the build makes of them"),
    Level(GUIDELINES, "guideline rules",
          "the rules of annotations/GUIDELINES.md that code can check"),
)}


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
    """Register an error id; ids are unique across the package, levels those of :data:`LEVELS`."""
    if level not in LEVELS:
        raise RuntimeError(f"error id {code!r} has no level {level!r}")
    if code in CATALOGUE and CATALOGUE[code] != ErrorId(code, level, meaning, fix):
        raise RuntimeError(f"error id {code!r} is defined twice")
    CATALOGUE[code] = ErrorId(code, level, meaning, fix)
    return CATALOGUE[code]


# Longest file, location and reason a problem keeps: a report names data, it never copies it.
_FIELD_LIMITS = {"file": 500, "location": 300, "reason": 600}
MAX_PROBLEMS_PER_FILE = 100


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located precisely.

    File, location and reason are kept short and printable: characters that cannot be printed or
    written as UTF-8 (lone surrogates from undecodable file names, controls) are escaped.
    """

    code: str
    level: int
    file: str
    location: str
    reason: str

    def __post_init__(self) -> None:
        for name, limit in _FIELD_LIMITS.items():
            value = escape(str(getattr(self, name)))
            object.__setattr__(self, name, value if len(value) <= limit else value[:limit - 1] + "…")

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: [{self.code}] {self.reason}".replace("\n", "\\n").replace("\r", "\\r")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


Check = Callable[..., list[Problem]]  # a check of some input; its level is declared beside it


def first_failing(checks: Iterable[tuple[int, Check]], *inputs: Any) -> list[Problem]:
    """The problems of the first of ``checks`` (level, check) that finds any in ``inputs``.

    Checks run in level order, those of one level in the order given, each only when every check
    before it passed: a check may rely on what the ones before it make sure of. So an input is
    reported at its lowest failing level. An empty list when every check passes.
    """
    for _, check in sorted(checks, key=lambda entry: entry[0]):  # a stable sort
        problems = check(*inputs)
        if problems:
            return problems
    return []


def lowest_level(problems: list[Problem]) -> list[Problem]:
    """The problems of the lowest level among ``problems``, found by checks that ran side by side (one
    document or file each), so that, as with :func:`first_failing`, what is reported is the lowest level."""
    lowest = min((problem.level for problem in problems), default=0)
    return [problem for problem in problems if problem.level == lowest]


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most ``limit`` problems per file; the last one kept of a file says how many more it has."""
    total = Counter(problem.file for problem in problems)
    seen: Counter[str] = Counter()
    kept = []
    for problem in problems:
        seen[problem.file] += 1
        if seen[problem.file] == limit and total[problem.file] > limit:
            more = f"(the last listed; {total[problem.file] - limit} more problem(s) in this file are not) "
            kept.append(Problem(problem.code, problem.level, problem.file, problem.location, more + problem.reason))
        elif seen[problem.file] <= limit:
            kept.append(problem)
    return kept


class CorpusError(Exception):
    """Input was rejected; ``problems`` says where and why. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = capped(list(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class SeedError(CorpusError):
    """A seed file or its metadata is unusable."""


class ExportError(CorpusError):
    """A Label Studio export is unusable."""


class CorpusInvalid(CorpusError):
    """A built corpus breaks a schema, offset or cross-reference rule."""


class StudioError(Exception):
    """The local Label Studio server could not be started, reached or stopped."""


class Interrupted(Exception):
    """Work stopped because something outside it died or changed meanwhile (a worker process, an input file);
    nothing was written. Its message is one line saying what, and what to do."""


class UsageError(ValueError):
    """A command was asked for something that is not there or of no known kind: the caller's mistake, not the data's."""
