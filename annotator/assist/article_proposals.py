"""One article's known-name proposals, kept current edit by edit.

The window shows the proposals of the open article and asks again after
every edit. Asking the store afresh reads every coded span and linked name of
the article and builds sets of them: in an article with 5,000 annotations that
costs more than the edit itself, and each edit left thousands of new objects
for the garbage collector. An :class:`ArticleProposals` holds what the
proposals depend on (every coder's coded spans, the names linked in the
article, this coder's rejections) and is told what an edit changed
(:meth:`ArticleProposals.follow`, given the store's Change), so the matchers
choose again only the clusters of matches the edit touched. A Change it cannot
follow (a merge, an entity deleted) says so, and the caller asks the store.

``Store.mention_proposals`` answers through the same class, so the window and
the command line propose alike.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple

from annotator.assist.known_entities import KnownEntityMatcher, KnownName, MentionProposal
from annotator.model import Change

#: Tables whose rows no proposal depends on: an edit of them leaves the proposals alone.
UNRELATED = frozenset({"claims", "attributions", "article_status", "rejected_cues"})


class CodedName(NamedTuple):
    """One mention as the proposals see it: a decided span, and the name it links
    (``entity_type`` None when its entity is merged away: no name is linked).
    A tuple, since an article opens with thousands of them."""

    mention_id: int
    start: int
    end: int
    text: str
    entity_id: int
    entity_type: str | None


#: A linked name as counted: (entity id, entity type, the mention's text).
_Linked = tuple[int, str, str]


class ArticleProposals:
    """The inputs of one article's proposals, and the proposals they give.

    ``coded``: every coder's mentions in the article (a span anyone coded is
    decided); ``rejected``: (start, end, entity id) this coder said no to;
    ``like``: the state of the article shown before, whose matcher of linked
    names is reused when the names are the same.
    """

    def __init__(self, article_id: int, body: str, coded: Iterable[CodedName],
                 rejected: Iterable[tuple[int, int, int]], coder_id: int | None,
                 like: ArticleProposals | None = None) -> None:
        self.article_id, self.body, self.coder_id = article_id, body, coder_id
        #: each mention's span and the name it links, counted in bulk (no call per row)
        self._by_mention: dict[int, tuple[tuple[int, int], _Linked | None]] = {
            c[0]: ((c[1], c[2]), (c[4], c[5], c[3]) if c[5] is not None else None)
            for c in coded}
        self._spans = Counter(span for span, _ in self._by_mention.values())
        self._linked = Counter(name for _, name in self._by_mention.values()
                               if name is not None)
        self._rejected = set(rejected)
        self._here = like._here if like is not None else None  # matcher of linked names
        self._here_names = like._here_names if like is not None else None
        self._answer: tuple[KnownEntityMatcher, list[MentionProposal]] | None = None
        self._list: list[MentionProposal] | None = None  # the answer, kept in text order
        self._here_spans: Counter[tuple[int, int]] = Counter()  # where ``_here`` proposes
        self._corpus_seen: tuple[KnownEntityMatcher, int] | None = None  # (matcher, calls)
        #: What the last answer took away and added (None: all of it is new).
        self.changes: tuple[list[MentionProposal], list[MentionProposal]] | None = None

    # -- what an edit changed ---------------------------------------------------------
    def _add(self, c: CodedName) -> None:
        span = (c.start, c.end)
        name = (c.entity_id, c.entity_type, c.text) if c.entity_type is not None else None
        self._by_mention[c.mention_id] = (span, name)
        self._spans[span] += 1
        if name is not None:
            self._linked[name] += 1

    def _remove(self, mention_id: int) -> None:
        span, name = self._by_mention.pop(mention_id)
        for counter, key in ((self._spans, span), (self._linked, name)):
            if key is not None:
                counter[key] -= 1
                if counter[key] <= 0:
                    del counter[key]

    def follow(self, change: Change, entity_type: Callable[[int], str | None]) -> bool:
        """Take in what ``change`` changed; False when only asking the store again can.

        ``entity_type`` gives an entity's type (None if it is merged away), for
        a mention that links a name anew.
        """
        rows = [(change.table, change.before, change.after)]
        rows += [(t, r, None) if change.action == "delete" else (t, None, r)
                 for t, r in change.related if t != "entities"]
        if change.table == "entities":
            return self._entity_changed(change)
        try:
            for table, before, after in rows:
                if table in UNRELATED:
                    continue
                if table not in ("mentions", "rejected_suggestions"):
                    return False
                for row in (before, after):
                    if row is not None and row.get("article_id") != self.article_id:
                        return False
                if table == "rejected_suggestions":
                    self._rejection(before, after)
                    continue
                if before is not None:
                    self._remove(before["id"])
                if after is not None:
                    self._add(CodedName(after["id"], after["start"], after["end"],
                                        after["text"], after["entity_id"],
                                        entity_type(after["entity_id"])))
        except KeyError:  # a row this state never saw: it is not current
            return False
        self._answer = None
        return True

    def _rejection(self, before, after) -> None:
        for row, add in ((before, False), (after, True)):
            if row is None or row.get("coder_id") != self.coder_id:
                continue
            key = (row["start"], row["end"], row["entity_id"])
            if add:
                self._rejected.add(key)
            else:
                self._rejected.discard(key)
            self._list = None  # rare: the answer is chosen again

    def _entity_changed(self, change: Change) -> bool:
        """A retype changes the linked names' type; a rename links no other name
        (the linked names are the mentions' own words); anything else is not followed."""
        before, after = change.before, change.after
        if change.action != "update" or change.related or before is None or after is None \
                or before.get("merged_into") != after.get("merged_into"):
            return False
        if before.get("type") != after.get("type"):
            eid = change.row_id
            for mention_id, (span, name) in list(self._by_mention.items()):
                if name is not None and name[0] == eid:
                    self._remove(mention_id)
                    self._add(CodedName(mention_id, *span, name[2], eid, after["type"]))
            self._answer = None
        return True

    # -- the answer ---------------------------------------------------------------------
    def proposals(self, corpus: KnownEntityMatcher) -> list[MentionProposal]:
        """Known names no mention covers yet and this coder did not reject, left to right.

        What the article's coders have already linked counts first: once "Iraqi
        forces" is coded as the Iraqi Army here, its other occurrences in this
        article are proposed as the Iraqi Army too, though the phrase is no name
        of it corpus-wide. The same list is returned while nothing changed;
        :attr:`changes` says what this answer took away from and added to the
        last one (None: start again), so a view can redraw only those.
        """
        if self._answer is not None and self._answer[0] is corpus:
            self.changes = ([], [])
            return self._answer[1]
        linked = tuple(self._linked)
        if self._here is None or self._here_names != linked:
            self._here = KnownEntityMatcher((KnownName(e, t, text, True) for e, t, text in linked),
                                            like=self._here)
            self._here_names = linked
        coded = list(self._spans)
        here = self._here.propose(self.body, skip=coded)
        # nobody else asked it since, or it is a new one made like the one asked last
        ours = self._corpus_seen is not None and (
            self._corpus_seen == (corpus, corpus.calls)
            or (corpus.calls == 0 and corpus.follows == (id(self._corpus_seen[0]),
                                                         self._corpus_seen[1])))
        if self._here.changes is None or self._list is None:
            self._here_spans = Counter((p.start, p.end) for p in here)
        else:
            _count(self._here_spans, self._here.changes)
        found = corpus.propose(self.body, skip=coded + list(self._here_spans))
        self._corpus_seen = (corpus, corpus.calls)
        if self._list is None or not ours or self._here.changes is None \
                or corpus.changes is None:
            rejected = self._rejected
            self._list = [p for p in sorted(here + found, key=_span)
                          if (p.start, p.end, p.entity_id) not in rejected]
            self.changes = None
        else:
            self.changes = self._update_list(self._here.changes, corpus.changes)
        answer = list(self._list)
        self._answer = (corpus, answer)
        return answer

    def _update_list(self, *changes) -> tuple[list[MentionProposal], list[MentionProposal]]:
        """Take the matchers' changes into the answer kept in text order."""
        rows, gone, new = self._list, [], []
        for removed, _ in changes:
            for p in removed:
                i = bisect_left(rows, _span(p), key=_span)
                if i < len(rows) and rows[i] == p:  # spans never repeat: one place
                    del rows[i]
                    gone.append(p)
        for _, added in changes:
            for p in added:
                if (p.start, p.end, p.entity_id) not in self._rejected:
                    insort(rows, p, key=_span)
                    new.append(p)
        return gone, new


def _span(p: MentionProposal) -> tuple[int, int]:
    return (p.start, p.end)


def _count(counter: Counter, changes) -> None:
    """Follow the spans of a matcher's proposals through its changes."""
    removed, added = changes
    for p in removed:
        counter[_span(p)] -= 1
        if counter[_span(p)] <= 0:
            del counter[_span(p)]
    for p in added:
        counter[_span(p)] += 1
