"""What a name looks like once the parts that do not tell actors apart are set aside.

``normalise`` folds spelling (case, diacritics, possessives, punctuation). A
name form goes one step further, for the duplicate search only, and keeps
what it set aside so that the search can say *why* two names were grouped:

- what describes a person or place before or after the name ("Germany's Chancellor
  Angela Merkel", "Senator John McCain of Arizona", "Republican presidential nominee
  Donald Trump", "Iraq's Mosul"), and titles and ranks ("Brig. Gen. Yahya Rasool",
  "Mr. Trump", "Vermont Sen. Bernie Sanders"): nameparser's list of titles, plus
  military ranks, and "-ist" nouns ("Scientologist Tom Cruise"); a gendered title is
  kept as the form's ``gender``;
- a person's middle initials ("Donald J. Trump", "George H. W. Bush", "George H.W. Bush"),
  kept as the form's ``middle``: two different ones are two people (the father and the son);
- the Arabic article at the start of a name that is not a person's
  ("al-Hashd al-Shaabi" ~ "Hashd al-Shaabi", "Al-Raqqah"); "Al Gore" keeps his;
- "X of (the) Y" read as "Y X" ("the General Command of the Iraqi Army"), and as "Y"
  when X only says what kind of body or place Y is ("the State of Texas", ``KIND_HEADS``);
- plurals of words of five letters or more ("Peshmergas", "militias"), but not in
  a person's name ("Sanders");
- transliteration spellings: q/k, a final h after a vowel, doubled letters
  ("Bashiqa" ~ "Bashika", "Hawijah" ~ "Hawija", "Raqqah" ~ "Raqa").

Descriptors (``Mosul City``, ``ARA news agency``) and generic words ("forces")
are not folded here: the likely tier has its own rule for generic words and for a
place's descriptor (``identity/places.py``: ``Mexico City`` is not ``Mexico``), and
the possible tier treats descriptors as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby

import jellyfish
from nameparser.config import CONSTANTS

from annotator.identity.generic_words import (  # noqa: F401 - read from here by the tiers
    GENERIC_SUFFIXES,
    without_generic,
)
from annotator.identity.normalise import normalise

PERSON_TYPES = frozenset({"PERSON", "PER", "person"})
"""Entity type keys read as persons (titles, initials and surnames apply only to them)."""

RANKS = frozenset(
    "mr mrs ms miss dr prof sir dame brig gen col lt maj capt cpt sgt cpl pvt adm cmdr cdr "
    "sen rep gov pres amb rev fr sheikh shaikh sheik mullah imam ayatollah hajji haji "
    "brigadier general colonel lieutenant major captain sergeant admiral commander "
    "president senator representative governor minister secretary mayor judge justice "
    "chair chairman chairwoman spokesman spokeswoman spokesperson chief prime deputy vice first "
    "lady king queen prince princess emir crown former elect".split())
"""Words that stand before a person's name without being part of it (with nameparser's)."""

DESCRIPTIONS = frozenset(
    "billionaire businessman businesswoman mogul candidate nominee presumptive presidential "
    "republican democrat democratic gop rival frontrunner hopeful incumbent challenger "
    "activist journalist columnist reporter analyst author actor actress singer "
    "retired late then current outgoing incoming acting interim".split())
"""Words that describe a person before their name in news ("Billionaire Donald Trump",
"Republican presidential nominee Donald Trump"), read from PolNeAR's train sources."""

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})
"""Generational suffixes: not a surname ("Joseph R. Biden Jr." is a Biden)."""

FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "in", "on", "at", "to", "de", "des",
                            "du", "la", "le", "del", "van", "von"})
"""Words that carry no identity: left out of word sets and initials."""

_OF = re.compile(r"^(?P<head>.+?) (?:of|for) (?:the )?(?P<owner>.+)$")
_NUMBER = re.compile(r"\d+")
_PLURAL_MIN = 5  # "news", "bus", "gas", "arms" keep their s


