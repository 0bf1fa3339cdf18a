"""The real doccano, Label Studio, GUM (WebAnno TSV) and PolNeAR files in ../shared/corpora.

Each folder's README lists its traps; these tests import the folder as a user
would (``import_paths`` on the folder) and check the traps were handled.
Skipped when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.importing import import_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"
pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared is absent")


def every_span_matches(store) -> int:
    """Each stored mention's text is its article's body at its offsets; returns the count."""
    rows = store.db.execute(
        'SELECT m.text, m.start, m."end", a.body FROM mentions m '
        "JOIN articles a ON a.id = m.article_id").fetchall()
    assert all(body[start:end] == text for text, start, end, body in rows)
    return len(rows)


def test_doccano_folder(store):
    report = import_paths(store, [CORPORA / "doccano"])
    assert not report.errors
    assert [Path(n.path).name for n in report.notes] == ["README.md"]
    doccano = report.annotated["doccano"]
    assert doccano.files == 5 and "admin" in doccano.coders
    texts = [r[0] for r in store.db.execute("SELECT text FROM mentions")]
    assert every_span_matches(store) == len(texts) > 40
    assert all(t == t.strip() for t in texts)  # ' Rahul Gandhi', 'Eknath Shinde ' trimmed
    assert "Rahul Gandhi" in texts and "Eknath Shinde" in texts
    assert sum("trimmed of white space" in w.reason for w in report.warnings) == 5
    # the pretty-printed relation example is one record, not an error per line
    assert store.db.execute(
        "SELECT count(*) FROM articles WHERE body LIKE 'Google was founded%'").fetchone()[0] == 1


def test_label_studio_folder(store):
    report = import_paths(store, [CORPORA / "label-studio"],
                          mapping={"entities": {"INGREDIENT": "OTHER", "Date": "EVENT"}})
    names = {Path(n.path).name for n in report.notes}
    assert names == {"README.md", "ls0x_completion_348_label_config.xml"}
    coders = {c["name"] for c in store.coders()}
    assert {"sergei@heartex.e2e", "model 1"} <= coders
    mismatched = [w for w in report.warnings if "MISMATCHED" in w.path
                  and "not shifted" in w.reason]
    assert len(mismatched) == 1 and "' supporters'" in mismatched[0].reason
    assert store.db.execute("SELECT count(*) FROM mentions WHERE text = ' supporters'"
                            ).fetchone()[0] == 0
    assert every_span_matches(store) >= 38 + 2  # 38 ingredients, the date twice
    # the CSV export and the special-characters tasks hold no text: one error each,
    # naming Label Studio, never "no body column"
    failed = {Path(e.path).name: e.reason for e in report.errors}
    assert set(failed) == {"ls1x_export_choices_special_chars.json",
                           "ls1x_export_choices_special_chars.ls-csv-export.csv"}
    assert all("Label Studio" in r and "no body" not in r for r in failed.values())
    notes = [r[0] for r in store.db.execute("SELECT note FROM article_status WHERE note IS "
                                            "NOT NULL")]
    assert notes == ["sentiment: Positive"]


def test_gum_webanno_tsv_folder(store):
    report = import_paths(store, [CORPORA / "gum-webanno-tsv"], mapping="gum")
    assert report.imported == 24 and not report.errors and not report.warnings
    assert [Path(n.path).name for n in report.notes] == ["README.md"]
    assert every_span_matches(store) > 3000
    titles = [r[0] for r in store.db.execute("SELECT title FROM articles")]
    assert "At least 107 killed in Mecca crane collapse" in titles
    # Wikipedia identities join documents: the United States is one entity in many
    (name, articles), = store.db.execute(
        "SELECT e.name, count(DISTINCT m.article_id) n FROM mentions m "
        "JOIN entities e ON e.id = m.entity_id GROUP BY e.id ORDER BY n DESC LIMIT 1")
    assert (name, articles) == ("United States", 8)
    # GUM's percent-escaped, underscored identities become readable names
    assert store.find_entity("Masjid al-Haram") is not None
    # coreference: "it" is never an entity's name when its chain has a better one
    assert store.db.execute("SELECT count(*) FROM entities WHERE lower(name) = 'it'"
                            ).fetchone()[0] < 5


def test_polnear_metadata_fills_published_and_outlet(store):
    report = import_paths(store, [CORPORA / "polnear" / "annotator-training"])
    assert not report.errors
    assert any(Path(n.path).name == "metadata.tsv" for n in report.notes)
    rows = store.db.execute("SELECT published, outlet, extra FROM articles").fetchall()
    assert len(rows) == 4
    assert all(published and published[:4] == "2016" and outlet == "breitbart"
               for published, outlet, _ in rows)
    assert all('"author"' in extra for _, _, extra in rows)


def test_bbc_category_from_the_folder_and_manifest_skipped(store):
    report = import_paths(store, [CORPORA / "bbc-news" / "tech", CORPORA / "bbc-news" /
                                  "MANIFEST.tsv"], folder_column="category")
    assert not report.errors
    assert [Path(n.path).name for n in report.notes] == ["MANIFEST.tsv"]
    categories = {r[0] for r in store.db.execute(
        "SELECT json_extract(extra, '$.fields.category') FROM articles")}
    assert categories == {"tech"}
