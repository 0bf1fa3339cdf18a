"""Which type a new entity name most likely has, from its words and the words before it.

The E popup used to preselect the type last chosen, so E then Enter on "army officer Eli
Saddi" after "Iraqi Army General Command" made a person an organisation. The popup now
preselects a type when the words say it ("News" ends an outlet's name, "officer" stands
before a person's, "Forces" ends an organisation's, "in" or "City" frame a place) and
keeps the last one when they say nothing. Word lists only, no model and no gazetteer
(pycountry takes a third of a second to load, too long for a key press); the names a
project knows are suggested by the typeahead anyway.
"""

from __future__ import annotations

import re

PERSON, ORG, PLACE, ARMED_GROUP, MEDIA = "PERSON", "ORG", "GPE/LOC", "ARMED_GROUP", "MEDIA"

_MEDIA_WORDS = frozenset(
    "news agency tv television times post press radio channel herald journal gazette "
    "tribune telegraph guardian reuters afp bbc cnn dpa xinhua tass".split())
_ORG_WORDS = frozenset(
    "army forces force ministry command units unit government council party police brigade "
    "battalion coalition committee commission office department division corps navy "
    "authority authorities court parliament university bank company organisation "
    "organization union movement administration cabinet senate congress assembly "
    "directorate service services institute foundation alliance".split())
_ARMED_WORDS = frozenset(
    "militia militias rebels insurgents isil isis daesh taliban hezbollah hamas al-qaeda "
    "al-shabaab boko haram".split())
_PLACE_WORDS = frozenset(
    "city district province governorate region county village villages town neighborhood "
    "neighbourhood valley mountains river island province".split())
_PERSON_TITLES = frozenset(
    "officer spokesman spokeswoman spokesperson minister president general commander colonel "
    "major captain lieutenant sergeant mr mrs ms dr leader chief envoy ambassador "
    "journalist correspondent analyst activist mayor governor premier senator "
    "representative secretary director sheikh imam prince king queen".split())
_PLACE_BEFORE = frozenset("in near from into outside inside across at".split())
_WORD = re.compile(r"[\w’'-]+")


def guess_entity_type(body: str, start: int, end: int) -> str | None:
    """The type the words of ``body[start:end]`` and those just around it say, or None."""
    words = [w.lower() for w in _WORD.findall(body[start:end])]
    if not words:
        return None
    before = [w.lower() for w in _WORD.findall(body[max(0, start - 40):start])[-2:]]
    after = [w.lower() for w in _WORD.findall(body[end:end + 20])[:1]]
    if words[-1] in _MEDIA_WORDS or (len(words) > 1 and words[-2:] == ["news", "agency"]):
        return MEDIA
    if any(w in _ARMED_WORDS for w in words):
        return ARMED_GROUP
    if words[-1] in _ORG_WORDS or (after and after[0] in _ORG_WORDS):
        return ORG  # "the Iraqi forces", and "the Peshmerga" of "the Peshmerga forces"
    if len(words) == 1 and re.match(r"(?:al|el|ad|as|ar)-[A-Z]", body[start:end]):
        return PLACE  # "al-Samah", "al-Khadraa": places unless a known group said otherwise
    if words[-1] in _PLACE_WORDS or (after and after[0] in _PLACE_WORDS):
        return PLACE
    if before and before[-1] in _PERSON_TITLES and body[start:start + 1].isupper():
        return PERSON
    if len(words) == 1 and before and before[-1] in _PLACE_BEFORE \
            and body[start:start + 1].isupper():
        return PLACE  # "in Mosul", "near Hawija"
    return None