class _made_once:  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock: Python 3.11's takes an RLock on
    every first access, which cost a third of a second over the 80,000 forms the
    possible tier reads at 100,000 names. The value goes into the instance's
    ``__dict__``, so later reads are plain attribute reads."""

    def __init__(self, make) -> None:
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    def __get__(self, form, owner=None):
        if form is None:
            return self
        value = form.__dict__[self.name] = self.make(form)
        return value


@dataclass
class NameForm:
    """One name's folded form and what was folded away to reach it.

    ``key`` is what the likely tier compares; ``words`` its content words;
    ``folded`` names the folds that applied ("title", "initial", "article",
    "word order", "plural", "spelling"), so a group can say why it formed.

    Treated as immutable (``_form`` caches and shares them; a changed copy is made
    with ``dataclasses.replace``) but not frozen: a frozen dataclass sets each of
    its twelve fields through ``object.__setattr__``, 1.5 µs more per form, which
    was a sixth of building the forms of a million names.
    """

    norm: str
    key: str
    words: tuple[str, ...]
    folded: frozenset[str]
    person: bool
    first: str
    last: str
    digits: tuple[str, ...]
    gender: str = ""  # "m" or "f" when a title says so ("Mr.", "Mrs."), else ""
    title: str = ""  # the office a person's title names, spelt out: "senator" for "Sen."
    middle: str = ""  # a person's middle initials folded away: "hw" for "George H. W. Bush"
    sex: str = ""  # "m" or "f" when the name's own words say so: a title, "spokeswoman"

    @_made_once
    def sounds(self) -> tuple[str, ...]:
        """Metaphone codes of the content words; computed when first asked for, since
        the likely tier never asks and a million names would pay for them."""
        return tuple(sound(w) for w in self.words)

    @_made_once
    def word_set(self) -> frozenset[str]:
        """The content words as a set (the possible tier asks once per pair)."""
        return frozenset(self.words)

    @property
    def title_mark(self) -> str:
        """What a lone surname's title says: "m", "f", "t" (a title, no sex) or ""."""
        return self.gender or ("t" if "title" in self.folded else "")

    @property
    def initials(self) -> str:
        """First letters of the content words: "counter terrorism service" -> "cts"."""
        return "".join(w[0] for w in self.words if w)


@lru_cache(maxsize=1024)
def is_person(entity_type: object) -> bool:
    return isinstance(entity_type, str) and (entity_type in PERSON_TYPES
                                             or entity_type.upper().startswith("PER"))


@lru_cache(maxsize=1024)
def reads_description(entity_type: object) -> bool:
    """Whether a name's form depends on the name as written, not only on ``normalise``'s
    folding of it: person and place names lose a description that only case shows
    ("Republican presidential nominee Donald Trump", "Iraq's Mosul")."""
    return is_person(entity_type) or entity_type in PLACE_TYPES


def name_form(name: str, entity_type: object = None, norm: str | None = None) -> NameForm:
    """The :class:`NameForm` of ``name`` as an entity of ``entity_type``.

    ``norm`` is ``normalise(name)`` when the caller has it already (the store keeps
    it as ``entities.norm_name``), which saves most of the cost of a form; it is
    not used when a description is cut off the name first.
    """
    person = is_person(entity_type)
    written = name
    if reads_description(entity_type):
        name, described = _without_description(name, person)
        form = _form(normalise(name) if norm is None or described else norm, person)
    else:
        return _form(normalise(name) if norm is None else norm, person)
    if described:
        form = replace(form, folded=form.folded | {"description"})
    if person and (form.gender or "man" in written or "MAN" in written):
        form = replace(form, sex=form.gender or _role_sex(written))
    return form


SEXED_ROLES = {f"{role}{man}": sex for role in ("spokes", "chair", "congress", "business",
                                                 "council", "anchor", "sales", "police")
               for man, sex in (("man", "m"), ("woman", "f"))}
"""Words of a role that say the bearer's sex: "super PAC spokeswoman Kellyanne Conway" is
a woman whatever the name lists say of "Kellyanne" (``people`` reads it for "Ms. Conway")."""


def _role_sex(written: str) -> str:
    """ "m" or "f" when the words of a name as written hold one sexed role word, and no
    role word of the other sex, else ""."""
    found = {SEXED_ROLES.get(w) for w in re.split(r"[^a-z]+", written.lower())} - {None}
    return found.pop() if len(found) == 1 else ""


PLACE_TYPES = frozenset({"GPE/LOC", "GPE", "LOC", "place"})

