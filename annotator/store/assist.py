"""What the assist layer needs from the project: the names it knows, the spans coded.

The matching is ``annotator.assist`` (no SQL); this mixin reads the live
entities' names and aliases with the normalised forms the file already keeps,
and leaves out spans a coder has coded already. The matching (and its
multi-pattern matcher, pyahocorasick) loads with the first proposals, which the
window asks for only once it has painted an article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import Change
from annotator.store.base import StoreBase, now_iso

if TYPE_CHECKING:
    from annotator.assist.article_proposals import ArticleProposals
    from annotator.assist.known_entities import KnownEntityMatcher, KnownName, MentionProposal


class AssistMixin(StoreBase):
    #: The last article's proposals, whose matcher of linked names the next call reuses
    _last_proposals: ArticleProposals | None = None

    def known_names(self) -> list[KnownName]:
        """Every live entity's name and aliases, normalised as stored."""
        from annotator.assist.known_entities import KnownName
        names = [KnownName(i, t, n, False, norm) for i, t, n, norm in self.db.execute(
            "SELECT id, type, name, norm_name FROM entities WHERE merged_into IS NULL")]
        names += [KnownName(i, t, a, True, norm) for i, t, a, norm in self.db.execute(
            "SELECT e.id, e.type, a.alias, a.normalised FROM aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE e.merged_into IS NULL")]
        return names

    def known_entity_matcher(self, like: KnownEntityMatcher | None = None
                             ) -> KnownEntityMatcher:
        """A matcher of every live name; ``like``: the one it replaces (its matches
        are kept when the names are the same, as after a retype)."""
        from annotator.assist.known_entities import KnownEntityMatcher
        return KnownEntityMatcher(self.known_names(), like=like)

    def article_proposals(self, article_id: int, like: ArticleProposals | None = None
                          ) -> ArticleProposals:
        """What one article's proposals depend on: its body, every coder's mentions with
        the names they link, this coder's rejections (see ``ArticleProposals``)."""
        from annotator.assist.article_proposals import ArticleProposals, CodedName
        body = self.article(article_id).body
        coded = [CodedName(*row) for row in self.db.execute(
            'SELECT m.id, m.start, m."end", m.text, m.entity_id,'
            " CASE WHEN e.merged_into IS NULL THEN e.type END"
            " FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.article_id = ? ORDER BY m.id", [article_id])]
        rejected = [tuple(r) for r in self.db.execute(
            'SELECT start, "end", entity_id FROM rejected_suggestions WHERE article_id = ?'
            " AND coder_id IS ?", [article_id, self.coder_id])]
        return ArticleProposals(article_id, body, coded, rejected, self.coder_id, like)

    def mention_proposals(self, article_id: int, matcher: KnownEntityMatcher | None = None
                          ) -> list[MentionProposal]:
        """Known names in one article that no mention covers yet and this coder did not
        reject, left to right (``ArticleProposals.proposals``). The last article's
        matcher of linked names is kept for the next call: it remembers the body it
        read and the clusters it chose."""
        state = self._last_proposals = self.article_proposals(article_id,
                                                              like=self._last_proposals)
        return state.proposals(matcher or self.known_entity_matcher())

    def reject_suggestion(self, article_id: int, start: int, end: int,
                          entity_id: int) -> Change:
        """Remember that this coder said no to proposing this entity for this span."""
        with self._changing():
            row = self._insert("rejected_suggestions", {
                "article_id": article_id, "start": start, "end": end, "entity_id": entity_id,
                "coder_id": self.coder_id, "at": now_iso()})
        return Change("rejected_suggestions", "insert", row["id"], None, row, article_id)

    def reject_cue(self, article_id: int, start: int, end: int) -> Change:
        """Remember that this coder said no to the attribution cue at this span."""
        with self._changing():
            row = self._insert("rejected_cues", {
                "article_id": article_id, "start": start, "end": end,
                "coder_id": self.coder_id, "at": now_iso()})
        return Change("rejected_cues", "insert", row["id"], None, row, article_id)

    def rejected_cues(self, article_id: int) -> set[tuple[int, int]]:
        """The cue spans this coder rejected in the article."""
        return {(s, e) for s, e in self.db.execute(
            'SELECT start, "end" FROM rejected_cues WHERE article_id = ? AND coder_id IS ?',
            [article_id, self.coder_id])}
