"""Articles, their full-text search and each coder's progress through them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.model import STATUSES, Article, ArticleDraft, Change
from annotator.store.base import now_iso
from annotator.store.typed_prefix import TypedPrefixMixin

LIST_COLUMNS = "a.id, a.title, a.published, a.outlet, COALESCE(s.status, 'todo') AS status"


@dataclass
class AddResult:
    """What one batch of imported articles did to the project."""

    inserted: list[int] = field(default_factory=list)
    duplicates: list[tuple[ArticleDraft, int]] = field(default_factory=list)


#: How a search's hits may be ordered (``list_articles(order=...)``).
SEARCH_ORDERS = ("id", "rank")


def fts_query(text: str) -> str | None:
    """Turn what a coder types into a safe FTS5 query (None when it holds no word).

    Earlier words are whole words and only the one being typed is a prefix
    (``annotator.search_words``): a prefix of 2 to 4 characters reads one hit
    list of the prefix index (migration m007), a whole word its own, so a page
    of hits costs the same for "the" as for a rare word. Every word is quoted,
    so FTS5 syntax characters typed by the coder never raise.
    """
    from annotator.search_words import fts5_expression, search_terms  # at the first search
    return fts5_expression(search_terms(text))


class ArticlesMixin(TypedPrefixMixin):
    def add_articles(self, drafts: Sequence[ArticleDraft], *, index: bool = True) -> AddResult:
        """Store a batch of articles in one transaction, skipping known bodies.

        The content hash is UNIQUE, so a duplicate within the batch, an earlier
        batch or an earlier run is skipped the same way, and a crash mid-import
        leaves only whole batches behind. The batch is handled as a set: one
        look-up of the known hashes and one ``executemany``, with ids assigned
        here (the transaction holds the only write lock, so max(id) + 1 is free).
        ``index=False`` leaves the search index to one :meth:`index_pending` at
        the end of a long import, which is much cheaper than indexing per batch.
        """
        result = AddResult()
        if not drafts:
            return result
        at = now_iso()
        with self._changing():
            hashes = [d.content_hash for d in drafts]
            known = self._ids_of_hashes(set(hashes))
            next_id = (self.db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0) + 1
            rows = []
            for draft, digest in zip(drafts, hashes):
                if digest in known:
                    result.duplicates.append((draft, known[digest]))
                    continue
                known[digest] = next_id
                rows.append((next_id, digest, draft.title or "", draft.published,
                             draft.published_raw, draft.outlet, draft.url, draft.source_file,
                             draft.body, json.dumps(draft.extra, ensure_ascii=False), at))
                result.inserted.append(next_id)
                next_id += 1
            self.db.conn.executemany(
                "INSERT INTO articles(id, content_hash, title, published, published_raw, outlet,"
                " url, source_file, body, extra, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            if result.inserted:
                self._log("articles", None, "import", None,
                          {"ids": result.inserted, "duplicates": len(result.duplicates)})
            if index:
                self._index_pending()
        return result

    def index_pending(self, *, chunk: int = 2000) -> int:
        """Add articles not yet in the full-text index to it; return how many.

        Article ids only grow, so everything past ``meta.fts_through`` is
        unindexed: after an import with ``index=False``, or one killed before
        its end (opening a project calls this, so search is never stale).
        Each ``chunk`` of articles is its own transaction, so a coder editing
        meanwhile waits for one chunk (tens of milliseconds), not for the
        whole pass.
        """
        total = 0
        while self._unindexed_range():  # read first: a read-only project needs no lock
            with self._changing():
                total += self._index_pending(limit=chunk)
        return total

    def _unindexed_range(self) -> tuple[int, int] | None:
        """(last indexed id, last article id), or None when the index is complete."""
        through = int(self.meta("fts_through") or 0)
        top = self.last_article_id()
        return (through, top) if top > through else None

    def _index_pending(self, limit: int | None = None) -> int:
        pending = self._unindexed_range()
        if pending is None:
            return 0
        through, top = pending
        if limit is not None:
            top = self.db.execute(
                "SELECT COALESCE(max(id), ?) FROM (SELECT id FROM articles WHERE id > ?"
                " ORDER BY id LIMIT ?)", [through, through, limit]).fetchone()[0]
        cur = self.db.execute("INSERT INTO articles_fts(rowid, title, body)"
                              " SELECT id, title, body FROM articles WHERE id > ? AND id <= ?",
                              [through, top])
        self._set_meta("fts_through", str(top))
        return max(cur.rowcount, 0) or (top - through)

    def _ids_of_hashes(self, hashes: set[str]) -> dict[str, int]:
        """{content_hash: article id} for those of ``hashes`` already stored."""
        found: dict[str, int] = {}
        batch = list(hashes)
        for start in range(0, len(batch), 500):
            chunk = batch[start:start + 500]
            found.update((h, i) for h, i in self.db.execute(
                "SELECT content_hash, id FROM articles WHERE content_hash IN"
                f" ({','.join('?' * len(chunk))})", chunk))
        return found

    def article(self, article_id: int) -> Article:
        row = self._require("articles", article_id)
        row["extra"] = json.loads(row["extra"] or "{}")
        return Article(**row)

    def has_content_hash(self, digest: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM articles WHERE content_hash = ?", [digest]
        ).fetchone() is not None

    # -- listing for the article list ------------------------------------------
    def coder_has_assignments(self) -> bool:
        """Whether this coder has articles assigned: only then is their list limited to them.

        A coder nobody assigned anything (a PI, the gold coder of adjudication) lists
        every article, as in a project with no assignments: an empty list would hide
        the corpus from the very people who review it. One seek of
        ``idx_assignments_coder``.
        """
        return self.coder_id is not None and self.db.execute(
            "SELECT 1 FROM assignments WHERE coder_id = ? LIMIT 1", [self.coder_id]
        ).fetchone() is not None

    def _list_query(self, status: str | None, search: str | None, assigned_only: bool, *,
                    columns: bool, after_id: int | None = None, before_id: int | None = None,
                    open_only: bool = False) -> tuple[str, str, list[Any]]:
        """(" FROM ... WHERE ...", the article id column, parameters) for a filtered list.

        The table that narrows the list most drives the query, so that its rows come
        in id order from an index and a page, a count or the next article after an id
        costs one index range, never a sort: a search drives from the FTS5 index (in
        rowid order; its rows are articles, triggers and ``index_pending`` keep them in
        step), a status other than todo from the status index, a coder's assignments
        from ``idx_assignments_coder``, else the articles; the other conditions are key
        look-ups. ``columns`` joins what the list shows; the status join is made only
        when it shows or filters. ``open_only`` leaves out what this coder marked done
        or skipped ("done, next").
        """
        query = self.match_expression(search) if search else None
        mine = assigned_only and self.coder_has_assignments()
        by_status = status is not None and status != "todo" and not query
        if query:
            key, source = "f.rowid", " FROM articles_fts f"
        elif by_status:
            key, source = "s.article_id", " FROM article_status s"
        elif mine:
            key, source = "g.article_id", " FROM assignments g"
        else:
            key, source = "a.id", " FROM articles a"
        params: list[Any] = []
        if (columns or status or open_only) and not by_status:
            source += f" LEFT JOIN article_status s ON s.article_id = {key} AND s.coder_id = ?"
            params.append(self.coder_id)
        if key != "a.id" and columns:  # after the status: a status filter skips article rows
            source += f" JOIN articles a ON a.id = {key}"
        clauses = []
        if query:
            clauses.append("articles_fts MATCH ?")
            params.append(query)
        elif search:
            clauses.append("0")  # a search with no word in it finds nothing
        if by_status:
            clauses.append("s.coder_id = ? AND s.status = ?")
            params += [self.coder_id, status]
        elif status:
            clauses.append("COALESCE(s.status, 'todo') = ?")
            params.append(status)
        if mine:
            clauses.append("g.coder_id = ?" if key == "g.article_id" else
                           "EXISTS (SELECT 1 FROM assignments g"
                           f" WHERE g.article_id = {key} AND g.coder_id = ?)")
            params.append(self.coder_id)
        if open_only:
            clauses.append("COALESCE(s.status, 'todo') NOT IN ('done', 'skipped')")
        if after_id is not None:
            clauses.append(f"{key} > ?")
            params.append(after_id)
        if before_id is not None:
            clauses.append(f"{key} < ?")
            params.append(before_id)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return source + where, key, params

    def count_articles(self, *, status: str | None = None, search: str | None = None,
                       assigned_only: bool = True, at_most: int | None = None) -> int:
        """How many articles the list shows with these filters, counting no further than
        ``at_most``: a common word matches most of a 100,000-article project, and
        counting every hit costs more than showing the first page of them."""
        source, _key, params = self._list_query(status, search, assigned_only, columns=False)
        if at_most is None:
            return self.db.execute(f"SELECT count(*){source}", params).fetchone()[0]
        return self.db.execute(f"SELECT count(*) FROM (SELECT 1{source} LIMIT ?)",
                               [*params, at_most]).fetchone()[0]

    def list_articles(self, offset: int = 0, limit: int = 200, *, status: str | None = None,
                      search: str | None = None, assigned_only: bool = True,
                      after_id: int | None = None, order: str = "id") -> list[dict[str, Any]]:
        """One page of the article list, in id order, with this coder's status.

        ``after_id`` pages by key instead of OFFSET, whose cost grows with the
        depth: the GUI's list fetches page after page while the coder scrolls
        through 100,000 articles, and each page must stay as cheap as the first.

        A search's hits come in id order too (the FTS5 index streams them so,
        and stops after the page). ``order="rank"`` gives best matches first
        (bm25, then id, so pages never overlap), but ranks every hit before the
        first page: cheap for a rare word, seconds for "the" at 1M articles.
        It pages by ``offset`` (``after_id`` is for id order).
        """
        if order not in SEARCH_ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of {', '.join(SEARCH_ORDERS)}")
        ranked = order == "rank" and bool(search) and fts_query(search) is not None  # any word
        if ranked and after_id is not None:
            raise ValueError("after_id pages in id order; page a ranked search by offset")
        source, key, params = self._list_query(status, search, assigned_only, columns=True,
                                               after_id=after_id)
        by = f"f.rank, {key}" if ranked else key
        sql = f"SELECT {LIST_COLUMNS}{source} ORDER BY {by} LIMIT ? OFFSET ?"
        return list(self.db.query(sql, params + [limit, offset]))

    def list_articles_after(self, after_id: int, limit: int = 200,
                            **filters: Any) -> list[dict[str, Any]]:
        """The page of the article list that follows ``after_id`` (keyset paging)."""
        return self.list_articles(0, limit, after_id=after_id, **filters)

    def last_article_id(self) -> int:
        """The newest article's id (0 in an empty project): cheap, for noticing imports."""
        return self.db.execute("SELECT COALESCE(max(id), 0) FROM articles").fetchone()[0]

    def article_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def neighbour_article_id(self, article_id: int, step: int, *, skip_done: bool = False,
                             status: str | None = None, search: str | None = None,
                             assigned_only: bool = True) -> int | None:
        """The article after (step=+1) or before (step=-1) ``article_id`` in the list the
        coder sees with these filters (their assignments, a status, a search), optionally
        one not done or skipped; None at the end of the list.

        Next and previous must walk the list on screen: without its filters, "done,
        next" on ana's #3 opened #4, which is ben's. The query is the list's own
        (:meth:`_list_query`), read one row from ``article_id`` on in the index's
        order, so a step costs one seek however deep into a million articles it is.
        ``article_id`` need not be in the list (the article just marked done under a
        "todo" filter); 0 asks for the first.
        """
        after, before = (article_id, None) if step > 0 else (None, article_id)
        source, key, params = self._list_query(status, search, assigned_only, columns=False,
                                               after_id=after, before_id=before,
                                               open_only=skip_done)
        order = "ASC" if step > 0 else "DESC"
        row = self.db.execute(f"SELECT {key}{source} ORDER BY {key} {order} LIMIT 1",
                              params).fetchone()
        return row[0] if row else None

    # -- progress --------------------------------------------------------------
    def status(self, article_id: int) -> str:
        row = self.db.execute(
            "SELECT status FROM article_status WHERE article_id = ? AND coder_id = ?",
            [article_id, self.coder_id],
        ).fetchone()
        return row[0] if row else "todo"

    def set_status(self, article_id: int, status: str, note: str | None = None) -> Change:
        """Record this coder's progress on an article (todo/in_progress/done/skipped)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        if self.coder_id is None:
            raise ValueError("set a coder before recording progress")
        with self._changing():
            before = self.status(article_id)
            self._require("articles", article_id)
            self.db.execute(
                "INSERT INTO article_status(article_id, coder_id, status, updated_at, note)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id, coder_id) DO UPDATE SET"
                " status = excluded.status, updated_at = excluded.updated_at,"
                " note = COALESCE(excluded.note, article_status.note)",
                [article_id, self.coder_id, status, now_iso(), note],
            )
            self._log("article_status", article_id, "status", {"status": before},
                      {"status": status})
        return Change("article_status", "update", article_id, {"status": before},
                      {"status": status}, article_id)

    def set_status_many(self, article_ids: Sequence[int], status: str) -> int:
        """Give many articles this coder's status in one transaction; return how many.

        For batch jobs and benchmark projects: one edit-log row for the lot
        instead of one transaction (and one fsync) per article.
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        if self.coder_id is None:
            raise ValueError("set a coder before recording progress")
        at = now_iso()
        with self._changing():
            cur = self.db.conn.executemany(
                "INSERT INTO article_status(article_id, coder_id, status, updated_at)"
                " SELECT id, ?, ?, ? FROM articles WHERE id = ? ON CONFLICT(article_id, coder_id)"
                " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                [(self.coder_id, status, at, aid) for aid in article_ids])
            self._log("article_status", None, "status_many", None,
                      {"status": status, "ids": len(article_ids)})
        return max(cur.rowcount, 0)
