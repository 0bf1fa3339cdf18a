"""Which suggestion a bare Enter may take for a typed name (``takes_enter``)."""

from __future__ import annotations

import pytest

from annotator.identity.suggestions import Suggestion, takes_enter


def offer(matched: str, how: str, score: int = 100) -> Suggestion:
    return Suggestion(1, matched, "ORG", 3, matched, how, score)


@pytest.mark.parametrize(("typed", "matched", "how", "takes"), [
    ("Iraqi Army", "Iraqi Army", "exact", True),
    ("Iraqi Ar", "Iraqi Army", "prefix", True),  # a word still being typed
    ("iraqi army gen", "Iraqi Army General Command", "prefix", True),
    ("Iraqi Army", "Iraqi Army General Command", "prefix", False),  # another actor
    ("the Iraqi Army", "Iraqi Army General Command", "prefix", False),  # read as folded
    ("ARA News", "ARA News Agency", "prefix", True),  # what is left out describes it
    ("Mosul", "Mosul City", "prefix", True),
    ("Peshmerga", "Peshmerga Ministry", "prefix", False),
    ("Mirani", "Nechirvan Mirani", "word", True),
    ("Iran", "Iraq", "fuzzy", False),
    ("CTS", "Counter-Terrorism Service", "acronym", False),
])
def test_enter_takes_only_what_the_typed_name_spells(typed, matched, how, takes):
    assert takes_enter(offer(matched, how), typed) is takes
