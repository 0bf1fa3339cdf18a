"""The tables and columns of the data model, as each schema version added them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.sqlite_db import Database

#: Written into the SQLite header (``PRAGMA application_id``) so that a project
#: file can be told from any other SQLite file without reading its tables.
APPLICATION_ID = 0x414E4E4F  # "ANNO"


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
