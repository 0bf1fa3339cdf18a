"""Agreement figures on cases small enough to work out by hand (the working is in comments).

Krippendorff's α below is computed from the coincidence matrix o_ck (every
ordered pair of values within a unit, weighted 1/(m_u - 1) for a unit with m_u
values), n_c = Σ_k o_ck, n = Σ n_c:
    nominal α = 1 - (n - 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k
"""

from __future__ import annotations

import csv
import math

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import main
from annotator.model import ArticleDraft
from annotator.store import Store
from annotator.team.agreement import ALL, compute_agreement, format_agreement, write_agreement
from annotator.team.coincidences import nominal_alpha
from annotator.team.reliability import (
    cohen_kappa,
    f1,
    krippendorff_alpha,
    light_kappa,
    match_exact,
    match_overlap,
)

# -- Cohen's κ ----------------------------------------------------------------------------------


def test_kappa_is_one_for_identical_codes_with_variation():
    assert cohen_kappa(["x", "y", "x", "z"], ["x", "y", "x", "z"]) == 1.0


def test_kappa_is_zero_at_chance_level():
    # p_o = 2/4; each coder uses x and y half the time: p_e = .5·.5 + .5·.5 = .5
    # κ = (.5 - .5) / (1 - .5) = 0
    assert cohen_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]) == 0.0


def test_kappa_hand_worked():
    # p_o = 3/4; a: x 3, y 1; b: x 2, y 2 -> p_e = (3·2 + 1·2) / 16 = .5
    # κ = (.75 - .5) / .5 = .5
    assert cohen_kappa("xxxy", "xxyy") == pytest.approx(0.5)
    # systematic disagreement: p_o = 0, p_e = .5 -> κ = -1
    assert cohen_kappa("xy", "yx") == pytest.approx(-1.0)


def test_kappa_leaves_missing_out_and_is_undefined_without_variation():
    # the unit with None is dropped, leaving the chance-level case above
    assert cohen_kappa(["x", "x", "y", "y", None], ["x", "y", "x", "y", "x"]) == 0.0
    assert math.isnan(cohen_kappa(["x", "x"], ["x", "x"]))   # p_e = 1: 0/0
    assert math.isnan(cohen_kappa([], []))
    assert light_kappa([0.5, float("nan"), 1.0]) == pytest.approx(0.75)


# -- Krippendorff's α ---------------------------------------------------------------------------


def test_alpha_two_coders_hand_worked():
    # units (a,a) (a,b) (b,b) (b,b): o_aa = 2, o_ab = o_ba = 1, o_bb = 4
    # n_a = 3, n_b = 5, n = 8; α = 1 - 7·2 / (2·3·5) = 1 - 14/30 = 16/30
    units = [{"x": "a", "y": "a"}, {"x": "a", "y": "b"}, {"x": "b", "y": "b"},
             {"x": "b", "y": "b"}]
    assert krippendorff_alpha(units, ["x", "y"]) == pytest.approx(16 / 30)


def test_alpha_with_missing_data_hand_worked():
    # three coders, empty cells:
    #   u1 (a, a, -): m=2, o_aa += 2
    #   u2 (a, b, b): m=3, ordered pairs ab ab ba ba bb bb, each 1/2:
    #                 o_ab += 1, o_ba += 1, o_bb += 1
    #   u3 (b, -, -): one value, not pairable, ignored
    #   u4 (b, b, b): m=3, six bb pairs / 2: o_bb += 3
    # o_aa = 2, o_ab = o_ba = 1, o_bb = 4: the same matrix as above, α = 16/30
    units = [{"p": "a", "q": "a", "r": None}, {"p": "a", "q": "b", "r": "b"},
             {"p": "b"}, {"p": "b", "q": "b", "r": "b"}]
    assert krippendorff_alpha(units, ["p", "q", "r"]) == pytest.approx(16 / 30)


