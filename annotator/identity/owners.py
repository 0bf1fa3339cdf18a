"""An organisation named without its owner: "the Supreme Court" beside "the U.S. Supreme Court".

News names a body in full once ("the U.S. Supreme Court", "the United Kingdom Home
Office", "Microsoft's Internet Explorer 6") and then by what is left ("the Supreme
Court", "the Home Office"). The words left are the name of a known entity of the same
type; the words dropped must name its owner, something *else* the project knows: an
entity of another type (a place, a person, a company beside its product), an owner
in the possessive, or a place ISO 3166 names though the project does not: a country or
first-level subdivision before an outlet ("The New York Times", "The Washington Post"),
a country before another body ("The United Kingdom Home Office"). That keeps apart
what only looks alike: in "the White House" / "the House" the word dropped names
nothing, and in "House Democrats" / "the Democrats" it names a body of the same type,
which here narrows the name to a part of it, as a region does in "Texas Republicans".

Like a surname alone, the short name must share an article with the one longer name
it stands for, and when several longer names end in it ("the Times": The New York
Times, The Los Angeles Times) the one sharing at least twice as many articles as any
other is taken. These rules read articles, so they add their pairs beside the people's
(``people``) before the complete linkage; persons and places are left to their own
rules ("Washington" is not "Seattle, Washington").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from annotator.identity.forms import PLACE_TYPES, name_form
from annotator.identity.places import names_a_country, names_a_country_or_region

if TYPE_CHECKING:
    from annotator.identity.candidates import NameItems

OWNER_SCORE = 95
"""Score of a name without its owner and the name with it (as a surname's)."""

_POSSESSIVE_OWNER = re.compile(r"^(?:the\s+)?((?:\S+\s+){0,2}?\S+?)(?:['’]s|s['’])\s+\S",
                               re.IGNORECASE)


def owner_pairs(items: NameItems, names: Sequence[str], seen: Sequence[Collection[int]],
                known: Collection[tuple[int, int]] = ()) -> dict[tuple[int, int], int]:
    """{(item, item): score} of a name without its owner and the one longer name it
    stands for, and the longer name's spelling variants in ``known`` pairs.

    ``seen[item]`` are the articles of an item's names."""
    forms, types = items.forms, items.types
    by_key: dict[tuple[object, str], int] = {}
    owner_types: dict[str, set[object]] = defaultdict(set)
    for item, form in enumerate(forms):
        owner_types[form.key].add(types[item])
        if form.person and len(form.words) >= 2:
            owner_types[form.last].add(types[item])  # "the Obama White House"
        if _owned_type(form, types[item]):
            by_key.setdefault((types[item], form.key), item)
    longer: dict[int, list[int]] = defaultdict(list)
    for item, form in enumerate(forms):
        words = form.key.split(" ")
        if len(words) < 2 or not _owned_type(form, types[item]):
            continue
        owners = None
        for k in range(1, len(words)):
            short = by_key.get((types[item], " ".join(words[k:])))
            if short is None or short == item:
                continue
            prefix = " ".join(words[:k])
            if owner_types.get(prefix, set()) - {types[item]} or _place_owner(
                    prefix, types[item]) or prefix in (
                    owners := owners if owners is not None else _possessive_owners(
                        items, names, item)):
                longer[short].append(item)
    found: dict[tuple[int, int], int] = {}
    if not longer:
        return found
    variants: dict[int, set[int]] = defaultdict(set)
    for x, y in known:
        variants[x].add(y)
        variants[y].add(x)
    for short, candidates in longer.items():
        shared = sorted(((len(set(seen[short]) & set(seen[c])), c) for c in candidates),
                        reverse=True)
        if shared[0][0] == 0 or (len(shared) > 1 and shared[0][0] < 2 * shared[1][0]):
            continue
        best = shared[0][1]
        for full in {best} | variants[best]:
            if full != short:
                found[(min(short, full), max(short, full))] = OWNER_SCORE
    return found


MEDIA_TYPES = frozenset({"MEDIA", "media"})
"""Types of outlets, which a city or region owns by name: "The New York Times"."""

_NO_OWNER_WORDS = frozenset({
    "north", "south", "east", "west", "central", "centre", "center", "eastern", "western",
    "northern", "southern", "coast", "river", "lakes", "capital", "upper", "lower", "middle",
    "great", "greater"})
"""Words ISO 3166 names some subdivision with that before a name only say where, in
"the Western Journal" or "the Central Committee", not whose."""


def _place_owner(prefix: str, entity_type: object) -> bool:
    """Whether the words dropped from a name are a place that owns it though the project
    knows no such place: a country or first-level subdivision before an outlet ("The New
    York Times", "The Washington Post": "the Times", "the Post"), a country before any
    other body ("the United Kingdom Home Office": "the Home Office"). A region before a
    body other than an outlet narrows it ("Texas Republicans" are some of "the
    Republicans"), so it does not count."""
    if _NO_OWNER_WORDS.issuperset(prefix.split(" ")):
        return False
    if entity_type in MEDIA_TYPES:
        return names_a_country_or_region(prefix)
    return names_a_country(prefix)


def _owned_type(form, entity_type: object) -> bool:
    return not form.person and entity_type not in PLACE_TYPES


def _possessive_owners(items: NameItems, names: Sequence[str], item: int) -> set[str]:
    """Owners an item's names give in the possessive: "Microsoft's Internet Explorer 6"."""
    owners = set()
    for i in items.members[item]:
        name = names[i]
        if "'" in name or "’" in name:
            match = _POSSESSIVE_OWNER.match(name)
            if match:
                owners.add(name_form(match[1], items.types[item]).key)
    return owners
