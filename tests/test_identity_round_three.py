"""Likely-tier rules of issue 12's third round, one test per variant class with its
hard negatives: a word before "of" that says what kind of body or place the name is, an
"-ist" noun before a person's name, a body named without its owner, "magazine".
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


def test_a_body_named_without_its_owner_joins_the_one_owned_name_it_shares_an_article_with():
    kinds = ["ORG", "ORG", "GPE/LOC"]
    names = ["the U.S. Supreme Court's", "the Supreme Court", "U.S."]
    assert find_duplicates(names, types=kinds, articles=[{1}, {1}, {2}]) == [[0, 1]]
    groups = find_duplicate_groups(names, types=kinds, articles=[{1}, {1}, {2}])
    assert groups[0].evidence == ("named without its owner (“us”)",)
    # an owner in the possessive, and a company beside its product
    assert find_duplicates(["Microsoft's Internet Explorer 6", "Internet Explorer 6"],
                           types=["OTHER"] * 2, articles=[{1}, {1}]) == [[0, 1]]
    assert find_duplicates(["Google Chrome", "Chrome", "Google"], types=["OTHER", "OTHER", "ORG"],
                           articles=[{1}, {1}, {1}]) == [[0, 1]]
    # no article shared, or no articles at all: apart
    assert find_duplicates(names, types=kinds, articles=[{1}, {2}, {2}]) == []
    assert find_duplicates(names, types=kinds) == []


def test_words_that_name_no_owner_or_an_owner_of_the_same_type_are_kept():
    # "White" names nothing known; "House" is a body of the same type, and
    # "House Democrats" is a part of the Democrats, not the Democrats
    names = ["the White House", "the House", "House Democrats", "the Democrats"]
    assert find_duplicates(names, types=["ORG"] * 4, articles=[{1}] * 4) == []
    # a place's name within a place's is left to the places' rules (Seattle, not Washington)
    assert find_duplicates(["Seattle, Washington", "Washington", "Seattle"],
                           types=["GPE/LOC"] * 3, articles=[{1}] * 3) == [[0, 2]]
    # several owned names ending alike: the one sharing twice the articles, or none
    times = ["The New York Times", "The Los Angeles Times", "The Times", "New York",
             "Los Angeles"]
    kinds = ["MEDIA", "MEDIA", "MEDIA", "GPE/LOC", "GPE/LOC"]
    assert find_duplicates(times, types=kinds, articles=[{1, 2}, {3}, {1, 2, 3}, {9}, {9}]) \
        == [[0, 2]]
    assert find_duplicates(times, types=kinds, articles=[{1}, {3}, {1, 3}, {9}, {9}]) == []


def test_magazine_says_what_kind():
    assert likely("Freedom Magazine", "Freedom", "MEDIA")
    assert not likely("Freedom Magazine", "Freedom Party", "MEDIA")


def test_a_surname_with_its_particle_joins_its_one_carrier():
    persons = ["PERSON"] * 3
    assert find_duplicates(["Mayor Bill de Blasio", "De Blasio"], types=persons[:2],
                           articles=[{1}, {1}]) == [[0, 1]]
    # two carriers sharing it alike: apart; no article shared: apart
    assert find_duplicates(["Bill de Blasio", "Chiara de Blasio", "De Blasio"], types=persons,
                           articles=[{1}, {1}, {1}]) == []
    assert find_duplicates(["Mayor Bill de Blasio", "De Blasio"], types=persons[:2],
                           articles=[{1}, {2}]) == []
