"""Place descriptors (issue 12): "Mosul City" and "Hawija District" are Mosul and Hawija.

A word after a place's name that says what kind of place it is joins the bare name in
the likely tier, unless the bare name is a country's or a first-level subdivision's
(ISO 3166, from pycountry): the capitals named after their country or province stay
apart from it, never likely, and rank low among the possible pairs.
"""

from __future__ import annotations

import pytest

from annotator.identity.candidates import find_duplicate_groups, find_duplicates
from annotator.identity.forms import name_form
from annotator.identity.places import names_a_unit
from annotator.identity.possible import possible_pairs

PLACES = ["GPE/LOC"] * 4


@pytest.mark.parametrize(("a", "b", "phrase"), [
    ("Mosul City", "Mosul", "“city” says what kind"),
    ("Mosul city", "Mosul", "“city” says what kind"),
    ("Hawija District", "Hawija", "“district” says what kind"),
    ("the Hawija District", "Hawijah", "“district” says what kind"),
    ("Anbar Governorate", "Anbar Province", "“province” says what kind"),
    ("Taipei City", "Taipei", "“city” says what kind"),  # a subdivision that is a city
])
def test_a_descriptor_after_a_place_is_likely_the_place(a, b, phrase):
    groups = find_duplicate_groups([a, b, "Kirkuk"], types=PLACES[:3])
    assert [g.indices for g in groups] == [(0, 1)]
    assert any(phrase in e for e in groups[0].evidence), groups[0].evidence


@pytest.mark.parametrize(("a", "b"), [
    ("Mexico City", "Mexico"), ("Quebec City", "Quebec"), ("Kuwait City", "Kuwait"),
    ("Panama City", "Panama"), ("Guatemala City", "Guatemala"),
    ("New York City", "New York"), ("Baghdad Governorate", "Baghdad"),
])
def test_a_capital_named_after_its_country_or_province_stays_apart(a, b):
    assert find_duplicates([a, b], types=PLACES[:2]) == []
    assert find_duplicates([a, b], types=PLACES[:2], articles=[{1}, {1}]) == []
    pair = possible_pairs([a, b], types=PLACES[:2], min_score=0.0)
    assert pair and pair[0].score < 0.1, pair
    assert any("another place" in x for x in pair[0].against)


def test_only_places_drop_city():
    # "Manchester City" the club is no Manchester
    assert find_duplicates(["Manchester City", "Manchester"], types=["ORG", "ORG"]) == []
    assert find_duplicates(["Mosul City", "Mosul"], types=["ORG", "ORG"]) == []


def test_the_gazetteer_reads_countries_and_first_level_subdivisions():
    def unit(name):  # the gazetteer holds folded keys: "Quebec" is spelt "kuebek"
        return names_a_unit(name_form(name, "GPE/LOC").key)

    for name in ("Mexico", "Kuwait", "Quebec", "New York", "Iran", "Baghdad", "South Korea"):
        assert unit(name), name
    for name in ("Mosul", "Hawija", "Taipei", "Beijing"):  # cities, or city-subdivisions
        assert not unit(name), name


def test_a_descriptor_and_a_neighbour_that_is_another_thing_stay_apart():
    names = ["Mosul City", "Mosul", "Mosul Dam"]
    groups = find_duplicates(names, types=PLACES[:3])
    assert groups == [[0, 1]]
