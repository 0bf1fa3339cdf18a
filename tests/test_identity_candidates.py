"""Name normalisation, duplicate search and typeahead ranking (no Qt, no database)."""

from __future__ import annotations

import random

import pytest

from annotator.identity.candidates import (
    Cancelled,
    DuplicateGroup,
    find_duplicate_groups,
    find_duplicates,
)
from annotator.identity.normalise import normalise
from annotator.identity.typeahead import SuggestionCandidate, SuggestionIndex, rank_suggestions

# --- normalise: one test per rule -------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("IRAQI ARMY", "iraqi army"),  # case
    ("Saddām Ḥusayn", "saddam husayn"),  # diacritics
    ("Erdoğan", "erdogan"),
    ("Iraqi Army's", "iraqi army"),  # possessive 's
    ("Iraqi Army’s", "iraqi army"),  # typographic possessive ’s
    ("the Iraqi army", "iraqi army"),  # leading "the"
    ("The Hague", "hague"),
    ("Counter-Terrorism Service", "counter terrorism service"),  # punctuation -> space
    ("  Iraqi \t Army \n", "iraqi army"),  # whitespace
    ("Ba'ath Party", "baath party"),  # apostrophes go without a space
    ("U.S. Army", "us army"),  # acronym dots
    ("Search & Rescue", "search and rescue"),
    ("al-Shaabi", "al shaabi"),  # the Arabic article, every spelling
    ("Al Shaabi", "al shaabi"),
    ("el-Shaabi", "al shaabi"),
    ("Al-Shaabi", "al shaabi"),
    ("Hashd El Shaabi", "hashd al shaabi"),
])
def test_normalise_rules(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_keeps_what_names_differ_in() -> None:
    assert normalise("Iraq") != normalise("Iran")
    assert normalise("Mosul") != normalise("Mosul Dam")
    assert normalise("Theodore") == "theodore"  # only the word "the"
    assert normalise("Michael") == "michael"  # "el" only as a word of its own
    assert normalise("the") == "the"
    assert normalise("—") == ""


def test_normalise_other_scripts_keep_their_letters() -> None:
    assert normalise("الحشد الشعبي") == "الحشد الشعبي"


# --- find_duplicates --------------------------------------------------------------


def grouped(names: list[str], **kwargs) -> list[set[str]]:
    return [{names[i] for i in group} for group in find_duplicates(names, **kwargs)]


def together(a: str, b: str) -> bool:
    return any({a, b} <= g for g in grouped([a, b]))


@pytest.mark.parametrize(("a", "b"), [
    ("Iraqi Army", "the Iraqi army"),
    ("Iraqi Army", "Iraqi Army's"),
    ("Peshmerga", "Peshmerga forces"),
    ("ISIL", "ISIL militants"),
    ("Badr Organization", "Badr Organisation"),
    ("Counter-Terrorism Service", "Counter Terrorism Service"),
    ("Counter-Terrorism Service", "Counterterrorism Service"),
    ("Hashd al-Shaabi", "Hashed al-Shaabi"),
    ("Hashd al-Shaabi", "Hashd el-Shaabi"),
    ("Nechirvan Mirani", "Nechirvan Mirany"),
    ("Raqqa", "Raqqah"),
    ("Hassan Nasrallah", "Hasan Nasrallah"),  # doubled letters
    ("Ministry of Defence", "Ministry of Defense"),
    ("Kurdistan Regional Government", "Kurdistan Regoinal Government"),  # transposition
    ("Eli Saddi", "Eli Saddi"),
])
def test_variants_are_grouped(a: str, b: str) -> None:
    assert together(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Iraqi Army", "Iraqi Army General Command"),  # subset of words: token_set says 100
    ("Iraq", "Iran"),
    ("Mosul", "Mosul Dam"),
    ("Iraqi Army", "Syrian Army"),
    ("Iraqi Army", "Iraqi Navy"),
    ("Ministry of Defence of Iraq", "Ministry of Defence of Iran"),
    ("Syrian Democratic Forces", "Syrian Democratic Party"),
    ("14th Brigade", "16th Brigade"),
    ("Syria", "Syrian forces"),
    ("Iraq", "Iraqi"),
    ("Mosul", "Mosel"),
    ("North Korea", "South Korea"),
    ("Sudan", "South Sudan"),
    ("Niger", "Nigeria"),
    ("Austria", "Australia"),
    ("Ali Hassan", "Hassan Ali"),  # word order makes another person
    ("Bashir Ahmed", "Nashir Ahmed"),
    ("ISIL", "ISIS"),  # aliases, not fuzzy matching, join these
    ("Kurdistan Region", "Kurdistan Regional Government"),
])
def test_hard_negatives_are_not_grouped(a: str, b: str) -> None:
    assert not together(a, b)