def test_alpha_on_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 coders ×
    # 12 units example with missing values; nominal α = .743 there.
    n = None
    rows = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n], "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            "C": [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n], "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]}
    units = [{c: rows[c][i] for c in rows} for i in range(12)]
    assert krippendorff_alpha(units, list(rows)) == pytest.approx(0.743, abs=5e-4)


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_variation():
    assert krippendorff_alpha([{"x": 1, "y": 1}, {"x": 2, "y": 2}], ["x", "y"]) == 1.0
    assert math.isnan(krippendorff_alpha([{"x": 1, "y": 1}, {"x": 1, "y": 1}], ["x", "y"]))
    assert math.isnan(krippendorff_alpha([{"x": 1}, {"y": 2}], ["x", "y"]))  # nothing pairable


@given(st.lists(st.lists(st.one_of(st.none(), st.sampled_from("abcd")), min_size=3,
                         max_size=3), max_size=25))
def test_closed_form_alpha_equals_the_package(rows):
    # the closed form used for very many distinct values (entity identities) must give
    # the package's figure; these small domains always go through the package
    units = [dict(zip("xyz", row)) for row in rows]
    expected, got = krippendorff_alpha(units, "xyz"), nominal_alpha(units, "xyz")
    assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


# -- span matching ------------------------------------------------------------------------------


def test_span_matching_and_f1():
    a = [(0, 5), (10, 20)]
    b = [(0, 5), (12, 25), (30, 35)]
    assert match_exact(a, b) == [(0, 0)]
    assert match_overlap(a, b) == [(0, 0), (1, 1)]
    # exact: 2·1 / (2 + 3) = .4; overlapping: 2·2 / 5 = .8
    assert f1(len(match_exact(a, b)), 2, 3) == pytest.approx(0.4)
    assert f1(len(match_overlap(a, b)), 2, 3) == pytest.approx(0.8)
    assert math.isnan(f1(0, 0, 0))


def test_overlap_matching_takes_the_best_overlap_first():
    # (0,10) overlaps (0,3) with Jaccard 3/10 and (2,10) with 8/10: it pairs with (2,10),
    # and (0,3) is left unpaired because (0,10) is taken (one-to-one)
    assert match_overlap([(0, 10)], [(0, 3), (2, 10)]) == [(0, 1)]
    assert match_overlap([(0, 3), (3, 6)], [(0, 6)]) == [(0, 0)]   # touching, not overlapping


# -- figures of a project -----------------------------------------------------------------------

BODY = "Alpha said Bravo met Gamma and Delta today in Echo city, Foxtrot added."


def at(word: str) -> tuple[int, int]:
    start = BODY.index(word)
    return start, start + len(word)


@pytest.fixture
def coded():
    """ana and ben code one article; cem codes only a second article with ana."""
    s = Store(None)
    first, second = s.add_articles([ArticleDraft("One", BODY),
                                    ArticleDraft("Two", "Another text about Alpha.")]).inserted
    for coder in ("ana", "ben"):
        s.set_coder(coder)
        alpha_name = "Alpha Corp" if coder == "ana" else "Alpha"
        alpha = s.resolve_entity(alpha_name, "ORG")[0]
        s.add_mention(first, *at("Alpha"), entity_id=alpha)
        if coder == "ana":
            s.add_mention(first, *at("Bravo"), entity_type="PERSON")
            s.add_mention(first, *at("Gamma"), entity_type="ORG")
        else:
            s.add_mention(first, *at("Bravo met"), name="Bravo", entity_type="PERSON")
            s.add_mention(first, *at("Delta"), entity_type="ORG")
        c1 = s.add_claim(first, *at("Bravo met Gamma"), category="political",
                         position=1 if coder == "ana" else 0).row_id
        s.add_attribution(c1, kind="indirect" if coder == "ana" else "direct_quote",
                          source_entity_id=alpha, source_span=at("Alpha"), cue_span=at("said"))
        c2 = s.add_claim(first, *at("Delta today" if coder == "ana" else "Delta today in Echo"),
                         category="military_action", position=0).row_id
        if coder == "ana":
            s.add_attribution(c2, kind="indirect", source_entity_id=alpha,
                              cue_span=at("added"))
    s.set_coder("ana")
    s.add_mention(second, 19, 24, entity_type="ORG")
    s.set_coder("cem")
    s.set_status(second, "done")   # cem found nothing to code: still a coder of it
    yield s
    s.close()


