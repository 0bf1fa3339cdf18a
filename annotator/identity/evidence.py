"""Why two names may be one actor: evidence features of a pair, and the words a coder reads.

Each feature is a number the ranking weighs (``FEATURES`` lists them in order)
and, where it speaks for or against the pair, a phrase the Find duplicates
dialog shows beside it ("plural", "initials of Counter-Terrorism Service",
"surname of Nechirvan Mirani, who appears in the same 4 articles").

Hard negatives are features too, with large negative weights in the prior
(``PRIOR_WEIGHTS``): a pair that differs in a number, in a short word (Iraq /
Iran) or in its head noun (Mosul / Mosul Dam, Iraqi Army / Iraqi Army General
Command) ranks low among the possible pairs, whatever its spelling score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from annotator.identity.forms import (
    NameForm,
    acronym_of,
    initials_of,
    letters_in_any_order,
    middles_differ,
    without_generic,
)
from annotator.identity.normalise import DESCRIPTORS
from annotator.identity.places import names_another_place

FEATURES = (
    "spelling", "word_set", "same_form", "descriptor_extra", "modifier_extra",
    "head_extra", "acronym", "surname", "first_name", "sound", "digits_differ",
    "short_word_differs", "shared_articles", "co_mention", "gender_differs", "context_words",
)

PRIOR_WEIGHTS = {
    "bias": -6.0, "spelling": 4.0, "word_set": 2.5, "same_form": 4.0,
    "descriptor_extra": 3.5, "modifier_extra": 2.0, "head_extra": -4.0, "acronym": 5.5,
    "surname": 5.0, "first_name": 0.5, "sound": 1.5, "digits_differ": -8.0,
    "short_word_differs": -6.0, "shared_articles": 1.5, "co_mention": 1.5,
    "gender_differs": -9.0, "context_words": 1.5,
}
"""Hand-set weights used until the coders' own decisions train the ranking (see ``ranking``)."""


@dataclass(frozen=True)
class Pair:
    """Two names' evidence: feature values in ``FEATURES`` order and phrases for the coder."""

    values: tuple[float, ...]
    reasons: tuple[str, ...]
    against: tuple[str, ...]

    def prior_logit(self) -> float:
        return float(prior_logits(np.asarray([self.values]))[0])


_WEIGHTS = np.asarray([PRIOR_WEIGHTS[f] for f in FEATURES])


def prior_logits(values: np.ndarray) -> np.ndarray:
    """The prior's logit of each row of feature values (rows in ``FEATURES`` order)."""
    return PRIOR_WEIGHTS["bias"] + values @ _WEIGHTS


@dataclass(frozen=True)
class Context:
    """What the corpus says about each name: the articles it occurs in, and its carriers.

    ``articles[i]`` are the article ids of name i (empty when unknown);
    ``surname_carriers`` maps a person's last word to the names carrying it,
    so a surname alone is evidence only when one known person carries it;
    ``words[i]`` are the words around name i's mentions (see ``context_words``).
    """

    articles: Sequence[Collection[int]]
    co_mentions: Sequence[Collection[int]]
    surname_carriers: dict[str, list[int]]
    words: Sequence[Collection[str]] | None = None


