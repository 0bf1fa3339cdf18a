"""Two tiers of entity identity: likely groups (precision first) and possible pairs, ranked.

One test per variant class of issue 12, each checked in the tier it belongs to,
and the hard negatives, which must never be likely and must rank low among the
possible pairs.
"""

from __future__ import annotations

import pytest

from annotator.identity.candidates import find_duplicate_groups, find_duplicates
from annotator.identity.evidence import context_words, pair_evidence
from annotator.identity.forms import acronym_of, name_form
from annotator.identity.possible import possible_pairs
from annotator.identity.ranking import LearnedRanker, PriorRanker, ranker_from
from annotator.model import ArticleDraft

LIKELY = [  # (type, a, b, a phrase the evidence must contain)
    ("ARMED_GROUP", "Peshmerga", "Peshmergas", "plural"),
    ("ARMED_GROUP", "Iraqi Army's", "Iraqi Army", "case and punctuation"),  # possessive
    ("ARMED_GROUP", "Hashd al-Shaabi", "al-Hashd al-Shaabi", "al-"),
    ("GPE/LOC", "Al-Raqqah", "Raqqa", "al-"),
    ("ORG", "Iraqi Army General Command", "the General Command of the Iraqi Army",
     "another order"),
    ("PERSON", "Brig. Gen. Yahya Rasool", "Yahya Rasool", "title"),
    ("PERSON", "Mr. Trump", "Trump", "title"),
    ("PERSON", "Donald J. Trump", "Donald Trump", "middle initial"),
    ("PERSON", "George W. Bush", "George Bush", "middle initial"),
    ("PERSON", "John F. Kennedy", "John Kennedy", "middle initial"),
    ("GPE/LOC", "Mosul", "Mossul", "spelling"),
    ("GPE/LOC", "Bashika", "Bashiqa", "spelling"),
    ("GPE/LOC", "Hawija", "Hawijah", "spelling"),
    ("GPE/LOC", "Hawija District", "Hawija", "“district” says what kind"),
    ("GPE/LOC", "Mosul City", "Mosul", "“city” says what kind"),
    ("MEDIA", "ARA news agency", "ARA", "“news agency” says what kind"),
    ("GPE/LOC", "Iraq's Mosul", "Mosul", "description"),
    ("PERSON", "Germany’s Chancellor Angela Merkel", "Angela Merkel", "description"),
    ("PERSON", "Senator John McCain of Arizona", "John McCain", "description"),
    ("PERSON", "Republican presidential nominee Donald Trump", "Donald Trump", "description"),
    ("PERSON", "Vermont Sen. Bernie Sanders", "Bernie Sanders", "title"),
]

POSSIBLE = [  # (type, a, b, a phrase the evidence must contain)
    ("ORG", "Syrian Army", "Syrian Arab Army", "adds “arab”"),
    ("ORG", "CTS", "Counter-Terrorism Service", "initials of Counter-Terrorism Service"),
    ("ORG", "UN", "United Nations", "initials of United Nations"),
    ("GPE/LOC", "the city of Mosul", "Mosul", "describes"),
    ("PERSON", "Ahmad Hassan", "Ahmed Hassan", "sounds alike"),
    ("PERSON", "Mirani", "Nechirvan Mirani", "surname of Nechirvan Mirani"),
]

HARD_NEGATIVES = [
    ("GPE/LOC", "Iraq", "Iran"),
    ("GPE/LOC", "Mosul", "Mosul Dam"),
    ("ORG", "Iraqi Army", "Iraqi Army General Command"),
    ("ORG", "Iraqi Army", "Syrian Army"),
    ("ARMED_GROUP", "Peshmerga", "Peshmerga Ministry"),
    ("PERSON", "Nechirvan", "Nechirvan Mirani"),  # a first name alone
    ("PERSON", "Bill Clinton", "Hillary Clinton"),
    ("PERSON", "Donald Trump", "Donald Trump Jr."),
    ("ARMED_GROUP", "14th Brigade", "16th Brigade"),
    ("GPE/LOC", "Mosul", "Mosel"),
    ("PERSON", "Mr. Clinton", "Mrs. Clinton"),
    ("PERSON", "George W. Bush", "George H. W. Bush"),  # son and father
    ("GPE/LOC", "Mexico City", "Mexico"),  # the capital, not the country
]


