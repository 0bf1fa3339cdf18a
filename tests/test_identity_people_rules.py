"""Person and party rules of the likely tier, one test per class (issue 12, second round).

Written for classes of misses seen in PolNeAR's train split: a surname whose person has
two full names, surnames read in articles that name the person only by a titled surname,
two-word surnames, and a party's adjective beside its members' noun.
"""

from __future__ import annotations

from annotator.identity.candidates import find_duplicate_groups, find_duplicates
from annotator.identity.evidence import group_evidence
from annotator.identity.forms import member_noun, name_form

PERSONS = ["PERSON"] * 10


def test_a_surname_joins_every_full_name_of_its_person():
    # the middle name makes two full names of one person; "Clinton" goes to both
    names = ["Hillary Clinton", "Hillary Rodham Clinton", "Clinton"]
    assert find_duplicates(names, types=PERSONS[:3], articles=[{1}, {1}, {1}]) == [[0, 1, 2]]
    # two people carrying the surname equally: it goes to neither
    names = ["Hillary Clinton", "Bill Clinton", "Clinton"]
    assert find_duplicates(names, types=PERSONS[:3], articles=[{1}, {1}, {1}]) == []


def test_articles_are_read_through_the_surnames_already_placed():
    # "President Obama" shares article 1 with Barack Obama (the one named President);
    # "Mr. Obama" only shares article 2 with "President Obama": it is Barack Obama
    # too (Michelle is no "Mr.")
    names = ["President Barack Obama", "Michelle Obama", "President Obama", "Mr. Obama"]
    articles = [{1}, {5}, {1, 2}, {2}]
    assert find_duplicates(names, types=PERSONS[:4], articles=articles) == [[0, 2, 3]]
    # with no article linking "Mr. Obama" to anyone named Obama, it stays alone
    articles = [{1}, {5}, {1}, {3}]
    assert find_duplicates(names, types=PERSONS[:4], articles=articles) == [[0, 2]]


def test_a_middle_name_joins_through_the_articles_its_surname_is_read_in():
    # "Hillary Rodham Clinton" shares no article with "Hillary Clinton", but one with
    # "Mrs. Clinton", who is Hillary Clinton (Bill is no "Mrs.", and Hillary Clinton
    # shares twice the articles Hillary Rodham Clinton does)
    names = ["Hillary Clinton", "Bill Clinton", "Mrs. Clinton", "Hillary Rodham Clinton"]
    articles = [{1, 3}, {1}, {1, 2, 3}, {2}]
    assert find_duplicates(names, types=PERSONS[:4], articles=articles) == [[0, 2, 3]]
    articles = [{1, 3}, {1}, {1, 3}, {2}]
    assert find_duplicates(names, types=PERSONS[:4], articles=articles) == [[0, 2]]


def test_a_two_word_surname_alone_joins_its_one_carrier():
    names = ["Debbie Wasserman Schultz", "Wasserman Schultz", "Mr. Holtz-Eakin",
             "Douglas Holtz-Eakin", "Lopez-Cantera", "Carlos Lopez-Cantera"]
    articles = [{1}, {1}, {2}, {2}, {3}, {3}]
    assert find_duplicates(names, types=PERSONS[:6], articles=articles) == \
        [[0, 1], [2, 3], [4, 5]]
    # no shared article: apart; two carriers sharing it alike: apart
    assert find_duplicates(names[:2], types=PERSONS[:2], articles=[{1}, {2}]) == []
    two = ["Anna Maria Lopez Cantera", "Carlos Lopez Cantera", "Lopez Cantera"]
    assert find_duplicates(two, types=PERSONS[:3], articles=[{1}, {1}, {1}]) == []


def test_a_party_named_by_an_atic_adjective_is_its_members_party():
    assert member_noun("democratic") == "democrat"
    assert [member_noun(w) for w in ("static", "erratic", "adriatic", "arabic")] == \
        ["static", "erratic", "adriatic", "arabic"]
    names = ["the Democrats", "the Democratic Party", "the Republicans", "Democrat"]
    assert find_duplicates(names, types=["ORG"] * 4) == [[0, 1, 3]]
    assert "member noun" in name_form("the Democratic Party", "ORG").folded
    # a person's name keeps its letters
    assert name_form("Socratic Diplomatic", "PERSON").key == "socratic diplomatic"


def test_a_partys_bare_name_beside_a_named_party_is_not_likely():
    # Hong Kong's Labour Party and Britain's "Labour": the bare name says which only in context
    assert find_duplicates(["the Labour Party", "Labour"], types=["ORG"] * 2) == []
    assert find_duplicates(["the Labour Party", "Labour", "Labour's"], types=["ORG"] * 3,
                           articles=[{1}, {2}, {2}]) == [[1, 2]]
    # a party named by its members still is: plural, "-atic" adjective
    assert find_duplicates(["the Republican Party", "the Republicans"], types=["ORG"] * 2) \
        == [[0, 1]]
    assert find_duplicates(["the Democratic Party", "Democrat"], types=["ORG"] * 2) == [[0, 1]]
    assert find_duplicates(["Peshmerga forces", "Peshmerga"], types=["ORG"] * 2) == [[0, 1]]


def _evidence(names, articles):
    groups = find_duplicate_groups(names, types=PERSONS[:len(names)], articles=articles)
    assert len(groups) == 1 and len(groups[0].indices) == len(names)
    return groups[0].evidence


def test_a_surnames_phrase_counts_the_articles_it_shares_with_its_person():
    # the group's first name shares no article with "Clinton"; its other name shares two
    names = ["Hillary Clinton", "Hillary Clinton's", "Clinton"]
    assert _evidence(names, [{1}, {2, 3}, {2, 3}])[-1] == \
        "surname of Hillary Clinton, who appears in the same 2 articles"
    # a spelling variant of the person counts too
    names = ["Nechirvan Mirani", "Nechirvan Mirany", "Mirani"]
    assert _evidence(names, [{1}, {2, 3}, {2, 3}]) == \
        ("spelling variant", "surname of Nechirvan Mirani, who appears in the same 2 articles")


def test_a_surname_sharing_no_article_with_its_person_says_no_count():
    # "Mr. Mirani" is read through the articles of "Mirani": no "same 0 articles", and
    # the phrase that counts the other surname's article stands for both
    names = ["Nechirvan Mirani", "Mirani", "Mr. Mirani"]
    evidence = _evidence(names, [{1}, {1, 2}, {2}])
    assert evidence == ("surname of Nechirvan Mirani, who appears in the same article",)
    assert not any("0 article" in phrase for phrase in evidence)
    names = ["Nechirvan Mirani", "Mirani"]
    forms = [name_form(n, "PERSON") for n in names]
    assert group_evidence([0, 1], forms, names, [{1}, {2}]) == ("surname of Nechirvan Mirani",)
    assert group_evidence([1, 0], forms, names, [{1}, {1, 2}]) == \
        ("surname of Nechirvan Mirani, who appears in the same article",)
