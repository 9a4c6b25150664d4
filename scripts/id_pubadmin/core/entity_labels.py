"""One label per entity id: the check that an export's regions and the corpus's rows share, so it sits
below both (the build, the export checks and the corpus checks feed it).
"""

from __future__ import annotations

from .errors import CROSS_REFERENCES, Problem, define_error

ENTITY_LABEL_CONFLICT = define_error(
    "entity-id-label-conflict",
    CROSS_REFERENCES,
    "mentions sharing an entity id carry different labels",
    "give coreferent mentions one label, or give them different entity ids",
)


class EntityLabels:
    """The label of every entity id, as its first mention gives it: mentions sharing an id share its label.

    Fed mention by mention, by the checks of an export and of corpus rows, and document by
    document by the build.
    """

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str]] = {}  # entity id -> (label, the mention that gave it)

    def __len__(self) -> int:
        return len(self._first)

    def add(self, entity_id: str, label: str, mention: str, file: str, location: str) -> list[Problem]:
        """Count in ``mention`` (described for a later report) of ``entity_id``, labelled ``label``, found
        at ``file`` and ``location``; the conflict with the id's first label, if any."""
        first_label, first_mention = self._first.setdefault(entity_id, (label, mention))
        if first_label == label:
            return []
        return [ENTITY_LABEL_CONFLICT.at(
            file, location, f"entity {entity_id!r} is {label} here but {first_label} in {first_mention}")]