@pytest.mark.parametrize(("kind", "a", "b", "phrase"), LIKELY)
def test_variants_of_one_name_are_likely_with_their_evidence(kind, a, b, phrase):
    groups = find_duplicate_groups([a, b, "Kirkuk"], types=[kind, kind, kind])
    assert [g.indices for g in groups] == [(0, 1)]
    assert any(phrase in e for e in groups[0].evidence), groups[0].evidence


@pytest.mark.parametrize(("kind", "a", "b", "phrase"), POSSIBLE)
def test_names_that_may_be_one_actor_are_possible_not_likely(kind, a, b, phrase):
    names, types = [a, b, "Kirkuk"], [kind] * 3
    assert find_duplicates(names, types=types) == []
    pairs = possible_pairs(names, types=types)
    assert [(p.a, p.b) for p in pairs][:1] == [(0, 1)]
    assert any(phrase in r for r in pairs[0].reasons), pairs[0].reasons
    assert pairs[0].score > 0.5


@pytest.mark.parametrize(("kind", "a", "b"), HARD_NEGATIVES)
def test_hard_negatives_are_never_likely_and_rank_below_every_true_pair(kind, a, b):
    assert find_duplicates([a, b], types=[kind, kind]) == []
    assert find_duplicates([a, b], types=[kind, kind], articles=[{1}, {1}]) == []
    negative = possible_pairs([a, b], types=[kind, kind], min_score=0.0)
    worst_true = min(possible_pairs([x, y], types=[t, t])[0].score for t, x, y, _ in POSSIBLE)
    assert all(p.score < worst_true for p in negative), [(p.score, p.against) for p in negative]


def test_a_surname_alone_is_likely_only_beside_its_one_carrier_in_shared_articles():
    names, types = ["Nechirvan Mirani", "Mirani"], ["PERSON", "PERSON"]
    assert find_duplicates(names, types=types, articles=[{1, 2}, {3}]) == []
    groups = find_duplicate_groups(names, types=types, articles=[{1, 2, 3, 4}, {2, 3, 4, 5}])
    assert [g.indices for g in groups] == [(0, 1)]
    assert groups[0].evidence == ("surname of Nechirvan Mirani, who appears in the same 3 "
                                  "articles",)
    two = ["Bill Clinton", "Hillary Clinton", "Clinton"]
    assert find_duplicates(two, types=["PERSON"] * 3, articles=[{1}, {1}, {1}]) == []
    ranked = possible_pairs(two, types=["PERSON"] * 3, articles=[{1}, {1}, {1}])
    clinton = [p for p in ranked if 2 in (p.a, p.b)]
    assert clinton and all("one of 2 people" in " ".join(p.reasons) for p in clinton)


def test_a_gendered_title_keeps_a_shared_surname_apart_when_two_people_carry_it():
    names = ["Bill Clinton", "Hillary Clinton", "Clinton", "Mr. Clinton", "Mrs. Clinton",
             "President Clinton"]
    articles = [{1}, {1, 2, 3, 4}, {1, 2, 3}, {1}, {2}, {1}]
    groups = find_duplicates(names, types=["PERSON"] * 6, articles=articles)
    # Mr. Clinton can only be Bill; "Clinton" goes to the Clinton sharing three times the
    # articles, and Mrs. Clinton to the woman among them; "President" says no sex: alone
    assert groups == [[0, 3], [1, 2, 4]]
    one = find_duplicates(["Donald Trump", "Trump", "Mr. Trump"], types=["PERSON"] * 3,
                          articles=[{1}, {1}, {1}])
    assert one == [[0, 1, 2]]  # one Trump known: Mr. Trump and Trump are him


