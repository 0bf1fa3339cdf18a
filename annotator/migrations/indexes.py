"""Derived indexes kept in the file: progress counts, search prefixes, the typeahead's names.

Each is filled from the tables when its version applies and kept current afterwards
(by triggers or by the store in the transaction of each change), so that what grew
with the corpus at open time (a GROUP BY, an in-memory index) is read instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.sqlite_db import Database


#: Article ids per block of ``status_counts`` (``article_id >> LIST_BLOCK_BITS``), frozen with m006.
LIST_BLOCK_BITS = 10


def m006_status_counts(db: Database) -> None:
    """Progress counts kept current by triggers, per block of 1,024 article ids.

    "312 of 2,225 done" was a GROUP BY over every article (0.7 s at 1M); the
    article list needs the size of a filtered list and where row 500,000 is
    without counting up to it. ``status_counts`` holds, per block of ids, how
    many articles there are (``coder_id`` 0, ``status`` '') and how many each
    coder has in each status but todo (todo is what is left). Triggers keep it
    exact in the transaction of every change, whoever makes it: a status set,
    an import, a merge, a deleted article (its statuses go by cascade), an
    outside ``sqlite3``. The index on ``article_status`` lets a status filter
    read its rows in id order without visiting the articles it skips.
    """
    db.execute("""
        CREATE TABLE status_counts (
            coder_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            block INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (coder_id, status, block)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX idx_article_status_coder"
               " ON article_status(coder_id, status, article_id)")
    bits = LIST_BLOCK_BITS
    db.execute(f"INSERT INTO status_counts SELECT 0, '', id >> {bits}, count(*)"
               " FROM articles GROUP BY 3")
    db.execute(f"INSERT INTO status_counts SELECT coder_id, status, article_id >> {bits},"
               " count(*) FROM article_status WHERE status != 'todo' GROUP BY 1, 2, 3")
    add = ("INSERT INTO status_counts SELECT {c}, {s}, {a} >> {bits}, 1 WHERE {when}"
           " ON CONFLICT DO UPDATE SET n = n + 1;")
    drop = ("UPDATE status_counts SET n = n - 1 WHERE {when} AND coder_id = {c}"
            " AND status = {s} AND block = {a} >> {bits};")
    new = {"c": "new.coder_id", "s": "new.status", "a": "new.article_id",
           "when": "new.status != 'todo'", "bits": bits}
    old = {"c": "old.coder_id", "s": "old.status", "a": "old.article_id",
           "when": "old.status != 'todo'", "bits": bits}
    for name, event, body in (
        ("article_in", "INSERT ON articles",
         add.format(c="0", s="''", a="new.id", when="1", bits=bits)),
        ("article_out", "DELETE ON articles",
         drop.format(c="0", s="''", a="old.id", when="1", bits=bits)),
        ("status_in", "INSERT ON article_status", add.format(**new)),
        ("status_out", "DELETE ON article_status", drop.format(**old)),
        ("status_change", "UPDATE OF article_id, coder_id, status ON article_status",
         drop.format(**old) + " " + add.format(**new)),
    ):
        db.execute(f"CREATE TRIGGER status_counts_{name} AFTER {event} BEGIN {body} END")


#: The prefix lengths ``articles_fts`` keeps an index for, from m007 on (see there).
FTS_PREFIXES = "2 3 4"


def m007_search_prefix_index(db: Database) -> None:
    """Rebuild the search index with prefix indexes of 2, 3 and 4 characters, and refill it.

    The word a coder is typing is searched as a prefix ("gov" finds "govern").
    Without a prefix index FTS5 answers ``"gov"*`` by merging the hit lists of
    every word that starts so, in memory, before it returns one row: "the"*
    cost 4.5 s at 1M articles. With one, a prefix of 2 to 4 characters reads
    one hit list in rowid order, so a page of hits (or a capped count) stops
    early. Longer prefixes still merge, but their families are small ("gover":
    government, governor ...); 4-character ones were not ("stra": hundreds of
    words), which is why 4 is indexed too. The index grows by about 2.8x.

    An FTS5 table's options cannot be altered, so the table is dropped, made
    again with the same columns over the same content table, and refilled from
    ``articles``; the whole upgrade is one transaction (a project is never seen
    half indexed). Articles an interrupted import left past ``meta.fts_through``
    are indexed here too, so the mark moves to the newest article. The delete
    and update triggers name the table and keep working.
    """
    db.execute("DROP TABLE IF EXISTS articles_fts")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body,"
               f" content='articles', prefix='{FTS_PREFIXES}')")
    db.execute("INSERT INTO articles_fts(rowid, title, body) SELECT id, title, body FROM articles")
    db.execute("INSERT OR REPLACE INTO meta(key, value)"
               " SELECT 'fts_through', COALESCE(max(id), 0) FROM articles")


