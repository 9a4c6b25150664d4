"""Where a project's inputs and outputs are: every path the pipeline reads or writes is named or resolved here.

The build's steps declare their files as globs relative to the project root (``seeds/*.txt``,
``corpus/README.md``); the layout turns them into paths, outputs into the folder the corpus is
written to. Also which folder is a project (commands look for one from the current folder upward),
and reading the project's own text files (card, data licence) with an error id instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .core.errors import FORMAT, CorpusError, define_error
from .core.version import DISTRIBUTION, project_version
from .release import history

PROJECT_FILE_UNREADABLE = define_error(
    "project-file-unreadable", FORMAT,
    "a project file the build renders or copies (DATASET_CARD.md, LICENSE-DATA.md) is missing or not UTF-8 text",
    "restore the file from version control, or re-save it as UTF-8")
MAX_TEXT_BYTES = 1024 * 1024


class NoProject(Exception):
    """No project folder was found where one was looked for."""


@dataclass(frozen=True)
class Layout:
    """Where a project's inputs and outputs are."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def exports(self) -> Path:
        return self.root / "annotations" / "exports"

    @property
    def annotations(self) -> Path:
        """Exports, labelling config, guidelines and the entity registry (``entities.jsonl``)."""
        return self.root / "annotations"

    @property
    def inputs(self) -> list[Path]:
        """Folders the pipeline only reads: a build never writes into them."""
        return [self.seeds, self.root / "annotations"]

    @property
    def card(self) -> Path:
        return self.root / "DATASET_CARD.md"

    @property
    def data_licence(self) -> Path:
        """The data licence, which the corpus carries unchanged."""
        return self.root / "LICENSE-DATA.md"

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def cache(self) -> Path:
        """Per-document build results, keyed by their inputs (see :mod:`id_pubadmin.core.cache`)."""
        return self.root / ".cache" / "documents"

    @property
    def file_cache(self) -> Path:
        """Files the build makes whole from cached results (spaCy files, charts), keyed by what they are made of."""
        return self.root / ".cache" / "files"

    @property
    def signature_cache(self) -> Path:
        """MinHash signatures of the seeds, keyed by their bytes (see :mod:`id_pubadmin.seeds.web.duplicates`)."""
        return self.root / ".cache" / "minhash"

    @property
    def lock(self) -> Path:
        """What the last successful builds were made from and left (see :mod:`id_pubadmin.core.build_lock`)."""
        return self.root / ".cache" / "build.lock"

    @property
    def running(self) -> Path:
        """Held locked by the build that runs, so that builds of the project run one at a time."""
        return self.root / ".cache" / "build.running"

    @property
    def releases(self) -> Path:
        return self.corpus / history.RELEASES_NAME

    def inputs_matching(self, pattern: str) -> list[Path]:
        """The project's files matching ``pattern``, a glob relative to the root such as ``seeds/*.txt``."""
        return sorted(path for path in self.root.glob(pattern) if path.is_file())

    def outputs_matching(self, pattern: str, corpus: Path) -> list[Path]:
        """The files matching ``pattern``, a glob under ``corpus/`` such as ``corpus/*/*.parquet``, in the
        folder ``corpus`` where the corpus is written (``--output``, or a staging folder)."""
        inside = PurePosixPath(pattern).relative_to(self.corpus.relative_to(self.root).as_posix())
        return sorted(path for path in corpus.glob(str(inside)) if path.is_file())


def is_project(folder: Path) -> bool:
    """Whether ``folder`` is a project: its ``pyproject.toml`` declares this distribution."""
    try:
        project_version(folder)
    except (OSError, KeyError, ValueError, TypeError):  # TOMLDecodeError is a ValueError
        return False
    return True


def find_root(start: Path, explicit: bool = False) -> Path:
    """The project folder: ``start``, or (unless ``explicit``) the nearest folder above it that is a project.

    Raises NoProject saying where it looked, so that no command runs against a folder that is no project.
    """
    start = start.absolute()
    for folder in [start] if explicit else [start, *start.parents]:
        if is_project(folder):
            return folder
    where = f"{start}" if explicit else f"{start} or any folder above it"
    raise NoProject(f"no {DISTRIBUTION} project found in {where} (a project folder has a pyproject.toml "
                    f"naming {DISTRIBUTION}); run inside a project or pass --root PROJECT")


def read_project_text(path: Path) -> str:
    """The text of a project file the build uses; CorpusError when it is missing, too large or not UTF-8."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES:
            raise ValueError(f"larger than the limit of {MAX_TEXT_BYTES:,} bytes")
        return data.decode("utf-8")
    except (OSError, ValueError) as exc:  # ValueError covers bad UTF-8
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise CorpusError([PROJECT_FILE_UNREADABLE.at(str(path), "", f"cannot be read: {reason}")]) from None
