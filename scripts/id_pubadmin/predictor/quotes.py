"""Quote rules of the pre-annotation: direct and indirect quotes with their cue and speaker.

Direct quotes: text between curly quotation marks followed by a speech verb (the cue), with the
PERSON named right after the cue as speaker; for a ``-nya`` cue, no speaker relation and the entity
id of the last PERSON named before the quote in its paragraph, else of the last named speaker.
Indirect quotes (one a sentence, none in a sentence with quotation marks), to the end of the
sentence (GUIDELINES.md §5.2): after ``VERB bahwa``; after ``, lanjut NAME,`` or ``Menurut NAME,``;
after ``NAME VERB`` when a lower-case clause follows (*Wakabayashi mengamati proses ...*). The
speaker is the PERSON named in the attribution, else the nearest PERSON before the cue.
"""

from __future__ import annotations

import re

from ..segment.sentences import split_sentences
from .entity_ids import Mention
from .entity_rules import INDIRECT_VERBS, NAME, SPEECH_VERBS

_SAID, _SPEECH = "|".join(INDIRECT_VERBS), "|".join(SPEECH_VERBS)
INDIRECT = (
    rf"\b(?P<cue>{_SAID}) bahwa (?P<quote>.+?)[.!?]?$",
    rf"(?:^|, )(?P<cue>{_SPEECH}) (?P<speaker>{NAME}), (?P<quote>[a-z].+?)[.!?]?$",
    rf"^(?P<cue>Menurut) (?P<speaker>{NAME}), (?P<quote>[a-z].+?)[.!?]?$",
    rf"(?P<speaker>{NAME}) (?P<cue>{_SAID}|mengamati|melihat),? (?P<quote>(?!bahwa\b)[a-z].+?)[.!?]?$",
)


def predict_quotes(text: str, mentions: list[Mention]) -> list[dict]:
    """Direct and indirect quotes as records (span, type, cue span, speaker mention, speaker id)."""
    people = [m for m in mentions if m.label == "PERSON"]
    quotes = [_direct(text, match, people) for match in re.finditer(r"“([^”]+)”", text)]
    for start, end in split_sentences(text):
        sentence = text[start:end]
        match = next((m for pattern in INDIRECT for m in [re.search(pattern, sentence)] if m), None)
        if match and not re.search("[“”]", sentence):
            cue = (start + match.start("cue"), start + match.end("cue"))
            before = [p for p in people if start <= p.start and p.end <= cue[0]]
            named = next((p for p in people if "speaker" in match.groupdict() and match["speaker"]
                          and (p.start, p.end) == (start + match.start("speaker"), start + match.end("speaker"))), None)
            quotes.append({"type": "indirect", "start": start + match.start("quote"), "end": start + match.end("quote"),
                           "cue": cue, "speaker": named or (before[-1] if before else None)})
    quotes = sorted((q for q in quotes if q is not None), key=lambda q: q["start"])
    last: Mention | None = None
    for quote in quotes:
        paragraph = text.rfind("\n\n", 0, quote["start"])
        before = [p for p in people if paragraph < p.start and p.end <= quote["start"]]
        last = quote["speaker"] or (before[-1] if before else None) or last
        quote["speaker_entity_id"] = last.entity_id if last else ""
    return quotes


def _direct(text: str, match: re.Match[str], people: list[Mention]) -> dict | None:
    after = re.match(r"\s*(\w+)", text[match.end():])
    if not after or not any(after[1].startswith(verb) for verb in SPEECH_VERBS):
        return None  # a title or a term between quotation marks, not reported speech
    start, end = match.start(1), match.end(1)
    while end > start and text[end - 1] in ",. ":
        end -= 1
    if end == start:
        return None  # nothing but spaces and punctuation between the marks
    cue = (match.end() + after.start(1), match.end() + after.end(1))
    named = None if after[1].endswith("nya") else next((p for p in people if cue[1] < p.start <= cue[1] + 2), None)
    return {"type": "direct", "start": start, "end": end, "cue": cue, "speaker": named}


