"""Classes issue 12's fourth round added to the likely tier, each with its hard negatives.

Read off the misses of PolNeAR train/dev and GUM's tuning half: a place ISO 3166 knows
as the owner of an outlet or a country's body ("the Times" / "The New York Times", "the
Home Office" / "The United Kingdom Home Office") when no such place is in the project,
and a person's sex read from a role word of the person's own name ("super PAC
spokeswoman Kellyanne Conway" for "Ms. Conway"). "Mr." with a first name of no plain
sex is in ``test_identity_titled_names``.
"""

from __future__ import annotations

from annotator.identity.candidates import find_duplicate_groups, find_duplicates
from annotator.identity.forms import name_form

MEDIA = "MEDIA"


def test_an_outlet_named_without_its_city_or_region_joins_the_name_with_it():
    # "New York" and "Washington" are US states in ISO 3166; the project need not know them
    names = ["The New York Times", "the Times", "The Washington Post", "The Post"]
    assert find_duplicates(names, types=[MEDIA] * 4, articles=[{1}, {1}, {2}, {2}]) \
        == [[0, 1], [2, 3]]
    groups = find_duplicate_groups(names[:2], types=[MEDIA] * 2, articles=[{1}, {1}])
    assert groups[0].evidence == ("named without its owner (“new york”)",)
    # a country before a body of any other type: "the Home Office"
    assert find_duplicates(["The United Kingdom Home Office", "the Home Office"],
                           types=["ORG"] * 2, articles=[{1}, {1}]) == [[0, 1]]


def test_a_place_dropped_from_a_name_is_no_owner_where_it_narrows_or_only_says_where():
    # no article shared, or no articles: apart, as for every owner
    assert find_duplicates(["The New York Times", "the Times"], types=[MEDIA] * 2,
                           articles=[{1}, {2}]) == []
    assert find_duplicates(["The New York Times", "the Times"], types=[MEDIA] * 2) == []
    # two outlets ending alike that the article count does not tell apart: neither
    names = ["The New York Times", "The Washington Times", "The Times"]
    assert find_duplicates(names, types=[MEDIA] * 3, articles=[{1}, {2}, {1, 2}]) == []
    # ... and the one sharing twice the articles when it does
    assert find_duplicates(names, types=[MEDIA] * 3, articles=[{1, 3}, {2}, {1, 2, 3}]) \
        == [[0, 2]]
    # a region before a party or caucus names a part of it; before an event another event
    assert find_duplicates(["Texas Republicans", "the Republicans"], types=["ORG"] * 2,
                           articles=[{1}, {1}]) == []
    assert find_duplicates(["the Iowa caucuses", "the caucuses"], types=["EVENT"] * 2,
                           articles=[{1}, {1}]) == []
    # a compass word ISO 3166 names some region with only says where
    assert find_duplicates(["the Western Journal", "the Journal"], types=[MEDIA] * 2,
                           articles=[{1}, {1}]) == []
    # a city ISO 3166 does not list is no owner (left to the possible tier)
    assert find_duplicates(["the Chicago Sun-Times", "the Sun-Times"], types=[MEDIA] * 2,
                           articles=[{1}, {1}]) == []
    # the outlet's own word is no place: two papers of one city stay two
    assert find_duplicates(["The New York Times", "the New York Post"], types=[MEDIA] * 2,
                           articles=[{1}, {1}]) == []


def test_a_role_word_of_a_persons_own_name_says_the_sex_the_first_name_does_not():
    assert name_form("super PAC spokeswoman Kellyanne Conway", "PERSON").sex == "f"
    assert name_form("Interim DNC Chairwoman Donna Brazile", "PERSON").sex == "f"
    assert name_form("Trump campaign spokesman Jason Miller", "PERSON").sex == "m"
    assert name_form("Mrs. Qafa Jasha", "PERSON").sex == "f"
    assert name_form("Kellyanne Conway", "PERSON").sex == ""
    # both sexes said: none ("the chairman's spokeswoman" is no name to read)
    assert name_form("chairman spokeswoman Kim Lee", "PERSON").sex == ""
    persons = ["PERSON"] * 3
    names = ["super PAC spokeswoman Kellyanne Conway", "Ms. Conway", "Conway"]
    # "Ms." and the one Conway known, whom her own name calls a woman: no article shared
    assert find_duplicates(names[:2], types=persons[:2], articles=[{1}, {2}]) == [[0, 1]]
    assert find_duplicates(names, types=persons, articles=[{1}, {2}, {2}]) == [[0, 1, 2]]
    # hard negatives: "Mr." for her; a first name of plain sex outweighs the role word;
    # the untitled surname alone still needs an article shared
    assert find_duplicates(["super PAC spokeswoman Kellyanne Conway", "Mr. Conway"],
                           types=persons[:2], articles=[{1}, {2}]) == []
    assert find_duplicates(["spokeswoman John Kerry", "Mrs. Kerry"], types=persons[:2],
                           articles=[{1}, {2}]) == []
    assert find_duplicates([names[0], "Conway"], types=persons[:2],
                           articles=[{1}, {2}]) == []
