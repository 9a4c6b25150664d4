"""What the corpus-level steps know of a corpus built document by document.

The build never holds the corpus's rows; it adds up each document's summary here instead: row
counts per config and split, the counts the card and chart show, the first row of every config,
and the ids that must be unique corpus-wide or agree across documents (checked here, since each
document's own checks cannot see the others).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..core import labels
from ..core.entity_labels import EntityLabels
from ..core.errors import Problem
from ..core.fields import CONFIGS, Config, Row
from .checks import CORPUS_DUPLICATE_ID
from .parquet import decode_row


@dataclass
class CorpusSummary:
    """Counts and ids of a corpus, added up document by document in corpus order."""

    rows: dict[str, dict[str, int]] = field(default_factory=lambda: {c.name: {} for c in CONFIGS})
    annotated: int = 0  # documents with gold annotations (and so ner rows)
    characters: int = 0
    paragraphs: int = 0
    tokens: int = 0
    sentence_characters: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    sentence_lengths: Counter[int] = field(default_factory=Counter)  # tokens -> sentences that long
    quote_types: Counter[str] = field(default_factory=Counter)
    speakers: Counter[tuple[str, str]] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    months: list[str] = field(default_factory=list)  # earliest and latest publication month
    first: dict[str, dict[str, Row]] = field(default_factory=dict)  # config -> split -> its first row
    entity_labels: EntityLabels = field(default_factory=EntityLabels)
    _region_ids: dict[str, set[str]] = field(default_factory=lambda: {"entities": set(), "quotes": set()})

    def add(self, document_id: str, summary: dict[str, Any]) -> list[Problem]:
        """Count one document in; returns what it breaks of the corpus-wide rules."""
        split = summary["split"]
        for name, count in summary["rows"].items():
            if count:
                self.rows[name][split] = self.rows[name].get(split, 0) + count
        self.annotated += summary["rows"]["ner"] > 0
        for key in ("characters", "paragraphs", "tokens", "sentence_characters"):
            setattr(self, key, getattr(self, key) + summary[key])
        self.labels.update(summary["labels"])
        self.sentence_lengths.update(dict(summary["sentence_lengths"]))
        self.quote_types.update(summary["quote_types"])
        self.speakers.update({(speaker, kind): count for speaker, kind, count in summary["speakers"]})
        self.outlets[summary["outlet"]] += 1
        month = summary["published"]
        self.months = [min(self.months[0], month), max(self.months[1], month)] if self.months else [month, month]
        return self._id_problems(document_id, split, summary)

    def _id_problems(self, document_id: str, split: str, summary: dict[str, Any]) -> list[Problem]:
        problems = []
        for config, key, ids in (("entities", "mention_id", summary["mention_ids"]),
                                 ("quotes", "quote_id", summary["quote_ids"])):
            seen = self._region_ids[config]
            problems += [CORPUS_DUPLICATE_ID.at(f"{config}/{split} (built)", f"document {document_id}",
                                                f"{key} ('{region}',) appears twice") for region in ids if region in seen]
            seen.update(ids)
        for entity_id, (label, mention_id) in summary["entity_labels"].items():
            problems += self.entity_labels.add(entity_id, label, f"mention {mention_id} of document {document_id}",
                                               f"entities/{split} (built)", f"document {document_id}, mention {mention_id}")
        return problems

    def add_first(self, config: Config, split: str, table: Any) -> None:
        """Keep the first row of a config split, from the Arrow table of the first document that has one."""
        if split not in self.first.setdefault(config.name, {}):
            self.first[config.name][split] = decode_row(config, table.slice(0, 1).to_pylist()[0])

    def total(self, config: str) -> int:
        """Rows of a config over all splits."""
        return sum(self.rows.get(config, {}).values())

    def first_row(self, config: str) -> Row | None:
        """The first row of a config, splits in their fixed order."""
        return next((self.first[config][split] for split in labels.SPLITS if split in self.first.get(config, {})), None)