def pair_evidence(a: int, b: int, names: Sequence[str], forms: Sequence[NameForm],
                  context: Context | None = None, *,
                  scores: tuple[float, float] | None = None) -> Pair:
    """The evidence that names ``a`` and ``b`` (indices) are one actor.

    ``scores`` are the pair's spelling and word-set scores (0-1) when the
    caller computed them for many pairs at once (``possible_pairs`` does).
    """
    fa, fb = forms[a], forms[b]
    reasons: list[str] = []
    against: list[str] = []
    wa, wb = fa.word_set, fb.word_set
    if scores is None:
        scores = (fuzz.ratio(fa.key, fb.key) / 100,
                  fuzz.token_set_ratio(fa.key, fb.key) / 100 if wa and wb else 0.0)
    spelling_score, word_set = scores
    same_form = float(fa.key == fb.key)
    if same_form:
        reasons.extend(_folds(fa, fb))
    elif wa == wb:
        reasons.append("same words in another order")
    small, big, small_set, big_set = (fa, fb, wa, wb) if len(wa) <= len(wb) else (fb, fa, wb, wa)
    extra = [w for w in big.words if w not in small_set]
    descriptor = modifier = head = 0.0
    if small.words and small_set < big_set:
        if not small.person and names_another_place(small.key, extra):
            head = 1.0  # "Mexico City" is not Mexico: a hard negative, not a descriptor
            against.append(f"“{' '.join(extra)}” names another place than the country or "
                           "province")
        elif all(w in DESCRIPTORS for w in extra):
            descriptor = 1.0
            reasons.append(f"“{' '.join(extra)}” describes the place or kind")
        elif (last := _head(big.words)) in extra and last not in DESCRIPTORS and not (
                len(extra) == 1 and "word order" in big.folded):
            # "Mosul Dam" is another thing than Mosul; "the State of Texas" may be Texas
            head = 1.0
            against.append(f"“{last}” names another thing")
        else:
            modifier = 1.0 / len(extra)
            if not (small.person and len(small.words) == 1):  # a surname says it better
                reasons.append(f"one name adds “{' '.join(extra)}”")
    acronym = _acronym(names, a, b, forms) if min(len(wa), len(wb)) == 1 else ""
    if acronym:
        reasons.append(acronym)
    surname = first_name = 0.0
    if fa.person and fb.person and (len(fa.words) == 1) != (len(fb.words) == 1):
        single, full = (a, b) if len(fa.words) == 1 else (b, a)
        fs, ff = forms[single], forms[full]
        if fs.key == ff.last:
            carriers = context.surname_carriers.get(fs.key, []) if context else [full]
            surname = 1.0 if len(carriers) <= 1 else 0.3
            reasons.append(f"surname of {names[full]}" + (
                "" if len(carriers) <= 1 else f" (one of {len(carriers)} people called so)"))
        elif fs.key == ff.first:
            first_name = 1.0
            against.append("a first name alone")
    sounds = float(bool(fa.words) and fa.sounds == fb.sounds and not same_form)
    if sounds:
        reasons.append("sounds alike")
    digits = _digits_differ(fa.digits, fb.digits)
    if digits == 1.0:
        against.append("different numbers")
    elif digits:
        against.append("a number only one name has")
    short = float(not same_form and wa != wb and _short_word_differs(fa.words, fb.words))
    if short:
        against.append("a short word differs")
    elif middles_differ(fa, fb):  # the initials are the short words that differ
        short = 1.0
        against.append("different middle initials")
        reasons = [r for r in reasons if r != _FOLD_WORDS["initial"]]
    gender = float(bool(fa.gender and fb.gender and fa.gender != fb.gender))
    if gender:
        against.append("titles of a man and of a woman")
    if head or digits == 1.0 or short or gender:
        word_set = 0.0  # a token-set score is evidence only when no hard negative fires
    shared = co_mention = same_words = 0.0
    if context is not None:
        common = len(set(context.articles[a]) & set(context.articles[b]))
        if common:
            shared = min(1.0, math.log1p(common) / math.log(11))
            reasons.append(f"in {same_articles(common)}")
        co_mention = _jaccard(set(context.co_mentions[a]) - {b}, set(context.co_mentions[b]) - {a})
        if co_mention >= 0.2:
            reasons.append("named beside the same others")
        if context.words is not None:
            same_words = _jaccard(context.words[a], context.words[b])
            if same_words >= 0.15:
                reasons.append("said in the same words")
    values = (spelling_score, word_set, same_form, descriptor, modifier, head,
              float(bool(acronym)), surname, first_name, sounds, digits, short, shared,
              co_mention, gender, same_words)
    return Pair(values, tuple(reasons), tuple(against))


