"""Team work in the store: merging coders' project files, assigning articles, acting as a coder.

A team codes in separate project files (one per coder, or copies of the lead's
file) and folds them together with :meth:`TeamMixin.merge_projects`; the lead
splits the articles with :meth:`TeamMixin.assign_articles`, with an overlap
coded twice for the reliability report (``annotator.team.agreement``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.codebook import parse_codebook
from annotator.model import Change
from annotator.spans import counted
from annotator.store.base import StoreBase
from annotator.store.codebook_changes import CODED, ROW_NOUNS
from annotator.store.errors import ProjectError
from annotator.store.source import ReadOnlyProject

if TYPE_CHECKING:
    from annotator.team.workflow import MergeReport

# merging, the team workflow and the codebook editor's checks load when used: the
# window's first paint needs none of them (benchmarks/startup.py)


def refuse_lost_codes(source: ReadOnlyProject, target) -> None:
    """Raise :class:`CodebookMismatch` when ``source`` has codes the target's codebook lacks.

    Its annotations would keep codes nobody can choose, read or export with a
    label: the lead adds the codes to the target first (or recodes the source).
    Labels, descriptions and order may differ.
    """
    text = source.codebook_text()
    if not text:
        return
    from annotator.codebook.edit import CodebookMismatch, missing_codes, named
    missing = missing_codes(parse_codebook(text, f"{source.path}:codebook"), target)
    if not missing:
        return
    listed = []
    for section, key in missing:
        table, column = CODED[section]
        n = source.code_count(table, column, key)
        listed.append(f"{named(section, key)} ({counted(n, ROW_NOUNS[table]) if n else 'unused'})")
    raise CodebookMismatch(
        f"{source.path}: merge stopped, the target was not changed: its codebook has codes "
        f"the target's codebook lacks, so they would be lost: {', '.join(listed)}. Add them "
        "to the target's codebook (Edit ▸ Codebook…, or annotator codebook import), or "
        "recode them in the source, then merge again")


class TeamMixin(StoreBase):
    # -- grouping changes -----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes into one transaction: all of them are stored, or none.

        Importers use it so that one annotation file lands whole or not at all.
        """
        with self._changing():
            yield

    @contextmanager
    def acting_as(self, coder: str | None) -> Iterator[int | None]:
        """Make changes as ``coder`` (created if new), then go back to the current coder.

        An import of another person's annotations records them under that
        person's name, not under whoever runs the import.
        """
        before = self.coder_id, self.coder_name
        if coder:
            self.set_coder(coder)
        try:
            yield self.coder_id
        finally:
            self.coder_id, self.coder_name = before

    def coder_has_annotations(self, article_id: int, coder_id: int | None) -> bool:
        """Whether a coder has marked anything in an article (mentions, claims, attributions)."""
        return self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM mentions WHERE article_id = :a AND coder_id IS :c)"
            " OR EXISTS (SELECT 1 FROM claims WHERE article_id = :a AND coder_id IS :c)"
            " OR EXISTS (SELECT 1 FROM attributions WHERE article_id = :a AND coder_id IS :c)",
            {"a": article_id, "c": coder_id}).fetchone()[0] == 1

    def article_id_by_hash(self, digest: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?",
                              [digest]).fetchone()
        return row[0] if row else None

    # -- merging ----------------------------------------------------------------------------
    def merge_projects(self, paths: Iterable[str | Path], *,
                       prefer_source: bool = False) -> Change:
        """Fold other project files into this one, in one transaction; run twice, same result.

        Sources are only read. Every source is checked before anything is
        written; a file that is not a project raises ProjectError, and diverged
        coding raises :class:`~annotator.team.workflow.MergeConflict`; either way this
        project is left as it was. ``change.after["reports"]`` holds one
        :class:`~annotator.team.workflow.MergeReport` per source.
        """
        from annotator.store.merging import ProjectMerger
        from annotator.team.workflow import MergeConflict
        sources: list[ReadOnlyProject] = []
        try:
            for path in paths:
                if self.path is not None and Path(path).resolve() == self.path.resolve():
                    raise ProjectError(f"{path}: cannot merge a project into itself")
                sources.append(ReadOnlyProject(path))
            if not sources:
                raise ValueError("name at least one project to merge")
            for source in sources:
                refuse_lost_codes(source, self.codebook())
            reports: list[MergeReport] = []
            with self._changing():
                conflicts: list[str] = []
                for source in sources:
                    merger = ProjectMerger(self, source, prefer_source=prefer_source)
                    reports.append(merger.run())
                    conflicts.extend(merger.conflicts)
                if conflicts:
                    raise MergeConflict(conflicts)
                self._log("projects", None, "merge", None,
                          {"reports": [r.as_dict() for r in reports]})
        finally:
            for source in sources:
                source.close()
        return Change("projects", "merge", None, None, {"reports": reports})

    # -- assignments ------------------------------------------------------------------------
    def assign_articles(self, coders: list[str], overlap: float = 0.0, seed: int | None = None,
                        *, overlap_coders: int = 2, replace: bool = False) -> Change:
        """Split the articles among ``coders``; a share ``overlap`` goes to several coders.

        Only articles nobody is assigned to yet are split, so articles imported
        later can be handed out with another call; ``replace`` starts over.
        Without a seed one is drawn, and it is returned in ``change.after`` so
        the split can be reproduced and reported. See
        :func:`annotator.team.workflow.plan_assignments` for how the split is made.
        """
        from annotator.team.workflow import plan_assignments
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        with self._changing():
            if replace:
                self.db.execute("DELETE FROM assignments")
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM assignments)")]
            plan = plan_assignments(ids, coders, overlap, seed, overlap_coders=overlap_coders)
            coder_ids = {name: self.ensure_coder(name) for name in
                         dict.fromkeys(c for group in plan.values() for c in group)}
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO assignments(article_id, coder_id) VALUES (?, ?)",
                [(aid, coder_ids[c]) for aid, group in sorted(plan.items()) for c in group])
            counts = {c: sum(c in g for g in plan.values()) for c in coder_ids}
            after = {"seed": seed, "overlap": overlap, "articles": len(plan),
                     "shared": sum(len(g) > 1 for g in plan.values()), "per_coder": counts,
                     "replaced": replace}
            self._log("assignments", None, "assign", None, after)
        return Change("assignments", "assign", None, None, after)

    def assignments(self) -> dict[str, list[int]]:
        """Article ids assigned to each coder, by coder name."""
        result: dict[str, list[int]] = {}
        for name, article_id in self.db.execute(
                "SELECT c.name, a.article_id FROM assignments a JOIN coders c"
                " ON c.id = a.coder_id ORDER BY c.name, a.article_id"):
            result.setdefault(name, []).append(article_id)
        return result

    def assignment_summary(self) -> list[dict[str, Any]]:
        """Per coder: assigned, of which shared with another coder, and done."""
        return list(self.db.query(
            "SELECT c.name AS coder, count(*) AS assigned,"
            " sum((SELECT count(*) FROM assignments b WHERE b.article_id = a.article_id) > 1)"
            " AS shared,"
            " sum(EXISTS (SELECT 1 FROM article_status s WHERE s.article_id = a.article_id"
            "   AND s.coder_id = a.coder_id AND s.status = 'done')) AS done"
            " FROM assignments a JOIN coders c ON c.id = a.coder_id GROUP BY c.name"
            " ORDER BY c.name"))
