"""Possible-tier evidence rules, one test per class (issue 12, second round).

Written from the misses of GUM's tuning half (``identity_gold.gum_half``): acronyms
that take a function word's letter or order the letters of another language, an
acronym with a number, a number only one name has, a reordered name with a short
word, and descriptors of outlets and states.
"""

from __future__ import annotations

from annotator.identity.evidence import pair_evidence
from annotator.identity.forms import acronym_of, initials_of, name_form
from annotator.identity.possible import possible_pairs


def _evidence(a: str, b: str, kind: str = "ORG"):
    return pair_evidence(0, 1, [a, b], [name_form(a, kind), name_form(b, kind)])


def _best(names: list[str], kind: str = "ORG") -> dict[str, list[str]]:
    best: dict[str, list[str]] = {}
    for p in possible_pairs(names, types=[kind] * len(names)):
        best.setdefault(names[p.a], []).append(names[p.b])
        best.setdefault(names[p.b], []).append(names[p.a])
    return best


def test_an_acronym_may_take_the_letter_of_a_function_word_or_leave_it():
    assert {"first", "irst", "frst"} & initials_of(
        "for inspiration and recognition of science and technology") == {"first", "irst"}
    assert {"dod", "dd"} <= initials_of("department of defense")
    full = "For Inspiration and Recognition of Science and Technology"
    assert any("initials of" in r for r in _evidence("FIRST", full).reasons)
    assert _best(["FIRST", full, "First Things"])["FIRST"][0] == full


def test_an_acronym_in_another_languages_word_order_is_evidence_too():
    e = _evidence("CEI", "Italian Episcopal Conference")
    assert "initials of Italian Episcopal Conference in another order" in e.reasons
    assert _best(["UAAR", "The Union of Rationalist Atheists and Agnostics"])
    # two letters reordered say nothing ("UK" is not "Kingdom United"): no acronym
    assert not any("initials" in r for r in _evidence("KU", "United Kingdom").reasons)


def test_an_acronym_may_end_in_a_number_the_name_has():
    assert acronym_of("IE6") == "ie6" and acronym_of("G7") == ""
    assert _best(["IE6", "Internet Explorer 6", "Internet Explorer 7"], "OTHER")["IE6"] \
        == ["Internet Explorer 6"]


def test_a_number_only_one_name_has_weighs_less_than_two_different_numbers():
    year = _evidence("the World Cup", "FIFA World Cup 2018", "EVENT")
    other = _evidence("the 14th Brigade", "the 16th Brigade")
    assert "a number only one name has" in year.against and "“2018” names another thing" \
        not in year.against
    assert "different numbers" in other.against
    assert year.prior_logit() > other.prior_logit()
    assert _best(["the World Cup", "FIFA World Cup 2018"], "EVENT")


def test_a_short_word_that_only_moved_is_no_hard_negative():
    moved = _evidence("Food Standards Australia New Zealand",
                      "the Food Standards of Australia and New Zealand")
    assert "a short word differs" not in moved.against
    assert "a short word differs" in _evidence("Iraq Army", "Iran Army").against


def test_magazine_and_republic_describe_what_a_name_is():
    assert any("describes" in r for r in _evidence("Freedom", "Freedom Magazine").reasons)
    assert any("describes" in r for r in _evidence("Korea", "Korea Republic").reasons)
    assert _evidence("Mosul", "Mosul Dam", "GPE/LOC").against  # still a head noun