_FOLD_WORDS = {"description": "a description of the bearer",
               "title": "title or rank",
               "campaign": "the same candidate's campaign", "initial": "middle initial",
               "article": "“al-”",
               "word order": "same words in another order", "plural": "plural",
               "kind": "“… of” says what kind (“the State of”)",
               "member noun": "an adjective and its noun (“Democratic”, “Democrats”)",
               "spelling": "spelling variant"}


def _kind_dropped(key: str) -> tuple[str, str]:
    """``without_generic`` of a group's key, a place's "city" dropped too: a likely group
    holds "Mosul City" only where the likely tier dropped it."""
    core, dropped = without_generic(key)
    if not dropped and key.endswith(" city"):
        return key[:-5], "city"
    return core, dropped


def _owner_dropped(a: str, b: str) -> str:
    """The words one key has before the other's whole key ("us" of "us supreme court"
    beside "supreme court"), or "" (see ``owners``)."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long[:-len(short) - 1] if long.endswith(" " + short) else ""


def _folds(fa: NameForm, fb: NameForm) -> list[str]:
    """The folds that make two names' keys equal (those that applied to one only)."""
    return list(_fold_words(fa.folded, fb.folded, fa.norm == fb.norm))


@lru_cache(maxsize=4096)
def _fold_words(fa: frozenset[str], fb: frozenset[str], same_norm: bool) -> tuple[str, ...]:
    differ = fa ^ fb
    if not differ and same_norm:
        return ("same name once case and punctuation are set aside",)
    return tuple(_FOLD_WORDS[f] for f in sorted(differ or fa | fb))


def group_evidence(members: Sequence[int], forms: Sequence[NameForm] | Mapping[int, NameForm],
                   names: Sequence[str] | None = None,
                   articles: Sequence[Collection[int]] | None = None) -> tuple[str, ...]:
    """Phrases that say why a likely group formed: its names' folds, a spelling
    variant, or a surname alone beside the one person carrying it.

    A surname's phrase counts the articles it shares with the person it joins
    ("surname of Nechirvan Mirani, who appears in the same 4 articles"), whichever
    of the group's names comes first, and names no articles when they share none."""
    out: dict[str, None] = {}  # phrases in order, once each
    surnames = False
    first = forms[members[0]]
    seen: set[int] = set()  # forms already compared: a name repeated says nothing new
    for m in members[1:]:
        f = forms[m]
        if f.key == first.key:
            if id(f) in seen:
                continue
            seen.add(id(f))
            found = _fold_words(first.folded, f.folded, first.norm == f.norm)
        elif names is not None and (surname := _surname_phrase(members, m, forms, names,
                                                                articles)):
            found = (surname,)
            surnames = True
        elif (core := _kind_dropped(f.key))[0] == (first_core := _kind_dropped(first.key))[0]:
            dropped = core[1] or first_core[1]
            found = (f"“{dropped}” says what kind", *(_FOLD_WORDS[x] for x in
                                                     sorted(f.folded ^ first.folded)))
        elif not f.person and (owner := _owner_dropped(first.key, f.key)):
            found = (f"named without its owner (“{owner}”)",)
        else:
            found = ("spelling variant",)
        out.update(dict.fromkeys(found))
    if not surnames:
        return tuple(out)
    # two surnames of one person, one sharing articles with it: "surname of X" alone
    # adds nothing, and the phrase with the articles takes its place
    counted: dict[str, str] = {}
    for phrase in out:
        if ", who appears" in phrase:
            counted.setdefault(phrase.split(", who appears", 1)[0], phrase)
    return tuple(dict.fromkeys(counted.get(p, p) for p in out))


