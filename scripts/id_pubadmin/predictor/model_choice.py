"""Which entity model pre-annotates: ``--model DIR``, else the project's own choice, else the shipped model.

A project names its default model in its ``pyproject.toml``, relative to the project folder::

    [tool.id-pubadmin]
    model = "models/pubadmin_ner_custom"

so that ``predict``, ``studio push`` and ``silver`` use what ``model train`` made without being told each time.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..core.errors import UsageError


def chosen_model(given: Path | None, root: Path | None) -> Path | None:
    """The model folder to load: ``given``, the project's ``[tool.id-pubadmin] model``, or None for the shipped one.

    UsageError when the folder chosen holds no model (no ``meta.json``) or the project's setting is no string.
    """
    where = "--model"
    if given is None and root is not None and (root / "pyproject.toml").is_file():
        try:
            setting = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}) \
                .get("id-pubadmin", {}).get("model")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError):
            setting = None
        if setting is not None and not isinstance(setting, str):
            raise UsageError(f"{root / 'pyproject.toml'}: [tool.id-pubadmin] model must be a folder name (a string)")
        if setting is not None:
            given, where = root / setting, f"[tool.id-pubadmin] model of {root / 'pyproject.toml'}"
    if given is not None and not (given / "meta.json").is_file():
        raise UsageError(f"{given} (from {where}) is no model folder (it has no meta.json); "
                         "make one with `id-pubadmin model train --out DIR`")
    return given