_OWNER = re.compile(r"^(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*(?:['’]s|s['’])\s+(?=\S)")
_FROM = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?$")
_PARTICLES = frozenset("al el bin ibn abu abd de da del della di van von der la le du dos "
                       "st".split())


def _without_description(name: str, person: bool) -> tuple[str, bool]:
    """A name without what describes its bearer: "Germany's Chancellor Angela Merkel",
    "Senator John McCain of Arizona", "Republican presidential nominee Donald Trump",
    "Iraq's Mosul". Titles are left to ``_form``; a name that is all description stays."""
    text = name.strip()
    # each pattern needs its apostrophe or "of": most names have neither, and skip them
    stripped = _OWNER.sub("", text) if "'" in text or "’" in text else text
    if not person and "," in stripped:  # "Evansville, Indiana, United States"
        stripped = stripped.split(",", 1)[0].strip()
    if person:
        if "of" in stripped:
            stripped = _FROM.sub("", stripped)
        words = stripped.split()
        run = len(words)
        while run > 0 and (words[run - 1][:1].isupper() or words[run - 1].lower() in _PARTICLES):
            run -= 1
        if 0 < run < len(words) - 1 and (words[run - 1] == "of" or words[max(0, run - 2):run]
                                         == ["of", "the"]):
            run += 1  # "Secretary of State John Kerry": the office, then the name
        if 0 < run < len(words) - 1 or (run and len(words) - run >= 1 and
                                         any(w.islower() for w in words[:run])):
            stripped = " ".join(words[run:])
    return (stripped, True) if stripped and stripped != text else (text, False)


_NO_FOLDS: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 18)
def _form(norm: str, person: bool) -> NameForm:
    """The form of a normalised name (``name_form`` has cut a description off it).

    Built once per distinct name: a million names make 600,000 forms, so each rule
    below is guarded by a set look-up that most names fail at once."""
    folded: set[str] = set()
    words = norm.split()
    gender = title = middle = ""
    if person:
        before = words[:-1]
        if not _TITLE_WORDS.isdisjoint(before) or any(map(_is_agent_noun, before)):
            last_title = max(k for k, w in enumerate(before) if _is_title(w) or _is_agent_noun(w))
            gender = next((GENDERED[w] for w in words[:last_title + 1] if w in GENDERED), "")
            title = TITLE_WORDS.get(words[last_title], words[last_title])
            words = words[last_title + 1:]
            folded.add("title")
        if len(words) > 2 and any(map(_is_initials, words[1:-1])):
            middle = "".join(w for w in words[1:-1] if _is_initials(w))
            words = [words[0], *[w for w in words[1:-1] if not _is_initials(w)], words[-1]]
            folded.add("initial")
    elif len(words) > 1:
        if words[-1] in CAMPAIGNS:
            words = _campaign(words)
            folded.add("campaign")
        if words[0] == "al" and len(words) > 1:
            words = words[1:]
            folded.add("article")
        if "of" in words or "for" in words:
            match = _OF.match(" ".join(words))
            if match and match["head"] in KIND_HEADS and match["owner"]:
                words = match["owner"].split()  # "the State of Texas" is Texas
                folded.add("kind")
            elif match and match["head"] and match["owner"]:
                words = [*match["owner"].split(), *match["head"].split()]
                folded.add("word order")
    spelt = [_spelt(word, person) for word in words]
    for _, folds in spelt:
        if folds:
            folded.update(folds)
    spelt = [word for word, _ in spelt]
    content = tuple(spelt) if FUNCTION_WORDS.isdisjoint(spelt) else \
        tuple(w for w in spelt if w not in FUNCTION_WORDS) or tuple(spelt)
    if not spelt:
        first = last = ""
    elif person and spelt[-1] in SUFFIXES:
        first = spelt[0]
        named = [w for w in spelt if w not in SUFFIXES]
        last = named[-1] if named else spelt[-1]
    else:
        first, last = spelt[0], spelt[-1]
    digits = tuple(_NUMBER.findall(norm)) if _HAS_DIGIT(norm) else ()
    return NameForm(norm, " ".join(spelt), content,
                    frozenset(folded) if folded else _NO_FOLDS, person, first, last,
                    digits, gender, title, middle)


_VOWELS = frozenset("aeiouy")


