"""laws.compare: every family fitted, backtested and extrapolated on one dataset.

The scores on the public datasets are regression values of our own procedure (no paper
publishes this comparison); they are printed so a change in them is visible in the log.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import laws
from laws import FitError, compare as cmp
from laws.datasets import load


def power_plus_constant(n=30, noise=0.002, seed=1):
    """Runs from L = 1.7 + (x0/x)^0.3, with 0.2% multiplicative noise."""
    rng = np.random.default_rng(seed)
    x = np.geomspace(1e6, 1e10, n)
    y = (1.7 + (3e5 / x) ** 0.3) * np.exp(noise * rng.standard_normal(n))
    return pd.DataFrame({"tokens": x, "loss": y})


def test_every_family_is_a_registered_relation_with_the_roles_it_declares():
    for family in cmp.FAMILIES:
        law = laws.get(family.law_id)
        assert set(family.roles) == set(law.input_names), family.law_id
        assert set(family.roles.values()) <= {"x", "N", "D", "M"}
        assert family.assumes
    assert [f.shape for f in cmp.families_for("x")] == ["x"] * len(cmp.families_for("x"))
    assert len(cmp.families_for("ND")) == len(cmp.FAMILIES)


def test_the_form_that_made_the_data_predicts_the_held_out_runs_best():
    runs = power_plus_constant()
    comp = cmp.compare(runs, "loss", x="tokens", holdout=0.25, bootstrap=0)
    table = comp.table().set_index("family")
    assert (table["status"] == "fitted").all(), table["status"]
    floor = table.loc["Power law plus constant", "mean_abs_relative_error"]
    assert floor < 0.005  # the truth, fitted on 3 decades, predicts the 4th within noise
    # a pure power law has no floor: it undershoots the largest runs
    assert table.loc["Power law", "mean_abs_relative_error"] > 3 * floor
    full = next(r for r in comp.results if r.family.name == "Power law plus constant").full
    assert full.params["L_inf"] == pytest.approx(1.7, rel=0.02)
    assert full.params["alpha"] == pytest.approx(0.3, rel=0.1)


def test_held_out_rows_are_the_largest_and_none_is_fitted():
    runs = power_plus_constant(n=20)
    comp = cmp.compare(runs, "loss", x="tokens", holdout=0.2, bootstrap=0,
                       families=cmp.families_for("x")[:1])
    held = comp.data[comp.data["held_out"]]
    assert len(held) == 4
    assert held["scale"].min() > comp.data.loc[~comp.data["held_out"], "scale"].max()
    assert comp.results[0].backtest.n == 16
    assert comp.results[0].full.n == 20
    assert comp.x_ref == pytest.approx(1e6)


def test_a_split_column_holds_out_exactly_its_rows():
    runs = power_plus_constant(n=12)
    split = pd.Series([False] * 9 + [True, False, True], index=runs.index)
    comp = cmp.compare(runs, "loss", x="tokens", holdout=split, bootstrap=0,
                       families=cmp.families_for("x")[:1])
    assert comp.data["held_out"].tolist() == split.tolist()
    assert "the dataset's own split" in comp.notes[-1]


def test_bands_and_coverage_with_a_bootstrap():
    runs = power_plus_constant(noise=0.01)
    comp = cmp.compare(runs, "loss", x="tokens", holdout=0.2, bootstrap=40,
                       families=[f for f in cmp.FAMILIES if f.law_id == "henighan2020.power"])
    score = comp.results[0].score()
    assert 0 <= score["coverage"] <= 1
    band = comp.extrapolation(1e11)
    assert (band["lower"] <= band["value"] + 1e-12).all()
    assert (band["upper"] >= band["value"] - 1e-12).all()
    # relative to the loss, the band is widest a decade beyond the data
    width = (band["upper"] - band["lower"]) / band["value"]
    assert width.iloc[-1] > width.iloc[len(width) // 2]


def test_bad_rows_are_left_out_with_a_sentence():
    runs = power_plus_constant(n=15)
    runs.loc[0, "loss"] = np.nan
    runs.loc[1, "tokens"] = 0
    runs.loc[2, "loss"] = -1
    runs.loc[3, "tokens"] = np.inf
    comp = cmp.compare(runs, "loss", x="tokens", bootstrap=0,
                       families=cmp.families_for("x")[:1])
    assert "4 of 15 rows" in comp.notes[0]
    assert len(comp.data) == 11


@pytest.mark.parametrize("holdout, message", [(0.0, "between 0 and 1"),
                                              (1.5, "between 0 and 1")])
def test_a_holdout_outside_zero_and_one_is_refused(holdout, message):
    with pytest.raises(FitError, match=message):
        cmp.compare(power_plus_constant(), "loss", x="tokens", holdout=holdout)


def test_too_few_runs_to_split_is_a_sentence_not_a_crash():
    runs = power_plus_constant(n=3)
    with pytest.raises(FitError, match="at least 3 and 1"):
        cmp.compare(runs, "loss", x="tokens", holdout=0.5, bootstrap=0)
    with pytest.raises(FitError, match="scale column"):
        cmp.compare(runs, "loss")


def test_a_family_that_cannot_be_fitted_is_reported_not_raised():
    runs = power_plus_constant(n=8)
    runs["N"], runs["D"] = 1e8, runs["tokens"]  # every run has the same N
    comp = cmp.compare(runs, "loss", N="N", D="D", holdout=0.25, bootstrap=0)
    table = comp.table()
    assert len(table) == len(cmp.FAMILIES)
    # the failed (if any) go last and say why; the fitted ones warn about N
    fitted = [r for r in comp.results if r.ok]
    assert fitted
    nd = [r for r in fitted if r.family.shape == "ND"]
    assert all(any("same N" in w for w in r.warnings) for r in nd)
    for r in comp.results:
        if not r.ok:
            assert r.error.startswith("not fitted:")


def test_chinchilla_runs_rank_the_chinchilla_form_first():
    """The 234 digitised Chinchilla runs, largest 20% by compute held out.

    Regression values of our procedure, not published numbers.
    """
    runs = load("chinchilla")
    comp = cmp.compare(runs, "loss", N="N", D="D", holdout=0.2, bootstrap=0)
    table = comp.table()
    print("\n" + table[["family", "mean_abs_relative_error", "rmse_log"]].to_string())
    assert (table["status"] == "fitted").all(), table[["family", "status"]]
    scores = table.set_index("family")["mean_abs_relative_error"]
    assert scores["Chinchilla L(N, D)"] < 0.012  # regression value: 0.89%
    assert scores["Chinchilla L(N, D)"] < scores["Kaplan L(N, D)"]
    at = comp.at_target(1e25).set_index("family")["value"]
    # the floorless forms fall below Chinchilla's irreducible loss E ~ 1.8 far out
    assert at["Power law"] < at["Chinchilla L(N, D)"]
    held = comp.data[comp.data["held_out"]]
    assert comp.ratio == pytest.approx(np.median(held["D"] / held["N"]))


def test_the_revisiting_benchmark_split_scores_every_one_input_family():
    """Alabdulmohsin et al.'s LM curve (1.68e7 parameters) with the file's own split.

    Regression values of our procedure; the paper's own M4 scores are pinned on the
    alabdulmohsin2022 tests.
    """
    bench = load("revisiting_lang").drop_duplicates()
    lm = bench[(bench["Domain"] == "LM") & (bench["Model"] == "1.68e+07")]
    comp = cmp.compare(lm, "Loss", x="Seen Examples", holdout=lm["Training"] == 0,
                       bootstrap=0)
    table = comp.table()
    print("\n" + table[["family", "mean_abs_relative_error", "rmse_log", "status"]].to_string())
    assert len(table) == len(cmp.families_for("x"))
    assert (table["status"] == "fitted").all(), table[["family", "status"]]
    assert table["mean_abs_relative_error"].max() < 0.05
