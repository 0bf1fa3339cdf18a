"""Views over the tables with every id resolved to a name, frozen as each version made them.

A view a version created is part of that version: the export's queries may change, these
strings may not, since an upgraded file and a new one must hold the same views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.sqlite_db import Database


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


def m004_browsable_views(db: Database) -> None:
    """Views with every id resolved to a name, so Datasette and sqlite-utils users browse by name.

    ``claims_flat`` is the export's first file as a view; the ``*_named`` views
    are the tables with entity, coder and article names beside their ids.
    Views hold no data: they cost nothing until read, and never change a row.
    """
    for name, select in BROWSABLE_VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {select}")


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
