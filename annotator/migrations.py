"""Schema versions of a project file, applied with ``sqlite_utils.Migrations``.

The versions are listed here as plain functions and handed to sqlite-utils only
when a file is created or upgraded (:func:`schema_migrations`): opening a project
that is up to date compares names and never imports sqlite-utils (``sqlite_db``).

Every table of the data model exists from the first version, so later features
add behaviour rather than tables. A new schema change is a new function
appended below; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.sqlite_db import Migrations

if TYPE_CHECKING:
    from annotator.sqlite_db import Database

#: Written into the SQLite header (``PRAGMA application_id``) so that a project
#: file can be told from any other SQLite file without reading its tables.
APPLICATION_ID = 0x414E4E4F  # "ANNO"

MIGRATION_SET = "annotator"

#: Every schema version, in the order they apply (the order they were written in).
SCHEMA_VERSIONS: list[Callable[[Database], None]] = []


def schema_version(function: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``function`` as the next schema version (its name is the version's)."""
    SCHEMA_VERSIONS.append(function)
    return function


def schema_migrations():
    """sqlite-utils' ``Migrations`` of every version in :data:`SCHEMA_VERSIONS`."""
    migrations = Migrations(MIGRATION_SET)
    for function in SCHEMA_VERSIONS:
        migrations(name=function.__name__)(function)
    return migrations


@schema_version
def m001_initial_schema(db: Database) -> None:
    """The whole data model of DESIGN.md, plus the tables later features need."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.executescript(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            published TEXT,
            published_raw TEXT,
            outlet TEXT,
            url TEXT,
            source_file TEXT,
            body TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        );
        CREATE TABLE coders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE article_status (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            coder_id INTEGER NOT NULL REFERENCES coders(id),
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
            updated_at TEXT NOT NULL,
            note TEXT,
            PRIMARY KEY (article_id, coder_id)
        );
        CREATE TABLE assignments (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            coder_id INTEGER NOT NULL REFERENCES coders(id),
            PRIMARY KEY (article_id, coder_id)
        );
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            norm_name TEXT NOT NULL,
            type TEXT NOT NULL,
            note TEXT,
            merged_into INTEGER REFERENCES entities(id)
        );
        CREATE INDEX idx_entities_norm ON entities(norm_name, type);
        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            normalised TEXT NOT NULL,
            UNIQUE (entity_id, normalised)
        );
        CREATE INDEX idx_aliases_norm ON aliases(normalised);
        CREATE TABLE entity_merges (
            id INTEGER PRIMARY KEY,
            kept_entity_id INTEGER NOT NULL REFERENCES entities(id),
            merged_entity_id INTEGER NOT NULL REFERENCES entities(id),
            at TEXT NOT NULL,
            coder_id INTEGER REFERENCES coders(id),
            moved TEXT NOT NULL DEFAULT '{}',
            undone_at TEXT
        );
        CREATE TABLE dismissed_pairs (
            entity_a INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            entity_b INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            coder_id INTEGER REFERENCES coders(id),
            PRIMARY KEY (entity_a, entity_b),
            CHECK (entity_a < entity_b)
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            coder_id INTEGER REFERENCES coders(id),
            CHECK (start >= 0 AND "end" >= start)
        );
        CREATE INDEX idx_mentions_article ON mentions(article_id);
        CREATE INDEX idx_mentions_entity ON mentions(entity_id);
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            claimant_entity_id INTEGER REFERENCES entities(id),
            addressee_entity_id INTEGER REFERENCES entities(id),
            category TEXT,
            position INTEGER CHECK (position IS NULL OR position IN (-1, 0, 1)),
            certainty TEXT,
            note TEXT,
            coder_id INTEGER REFERENCES coders(id),
            CHECK (start >= 0 AND "end" >= start)
        );
        CREATE INDEX idx_claims_article ON claims(article_id);
        CREATE TABLE attributions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            source_entity_id INTEGER REFERENCES entities(id),
            source_text TEXT,
            source_start INTEGER,
            source_end INTEGER,
            cue_text TEXT,
            cue_start INTEGER,
            cue_end INTEGER,
            kind TEXT,
            parent_attribution_id INTEGER REFERENCES attributions(id) ON DELETE CASCADE,
            coder_id INTEGER REFERENCES coders(id)
        );
        CREATE INDEX idx_attributions_article ON attributions(article_id);
        CREATE INDEX idx_attributions_claim ON attributions(claim_id);
        CREATE TABLE edit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            coder_id INTEGER,
            table_name TEXT NOT NULL,
            row_id INTEGER,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        """
    )
    db["articles"].enable_fts(["title", "body"], fts_version="FTS5", create_triggers=True)