def _is_initials(word: str) -> bool:
    """Whether a word inside a person's name is initials, not a name: one letter ("W"
    of "George W. Bush"), or two or three letters with no vowel, the dots gone ("H.W."
    reads "hw"); a particle ("St") is a name's."""
    return len(word) == 1 or (len(word) <= 3 and word.isalpha() and word not in _PARTICLES
                              and _VOWELS.isdisjoint(word))


def middles_differ(fa: NameForm, fb: NameForm) -> bool:
    """Whether two people's names carry different middle initials: "George W. Bush" and
    "George H. W. Bush" are the son and the father. A name without them ("George Bush")
    contradicts neither."""
    return bool(fa.middle and fb.middle and fa.middle != fb.middle)


_HAS_DIGIT = re.compile(r"\d").search


KIND_HEADS = frozenset({"state", "municipality", "province", "governorate", "district",
                        "county", "kingdom", "emirate", "sultanate", "principality",
                        "commonwealth", "church"})
"""One word before "of" that says what kind of body or place the rest names: "the State
of Texas", "the Municipality of Bogliasco", "the Church of Scientology" are the name
after "of". Not "city" (the City of London is not London, "the city of New York" not the
state) nor "republic" (the Republic of China is not China): those stay possible."""


TITLE_WORDS = {"sen": "senator", "gov": "governor", "pres": "president", "rep":
               "representative", "gen": "general", "brig": "brigadier", "col": "colonel",
               "lt": "lieutenant", "maj": "major", "capt": "captain", "cpt": "captain",
               "sgt": "sergeant", "adm": "admiral", "cmdr": "commander", "cdr": "commander",
               "amb": "ambassador", "prof": "professor", "dr": "doctor"}
"""Abbreviated titles spelt out, so "Sen. Sanders" and "Senator Bernie Sanders" share one."""


@lru_cache(maxsize=1 << 18)
def _spelt(word: str, person: bool) -> tuple[str, tuple[str, ...]]:
    """(word in one spelling, the folds that made it: "plural", "spelling", "member
    noun" for the noun of an "-atic" adjective), once per distinct word."""
    single = word if person else _singular(word)  # "Sanders", "Mayorkas" keep their s
    noun = single if person else member_noun(single)
    spelt = spelling(noun)
    folds = (("member noun",) if noun != single else ()) + \
        (("plural",) if single != word else ()) + (("spelling",) if spelt != noun else ())
    return spelt, folds


GENDERED = {"mr": "m", "sir": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f",
            "dame": "f", "lady": "f", "king": "m", "queen": "f", "prince": "m",
            "princess": "f"}
"""Titles that say a person's sex: "Mr. Clinton" is not "Mrs. Clinton"."""


CAMPAIGNS = frozenset({"campaign", "camp"})


def _campaign(words: list[str]) -> list[str]:
    """A campaign named after its candidate, by the candidate's surname:
    "the Bernie Sanders presidential campaign", "Mr. Rubio's campaign" -> "... campaign"."""
    person = [w for w in words[:-1] if not _is_title(w) and w != "the"]
    return [person[-1], "campaign"] if person else words


_NOT_TITLES = frozenset({"united", "state", "army", "general", "the", "new", "national"})
"""nameparser titles that begin organisations more often than they title a person."""

_TITLE_WORDS = RANKS | DESCRIPTIONS | (frozenset(CONSTANTS.titles) - _NOT_TITLES)
"""Every word ``_is_title`` accepts, in one set (nameparser's are lowercase, dot-free)."""


def _is_title(word: str) -> bool:
    return word in _TITLE_WORDS


def _is_agent_noun(word: str) -> bool:
    """An English "-ist" noun, which says what a person does or holds to, not who they
    are: "Scientologist Tom Cruise", "Strategist Tad Devine", "Economist Paul Krugman".
    Only before a person's last word, and of six letters or more (not "Christ")."""
    return len(word) > 6 and word.endswith("ist")


def member_noun(word: str) -> str:
    """The noun an adjective in "-atic" is made from: "democratic" -> "democrat".

    English makes the adjective of an "-at" noun with "-ic" (democrat, diplomat,
    bureaucrat, autocrat), so "the Democratic Party" is the party of "the Democrats",
    as "the Republican Party" is of "the Republicans". Only "-atic" after five letters
    or more: "static", "erratic" or "Adriatic" have no such noun to meet.
    """
    return word[:-2] if word.endswith("atic") and len(word) >= 9 else word


