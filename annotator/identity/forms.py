"""What a name looks like once the parts that do not tell actors apart are set aside.

``normalise`` folds spelling (case, diacritics, possessives, punctuation). A
name form goes one step further, for the duplicate search only, and keeps
what it set aside so that the search can say *why* two names were grouped:

- titles and ranks before a person's name ("Brig. Gen. Yahya Rasool", "Mr. Trump",
  "President Obama"): nameparser's list of titles, plus military ranks;
- a single middle initial of a person ("Donald J. Trump");
- the Arabic article at the start of a name that is not a person's
  ("al-Hashd al-Shaabi" ~ "Hashd al-Shaabi", "Al-Raqqah"); "Al Gore" keeps his;
- "X of (the) Y" read as "Y X" ("the General Command of the Iraqi Army");
- plurals of words of five letters or more ("Peshmergas", "militias");
- transliteration spellings: q/k, a final h after a vowel, doubled letters
  ("Bashiqa" ~ "Bashika", "Hawijah" ~ "Hawija", "Raqqah" ~ "Raqa").

Descriptors (``Mosul City``, ``ARA news agency``) and generic words ("forces")
are not folded here: the likely tier has its own rule for generic words, and the
possible tier treats descriptors as evidence (``Mexico City`` is not ``Mexico``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from nameparser.config import CONSTANTS

from annotator.identity.normalise import normalise

PERSON_TYPES = frozenset({"PERSON", "PER", "person"})
"""Entity type keys read as persons (titles, initials and surnames apply only to them)."""

RANKS = frozenset(
    "mr mrs ms miss dr prof sir dame brig gen col lt maj capt cpt sgt cpl pvt adm cmdr cdr "
    "sen rep gov pres amb rev fr sheikh shaikh sheik mullah imam ayatollah hajji haji "
    "brigadier general colonel lieutenant major captain sergeant admiral commander "
    "president senator representative governor minister secretary mayor judge justice "
    "chairman chairwoman spokesman spokeswoman spokesperson chief prime deputy vice first "
    "lady king queen prince princess emir crown former".split())
"""Words that stand before a person's name without being part of it (with nameparser's)."""

FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "in", "on", "at", "to", "de", "des",
                            "du", "la", "le", "del", "van", "von"})
"""Words that carry no identity: left out of word sets and initials."""

_OF = re.compile(r"^(?P<head>.+?) (?:of|for) (?:the )?(?P<owner>.+)$")
_NUMBER = re.compile(r"\d+")
_PLURAL_MIN = 5  # "news", "bus", "gas", "arms" keep their s


@dataclass(frozen=True)
class NameForm:
    """One name's folded form and what was folded away to reach it.

    ``key`` is what the likely tier compares; ``words`` its content words;
    ``folded`` names the folds that applied ("title", "initial", "article",
    "word order", "plural", "spelling"), so a group can say why it formed.
    """

    norm: str
    key: str
    words: tuple[str, ...]
    folded: frozenset[str]
    person: bool
    first: str
    last: str
    digits: tuple[str, ...]
    sounds: tuple[str, ...]

    @property
    def initials(self) -> str:
        """First letters of the content words: "counter terrorism service" -> "cts"."""
        return "".join(w[0] for w in self.words if w)


def is_person(entity_type: object) -> bool:
    return isinstance(entity_type, str) and (entity_type in PERSON_TYPES
                                             or entity_type.upper().startswith("PER"))


def name_form(name: str, entity_type: object = None) -> NameForm:
    """The :class:`NameForm` of ``name`` as an entity of ``entity_type``."""
    return _form(normalise(name), is_person(entity_type))


@lru_cache(maxsize=1 << 18)
def _form(norm: str, person: bool) -> NameForm:
    folded: set[str] = set()
    words = norm.split()
    if person:
        while len(words) > 1 and (words[0] in RANKS or words[0] in CONSTANTS.titles
                                  and words[0] not in _NOT_TITLES):
            words = words[1:]
            folded.add("title")
        if len(words) > 2 and any(len(w) == 1 for w in words[1:-1]):
            words = [words[0], *[w for w in words[1:-1] if len(w) > 1], words[-1]]
            folded.add("initial")
    else:
        if len(words) > 1 and words[0] == "al":
            words = words[1:]
            folded.add("article")
        match = _OF.match(" ".join(words))
        if match and match["head"] and match["owner"]:
            words = [*match["owner"].split(), *match["head"].split()]
            folded.add("word order")
    spelt = []
    for word in words:
        single = _singular(word)
        if single != word:
            folded.add("plural")
        spelt_word = spelling(single)
        if spelt_word != single:
            folded.add("spelling")
        spelt.append(spelt_word)
    content = tuple(w for w in spelt if w not in FUNCTION_WORDS) or tuple(spelt)
    first = spelt[0] if spelt else ""
    last = spelt[-1] if spelt else ""
    digits = tuple(_NUMBER.findall(norm))
    return NameForm(norm, " ".join(spelt), content, frozenset(folded), person, first, last,
                    digits, tuple(sound(w) for w in content))


_NOT_TITLES = frozenset({"united", "state", "army", "general", "the", "new", "national"})
"""nameparser titles that begin organisations more often than they title a person."""


def _singular(word: str) -> str:
    """"peshmergas" -> "peshmerga", "militias" -> "militia", "forces" -> "force"."""
    if len(word) <= _PLURAL_MIN or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > _PLURAL_MIN + 1:
        return word[:-3] + "y"
    return word[:-1]


_SPELLING = [(re.compile(p), r) for p, r in (
    (r"q", "k"), (r"ck", "k"), (r"ph", "f"), (r"oo", "u"), (r"ee", "i"),
    (r"(.)\1+", r"\1"), (r"(?<=[aeiou])h$", ""))]


@lru_cache(maxsize=1 << 18)
def spelling(word: str) -> str:
    """One spelling for transliteration variants of a word of five letters or more.

    Shorter words keep theirs: "Iraq" is not "Irak"-folded into anything else,
    and four-letter words are where one letter makes another name.
    """
    if len(word) < 5 or not word.isascii():
        return word
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=1 << 18)
def sound(word: str) -> str:
    """Metaphone code of a word (jellyfish): "ahmad" and "ahmed" -> "AMT"."""
    return jellyfish.metaphone(word) if word.isascii() and word.isalpha() else word


def acronym_of(name: str) -> str:
    """The letters of ``name`` if it is written as an acronym ("CTS", "U.N.", "UNHCR"), else "".

    Read from the name as typed, since folding loses case: "Cts" is no acronym.
    """
    letters = name.replace(".", "").replace(" ", "").replace("&", "")
    if 2 <= len(letters) <= 7 and letters.isalpha() and sum(c.isupper() for c in letters) \
            >= max(2, len(letters) - 1):
        return letters.casefold()
    return ""
