"""Mentions the program can already propose: every place an article names a known entity.

Once a project knows "Iraqi Army" (or its alias "the Iraqi military"), every
other occurrence of that name in any article is almost certainly a mention of
it, and a coder should review it, not type it. This finds them all in one pass
over the article with a multi-pattern matcher (pyahocorasick's Aho-Corasick
automaton), so the cost per article does not grow with the number of known
names.

The article is folded character by character the way ``identity.normalise``
folds names (case, diacritics, apostrophes, punctuation to spaces, the Arabic
article spelt "al"), keeping for every folded character the index of the body
character it came from, so a match maps back to exact ``str`` offsets into the
body. Names are folded by ``normalise`` itself; a match must start and end at
word boundaries, and where matches overlap the longest wins ("Iraqi Army
General Command" over "Iraqi Army").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

import ahocorasick

from annotator.identity.normalise import normalise
from annotator.spans import SpanSet

_APOSTROPHES = frozenset("'’‘ʼʻʿʾ`´")
_ARTICLE = re.compile(r"(?<![^\s])[ae]l (?=\w)")


@dataclass(frozen=True)
class KnownName:
    """One entity's name or alias as the matcher takes it."""

    entity_id: int
    entity_type: str
    name: str
    alias: bool = False
    normalised: str | None = None  # the store keeps it: no need to normalise again


@dataclass(frozen=True)
class MentionProposal:
    """A span of the body that names a known entity: ``body[start:end] == text``."""

    start: int
    end: int
    text: str
    entity_id: int
    entity_type: str
    matched: str  # the entity's name or alias that matched


