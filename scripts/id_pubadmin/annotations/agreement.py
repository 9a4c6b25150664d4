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

Memory and time stay linear in the annotations of a task: a task with at most :data:`ALL_PAIRS_UP_TO`
annotations has every pair compared; past that, each annotation is compared with the next one in
id order (and the last with the first), and the report says so. Tag pairs are counted, not kept.
Each task also names its adjudicator (who marked the gold annotation as ground truth, and when).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import labels
from ..core.markup import markdown_text
from ..segment.tokens import tokenize
from . import label_config as sc
from .checks import kind, links
from .annotated_task import Task
from .tasks import read_tasks

# Pseudonyms of the annotation guidelines (§6.2): annotator-NN for annotators, lead-NN for adjudicators,
# at the project's own mail domain; the studio makes accounts with them and the card shows them.
PSEUDONYM = re.compile(r"(annotator|lead)-\d{2,}")
PSEUDONYM_DOMAIN = "id-pubadmin-news.invalid"
ALL_PAIRS_UP_TO = 8  # annotations of a task compared pairwise; more are compared in a ring
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
    tags: Counter = field(default_factory=Counter)  # (tag in A, tag in B) -> tokens
    gold_annotators: Counter = field(default_factory=Counter)  # annotator of each task's gold -> tasks
    adjudicators: Counter = field(default_factory=Counter)  # who marked the gold of a task -> tasks

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
            "tokens": sum(self.tags.values()),
            "gold_annotators": dict(sorted(self.gold_annotators.items())),
            "adjudicated_tasks": sum(self.adjudicators.values()),
            "adjudicators": dict(sorted(self.adjudicators.items())),
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def cohen_kappa(pairs: Counter | list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired categorical judgements (listed, or counted by pair); None without
    judgements, 1.0 if all agree."""
    counted = pairs if isinstance(pairs, Counter) else Counter(pairs)
    total = sum(counted.values())
    if not total:
        return None
    observed = sum(n for (a, b), n in counted.items() if a == b) / total
    first, second = Counter(), Counter()
    for (a, b), n in counted.items():
        first[a] += n
        second[b] += n
    expected = sum(first[tag] * second[tag] for tag in first) / total ** 2
    return 1.0 if expected == 1 else round((observed - expected) / (1 - expected), 4)


def compared_pairs(count: int) -> list[tuple[int, int]]:
    """Positions of the annotations compared: all pairs up to ALL_PAIRS_UP_TO, else a ring."""
    if count <= ALL_PAIRS_UP_TO:
        return list(itertools.combinations(range(count), 2))
    return [(i, (i + 1) % count) for i in range(count)]


def agreement(paths: Iterable[Path]) -> Agreement:
    """Agreement over every task with two or more submitted annotations in the exports at ``paths``."""
    result = Agreement()
    for path in paths:
        by_task: dict[tuple[str, str], list[Task]] = defaultdict(list)
        for task in read_tasks(path, every_annotation=True):
            if task.annotation_id is not None:
                by_task[(task.task_id, task.document_id)].append(task)
        for (task_id, document_id), versions in sorted(by_task.items()):
            gold = [v for v in versions if v.ground_truth] if len(versions) > 1 else versions
            if len(gold) == 1:
                result.gold_annotators[gold[0].annotator] += 1
                if gold[0].adjudicator is not None:
                    result.adjudicators[gold[0].adjudicator] += 1
            if len(versions) < 2:
                continue
            pairs = compared_pairs(len(versions))
            entry = {"file": str(path), "task": task_id, "document_id": document_id,
                     "annotations": [{"id": v.annotation_id, "annotator": v.annotator} for v in versions],
                     "pairs_compared": len(pairs), "pairs_in_all": len(versions) * (len(versions) - 1) // 2}
            if len(gold) == 1 and gold[0].adjudicator is not None:
                entry.update(adjudicated_by=gold[0].adjudicator, adjudicated_at=gold[0].adjudicated_at)
            result.tasks.append(entry)
            tokens = tokenize(versions[0].text)
            drawn = [_Drawn(v, tokens) for v in versions]
            for a, b in pairs:
                compare(result, drawn[a], drawn[b])
    return result


class _Drawn:
    """What one annotation drew, worked out once however many pairs it is in."""

    def __init__(self, task: Task, tokens: list[tuple[int, int]]) -> None:
        self.mentions = mentions(task)
        self.quotes = {q[:2]: q for q in quotes(task)}
        self.ids = {(s, e): entity for s, e, _, entity in self.mentions}
        self.tags = token_tags(tokens, self.mentions)


def compare(result: Agreement, a: _Drawn, b: _Drawn) -> None:
    """Add the counts of one pair of annotations of the same document to ``result``."""
    result.pairs += 1
    mentions_a, mentions_b = a.mentions, b.mentions
    for mine, theirs in ((mentions_a, mentions_b), (mentions_b, mentions_a)):
        spans = {(s, e, lab) for s, e, lab, _ in theirs}
        for start, end, label, _ in mine:
            result.drawn[label] += 1
            result.exact[label] += (start, end, label) in spans
            result.overlap[label] += any(lab == label and s < end and start < e for s, e, lab, _ in theirs)
    ids_a, ids_b = a.ids, b.ids
    shared = sorted(set(ids_a) & set(ids_b))
    result.same_ids[0] += sum(ids_a[span] == ids_b[span] for span in shared)
    result.same_ids[1] += len(shared)
    for one, other in itertools.combinations(shared, 2):
        linked = (ids_a[one] == ids_a[other], ids_b[one] == ids_b[other])
        result.links[{(True, True): "both", (True, False): "a", (False, True): "b"}.get(linked, "none")] += 1
    quotes_a, quotes_b = a.quotes, b.quotes
    both = set(quotes_a) & set(quotes_b)
    result.quotes["drawn"] += len(quotes_a) + len(quotes_b)
    result.quotes["matched"] += 2 * len(both)
    for span in both:
        for position, name in ((2, "type"), (3, "cue"), (4, "speaker")):
            result.quotes[name] += quotes_a[span][position] == quotes_b[span][position]
    result.tags.update(zip(a.tags, b.tags, strict=True))


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
    ends = [e for _, e in tokens]  # tokens are in text order and do not overlap
    for start, end, label, _ in spans:
        index, position = bisect.bisect_right(ends, start), 0
        while index < len(tokens) and tokens[index][0] < end:
            tags[index] = ("B-" if position == 0 else "I-") + label
            index, position = index + 1, position + 1
    return tags


def _task_line(task: dict) -> str:
    line = f"  task {task['task']} (document {task['document_id']}): " + ", ".join(
        f"{a['id']} by {a['annotator']}" for a in task["annotations"])
    if task.get("adjudicated_by"):
        line += f"; adjudicated by {task['adjudicated_by']} at {task.get('adjudicated_at') or 'an unknown time'}"
    if task["pairs_compared"] < task["pairs_in_all"]:
        line += (f"\n    sampled: {task['pairs_compared']:,} of {task['pairs_in_all']:,} pairs compared (more than "
                 f"{ALL_PAIRS_UP_TO} annotations: each with the next in id order, the last with the first)")
    return line


def report_text(figures: dict) -> str:
    """The figures as a short plain-text report."""
    if not figures["tasks"]:
        return "single annotator: no task has two or more submitted annotations"
    lines = [f"{len(figures['tasks'])} task(s) with several annotations, {figures['pairs']} pair(s) compared:"]
    lines += [_task_line(t) for t in figures["tasks"]]
    entities, ids, quoted = figures["entities"], figures["entity_ids"], figures["quotes"]
    lines.append(f"entities: exact-span F1 {_shown(entities['exact_f1'])}, overlap F1 {_shown(entities['overlap_f1'])}")
    lines += [f"  {label:<8} exact {_shown(v['exact_f1'])}  overlap {_shown(v['overlap_f1'])}  ({v['mentions']} mentions)"
              for label, v in entities["per_label"].items()]
    lines.append(f"entity ids: link F1 {_shown(ids['link_f1'])}, same id {_shown(ids['same_id'])} "
                 f"over {ids['shared_mentions']} shared mention(s)")
    lines.append(f"quotes: span F1 {_shown(quoted['span_f1'])}; over {quoted['shared_quotes']} shared quote(s): "
                 f"type {_shown(quoted['type'])}, cue {_shown(quoted['cue'])}, speaker {_shown(quoted['speaker'])}")
    lines.append(f"tokens: Cohen's kappa on BIO tags {_shown(figures['bio_kappa'])} over {figures['tokens']} token pair(s)")
    lines.append(f"adjudicated tasks: {figures['adjudicated_tasks']}"
                 + (f" ({_people(figures['adjudicators'])})" if figures["adjudicators"] else ""))
    return "\n".join(lines)


def pseudonym(annotator: str) -> str:
    """How the card names an annotator: the pseudonym of an account named as guidelines §6.2 says
    (``annotator-01@id-pubadmin-news.invalid``), else ``unnamed-`` and 8 hex digits of the account's
    sha256, so that no e-mail address or name an export holds reaches the public card."""
    local, _, domain = annotator.partition("@")
    named = domain == PSEUDONYM_DOMAIN and PSEUDONYM.fullmatch(local)
    return local if named else f"unnamed-{hashlib.sha256(annotator.encode('utf-8', 'replace')).hexdigest()[:8]}"


def _people(counts: dict[str, int], shown: Callable[[str], str] = str) -> str:
    """``pseudonym: count, ...``, each pseudonym ``shown`` as the page needs (Markdown-escaped in the card)."""
    return ", ".join(f"{shown(pseudonym(who))}: {n}" for who, n in counts.items())


def card_line(figures: dict) -> str:
    """Sentences for the dataset card: who made the gold, how much was adjudicated, the agreement."""
    gold = figures["gold_annotators"]
    who = (f"Gold annotations by {_people(gold, markdown_text)} task(s) (pseudonyms; see annotations/GUIDELINES.md "
           f"§6.2); {figures['adjudicated_tasks']} task(s) adjudicated"
           + (f" (by {_people(figures['adjudicators'], markdown_text)})" if figures["adjudicators"] else "")
           + ". ") if gold else ""
    if not figures["tasks"]:
        return who + "Inter-annotator agreement: single annotator (no document has two annotations yet)."
    sampled = sum(t["pairs_compared"] < t["pairs_in_all"] for t in figures["tasks"])
    return who + (f"Inter-annotator agreement over {len(figures['tasks'])} doubly annotated document(s)"
                  + (f" ({sampled} with pairs sampled)" if sampled else "") + ": entity "
                  f"exact-span F1 {_shown(figures['entities']['exact_f1'])}, overlap F1 "
                  f"{_shown(figures['entities']['overlap_f1'])}, entity-id link F1 "
                  f"{_shown(figures['entity_ids']['link_f1'])}, quote span F1 {_shown(figures['quotes']['span_f1'])}, "
                  f"token-level Cohen's kappa (BIO) {_shown(figures['bio_kappa'])}.")


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
