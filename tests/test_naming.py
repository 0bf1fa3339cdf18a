"""The name a phrase ends with (``assist.naming``): the one S and A take as its source."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.assist.naming import name_ending

PHRASE = "Peshmerga officer Nechirvan Mirani"


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    entity_id: int


def at(word: str, entity_id: int, text: str = PHRASE) -> Name:
    start = text.index(word)
    return Name(start, start + len(word), entity_id)


def test_the_name_the_phrase_ends_with_is_its_head():
    peshmerga, mirani = at("Peshmerga", 1), at("Nechirvan Mirani", 2)
    assert name_ending(0, len(PHRASE), [peshmerga, mirani]) is mirani
    assert name_ending(0, len(PHRASE), [mirani, peshmerga]) is mirani  # whatever the order


def test_of_names_ending_together_the_longest_wins_whatever_the_order():
    text = "the Iraqi Army General Command"
    whole, tail = at("Iraqi Army General Command", 1, text), at("General Command", 2, text)
    assert name_ending(0, len(text), [tail, whole]) is whole
    assert name_ending(0, len(text), [whole, tail]) is whole
    twin = Name(whole.start, whole.end, 3)  # two coders, one span: the first listed
    assert name_ending(0, len(text), [whole, twin]) is whole


def test_only_names_wholly_inside_count():
    mirani = at("Nechirvan Mirani", 2)
    assert name_ending(0, mirani.end - 1, [mirani]) is None  # cut through the name
    assert name_ending(mirani.start + 1, len(PHRASE), [mirani]) is None
    assert name_ending(mirani.start, mirani.end, [mirani]) is mirani  # exactly the name
    assert name_ending(0, len(PHRASE), []) is None
