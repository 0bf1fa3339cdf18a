"""Read-only, streamed queries for export and statistics.

Exports of large projects must keep memory flat, so these yield rows from a
cursor instead of building lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.store.base import StoreBase

#: ``published`` always as YYYY-MM-DD (so ``parse_dates`` and Stata's ``date()`` read it
#: whatever the source gave), the time and offset, when known, in ``published_time``; a
#: stored value that is not ISO 8601 stays whole in ``published_raw`` only.
_ISO_DATE = "{col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
PUBLISHED = (
    f"CASE WHEN {_ISO_DATE.format(col='a.published')} THEN substr(a.published, 1, 10) END"
    " AS published,"
    f" CASE WHEN {_ISO_DATE.format(col='a.published')} AND length(a.published) > 11"
    " THEN substr(a.published, 12) END AS published_time"
)

ARTICLE_EXPORT = (
    f"SELECT a.id AS article_id, a.title, {PUBLISHED}, a.published_raw, a.outlet, a.url,"
    " a.source_file, a.content_hash, a.imported_at,"
    " (SELECT group_concat(c.name || ':' || s.status, '; ') FROM article_status s"
    "   JOIN coders c ON c.id = s.coder_id WHERE s.article_id = a.id) AS status,"
    " a.extra, a.body FROM articles a ORDER BY a.id"
)

ENTITY_EXPORT = (
    "SELECT e.id AS entity_id, e.name, e.type, e.note, e.merged_into,"
    " (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = e.id) AS aliases,"
    " (SELECT count(*) FROM mentions WHERE entity_id = e.id) AS mention_count,"
    " (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = e.id) AS article_count"
    " FROM entities e ORDER BY e.id"
)

MENTION_EXPORT = (
    'SELECT m.id AS mention_id, m.article_id, m.entity_id, e.name AS entity_name,'
    ' e.type AS entity_type, m.start, m."end", m.text, m.fragments, m.suggested,'
    ' c.name AS coder, m.codebook_version'
    " FROM mentions m JOIN entities e ON e.id = m.entity_id"
    " LEFT JOIN coders c ON c.id = m.coder_id ORDER BY m.article_id, m.start, m.id"
)

CLAIM_EXPORT = (
    'SELECT cl.id AS claim_id, cl.article_id, cl.start, cl."end", cl.text, cl.fragments,'
    " cl.claimant_entity_id, ce.name AS claimant_name, ce.type AS claimant_type,"
    " cl.addressee_entity_id, ae.name AS addressee_name, ae.type AS addressee_type,"
    " cl.category, cl.position, cl.certainty, cl.note, c.name AS coder,"
    " cl.codebook_version FROM claims cl LEFT JOIN entities ce ON ce.id = cl.claimant_entity_id"
    " LEFT JOIN entities ae ON ae.id = cl.addressee_entity_id"
    " LEFT JOIN coders c ON c.id = cl.coder_id ORDER BY cl.article_id, cl.start, cl.id"
)

ATTRIBUTION_EXPORT = (
    "SELECT at.id AS attribution_id, at.article_id, at.claim_id, at.parent_attribution_id,"
    " at.source_entity_id, se.name AS source_name, se.type AS source_type,"
    " at.source_text, at.source_start, at.source_end, at.cue_text, at.cue_start, at.cue_end,"
    " at.source_fragments, at.cue_fragments, at.kind, c.name AS coder, at.codebook_version"
    " FROM attributions at LEFT JOIN entities se ON se.id = at.source_entity_id"
    " LEFT JOIN coders c ON c.id = at.coder_id ORDER BY at.article_id, at.claim_id, at.id"
)

STATUS_EXPORT = (
    "SELECT s.article_id, c.name AS coder, s.status, s.updated_at, s.note"
    " FROM article_status s JOIN coders c ON c.id = s.coder_id ORDER BY s.article_id, c.name"
)

CLAIMS_FLAT_CLAIMS = (
    f"SELECT cl.id AS claim_id, cl.article_id, a.title AS article_title, {PUBLISHED},"
    ' a.outlet, cl.start AS claim_start, cl."end" AS claim_end, cl.text AS claim_text,'
    " cl.category, cl.position, cl.certainty,"
    " ce.name AS claimant_name, ce.type AS claimant_type,"
    " ae.name AS addressee_name, ae.type AS addressee_type, cl.note, c.name AS coder,"
    " cl.codebook_version FROM claims cl JOIN articles a ON a.id = cl.article_id"
    " LEFT JOIN entities ce ON ce.id = cl.claimant_entity_id"
    " LEFT JOIN entities ae ON ae.id = cl.addressee_entity_id"
    " LEFT JOIN coders c ON c.id = cl.coder_id ORDER BY cl.article_id, cl.start, cl.id"
)

EXPORTS = {
    "articles": ARTICLE_EXPORT,
    "article_status": STATUS_EXPORT,
    "entities": ENTITY_EXPORT,
    "mentions": MENTION_EXPORT,
    "claims": CLAIM_EXPORT,
    "attributions": ATTRIBUTION_EXPORT,
    "claims_flat_claims": CLAIMS_FLAT_CLAIMS,
}

#: Counts of the exports that are one row per row of their table (their joins are
#: LEFT JOINs on a key, or scalar subqueries): ``count(*)`` over the export query
#: itself evaluates every column, bodies included (0.2-0.5 s per 10,000 articles,
#: as long as writing them), where the table's own count reads no row.
EXPORT_COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "entities": "SELECT count(*) FROM entities",
    "claims": "SELECT count(*) FROM claims",
    "attributions": "SELECT count(*) FROM attributions",
}


class ReportsMixin(StoreBase):
    def export_rows(self, name: str) -> Iterator[dict[str, Any]]:
        """Stream one export query (articles, entities, mentions, claims, attributions).

        Each call has its own cursor, so an exporter may walk two at once
        (claims and attributions, both in article order) to join them lazily.
        """
        cur = self.db.conn.cursor()
        cur.arraysize = 500
        cur.execute(EXPORTS[name])
        columns = [d[0] for d in cur.description]
        while batch := cur.fetchmany():
            for row in batch:
                yield dict(zip(columns, row))

    def export_batches(self, name: str, size: int = 500) -> Iterator[list[tuple[Any, ...]]]:
        """Stream one export query as lists of tuples in ``export_columns`` order.

        For writers that take rows as SQLite gives them (CSV): no dict per row.
        """
        cur = self.db.conn.cursor()
        cur.arraysize = size
        cur.execute(EXPORTS[name])
        while batch := cur.fetchmany():
            yield batch

    def export_columns(self, name: str) -> list[str]:
        cur = self.db.conn.execute(EXPORTS[name] + " LIMIT 0")
        return [d[0] for d in cur.description]

    def export_count(self, name: str) -> int:
        sql = EXPORT_COUNTS.get(name, f"SELECT count(*) FROM ({EXPORTS[name]})")
        return self.db.execute(sql).fetchone()[0]

    def stats(self) -> dict[str, Any]:
        """Counts a team lead wants at a glance, per table and per coder status."""
        counts = {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "entities", "aliases", "mentions", "claims",
                            "attributions", "coders", "edit_log")}
        counts["live_entities"] = self.db.execute(
            "SELECT count(*) FROM entities WHERE merged_into IS NULL").fetchone()[0]
        progress = list(self.db.query(
            "SELECT c.name AS coder, s.status, count(*) AS n FROM article_status s"
            " JOIN coders c ON c.id = s.coder_id GROUP BY c.name, s.status ORDER BY c.name"))
        by_type = list(self.db.query(
            "SELECT e.type, count(DISTINCT e.id) AS entities, count(m.id) AS mentions"
            " FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id"
            " WHERE e.merged_into IS NULL GROUP BY e.type ORDER BY e.type"))
        return {"counts": counts, "progress": progress, "entity_types": by_type,
                "schema_version": self.schema_version()}

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
