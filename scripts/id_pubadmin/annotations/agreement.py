"""Inter-annotator agreement over the tasks of an export that carry two or more annotations.

Every pair of submitted annotations of a task is compared, and counts are pooled over all pairs
of all tasks (so a task with three annotators weighs three pairs):

- entity mentions: exact-span F1 (same start, end and label) and overlap F1 (same label, spans
  sharing a character), per label and over all labels; for two annotations A and B the F1 is
  ``(matched in A + matched in B) / (|A| + |B|)``, which is symmetric;
- entity ids (coreference): over mentions both drew with the same span, the pairwise-link F1 (two
  mentions are linked when they share an entity id) and the share of identical ids;
- quotes: exact-span F1, and over quotes both drew with the same span the share with the same
  type, the same cue span and the same speaker entity id;
- tokens: Cohen's kappa of the BIO tags both annotations give each token of the document (the
  package's tokenizer; an entity edge inside a token tags that whole token).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import labels
from ..segment.tokens import tokenize
from . import label_config as sc
from .checks import kind, links
from .tasks import Task, read_tasks

Mention = tuple[int, int, str, str]  # start, end, label, entity id
Quote = tuple[int, int, str, tuple[int, int] | None, str]  # start, end, type, cue span, speaker entity id


@dataclass
class Agreement:
    """Pooled counts of every compared pair; the figures are properties."""

    tasks: list[dict] = field(default_factory=list)  # task id, document, annotations with annotators
    pairs: int = 0
    exact: Counter = field(default_factory=Counter)  # label -> matched mentions (both sides)
    overlap: Counter = field(default_factory=Counter)
    drawn: Counter = field(default_factory=Counter)  # label -> mentions (both sides)
    links: Counter = field(default_factory=Counter)  # "both", "a", "b" link counts
    same_ids: list[int] = field(default_factory=lambda: [0, 0])  # same id, shared mentions
    quotes: Counter = field(default_factory=Counter)  # "matched", "drawn", "type", "cue", "speaker"
    tags: list[tuple[str, str]] = field(default_factory=list)

    def figures(self) -> dict:
        """Every figure as a JSON-ready dict (None where nothing was there to compare)."""
        per_label = {
            label: {"exact_f1": _ratio(self.exact[label], self.drawn[label]),
                    "overlap_f1": _ratio(self.overlap[label], self.drawn[label]),
                    "mentions": self.drawn[label]}
            for label in labels.ENTITY_LABELS if self.drawn[label]
        }
        matched = self.quotes["matched"] // 2
        return {
            "tasks": self.tasks,
            "pairs": self.pairs,
            "entities": {
                "exact_f1": _ratio(sum(self.exact.values()), sum(self.drawn.values())),
                "overlap_f1": _ratio(sum(self.overlap.values()), sum(self.drawn.values())),
                "per_label": per_label,
            },
            "entity_ids": {
                "link_f1": _ratio(2 * self.links["both"], 2 * self.links["both"] + self.links["a"] + self.links["b"]),
                "same_id": _ratio(self.same_ids[0], self.same_ids[1]),
                "shared_mentions": self.same_ids[1],
            },
            "quotes": {
                "span_f1": _ratio(self.quotes["matched"], self.quotes["drawn"]),
                "type": _ratio(self.quotes["type"], matched),
                "cue": _ratio(self.quotes["cue"], matched),
                "speaker": _ratio(self.quotes["speaker"], matched),
                "shared_quotes": matched,
            },
            "bio_kappa": cohen_kappa(self.tags),
            "tokens": len(self.tags),
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired categorical judgements; None without judgements, 1.0 if all agree."""
    if not pairs:
        return None
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[tag] * second[tag] for tag in first) / len(pairs) ** 2
    return 1.0 if expected == 1 else round((observed - expected) / (1 - expected), 4)


def agreement(paths: Iterable[Path]) -> Agreement:
    """Agreement over every task with two or more submitted annotations in the exports at ``paths``."""
    result = Agreement()
    for path in paths:
        by_task: dict[tuple[str, str], list[Task]] = defaultdict(list)
        for task in read_tasks(path, every_annotation=True):
            if task.annotation_id is not None:
                by_task[(task.task_id, task.document_id)].append(task)
        for (task_id, document_id), versions in sorted(by_task.items()):
            if len(versions) < 2:
                continue
            result.tasks.append({"file": str(path), "task": task_id, "document_id": document_id,
                                 "annotations": [{"id": v.annotation_id, "annotator": v.annotator} for v in versions]})
            tokens = tokenize(versions[0].text)
            for a, b in itertools.combinations(versions, 2):
                compare(result, a, b, tokens)
    return result


