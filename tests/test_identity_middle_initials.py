"""Middle initials in the likely tier: folded away, but two different ones are two people.

"George W. Bush" and "George H. W. Bush" are the son and the father; folding both
initials away made them one key, and one wrong merge corrupts every count of either
actor. A name without initials ("George Bush", "John Kennedy") contradicts neither,
and stays likely beside one of them.
"""

from __future__ import annotations

import pytest

from annotator.identity.candidates import find_duplicate_groups, find_duplicates
from annotator.identity.forms import middles_differ, name_form
from annotator.identity.possible import possible_pairs

PERSONS = ["PERSON"] * 6


def _likely(names, articles=None):
    return [[names[i] for i in g] for g in
            find_duplicates(names, types=PERSONS[:len(names)], articles=articles)]


def test_the_initials_are_kept_beside_the_folded_key():
    son, father = name_form("George W. Bush", "PERSON"), name_form("George H. W. Bush", "PERSON")
    assert son.key == father.key == "george bush"
    assert (son.middle, father.middle) == ("w", "hw")
    assert name_form("George H.W. Bush", "PERSON").middle == "hw"  # the dots gone: "hw"
    assert middles_differ(son, father)
    assert not middles_differ(son, name_form("George Bush", "PERSON"))
    assert name_form("Bill de Blasio", "PERSON").middle == ""  # a particle is no initial
    assert name_form("St. Lucia", "GPE/LOC").middle == ""


@pytest.mark.parametrize(("a", "b"), [("George W. Bush", "George H. W. Bush"),
                                      ("George W. Bush", "George H.W. Bush"),
                                      ("President George W. Bush", "George H.W. Bush"),
                                      ("John F. Kennedy", "John P. Kennedy")])
def test_different_middle_initials_are_never_likely_and_rank_low(a, b):
    assert _likely([a, b]) == []
    assert _likely([a, b], articles=[{1}, {1}]) == []  # not through a shared article either
    pair = possible_pairs([a, b], types=PERSONS[:2], min_score=0.0)
    assert pair and pair[0].score < 0.1
    assert "different middle initials" in pair[0].against
    assert "middle initial" not in pair[0].reasons


@pytest.mark.parametrize(("a", "b"), [("George W. Bush", "George Bush"),
                                      ("John F. Kennedy", "John Kennedy"),
                                      ("George H. W. Bush", "George H.W. Bush")])
def test_a_name_without_initials_or_with_the_same_ones_stays_likely(a, b):
    groups = find_duplicate_groups([a, b, "Kirkuk"], types=PERSONS[:3])
    assert [g.indices for g in groups] == [(0, 1)]
    assert possible_pairs([a, b], types=PERSONS[:2], min_score=0.0)[0].score > 0.9


def test_a_name_without_initials_beside_both_people_joins_neither():
    names = ["George W. Bush", "George H. W. Bush", "George Bush"]
    assert _likely(names) == []
    assert _likely(names, articles=[{1}, {1}, {1}]) == []
    assert _likely(["George W. Bush", "George Bush"]) == [["George W. Bush", "George Bush"]]


def test_a_middle_name_fits_the_initial_it_begins_with():
    articles = [{1}, {1}]
    assert _likely(["George W. Bush", "George Walker Bush"], articles) == [
        ["George W. Bush", "George Walker Bush"]]
    assert _likely(["George W. Bush", "George Herbert Walker Bush"], articles) == []


def test_a_surname_beside_two_people_told_apart_by_initials_goes_to_neither():
    names = ["George W. Bush", "George H. W. Bush", "Bush"]
    assert _likely(names, articles=[{1}, {1}, {1}]) == []
    names = ["George W. Bush", "George Bush", "Bush"]  # one person, two ways
    assert _likely(names, articles=[{1}, {1}, {1}]) == [names]
