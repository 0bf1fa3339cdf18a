"""The article list by row number: where row 500,000 is, without counting up to it.

A list of a million articles is shown by a view that asks for the rows on
screen, wherever the scroll bar is. ``status_counts`` (migration m006, kept by
triggers) says how many rows of each block of 1,024 article ids the list
holds; a :class:`ListLayout` adds them up once per filter, so row ``r`` is
found by a bisection and read with an OFFSET of at most one block. A block
holding every id of its range needs no OFFSET at all: row ``r`` is an id.

A search (or a coder's assignments) has no such counts: its ids are read in
order, in chunks, by :meth:`ListingMixin.list_article_ids`, and its rows by id.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.migrations import LIST_BLOCK_BITS
from annotator.model import STATUSES
from annotator.store.articles import LIST_COLUMNS
from annotator.store.base import StoreBase

BLOCK = 1 << LIST_BLOCK_BITS


@dataclass(frozen=True)
class ListLayout:
    """The rows per block of ids of one filtered list, and the rows before each block."""

    status: str | None
    blocks: tuple[tuple[int, int], ...]
    starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        starts, total = [], 0
        for _block, n in self.blocks:
            starts.append(total)
            total += n
        object.__setattr__(self, "starts", tuple(starts))

    @property
    def total(self) -> int:
        return self.starts[-1] + self.blocks[-1][1] if self.blocks else 0

    def locate(self, row: int) -> tuple[int, int]:
        """(index into ``blocks``, rows to skip in that block) of list row ``row``."""
        i = bisect.bisect_right(self.starts, row) - 1
        return i, row - self.starts[i]

    def position(self, block: int) -> int | None:
        """The index into ``blocks`` of block number ``block``, None when it holds no row."""
        i = bisect.bisect_left(self.blocks, (block, -1))
        return i if i < len(self.blocks) and self.blocks[i][0] == block else None


def _bounds(block: int) -> tuple[int, int]:
    """The first and past-the-last article id of a block (ids start at 1)."""
    return max(block * BLOCK, 1), (block + 1) * BLOCK


class ListingMixin(StoreBase):
    def status_counts(self) -> dict[str, int]:
        """How many articles this coder has in each status ("312 of 2,225 done").

        Read from ``status_counts`` (a few rows per 1,024 articles), not counted
        over the articles: the window shows it first thing, at any size. A coder
        with assignments counts those alone, as their list shows them
        (:meth:`assigned_status_counts`).
        """
        if self.coder_has_assignments():
            return self.assigned_status_counts()
        counts = dict.fromkeys(STATUSES, 0)
        for coder_id, status, n in self.db.execute(
            "SELECT coder_id, status, sum(n) FROM status_counts WHERE coder_id IN (0, ?)"
            " GROUP BY coder_id, status", [self.coder_id if self.coder_id is not None else 0]
        ):
            if coder_id == 0:
                counts["todo"] += n
            elif status in counts:
                counts[status] += n
                counts["todo"] -= n
        return counts

    def assigned_status_counts(self) -> dict[str, int]:
        """How many of this coder's assigned articles are in each status.

        ``status_counts`` is per block of ids, not per assignment, so these are
        counted: the assigned total from ``idx_assignments_coder`` alone, and each
        status but todo from the status index, one key look-up per article this
        coder touched (todo is what is left). Both read only this coder's rows.
        """
        counts = dict.fromkeys(STATUSES, 0)
        counts["todo"] = self.db.execute(
            "SELECT count(*) FROM assignments WHERE coder_id = ?", [self.coder_id]).fetchone()[0]
        for status, n in self.db.execute(
            "SELECT s.status, count(*) FROM article_status s JOIN assignments g"
            " ON g.article_id = s.article_id AND g.coder_id = s.coder_id"
            " WHERE s.coder_id = ? AND s.status != 'todo' GROUP BY s.status", [self.coder_id]
        ):
            if status in counts:
                counts[status] += n
                counts["todo"] -= n
        return counts

    def assignment_scope(self) -> str | None:
        """What limits this coder's list: "own" (their assignments), "unassigned" (others
        have assignments and they none, so they list every article), None (nobody has)."""
        if self.coder_has_assignments():
            return "own"
        return "unassigned" if self._has_assignments() else None

    def list_layout(self, status: str | None = None, *,
                    assigned_only: bool = True) -> ListLayout | None:
        """The layout of the list with this status filter and no search; None when the
        coder's assignments limit the list (their rows are not counted per block)."""
        if assigned_only and self.coder_has_assignments():
            return None
        if status is not None and status not in STATUSES:
            return ListLayout(status, ())
        coder = self.coder_id if self.coder_id is not None else 0
        articles = "SELECT block, n FROM status_counts WHERE coder_id = 0 AND status = ''"
        if status is None:
            blocks = self.db.execute(f"{articles} AND n > 0 ORDER BY block").fetchall()
        elif status != "todo":
            blocks = self.db.execute(
                "SELECT block, n FROM status_counts WHERE coder_id = ? AND status = ?"
                " AND coder_id != 0 AND n > 0 ORDER BY block", [coder, status]).fetchall()
        else:  # what is left of each block when the other statuses are taken away
            taken = dict(self.db.execute(
                "SELECT block, sum(n) FROM status_counts WHERE coder_id = ? AND coder_id != 0"
                " GROUP BY block", [coder]).fetchall())
            blocks = [(b, n - taken.get(b, 0)) for b, n in self.db.execute(articles)
                      if n > taken.get(b, 0)]
        return ListLayout(status, tuple((b, n) for b, n in sorted(blocks)))

    def _has_assignments(self) -> bool:
        return self.db.execute("SELECT 1 FROM assignments LIMIT 1").fetchone() is not None

    def list_rows_at(self, layout: ListLayout, row: int, limit: int) -> list[dict[str, Any]]:
        """Rows ``row`` to ``row + limit`` of the list ``layout`` describes, in id order.

        Each block is read on its own, so blocks with no row of the list are
        never visited; a page seldom spans more than two.
        """
        if not 0 <= row < layout.total:
            return []
        i, skip = layout.locate(row)
        rows: list[dict[str, Any]] = []
        while len(rows) < limit and i < len(layout.blocks):
            block, n = layout.blocks[i]
            rows += self._block_rows(layout.status, block, n, skip, limit - len(rows))
            i, skip = i + 1, 0
        return rows

    def _block_sql(self, status: str | None, block: int, n: int, skip: int,
                   ) -> tuple[str, list[Any], int]:
        """(FROM ... WHERE ..., parameters, rows still to skip) for one block of a list."""
        lo, hi = _bounds(block)
        if status not in (None, "todo"):  # the index on article_status has these in id order
            return (" FROM article_status s JOIN articles a ON a.id = s.article_id"
                    " WHERE s.coder_id = ? AND s.status = ? AND s.article_id >= ?"
                    " AND s.article_id < ?", [self.coder_id, status, lo, hi], skip)
        source = (" FROM articles a LEFT JOIN article_status s ON s.article_id = a.id"
                  " AND s.coder_id = ?")
        if status == "todo":
            return (source + " WHERE a.id >= ? AND a.id < ? AND COALESCE(s.status, 'todo')"
                    " = 'todo'", [self.coder_id, lo, hi], skip)
        if n == hi - lo:  # every id of the block is an article: row k is id lo + k
            return source + " WHERE a.id >= ? AND a.id < ?", [self.coder_id, lo + skip, hi], 0
        return source + " WHERE a.id >= ? AND a.id < ?", [self.coder_id, lo, hi], skip

    def _block_rows(self, status: str | None, block: int, n: int, skip: int,
                    limit: int) -> list[dict[str, Any]]:
        source, params, skip = self._block_sql(status, block, n, skip)
        return list(self.db.query(f"SELECT {LIST_COLUMNS}{source} ORDER BY a.id LIMIT ? OFFSET ?",
                                  [*params, limit, skip]))

    def list_row_of(self, layout: ListLayout, article_id: int) -> int | None:
        """The row of an article in the list ``layout`` describes; None when not in it."""
        block = article_id >> LIST_BLOCK_BITS
        i = layout.position(block)
        if i is None:
            return None
        n = layout.blocks[i][1]
        lo, hi = _bounds(block)
        if layout.status is None and n == hi - lo:  # every id of the block is in the list
            return layout.starts[i] + article_id - lo if article_id >= lo else None
        source, params, _skip = self._block_sql(layout.status, block, n, 0)
        before, here = self.db.execute(
            f"SELECT count(*), COALESCE(max(a.id = ?), 0) FROM (SELECT a.id{source}"
            " AND a.id <= ?) a", [article_id, *params, article_id]).fetchone()
        return layout.starts[i] + before - 1 if here else None

    def list_article_ids(self, *, status: str | None = None, search: str | None = None,
                         after_id: int | None = None, limit: int = 10_000,
                         assigned_only: bool = True) -> list[int]:
        """The ids of the filtered list in order, ``limit`` at a time after ``after_id``.

        A search is read from the FTS5 index alone (no article row), so a
        chunk of 10,000 hits costs about what counting them does.
        """
        source, key, params = self._list_query(status, search, assigned_only, columns=False,
                                               after_id=after_id)
        return [r[0] for r in self.db.execute(f"SELECT {key}{source} ORDER BY {key} LIMIT ?",
                                              [*params, limit])]

    def list_rows_of(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The list rows (title, date, outlet, this coder's status) of these articles, in
        the order given; an id no longer stored is left out."""
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            found.update((r["id"], r) for r in self.db.query(
                f"SELECT {LIST_COLUMNS} FROM articles a LEFT JOIN article_status s"
                " ON s.article_id = a.id AND s.coder_id = ?"
                f" WHERE a.id IN ({','.join('?' * len(chunk))})", [self.coder_id, *chunk]))
        return [found[i] for i in ids if i in found]