def compare(result: Agreement, a: Task, b: Task, tokens: list[tuple[int, int]]) -> None:
    """Add the counts of one pair of annotations of the same document to ``result``."""
    result.pairs += 1
    mentions_a, mentions_b = mentions(a), mentions(b)
    for mine, theirs in ((mentions_a, mentions_b), (mentions_b, mentions_a)):
        for start, end, label, _ in mine:
            result.drawn[label] += 1
            result.exact[label] += any((s, e, lab) == (start, end, label) for s, e, lab, _ in theirs)
            result.overlap[label] += any(lab == label and s < end and start < e for s, e, lab, _ in theirs)
    ids_a = {(s, e): entity for s, e, _, entity in mentions_a}
    ids_b = {(s, e): entity for s, e, _, entity in mentions_b}
    shared = sorted(set(ids_a) & set(ids_b))
    result.same_ids[0] += sum(ids_a[span] == ids_b[span] for span in shared)
    result.same_ids[1] += len(shared)
    for one, other in itertools.combinations(shared, 2):
        linked = (ids_a[one] == ids_a[other], ids_b[one] == ids_b[other])
        result.links[{(True, True): "both", (True, False): "a", (False, True): "b"}.get(linked, "none")] += 1
    quotes_a, quotes_b = {q[:2]: q for q in quotes(a)}, {q[:2]: q for q in quotes(b)}
    both = set(quotes_a) & set(quotes_b)
    result.quotes["drawn"] += len(quotes_a) + len(quotes_b)
    result.quotes["matched"] += 2 * len(both)
    for span in both:
        for position, name in ((2, "type"), (3, "cue"), (4, "speaker")):
            result.quotes[name] += quotes_a[span][position] == quotes_b[span][position]
    result.tags += list(zip(token_tags(tokens, mentions_a), token_tags(tokens, mentions_b), strict=True))


def mentions(task: Task) -> list[Mention]:
    return sorted((r.start, r.end, r.label, task.value(r.id, sc.ENTITY_ID) or "") for r in task.regions
                  if kind(r) == sc.ENTITY)


def quotes(task: Task) -> list[Quote]:
    found = []
    for region in task.regions:
        if region.label == labels.QUOTE_LABEL:
            cues = links(task, region.id, labels.CUE_RELATION)
            cue = (cues[0].start, cues[0].end) if cues else None
            found.append((region.start, region.end, task.value(region.id, sc.QUOTE_TYPE) or "", cue,
                           task.value(region.id, sc.SPEAKER_ENTITY_ID) or ""))
    return found


def token_tags(tokens: list[tuple[int, int]], spans: list[Mention]) -> list[str]:
    """BIO tag of each token; a token an entity touches is inside it (later spans win on overlap)."""
    tags = ["O"] * len(tokens)
    for start, end, label, _ in spans:
        inside = [i for i, (s, e) in enumerate(tokens) if s < end and start < e]
        for position, index in enumerate(inside):
            tags[index] = ("B-" if position == 0 else "I-") + label
    return tags


def report_text(figures: dict) -> str:
    """The figures as a short plain-text report."""
    if not figures["tasks"]:
        return "single annotator: no task has two or more submitted annotations"
    lines = [f"{len(figures['tasks'])} task(s) with several annotations, {figures['pairs']} pair(s) compared:"]
    lines += [f"  task {t['task']} (document {t['document_id']}): "
              + ", ".join(f"{a['id']} by {a['annotator']}" for a in t["annotations"]) for t in figures["tasks"]]
    entities, ids, quoted = figures["entities"], figures["entity_ids"], figures["quotes"]
    lines.append(f"entities: exact-span F1 {_shown(entities['exact_f1'])}, overlap F1 {_shown(entities['overlap_f1'])}")
    lines += [f"  {label:<8} exact {_shown(v['exact_f1'])}  overlap {_shown(v['overlap_f1'])}  ({v['mentions']} mentions)"
              for label, v in entities["per_label"].items()]
    lines.append(f"entity ids: link F1 {_shown(ids['link_f1'])}, same id {_shown(ids['same_id'])} "
                 f"over {ids['shared_mentions']} shared mention(s)")
    lines.append(f"quotes: span F1 {_shown(quoted['span_f1'])}; over {quoted['shared_quotes']} shared quote(s): "
                 f"type {_shown(quoted['type'])}, cue {_shown(quoted['cue'])}, speaker {_shown(quoted['speaker'])}")
    lines.append(f"tokens: Cohen's kappa on BIO tags {_shown(figures['bio_kappa'])} over {figures['tokens']} token pair(s)")
    return "\n".join(lines)


def card_line(figures: dict) -> str:
    """One sentence for the dataset card: the headline figures, or that there is a single annotator."""
    if not figures["tasks"]:
        return "Inter-annotator agreement: single annotator (no document has two annotations yet)."
    return (f"Inter-annotator agreement over {len(figures['tasks'])} doubly annotated document(s): entity "
            f"exact-span F1 {_shown(figures['entities']['exact_f1'])}, overlap F1 "
            f"{_shown(figures['entities']['overlap_f1'])}, entity-id link F1 {_shown(figures['entity_ids']['link_f1'])}, "
            f"quote span F1 {_shown(figures['quotes']['span_f1'])}, token-level Cohen's kappa (BIO) "
            f"{_shown(figures['bio_kappa'])}.")


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
