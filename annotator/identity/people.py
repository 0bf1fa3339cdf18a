"""People in the likely tier: a lone surname and the person it stands for, middle names.

"Mirani" is Nechirvan Mirani when he is the one known person called so and the two
share an article; "Hillary Rodham Clinton" is "Hillary Clinton" when they share one
and no other longer name of hers is known. These rules read articles and titles,
not spelling, so they live apart from the fuzzy pass (``candidates``) and add their
pairs before the complete linkage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from annotator.identity.forms import SUFFIXES, NameForm
from annotator.identity.gender import compatible, sex_of

if TYPE_CHECKING:
    from annotator.identity.candidates import NameItems


def middle_name_pairs(items: NameItems,
                      seen: Sequence[Collection[int]]) -> dict[tuple[int, int], int]:
    """{(item, item): score} of a person's name and the same name with middle names
    ("Hillary Clinton", "Hillary Rodham Clinton"), when they share an article and
    only one longer name of that first and last name is known: "Ahmed Hassan" beside
    "Ahmed Ali Hassan" and "Ahmed Omar Hassan" (a father's name in the middle) says
    nothing about which. ``seen[item]`` are the articles of an item's names (or, once
    ``surname_pairs`` read its surnames, of the person it names)."""
    short: dict[tuple[object, str, str], list[int]] = defaultdict(list)
    longer: dict[tuple[object, str, str], list[int]] = defaultdict(list)
    for item, form in enumerate(items.forms):
        if form.person and len(form.words) >= 2 and SUFFIXES.isdisjoint(form.words):
            key = (items.types[item], form.first, form.last)  # "Donald Trump Jr." is his son
            (short if len(form.words) == 2 else longer)[key].append(item)
    found: dict[tuple[int, int], int] = {}
    for key, names in short.items():
        full = longer.get(key, [])
        if len(full) != 1:
            continue
        for item in names:
            if _initials_fit(items.forms[item], items.forms[full[0]]) and \
                    not set(seen[item]).isdisjoint(seen[full[0]]):
                found[(min(item, full[0]), max(item, full[0]))] = SURNAME_SCORE
    return found


def _initials_fit(short: NameForm, full: NameForm) -> bool:
    """Whether a short name's middle initials may stand for a longer name's middle names:
    "George W. Bush" for "George Walker Bush", not for "George Herbert Walker Bush"."""
    if not short.middle:
        return True
    spelt = "".join(w[0] for w in full.words[1:-1])
    return short.middle in (spelt, full.middle, full.middle + spelt)


SURNAME_SCORE = 95
"""Score of a surname alone and the one person carrying it (below a spelling variant's)."""


def surname_pairs(items: NameItems, seen: Sequence[set[int]],
                  same: Collection[tuple[int, int]] = (), pooled: bool = False):
    """{(item, item): score} of a person's lone surname and the full names it stands for.

    The person must share an article with the surname. Full names that are one name
    (``same``: a spelling variant, a middle name) are one person, with the articles of
    all of them, and a surname that goes to the person joins every one of those names
    ("Clinton" is Hillary Clinton and Hillary Rodham Clinton). Of several known people
    carrying the surname (Bill and Hillary Clinton), a gendered title rules out those
    whose first name is of the other sex ("Mr. Clinton": Bill), a title that one of
    them is also named with picks that one ("President Clinton": Bill, named "President
    Bill Clinton"), and then the one sharing at least twice as many articles as any
    other is taken. A title that says no sex ("President Clinton") decides nothing:
    then only one carrier may be left. Lone surnames that go to one person also pair
    with each other ("Trump", "Mr. Trump").

    A lone surname counts the articles of the lone surnames it is one name with ("Mr.
    Pence" those of "Pence"), and once it goes to a person, the articles it occurs in
    are the person's too, as a reader of each article takes a surname for the person
    named before: "Mr. Obama", in articles that say "President Obama" and never
    "Barack Obama", is Barack Obama once "President Obama" is. This runs until no
    surname is left that the articles decide.

    ``seen[item]`` are the articles of an item's names. Returns the pairs, and with
    ``pooled`` also each item's articles as read now (a full name's: its person's).
    """
    people = _people(items, same)
    carriers: dict[tuple[object, str], list[int]] = defaultdict(list)
    for person, members in people.items():
        lasts = dict.fromkeys(k for m in members for k in _surnames(items.forms[m]))
        for last in lasts:
            carriers[(items.types[person], last)].append(person)
    lone = [f.person and (len(f.words) == 1 or (items.types[i], f.key) in carriers)
            for i, f in enumerate(items.forms)]
    joined = {x: set(seen[x]) for pair in same for x in pair if lone[x]}
    for x, y in same:
        if lone[x] and lone[y] and items.forms[x].key == items.forms[y].key:
            joined[x] |= seen[y]
            joined[y] |= seen[x]
    seen = [joined.get(x, s) for x, s in enumerate(seen)]
    known = {p: set().union(*(seen[m] for m in members)) for p, members in people.items()}
    titles = {p: {items.name_forms[i].title for m in members for i in items.members[m]}
              for p, members in people.items()}
    sexes = {p: _sex(items, members) for p, members in people.items()}
    resolved: dict[int, int] = {}
    waiting = [item for item, form in enumerate(items.forms) if lone[item]]
    marks: dict[tuple[object, str], set[str]] = defaultdict(set)  # "Mr." and "Mrs. Romney"
    for item in waiting:
        marks[(items.types[item], items.forms[item].key)].add(items.forms[item].title_mark)
    while waiting:
        left = []
        for item in waiting:
            best = _carrier(items, item, carriers, known, titles, seen[item], sexes, marks)
            if best is None:
                left.append(item)
            else:
                resolved[item] = best
        if len(left) == len(waiting):
            break
        for item, person in resolved.items():
            known[person] |= seen[item]
        waiting = left
    found: dict[tuple[int, int], int] = {}
    by_person: dict[int, list[int]] = defaultdict(list)
    for item, person in resolved.items():
        by_person[person].append(item)
        for full in people[person]:
            found[(min(item, full), max(item, full))] = SURNAME_SCORE
    for lone_items in by_person.values():
        for k, x in enumerate(lone_items):
            for y in lone_items[k + 1:]:
                found[(min(x, y), max(x, y))] = SURNAME_SCORE
    if not pooled:
        return found
    read = list(seen)
    for person, members in people.items():
        for m in members:
            read[m] = known[person]
    return found, read


def _surnames(form: NameForm) -> tuple[str, ...]:
    """What a person may be called by alone: the last word, and the last two of a name
    of three words or more ("Wasserman Schultz", "Holtz-Eakin"), particles counted ("Bill
    de Blasio": "de Blasio", which is no content word)."""
    words = form.key.split(" ")
    if len(words) < 3 or words[-1] in SUFFIXES:
        return (form.last,)
    return (form.last, " ".join(words[-2:]))


def _people(items: NameItems, same: Collection[tuple[int, int]]) -> dict[int, list[int]]:
    """Full-name person items joined by ``same`` pairs: {first item: its items}."""
    full = [f.person and len(f.words) >= 2 for f in items.forms]
    root = {i: i for i, is_full in enumerate(full) if is_full}

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    middles = {i: {items.forms[i].middle} - {""} for i in root}  # of each root's names
    for x, y in same:
        if full[x] and full[y]:
            rx, ry = find(x), find(y)
            if rx != ry and len(middles[rx] | middles[ry]) <= 1:  # not "George W." and "H. W."
                keep, gone = min(rx, ry), max(rx, ry)
                root[gone] = keep
                middles[keep] |= middles[gone]
    people: dict[int, list[int]] = defaultdict(list)
    for i in root:
        people[find(i)].append(i)
    return people


def _sex(items: NameItems, members: list[int]) -> str:
    """A person's sex: the one its first name usually has, else the one its names' own
    words say ("spokeswoman Kellyanne Conway", "Mr. Mitt Romney"), else ""."""
    sex = sex_of(items.forms[members[0]].first)
    if sex:
        return sex
    said = {items.name_forms[i].sex for m in members for i in items.members[m]} - {""}
    return said.pop() if len(said) == 1 else ""


def _carrier(items: NameItems, item: int, carriers, known, titles, seen: set[int],
             sexes: dict[int, str], marks) -> int | None:
    """The one person a lone surname stands for, as far as titles and articles say.
    ``sexes`` are the people's sexes as far as known (``_sex``); ``marks`` the title marks
    of the lone names of each surname ("m" and "f" when the corpus says both "Mr. Romney"
    and "Mrs. Romney")."""
    form = items.forms[item]
    everyone = [p for p in carriers.get((items.types[item], form.key), [])
                if items.forms[p].first != form.key]
    full = [p for p in everyone if compatible(form.title_mark, sexes[p])]
    if len(full) > 1 and form.title:  # "Senator Sanders": the one called Senator, if one
        titled = [p for p in full if form.title in titles[p]]
        if len(titled) == 1 and form.title_mark == "t":
            return titled[0]  # "President Clinton": the one named "President Bill Clinton"
        full = titled if len(titled) == 1 else full
    if len(full) > 1 and form.title_mark == "t":
        return None  # "President Clinton" beside Bill and Hillary: the title decides, not us
    if len(everyone) == 1 and full and _title_fits(
            form.title_mark, sexes[full[0]],
            both_sexes={"m", "f"} <= marks[(items.types[item], form.key)]):
        return full[0]  # "Mr. Kerry" and the one Kerry known: no shared article needed
    shared = sorted(((len(seen & known[p]), p) for p in full), reverse=True)
    if not shared or shared[0][0] == 0:
        return None
    if len(shared) > 1 and shared[0][0] < 2 * shared[1][0]:
        return None
    return shared[0][1]




def _title_fits(title_mark: str, sex: str, both_sexes: bool = False) -> bool:
    """Whether a title alone may join a surname to the one person carrying it, with no
    article shared: any title that names no sex ("President", "Sen."), or a gendered
    one that the person's sex (``_sex``) confirms ("Mr. Kerry": John).

    A person of no known sex ("Mitt Romney") is taken for a man under "Mr." ("Mr. Romney"
    is Mitt Romney), as most people the news names are men, but never for a woman under
    "Mrs." or "Ms.": beside the one man known by a surname, "Mrs. Romney" is as often his
    wife, whom the article names by his surname. When the corpus says both "Mr. Romney"
    and "Mrs. Romney" (``both_sexes``), the person is one of two and the articles must
    say which."""
    if title_mark == "t":
        return True
    if title_mark not in ("m", "f"):
        return False
    return sex == title_mark or (sex == "" and title_mark == "m" and not both_sexes)
