"""Team workflow: merging coders' project files, assigning articles, the CLI commands."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.model import ArticleDraft
from annotator.store import ProjectError, Store
from annotator.team.workflow import MergeConflict, plan_assignments, realign

ARMY = "The Iraqi Army said ISIS fighters fled Mosul on Sunday."
OTHER = "Peshmerga officer Nechirvan Mirani said the front held."


def dump(path) -> list[str]:
    """Every row of a project file, for "nothing changed" checks."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def counts(path) -> dict[str, int]:
    with Store(path) as s:
        return s.stats()["counts"]


def make_coder_file(path, coder, *, body=ARMY, extra=True):
    """A project as one coder would hand it in: one or two articles, some coding."""
    with Store(path, coder=coder) as s:
        drafts = [ArticleDraft("Mosul", body)] + ([ArticleDraft("Front", OTHER)] if extra else [])
        ids = s.add_articles(drafts).inserted
        s.add_mention(ids[0], 4, 14, name="Iraqi Army", entity_type="ORG")
        s.add_mention(ids[0], 20, 24, entity_type="ARMED_GROUP")
        claim = s.add_claim(ids[0], 25, 44, category="military_action", position=0).row_id
        army = s.find_entity("Iraqi Army", "ORG").id
        s.add_attribution(claim, kind="indirect", source_entity_id=army, source_span=(4, 14),
                          cue_span=(15, 19))
        s.set_status(ids[0], "done")
    return path


# -- assignment plans -------------------------------------------------------------------------

def test_plan_is_deterministic_balanced_and_overlaps():
    ids = list(range(1, 101))
    plan = plan_assignments(ids, ["ana", "ben", "cem"], 0.2, seed=7)
    assert plan == plan_assignments(list(reversed(ids)), ["ana", "ben", "cem"], 0.2, seed=7)
    assert plan != plan_assignments(ids, ["ana", "ben", "cem"], 0.2, seed=8)
    assert sorted(plan) == ids
    shared = [g for g in plan.values() if len(g) > 1]
    assert len(shared) == 20 and all(len(g) == 2 for g in shared)
    # every pair shares articles, so each pair gets its own kappa
    assert Counter(shared) == {("ana", "ben"): 7, ("ana", "cem"): 7, ("ben", "cem"): 6}
    load = Counter(c for g in plan.values() for c in g)
    assert max(load.values()) - min(load.values()) <= 1   # 120 codings over 3 coders