@schema_version
def m002_fts_filled_per_batch(db: Database) -> None:
    """Index imported articles for search in bulk, not per row.

    The store fills ``articles_fts`` with one INSERT ... SELECT over the
    articles past ``meta.fts_through`` (an import indexes once, at its end),
    several times cheaper than the per-row trigger. Articles stored before
    this version were indexed by the trigger, so the mark starts at max(id).
    The delete and update triggers stay: those changes are rare and row-wise.
    """
    db.execute("DROP TRIGGER IF EXISTS articles_ai")
    db.execute("INSERT OR REPLACE INTO meta(key, value)"
               " SELECT 'fts_through', COALESCE(max(id), 0) FROM articles")


@schema_version
def m003_span_fragments(db: Database) -> None:
    """Discontinuous spans: the fragments of a mention, a claim, a source or a cue.

    A JSON list of ``[start, end]`` pairs, in order and apart, from the span's
    ``start`` to its ``end``; NULL for the usual span of one piece. ``start``,
    ``end`` and ``text`` keep the whole extent, so every reader of the older
    columns still finds ``body[start:end] == text``.
    """
    for table, column in (("mentions", "fragments"), ("claims", "fragments"),
                          ("attributions", "source_fragments"),
                          ("attributions", "cue_fragments")):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


