"""Gadre et al. (2024): the over-training loss law, the loss -> error law, and the paper's
extrapolation from small runs to the 1.4B (M = 640) and 6.9B (M = 20) runs."""
import numpy as np
import pandas as pd
import pytest

import laws
from laws import datasets
from laws.papers import gadre2024 as gad


@pytest.fixture(scope="module")
def runs():
    try:
        return datasets.load("gadre2024")
    except datasets.DatasetUnavailable as err:
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def rpj(runs):
    return gad.reproduce(runs, "rpj", "c4_val", "err_avg17")


def test_relations_are_registered_with_the_ids_the_lead_uses():
    loss, error = laws.get("gadre2024.loss"), laws.get("gadre2024.error")
    assert loss.input_names == ["N", "M"] and loss.output.name == "loss"
    assert error.input_names == ["loss"] and error.output.name == "error"


def test_paper_form_equals_the_authors_code_form():
    # The authors' code (scaling/laws.py powlaw_ours): alpha_c N^b_c + beta_c 6^(b_c/2)
    # (M N)^b_c + E with b_c = -2 eta, alpha_c = a 6^-eta, beta_c = b. Catalog check:
    # both forms give 2.5198 for the RedPajama constants at N = 1,439,795,200, M = 640.
    p = gad.loss.defaults
    n, m = 1_439_795_200.0, 640.0
    b_c = -2 * p["eta"]
    code = p["a"] * 6 ** -p["eta"] * n**b_c + p["b"] * 6 ** (b_c / 2) * (m * n) ** b_c + p["E"]
    assert float(gad.loss(N=n, M=m)) == pytest.approx(code, rel=1e-12)
    assert float(gad.loss(N=n, M=m)) == pytest.approx(2.51983, abs=2e-5)


def test_chinchilla_form_and_loss_cm_agree():
    ch = gad.chinchilla_form()
    n, m = 4e8, 80.0
    chin = ch["E"] + ch["A"] * n ** -ch["alpha"] + ch["B"] * (n * m) ** -ch["beta"]
    assert float(gad.loss(N=n, M=m)) == pytest.approx(chin, rel=1e-12)
    assert float(gad.loss_cm(gad.compute(n, m), m)) == pytest.approx(chin, rel=1e-12)


def test_loss_falls_with_compute_at_every_multiplier():
    frame = gad.curves_over_compute(None, [5, 20, 640])
    for _, curve in frame.groupby("M"):
        assert np.all(np.diff(curve["loss"].to_numpy()) < 0)
    assert frame["loss"].min() > gad.loss.defaults["E"]


def test_error_law_is_monotone_and_bounded_by_epsilon():
    curve = gad.error_curve(None)
    assert np.all(np.diff(curve["error"].to_numpy()) > 0)
    assert curve["error"].max() < gad.error.defaults["epsilon"]


def test_fitting_runs_are_the_papers_five(rpj):
    fitted = rpj["runs"][rpj["runs"]["role"] == "loss fit"]
    assert sorted(zip(fitted["model"], fitted["M"])) == sorted(gad.FIT_RUNS)
    assert sorted(fitted["N"].astype(int)) == [10569312, 10569312, 78914048, 153677376,
                                               411616256]


def test_predictions_of_the_large_runs_within_one_percent(rpj):
    # Published: Figure 1 (left) of Gadre et al. 2024 shows relative errors of about 0.7%
    # for the 1.4B model at M = 640 and the 6.9B model at M = 20 (RedPajama, C4 eval loss);
    # the authors' scaling_explorer.ipynb (cell 2) prints 0.7103% and 0.7320%.
    table = rpj["table"].set_index(["N", "M"])
    one_b = table.loc[(1439795200.0, 640.0)]
    seven_b = table.loc[(6889410560.0, 20.0)]
    for row, published in ((one_b, 0.7103), (seven_b, 0.7320)):
        assert row["loss_rel_error_pct"] < 1.0
        assert row["loss_rel_error_pct"] == pytest.approx(published, abs=5e-4)
    # true losses of the runs (data) and the predictions printed in the notebook
    assert one_b["loss_true"] == pytest.approx(2.50205, abs=1e-5)
    assert one_b["loss_pred"] == pytest.approx(2.51983, abs=1e-5)
    assert seven_b["loss_true"] == pytest.approx(2.42499, abs=1e-5)
    assert seven_b["loss_pred"] == pytest.approx(2.44275, abs=1e-5)