def _singular(word: str) -> str:
    """"peshmergas" -> "peshmerga", "militias" -> "militia", "forces" -> "force"."""
    if len(word) <= _PLURAL_MIN or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > _PLURAL_MIN + 1:
        return word[:-3] + "y"
    return word[:-1]


_LETTER_SPELLINGS = (("q", "k"), ("ck", "k"), ("ph", "f"), ("oo", "u"), ("ee", "i"))
_HAS_DOUBLED = re.compile(r"(.)\1").search


def undoubled(word: str) -> str:
    """``word`` with each run of one letter written once: "hassan" -> "hasan".

    ``re.sub(r"(.)\1+", r"\1", word)`` says the same; a template with a group costs
    3.6 µs a call here (Python 3.11 expands it in Python), this 0.1-1 µs.
    """
    if not _HAS_DOUBLED(word):
        return word
    return "".join(letter for letter, _ in groupby(word))


@lru_cache(maxsize=1 << 18)
def spelling(word: str) -> str:
    """One spelling for transliteration variants of a word of five letters or more.

    Shorter words keep theirs: "Iraq" is not "Irak"-folded into anything else,
    and four-letter words are where one letter makes another name. In order:
    q/k, ck/k, ph/f, oo/u, ee/i, doubled letters once, a final h after a vowel.
    """
    if len(word) < 5 or not word.isascii():
        return word
    for old, new in _LETTER_SPELLINGS:
        word = word.replace(old, new)
    word = undoubled(word)
    if word[-1:] == "h" and word[-2:-1] in _VOWELS:
        word = word[:-1]
    return word


_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=1 << 18)
def sound(word: str) -> str:
    """Metaphone code of a word (jellyfish): "ahmad" and "ahmed" -> "AMT"."""
    return jellyfish.metaphone(word) if word.isascii() and word.isalpha() else word


_ACRONYM_WRAPPING = re.compile(r"^[Tt]he\s+|['’]s$")


@lru_cache(maxsize=1 << 16)
def acronym_of(name: str) -> str:
    """The letters of ``name`` if it is written as an acronym ("CTS", "U.N.", "UNHCR"), else "".

    Read from the name as typed, since folding loses case: "Cts" is no acronym. A
    leading article and a possessive are not letters of it: "the JSC", "the UK's".
    """
    letters = _ACRONYM_WRAPPING.sub("", name.strip())
    letters = letters.replace(".", "").replace(" ", "").replace("&", "")
    alpha = letters.rstrip("0123456789")  # "IE6": a version or year after the letters
    if 2 <= len(alpha) <= 7 and alpha.isalpha() and letters.isalnum() and \
            sum(c.isupper() for c in alpha) >= max(2, len(alpha) - 1):
        return letters.casefold()
    return ""


_MAX_OPTIONAL = 4  # function words whose letter an acronym may or may not take


@lru_cache(maxsize=1 << 16)
def initials_of(norm: str) -> frozenset[str]:
    """Every way the name ``norm`` (normalised) may be abbreviated by its initials.

    Each content word gives its first letter; a function word may or may not
    ("For Inspiration and Recognition of Science and Technology": FIRST takes
    "For" and leaves "and" and "of"; "Department of Defense": DOD or DD); a number
    stays whole ("Internet Explorer 6": IE6); a hyphen parts words
    ("Counter-Terrorism Service": CTS, as ``normalise`` leaves it).
    """
    words = norm.split()
    if len(words) < 2:
        return frozenset()
    options = [[w if w.isdigit() else w[0]] + ([""] if w in FUNCTION_WORDS else [])
               for w in words]
    if sum(len(o) > 1 for o in options) > _MAX_OPTIONAL:
        options = [o[-1:] if len(o) > 1 else o for o in options]  # drop them all
    found = {""}
    for choice in options:
        found = {f + c for f in found for c in choice}
    return frozenset(f for f in found if len(f) >= 2)


def letters_in_any_order(letters: str) -> str:
    """A key equal for acronyms of one name in two languages' word orders: "CEI"
    (Conferenza Episcopale Italiana) and "Italian Episcopal Conference" ("iec")."""
    return "".join(sorted(letters))
