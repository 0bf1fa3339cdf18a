"""What a typeahead answer is and how tiers merge into one ranking: pure Python, no numpy.

Split from ``identity.typeahead`` so that the store's typeahead, which answers the
exact, acronym, prefix, word and head tiers from SQL indexes, can rank its first
keystroke without importing numpy or rapidfuzz (a fifth of a second under load);
only the fuzzy tier needs them (``identity.trigrams``).

Why the tiers: a coder typing "Pesh" wants the entity whose name starts that
way, and among several, the one coded most often; only when prefixes run out
are fuzzy matches ("peshmarga", "army" inside "iraqi army") worth showing.
Aliases count like names, so typing "Daesh" finds ISIL once "Daesh" is an alias.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, Protocol

from annotator.identity.normalise import DESCRIPTORS, normalise

SURE_TIERS = frozenset({"exact", "prefix", "word"})
GENERIC_HEADS = frozenset("forces force troops soldiers fighters militants militia militias "
                          "units personnel".split())
"""Last words of a query that say what kind of group, not which: "Iraqi forces"."""
# The tie key of a string packs (mention rank, length, alphabetical position) into
# 22 + 17 + 24 bits of one int64: counts above 4 million and lengths above 131,071
# characters tie, and one index holds at most 16.7 million strings.
ALPHA_BITS = 24
LEN_MAX = (1 << 17) - 1
LOW_BITS = ALPHA_BITS + 17
LOW_MASK = (1 << LOW_BITS) - 1
COUNT_MAX = (1 << 22) - 1


class SuggestionCandidate(NamedTuple):
    """One entity as the index takes it (a plain tuple of these five works too)."""

    entity_id: int
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mention_count: int = 0


class Suggestion(NamedTuple):
    """One entity offered for a query; ``matched`` is the name or alias that matched.

    ``how`` is "exact", "acronym" (the query is the name's initials: "cts" for
    Counter-Terrorism Service), "prefix", "word" (a later word starts with the
    query), "head" (the query less a generic last word: "Iraqi forces" offers
    Iraqi Army) or "fuzzy"; ``score`` is 100 except for fuzzy matches
    (rapidfuzz WRatio). Only ``sure`` suggestions may be taken by a bare Enter.
    """

    entity_id: int
    name: str
    type: str
    mention_count: int
    matched: str
    how: str
    score: int

    @property
    def sure(self) -> bool:
        """Whether the typed text spells this entity (not a guess: acronym, head, fuzzy)."""
        return self.how in SURE_TIERS


def takes_enter(suggestion: Suggestion, typed: str) -> bool:
    """Whether a bare Enter may take ``suggestion`` for the ``typed`` name.

    Only a sure one; and a name the typed one begins only while the coder is
    inside one of its words ("Iraqi Ar" is "Iraqi Army" being typed), or when
    what the typed name leaves out only describes it ("ARA News" for "ARA News
    Agency"). "Iraqi Army" typed whole is another actor than the known "Iraqi
    Army General Command" (a hard negative of duplicate finding too): Enter
    makes the new entity, and the longer name stays a row to choose.
    """
    if not suggestion.sure:
        return False
    if suggestion.how != "prefix":
        return True
    query, name = normalise(typed), normalise(suggestion.matched)
    if not name.startswith(query) or name[len(query):len(query) + 1] != " ":
        return True  # inside a word of the name (or matched in a form this cannot read)
    return all(word in DESCRIPTORS for word in name[len(query):].split())


class IndexedEntity(NamedTuple):
    """One entity with its names already normalised, as the store reads them from the file.

    ``names`` holds (text, normalised) pairs, the entity's name first, then its
    aliases. The project file keeps the normalised forms (``entities.norm_name``,
    ``aliases.normalised``), so the store's index skips normalising 100,000
    names again on every rebuild.
    """

    entity_id: int
    name: str
    type: str
    mention_count: int
    names: tuple[tuple[str, str], ...]


class TierSource(Protocol):
    """Anything that offers one tier of one query: an in-memory index, the file's index."""

    def offers(self, tier: str, q: str, need: int, entity_type: str | None,
               taken: Mapping[int, Any]) -> list[tuple[tuple, Suggestion]]: ...


def suggest_from(indexes: Sequence[TierSource], query: str, limit: int = 10, *,
                 entity_type: str | None = None) -> list[Suggestion]:
    """The best ``limit`` entities over several indexes holding disjoint entities.

    Tier by tier (exact, acronym, prefix, word, head, fuzzy), each index offers its best new
    entities with a sort key that compares across indexes, and the best of
    them are taken: so a big index plus a small one of recent changes rank
    exactly as one index over all the entities would.
    """
    if limit <= 0:
        return []
    q = normalise(query)
    tiers = ["exact", "acronym", "prefix", "word", "head", "fuzzy"] if len(q) >= 3 else \
        ["exact", "acronym", "prefix", "word"] if q else ["prefix"]
    found: dict[int, Suggestion] = {}
    for tier in tiers:
        need = limit - len(found)
        if need <= 0:
            break
        offers = sorted(offer for index in indexes
                        for offer in index.offers(tier, q, need, entity_type, found))
        for _, suggestion in offers[:need]:
            found[suggestion.entity_id] = suggestion
    return list(found.values())


def rank_key(mentions: int, norm: str, entity_id: int) -> tuple[int, str, int]:
    """The tie order of one string as ``SuggestionIndex.offers`` keys it: most
    mentions, then shortest, then alphabetical, then lowest entity id."""
    count = COUNT_MAX - min(max(mentions, 0), COUNT_MAX)
    return ((count << 17) | min(len(norm), LEN_MAX), norm, entity_id)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of tuples are made.

    They hold no cycles, yet each few hundred allocations wake the collector,
    which walks all of them again: a third of the time of building 100,000 records.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def word_tails(s: str) -> list[str]:
    """The tail at each inner word: "iraqi army command" -> "army command", "command"."""
    tails: list[str] = []
    at = s.find(" ")
    while at >= 0:
        tails.append(s[at + 1:])
        at = s.find(" ", at + 1)
    return tails


_UNSPOKEN = frozenset({"of", "the", "for", "and", "al"})


def initials_of(s: str) -> tuple[str | None, str | None]:
    """(spoken, every) initials of a name of two words or more: "counter terrorism service"
    -> "cts", "united nations" -> "un"; small words left out of the first ("dod" for
    "department of defense" is the second). None where shorter than two letters, and
    ``every`` is None where it equals ``spoken``."""
    words = s.split(" ")
    if len(words) < 2:
        return None, None
    spoken = "".join(w[0] for w in words if w not in _UNSPOKEN)
    every = "".join(w[0] for w in words)
    return (spoken if len(spoken) >= 2 else None,
            every if len(every) >= 2 and every != spoken else None)