def test_a_gendered_title_picks_among_the_people_who_carry_the_surname():
    names = ["Donald Trump", "Melania Trump", "Ivanka Trump", "Mr. Trump", "Trump",
             "John Schlafly", "Mrs. Schlafly"]
    articles = [{1, 2, 3}, {1}, {2}, {1, 2}, {1, 3}, {4}, {4}]
    groups = find_duplicates(names, types=["PERSON"] * 7, articles=articles)
    # Mr. Trump can only be Donald; bare Trump shares three times more articles with him
    assert groups == [[0, 3, 4]]  # and Mrs. Schlafly is not her son John


def test_a_city_is_not_the_place_it_is_named_after():
    assert find_duplicates(["Mexico City", "Mexico", "New York City", "New York"],
                           types=["GPE/LOC"] * 4) == []


def test_al_stays_part_of_a_persons_name():
    """"Al Gore" keeps his "Al": "Gore" is his surname, not the same name spelt without it."""
    assert name_form("Al Gore", "PERSON").key == "al gore"
    assert name_form("Al-Raqqah", "GPE/LOC").key == name_form("Raqqa", "GPE/LOC").key
    assert find_duplicates(["Al Gore", "Gore"], types=["PERSON"] * 2) == []
    assert "surname of Al Gore" in possible_pairs(["Al Gore", "Gore"],
                                                  types=["PERSON"] * 2)[0].reasons


def test_an_acronym_is_read_from_the_name_as_typed():
    assert acronym_of("CTS") == "cts"
    assert acronym_of("U.N.") == "un"
    assert acronym_of("Cts") == ""
    assert acronym_of("Mosul") == ""


def test_context_raises_a_pair_and_its_absence_does_not_sink_it():
    names, types = ["Syrian Army", "Syrian Arab Army"], ["ORG", "ORG"]
    alone = possible_pairs(names, types=types)[0]
    together = possible_pairs(names, types=types, articles=[{1, 2, 3}, {1, 2, 3}])[0]
    apart = possible_pairs(names, types=types, articles=[{1}, {2}])[0]
    assert together.score > alone.score
    assert "in the same 3 articles" in together.reasons
    assert apart.score == pytest.approx(alone.score)


def test_co_mention_with_the_same_others_is_evidence():
    names = ["Syrian Army", "Syrian Arab Army", "Assad", "Damascus", "Aleppo"]
    kinds = ["ORG", "ORG", "PERSON", "GPE/LOC", "GPE/LOC"]
    # the two armies never share an article, but each is named beside the same three others
    articles = [{1, 2}, {3, 4}, {1, 3}, {2, 4}, {1, 4}]
    pair = possible_pairs(names, types=kinds, articles=articles)[0]
    assert (pair.a, pair.b) == (0, 1)
    assert "named beside the same others" in pair.reasons


def test_decisions_re_rank_the_possible_pairs():
    """A project whose coders merge every one-more-word pair and reject acronyms learns it."""
    names = ["Syrian Army", "Syrian Arab Army", "CTS", "Counter-Terrorism Service"]
    kinds = ["ORG"] * 4
    before = possible_pairs(names, types=kinds)
    assert [(p.a, p.b) for p in before][0] == (0, 1)

    def labelled(a, b, same):
        forms = [name_form(a, "ORG"), name_form(b, "ORG")]
        return pair_evidence(0, 1, [a, b], forms), same

    decisions = [labelled("UN", "United Nations", True), labelled("EU", "European Union", True),
                 labelled("FSA", "Free Syrian Army", True),
                 labelled("Kurdish Army", "Kurdish Peshmerga Army", False),
                 labelled("Iraqi Police", "Iraqi Federal Police", False),
                 labelled("Free Army", "Free Syrian Army", False)]
    ranker = ranker_from(decisions)
    assert isinstance(ranker, LearnedRanker)
    after = possible_pairs(names, types=kinds, ranker=ranker)
    assert [(p.a, p.b) for p in after][0] == (2, 3)
    assert isinstance(ranker_from(decisions[:3]), PriorRanker)  # one kind only: the prior


