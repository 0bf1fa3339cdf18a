"""What S takes a selection for (``assist.roles``): the words read in their sentence."""

from __future__ import annotations

import pytest

from annotator.assist.roles import CUE, OUTLET, SOURCE, selection_role

BODY = ("“Our units liberated the neighbourhoods of Malayan and Karama,” the General "
        "Command said in a statement, ARA News reported. The United States warned that "
        "the fighting would go on, according to an official. Militants are now spread thin "
        "across three fronts.")


def span(phrase: str) -> tuple[int, int]:
    start = BODY.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize("phrase, role", [
    ("the General Command", SOURCE),  # a name not yet coded as an entity is no cue
    ("said in a statement", CUE),
    ("ARA News reported", CUE),  # the name and its verb: the verb makes it a cue
    ("reported", CUE),
    ("The United States", SOURCE),  # "States" is a cue word only in "she states"
    ("warned", CUE),
    ("according to", CUE),
    ("an official", SOURCE),
])
def test_words_are_read_in_their_sentence(phrase, role):
    assert selection_role(BODY, span(phrase)) == role


def test_a_coded_mention_inside_a_short_selection_makes_it_the_source():
    # "Command said" holds a cue, but the coder selected it around the coded name
    assert selection_role(BODY, span("General Command said"), mentions=[span("General Command")]
                          ) == SOURCE
    assert selection_role(BODY, span("General Command said")) == CUE


def test_the_claims_own_words_are_the_outlets_voice_and_a_cue_beyond_them_is_not():
    claim = span("Militants are now spread thin across three fronts")
    assert selection_role(BODY, claim, claim=claim) == OUTLET
    assert selection_role(BODY, span("Militants are now spread thin across three"),
                          claim=claim) == OUTLET  # most of it
    assert selection_role(BODY, span("Militants are now"), claim=claim) != OUTLET
    quoted = span("Our units liberated the neighbourhoods of Malayan and Karama")
    with_cue = span("Our units liberated the neighbourhoods of Malayan and Karama,” the General "
                    "Command said")
    assert selection_role(BODY, with_cue, claim=quoted) == CUE  # the claim and who said it


def test_a_long_selection_without_a_cue_completes_a_voice_that_lacks_its_source():
    words = span("Our units liberated the neighbourhoods of Malayan")
    assert selection_role(BODY, words) == CUE
    assert selection_role(BODY, words, voice_lacks_source=True) == SOURCE


QUOTES = ("“Our forces seized Juhaina,” the officer said. Eli Saddi told ARA News that 30 "
          "were killed. According to Peshmerga officer Nechirvan Mirani, they are 7 km away.")


def quotes_span(phrase: str) -> tuple[int, int]:
    start = QUOTES.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize("selected, claim, kind", [
    ("said", "Our forces seized Juhaina", "direct_quote"),  # quoted words
    ("the officer", "Our forces seized Juhaina", "direct_quote"),
    ("told", "30 were killed", "indirect"),  # reported speech
    ("Eli Saddi", "30 were killed", "indirect"),
    ("According to", "they are 7 km away", "according_to"),
    ("Nechirvan Mirani", "they are 7 km away", "according_to"),  # the cue stands before
])
def test_the_kind_follows_the_pattern_around_the_selection(selected, claim, kind):
    from annotator.assist.roles import selection_kind
    assert selection_kind(QUOTES, quotes_span(selected), SOURCE, quotes_span(claim)) == kind


def test_the_outlets_voice_is_unattributed():
    from annotator.assist.roles import selection_kind
    claim = quotes_span("30 were killed")
    assert selection_kind(QUOTES, claim, OUTLET, claim) == "unattributed"


@pytest.mark.parametrize("selected, source", [
    ("According to", "Peshmerga officer Nechirvan Mirani"),  # up to the comma
    ("according to", "an official"),  # "…, according to an official." up to the full stop
    ("told", None),  # its source stands before it
    ("Eli Saddi", None),
])
def test_according_to_points_at_the_source_phrase_after_it(selected, source):
    from annotator.assist.roles import source_after_cue
    body = QUOTES + " The fighting goes on, according to an official."
    start = body.index(selected)
    found = source_after_cue(body, (start, start + len(selected)))
    assert (body[found[0]:found[1]] if found else None) == source


def test_according_to_with_nothing_after_it_points_nowhere():
    from annotator.assist.roles import source_after_cue
    body = "They are away, according to, well."
    start = body.index("according to")
    assert source_after_cue(body, (start, start + len("according to"))) is None