def _surname_phrase(members: Sequence[int], m: int, forms: Mapping[int, NameForm],
                    names: Sequence[str], articles: Sequence[Collection[int]] | None) -> str:
    """ "surname of Nechirvan Mirani, who appears in the same 4 articles", or "" when
    neither ``m`` nor the group's first name is a lone surname of the other.

    The articles counted are those the surname shares with the person it joins: any
    of the group's full names (a likely group is one person, so its spelling variants
    and names with a middle name count too). When they share none (the surname was
    read through another surname's articles), no article is named."""
    single, full = (members[0], m) if len(forms[members[0]].words) == 1 else (m, members[0])
    surname = forms[single].key
    if len(forms[single].words) != 1 or surname != forms[full].last or not forms[single].person:
        return ""  # "the Times" is The New York Times without its owner, not its surname
    phrase = f"surname of {names[full]}"
    if articles is not None:
        person = set().union(*(articles[x] for x in members if len(forms[x].words) >= 2))
        common = len(person.intersection(articles[single]))
        if common:
            phrase += f", who appears in {same_articles(common)}"
    return phrase


_WORD = re.compile(r"[^\W\d_]{4,}")
_COMMON = frozenset("""that this with from have been were they their there which would could
said says also about after before while where when into over than them then what will more
other some such only most very just being those these here many much like made make""".split())


def context_words(snippets: Iterable[str], limit: int = 60) -> frozenset[str]:
    """The words of four letters or more around a name's mentions, common words left out:
    two names said of in the same words ("troops", "advance", "eastern") may be one actor."""
    found: dict[str, int] = {}
    for text in snippets:
        for word in _WORD.findall(text.casefold()):
            if word not in _COMMON:
                found[word] = found.get(word, 0) + 1
    return frozenset(sorted(found, key=lambda w: -found[w])[:limit])


def same_articles(count: int) -> str:
    """ "the same article", "the same 4 articles"."""
    return "the same article" if count == 1 else f"the same {count:,} articles"


def _acronym(names: Sequence[str], a: int, b: int, forms: Sequence[NameForm]) -> str:
    """ "initials of X", "initials of X in another order" (an acronym of the name in a
    language that orders its words otherwise: CEI, Conferenza Episcopale Italiana, for
    the Italian Episcopal Conference), or ""."""
    for short, full in ((a, b), (b, a)):
        letters = acronym_of(names[short])
        if not letters or len(forms[full].words) < 2:
            continue
        ways = initials_of(forms[full].norm) | {forms[full].initials}
        if letters in ways:
            return f"initials of {names[full]}"
        if len(letters) >= 3 and letters_in_any_order(letters) in {
                letters_in_any_order(w) for w in ways}:
            return f"initials of {names[full]} in another order"
    return ""


def _head(words: Sequence[str]) -> str:
    """The head noun of a name: its last word that is not a number ("FIFA World Cup
    2018": "cup"; a year or an edition after a name does not make it another thing)."""
    return next((w for w in reversed(words) if not w.isdigit()), words[-1])


NUMBER_MISSING = 0.3
"""``digits_differ`` when only one name has a number: "the World Cup" names no year,
so it does not contradict "FIFA World Cup 2018" the way "14th Brigade" does "16th"."""


def _digits_differ(da: tuple[str, ...], db: tuple[str, ...]) -> float:
    """1 when both names have numbers and they differ, ``NUMBER_MISSING`` when one
    name has none, else 0."""
    if da == db:
        return 0.0
    return 1.0 if da and db else NUMBER_MISSING


def _short_word_differs(wa: Sequence[str], wb: Sequence[str]) -> bool:
    """Same number of words, and a differing pair of four letters or fewer: Iraq / Iran."""
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        if x != y and (len(x) <= 4 or len(y) <= 4):
            return True
    return False


def _jaccard(x: Collection[int], y: Collection[int]) -> float:
    if not x or not y:
        return 0.0
    sx, sy = set(x), set(y)
    return len(sx & sy) / len(sx | sy)
