"""The rules find on long texts what their plain forms find, without costing the square of the length.

Each fast form is checked against a reference: the plain ``re.finditer`` of a speaker pattern, and the
straightforward (quadratic) way of giving a mention the id of its fullest form, on generated texts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from id_pubadmin.predictor import entity_rules
from id_pubadmin.predictor.entity_ids import Mention, assign, slug

TOKENS = ["Budi", "Santoso", "KPK", "AKBP", "Pol.", "Kepala", "Dinas", "(Kepala", "(45)", "mengatakan", "kata",
          "dan", "warga", ",", ".", "eBudi", "Ipuk", "Bupati", "Banyuwangi", "menyampaikan"]
texts = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_name_first_speaker_patterns_match_as_finditer_does(text: str) -> None:
    for pattern in (entity_rules.SPEAKER_BEFORE_TITLE, entity_rules.SPEAKER_BEFORE_VERB):
        assert [m.span(1) for m in entity_rules._from_name_runs(pattern, text)] == \
            [m.span(1) for m in re.finditer(pattern, text)]


def _reference_ids(text: str, mentions: list[Mention]) -> list[str]:
    """PERSON and ORG ids as the plain definition gives them: the longest fuller form, the first written on ties."""
    surface = [text[m.start:m.end] for m in mentions]
    ids = []
    for index, mention in enumerate(mentions):
        words = surface[index].split()
        if mention.label == "PERSON":
            fuller = [s for s, m in zip(surface, mentions) if m.label == "PERSON" and set(words) < set(s.split())]
        else:
            fuller = [s for s, m in zip(surface, mentions) if m.label == "ORG" and s.split()[:len(words)] == words]
        ids.append(slug(max(fuller, key=len, default=surface[index])))
    return ids


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(["Ipuk", "Budi", "Fiestiandani", "Dinas", "Kominfo", "Bawaslu",
                                                    "Batu", "Aji", "Santoso"]), min_size=1, max_size=4),
                          st.sampled_from(["PERSON", "ORG"])), max_size=12))
def test_short_names_take_the_id_of_their_fullest_form(named: list[tuple[list[str], str]]) -> None:
    text, mentions = "", []
    for words, label in named:
        name = " ".join(words)
        mentions.append(Mention(len(text), len(text) + len(name), label))
        text += name + ", "
    assert [m.entity_id for m in assign(text, mentions)] == _reference_ids(text, mentions)


def test_a_bare_title_takes_its_owner_from_earlier_or_from_the_dateline() -> None:
    text = "BANYUWANGI - Bupati Banyuwangi hadir. Camat datang. Bupati pulang."
    mentions = [Mention(0, 10, "GPE"), Mention(13, 19, "ROLE"), Mention(20, 30, "GPE"), Mention(38, 43, "ROLE"),
                Mention(52, 58, "ROLE")]
    assert [m.entity_id for m in assign(text, mentions)] == [
        "banyuwangi", "bupati-banyuwangi", "banyuwangi", "camat-banyuwangi", "bupati-banyuwangi"]
    assert assign(text, [replace(m, entity_id="") for m in mentions[3:]])[0].entity_id == "camat"