def test_error_chain_matches_the_authors_notebook(rpj):
    # Published (authors' notebook, cell 2): 17-task top-1 error predicted from the
    # predicted loss is 3.6365% off for the 1.4B run at M = 640 and 0.0464% for the 6.9B.
    table = rpj["table"].set_index(["N", "M"])
    assert table.loc[(1439795200.0, 640.0), "error_rel_error_pct"] == pytest.approx(3.6365, abs=5e-4)
    assert table.loc[(6889410560.0, 20.0), "error_rel_error_pct"] == pytest.approx(0.0464, abs=5e-4)


def test_fitted_constants_match_the_catalog_regression_values(rpj):
    # Regression values (catalog/loss-laws.md §3, the authors' code on their data).
    assert rpj["loss_fit"].params == pytest.approx(gad.loss.defaults, rel=1e-5)
    assert rpj["error_fit"].params == pytest.approx(gad.error.defaults, rel=1e-5)


@pytest.mark.parametrize("train, constants", [("c4_original", "C4 training"),
                                              ("rw_original", "RefinedWeb training")])
def test_other_training_sets_reproduce_their_constants(runs, train, constants):
    # Regression values (catalog/loss-laws.md §3).
    result = gad.reproduce(runs, train)
    expected = gad.loss.constants[constants]
    assert result["loss_fit"].params == pytest.approx(expected, rel=1e-4)


def test_bootstrap_band_covers_the_point_prediction(runs):
    result = gad.reproduce(runs, "rpj", bootstrap=30, seed=1)
    t = result["table"]
    assert np.all(t["loss_lower"] <= t["loss_pred"]) and np.all(t["loss_pred"] <= t["loss_upper"])
    assert np.all(t["error_lower"] <= t["error_upper"])
    band = gad.extrapolation_band(result["loss_fit"], [20.0], N_range=(1e7, 1e10), points=10)
    assert band["lower"].notna().all() and (band["upper"] >= band["lower"]).all()


def test_fit_by_id_recovers_a_clean_sweep():
    n = np.repeat([2e7, 8e7, 3e8, 1e9], 3)
    m = np.tile([10.0, 40.0, 160.0], 4)
    frame = pd.DataFrame({"N": n, "M": m, "loss": gad.loss(None, N=n, M=m)})
    fit = laws.fit(laws.get("gadre2024.loss"), frame)
    assert fit.params == pytest.approx(gad.loss.defaults, rel=1e-3)
    err = pd.DataFrame({"loss": np.linspace(2.2, 5.5, 8)})
    err["error"] = gad.error(None, loss=err["loss"])
    fit = laws.fit(laws.get("gadre2024.error"), err)
    assert fit.params == pytest.approx(gad.error.defaults, rel=1e-3)


def test_missing_training_set_or_split_says_so(runs):
    with pytest.raises(ValueError, match="No runs"):
        gad.runs(runs, "nope")
    with pytest.raises(ValueError, match="validation split"):
        gad.runs(runs, "rpj", val="nope")


def test_the_shipped_reproduction_is_what_the_fit_gives(runs, rpj):
    # data/gadre2024_reproduction.json (data/make_gadre2024_reproduction.py) is the page's
    # first view: its optimum must be the live fit's and its first 10 bootstrap samples
    # the first 10 of a live bootstrap with the same seed (the resamples are drawn in
    # order), so the file cannot drift from the code.
    import copy
    import dataclasses

    from laws.core.bootstrap import bootstrap_fit

    s = gad.REPRODUCTION
    saved = gad.shipped_reproduction(runs, s["train"], s["val"], s["downstream"],
                                     s["bootstrap"], s["seed"])
    assert saved is not None, "the shipped file is missing or made from other runs"
    shipped = gad.reproduce(runs, s["train"], s["val"], s["downstream"], saved=saved)
    for name in ("loss_fit", "error_fit"):
        live, restored = rpj[name], shipped[name]
        assert restored.params == pytest.approx(live.params, rel=1e-9), name
        assert restored.objective == pytest.approx(live.objective, rel=1e-9, abs=1e-15)
        assert restored.record.to_dict() | {"bootstrap": None} == live.record.to_dict()
        assert restored.samples.shape[0] == s["bootstrap"]
        again = dataclasses.replace(live, record=copy.deepcopy(live.record))
        bootstrap_fit(again, 10, seed=s["seed"])
        assert np.allclose(again.samples, restored.samples[:10], rtol=1e-7), name
    cols = ["loss_pred", "error_pred", "loss_rel_error_pct"]
    assert np.allclose(shipped["table"][cols], rpj["table"][cols], rtol=1e-9)
    assert shipped["table"]["loss_lower"].notna().all()
    # other settings are not served from the file
    assert gad.shipped_reproduction(runs, "c4_original", s["val"], s["downstream"],
                                    s["bootstrap"]) is None
    assert gad.shipped_reproduction(runs, s["train"], s["val"], s["downstream"], 0) is None
