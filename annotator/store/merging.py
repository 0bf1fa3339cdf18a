"""Folding one coder's project file into the team's: the row-by-row work of a merge.

Identity rules (why a second run changes nothing):

- an article is the same article when its content hash is the same; if the
  bodies differ in whitespace only, offsets are re-aligned to the target's body;
- a coder is the same coder when the name is the same;
- an entity is the same entity when its type is the same and its normalised
  name or one of its aliases equals the target entity's normalised name or one
  of its aliases; near matches stay separate (the dedup view proposes them);
- an annotation is the same annotation when the article, the coder, the
  (re-aligned) span and every coded value are the same, with entities compared
  as the live target entity they map to.

For each (coder, article) the source's annotations must include everything the
target already holds for that coder there; the rest is added. If the target
holds something the source lacks, the coder's work has diverged: that is a
conflict, unless ``prefer_source`` replaces the target's version.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from annotator.identity.normalise import normalise
from annotator.model import ArticleDraft, fragments_json, parse_fragments
from annotator.spans import counted
from annotator.store.base import StoreBase, now_iso
from annotator.store.source import ReadOnlyProject
from annotator.team.workflow import MergeReport, realign

TABLES = ("mentions", "claims", "attributions")
CLAIM_FIELDS = ("category", "position", "certainty", "note")


class ProjectMerger:
    """Merges one :class:`ReadOnlyProject` into a store; the caller holds the transaction."""

    def __init__(self, store: StoreBase, source: ReadOnlyProject, *,
                 prefer_source: bool = False) -> None:
        self.store = store
        self.db = store.db
        self.src = source
        self.prefer_source = prefer_source
        self.report = MergeReport(str(source.path))
        self.conflicts: list[str] = []
        self.coder_map: dict[int, int] = {}
        self.coder_names: dict[int, str] = {}
        self.articles: dict[int, tuple[int, Any, str]] = {}  # src id -> (target id, mapper, title)
        self.src_entities = source.entities()
        self.entity_map: dict[int, int] = {}
        self._live: dict[int, int] = {}

    def run(self) -> MergeReport:
        self._merge_coders()
        self._merge_articles()
        self._merge_progress()
        for article_id in self.src.annotated_article_ids():
            if article_id in self.articles:
                self._merge_annotations(article_id)
        self._merge_dismissed()
        return self.report

    # -- coders, articles, progress ------------------------------------------------------
    def _merge_coders(self) -> None:
        known = {r[0] for r in self.db.execute("SELECT name FROM coders")}
        for src_id, name in self.src.coders().items():
            self.coder_map[src_id] = self.store.ensure_coder(name)
            self.coder_names[self.coder_map[src_id]] = name
            if name not in known:
                self.report.coders_added.append(name)

    def _merge_articles(self) -> None:
        for row in self.src.articles():
            found = self.db.execute("SELECT id, body FROM articles WHERE content_hash = ?",
                                    [row["content_hash"]]).fetchone()
            if found is None:
                draft = ArticleDraft(
                    row["title"], row["body"], row["published"], row["published_raw"],
                    row["outlet"], row["url"], row["source_file"], json.loads(row["extra"] or "{}"))
                result = self.store.add_articles([draft])
                target_id = (result.inserted or [result.duplicates[0][1]])[0]
                self.report.articles_added += 1
                mapper = None
            else:
                target_id = found[0]
                self.report.articles_matched += 1
                try:
                    mapper = realign(row["body"], found[1])
                except ValueError:
                    self.conflicts.append(f"{self.src.path}: article {row['title']!r} has the "
                                          "same content hash as the target's but another text")
                    continue
            self.articles[row["id"]] = (target_id, mapper, row["title"])

    def _merge_progress(self) -> None:
        for row in self.src.statuses():
            if row["article_id"] not in self.articles:
                continue
            article_id, coder_id = self.articles[row["article_id"]][0], self.coder_map[
                row["coder_id"]]
            old = self.db.execute(
                "SELECT status, updated_at FROM article_status WHERE article_id = ? AND "
                "coder_id = ?", [article_id, coder_id]).fetchone()
            if old is not None and (old[0] == row["status"] or old[1] >= row["updated_at"]):
                continue  # the target's record is the same or newer
            self.db.execute(
                "INSERT INTO article_status(article_id, coder_id, status, updated_at, note)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id, coder_id) DO UPDATE SET"
                " status = excluded.status, updated_at = excluded.updated_at,"
                " note = COALESCE(excluded.note, article_status.note)",
                [article_id, coder_id, row["status"], row["updated_at"], row["note"]])
            self.store._log("article_status", article_id, "merge", None,
                            {"coder_id": coder_id, "status": row["status"]})
            self.report.statuses += 1
        for row in self.src.assignments():
            if row["article_id"] in self.articles:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO assignments(article_id, coder_id) VALUES (?, ?)",
                    [self.articles[row["article_id"]][0], self.coder_map[row["coder_id"]]])
                self.report.assignments += cur.rowcount

    def _merge_dismissed(self) -> None:
        for a, b in self.src.dismissed_pairs():
            if a in self.src_entities and b in self.src_entities:
                ta, tb = (self.entity_map.get(self.src_entities[x]["root"]) for x in (a, b))
                if ta and tb and ta != tb:
                    self.db.execute(
                        "INSERT OR IGNORE INTO dismissed_pairs(entity_a, entity_b, at, coder_id)"
                        " VALUES (?, ?, ?, NULL)", [*sorted((ta, tb)), now_iso()])

    # -- entities ---------------------------------------------------------------------------
    def entity(self, src_id: int | None) -> int | None:
        """The live target entity for a source entity, matched or created (with aliases)."""
        if src_id is None or src_id not in self.src_entities:
            return None
        root = self.src_entities[src_id]["root"]
        if root in self.entity_map:
            return self.entity_map[root]
        ent = self.src_entities[root]
        names = {normalise(ent["name"])} | {normalise(a) for a, _ in ent["aliases"]}
        names.discard("")
        marks = ",".join("?" * len(names))
        row = self.db.execute(
            "SELECT id, norm_name FROM entities WHERE merged_into IS NULL AND type = ? AND"
            f" (norm_name IN ({marks}) OR id IN (SELECT entity_id FROM aliases"
            f" WHERE normalised IN ({marks}))) ORDER BY norm_name = ? DESC, id LIMIT 1",
            [ent["type"], *names, *names, normalise(ent["name"])]).fetchone() if names else None
        if row is None:
            created = self.store._add_entity(ent["name"], ent["type"], ent["note"])
            target_id, target_norm = created["id"], created["norm_name"]
            self.report.entities_created += 1
        else:
            target_id, target_norm = row
            self.report.entities_matched += 1
        known = {r[0] for r in self.db.execute(
            "SELECT normalised FROM aliases WHERE entity_id = ?", [target_id])} | {target_norm}
        for alias in [ent["name"], *(a for a, _ in ent["aliases"])]:
            norm = normalise(alias)
            if norm and norm not in known:
                known.add(norm)
                self.store._insert("aliases", {"entity_id": target_id, "alias": alias,
                                               "normalised": norm})
                self.report.aliases_added += 1
        self.entity_map[root] = target_id
        return target_id

    def live(self, entity_id: int | None) -> int | None:
        """A target entity followed through ``merged_into`` to the one still in use."""
        if entity_id is None:
            return None
        if entity_id not in self._live:
            cursor, seen = entity_id, set()
            while cursor not in seen:
                seen.add(cursor)
                row = self.db.execute("SELECT merged_into FROM entities WHERE id = ?",
                                      [cursor]).fetchone()
                if row is None or row[0] is None:
                    break
                cursor = row[0]
            self._live[entity_id] = cursor
        return self._live[entity_id]

    # -- annotations ------------------------------------------------------------------------
    def _merge_annotations(self, src_article: int) -> None:
        target_article, mapper, title = self.articles[src_article]
        body = self.db.execute("SELECT body FROM articles WHERE id = ?",
                               [target_article]).fetchone()[0]
        src_rows = self.src.annotations(src_article)
        tgt_rows = {t: list(self.db.query(f"SELECT * FROM {t} WHERE article_id = ? ORDER BY id",
                                          [target_article])) for t in TABLES}

        def pos(value: int | None, is_end: bool) -> int | None:
            return value if value is None or mapper is None else mapper(value, is_end)

        src_sigs = Signatures(src_rows, self.entity, pos)
        tgt_sigs = Signatures(tgt_rows, self.live, lambda v, _e: v)
        by_coder: dict[int | None, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for table in TABLES:
            for row in src_rows[table]:
                by_coder[self.coder_map.get(row["coder_id"])].append((table, row))
        to_add: list[tuple[str, dict[str, Any]]] = []
        existing: dict[tuple, list[int]] = defaultdict(list)
        for coder_id, rows in by_coder.items():
            theirs = [(t, r) for t in TABLES for r in tgt_rows[t] if r["coder_id"] == coder_id]
            only_target = Counter(tgt_sigs.of(t, r) for t, r in theirs) - Counter(
                src_sigs.of(t, r) for t, r in rows)
            if only_target:
                if not self.prefer_source:
                    who = self.coder_names.get(coder_id, "(no coder)")
                    self.conflicts.append(
                        f"{self.src.path}: {who}'s coding of article {title!r} differs: "
                        f"{counted(sum(only_target.values()), 'annotation')} in the target "
                        "are not "
                        "in the source")
                    continue
                self._delete_coder_rows(theirs)
                self.report.replaced += len(theirs)
                theirs = []
            for table, row in theirs:
                existing[(coder_id, tgt_sigs.of(table, row))].append(row["id"])
            to_add.extend(rows)
        self._add_missing(to_add, existing, src_sigs, target_article, body, pos)

    def _delete_coder_rows(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        order = {"attributions": 0, "claims": 1, "mentions": 2}
        rows = sorted(rows, key=lambda tr: (order[tr[0]], -tr[1]["id"]))
        self.db.execute("PRAGMA defer_foreign_keys = ON")
        self.store._delete_rows(rows)

    def _add_missing(self, rows, existing, src_sigs, article_id, body, pos) -> None:
        """Insert the source rows the target lacks; map every row to its target id."""
        new_ids: dict[tuple[str, int], int] = {}  # (table, source id) -> target id

        def span(row, start, end):
            s, e = pos(row[start], False), pos(row[end], True)
            if s is None:
                return {}
            if not 0 <= s <= e <= len(body):
                raise _BadSpan(row)
            return {start: s, end: e}

        def pieces(value: Any) -> str | None:
            """Fragments moved onto the target's text; the extent alone if they collide."""
            pairs = parse_fragments(value)
            if pairs is None:
                return None
            moved = [(pos(s, False), pos(e, True)) for s, e in pairs]
            try:
                return fragments_json(moved, moved[0][0], moved[-1][1])
            except ValueError:
                return None

        for table, row in _parents_first(rows):
            coder_id = self.coder_map.get(row["coder_id"])
            same = existing[(coder_id, src_sigs.of(table, row))]
            if same:
                self.report.already_present += 1
                new_ids[(table, row["id"])] = same.pop(0)
                continue
            try:
                values: dict[str, Any] = {"article_id": article_id, "coder_id": coder_id,
                                          # the scheme the coder coded under, as recorded
                                          "codebook_version": row.get("codebook_version")}
                if table == "mentions":
                    values |= span(row, "start", "end") | {"entity_id": self.entity(
                        row["entity_id"]), "fragments": pieces(row.get("fragments")),
                        "suggested": int(row.get("suggested") or 0)}  # older files lack it
                elif table == "claims":
                    values |= span(row, "start", "end") | {f: row[f] for f in CLAIM_FIELDS}
                    values["fragments"] = pieces(row.get("fragments"))
                    values |= {"claimant_entity_id": self.entity(row["claimant_entity_id"]),
                               "addressee_entity_id": self.entity(row["addressee_entity_id"])}
                else:
                    values |= span(row, "source_start", "source_end")
                    values |= span(row, "cue_start", "cue_end")
                    values |= {"kind": row["kind"], "source_text": row["source_text"],
                               "cue_text": row["cue_text"],
                               "source_entity_id": self.entity(row["source_entity_id"]),
                               "claim_id": new_ids[("claims", row["claim_id"])],
                               "parent_attribution_id": new_ids.get(
                                   ("attributions", row["parent_attribution_id"]))}
                    for part in ("source", "cue"):
                        values[f"{part}_fragments"] = pieces(row.get(f"{part}_fragments"))
                        if values.get(f"{part}_start") is not None:
                            values[f"{part}_text"] = body[values[f"{part}_start"]:
                                                          values[f"{part}_end"]]
                if "start" in values:
                    values["text"] = body[values["start"]:values["end"]]
            except (_BadSpan, KeyError):
                self.conflicts.append(f"{self.src.path}: a {table[:-1]} (id {row['id']}) "
                                      "points outside its article or at a row not merged")
                continue
            new_ids[(table, row["id"])] = self.store._insert(table, values)["id"]
            setattr(self.report, f"{table}_added", getattr(self.report, f"{table}_added") + 1)


