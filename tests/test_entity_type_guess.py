"""The type E preselects for a new name, from its words and the words before it."""

from __future__ import annotations

import pytest

from annotator.assist.entity_type import guess_entity_type

BODY = ("The Iraqi forces fought in Malayan and Mosul City, the Iraqi Army General Command said, "
        "ARA News reported. Army officer Eli Saddi told the Kurdistan 24 channel that ISIL "
        "fled to Hawija District; the Peshmerga forces held al-Samah.")


def guess(phrase: str) -> str | None:
    start = BODY.index(phrase)
    return guess_entity_type(BODY, start, start + len(phrase))


@pytest.mark.parametrize("phrase, kind", [
    ("Iraqi forces", "ORG"),
    ("Iraqi Army General Command", "ORG"),
    ("ARA News", "MEDIA"),
    ("Kurdistan 24 channel", "MEDIA"),
    ("Eli Saddi", "PERSON"),  # "officer" before it
    ("ISIL", "ARMED_GROUP"),
    ("Mosul", "GPE/LOC"),  # "City" after it
    ("Malayan", "GPE/LOC"),  # "in" before it
    ("Hawija District", "GPE/LOC"),
    ("Peshmerga", "ORG"),  # "the Peshmerga held on" is silent, "the Peshmerga forces" not
    ("al-Samah", "GPE/LOC"),
    ("held", None),  # nothing says: the popup keeps the type chosen last
])
def test_the_words_say_the_type_or_nothing(phrase, kind):
    assert guess(phrase) == kind