def test_mention_spans_types_and_identity(coded):
    report = compute_agreement(coded)
    # ana: Alpha, Bravo, Gamma; ben: Alpha, "Bravo met", Delta. Exact: Alpha only.
    # 2·1/6 exact, 2·2/6 overlapping (Alpha, Bravo~"Bravo met")
    assert report.value("mentions", "f1_exact", "ana", "ben") == pytest.approx(1 / 3)
    assert report.value("mentions", "f1_overlap", "ana", "ben") == pytest.approx(2 / 3)
    # matched types (ORG, ORG) (PERSON, PERSON): perfect agreement with variation
    assert report.value("mentions", "type_kappa", "ana", "ben") == 1.0
    assert report.value("mentions", "type_alpha", "ana", "ben") == 1.0
    # identity: ana's "Alpha Corp" vs ben's "Alpha" differ, Bravo is one entity:
    # units (e1,e2) (e3,e3). κ: p_o = .5, p_e = 1·1/4 -> (.5-.25)/.75 = 1/3
    # α: o_12 = o_21 = 1, o_33 = 2; n = (1,1,2); Σ_{c≠k} n_c n_k = 2·(1 + 2 + 2) = 10;
    #    α = 1 - 3·2/10 = .4
    assert report.value("mentions", "entity_kappa", "ana", "ben") == pytest.approx(1 / 3)
    assert report.value("mentions", "entity_alpha", "ana", "ben") == pytest.approx(0.4)
    # cem and ana share the second article: ana's one mention against none -> F1 0
    assert report.value("mentions", "f1_overlap", "ana", "cem") == 0.0


def test_identity_follows_merges(coded):
    corp, plain = coded.find_entity("Alpha Corp").id, coded.find_entity("Alpha").id
    coded.merge_entities(corp, [plain])
    report = compute_agreement(coded, ["ana", "ben"])
    assert report.value("mentions", "entity_kappa", "ana", "ben") == 1.0
    assert report.value("mentions", "entity_alpha", "ana", "ben") == 1.0


def test_claims_and_attributions(coded):
    report = compute_agreement(coded, ["ana", "ben"])
    # claim 1 is the same span; claim 2 overlaps ("Delta today" vs "Delta today in Echo")
    assert report.value("claims", "f1_exact") == pytest.approx(0.5)
    assert report.value("claims", "f1_overlap") == 1.0
    assert report.value("claims", "category_kappa", "ana", "ben") == 1.0
    # positions (1,0) (0,0): κ: p_o = .5, p_e = (1·0 + 1·2)/4 = .5 -> 0
    # α: o_10 = o_01 = 1, o_00 = 2; n_1 = 1, n_0 = 3; α = 1 - 3·2/(2·1·3) = 0
    assert report.value("claims", "position_kappa", "ana", "ben") == 0.0
    assert report.value("claims", "position_alpha", "ana", "ben") == pytest.approx(0.0)
    assert math.isnan(report.value("claims", "claimant_kappa", "ana", "ben"))   # none coded
    # sources: claim 1 both Alpha... but ana's is "Alpha Corp", ben's "Alpha": (e1,e2);
    # claim 2: ana e1, ben unattributed. κ: p_o = 0, p_e = 0 (no value in common) -> 0
    assert report.value("attributions", "source_kappa", "ana", "ben") == 0.0
    # the cue of claim 1 is the same span; claim 2 has ana's cue only: 1 of 2 agree
    assert report.value("attributions", "cue_span_overlap", "ana", "ben") == 0.5
    assert report.value("attributions", "cue_span_exact", "ana", "ben") == 0.5
    # the source span: claim 1 same; claim 2 neither has one (anonymous, no span): left out
    assert report.value("attributions", "source_span_overlap", "ana", "ben") == 1.0
    # kinds (indirect, direct_quote), (indirect, unattributed): no agreement, κ = 0
    assert report.value("attributions", "kind_kappa", "ana", "ben") == 0.0


def test_token_roles(coded):
    report = compute_agreement(coded, ["ana", "ben"])
    value = report.value("tokens", "role_alpha", "ana", "ben")
    assert 0 < value < 1