def m008_entity_name_index(db: Database) -> None:
    """The typeahead's lookups kept in the file (``annotator.store.name_index``), backfilled.

    Opening a project of 1M entities built the typeahead in memory for over a
    minute; these tables answer the first keystroke from indexes instead. The
    rows are derived from ``entities``, ``aliases`` and ``mentions``; the store
    rewrites those of each changed entity in the transaction of the change.
    """
    from annotator.store.name_index import refresh_entity_names  # noqa: PLC0415 - no cycle

    script = """
        CREATE TABLE entity_names (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            norm TEXT NOT NULL,
            len INTEGER NOT NULL,
            type TEXT NOT NULL,
            mentions INTEGER NOT NULL DEFAULT 0,
            spoken TEXT,
            every TEXT
        );
        CREATE INDEX idx_entity_names_norm ON entity_names(norm);
        CREATE INDEX idx_entity_names_rank ON entity_names(mentions DESC, len, norm, entity_id);
        CREATE INDEX idx_entity_names_entity ON entity_names(entity_id);
        CREATE INDEX idx_entity_names_spoken ON entity_names(spoken) WHERE spoken IS NOT NULL;
        CREATE INDEX idx_entity_names_every ON entity_names(every) WHERE every IS NOT NULL;
        CREATE TABLE entity_name_words (
            tail TEXT NOT NULL,
            name_id INTEGER NOT NULL REFERENCES entity_names(id) ON DELETE CASCADE,
            PRIMARY KEY (tail, name_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_entity_name_words_name ON entity_name_words(name_id)
    """
    for statement in script.split(";"):  # not executescript: it would commit the migration
        db.execute(statement)
    refresh_entity_names(db.conn, None)


def m011_name_index_trigrams(db: Database) -> None:
    """The typeahead's fuzzy tier counts trigrams from postings kept in the file, backfilled;
    the name index's lookups hold the tie order, so a tier reads no row it does not offer.

    Its trigram postings were built in memory from every name at the first fuzzy
    query: 0.6 s on 100,000 entities, seconds and hundreds of MB on 1M.
    ``entity_name_grams`` holds, per trigram code and entity type, the ids of the
    ``entity_names`` rows that have it (little-endian int32 blobs, ascending, in parts
    that folds append), up to ``meta.name_grams_through``; ``annotator.store.name_grams``
    reads and extends them.

    The indexes on ``norm``, ``spoken`` and ``every`` were on those columns alone, so a
    prefix range of 3,600 names or an acronym of 4,900 read that many table rows, at
    random places of the file, to sort them by mention count (40-55 ms at 1M names).
    Made again with the tie order's columns after the key, the best ids of a range
    come from the index alone.
    """
    from annotator.store.name_grams import fold_name_grams  # noqa: PLC0415 - no cycle

    for name, columns, where in (
            ("norm", "norm, mentions DESC, len, entity_id", ""),
            ("spoken", "spoken, mentions DESC, len, norm, entity_id", " WHERE spoken IS NOT NULL"),
            ("every", "every, mentions DESC, len, norm, entity_id", " WHERE every IS NOT NULL")):
        db.execute(f"DROP INDEX idx_entity_names_{name}")
        db.execute(f"CREATE INDEX idx_entity_names_{name} ON entity_names({columns}){where}")

    db.execute("""
        CREATE TABLE entity_name_grams (
            gram INTEGER NOT NULL,
            type TEXT NOT NULL,
            part INTEGER NOT NULL,
            names BLOB NOT NULL,
            PRIMARY KEY (gram, type, part)
        )""")
    fold_name_grams(db.conn, 0, full=True)


def m012_assignments_by_coder(db: Database) -> None:
    """An index of each coder's assigned articles in id order.

    The key of ``assignments`` is (article_id, coder_id), which answers "who codes
    this article" but not "which articles are ana's": her list, her next article
    after #3, her progress and even "has she any assignment" each read every
    assignment of the project. With this index they read her rows alone, and the
    next one after an id is one seek, at any size of project.
    """
    db.execute("CREATE INDEX idx_assignments_coder ON assignments(coder_id, article_id)")
