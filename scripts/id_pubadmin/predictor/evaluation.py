"""Exact-span precision, recall and F1 of the entity model per label, on sentences it did not train on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .nergrit import Sentence

Scores = dict[str, dict[str, float]]  # label (and "ALL") -> p, r, f (percent), gold, predicted


def scores(nlp: Any, sentences: Sequence[Sentence]) -> Scores:
    """Per-label and overall exact-span scores of pipeline ``nlp`` on ``sentences`` (model labels only)."""
    gold, predicted, right = Counter(), Counter(), Counter()
    for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
        found = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        wanted = set(sentence.entities)
        for label_counter, spans in ((gold, wanted), (predicted, found), (right, wanted & found)):
            label_counter.update(label for _, _, label in spans)
            label_counter["ALL"] += len(spans)
    table = {}
    for label in sorted(set(gold) | set(predicted), key=lambda name: (name == "ALL", name)):
        p = right[label] / predicted[label] if predicted[label] else 0.0
        r = right[label] / gold[label] if gold[label] else 0.0
        table[label] = {"p": round(100 * p, 2), "r": round(100 * r, 2),
                        "f": round(200 * p * r / (p + r), 2) if p + r else 0.0,
                        "gold": gold[label], "predicted": predicted[label]}
    return table


def lines(name: str, table: Scores) -> list[str]:
    """``table`` as aligned text lines under the title ``name``."""
    shown = [f"{name}:", f"  {'label':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    return shown + [f"  {label:<8} {row['p']:>6.2f} {row['r']:>6.2f} {row['f']:>6.2f} {row['gold']:>6} {row['predicted']:>6}"
                    for label, row in table.items()]
