"""brat input that is wrong in one place costs a warning for that annotation, or one error
for that file, and the rest of the brat files (and the plain ones) still import."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from annotator.importing import import_paths
from annotator.importing.brat_standoff import parse_ann

TEXT = "Donald Trump said   that Mexico will pay.\n"


def pair(folder: Path, name: str, ann: str, text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    path = folder / f"{name}.ann"
    path.write_text(ann, encoding="utf-8")
    return path


def test_a_span_of_only_white_space_is_a_warning_and_the_other_files_import(tmp_path, store):
    gap = TEXT.index("   ")
    bad = pair(tmp_path, "a", f"T1\tPER 0 12\tDonald Trump\nT2\tORG {gap} {gap + 3}\t   \n")
    pair(tmp_path, "b", "T1\tGPE 25 31\tMexico\n", "Before, Donald said that Mexico will pay.\n")
    report = import_paths(store, [tmp_path])
    assert report.failed == 0, report.format()
    assert report.brat.files == 2 and report.brat.mentions == 2
    assert [w.format() for w in report.warnings] == [
        f"warning: {bad}:2: T2: span {gap}-{gap + 3} covers only white space, so it names "
        "no entity; skipped"]


def test_a_duplicate_id_keeps_the_first_and_warns():
    doc = parse_ann("T1\tPER 0 6\tDonald\nT2\tPER 7 12\tTrump\nT1\tORG 25 31\tMexico\n")
    assert doc.textbounds["T1"].type == "PER"
    assert doc.problems == [(3, "T1 is used again (first on line 1); the first is kept, "
                                "this one skipped")]


def test_an_alias_of_only_punctuation_is_left_out(tmp_path, store):
    text = "Daesh ... said that ISIL will win.\n"
    pair(tmp_path, "a", "T1\tORG 0 5\tDaesh\nT2\tORG 6 9\t...\n*\tAlias T1 T2\n", text)
    pair(tmp_path, "b", "T1\tORG 0 4\tISIS\n", "ISIS fighters said so.\n")
    report = import_paths(store, [tmp_path])
    assert report.failed == 0, report.format()
    assert report.brat.mentions == 3


def test_brat_warnings_reach_the_command_line_and_keep_status_0(tmp_path):
    ann = pair(tmp_path / "in", "a", "T1\tPER 0 12\tDonald Trump\n"
               "T2\tPER 0 400\tfar too long\n"
               "T3\tPER -4 2\tnegative\n"
               "T1\tORG 25 31\tMexico\n"
               "T9\tPER x y\tunreadable\n")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "p.db"), str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert warnings == [
        f"warning: {ann}:3: T3: offsets -4 2 are negative or reversed; skipped",
        f"warning: {ann}:4: T1 is used again (first on line 1); the first is kept, "
        "this one skipped",
        f"warning: {ann}:5: cannot read 'T9\\tPER x y\\tunreadable'",
        f"warning: {ann}:2: T2: the covered text differs from the text at its offsets; "
        "the offsets are used",
        f"warning: {ann}:2: T2: span 0-400 is empty or outside the text (42 characters); "
        "skipped"]
    assert "imported 1, duplicates 0, failed 0, warnings 5" in result.stdout