class _BadSpan(Exception):
    pass


def _parents_first(rows: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Mentions, claims, then attributions with every parent before its children."""
    order = {"mentions": 0, "claims": 1, "attributions": 2}
    rows = sorted(rows, key=lambda tr: (order[tr[0]], tr[1]["id"]))
    attributions = {r["id"]: r for t, r in rows if t == "attributions"}
    depth: dict[int, int] = {}

    def level(attr_id: int, seen: frozenset[int] = frozenset()) -> int:
        if attr_id not in depth:
            parent = attributions[attr_id]["parent_attribution_id"]
            ok = parent in attributions and parent not in seen
            depth[attr_id] = level(parent, seen | {attr_id}) + 1 if ok else 0
        return depth[attr_id]

    return sorted(rows, key=lambda tr: (order[tr[0]], level(tr[1]["id"])
                                        if tr[0] == "attributions" else 0, tr[1]["id"]))


class Signatures:
    """What makes two annotations "the same" across two project files (see module doc)."""

    def __init__(self, rows: dict[str, list[dict[str, Any]]], entity, pos) -> None:
        self.entity = entity
        self.pos = pos
        self.by_id = {t: {r["id"]: r for r in rows[t]} for t in TABLES}
        self._memo: dict[tuple[str, int], tuple] = {}

    def _span(self, row: dict[str, Any], start: str, end: str) -> tuple:
        return self.pos(row[start], False), self.pos(row[end], True)

    def of(self, table: str, row: dict[str, Any]) -> tuple:
        key = (table, row["id"])
        if key not in self._memo:
            self._memo[key] = (table, *self._make(table, row))
        return self._memo[key]

    def _make(self, table: str, row: dict[str, Any]) -> tuple:
        if table == "mentions":
            return (*self._span(row, "start", "end"), self.entity(row["entity_id"]))
        if table == "claims":
            return (*self._span(row, "start", "end"), *(row[f] for f in CLAIM_FIELDS),
                    self.entity(row["claimant_entity_id"]),
                    self.entity(row["addressee_entity_id"]))
        claim = self.by_id["claims"].get(row["claim_id"])
        parent = self.by_id["attributions"].get(row["parent_attribution_id"])
        return (self.of("claims", claim) if claim else None,
                self.of("attributions", parent) if parent and parent is not row else None,
                self.entity(row["source_entity_id"]),
                row["source_text"] if row["source_start"] is None else None,
                *self._span(row, "source_start", "source_end"),
                *self._span(row, "cue_start", "cue_end"), row["kind"])