class KnownEntityMatcher:
    """An automaton over the normalised names and aliases of known entities.

    A normalised name shared by entities of several types (or several entities)
    is ambiguous: it is proposed for the entity that holds it as its name
    rather than as an alias, else for the lowest id, so a proposal is always
    one entity and the choice is stable.
    """

    def __init__(self, names: Iterable[KnownName],
                 like: KnownEntityMatcher | None = None) -> None:
        """``like``: the matcher these names replace. When it looks for the same
        normalised names and only some are owned by another entity now (a mention
        re-linked, an entity retyped), its automaton and the matches it found in
        the last body are kept, and only the clusters of those names are chosen
        again: no pass over the article."""
        best: dict[str, tuple[int, int, KnownName]] = {}
        for known in names:
            key = known.normalised if known.normalised is not None else normalise(known.name)
            if len(key) < 2:
                continue
            order = (int(known.alias), known.entity_id)
            held = best.get(key)
            if held is None or order < held[:2]:
                best[key] = (*order, known)
        #: Each normalised name and the name it is proposed as.
        self.owners = {key: known for key, (_, _, known) in best.items()}
        self.size = len(best)
        self._last: tuple[str, _Clusters] | None = None  # (body, its matches)
        #: (clusters, the skip set, each cluster's proposals) of the last ``propose``
        self._memo: tuple[_Clusters, set, list[list[MentionProposal]]] | None = None
        self._pending: set[int] = set()  # clusters to choose again at the next propose
        self.changes: tuple[list[MentionProposal], list[MentionProposal]] | None = None
        self.calls = 0  # how many times it proposed: a caller's changes are its own
        self.follows: tuple[int, int] | None = None
        if like is not None and like.owners.keys() == self.owners.keys():
            self._automaton = like._automaton
            self._follow(like)
            return
        self._automaton = ahocorasick.Automaton()
        for key in self.owners:
            self._automaton.add_word(key, (len(key), key))
        if self.size:
            self._automaton.make_automaton()

    def _follow(self, like: KnownEntityMatcher) -> None:
        """Take ``like``'s matches of its last body, re-owned where the owner changed."""
        if like._last is None:
            return
        changed = [k for k, known in self.owners.items() if like.owners[k] != known]
        body, clusters = like._last
        clusters, redo = clusters.reowned(self.owners, changed)
        self._last = (body, clusters)
        memo = like._memo
        if memo is not None and memo[0] is like._last[1]:
            self._memo = (clusters, memo[1], list(memo[2]))
            self._pending = redo | like._pending
            #: (id of the matcher followed, its calls then): this one's first changes
            #: are from that one's last answer (an id, so old matchers are let go)
            self.follows = (id(like), like.calls)

    def propose(self, body: str, *, skip: Collection[tuple[int, int]] = ()
                ) -> list[MentionProposal]:
        """Every occurrence of a known name in ``body``, left to right, longest first.

        ``skip`` holds (start, end) spans already coded: a proposal overlapping
        one is left out, since the coder has decided there already.
        """
        self.calls += 1
        if not self.size or not body:
            # always nothing, but the first answer is new to one who asked another matcher
            self.changes = ([], []) if self.calls > 1 else None
            return []
        clusters = self._clusters(body)
        skip = set(map(tuple, skip))
        memo = self._memo
        removed: list[MentionProposal] | None = None
        added: list[MentionProposal] = []
        if memo is None or memo[0] is not clusters:
            redo: Iterable[int] = range(len(clusters.groups))
            memo = self._memo = (clusters, set(), [[] for _ in clusters.groups])
        else:  # only the clusters that a newly coded or uncoded span touches can change
            starts, stops = clusters.starts, clusters.stops
            redo = {i for s, e in skip ^ memo[1]
                    for i in range(bisect_right(stops, s), bisect_left(starts, e))}
            redo |= self._pending  # and those of names another entity owns now
            removed = []
        self._pending = set()
        if redo:
            taken = SpanSet(skip)
            chosen = memo[2]
            for i in redo:
                old, chosen[i] = chosen[i], _choose(clusters.groups[i], taken)
                if removed is not None and old != chosen[i]:
                    removed += [p for p in old if p not in chosen[i]]
                    added += [p for p in chosen[i] if p not in old]
        self._memo = (clusters, skip, memo[2])
        #: What this answer took away from and added to the last one (None: all new).
        self.changes = None if removed is None else (removed, added)
        return list(chain.from_iterable(memo[2]))

    def _clusters(self, body: str) -> _Clusters:
        """Every whole-word match in ``body`` in runs that overlap (clusters).

        Matches in different clusters never hide one another, so after an edit
        only the clusters its span touches are chosen again. Kept for the last
        body asked about: the window asks after each edit of the same article,
        and folding a long article is the slow part.
        """
        if self._last is not None and self._last[0] == body:
            return self._last[1]
        folded, origin = _folded(body)
        found: list[tuple[int, int, MentionProposal]] = []
        owners = self.owners
        for last, (length, key) in self._automaton.iter(folded):
            first = last - length + 1
            if (first > 0 and folded[first - 1] != " ") or \
                    (last + 1 < len(folded) and folded[last + 1] != " "):
                continue  # inside a word: "Iraq" in "Iraqi"
            start, stop = origin[first], origin[last] + 1
            if names_more(body, stop):
                continue  # "Iraqi Army" in "Iraqi Army General Command", not yet known
            known = owners[key]
            found.append((first, last + 1, MentionProposal(
                start, stop, body[start:stop], known.entity_id, known.entity_type, known.name),
                key))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        clusters = _Clusters()
        reach = -1
        for match in found:
            if match[0] >= reach:
                clusters.groups.append([])
                clusters.starts.append(match[2].start)
                clusters.stops.append(match[2].end)
            clusters.by_key.setdefault(match[3], []).append(len(clusters.groups) - 1)
            clusters.groups[-1].append(match)
            clusters.stops[-1] = max(clusters.stops[-1], match[2].end)
            reach = max(reach, match[1])
        self._last = (body, clusters)
        return clusters


#: A capitalised word right after a name, on the same line, in a sentence (not at its start).
_NEXT_NAME_WORD = re.compile(r"[ \u00a0]([A-Z][\w’'-]*)")
#: Capitalised words after a name that do not make it a longer one: a place's kind ("Mosul
#: City", "Diyala Province"), a day or month ("fled Mosul Monday"), "I".
NOT_NAME_WORDS = frozenset(
    "City Province Governorate District Region County I Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December".split())


#: Words a Title Case headline leaves in lower case.
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())


