"""The agreement report's CSV files: formula-safe like the export's, and written as one set."""

from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.exporting.cells import FORMULA_TRIGGERS
from annotator.model import ArticleDraft
from annotator.store import Store
from annotator.team import agreement
from annotator.team.agreement import agreement_files, compute_agreement, write_agreement

BODY = ("=Evil Corp said on Monday that @Handle met +Plus and -Minus. The talks failed, "
        "@Handle added. Later =Evil Corp denied everything.")
CODERS = ("=ana", "+ben", "-cem", "@dan")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def at(phrase: str, after: int = 0) -> tuple[int, int]:
    start = BODY.index(phrase, after)
    return start, start + len(phrase)


def code_team_project(path) -> None:
    """Four coders whose names, entities, categories and kinds all look like formulas."""
    with Store(path) as store:
        first, second = store.add_articles([ArticleDraft("One", BODY),
                                            ArticleDraft("Two", BODY + " Again.")]).inserted
        for n, coder in enumerate(CODERS):
            store.set_coder(coder)
            for aid in (first, second):
                evil = store.resolve_entity("=Evil Corp", "ORG")[0]
                store.add_mention(aid, *at("=Evil Corp"), entity_id=evil)
                store.add_mention(aid, *at("@Handle"), name="@Handle",
                                  entity_type="PERSON" if n % 2 else "-PERSON")
                store.add_mention(aid, *at("+Plus" if n < 2 else "-Minus"),
                                  entity_type="=ORG")
                claim = store.add_claim(aid, *at("@Handle met +Plus and -Minus"),
                                        category=("=SUM(A1)", "-cat", "+cat", "@cat")[n],
                                        position=(-1, 0, 1, -1)[n]).row_id
                store.add_attribution(claim, kind=("=kind", "-kind")[n % 2],
                                      source_entity_id=evil, source_span=at("=Evil Corp"),
                                      cue_span=at("said"))
                store.set_status(aid, "done")


def cells(path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_every_cell_of_every_agreement_file_is_formula_safe(tmp_path):
    db, out = tmp_path / "team.db", tmp_path / "reliability"
    code_team_project(db)
    result = CliRunner().invoke(main, ["agreement", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert len(files) >= 15
    unsafe = [(p.name, c) for p in files for c in cells(p)
              if c.startswith(FORMULA_TRIGGERS) and not NUMBER.fullmatch(c)]
    assert unsafe == []
    header = cells(out / "mentions_entity.csv")[:5]
    assert header == ["unit", "'+ben", "'-cem", "'=ana", "'@dan"]
    assert "-1" in cells(out / "claims_position.csv")  # numbers stay numbers
    legend = cells(out / "claims_category_codes.csv")
    assert {"'=SUM(A1)", "'-cat", "'+cat", "'@cat"} <= set(legend)
    assert "'=Evil Corp (ORG)" in cells(out / "mentions_entity_codes.csv")
    with (out / "agreement.csv").open(encoding="utf-8", newline="") as fh:
        figures = list(csv.DictReader(fh))
    assert {"'=ana", "'+ben", "'-cem", "'@dan", "*"} <= {f["coder_a"] for f in figures} | {
        f["coder_b"] for f in figures}
    assert any(f["value"].startswith("-") for f in figures)  # a negative κ, as a number


def test_a_failed_report_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    db, out = tmp_path / "team.db", tmp_path / "reliability"
    code_team_project(db)
    with Store(db) as store:
        report = compute_agreement(store)
    write_agreement(report, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) <= agreement_files()

    def broken_label(value, entities):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(agreement, "_label", broken_label)
    report.figures = report.figures[:1]  # a different report, which never arrives
    with pytest.raises(RuntimeError, match="interrupted"):
        write_agreement(report, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
