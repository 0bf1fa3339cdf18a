"""Import the shared seed article and the whole BBC News corpus (skipped without ../shared).

The corpora are copyrighted and never copied into the repository; these tests
read them where they lie.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from annotator.importing import import_paths

SHARED = Path(__file__).parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_75dea042fe9fdb9a.txt"
BBC = SHARED / "corpora" / "bbc-news"
CATEGORIES = ["business", "entertainment", "politics", "sport", "tech"]

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")


@needs_shared
def test_seed_article(store):
    report = import_paths(store, [SEED])
    assert (report.imported, report.failed) == (1, 0), report.format()
    art = store.article(report.article_ids[0])
    assert art.title == "VIDEO: Iraqi Army Recaptures Six Neighborhoods in Mosul from ISIL"
    assert art.published == "2016-11-05T19:34:14"
    assert art.published_raw == "Sat Nov 5, 2016 19:34:14"
    assert art.body.startswith("The Iraqi forces have been able to retake six neighborhoods")
    assert art.body.endswith("gradually pull back into the city\u2019s urban warrens.")
    assert "string(" not in art.body
    assert art.extra["stripped"].startswith("string(1140) ")
    related = art.extra["related"]
    assert len(related) == 6
    assert related[0]["title"] == "VIDEO : 200,000 Migrants are Suffering in Syria and Iraq"
    assert art.source_file == str(SEED)


def _manifest() -> dict[str, dict[str, str]]:
    with open(BBC / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        return {row["path"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _body_duplicates(paths: list[Path]) -> int:
    """Files whose whitespace-normalised body (all but line 1) was seen before."""
    seen: set[str] = set()
    duplicates = 0
    for path in paths:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        body = re.sub(r"\s+", " ", text.split("\n", 1)[1]).strip()
        digest = hashlib.sha1(body.encode("utf-8")).hexdigest()
        duplicates += digest in seen
        seen.add(digest)
    return duplicates


@needs_shared
def test_all_of_bbc_news(tmp_path):
    """2,225 files, none failing; MANIFEST's 98 exact copies are found as duplicates.

    The store's identity is the body, not the headline, so 38 more files count
    as duplicates: same body under a reworded headline (``business/365.txt``
    "Nasdaq planning $100m-share sale" vs ``business/267.txt`` "... $100m share
    sale"). The expected total is computed from the raw files independently.
    """
    from annotator.store import Store

    store = Store(tmp_path / "bbc.db", coder="ana")
    folders = [BBC / c for c in CATEGORIES]
    report = import_paths(store, folders)
    manifest = _manifest()
    assert report.files == len(manifest) == 2225
    assert report.failed == 0, report.format()

    exact = {p: row["exact_duplicate_of"] for p, row in manifest.items()
             if row["exact_duplicate_of"]}
    assert len(exact) == 98
    files = sorted(BBC / p for p in manifest)
    expected = _body_duplicates(files)
    assert expected == 136
    assert report.duplicates == expected
    assert report.imported + report.duplicates == 2225
    assert store.count_articles(assigned_only=False) == 2225 - expected

    original_of = {str(BBC / p): str(BBC / o) for p, o in exact.items()}
    found = {src: store.article(old).source_file for src, old in report.duplicate_of}
    for copy, original in original_of.items():
        assert found[copy] == original

    by_file = {store.article(i).source_file: i for i in report.article_ids}
    mutu = store.article(by_file[str(BBC / "sport" / "199.txt")])
    assert mutu.title == "Chelsea sack Mutu"
    assert "\u00a3" in mutu.body and "\ufffd" not in mutu.body
    assert mutu.extra["encoding"] == "cp1252"
    assert all(store.article(i).published is None for i in report.article_ids[:50])
    store.close()
