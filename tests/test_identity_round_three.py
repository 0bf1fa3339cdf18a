"""Likely-tier rules of issue 12's third round, one test per variant class with its
hard negatives: a word before "of" that says what kind of body or place the name is.
"""

from __future__ import annotations

from annotator.identity.candidates import find_duplicate_groups, find_duplicates
from annotator.identity.forms import name_form


def likely(a: str, b: str, kind: str, articles=None) -> bool:
    return find_duplicates([a, b], types=[kind, kind], articles=articles) == [[0, 1]]


def test_a_word_saying_what_kind_before_of_is_set_aside():
    assert likely("the State of Texas", "Texas", "GPE/LOC")
    assert likely("the Municipality of Bogliasco", "Bogliasco", "ORG")
    assert likely("The Church of Scientology's", "Scientology", "ORG")
    assert likely("the Province of Nineveh", "Nineveh Province", "GPE/LOC")
    assert name_form("the State of Texas", "GPE/LOC").key == "texas"
    groups = find_duplicate_groups(["the State of Texas", "Texas"], types=["GPE/LOC"] * 2)
    assert any("what kind" in e for e in groups[0].evidence)
    # what is not just a kind of the name after "of" stays apart
    for a, b in [("the City of London", "London"), ("the Republic of China", "China"),
                 ("the Islamic State of Iraq", "Iraq"), ("the Bank of England", "England"),
                 ("the Secretary of State", "State"), ("the Isle of Man", "Man")]:
        assert not likely(a, b, "GPE/LOC") and not likely(a, b, "ORG"), (a, b)


def test_an_ist_noun_before_a_persons_name_describes_them():
    assert likely("Scientologist Tom Cruise", "Tom Cruise", "PERSON")
    assert likely("Democratic strategist Tad Devine", "Tad Devine", "PERSON")
    assert name_form("Economist Paul Krugman", "PERSON").key == "paul krugman"
    # a surname joins the one person, no longer two (the described name was a second one)
    names = ["Scientologist Tom Cruise", "Tom Cruise", "Cruise"]
    assert find_duplicates(names, types=["PERSON"] * 3, articles=[{1}, {1}, {1}]) \
        == [[0, 1, 2]]
    # hard negatives: the last word is the name; short words are no "-ist" nouns;
    # the person described is still told from another of that surname
    assert name_form("Anna Gist", "PERSON").key == "anna gist"
    assert name_form("Jesus Christ Smith", "PERSON").key == "jesus christ smith"
    assert not likely("Scientologist Tom Cruise", "Ted Cruz", "PERSON")
    assert not likely("Scientologist Tom Cruise", "Penelope Cruise", "PERSON")
