"""The one folding of entity names under which two spellings count as the same.

Everything that compares names (the duplicate search, the typeahead, the
importers that link mentions to entities, the store's ``norm_name`` column)
calls this one function, so a name typed in the window, a name read from a
brat file and a name in the duplicate search fold alike.
"""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"['’ʼ]s\b")
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_APOSTROPHES = re.compile(r"['’‘ʼʻʿʾ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"\b[ae]l (?=\w)")


def normalise(name: str) -> str:
    """Fold a name to the form under which two spellings count as the same.

    The rules, in order (each with an example of what it folds):

    - diacritics are dropped: "Saddām Ḥusayn" -> "saddam husayn";
    - case is folded: "IRAQI ARMY" -> "iraqi army";
    - a possessive 's or ’s is dropped: "Iraqi Army's" -> "iraqi army";
    - dots of an acronym go: "U.S. Army" -> "us army";
    - apostrophes and ayn/hamza marks go, without a space: "Ba'ath" -> "baath";
    - "&" reads "and": "Search & Rescue" -> "search and rescue";
    - other punctuation, hyphens and runs of whitespace become one space:
      "Counter-Terrorism  Service" -> "counter terrorism service";
    - the Arabic article is spelt one way, "al" as a word of its own:
      "al-Shaabi", "Al Shaabi", "el-Shaabi", "Al-Shaabi" -> "al shaabi";
    - a leading "the" goes: "the Iraqi army" -> "iraqi army".

    Names in other scripts keep their letters (only marks are dropped).
    """
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.casefold())
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    text = _ARTICLE.sub("al ", text)
    if text.startswith("the "):
        text = text[4:]
    return text


DESCRIPTORS = frozenset(
    "city town village district province governorate region county municipality area "
    "camp neighbourhood neighborhood quarter subdistrict "
    "news agency newspaper paper tv television channel radio network online daily times "
    "forces force fighters fighter militants militant militia group organisation "
    "organization movement magazine journal republic".split())
"""Words that describe what a name is rather than which one it is ("Mosul City",
"ARA news agency", "Peshmerga forces"): a name with one more of them may be the same."""