def test_generic_suffix_does_not_chain_different_suffixes() -> None:
    names = ["Syrian Democratic Forces", "Syrian Democratic", "Syrian Democratic Party"]
    groups = grouped(names)
    assert not any({"Syrian Democratic Forces", "Syrian Democratic Party"} <= g for g in groups)
    assert len(groups) == 1  # the bare name joins one of them


def test_complete_linkage_stops_chains() -> None:
    # each neighbour is one edit away, the ends are two: no group holds both ends
    names = ["Nechirvan Mirani", "Nechirvan Mirany", "Nechirvan Mirrany", "Nechirvan Miramy"]
    for group in grouped(names):
        assert not {"Nechirvan Mirani", "Nechirvan Miramy"} <= group


def test_types_are_never_grouped_across() -> None:
    names = ["Mosul", "Mosul", "the Mosul", "Mosul"]
    types = ["LOC", "ORG", "LOC", "ORG"]
    assert find_duplicates(names, types=types) == [[0, 2], [1, 3]]


def test_types_must_be_parallel() -> None:
    with pytest.raises(ValueError):
        find_duplicates(["a", "b"], types=["X"])


def test_result_shape() -> None:
    names = ["Peshmerga", "Iraq", "", "peshmerga forces", "Iran", "—", "PESHMERGA"]
    result = find_duplicates(names)
    assert result == [[0, 3, 6]]
    assert all(isinstance(i, int) for group in result for i in group)
    assert find_duplicates([]) == []


def test_groups_carry_scores() -> None:
    names = ["Hashd al-Shaabi", "Hashed al-Shaabi", "hashd al shaabi", "Mosul"]
    [group] = find_duplicate_groups(names)
    assert isinstance(group, DuplicateGroup)
    assert group.indices == (0, 1, 2)
    assert group.score == 100  # 0 and 2 normalise alike
    assert group.weakest == 97


def test_threshold_is_respected() -> None:
    names = ["Nechirvan Mirani", "Nechirvan Mirany"]  # ratio 94
    assert find_duplicates(names, threshold=95) == []
    assert find_duplicates(names, threshold=90) == [[0, 1]]


def messy_names(count: int, seed: int = 3) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    bases = ["Iraqi Army", "Hashd al-Shaabi", "Peshmerga", "Counter-Terrorism Service",
             "Nechirvan Mirani", "Mosul", "Mosul Dam", "Iraqi Army General Command",
             "Kurdistan Regional Government", "Syrian Democratic Forces", "Raqqa"]
    spellings = [str.lower, str.upper, lambda s: "the " + s, lambda s: s + "'s",
                 lambda s: s.replace("al-", "el-"), lambda s: s.replace("-", " "),
                 lambda s: s[:-2] + s[-1] + s[-2], lambda s: s + " forces", lambda s: s]
    names, types = [], []
    for _ in range(count):
        names.append(rng.choice(spellings)(rng.choice(bases)))
        types.append(rng.choice(["ORG", "ORG", "LOC"]))
    return names, types


@pytest.mark.parametrize("blocking", [True, False])
@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 7])
def test_chunking_does_not_change_the_result(chunk_rows: int, blocking: bool) -> None:
    names, types = messy_names(120)
    expected = find_duplicate_groups(names, types=types)
    got = find_duplicate_groups(names, types=types, chunk_rows=chunk_rows, blocking=blocking)
    assert got == expected
    assert len(expected) > 5


