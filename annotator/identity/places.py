"""Place descriptors: "Mosul City" is Mosul, "Mexico City" is not Mexico.

A word after a place's name that says what kind of place it is ("Mosul City", "Hawija
District", "Nineveh Province", "Anbar Governorate") names the same place as the bare
name, unless the bare name is itself a country's or a first-level subdivision's:
"Mexico City", "Kuwait City", "Panama City", "Guatemala City" are capitals of the
countries they are named after, "Quebec City" the capital of the province, "New York
City" not the state, and "Baghdad Governorate" is wider than the city of Baghdad. Such
pairs stay possible, never likely, and rank low among the possible pairs.

Which names those are comes from ISO 3166 as ``pycountry`` ships it (countries, with
their official and common names; first-level subdivisions), read when a name with a
place descriptor is first compared, not at import: the window's first paint must not
pay for it. A subdivision that is a city itself ("Taipei", a special municipality;
"Beijing", a municipality) is no reason to keep "Taipei City" from "Taipei".
"""

from __future__ import annotations

from functools import lru_cache

PLACE_DESCRIPTORS = {"city": "city", "district": "district", "province": "province",
                     "governorate": "province", "region": "region", "county": "county"}
"""A place's last word that says what kind of place it is, as ``without_generic``
names it ("governorate" and "province" are one kind)."""

_CITY_TYPES = ("city", "municipality", "capital")
"""Words of a subdivision type that make the subdivision a city itself."""


def without_place_descriptor(key: str, core: str, dropped: str,
                             city: bool = True) -> tuple[str, str]:
    """(core, dropped) of a place's folded name ``key`` once its descriptor is read:
    ``without_generic``'s answer (``core``, ``dropped``), with a trailing "city" dropped
    too, and nothing dropped when the core names a country or a first-level subdivision:
    then the descriptor, as ``without_generic`` names it, is part of the core ("mexico
    city"; "anbar province" for "Anbar Governorate" and "Anbar Province" alike).
    ``city=False`` keeps "city" where the name put it first ("the City of London" is
    not London: ``forms.KIND_HEADS``)."""
    if city and not dropped and key.endswith(" city"):
        core, dropped = key[:-5], "city"
    if dropped and all(w in PLACE_DESCRIPTORS.values() for w in dropped.split(" ")) \
            and names_a_unit(core):
        return f"{core} {dropped}", ""  # "anbar province" for "Anbar Governorate" too
    return core, dropped


def names_another_place(small: str, extra: list[str]) -> bool:
    """Whether the words ``extra`` after the place ``small`` (a folded key) make another
    place of it: "city" after "mexico", "governorate" after "baghdad"."""
    return bool(extra) and all(w in PLACE_DESCRIPTORS for w in extra) and names_a_unit(small)


def names_a_unit(key: str) -> bool:
    """Whether a place's folded key is a country's or a first-level subdivision's name
    (a city-subdivision's excepted): "mexico", "kuwait", "quebec", "new york", "baghdad"."""
    return key in _unit_keys()


def names_a_country(key: str) -> bool:
    """Whether a folded key is a country's name in ISO 3166: "united kingdom", "iraq"."""
    return key in _keys(countries=True, subdivisions=False)


def names_a_country_or_region(key: str) -> bool:
    """Whether a folded key is a country's or any first-level subdivision's name, cities
    that are subdivisions too: "new york", "washington", "taipei"."""
    return key in _keys(countries=True, subdivisions=True)


def _unit_keys() -> frozenset[str]:
    return _keys(countries=True, subdivisions=True, city_subdivisions=False)


@lru_cache(maxsize=4)
def _keys(countries: bool, subdivisions: bool, city_subdivisions: bool = True
          ) -> frozenset[str]:
    import pycountry  # ~0.05 s and 8 MB of data: only once a descriptor needs it

    from annotator.identity.forms import name_form

    names: set[str] = set()
    for country in pycountry.countries if countries else ():
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value:
                names.add(value)
    for sub in pycountry.subdivisions if subdivisions else ():
        if sub.parent_code is None and (
                city_subdivisions or not any(t in sub.type.lower() for t in _CITY_TYPES)):
            names.add(sub.name)
    keys = set()
    for name in names:
        # "Iran, Islamic Republic of", "Korea, Republic of": the name before the comma
        short = name.split(",", 1)[0]
        for each in {name, short}:
            key = name_form(each, "GPE/LOC").key
            if key:
                keys.add(key)
    return frozenset(keys)
