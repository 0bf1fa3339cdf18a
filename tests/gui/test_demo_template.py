"""The demo is imported once into a template in the cache folder; later demos copy it."""

from __future__ import annotations

from annotator.codebook import resources_path
from annotator.gui.app import DEMO_CODER, demo_template_path, make_demo_project
from annotator.store import Store


def articles(path):
    with Store(path) as store:
        return [(a["title"], a["published"]) for a in store.db.query(
            "SELECT title, published FROM articles ORDER BY id")]


def test_the_second_demo_is_a_copy_of_the_first(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = make_demo_project(tmp_path / "one", cache)
    [template] = cache.glob("demo-*.db")
    assert template == demo_template_path(sorted(resources_path("demo").glob("*.txt")), cache)
    second = make_demo_project(tmp_path / "two", cache)
    assert len(articles(first)) == 5 and articles(second) == articles(first)
    assert ("Government Forces Retake River Crossing Near Tal Hamra", "2023-03-06T08:15:02") \
        in articles(second)
    with Store(second, coder=DEMO_CODER) as store:  # a project like any other: it codes
        assert store.coder_name == DEMO_CODER and not store.read_only


def test_a_damaged_template_is_imported_again(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "one").mkdir()
    make_demo_project(tmp_path / "one", cache)
    [template] = cache.glob("demo-*.db")
    template.write_bytes(b"not a database")
    (tmp_path / "two").mkdir()
    again = make_demo_project(tmp_path / "two", cache)
    assert len(articles(again)) == 5
    assert len(articles(template)) == 5  # and the template is whole again


def journal_mode_in_header(path):
    """SQLite's file header says WAL (2) or rollback (1) in bytes 18-19."""
    return {1: "delete", 2: "wal"}[path.read_bytes()[18]]


def test_the_demo_copy_is_already_in_wal_mode_and_a_saved_copy_is_one_file(tmp_path):
    # the window opens a project in WAL mode; a demo copied in rollback mode would be
    # converted on opening, a header rewrite waited for on the disk before the first paint
    cache = tmp_path / "cache"
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    make_demo_project(tmp_path / "one", cache)
    [template] = cache.glob("demo-*.db")
    demo = make_demo_project(tmp_path / "two", cache)
    assert journal_mode_in_header(template) == "delete"
    assert journal_mode_in_header(demo) == "wal"
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.db"]  # no journal left
    with Store(demo, coder=DEMO_CODER) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.save_copy(tmp_path / "sent.db")
    assert journal_mode_in_header(tmp_path / "sent.db") == "delete"  # one file to send
    assert len(articles(tmp_path / "sent.db")) == 5
