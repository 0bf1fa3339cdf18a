"""Every command through click's CliRunner, on real project files."""

from __future__ import annotations

import csv
import json

import click
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.model import ArticleDraft
from annotator.store import Store


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.db"
    with Store(path, coder="ana") as s:
        aid = s.add_articles([ArticleDraft("First", "The army said 😀 things."),
                              ArticleDraft("Second", "Another body.")]).inserted[0]
        s.add_mention(aid, 4, 8, entity_type="ORG")
        s.set_status(aid, "done")
    return path


def _every_command(group=main, path=()):
    """Every command and subcommand, as the words that name it (README: each has an example)."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _every_command(command, (*path, name))


@pytest.mark.parametrize("command", list(_every_command()), ids=" ".join)
def test_help_has_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"annotator {' '.join(command)}" in result.output


def test_top_level_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("import", "export", "stats"):
        assert command in result.output


def test_stats(runner, project):
    result = runner.invoke(main, ["stats", str(project)])
    assert result.exit_code == 0, result.output
    assert "articles" in result.output and "coder ana: done 1" in result.output
    data = json.loads(runner.invoke(main, ["stats", str(project), "--json"]).output)
    assert data["counts"]["articles"] == 2 and data["counts"]["mentions"] == 1


def test_export_writes_csv(runner, project, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", str(project), str(out), "--excel"])
    assert result.exit_code == 0, result.output
    assert "claims_flat.csv" in result.output
    with (out / "articles.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["title"] for r in rows] == ["First", "Second"]
    result = runner.invoke(main, ["export", str(project), str(tmp_path / "j"), "--format",
                                  "jsonl"])
    assert result.exit_code == 0 and (tmp_path / "j" / "mentions.jsonl").exists()


def test_excel_with_another_format_is_refused_not_ignored(runner, project, tmp_path):
    out = tmp_path / "x"
    result = runner.invoke(main, ["export", str(project), str(out), "--format", "xlsx",
                                  "--excel"])
    assert result.exit_code == 2
    assert "--excel shapes CSV" in result.output and "--format xlsx alone" in result.output
    assert not out.exists()  # nothing written


def test_refuses_a_foreign_file(runner, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a project")
    result = runner.invoke(main, ["stats", str(notes)])
    assert result.exit_code == 1
    assert "not an Annotator project" in result.output
    assert notes.read_text() == "not a project"


def test_import_summary_and_failure_status(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Title A\n\n2016-11-05\n\nBody of A.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Title B\n\nBody of B.\n", encoding="utf-8")
    (folder / "dup.txt").write_text("Title A again\n\nBody of A.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "new.db"
    result = runner.invoke(main, ["import", str(db), str(folder)])
    assert result.exit_code == 1
    assert "imported 2, duplicates 1, failed 1" in result.output
    assert f"error: {folder / 'empty.txt'}" in result.output
    good = runner.invoke(main, ["import", str(db), str(folder / "a.txt")])
    assert good.exit_code == 0 and "imported 0, duplicates 1, failed 0" in good.output
    with Store(db) as s:
        article = s.article(s.article_ids()[0])
        assert article.published.startswith("2016-11-05")


def test_import_with_own_codebook(runner, tmp_path):
    book = tmp_path / "book.toml"
    book.write_text('[[entity_types]]\nkey = "ACTOR"\n[[claim_categories]]\nkey = "x"\n'
                    '[[attribution_kinds]]\nkey = "said"\n', encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("T\n\nBody.\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(tmp_path / "p.db"), str(src), "--codebook",
                                  str(book)])
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "p.db") as s:
        assert s.codebook().entity_type_keys() == ["ACTOR"]
    broken = tmp_path / "broken.toml"
    broken.write_text("[[entity_types]\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(tmp_path / "q.db"), str(src), "--codebook",
                                  str(broken)])
    assert result.exit_code == 1 and "broken.toml" in result.output


def test_import_codebook_never_replaces_an_existing_projects(runner, tmp_path):
    """Found running the README's commands: a second ``import --codebook`` (the creation
    command copied for the next batch) replaced the project's codebook without a word."""
    book = tmp_path / "book.toml"
    book.write_text('[[entity_types]]\nkey = "ACTOR"\n[[claim_categories]]\nkey = "x"\n'
                    '[[attribution_kinds]]\nkey = "said"\n', encoding="utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("T\n\nBody.\n", encoding="utf-8")
    second.write_text("U\n\nAnother body.\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    assert runner.invoke(main, ["import", db, str(first)]).exit_code == 0
    result = runner.invoke(main, ["import", db, str(second), "--codebook", str(book)])
    assert result.exit_code == 1
    assert "already has a codebook (Annotator default codebook, version 1)" in result.output
    assert f"annotator codebook import {db} {book}" in result.output
    with Store(db) as s:  # nothing changed: the codebook, its version, the articles
        assert "ACTOR" not in s.codebook().entity_type_keys()
        assert s.codebook_version() == 1 and len(s.article_ids()) == 1
    same = tmp_path / "same.toml"  # the project's own codebook, as exported, is accepted
    assert runner.invoke(main, ["codebook", "export", db, str(same)]).exit_code == 0
    result = runner.invoke(main, ["import", db, str(second), "--codebook", str(same)])
    assert result.exit_code == 0, result.output
    with Store(db) as s:
        assert s.codebook_version() == 1 and len(s.article_ids()) == 2


def test_a_recode_that_moves_nothing_keeps_the_codebook_version(runner, tmp_path):
    db = str(tmp_path / "p.db")
    src = tmp_path / "a.txt"
    src.write_text("T\n\nBody.\n", encoding="utf-8")
    same = tmp_path / "same.toml"
    assert runner.invoke(main, ["import", db, str(src)]).exit_code == 0
    assert runner.invoke(main, ["codebook", "export", db, str(same)]).exit_code == 0
    result = runner.invoke(main, ["codebook", "import", db, str(same),
                                  "--recode", "type:EVENT=OTHER"])
    assert result.exit_code == 0 and "already that of" in result.output, result.output
    result = runner.invoke(main, ["codebook", "import", db, str(same),
                                  "--recode", "type:EVENT=NOPE"])  # still checked
    assert result.exit_code == 1 and "no such code" in result.output
    with Store(db) as s:
        assert s.codebook_version() == 1


def test_dedupe_lists_and_merges(runner, tmp_path):
    db = tmp_path / "d.db"
    with Store(db, coder="ana") as s:
        a = s.add_entity("Hashd al-Shaabi", "ARMED_GROUP").row_id
        b = s.add_entity("Hashed al-Shaabi", "ARMED_GROUP").row_id
        s.add_entity("Iraqi Army General Command", "ORG")
        s.add_entity("Iraqi Army", "ORG")
    result = runner.invoke(main, ["dedupe", str(db)])
    assert result.exit_code == 0, result.output
    assert "Hashed al-Shaabi" in result.output and "1 likely group\n" in result.output
    assert "General Command" not in result.output
    groups = json.loads(runner.invoke(main, ["dedupe", str(db), "--json"]).output)
    assert [e["id"] for e in groups[0]["entities"]] == [a, b]
    merged = runner.invoke(main, ["dedupe", str(db), "--merge", str(a), "--merge", str(b)])
    assert merged.exit_code == 0, merged.output
    assert "aliases: Hashed al-Shaabi" in merged.output
    assert "0 likely groups" in runner.invoke(main, ["dedupe", str(db)]).output
    bad = runner.invoke(main, ["dedupe", str(db), "--merge", str(a), "--merge", "999"])
    assert bad.exit_code == 1 and "999" in bad.output


def test_dedupe_lists_possible_pairs_with_their_evidence(runner, tmp_path):
    db = tmp_path / "p.db"
    with Store(db, coder="ana") as s:
        cts = s.add_entity("CTS", "ORG").row_id
        s.add_entity("Counter-Terrorism Service", "ORG")
        s.add_entity("Iraq", "GPE/LOC")
        s.add_entity("Iran", "GPE/LOC")
    plain = runner.invoke(main, ["dedupe", str(db)])
    assert plain.exit_code == 0 and "CTS" not in plain.output
    result = runner.invoke(main, ["dedupe", str(db), "--possible"])
    assert result.exit_code == 0, result.output
    assert "possible 1 (score" in result.output
    assert "initials of Counter-Terrorism Service" in result.output
    assert "0 likely groups, 1 possible pair" in result.output
    groups = json.loads(runner.invoke(main, ["dedupe", str(db), "--possible", "--json"]).output)
    assert groups[0]["tier"] == "possible" and cts in [e["id"] for e in groups[0]["entities"]]
    assert not any("Iraq" in e["name"] for g in groups for e in g["entities"])


@pytest.mark.parametrize("typo,hint", [("stat", "stats"), ("exprot", "export")])
def test_a_misspelt_command_is_refused_not_opened(runner, tmp_path, monkeypatch, typo, hint):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, [typo, "x"])
    assert result.exit_code == 2
    assert f"No such command '{typo}'" in result.output and hint in result.output
    assert list(tmp_path.iterdir()) == []  # no project was created


def test_a_project_file_name_still_opens_the_window(monkeypatch, tmp_path):
    from annotator.launch import names_a_project
    assert names_a_project("team.db") and names_a_project(str(tmp_path))
    assert names_a_project("--demo") and names_a_project("sub/project")
    assert names_a_project("./newproject")  # a path: the coder means a file
    assert not names_a_project("stat") and not names_a_project("exprot")
    opened = []
    monkeypatch.setattr("annotator.gui.app.run_window",
                        lambda db, coder=None, demo=False: opened.append((db, demo)) or 0)
    result = CliRunner().invoke(main, ["team.db"])
    assert result.exit_code == 0 and opened == [("team.db", False)]


def test_shell_completion_completes_commands(runner):
    """``annotator ex<TAB>``: click's completion, which the README documents."""
    env = {"_ANNOTATOR_COMPLETE": "bash_complete", "COMP_WORDS": "annotator ex",
           "COMP_CWORD": "1"}
    result = runner.invoke(main, [], env=env, prog_name="annotator")
    assert result.exit_code == 0
    assert "plain,export" in result.output.splitlines()
    env["COMP_WORDS"], env["COMP_CWORD"] = "annotator export --fo", "2"
    result = runner.invoke(main, [], env=env, prog_name="annotator")
    assert "plain,--format" in result.output.splitlines()
    env["COMP_WORDS"], env["COMP_CWORD"] = "annotator export p.db out --format x", "5"
    assert "plain,xlsx" in runner.invoke(main, [], env=env, prog_name="annotator").output


def test_install_desktop_writes_the_menu_entry_and_icon(runner, tmp_path):
    import configparser
    result = runner.invoke(main, ["install-desktop"], env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    entry_path = tmp_path / "applications" / "annotator.desktop"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "annotator.svg"
    assert f"wrote {entry_path}" in result.output and icon.read_text().startswith("<svg")
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(entry_path, encoding="utf-8")
    exec_line = entry["Desktop Entry"]["Exec"]
    assert exec_line.endswith(" %f") and "annotator-gui" in exec_line


@pytest.mark.parametrize("content", ["not = [toml\n", "[types]\nfoo = 3\n"])
def test_a_bad_codebook_or_mapping_file_is_one_error_line(runner, tmp_path, content):
    bad = tmp_path / "bad.toml"
    bad.write_text(content)
    (tmp_path / "brat").mkdir()
    (tmp_path / "brat" / "d.txt").write_text("Ana said hello.\n")
    (tmp_path / "brat" / "d.ann").write_text("T1\tPerson 0 3\tAna\n")
    result = runner.invoke(main, ["import", str(tmp_path / "c.db"), str(tmp_path / "brat"),
                                  "--codebook", str(bad)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if str(bad) in line]
    assert len(errors) == 1 and errors[0].startswith("Error: ") and "Traceback" not in \
        result.output
    option = next(p.opts[0] for p in main.commands["import"].params
                  if "mapping" in p.name)  # --mapping (or --brat-mapping before it)
    result = runner.invoke(main, ["import", str(tmp_path / "m.db"), str(tmp_path / "brat"),
                                  option, str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if str(bad) in line]
    assert len(errors) == 1 and "mapping" in errors[0], result.output


def test_a_missing_path_among_others_is_one_error_and_the_rest_is_imported(runner, tmp_path):
    """README: a failed input is an ``error: PATH: reason`` line, exit 1, the rest goes on;
    a missing file was refused by click before anything was read."""
    good = tmp_path / "a.txt"
    good.write_text("A title\n\nA body.\n", encoding="utf-8")
    db, missing = tmp_path / "p.db", tmp_path / "missing.jsonl"
    result = runner.invoke(main, ["import", str(db), str(missing), str(good)])
    assert result.exit_code == 1
    assert f"error: {missing}: no such file or folder" in result.output
    assert "imported 1, duplicates 0, failed 1" in result.output
    alone = runner.invoke(main, ["import", str(tmp_path / "q.db"), str(missing)])
    assert alone.exit_code == 2 and "no such file or folder" in alone.output
    assert not (tmp_path / "q.db").exists()  # nothing to read: no empty project left
