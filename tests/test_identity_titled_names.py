"""Person-name variant classes the likely tier joins with the corpus as evidence.

Each rule was written for a class of variants seen in PolNeAR's train split
(titled surnames, offices before a name, middle names), not for single pairs.
"""

from __future__ import annotations

from annotator.identity.candidates import find_duplicates
from annotator.identity.forms import name_form


def test_a_titled_surname_counts_the_articles_of_the_same_surname_untitled():
    # "Mr. Pence" shares no article with "Mike Pence", but "Pence" does: all three join,
    # where "Mr. Pence" used to hold "Pence" back (every pair of a group must match).
    names = ["Mike Pence", "Pence", "Mr. Pence"]
    assert find_duplicates(names, types=["PERSON"] * 3, articles=[{1}, {1, 2}, {2}]) \
        == [[0, 1, 2]]
    # with no article shared by anyone, the titled surname still joins the one Pence
    # known (see test_a_titled_surname_joins_the_one_person_carrying_it) and the untitled
    # one comes with it; the untitled one alone stays apart
    assert find_duplicates(names, types=["PERSON"] * 3, articles=[{1}, {2}, {3}]) \
        == [[0, 1, 2]]
    assert find_duplicates(names[:2], types=["PERSON"] * 2, articles=[{1}, {2}]) == []


def test_a_titled_surname_joins_the_one_person_carrying_it():
    # a title says a known person is meant; when one person of that surname is known,
    # it is that one, in whichever articles ("Mr. Kerry" beside "John Kerry")
    persons = ["PERSON"] * 3
    for title in ("Mr.", "President", "Sen.", "Gov."):
        assert find_duplicates(["John Kerry", f"{title} Kerry"], types=persons[:2],
                               articles=[{1}, {2}]) == [[0, 1]], title
    # hard negatives: a title of the other sex; a gendered title the first name does not
    # confirm ("Mitt" has no plain sex); two people of that surname (a gendered title
    # leaves one, but sharing no article it is not enough); no articles at all
    assert find_duplicates(["John Kerry", "Mrs. Kerry"], types=persons[:2],
                           articles=[{1}, {2}]) == []
    assert find_duplicates(["Mitt Romney", "Mrs. Romney"], types=persons[:2],
                           articles=[{1}, {2}]) == []
    assert find_duplicates(["John Kerry", "Teresa Kerry", "Mr. Kerry"], types=persons,
                           articles=[{1}, {3}, {2}]) == []
    assert find_duplicates(["John Kerry", "Mr. Kerry"], types=persons[:2]) == []
    assert find_duplicates(["Eric Trump", "Donald Trump", "Mr. Trump"], types=persons,
                           articles=[{1}, {2}, {3}]) == []


def test_a_title_one_carrier_is_also_named_with_picks_that_carrier():
    names = ["President Bill Clinton", "Hillary Clinton", "President Clinton"]
    articles = [{1}, {1}, {1}]
    assert find_duplicates(names, types=["PERSON"] * 3, articles=articles) == [[0, 2]]
    # the office picks him with no article shared too ("Former President Bill Clinton")
    assert find_duplicates(names, types=["PERSON"] * 3, articles=[{1}, {2}, {3}]) == [[0, 2]]
    # a title both carry decides nothing, nor does a gendered one with no article shared
    both = ["Gov. Jeb Bush", "Gov. George Bush", "Gov. Bush"]
    assert find_duplicates(both, types=["PERSON"] * 3, articles=[{1}, {2}, {3}]) == []
    assert find_duplicates(["Mr. Bill Clinton", "Hillary Clinton", "Mr. Clinton"],
                           types=["PERSON"] * 3, articles=[{1}, {2}, {3}]) == []
    # a title neither carries decides nothing between two Clintons
    names[0] = "Bill Clinton"
    assert find_duplicates(names, types=["PERSON"] * 3, articles=articles) == []


