"""What the assist layer needs from the project: the names it knows, the spans coded.

The matching is ``annotator.assist`` (no SQL); this mixin reads the live
entities' names and aliases with the normalised forms the file already keeps,
and leaves out spans a coder has coded already.
"""

from __future__ import annotations

from annotator.assist.known_entities import KnownEntityMatcher, KnownName, MentionProposal
from annotator.model import Change
from annotator.store.base import StoreBase, now_iso


class AssistMixin(StoreBase):
    #: (the open article's linked names, their matcher), kept from one call to the next
    _linked_matcher: tuple[tuple[KnownName, ...], KnownEntityMatcher] | None = None

    def known_names(self) -> list[KnownName]:
        """Every live entity's name and aliases, normalised as stored."""
        names = [KnownName(i, t, n, False, norm) for i, t, n, norm in self.db.execute(
            "SELECT id, type, name, norm_name FROM entities WHERE merged_into IS NULL")]
        names += [KnownName(i, t, a, True, norm) for i, t, a, norm in self.db.execute(
            "SELECT e.id, e.type, a.alias, a.normalised FROM aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE e.merged_into IS NULL")]
        return names

    def known_entity_matcher(self) -> KnownEntityMatcher:
        return KnownEntityMatcher(self.known_names())

    def mention_proposals(self, article_id: int, matcher: KnownEntityMatcher | None = None
                          ) -> list[MentionProposal]:
        """Known names in one article that no mention covers yet and this coder did not
        reject, left to right.

        What the article's coders have already linked counts first: once "Iraqi
        forces" is coded as the Iraqi Army here, its other occurrences in this
        article are proposed as the Iraqi Army too, though the phrase is no name
        of it corpus-wide (a generic phrase stays out of every other article).
        """
        body = self.article(article_id).body
        coded = self.db.execute(
            'SELECT start, "end" FROM mentions WHERE article_id = ?', [article_id]).fetchall()
        rejected = {tuple(r) for r in self.db.execute(
            'SELECT start, "end", entity_id FROM rejected_suggestions WHERE article_id = ?'
            " AND coder_id IS ?", [article_id, self.coder_id])}
        linked = tuple(KnownName(i, t, text, True) for text, i, t in self.db.execute(
            "SELECT DISTINCT m.text, e.id, e.type FROM mentions m"
            " JOIN entities e ON e.id = m.entity_id"
            " WHERE m.article_id = ? AND e.merged_into IS NULL", [article_id]))
        # The article's own matcher is kept while its linked names stay the same (most
        # edits): a matcher remembers the body it read and the clusters it chose. A name
        # linked to another entity now (a re-link) re-owns its matches, no new pass.
        if self._linked_matcher is None or self._linked_matcher[0] != linked:
            like = self._linked_matcher[1] if self._linked_matcher else None
            self._linked_matcher = (linked, KnownEntityMatcher(linked, like=like))
        here = self._linked_matcher[1].propose(body, skip=coded)
        corpus = (matcher or self.known_entity_matcher()).propose(
            body, skip=coded + [(p.start, p.end) for p in here])
        return [p for p in sorted(here + corpus, key=lambda p: (p.start, p.end))
                if (p.start, p.end, p.entity_id) not in rejected]

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
