"""How a panel shares its width among its columns (pure arithmetic, no Qt).

Fixed preferred widths wasted the room a coder needs: in the Sources panel the
Claim and Kind were cut while an empty Parent column took the rest of the width,
and in the Entities panel names were cut while the Mentions count stretched over
the free space. So each column now asks for what its cells and header need,
capped by its preferred width, and:

* a *fixed* column (a position, a count: narrow) keeps its preferred width;
* a *code* column (type, category, kind: short labels the coder checks) gets
  its whole need, up to half again its preferred width, and gives way last;
* a *text* column gets its need up to its preferred width (an empty one only
  its header), and gives way first when the panel is narrow, down to its
  header's title before any column goes below its title;
* width left over goes first to the columns still cut, in proportion to what
  they lack, and the rest to the *reading* column (the name or the claim).
"""

from __future__ import annotations

from dataclasses import dataclass

FIXED, CODE, TEXT = "fixed", "code", "text"


@dataclass(frozen=True)
class Column:
    preferred: int
    need: int  # the width its header and its widest cell ask for
    kind: str = TEXT
    header: int = 0  # the width its header's title needs: given way last


def fit_widths(room: int, columns: list[Column], reading: int, least: int) -> list[int]:
    """The width of each column so that together they fill ``room`` (or, in a panel too
    narrow for every column's ``least``, as little over it as can be); ``reading`` is
    the index in ``columns`` of the column that takes the width nobody else needs."""
    widths = [_start(c, least) for c in columns]
    over = sum(widths) - room
    for kind, floor in ((TEXT, True), (CODE, True), (TEXT, False), (CODE, False)):
        if over > 0:  # too narrow: text gives way, then codes; to their titles, then less
            floors = {i: max(least, c.header) if floor else least
                      for i, c in enumerate(columns) if c.kind == kind}
            over = _shrink(widths, floors, over)
    if over < 0:
        spare = -over
        lacking = {i: c.need - widths[i] for i, c in enumerate(columns)
                   if c.kind != FIXED and c.need > widths[i]}
        total = sum(lacking.values())
        for i, lack in lacking.items():
            widths[i] += min(lack, spare * lack // total)
        widths[reading] += room - sum(widths)
    return widths


def _start(column: Column, least: int) -> int:
    if column.kind == FIXED:
        return column.preferred
    cap = column.preferred * 3 // 2 if column.kind == CODE else column.preferred
    return max(least, min(column.need, cap))


def _shrink(widths: list[int], floors: dict[int, int], over: int) -> int:
    """Take ``over`` pixels from the columns in ``floors``, each in proportion to what it
    has above its floor; what could not be taken is returned."""
    room = {i: widths[i] - floor for i, floor in floors.items() if widths[i] > floor}
    total = sum(room.values())
    if not total:
        return over
    take = min(over, total)
    cuts = {i: take * r // total for i, r in room.items()}
    rest = take - sum(cuts.values())  # what the rounding down left: a pixel each
    while rest:
        for i in room:
            if rest and cuts[i] < room[i]:
                cuts[i] += 1
                rest -= 1
    for i, cut in cuts.items():
        widths[i] -= cut
    return over - take