def test_abbreviated_and_spelt_out_titles_are_one_title():
    assert name_form("Sen. Sanders", "PERSON").title == name_form(
        "Vermont Senator Bernie Sanders", "PERSON").title == "senator"
    names = ["Senator Bernie Sanders", "Sarah Sanders", "Sen. Sanders"]
    assert find_duplicates(names, types=["PERSON"] * 3, articles=[{1}, {1}, {1}]) == [[0, 2]]


def test_an_office_before_a_name_is_not_part_of_it():
    assert name_form("Secretary of State John Kerry", "PERSON").key == \
        name_form("John Kerry", "PERSON").key
    assert name_form("Secretary of the Treasury Jack Lew", "PERSON").key == \
        name_form("Jack Lew", "PERSON").key
    assert name_form("Fox News' Megyn Kelly", "PERSON").key == name_form("Megyn Kelly",
                                                                         "PERSON").key


def test_a_middle_name_joins_when_one_longer_name_is_known_and_an_article_is_shared():
    names = ["Hillary Clinton", "Hillary Rodham Clinton"]
    assert find_duplicates(names, types=["PERSON"] * 2, articles=[{1}, {1}]) == [[0, 1]]
    assert find_duplicates(names, types=["PERSON"] * 2, articles=[{1}, {2}]) == []
    assert find_duplicates(names, types=["PERSON"] * 2) == []
    # two longer names (a father's name in the middle): the short one may be either
    three = ["Ahmed Hassan", "Ahmed Ali Hassan", "Ahmed Omar Hassan"]
    assert find_duplicates(three, types=["PERSON"] * 3, articles=[{1}, {1}, {1}]) == []
    # a generational suffix is another person
    son = ["Donald Trump", "Donald Trump Jr."]
    assert find_duplicates(son, types=["PERSON"] * 2, articles=[{1}, {1}]) == []


def test_an_acronym_keeps_its_letters_behind_an_article_or_a_possessive():
    from annotator.identity.forms import acronym_of
    from annotator.identity.possible import possible_pairs

    assert [acronym_of(n) for n in ("the JSC", "the UK's", "The Associated Press", "Theo")] \
        == ["jsc", "uk", "", ""]
    pairs = possible_pairs(["the JSC", "Johnson Space Center"], types=["LOC"] * 2)
    assert pairs and any("initials of" in r for r in pairs[0].reasons)


def test_one_word_more_before_of_is_no_hard_negative_but_a_head_noun_after_is():
    from annotator.identity.possible import possible_pairs

    state = possible_pairs(["Texas", "the State of Texas"], types=["GPE/LOC"] * 2)
    dam = possible_pairs(["Mosul", "Mosul Dam"], types=["GPE/LOC"] * 2, min_score=0.0)
    assert state and not state[0].against
    assert dam and dam[0].against and dam[0].score < state[0].score


def test_mr_takes_a_first_name_of_no_plain_sex_when_one_person_carries_the_surname():
    # "Mitt" is in no name list: under "Mr." it is taken for a man's, with no article shared
    persons = ["PERSON"] * 3
    assert find_duplicates(["Mitt Romney", "Mr. Romney"], types=persons[:2],
                           articles=[{1}, {2}]) == [[0, 1]]
    # the untitled surname in Mr. Romney's article comes along
    assert find_duplicates(["Mitt Romney", "Mr. Romney", "Romney"], types=persons,
                           articles=[{1}, {2}, {2}]) == [[0, 1, 2]]
    # hard negatives: never for a woman's under "Mrs."/"Ms." (the known man's wife); when
    # both "Mr. Romney" and "Mrs. Romney" are named, the articles must say which is Mitt;
    # a first name of the other sex; two carriers of the surname
    assert find_duplicates(["Mitt Romney", "Ms. Romney"], types=persons[:2],
                           articles=[{1}, {2}]) == []
    assert find_duplicates(["Mitt Romney", "Mr. Romney", "Mrs. Romney"], types=persons,
                           articles=[{1}, {2}, {3}]) == []
    assert find_duplicates(["Ann Romney", "Mr. Romney"], types=persons[:2],
                           articles=[{1}, {2}]) == []
    assert find_duplicates(["Mitt Romney", "Tagg Romney", "Mr. Romney"], types=persons,
                           articles=[{1}, {2}, {3}]) == []