def test_plan_without_overlap_and_bad_arguments():
    plan = plan_assignments([1, 2, 3, 4], ["ana", "ben"], 0, seed=1)
    assert all(len(g) == 1 for g in plan.values())
    assert Counter(g[0] for g in plan.values()) == {"ana": 2, "ben": 2}
    assert len([g for g in plan_assignments(range(10), ["a", "b", "c"], 0.01, 1).values()
                if len(g) > 1]) == 1          # a positive overlap gives at least one article
    three = plan_assignments(range(10), ["a", "b", "c"], 1.0, 1, overlap_coders=3)
    assert all(g == ("a", "b", "c") for g in three.values())
    with pytest.raises(ValueError, match="two coders"):
        plan_assignments([1, 2], ["ana"], 0.5, seed=1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        plan_assignments([1, 2], ["ana", "ben"], 1.5, seed=1)
    with pytest.raises(ValueError, match="at least one coder"):
        plan_assignments([1], [" "], 0, seed=1)


def test_assign_writes_assignments_that_filter_the_article_list(store):
    store.add_articles([ArticleDraft(f"t{i}", f"body number {i}") for i in range(10)])
    change = store.assign_articles(["ana", "ben"], overlap=0.2, seed=3)
    assert change.after["seed"] == 3 and change.after["shared"] == 2
    assigned = store.assignments()
    assert len(assigned["ana"]) + len(assigned["ben"]) == 12
    assert len(set(assigned["ana"]) & set(assigned["ben"])) == 2
    listed = [r["id"] for r in store.list_articles(assigned_only=True)]
    assert listed == assigned["ana"]      # the store's coder is ana
    # a later call hands out only new articles; replace starts over, same seed same split
    store.add_articles([ArticleDraft("new", "a later article")])
    assert store.assign_articles(["ana", "ben"], seed=3).after["articles"] == 1
    again = store.assign_articles(["ana", "ben"], overlap=0.2, seed=3, replace=True)
    assert again.after["articles"] == 11
    summary = {r["coder"]: r for r in store.assignment_summary()}
    assert summary["ana"]["shared"] == summary["ben"]["shared"] == 2


# -- merging ----------------------------------------------------------------------------------

def test_merge_folds_coders_files_and_is_idempotent(tmp_path):
    a = make_coder_file(tmp_path / "ana.db", "ana")
    b = make_coder_file(tmp_path / "ben.db", "ben", extra=False)
    target = tmp_path / "team.db"
    with Store(target) as t:
        reports = t.merge_projects([a, b]).after["reports"]
        assert [r.articles_added for r in reports] == [2, 0]
        assert reports[1].articles_matched == 1
        assert reports[1].entities_matched == 2 and reports[1].entities_created == 0
        assert [r.coders_added for r in reports] == [["ana"], ["ben"]]
        by_coder = Counter(r["coder"] for r in t.export_rows("mentions"))
        assert by_coder == {"ana": 2, "ben": 2}
        chains = list(t.export_rows("attributions"))
        assert {(r["coder"], r["source_name"], r["kind"]) for r in chains} == {
            ("ana", "Iraqi Army", "indirect"), ("ben", "Iraqi Army", "indirect")}
        assert {r["coder"]: r["status"] for r in t.db.query(
            "SELECT c.name AS coder, s.status FROM article_status s JOIN coders c"
            " ON c.id = s.coder_id")} == {"ana": "done", "ben": "done"}
    before = dump(target)
    with Store(target) as t:
        reports = t.merge_projects([a, b]).after["reports"]
        assert sum(r.mentions_added + r.claims_added + r.attributions_added
                   for r in reports) == 0
        assert sum(r.already_present for r in reports) == 8
    after = dump(target)
    # only the edit log's "merge" record is new
    assert [line for line in after if line not in before and "edit_log" not in line] == []


def test_merge_matches_entities_by_normalised_name_and_alias_not_fuzzily(tmp_path):
    src = tmp_path / "src.db"
    with Store(src, coder="ben") as s:
        aid = s.add_articles([ArticleDraft("x", "the Iraqi army met Daesh and the Iraqi Armi")]
                             ).inserted[0]
        s.add_mention(aid, 0, 14, entity_type="ORG")         # "the Iraqi army"
        s.add_mention(aid, 19, 24, entity_type="ARMED_GROUP")  # "Daesh"
        s.add_mention(aid, 29, 43, entity_type="ORG")        # "the Iraqi Armi": a typo
        s.add_alias(s.find_entity("Daesh").id, "ISIL")
    with Store(tmp_path / "t.db", coder="lead") as t:
        t.add_entity("Iraqi Army", "ORG")
        isis = t.add_entity("ISIS", "ARMED_GROUP").row_id
        t.add_alias(isis, "ISIL")
        report = t.merge_projects([src]).after["reports"][0]
        assert report.entities_matched == 2 and report.entities_created == 1
        names = {e.name for e in t.entities()}
        assert names == {"Iraqi Army", "ISIS", "the Iraqi Armi"}   # the near match stays apart
        assert "Daesh" in t.aliases(isis)                        # learnt from the source


def test_merge_follows_source_merges_and_keeps_attribution_chains(tmp_path):
    src = tmp_path / "src.db"
    with Store(src, coder="ana") as s:
        body = "ARA News reported that the General Command said Mosul fell."
        aid = s.add_articles([ArticleDraft("x", body)]).inserted[0]
        ara = s.add_entity("ARA News", "MEDIA").row_id
        cmd = s.add_entity("General Command", "ORG").row_id
        cmd2 = s.add_entity("Iraqi General Command", "ORG").row_id
        s.merge_entities(cmd, [cmd2])
        claim = s.add_claim(aid, 48, 58).row_id
        outer = s.add_attribution(claim, source_entity_id=ara, source_span=(0, 8),
                                  cue_span=(9, 17)).row_id
        s.add_attribution(claim, source_entity_id=cmd2, source_span=(27, 42),
                          cue_span=(43, 47), parent_attribution_id=outer)
    with Store(tmp_path / "t.db") as t:
        t.merge_projects([src])
        rows = list(t.export_rows("attributions"))
        inner = next(r for r in rows if r["parent_attribution_id"])
        assert inner["source_name"] == "General Command"
        assert next(r for r in rows if r["attribution_id"] == inner["parent_attribution_id"]
                    )["source_name"] == "ARA News"
        assert "Iraqi General Command" in t.aliases(inner["source_entity_id"])


def test_continued_work_is_added_diverged_work_is_a_conflict(tmp_path):
    ana = make_coder_file(tmp_path / "ana.db", "ana")
    target = tmp_path / "team.db"
    with Store(target) as t:
        t.merge_projects([ana])
    with Store(ana, coder="ana") as s:        # ana goes on coding in her copy
        s.add_mention(1, 48, 54, entity_type="EVENT")
    with Store(target) as t:
        assert t.merge_projects([ana]).after["reports"][0].mentions_added == 1
    with Store(ana, coder="ana") as s:        # ... and changes a claim already merged
        s.update("claims", 1, category="casualties")
    before = dump(target)
    with Store(target) as t, pytest.raises(MergeConflict, match="ana's coding of article"):
        t.merge_projects([ana])
    assert dump(target) == before
    with Store(target) as t:
        report = t.merge_projects([ana], prefer_source=True).after["reports"][0]
        assert report.replaced == 5 and report.claims_added == 1
        assert [r["category"] for r in t.export_rows("claims")] == ["casualties"]


def test_bad_source_leaves_target_and_source_untouched(tmp_path):
    good = make_coder_file(tmp_path / "ana.db", "ana")
    target = make_coder_file(tmp_path / "team.db", "lead")
    text = tmp_path / "notes.txt"
    text.write_text("not a project")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t(x)")
    before, text_before, foreign_before = dump(target), text.read_bytes(), foreign.read_bytes()
    for bad in (text, foreign, tmp_path / "missing.db", target):
        with Store(target) as t, pytest.raises(ProjectError, match=str(bad.name)):
            t.merge_projects([good, bad])
    assert dump(target) == before
    assert text.read_bytes() == text_before and foreign.read_bytes() == foreign_before


def test_sources_are_only_read(tmp_path):
    src = make_coder_file(tmp_path / "ana.db", "ana")
    before = dump(src)
    with Store(tmp_path / "t.db") as t:
        t.merge_projects([src])
    assert dump(src) == before


def test_merge_realigns_offsets_when_bodies_differ_in_whitespace(tmp_path):
    src = make_coder_file(tmp_path / "ana.db", "ana", extra=False)
    with Store(tmp_path / "t.db") as t:
        reflowed = ARMY.replace(" said ", "\n  said\n")
        aid = t.add_articles([ArticleDraft("Mosul", reflowed)]).inserted[0]
        assert t.merge_projects([src]).after["reports"][0].articles_matched == 1
        assert {m.text for m in t.mentions(aid)} == {"Iraqi Army", "ISIS"}
        claim = t.claims(aid)[0]
        assert claim.text == reflowed[claim.start:claim.end] == "fighters fled Mosul"
        assert t.attributions(aid)[0].cue_text == "said"


def test_realign_maps_starts_and_ends_to_the_same_words():
    src, dst = "a  bc d", "a bc\nd "
    mapper = realign(src, dst)
    assert mapper(3, False) == 2 and mapper(5, True) == 4       # "bc"
    assert mapper(2, False) == 2                                 # a start in a space moves on
    assert realign("same", "same") is None
    with pytest.raises(ValueError):
        realign("abc", "abd")


# -- CLI --------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["merge", "assign"])
def test_help_has_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "annotator " in result.output


def test_cli_merge_and_its_errors(tmp_path):
    a = make_coder_file(tmp_path / "ana.db", "ana")
    target = tmp_path / "team.db"
    runner = CliRunner()
    result = runner.invoke(main, ["merge", str(target), str(a)])
    assert result.exit_code == 0, result.output
    assert "2 articles added" in result.output and "new coder: ana" in result.output
    bad = tmp_path / "bad.db"
    bad.write_text("garbage")
    before = dump(target)
    result = runner.invoke(main, ["merge", str(target), str(a), str(bad)])
    assert result.exit_code == 1 and "bad.db" in result.output and "not an" in result.output
    assert dump(target) == before


def test_cli_assign(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as s:
        s.add_articles([ArticleDraft(f"t{i}", f"body {i}") for i in range(10)])
    result = CliRunner().invoke(main, ["assign", str(path), "--coders", "ana,ben,cem",
                                       "--overlap", "0.3", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "seed 5" in result.output and "3 shared" in result.output
    with Store(path) as s:
        assert sum(len(v) for v in s.assignments().values()) == 13
    result = CliRunner().invoke(main, ["assign", str(path), "--coders", "ana",
                                       "--overlap", "0.3"])
    assert result.exit_code != 0 and "two coders" in result.output


def test_cli_merge_into_a_new_target_takes_the_sources_codebook_or_leaves_no_file(tmp_path):
    """Found running the README's commands: a new (or misspelt) target got the default
    codebook, so coders on their own scheme could not merge, and a failed merge left
    an empty project behind."""
    from annotator.codebook import load_codebook
    from annotator.codebook.edit import add_code

    own = add_code(load_codebook(), "entity_types", "VEHICLE", "Vehicle").book
    ana, ben = tmp_path / "ana.db", tmp_path / "ben.db"
    with Store(ana, coder="ana", codebook=own) as s:
        article = s.add_articles([ArticleDraft("Mosul", ARMY)]).inserted[0]
        s.add_mention(article, 4, 14, name="Iraqi Army", entity_type="VEHICLE")
    make_coder_file(ben, "ben")  # the default codebook: a subset of ana's
    runner = CliRunner()
    target = tmp_path / "team.db"
    result = runner.invoke(main, ["merge", str(target), str(ana), str(ben)])
    assert result.exit_code == 0, result.output
    assert f"created {target} with the codebook of {ana}" in result.output
    with Store(target) as s:
        assert "VEHICLE" in s.codebook().entity_type_keys()
        assert s.find_entity("Iraqi Army", "VEHICLE") is not None
    for sources in ([str(ben), str(ana)],  # ben's default codebook lacks VEHICLE
                    [str(tmp_path / "nothere.db")]):
        other = tmp_path / "misspelt.db"
        result = runner.invoke(main, ["merge", str(other), *sources])
        assert result.exit_code == 1 and "not created" in result.output, result.output
        assert not other.exists() and not list(tmp_path.glob("misspelt.db*"))
