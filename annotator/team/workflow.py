"""Team workflow logic without SQL: who codes what, and what "the same annotation" means.

The store (``annotator/store/team.py``) does the reading and writing; this
module holds the decisions, so they are tested without a database:

- :func:`plan_assignments` splits articles among coders so that a chosen share
  is coded by two or more of them (for reliability) and everyone gets about the
  same load; a seed makes the split reproducible for the methods section.
- :func:`realign` maps offsets between two bodies that differ only in
  whitespace (same content hash, different line breaks), so annotations made on
  one copy land on the same words in the other.
- :class:`MergeReport` and :class:`MergeConflict` describe what a merge did or
  why it stopped.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.spans import counted


class MergeConflict(Exception):
    """A merge that would lose or double someone's coding; the target was not touched.

    ``conflicts`` lists one line per (source, coder, article) that differs.
    """

    def __init__(self, conflicts: list[str]) -> None:
        shown = conflicts[:20]
        more = f"\n... and {len(conflicts) - 20} more" if len(conflicts) > 20 else ""
        super().__init__(
            "merge stopped, the target was not changed:\n" + "\n".join(shown) + more
            + "\n(use --prefer-source to replace the target's version with the source's)")
        self.conflicts = conflicts


@dataclass
class MergeReport:
    """What merging one source project into the target did (counts per kind of row)."""

    source: str
    articles_added: int = 0
    articles_matched: int = 0
    coders_added: list[str] = field(default_factory=list)
    entities_created: int = 0
    entities_matched: int = 0
    aliases_added: int = 0
    mentions_added: int = 0
    claims_added: int = 0
    attributions_added: int = 0
    already_present: int = 0
    replaced: int = 0
    statuses: int = 0
    assignments: int = 0

    def summary(self) -> str:
        added = self.mentions_added + self.claims_added + self.attributions_added
        text = (f"{self.source}: {counted(self.articles_added, 'article')} added, "
                f"{self.articles_matched} matched; {counted(self.entities_created, 'entity')} "
                f"created, {self.entities_matched} matched; {counted(added, 'annotation')} "
                f"added ({counted(self.mentions_added, 'mention')}, "
                f"{counted(self.claims_added, 'claim')}, "
                f"{counted(self.attributions_added, 'attribution')}), "
                f"{self.already_present} already there")
        if self.replaced:
            text += f", {self.replaced} replaced"
        if self.coders_added:
            text += (f"; new coder{'' if len(self.coders_added) == 1 else 's'}: "
                     f"{', '.join(self.coders_added)}")
        return text

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def plan_assignments(article_ids: Sequence[int], coders: Sequence[str], overlap: float,
                     seed: int, *, overlap_coders: int = 2) -> dict[int, tuple[str, ...]]:
    """Which coders code each article: ``{article_id: (coder, ...)}``.

    The articles are shuffled with ``random.Random(seed)`` (sorted first, so the
    plan depends only on the ids, the coders and the seed). The first
    ``round(overlap * n)`` of them (at least one when ``overlap > 0``) go to
    ``overlap_coders`` coders each, cycling through every group of that size so
    that each pair of coders shares about as many articles (each pair needs
    its own κ). The rest go to one coder each, always the least loaded one so
    far (ties by the order of ``coders``), so loads differ by at most one or two.
    """
    coders = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if not coders:
        raise ValueError("name at least one coder")
    if not 0 <= overlap <= 1:
        raise ValueError(f"overlap must be between 0 and 1, not {overlap}")
    ids = sorted(set(article_ids))
    rng = random.Random(seed)
    rng.shuffle(ids)
    if overlap > 0 and len(coders) < 2:
        raise ValueError("a reliability overlap needs at least two coders")
    if overlap > 0 and not 2 <= overlap_coders <= len(coders):
        raise ValueError(f"overlap coders must be between 2 and {len(coders)}")
    n_overlap = max(round(overlap * len(ids)), 1) if overlap > 0 and ids else 0
    load = dict.fromkeys(coders, 0)
    plan: dict[int, tuple[str, ...]] = {}
    groups = list(combinations(coders, overlap_coders)) if n_overlap else []
    for i, article_id in enumerate(ids[:n_overlap]):
        group = groups[i % len(groups)]
        plan[article_id] = group
        for coder in group:
            load[coder] += 1
    for article_id in ids[n_overlap:]:
        coder = min(coders, key=lambda c: (load[c], coders.index(c)))
        plan[article_id] = (coder,)
        load[coder] += 1
    return plan


def realign(source: str, target: str) -> Callable[[int, bool], int] | None:
    """Map offsets in ``source`` to offsets in ``target``; None when they are equal.

    Both texts must have the same content hash, i.e. the same characters apart
    from whitespace runs. ``mapper(offset, is_end)`` sends a start to the
    position of the same non-space character in ``target`` and an end to just
    after the same last non-space character, so a span covers the same words.
    Raises ValueError when the texts differ in more than whitespace.
    """
    if source == target:
        return None
    src = [i for i, ch in enumerate(source) if not ch.isspace()]
    dst = [i for i, ch in enumerate(target) if not ch.isspace()]
    if len(src) != len(dst) or any(source[i] != target[j] for i, j in zip(src, dst)):
        raise ValueError("the two bodies differ in more than whitespace")

    def mapper(offset: int, is_end: bool) -> int:
        if is_end:
            k = bisect.bisect_left(src, offset)  # non-space characters before the end
            return dst[k - 1] + 1 if k else 0
        k = bisect.bisect_left(src, offset)  # first non-space character at or after
        return dst[k] if k < len(dst) else len(target)

    return mapper
