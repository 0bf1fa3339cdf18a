"""The fuzzy tier's trigram postings kept in the project file, so that no build waits at open.

The fuzzy tier counts, for every name, how many trigrams it shares with the query
(``identity.trigrams``). Held in memory, those postings were built from every name
the first time a fuzzy match was wanted: 0.6 s on 100,000 entities, seconds and
hundreds of MB on a million. So the file keeps them (schema
``m011_name_index_trigrams``): rows per trigram and entity type, each holding
``entity_names`` row ids as a little-endian int32 blob, ascending (a trigram's ids come
in a few parts, one per fold, merged from time to time). A query reads the
dozen rows of its trigrams by key and counts with numpy.

The postings hold the ``entity_names`` rows up to ``meta.name_grams_through``. Those
rows are never updated in place (an edit deletes an entity's rows and inserts new ones
with higher ids, see ``store.name_index``), so the postings are never wrong, only
behind: rows deleted since are dropped when the counted rows are read back, and rows
above the mark are counted from a small in-memory pool (``identity.typeahead_fuzzy``).
When more than a limit of rows lie above the mark, the write transaction that
made them folds them in (:func:`fold_name_grams`), appending to the postings of the
trigrams they use.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# numpy and identity.trigrams are imported when names are counted, not when a Store
# opens: the window's first paint needs none of them (tests/gui/test_startup_imports.py).

#: Rows above the mark a write transaction leaves for the in-memory pool; past this many it
#: folds them into the postings (at 1M names a fold rewrites tens of MB of postings, and the
#: pool rebuilds in a few ms per change while it is this small).
FOLD_AFTER = 1000
_THROUGH = "name_grams_through"
_IDS = "(SELECT value FROM json_each(?))"


def grams_through(conn: sqlite3.Connection) -> int:
    """The highest ``entity_names`` id the postings in the file account for."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [_THROUGH]).fetchone()
    return int(row[0]) if row else 0


def newer_names(conn: sqlite3.Connection, through: int, limit: int | None = None) -> list[tuple]:
    """(id, type, norm) of the ``entity_names`` rows above the postings' mark, by id."""
    sql = "SELECT id, type, norm FROM entity_names WHERE id > ? ORDER BY id"
    if limit is None:
        return conn.execute(sql, [through]).fetchall()
    return conn.execute(f"{sql} LIMIT ?", [through, limit]).fetchall()


def newer_state(conn: sqlite3.Connection, through: int) -> tuple[int, int]:
    """(highest id, number) of the rows above the mark: which rows they are, since ids
    only grow and rows are never updated in place, so a change of them changes this."""
    return tuple(conn.execute("SELECT COALESCE(max(id), 0), count(*) FROM entity_names"
                              " WHERE id > ?", [through]).fetchone())


def gram_sizes(conn: sqlite3.Connection, codes: list[int],
               entity_type: str | None) -> dict[int, int]:
    """{trigram code: how many rows its postings list} (of one entity type, or of all),
    read without reading the postings (``length()`` of a blob is in its header)."""
    sql = f"SELECT gram, sum(length(names)) / 4 FROM entity_name_grams WHERE gram IN {_IDS}"
    args: list = [json.dumps(codes)]
    if entity_type is not None:
        sql, args = f"{sql} AND type = ?", [*args, entity_type]
    return dict(conn.execute(f"{sql} GROUP BY gram", args).fetchall())


def gram_lists(conn: sqlite3.Connection, codes: list[int],
               entity_type: str | None) -> list[np.ndarray]:
    """The postings of these trigram codes (of one entity type, or one list per type):
    sorted ``entity_names`` ids, rows deleted since the postings were written still in."""
    import numpy as np

    sql = f"SELECT names FROM entity_name_grams WHERE gram IN {_IDS}"
    args: list = [json.dumps(codes)]
    if entity_type is not None:
        sql, args = f"{sql} AND type = ?", [*args, entity_type]
    return [np.frombuffer(b, dtype="<i4") for (b,) in conn.execute(sql, args)]


