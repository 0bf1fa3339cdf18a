"""The entity name index kept in the project file: the typeahead's lookups without a build.

Building the typeahead in memory from every name took 66-84 s and 2.8 GB at open on a
project of 1M entities. So the file keeps what the lookups need (schema
``m008_entity_name_index``):

- ``entity_names``: one row per distinct normalised name or alias of each live entity
  (name first), with the entity's type and mention count, the string's length and its
  initials ("counter terrorism service" -> "cts"), indexed by the string (exact and
  prefix ranges) and by the typeahead's tie order (most mentions, shortest,
  alphabetical, lowest entity id);
- ``entity_name_words``: the tail at each inner word ("iraqi army command" ->
  "army command", "command"), for the word tier.

Rows are rewritten for the entities an edit named, inside the write transaction of
that edit (``StoreBase._changing`` calls :func:`refresh_entity_names` before it
commits), so the index can never disagree with the committed entities.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable

# identity.suggestions is imported when names are indexed, not when a
# Store opens: the window's first paint needs none of it (tests/gui/test_startup_imports.py).

_IDS = "(SELECT value FROM json_each(?))"
_LIVE = "SELECT e.id, e.name, e.norm_name, e.type FROM entities e WHERE e.merged_into IS NULL"
_ALIASES = ("SELECT a.entity_id, a.alias, a.normalised FROM aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE e.merged_into IS NULL")
_COUNT = "(SELECT count(*) FROM mentions m WHERE m.entity_id = entity_names.entity_id)"


def refresh_entity_names(conn: sqlite3.Connection, entity_ids: Collection[int] | None) -> None:
    """Rewrite the index rows of ``entity_ids`` (None: of every entity) from the tables.

    Entities merged away or deleted lose their rows. Runs inside the caller's
    transaction; the caller commits.
    """
    if entity_ids is None:
        conn.execute("DELETE FROM entity_name_words")
        conn.execute("DELETE FROM entity_names")
        rows = conn.execute(f"{_LIVE} ORDER BY e.id").fetchall()
        alias_rows = conn.execute(f"{_ALIASES} ORDER BY a.id").fetchall()
        counts = dict(conn.execute(
            "SELECT entity_id, count(*) FROM mentions GROUP BY entity_id").fetchall())
    else:
        ids = json.dumps(sorted(entity_ids))
        conn.execute("DELETE FROM entity_name_words WHERE name_id IN"
                     f" (SELECT id FROM entity_names WHERE entity_id IN {_IDS})", [ids])
        conn.execute(f"DELETE FROM entity_names WHERE entity_id IN {_IDS}", [ids])
        rows = conn.execute(f"{_LIVE} AND e.id IN {_IDS} ORDER BY e.id", [ids]).fetchall()
        alias_rows = conn.execute(f"{_ALIASES} AND a.entity_id IN {_IDS} ORDER BY a.id",
                                  [ids]).fetchall()
        counts = dict(conn.execute(f"SELECT entity_id, count(*) FROM mentions WHERE entity_id"
                                   f" IN {_IDS} GROUP BY entity_id", [ids]).fetchall())
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for entity_id, alias, norm in alias_rows:
        aliases[entity_id].append((alias, norm))
    start = conn.execute("SELECT COALESCE(max(seq), 0) FROM sqlite_sequence"
                         " WHERE name = 'entity_names'").fetchone()[0]
    names, words = _index_rows(rows, aliases, counts, start + 1)
    conn.executemany("INSERT INTO entity_names(id, entity_id, text, norm, len, type, mentions,"
                     " spoken, every) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", names)
    conn.executemany("INSERT INTO entity_name_words(tail, name_id) VALUES (?, ?)", words)


def recount_entity_names(conn: sqlite3.Connection, entity_ids: Collection[int]) -> None:
    """New mention counts for these entities' rows (a mention added, moved or removed)."""
    conn.execute(f"UPDATE entity_names SET mentions = {_COUNT} WHERE entity_id IN {_IDS}",
                 [json.dumps(sorted(entity_ids))])


def _index_rows(rows: Iterable[tuple], aliases: dict[int, list[tuple[str, str]]],
                counts: dict[int, int], first_id: int) -> tuple[list[tuple], list[tuple]]:
    """(entity_names rows, entity_name_words rows): each entity's distinct non-empty
    normalised names, its name first, as ``SuggestionIndex`` takes them."""
    from annotator.identity.suggestions import initials_of, word_tails
    names: list[tuple] = []
    words: list[tuple] = []
    next_id = first_id
    for entity_id, name, norm_name, kind in rows:
        seen: set[str] = set()
        mentions = counts.get(entity_id, 0)
        for text, norm in ((name, norm_name), *aliases.get(entity_id, ())):
            if not norm or norm in seen:
                continue
            seen.add(norm)
            spoken, every = initials_of(norm)
            names.append((next_id, entity_id, text, norm, len(norm), kind, mentions, spoken,
                          every))
            words.extend((tail, next_id) for tail in word_tails(norm))
            next_id += 1
    return names, words