def test_token_alpha_hand_worked(store):
    # tokens "A" "said" "B" ".": ana: source, cue, content, none; ben: none, cue, content, none
    # o_sn = o_ns = 1, o_cue = 2, o_content = 2, o_nn = 2; n = (s 1, n 3, cue 2, content 2) = 8
    # Σ_{c≠k} n_c n_k = 8² - (1 + 9 + 4 + 4) = 46; α = 1 - 7·2/46 = 32/46
    aid = store.add_articles([ArticleDraft("t", "A said B.")]).inserted[0]
    for coder, source in (("ana", (0, 1)), ("ben", None)):
        store.set_coder(coder)
        claim = store.add_claim(aid, 7, 8).row_id
        store.add_attribution(claim, source_span=source, cue_span=(2, 6))
    report = compute_agreement(store)
    assert report.value("tokens", "role_alpha") == pytest.approx(32 / 46)


def test_overall_units_keep_missing_cells(coded):
    report = compute_agreement(coded)
    types = report.matrices["mentions_type"]
    assert types.coders == ["ana", "ben", "cem"]
    second = [unit for label, unit in types.rows if not label.startswith("1:")]
    assert second == [{"ana": "ORG", "ben": None, "cem": None}]
    assert report.value("mentions", "type_alpha", ALL, ALL) == 1.0


def test_write_agreement_files(coded, tmp_path):
    report = compute_agreement(coded)
    files = {p.name for p in write_agreement(report, tmp_path / "out")}
    assert {"agreement.csv", "mentions_type.csv", "mentions_type_codes.csv",
            "claims_position.csv", "tokens_role.csv"} <= files
    assert "claims_position_codes.csv" not in files       # numbers stay numbers
    with (tmp_path / "out" / "mentions_entity.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["unit", "ana", "ben", "cem"]
    assert rows[-1][2:] == ["", ""]                         # empty cells for missing
    with (tmp_path / "out" / "mentions_entity_codes.csv").open(newline="") as fh:
        legend = {r["value"] for r in csv.DictReader(fh)}
    assert "Alpha Corp (ORG)" in legend
    with (tmp_path / "out" / "agreement.csv").open(newline="") as fh:
        figures = list(csv.DictReader(fh))
    assert {"layer", "measure", "coder_a", "coder_b", "value", "units"} <= set(figures[0])
    assert "n/a" in format_agreement(report)


def test_unknown_coder_is_an_error(coded):
    with pytest.raises(ValueError, match="zoe"):
        compute_agreement(coded, ["ana", "zoe"])


def test_cli_agreement(coded, tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as s:
        coded.db.conn.backup(s.db.conn)
    runner = CliRunner()
    help_text = runner.invoke(main, ["agreement", "--help"]).output
    assert "Example" in help_text and "annotator agreement" in help_text
    result = runner.invoke(main, ["agreement", str(path), "--coders", "ana,ben",
                                  "--out", str(tmp_path / "rel")])
    assert result.exit_code == 0, result.output
    assert "f1_overlap" in result.output and "ana - ben" in result.output
    assert (tmp_path / "rel" / "agreement.csv").exists()
    result = runner.invoke(main, ["agreement", str(path), "--coders", "ana,zoe"])
    assert result.exit_code == 1 and "zoe" in result.output


def test_the_outlets_voice_coded_or_left_bare_is_one_value():
    """ana leaves the second claim without attribution, ben codes it as the outlet's own
    voice (kind unattributed, no source): the same decision, so source, cue and kind agree."""
    s = Store(None)
    [article] = s.add_articles([ArticleDraft("One", BODY)]).inserted
    for coder in ("ana", "ben"):
        s.set_coder(coder)
        alpha = s.resolve_entity("Alpha", "ORG")[0]
        first = s.add_claim(article, *at("Bravo met Gamma")).row_id
        s.add_attribution(first, kind="indirect", source_entity_id=alpha, cue_span=at("said"))
        second = s.add_claim(article, *at("Delta today")).row_id
        if coder == "ben":
            s.add_attribution(second, kind="unattributed")
    report = compute_agreement(s, ["ana", "ben"])
    for measure in ("source_kappa", "cue_kappa", "kind_kappa"):
        assert report.value("attributions", measure, "ana", "ben") == 1.0, measure
    s.close()
