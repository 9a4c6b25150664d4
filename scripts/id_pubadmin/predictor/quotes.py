"""Quote rules of the pre-annotation: direct and indirect quotes with their cue and speaker.

:mod:`.quote_patterns` finds the quotes and cues, :mod:`.speakers` who says them. Each quote is
a record: ``type``, ``start``, ``end``, ``cue`` (a span), ``speaker`` (the mention the attribution
names, for the ``speaker`` relation; None when it names nobody), ``speaker_entity_id`` (also
resolved from context when nobody is named, §5.4) and ``speaker_basis``: ``named``, ``context``
(the person currently speaking) or ``none`` (no speaker found: the quote is kept with an empty id,
and its score is cut to :data:`UNSPOKEN` of its type's).
"""

from __future__ import annotations

from ..segment.sentences import split_sentences
from .entity_ids import Mention
from .quote_patterns import Passage, cue_after, cue_before, indirect, paragraphs, passages
from .speakers import current_speaker, focus_events, named_after, subject_before

Attribution = Mention | str | None  # a named speaker, speakers.PRONOUN, or nobody
# A quote whose speaker no rule found keeps a tenth of its type's score: the annotator must at least name who speaks.
UNSPOKEN = 0.1


def predict_quotes(text: str, mentions: list[Mention]) -> list[dict]:
    """Direct and indirect quotes of ``text`` as records (module docstring), in text order."""
    sentences = split_sentences(text)
    found = _direct(text, mentions, sentences)
    marked = [(q["opening"], q["closing"]) for q in found]
    for start, end in sentences:
        if any(start <= closing and opening < end for opening, closing in marked):
            continue
        quote = indirect(text, start, end)
        if quote is None:
            continue
        if text[slice(*quote.cue)].lower().startswith("menurut") or quote.attribution[0] > quote.cue[0]:
            who = named_after(text, mentions, quote.cue[1], quote.start)
        else:
            who = subject_before(text, mentions, quote.attribution[0], quote.cue[0], [])
        if who is not None:  # a generic subject (*sejumlah warga menilai …*) names no speaker to annotate
            found.append({"type": "indirect", "start": quote.start, "end": quote.end, "cue": quote.cue, "who": who})
    found.sort(key=lambda q: q["start"])
    return _resolved(text, mentions, sentences, found)


def _direct(text: str, mentions: list[Mention], sentences: list[tuple[int, int]]) -> list[dict]:
    """Quoted passages with a cue after or before them, or sharing the cue of the passage before."""
    found: list[dict] = []
    for passage in passages(text):
        sentence = _sentence_of(sentences, passage.opening)
        introduced = text[:passage.opening].rstrip()
        if introduced.endswith(":"):  # ``X mengatakan:`` closing the paragraph before
            sentence = _sentence_of(sentences, len(introduced) - 1)
        cue = cue_after(text, passage)
        if cue is not None:
            named_before = text[passage.closing + 1:cue[0]].strip(" ,.!?")  # ``,” Budi menambahkan``
            who: Attribution = (subject_before(text, mentions, passage.closing + 1, cue[0], []) if named_before
                                else named_after(text, mentions, cue[1], _attribution_end(text, sentences, cue[1])))
        else:
            cue = cue_before(text, passage, sentence[0])
            if cue is None:
                shared = _shared(text, found, passage)
                if shared is None:
                    continue  # a title or a term between quotation marks, not reported speech
                cue, who = shared
            elif cue[1] < passage.opening and _names_after(text, cue):
                who = named_after(text, mentions, cue[1], passage.opening)
            else:
                who = subject_before(text, mentions, sentence[0], cue[0], [(q["start"], q["end"]) for q in found])
        found.append({"type": "direct", "start": passage.start, "end": passage.end, "cue": cue, "who": who,
                      "opening": passage.opening, "closing": passage.closing})
    return found


def _attribution_end(text: str, sentences: list[tuple[int, int]], cue_end: int) -> int:
    """Where the words after a cue stop naming the speaker: the sentence's end or the next opening mark."""
    marks = [index for index in (text.find("“", cue_end), text.find('"', cue_end)) if index != -1]
    return min([_sentence_of(sentences, cue_end - 1)[1], *marks])


def _names_after(text: str, cue: tuple[int, int]) -> bool:
    """True for cues followed by their speaker (``kata X, “``, ``Menurut X, “``), not preceded by it."""
    word = text[slice(*cue)].lower()
    return word.startswith("menurut") or not word.startswith(("me", "ber"))


def _shared(text: str, found: list[dict], passage: Passage) -> tuple[tuple[int, int], Attribution] | None:
    """The cue and speaker of the passage just before, for one that goes on after its attribution in the
    same sentence or paragraph (``“A,” kata X, “B.”``, ``“A,” kata X. “B.”``)."""
    if not found or found[-1]["type"] != "direct":
        return None
    previous = found[-1]
    gap = text[previous["closing"] + 1:passage.opening]
    if previous["cue"][0] > previous["closing"] and "\n" not in gap and gap.rstrip().endswith((",", ".")):
        return previous["cue"], previous["who"]
    return None


def _sentence_of(sentences: list[tuple[int, int]], index: int) -> tuple[int, int]:
    return next((s for s in sentences if s[0] <= index < s[1]), (0, index))


def _resolved(text: str, mentions: list[Mention], sentences: list[tuple[int, int]], found: list[dict]) -> list[dict]:
    """The quotes with their speaker and entity id: named ones as named, the others from context."""
    blocked = [(q["start"], q["end"]) for q in found]
    focus = focus_events(text, mentions, sentences, paragraphs(text), blocked)
    attributions: list[tuple[int, Mention]] = []
    quotes = []
    for quote in found:
        position = min(quote["start"], quote["cue"][0], quote.get("opening", quote["start"]))
        who = quote["who"]
        if isinstance(who, Mention):
            speaker, basis = who, "named"
        else:
            speaker, basis = current_speaker(position, focus, attributions), "context"
            basis = basis if speaker is not None else "none"
        if speaker is not None:
            attributions.append((position, speaker))
        quotes.append({"type": quote["type"], "start": quote["start"], "end": quote["end"], "cue": quote["cue"],
                       "speaker": who if basis == "named" else None,
                       "speaker_entity_id": speaker.entity_id if speaker else "", "speaker_basis": basis})
    return quotes