def names_more(body: str, stop: int) -> bool:
    """Whether the name ending at ``stop`` goes on as a longer one: "Iraqi Army" before
    "General Command" is part of another actor's name, and proposing it there codes a
    wrong mention with one key. Not in a title-case line (a headline, where every word
    is capitalised), nor before a word that only says what kind of place it is or when."""
    word = _NEXT_NAME_WORD.match(body, stop)
    if word is None or word.group(1) in NOT_NAME_WORDS:
        return False
    line_start = body.rfind("\n", 0, stop) + 1
    line_end = body.find("\n", stop)
    line = body[line_start:line_end if line_end >= 0 else None].rstrip()
    if line.endswith((".", "!", "?", "\"", "”", "’")):
        return True  # a sentence (a headline has no full stop)
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if w not in _SMALL_WORDS]
    return sum(1 for w in words if w[0].islower()) > len(words) // 3  # not Title Case


#: One match: (folded start, folded end, its proposal, the normalised name matched).
_Match = tuple[int, int, MentionProposal, str]


class _Clusters:
    """Runs of overlapping matches, with each run's extent in the body."""

    def __init__(self) -> None:
        self.groups: list[list[_Match]] = []
        self.starts: list[int] = []
        self.stops: list[int] = []
        #: The clusters each normalised name was matched in (a cluster once per match).
        self.by_key: dict[str, list[int]] = {}

    def reowned(self, owners: dict[str, KnownName], keys: Iterable[str]
                ) -> tuple[_Clusters, set[int]]:
        """A copy whose matches of ``keys`` propose their owner in ``owners``; the
        clusters that changed. The other clusters' lists are shared, not copied."""
        out = _Clusters()
        out.groups, out.starts, out.stops, out.by_key = \
            list(self.groups), self.starts, self.stops, self.by_key
        changed: set[int] = set()
        for key in keys:
            known = owners[key]
            for i in set(self.by_key.get(key, ())):
                out.groups[i] = [(f, e, replace(p, entity_id=known.entity_id,
                                                entity_type=known.entity_type,
                                                matched=known.name) if k == key else p, k)
                                 for f, e, p, k in out.groups[i]]
                changed.add(i)
        return out, changed


def _choose(matches: list[_Match], taken: SpanSet) -> list[MentionProposal]:
    """The proposals of one cluster: longest first, none inside another, none on a coded span."""
    out: list[MentionProposal] = []
    reach = -1
    for first, end, proposal, _key in matches:
        if first < reach:
            continue  # inside a longer match already proposed
        if taken.overlaps(proposal.start, proposal.end):
            continue
        reach = end
        out.append(proposal)
    return out


@lru_cache(maxsize=4)
def _folded(body: str) -> tuple[str, list[int]]:
    """``fold`` of the last few bodies: a new entity builds a new matcher, and the open
    article need not be folded again for it (its text never changes)."""
    return fold(body)


def fold(body: str) -> tuple[str, list[int]]:
    """(folded text, index in ``body`` of each folded character), as ``normalise`` folds.

    Apostrophes vanish ("Ba'ath" -> "baath"), other non-word characters become
    one space, a possessive "'s" becomes " s" (a name still ends at its word),
    and the Arabic article in any spelling becomes "al".
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(body):
        if ch in _APOSTROPHES:
            if body[i + 1:i + 2] in ("s", "S") and not body[i + 2:i + 3].isalnum():
                if chars and chars[-1] != " ":  # a possessive: the name ends before it
                    chars.append(" ")
                    origin.append(i)
            continue
        if ch.isascii():
            piece = ch.lower()
        else:
            piece = "".join(c for c in unicodedata.normalize("NFKD", ch)
                            if not unicodedata.combining(c)).casefold()
        for c in piece:
            if c.isalnum():
                chars.append(c)
                origin.append(i)
            elif not chars or chars[-1] != " ":
                chars.append(" ")
                origin.append(i)
    text = "".join(chars)
    text = _ARTICLE.sub("al ", text)  # same length: "el " and "al " are three characters
    return text, origin


def proposals_from(names: Sequence[KnownName],
                   bodies: Iterable[str]) -> list[list[MentionProposal]]:
    """One matcher, many articles: the proposals of each body in order."""
    matcher = KnownEntityMatcher(names)
    return [matcher.propose(body) for body in bodies]