#: The views of m004, frozen as shipped (the export's queries may change; these may not).
_ISO = "a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
BROWSABLE_VIEWS = {
    "mentions_named": (
        'SELECT m.id AS mention_id, m.article_id, a.title AS article_title, m.entity_id,'
        ' e.name AS entity_name, e.type AS entity_type, m.start, m."end", m.text,'
        " m.fragments, c.name AS coder FROM mentions m JOIN articles a ON a.id = m.article_id"
        " JOIN entities e ON e.id = m.entity_id LEFT JOIN coders c ON c.id = m.coder_id"
    ),
    "claims_named": (
        'SELECT cl.id AS claim_id, cl.article_id, a.title AS article_title, cl.start, cl."end",'
        " cl.text, cl.fragments, ce.name AS claimant_name, ce.type AS claimant_type,"
        " ae.name AS addressee_name, ae.type AS addressee_type, cl.category, cl.position,"
        " cl.certainty, cl.note, c.name AS coder"
        " FROM claims cl JOIN articles a ON a.id = cl.article_id"
        " LEFT JOIN entities ce ON ce.id = cl.claimant_entity_id"
        " LEFT JOIN entities ae ON ae.id = cl.addressee_entity_id"
        " LEFT JOIN coders c ON c.id = cl.coder_id"
    ),
    "attributions_named": (
        "SELECT at.id AS attribution_id, at.article_id, at.claim_id, cl.text AS claim_text,"
        " at.parent_attribution_id, se.name AS source_name, se.type AS source_type,"
        " at.source_text, at.cue_text, at.kind, c.name AS coder"
        " FROM attributions at JOIN claims cl ON cl.id = at.claim_id"
        " LEFT JOIN entities se ON se.id = at.source_entity_id"
        " LEFT JOIN coders c ON c.id = at.coder_id"
    ),
    "entities_named": (
        "SELECT e.id AS entity_id, e.name, e.type, e.note, e.merged_into,"
        " m.name AS merged_into_name,"
        " (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = e.id) AS aliases,"
        " (SELECT count(*) FROM mentions WHERE entity_id = e.id) AS mention_count"
        " FROM entities e LEFT JOIN entities m ON m.id = e.merged_into"
    ),
    "article_status_named": (
        "SELECT s.article_id, a.title AS article_title, c.name AS coder, s.status,"
        " s.updated_at, s.note FROM article_status s JOIN articles a ON a.id = s.article_id"
        " JOIN coders c ON c.id = s.coder_id"
    ),
    # one row per claim x attribution chain, as claims_flat.csv (annotator/exporting/flat.py)
    "claims_flat": (
        "WITH RECURSIVE named AS ("
        "  SELECT at.id, at.article_id, at.claim_id, at.parent_attribution_id AS parent,"
        "   at.kind, se.name AS source_name, se.type AS source_type, at.source_text,"
        "   at.cue_text,"
        "   COALESCE(NULLIF(se.name, ''), NULLIF(at.source_text, ''), '(anonymous)') AS label"
        "  FROM attributions at LEFT JOIN entities se ON se.id = at.source_entity_id),"
        " leaves AS (SELECT n.* FROM named n WHERE NOT EXISTS (SELECT 1 FROM attributions x"
        "  WHERE x.claim_id = n.claim_id AND x.parent_attribution_id = n.id)),"
        " walk(leaf, article_id, parent, depth, label, chain, outer_label, seen) AS ("
        "  SELECT id, article_id, parent, 1, label, label, label, ',' || id || ','"
        "  FROM leaves"
        "  UNION ALL"
        "  SELECT w.leaf, w.article_id, p.parent, w.depth + 1, p.label,"
        "   p.label || ' > ' || w.chain, p.label, w.seen || p.id || ','"
        "  FROM walk w JOIN named p ON p.id = w.parent AND p.article_id = w.article_id"
        "  WHERE instr(w.seen, ',' || p.id || ',') = 0),"
        # SQLite takes the bare columns of a max() group from the row holding the max
        " tops AS (SELECT leaf, max(depth) AS depth, chain, outer_label FROM walk"
        "  GROUP BY leaf)"
        " SELECT cl.id AS claim_id, cl.article_id, a.title AS article_title,"
        f" CASE WHEN {_ISO} THEN substr(a.published, 1, 10) END AS published,"
        f" CASE WHEN {_ISO} AND length(a.published) > 11 THEN substr(a.published, 12) END"
        " AS published_time, a.outlet,"
        ' cl.start AS claim_start, cl."end" AS claim_end, cl.text AS claim_text,'
        " cl.category, cl.position, cl.certainty,"
        " ce.name AS claimant_name, ce.type AS claimant_type,"
        " ae.name AS addressee_name, ae.type AS addressee_type,"
        " l.id AS attribution_id, l.kind, l.source_name, l.source_type, l.source_text,"
        " l.cue_text, COALESCE(t.depth, 0) AS chain_depth, COALESCE(t.chain, '') AS chain,"
        " t.outer_label AS outer_source_name, second.label AS parent_source_name,"
        " cl.note, c.name AS coder"
        " FROM claims cl JOIN articles a ON a.id = cl.article_id"
        " LEFT JOIN entities ce ON ce.id = cl.claimant_entity_id"
        " LEFT JOIN entities ae ON ae.id = cl.addressee_entity_id"
        " LEFT JOIN coders c ON c.id = cl.coder_id"
        " LEFT JOIN leaves l ON l.claim_id = cl.id"
        " LEFT JOIN tops t ON t.leaf = l.id"
        " LEFT JOIN walk second ON second.leaf = l.id AND second.depth = 2"
        " ORDER BY cl.article_id, cl.start, cl.id, l.id"
    ),
}


