"""Reliability a methods section can cite: levels, bootstrap intervals, AC1, units, the report.

Published values: Krippendorff (2011), "Computing Krippendorff's alpha-reliability",
the 4 coders × 12 units example C: α = .743 nominal, .815 ordinal, .849 interval,
.797 ratio. κ and Fleiss' κ are cross-checked against statsmodels, AC1 against the
formula worked by hand.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from click.testing import CliRunner
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

from annotator.cli import main
from annotator.codebook import CodebookError, load_codebook, parse_codebook
from annotator.model import ArticleDraft
from annotator.store import Store
from annotator.team import bootstrap as boot
from annotator.team.agreement import compute_agreement
from annotator.team.coincidences import coincidences, level_alpha
from annotator.team.methods import assess, chance_coefficients, decision
from annotator.team.methods_text import format_reliability, methods_paragraph
from annotator.team.reliability import cohen_kappa
from annotator.team.report_html import render, write_report

N = None
EXAMPLE_C = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
             "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
             "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
             "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]}
UNITS_C = [{c: EXAMPLE_C[c][i] for c in EXAMPLE_C} for i in range(12)]
CODERS_C = list(EXAMPLE_C)


# -- levels of measurement -------------------------------------------------------------------

@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815),
                                              ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_at_each_level_matches_krippendorff_2011(level, published):
    assert level_alpha(UNITS_C, CODERS_C, level) == pytest.approx(published, abs=5e-4)
    # the coincidence matrix the bootstrap draws from gives the same α
    assert coincidences(UNITS_C, CODERS_C, level).alpha() == pytest.approx(published, abs=5e-4)


def test_coincidence_matrix_of_example_c():
    co = coincidences(UNITS_C, CODERS_C)
    assert co.n == 40  # unit 12 has one value: not pairable
    assert co.values == (1, 2, 3, 4, 5)
    assert co.matrix[0, 0] == pytest.approx(7)  # 3 (unit 1) + 2 (unit 8) + 2 (unit 11)
    assert list(co.matrix.sum(axis=1)) == pytest.approx([9, 13, 10, 5, 3])
    assert np.allclose(co.matrix, co.matrix.T)


def test_ordinal_words_follow_the_codebook_order():
    # certainty coded as words: ordinal α depends on their order, which the codebook gives
    order = ("certain", "probable", "possible", "denied")
    words = [{c: None if v is None else order[min(v, 4) - 1] for c, v in u.items()}
             for u in UNITS_C]
    by_number = level_alpha([{c: None if v is None else min(v, 4) for c, v in u.items()}
                             for u in UNITS_C], CODERS_C, "ordinal")
    assert level_alpha(words, CODERS_C, "ordinal", order) == pytest.approx(by_number)
    assert level_alpha(words, CODERS_C, "ordinal") != pytest.approx(by_number)  # alphabetical


def test_codebook_levels_default_and_override(tmp_path):
    book = load_codebook()
    assert book.level_of("position") == "ordinal" and book.level_of("certainty") == "ordinal"
    assert book.level_of("category") == "nominal"
    text = book.source_text.replace('certainty = "ordinal"', 'certainty = "interval"')
    assert parse_codebook(text).level_of("certainty") == "interval"
    bad = tmp_path / "team.toml"
    bad.write_text(book.source_text + '\n[levels.extra]\n', encoding="utf-8")
    with pytest.raises(CodebookError, match="team.toml"):
        load_codebook(bad)
    for wrong, words in (('tone = "ordinal"', "unknown variable 'tone'"),
                         ('category = "metric"', "'metric' is not a level")):
        bad.write_text(book.source_text.replace('certainty = "ordinal"', wrong),
                       encoding="utf-8")
        with pytest.raises(CodebookError, match=f"team.toml.*{words}"):
            load_codebook(bad)


# -- Hayes & Krippendorff bootstrap ----------------------------------------------------------

def test_bootstrap_interval_covers_alpha_is_seeded_and_shrinks_with_more_units():
    co = coincidences(UNITS_C, CODERS_C, "interval")
    small = boot.alpha_interval(co, samples=2000, seed=7)
    assert small.low < co.alpha() < small.high
    assert boot.alpha_interval(co, samples=2000, seed=7) == small
    four_times = coincidences(UNITS_C * 4, CODERS_C, "interval")
    assert four_times.alpha() == pytest.approx(co.alpha(), abs=0.01)  # (n - 1) / n differs
    large = boot.alpha_interval(four_times, samples=2000, seed=7)
    assert large.low < four_times.alpha() < large.high
    assert large.high - large.low < (small.high - small.low) * 0.75
    draws = boot.alpha_draws(co, 2000, 7)
    assert small.q(0.800) == pytest.approx(np.mean(draws < 0.800))
    assert small.q(0.667) <= small.q(0.800)
    assert draws.min() >= -1


def test_bootstrap_of_one_value_throughout_is_no_interval():
    co = coincidences([{"a": 1, "b": 1}] * 5, ["a", "b"])
    assert math.isnan(co.alpha()) and boot.alpha_interval(co, 500, 1).samples == 0


def test_article_resampling_f1_interval():
    # 10 articles, (matched, spans of a, spans of b)
    counts = np.array([[3, 4, 4], [1, 2, 3], [0, 1, 1], [2, 2, 2], [4, 5, 5]] * 2, float)
    value = boot.f1_of(counts.sum(axis=0, keepdims=True))[0]
    interval = boot.resample_articles(counts, boot.f1_of, 1000, 3)
    assert interval.low < value < interval.high
    more = boot.resample_articles(np.vstack([counts] * 8), boot.f1_of, 1000, 3)
    assert more.high - more.low < interval.high - interval.low


# -- κ, AC1 and Fleiss' κ against other implementations ---------------------------------------

def test_cohen_kappa_equals_statsmodels():
    a = [1, 2, 3, 1, 2, 3, 1, 1, 2, 3, 3, 2, 1]
    b = [1, 2, 3, 2, 2, 3, 1, 3, 2, 1, 3, 2, 1]
    table = np.zeros((3, 3))
    for x, y in zip(a, b):
        table[x - 1, y - 1] += 1
    assert cohen_kappa(a, b) == pytest.approx(cohens_kappa(table).kappa)


def test_fleiss_kappa_and_ac1_from_irrcac_against_statsmodels_and_the_formula():
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 3, 60)
    ratings = np.stack([np.where(rng.random(60) < 0.75, truth, rng.integers(0, 3, 60))
                        for _ in range(3)], axis=1)
    units = [dict(zip("xyz", map(int, row))) for row in ratings]
    found = {c.name: c for c in chance_coefficients(units, list("xyz"))}
    table, _ = aggregate_raters(ratings)
    assert found["Fleiss' kappa"].value == pytest.approx(fleiss_kappa(table), abs=1e-5)
    assert found["Fleiss' kappa"].se > 0
    # Gwet's AC1 (Gwet 2008): p_a as Fleiss'; p_e = Σ_k π_k (1 - π_k) / (q - 1)
    r = table.sum(axis=1)
    p_a = np.mean((table * (table - 1)).sum(axis=1) / (r * (r - 1)))
    pi = table.sum(axis=0) / table.sum()
    p_e = (pi * (1 - pi)).sum() / (len(pi) - 1)
    assert found["Gwet's AC1"].value == pytest.approx((p_a - p_e) / (1 - p_e), abs=1e-5)


def test_decisions_at_the_cutoffs():
    assert [decision(x) for x in (0.81, 0.8, 0.7, 0.667, 0.5, math.nan)] == [
        "reliable", "reliable", "tentative", "tentative", "unreliable", "undefined"]


# -- a project: units, pairs, hot spots, report ----------------------------------------------

TEXT = "Alpha said Bravo attacked Charlie. Delta denied it, Echo reported from Foxtrot. 😀 Golf."


def span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def team(tmp_path):
    """Three coders, four articles: claims with positions and certainty, some disagreeing."""
    path = tmp_path / "team.db"
    store = Store(path)
    ids = store.add_articles([ArticleDraft(f"Article {i}", f"{i} {TEXT}") for i in range(4)]
                             ).inserted
    plan = {"ana": [1, 0, -1, 1], "ben": [1, 0, -1, 0], "cem": [1, -1, -1, 1]}
    for coder, positions in plan.items():
        store.set_coder(coder)
        for aid, position in zip(ids, positions):
            off = len(str(aid - ids[0])) + 1
            start, end = span("Bravo attacked Charlie")
            store.add_claim(aid, start + off, end + off, category="military_action",
                            position=position, certainty="certain" if position else "possible")
            s2, e2 = span("denied it")
            store.add_claim(aid, s2 + off, e2 + off, category="political",
                            position=0 if coder != "cem" or aid != ids[2] else 1,
                            certainty="denied")
            m1, m2 = span("Delta")
            store.add_mention(aid, m1 + off, m2 + off, name="Delta",
                              entity_type="PERSON" if coder != "ben" else "ORG")
    yield store, path, ids
    store.close()


def test_assess_pooled_and_per_article(team):
    store, _path, ids = team
    report = compute_agreement(store)
    codebook = store.codebook()
    pooled = assess(report, codebook, units="pooled", samples=300, seed=1)
    position = pooled.variable("claims_position")
    assert position.level == "ordinal" and position.units == 8 and position.articles == 4
    assert position.alpha == pytest.approx(level_alpha(
        [u for _, u in report.matrices["claims_position"].rows], report.coders, "ordinal"))
    assert position.nominal == pytest.approx(report.value("claims", "position_alpha"))
    assert position.alpha != pytest.approx(position.nominal)
    assert pooled.variable("claims_certainty").level == "ordinal"
    per_article = assess(report, codebook, units="article", samples=300, seed=1)
    rows = report.matrices["claims_position"].rows
    each = [level_alpha([u for label, u in rows if label.startswith(f"{aid}:")], report.coders,
                        "ordinal") for aid in ids]
    defined = [x for x in each if not math.isnan(x)]
    assert per_article.variable("claims_position").alpha == pytest.approx(
        sum(defined) / len(defined))
    assert "--units article" in format_reliability(per_article)
    assert "averaged over the articles" in methods_paragraph(per_article)
    assert "pooled over all units" in methods_paragraph(pooled)
    with pytest.raises(ValueError, match="units"):
        assess(report, codebook, units="tokens")


def test_pairs_and_hot_spots(team):
    store, _path, ids = team
    rel = assess(compute_agreement(store), store.codebook(), samples=300, seed=2)
    kappas = [p for p in rel.pairs if p.name == "mentions_type" and p.measure == "kappa"]
    assert {(p.coder_a, p.coder_b) for p in kappas} == {("ana", "ben"), ("ana", "cem"),
                                                        ("ben", "cem"), ("*", "*")}
    f1 = [p for p in rel.pairs if p.measure == "f1_overlap" and p.coder_a == "*"]
    assert {p.name for p in f1} == {"mentions_spans", "claims_spans"}
    assert all(p.value == 1.0 for p in f1)  # the same spans everywhere
    # article 2 (index 1) has position 0/0/-1 and article 3 a political claim +1 by cem
    spots = {(s.article_id, s.what) for s in rel.hot_spots}
    assert (ids[1], "claim position") in spots and (ids[2], "claim position") in spots
    assert (ids[0], "claim position") not in spots
    type_spot = next(s for s in rel.hot_spots if s.what == "entity type")
    assert "ben" in (type_spot.coder_a, type_spot.coder_b)


def test_report_html_has_every_part(team, tmp_path):
    store, _path, ids = team
    rel = assess(compute_agreement(store), store.codebook(), samples=200, seed=3)
    html = render(rel, titles={ids[1]: "Article 1"}, links=True)
    for part in ("Methods paragraph", "Reliability was assessed on 4 articles coded "
                 "independently by 3 coders", "claim position", "ordinal", "q(α&lt;.800)",
                 "AC1 (SE)", "Coincidence matrices", "Disagreement hot spots",
                 f"compare:{ids[1]}?a=", "data:image/png;base64,"):
        assert part in html, part
    out = write_report(rel, tmp_path / "report.html")
    assert out.read_text(encoding="utf-8").startswith("<html>")
    assert "compare:" not in out.read_text(encoding="utf-8")  # a file has no window to open
    assert not list(tmp_path.glob(".report-*"))


def test_cli_agreement_with_report(team, tmp_path):
    store, path, _ids = team
    store.close()
    result = CliRunner().invoke(main, ["agreement", str(path), "--bootstrap", "200",
                                       "--seed", "9", "--units", "article",
                                       "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert re.search(r"claim position\s+ordinal\s+8\s", result.output)
    assert "200 bootstrap samples, seed 9" in result.output
    assert (tmp_path / "r.html").stat().st_size > 10_000
    missing = CliRunner().invoke(main, ["agreement", str(path), "--bootstrap", "0",
                                        "--report", str(tmp_path / "no" / "r.html")])
    assert missing.exit_code == 1 and "no/r.html" in missing.output


def test_two_coder_matrix_gives_the_pairwise_kappa(team):
    # with two coders, Cohen's κ over the complete rows of the all-coder matrix (what
    # irr::kappa2 does with the CSV) is the pairwise κ; with three it need not be
    store, _path, _ids = team
    report = compute_agreement(store, ["ana", "ben"])
    rows = [u for _, u in report.matrices["mentions_type"].rows
            if u["ana"] is not None and u["ben"] is not None]
    assert cohen_kappa([u["ana"] for u in rows], [u["ben"] for u in rows]) == pytest.approx(
        report.value("mentions", "type_kappa", "ana", "ben"), nan_ok=True)


def test_certainty_codes_for_r_and_spss_follow_the_codebook_order(team, tmp_path):
    # an ordinal α in R (irr::kripp.alpha(..., "ordinal")) or KALPHA reads the codes as the
    # scale, so they must run certain < possible < denied, not alphabetically
    from annotator.team.agreement import write_agreement
    store, _path, _ids = team
    write_agreement(compute_agreement(store), tmp_path / "rel")
    lines = (tmp_path / "rel" / "claims_certainty_codes.csv").read_text().split()
    assert lines == ["code,value", "1,certain", "2,possible", "3,denied"]


def test_one_shared_unit_gives_no_chance_coefficients_instead_of_failing():
    """A pilot with one unit both coders valued differently: irrCAC's standard error
    divides by n - 1, so the coefficients are left out rather than raising."""
    assert chance_coefficients([{"ana": "x", "ben": "y"}], ["ana", "ben"]) == []
    two = chance_coefficients([{"ana": "x", "ben": "y"}, {"ana": "x", "ben": "x"}],
                              ["ana", "ben"])
    assert [c.name for c in two] == ["Gwet's AC1", "Fleiss' kappa"]