def test_likely_groups_stay_complete_linkage_with_the_new_folds():
    names = ["Peshmerga", "Peshmergas", "Peshmerga Ministry", "Peshmerga forces"]
    groups = find_duplicates(names, types=["ARMED_GROUP"] * 4)
    assert groups == [[0, 1, 3]]


# --- the store: both tiers over the project's entities -------------------------------

BODY = ("Nechirvan Mirani spoke. Mirani said the Syrian Army and the Syrian Arab Army moved; "
        "CTS, the Counter-Terrorism Service, held Mosul. Peshmerga and Peshmergas waited.")


@pytest.fixture
def coded(store):
    aid = store.add_articles([ArticleDraft("t", BODY)]).inserted[0]
    ids = {}
    for text, kind in [("Nechirvan Mirani", "PERSON"), ("Mirani", "PERSON"),
                       ("Syrian Army", "ORG"), ("Syrian Arab Army", "ORG"), ("CTS", "ORG"),
                       ("Counter-Terrorism Service", "ORG"), ("Mosul", "GPE/LOC"),
                       ("Peshmerga", "ARMED_GROUP"), ("Peshmergas", "ARMED_GROUP")]:
        start = BODY.index(text + (" " if text == "Peshmerga" else ""))
        ids[text] = store.add_mention(aid, start, start + len(text), name=text,
                                      entity_type=kind).after["entity_id"]
    return ids


def test_the_store_lists_likely_groups_then_possible_pairs(store, coded):
    found = store.duplicate_candidates(possible=True)
    tiers = [g["tier"] for g in found]
    assert tiers == sorted(tiers, key=["likely", "possible"].index)
    likely = {frozenset(e["name"] for e in g["entities"]) for g in found if g["tier"] == "likely"}
    assert likely == {frozenset({"Peshmerga", "Peshmergas"}),
                      frozenset({"Nechirvan Mirani", "Mirani"})}
    possible = [frozenset(e["name"] for e in g["entities"]) for g in found
                if g["tier"] == "possible"]
    assert frozenset({"Syrian Army", "Syrian Arab Army"}) in possible
    assert frozenset({"CTS", "Counter-Terrorism Service"}) in possible
    assert not any(p <= {"Peshmerga", "Peshmergas"} for p in possible)  # already likely


def test_a_dismissed_possible_pair_is_never_proposed_again_and_becomes_a_decision(store, coded):
    store.dismiss_pair(coded["CTS"], coded["Counter-Terrorism Service"])
    possible = [frozenset(e["name"] for e in g["entities"])
                for g in store.possible_duplicates()]
    assert frozenset({"CTS", "Counter-Terrorism Service"}) not in possible
    store.merge_entities(coded["Syrian Army"], [coded["Syrian Arab Army"]])
    labels = sorted(same for _, same in store.labelled_pairs())
    assert labels == [False, True]


def test_names_said_of_in_the_same_words_rank_higher():
    names, kinds = ["Syrian Army", "Syrian Arab Army"], ["ORG", "ORG"]
    plain = possible_pairs(names, types=kinds, articles=[{1}, {2}])[0]
    same = possible_pairs(names, types=kinds, articles=[{1}, {2}],
                          words=[context_words(["troops advanced on eastern Aleppo"]),
                                 context_words(["its troops advanced towards eastern Aleppo"])])[0]
    assert same.score > plain.score and "said in the same words" in same.reasons


def test_the_store_reads_the_words_around_each_entitys_mentions(store, coded):
    words = store.entity_context_words(width=30)
    assert "spoke" in words[coded["Nechirvan Mirani"]]
    assert "waited" in words[coded["Peshmergas"]]
