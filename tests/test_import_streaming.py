"""The readers stream: an import's memory follows one record (and a batch), not the file.

Memory is measured with tracemalloc (Python's own allocations, exact and the
same on every machine), never with a clock. benchmarks/import_memory.py gives
the whole-process figures.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tracemalloc
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.importing import import_paths
from annotator.model import content_hash, normalise_body
from annotator.store import Store

MB = 1_000_000


def articles(n: int, size: int):
    para = ("The army said the convoy reached the district after talks with the council, "
            "officials reported on Saturday. ")
    for i in range(n):
        yield {"title": f"Article {i}", "date": "2016-11-05",
               "text": f"Number {i}.\n\n" + (para * (size // len(para)))}


def peak_of_import(store: Store, path: Path, batch_size: int = 200):
    """Traced peak memory of importing ``path``, after a small import of each kind.

    The warm-up loads what is loaded once per process (dateparser's language
    data, compiled patterns), which is no part of what a file costs.
    """
    warm = path.parent / "warm-up"
    warm.mkdir()
    (warm / "a.txt").write_text("Warm\n2016-11-05\n\nUp &amp; away.\n", encoding="utf-8")
    (warm / "b.jsonl").write_text(json.dumps(next(articles(1, 10))) + "\n", encoding="utf-8")
    (warm / "c.csv").write_text("title,date,text\nA,2016-11-05,Body\n", encoding="utf-8")
    import_paths(store, [warm])
    tracemalloc.start()
    try:
        report = import_paths(store, [path], batch_size=batch_size)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return report, peak


def test_jsonl_is_read_line_by_line(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for art in articles(500, 20_000):
            fh.write(json.dumps(art) + "\n")
    assert path.stat().st_size > 10 * MB
    with Store(tmp_path / "p.db", coder="ana") as store:
        report, peak = peak_of_import(store, path, batch_size=20)
    assert (report.imported, report.failed) == (500, 0)
    # One batch of 20 articles, not the file (read whole, it cost twice its size).
    assert peak < path.stat().st_size / 3, peak


def test_csv_is_read_record_by_record_and_multiline_bodies_stay_whole(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["title", "date", "text"], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(articles(500, 20_000))
    with Store(tmp_path / "p.db", coder="ana") as store:
        report, peak = peak_of_import(store, path, batch_size=20)
        assert (report.imported, report.failed) == (500, 0)
        last = store.article(report.article_ids[-1])
    assert peak < path.stat().st_size / 3, peak
    assert last.body.startswith("Number 499.\n\nThe army said")  # CRLF inside quotes -> LF
    assert last.extra["line"] == 2 + 499 * 3  # each record spans three lines


def test_a_big_text_article_costs_a_few_times_its_size(tmp_path):
    path = tmp_path / "big.txt"
    para = "A paragraph of the body, without entities, but with CRLF line ends.\r\n\r\n"
    odd = "A paragraph of the body, with &amp; an entity and &quot;another&quot;.\r\n\r\n"
    path.write_bytes(("One enormous article\r\n2016-11-05\r\n\r\n" + (para * 9 + odd) * 20_000)
                     .encode("ascii"))
    size = path.stat().st_size
    assert size > 10 * MB
    with Store(tmp_path / "p.db", coder="ana") as store:
        report, peak = peak_of_import(store, path)
        assert (report.imported, report.failed) == (1, 0), report.format()
        article = store.article(report.article_ids[0])
    assert article.published == "2016-11-05"
    assert article.body.startswith("A paragraph of the body, without entities")
    assert "A paragraph of the body, with & an entity and \"another\"." in article.body
    assert article.body.endswith("\"another\".") and "\r" not in article.body
    # The bytes, the text and the body: never more than three copies at a time (the
    # lines of the file, joined again, and the hash's copies once cost a dozen).
    assert peak < 3.5 * size, peak / size


def test_the_encoding_of_a_big_file_is_guessed_from_its_start(tmp_path, store):
    body = "The caf\u00e9 served cr\u00e8me br\u00fbl\u00e9e for \u00a3 5 on Saturday. " * 40_000
    (tmp_path / "latin.txt").write_bytes(f"Title\n\n{body}\n".encode("cp1252"))
    (tmp_path / "utf8.txt").write_bytes(f"Title two\n\n{body}!\n".encode())
    report = import_paths(store, [tmp_path])
    assert report.failed == 0, report.format()
    stored = [store.article(i) for i in report.article_ids]
    assert [a.body[:40] for a in stored] == [body[:40]] * 2
    assert [a.extra.get("encoding") for a in stored] == ["cp1252", None]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab \n\t\u00a0\u2003\u00e9\U0001f389\x1c\x85"), max_size=60),
       st.integers(1, 7))
def test_content_hash_in_chunks_is_the_hash_of_the_normalised_body(body, chunk):
    """Hashing a long body piece by piece gives the digest every stored article has."""
    expected = hashlib.sha1(normalise_body(body).encode("utf-8")).hexdigest()
    assert content_hash(body, chunk) == expected
