"""Generic trailing words a name may be matched without: "Peshmerga forces" ~ "Peshmerga".

Apart from ``forms`` (the name folding rules) because they are a word list with
one rule of their own, read by the likely tier, the evidence and the typeahead.
"""

from __future__ import annotations

from functools import lru_cache

GENERIC_SUFFIXES = {
    "force": "forces", "fighter": "fighters", "militant": "militants",
    "militia": "militia", "group": "group",
    "organisation": "organisation", "organization": "organisation", "party": "party",
    # what a place or an outlet is ("Mosul City", "Hawija District", "ARA news agency")
    "district": "district", "province": "province", "governorate": "province",
    "region": "region", "county": "county", "town": "town", "village": "village",
    "agency": "agency", "news": "news", "newspaper": "newspaper", "channel": "channel",
    "magazine": "magazine",
}
"""Trailing words that may be dropped for matching ("Peshmerga forces" ~ "Peshmerga").

Keys are singular, as name forms are ("forces" -> "force"). Up to two trailing
words ("news agency"), and two names whose dropped words differ never match:
"Syrian Democratic Forces" is not "Syrian Democratic Party". "army", "command"
and the like are not generic: "Iraqi Army" is not "Iraqi Army General Command".
"""


def without_generic(norm: str) -> tuple[str, str]:
    """(core, dropped generic words): "ara news agency" -> ("ara", "news agency").

    Most names end in no generic word; they are answered before the cache, whose
    book-keeping costs more than the look-up (a million distinct names miss it)."""
    if norm[norm.rfind(" ") + 1:] not in GENERIC_SUFFIXES:
        return norm, ""
    return _without_generic(norm)


@lru_cache(maxsize=1 << 16)
def _without_generic(norm: str) -> tuple[str, str]:
    words = norm.split(" ")
    dropped: list[str] = []
    while len(words) > 1 and len(dropped) < 2 and words[-1] in GENERIC_SUFFIXES:
        dropped.insert(0, GENERIC_SUFFIXES[words.pop()])
    return " ".join(words), " ".join(dropped)