def names_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """{id: norm} of those ``entity_names`` rows that still exist."""
    return dict(conn.execute(f"SELECT id, norm FROM entity_names WHERE id IN {_IDS}",
                             [json.dumps(ids)]).fetchall())


def fold_name_grams(conn: sqlite3.Connection, limit: int, *, full: bool = False) -> bool:
    """Fold the rows above the mark into the postings when there are more than ``limit``
    (or ``full``: write all postings again); whether it wrote. Runs in the caller's
    transaction.

    A fold appends one part to the postings of each trigram the new rows use, so it
    costs what the new rows hold, not what the postings of "al " hold (a third of a
    million ids at 1M names). A trigram's parts are merged into one, leaving out rows
    deleted since, when it has ``MAX_PARTS``; everything is written again when the new
    rows are half of all (a backfill, a ``refresh_entity_names(None)`` that gave every
    row a new id).
    """
    through = grams_through(conn)
    if not full and len(newer_names(conn, through, limit + 1)) <= limit:
        return False
    total = conn.execute("SELECT count(*) FROM entity_names").fetchone()[0]
    if full or through == 0 or 2 * newer_state(conn, through)[1] >= total:
        conn.execute("DELETE FROM entity_name_grams")
        through = 0
    last = through
    rows = conn.execute("SELECT id, type, norm FROM entity_names WHERE id > ? ORDER BY id",
                        [through])
    while chunk := rows.fetchmany(FOLD_CHUNK):  # a backfill of 1M names in a few parts
        _append_postings(conn, chunk)  # numpy imported only now: a new project needs none
        last = chunk[-1][0]
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [_THROUGH, str(last)])
    return True


#: Names whose postings one step of a fold computes in memory: a backfill of 1M names
#: at once held 860 MB at its peak (the trigram codes of every name, sorted).
FOLD_CHUNK = 250_000
#: Parts a trigram's postings may have before a fold merges them into one.
MAX_PARTS = 8


def _append_postings(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Add ``rows`` (id, type, norm), sorted by id and above every id the postings hold."""
    import numpy as np

    from annotator.identity.trigrams import trigram_index

    alive: np.ndarray | None = None  # which row ids still exist, read when a merge needs it
    by_type: dict[str, list[tuple[int, str]]] = {}
    for row_id, kind, norm in rows:
        by_type.setdefault(kind, []).append((row_id, norm))
    for kind, items in by_type.items():
        ids = np.fromiter((i for i, _ in items), np.int64, count=len(items))
        codes, starts, postings = trigram_index([norm for _, norm in items])
        postings = ids[postings].astype("<i4")
        parts: dict[int, tuple[int, int]] = {}  # gram: (parts, highest part)
        for k in range(0, len(codes), 20000):
            parts.update((g, (n, top)) for g, n, top in conn.execute(
                f"SELECT gram, count(*), max(part) FROM entity_name_grams WHERE type = ?"
                f" AND gram IN {_IDS} GROUP BY gram",
                [kind, json.dumps(codes[k:k + 20000].tolist())]))
        out = []
        for k, gram in enumerate(codes.tolist()):
            fresh = postings[starts[k]:starts[k + 1]]
            count, top = parts.get(gram, (0, -1))
            if count + 1 >= MAX_PARTS:
                if alive is None:
                    alive = np.zeros(int(ids[-1]) + 1, dtype=bool)
                    alive[np.fromiter((i for (i,) in conn.execute(
                        "SELECT id FROM entity_names WHERE id <= ?", [int(ids[-1])])),
                        np.int64)] = True
                old = [np.frombuffer(b, dtype="<i4") for (b,) in conn.execute(
                    "SELECT names FROM entity_name_grams WHERE gram = ? AND type = ?"
                    " ORDER BY part", [gram, kind])]
                before = np.concatenate(old)
                fresh = np.concatenate((before[alive[before]], fresh))
                conn.execute("DELETE FROM entity_name_grams WHERE gram = ? AND type = ?",
                             [gram, kind])
                top = -1
            out.append((gram, kind, top + 1, fresh.tobytes()))
        conn.executemany("INSERT INTO entity_name_grams(gram, type, part, names)"
                         " VALUES (?, ?, ?, ?)", out)
