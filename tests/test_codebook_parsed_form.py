"""The parsed codebook kept as JSON beside its TOML: the same book, never stale, no tomllib."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from annotator.codebook import parse_codebook
from annotator.codebook.edit import add_code, edit_code
from annotator.codebook.parsed_form import codebook_from_json, codebook_json
from annotator.store import Store


def stored(store: Store) -> tuple[str, str]:
    return store.meta("codebook"), store.meta("codebook_json")


def test_a_new_project_keeps_the_parsed_codebook_equal_to_its_toml(tmp_path):
    with Store(tmp_path / "p.db") as store:
        text, as_json = stored(store)
        assert as_json, "a new project writes the JSON form"
        assert codebook_from_json(as_json, text) == parse_codebook(text, "x")
        assert store.codebook() == replace(parse_codebook(text, "x"), version=1)


def test_an_edit_and_its_undo_write_both_forms(store):
    book = store.codebook()
    change = store.change_codebook(edit_code(book, "entity_types", "ORG", label="Body"))
    text, as_json = stored(store)
    assert '"Body"' in text
    assert codebook_from_json(as_json, text) == parse_codebook(text, "x")
    assert store.codebook().code("entity_types", "ORG").label == "Body"
    store.revert_codebook_change(change)
    text, as_json = stored(store)
    assert codebook_from_json(as_json, text) == parse_codebook(text, "x")
    assert store.codebook().code("entity_types", "ORG").label != "Body"
    added = add_code(store.codebook(), "claim_categories", "ceasefire", "Ceasefire")
    store.change_codebook(added)
    assert store.codebook().code("claim_categories", "ceasefire").label == "Ceasefire"


def test_json_made_from_other_toml_is_ignored(store):
    """A project whose TOML changed without its JSON (an older version, a hand edit)."""
    text, _ = stored(store)
    changed = text.replace('label = "Organisation"', 'label = "Organisation (by hand)"')
    assert changed != text
    store.db.execute("UPDATE meta SET value = ? WHERE key = 'codebook'", [changed])
    assert store.codebook().code("entity_types", "ORG").label == "Organisation (by hand)"


def test_damaged_or_missing_json_falls_back_to_the_toml(store):
    text, as_json = stored(store)
    for damaged in ("{", "[]", '{"source_text": 1}', as_json.replace('"entity_types"', '"x"'),
                    None):
        assert codebook_from_json(damaged, text) is None
        if damaged is None:
            store.db.execute("DELETE FROM meta WHERE key = 'codebook_json'")
        else:
            store.db.execute("UPDATE meta SET value = ? WHERE key = 'codebook_json'", [damaged])
        assert store.codebook() == replace(parse_codebook(text, "x"), version=1)


def test_round_trip_keeps_every_field(store):
    book = store.codebook()
    assert codebook_from_json(codebook_json(book), book.source_text) == book


def test_opening_a_project_reads_its_codebook_without_tomllib(tmp_path):
    path = tmp_path / "p.db"
    Store(path).close()
    code = ("import sys; from annotator.store import Store\n"
            f"s = Store({str(path)!r}); book = s.codebook(); s.close()\n"
            "print(book.name, 'tomllib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[-1] == "False", out