@schema_version
def m004_browsable_views(db: Database) -> None:
    """Views with every id resolved to a name, so Datasette and sqlite-utils users browse by name.

    ``claims_flat`` is the export's first file as a view; the ``*_named`` views
    are the tables with entity, coder and article names beside their ids.
    Views hold no data: they cost nothing until read, and never change a row.
    """
    for name, select in BROWSABLE_VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {select}")


@schema_version
def m005_suggestions(db: Database) -> None:
    """Mentions accepted from a suggestion say so; rejected suggestions are remembered.

    ``mentions.suggested`` is 1 for a mention a coder accepted from the assist
    layer's proposals (agreement studies can separate them); a rejection is
    kept per span, entity and coder, so the same proposal is not made again.
    """
    db.execute("ALTER TABLE mentions ADD COLUMN suggested INTEGER NOT NULL DEFAULT 0")
    db.execute("""
        CREATE TABLE rejected_suggestions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            coder_id INTEGER REFERENCES coders(id),
            at TEXT NOT NULL,
            UNIQUE (article_id, start, "end", entity_id, coder_id)
        )""")


@schema_version
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


#: m004's views with each annotation's codebook version last, as m009 made them (frozen).
VERSIONED_VIEWS = {
    "claims_flat": BROWSABLE_VIEWS["claims_flat"].replace(
        " cl.note, c.name AS coder", " cl.note, c.name AS coder, cl.codebook_version"),
    "mentions_named": BROWSABLE_VIEWS["mentions_named"].replace(
        " c.name AS coder FROM", " c.name AS coder, m.codebook_version FROM"),
    "claims_named": BROWSABLE_VIEWS["claims_named"].replace(
        " c.name AS coder", " c.name AS coder, cl.codebook_version"),
    "attributions_named": BROWSABLE_VIEWS["attributions_named"].replace(
        " c.name AS coder", " c.name AS coder, at.codebook_version"),
}


@schema_version
def m009_codebook_versions(db: Database) -> None:
    """Which version of the codebook each annotation was coded under.

    The codebook version rises with every change to the project's codebook
    (Edit ▸ Codebook…); ``meta.codebook_version`` holds the current one and
    each new mention, claim and attribution records it, so a team can tell
    who coded under which scheme. Existing annotations get the version the
    codebook text declares (``version = N``, else 1): the one current now.
    """
    import tomllib

    row = db.execute("SELECT value FROM meta WHERE key = 'codebook'").fetchone()
    try:
        declared = tomllib.loads(row[0]).get("version", 1) if row and row[0] else 1
    except tomllib.TOMLDecodeError:
        declared = 1
    version = declared if isinstance(declared, int) and declared >= 1 else 1
    db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('codebook_version', ?)",
               [str(version)])
    for table in ("mentions", "claims", "attributions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN codebook_version INTEGER")
        db.execute(f"UPDATE {table} SET codebook_version = ?", [version])
    for name, select in VERSIONED_VIEWS.items():  # the export has the column: so do its views
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {select}")


@schema_version
def m010_rejected_cues(db: Database) -> None:
    """A coder's "no" to an attribution cue the rules propose is remembered, as for names.

    The rules run again each time an article opens; without this, a cue the coder
    passed over with X came back on the next visit.
    """
    db.execute("""
        CREATE TABLE rejected_cues (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            coder_id INTEGER REFERENCES coders(id),
            at TEXT NOT NULL,
            UNIQUE (article_id, start, "end", coder_id)
        )""")


#: Article ids per block of ``status_counts`` (``article_id >> LIST_BLOCK_BITS``), frozen with m006.
LIST_BLOCK_BITS = 10


@schema_version
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


@schema_version
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


@schema_version
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


def known_migration_names() -> list[str]:
    """Names of every schema version this program knows, oldest first."""
    return [function.__name__ for function in SCHEMA_VERSIONS]