def test_progress_reaches_total_and_cancel_stops() -> None:
    names, types = messy_names(200)
    calls: list[tuple[int, int]] = []
    find_duplicate_groups(names, types=types, chunk_rows=2,
                          progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 1
    assert calls[-1][0] == calls[-1][1] > 0
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    with pytest.raises(Cancelled):
        find_duplicate_groups(names, types=types, chunk_rows=2, cancel=lambda: True)


# --- suggestions ------------------------------------------------------------------

ENTITIES = [
    SuggestionCandidate(1, "Iraqi Army", "ORG", (), 50),
    SuggestionCandidate(2, "Iraqi Army General Command", "ORG", (), 5),
    SuggestionCandidate(3, "ISIL", "ORG", ("ISIS", "Daesh", "Islamic State"), 100),
    SuggestionCandidate(4, "Peshmerga forces", "ORG", (), 30),
    SuggestionCandidate(5, "Iraq", "LOC", (), 80),
    SuggestionCandidate(6, "Iran", "LOC", (), 10),
    SuggestionCandidate(7, "Mosul", "LOC", (), 40),
    SuggestionCandidate(8, "Mosul Dam", "LOC", (), 3),
    SuggestionCandidate(9, "Irbil", "LOC", ("Erbil",), 10),
]


def ids(suggestions) -> list[int]:
    return [s.entity_id for s in suggestions]


def test_prefix_beats_fuzzy_even_with_fewer_mentions() -> None:
    got = rank_suggestions("mosul d", ENTITIES)
    assert got[0].entity_id == 8 and got[0].how == "prefix"
    assert all(s.how == "fuzzy" for s in got[1:])


def test_mention_counts_break_ties_among_prefixes() -> None:
    assert ids(rank_suggestions("ir", ENTITIES)) == [5, 1, 6, 9, 2]
    # equal counts: the shorter name first, then alphabetical
    tied = [SuggestionCandidate(1, "Irbil", "LOC", (), 10),
            SuggestionCandidate(2, "Iran", "LOC", (), 10)]
    assert ids(rank_suggestions("ir", tied)) == [2, 1]


def test_exact_match_comes_first() -> None:
    assert ids(rank_suggestions("Mosul", ENTITIES))[:2] == [7, 8]
    assert rank_suggestions("Mosul", ENTITIES)[0].how == "exact"


def test_alias_finds_the_entity_once() -> None:
    got = rank_suggestions("Daesh", ENTITIES)
    assert got[0].entity_id == 3 and got[0].matched == "Daesh" and got[0].name == "ISIL"
    got = rank_suggestions("is", ENTITIES)
    assert ids(got) == [3]  # ISIL, ISIS and Islamic State are one entity


def test_word_inside_a_name_and_typos_are_found() -> None:
    got = rank_suggestions("army", ENTITIES)
    assert ids(got) == [1, 2] and got[0].how == "word"
    got = rank_suggestions("peshmarga", ENTITIES)
    assert got[0].entity_id == 4 and got[0].how == "fuzzy" and got[0].score >= 80
    assert rank_suggestions("peshmar", ENTITIES)[0].entity_id == 4


def test_type_filter_limit_and_empty_query() -> None:
    index = SuggestionIndex(ENTITIES)
    assert ids(index.suggest("ir", entity_type="LOC")) == [5, 6, 9]
    assert index.suggest("ir", entity_type="PER") == []
    assert len(index.suggest("i", limit=2)) == 2
    assert ids(index.suggest("", limit=3)) == [3, 5, 1]
    assert index.suggest("zzzzzz") == []


def test_store_rows_and_plain_tuples_are_accepted() -> None:
    rows = [{"id": 3, "name": "ISIL", "type": "ORG", "note": None, "mentions": 2,
             "aliases": ("Daesh",)},
            (4, "Peshmerga", "ORG", (), 1)]
    assert ids(rank_suggestions("daesh", rows)) == [3]
    assert ids(rank_suggestions("pesh", rows)) == [4]


def test_prefix_finds_one_entity_among_thousands() -> None:
    rng = random.Random(5)
    letters = "abdeghiklmnoqrstuyz"
    records = [(k, " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                            for _ in range(rng.randint(1, 3))), "ORG", (), rng.randrange(50))
               for k in range(3000)]
    index = SuggestionIndex(records)
    name = records[1234][1]
    assert 1234 in ids(index.suggest(name[:6], limit=50)) or len(name) < 6
    assert index.suggest(name)[0].entity_id in {r[0] for r in records if normalise(r[1])
                                                 == normalise(name)}
