"""The fitting engine: procedures, bad input, recovery and bootstrap coverage.

Numbers here are computed by our own code on simulated sweeps (regression values or
statistical properties), not published ones.
"""
import json

import numpy as np
import pandas as pd
import pytest

import laws
from laws import FitError
from laws.core.fitting import rho

CHIN = laws.get("hoffmann2022.loss")
POWER = laws.get("kaplan2020.loss_n")


def sweep(noise=0.005, seed=0, n=6, d=6):
    design = laws.design_grid(N=np.logspace(7.8, 10.2, n), D=np.logspace(9.2, 11.5, d))
    return laws.simulate(CHIN, design, noise=noise, seed=seed)


def test_huber_matches_its_definition():
    r = np.array([-0.01, -1e-4, 0.0, 5e-4, 0.02])
    value, slope = rho(r, "huber", 1e-3, 0.5)
    np.testing.assert_allclose(value, [1e-3 * (0.01 - 5e-4), 0.5e-8, 0.0, 0.5 * 25e-8,
                                       1e-3 * (0.02 - 5e-4)])
    np.testing.assert_allclose(slope, [-1e-3, -1e-4, 0.0, 5e-4, 1e-3])


def test_gradient_matches_finite_differences():
    runs = sweep()
    from laws.core.fitting import Problem, prepare
    inputs, y, w, *_ = prepare(CHIN, runs)
    for loss in ("huber", "squared", "asymmetric"):
        for space in ("log", "linear"):
            p = Problem(CHIN, inputs, y, w, loss, 1e-2, 0.3, space)
            theta = p.to_theta({"E": 1.5, "A": 300.0, "B": 500.0, "alpha": 0.3, "beta": 0.3})
            f0, g = p.value_and_grad(theta)
            h = 1e-6
            fd = [(p.value_and_grad(theta + h * e)[0] - p.value_and_grad(theta - h * e)[0])
                  / (2 * h) for e in np.eye(theta.size)]
            np.testing.assert_allclose(g, fd, rtol=1e-4, atol=1e-10)


def test_recovers_chinchilla_constants_from_a_clean_sweep():
    runs = sweep(noise=0.0)
    fit = laws.fit(CHIN, runs, refine=6)
    for name, value in CHIN.defaults.items():
        assert fit.params[name] == pytest.approx(value, rel=1e-4), name


def test_parameter_recovery_with_noise():
    table = laws.recovery(CHIN, laws.design_grid(N=np.logspace(7.8, 10.2, 6),
                                                  D=np.logspace(9.2, 11.5, 6)),
                          noise=0.005, repeats=3, seed=1, refine=4)
    a = table.pivot(index="repeat", columns="param", values="estimate")
    exponent = a["beta"] / (a["alpha"] + a["beta"])
    assert np.all(np.abs(exponent - 0.4516) < 0.03)
    assert np.all(np.abs(a["E"] / 1.69 - 1) < 0.05)


def test_bootstrap_coverage_on_a_power_law():
    # 90% percentile intervals should cover the true exponent in about 90% of sweeps
    # (21.6 of 24); fewer than 17 would be 3 standard deviations short.
    design = pd.DataFrame({"N": np.logspace(6, 10, 20)})
    covered = 0
    for seed in range(24):
        runs = laws.simulate(POWER, design, noise=0.01, seed=seed)
        fit = laws.fit(POWER, runs, bootstrap=80, seed=seed, refine=1, n_random=4,
                       level=0.9)
        lo, hi = fit.intervals()["alpha_N"]
        covered += lo <= 0.076 <= hi
    assert covered >= 17


def test_fixed_parameters_stay_fixed_and_free_ones_move():
    runs = sweep()
    fit = laws.fit(CHIN, runs, fixed={"E": 1.5}, refine=6)
    assert fit.params["E"] == 1.5
    assert fit.record.fixed == {"E": 1.5}
    assert fit.params["alpha"] != CHIN.defaults["alpha"]


def test_weights_column_counts_rows():
    runs = sweep()
    doubled = pd.concat([runs, runs.iloc[:5]], ignore_index=True)
    weighted = runs.assign(w=[2.0] * 5 + [1.0] * (len(runs) - 5))
    a = laws.fit(CHIN, doubled, refine=6)
    b = laws.fit(CHIN, weighted, weights="w", refine=6)
    assert a.objective == pytest.approx(b.objective, rel=1e-6)


def test_rows_that_cannot_be_used_are_reported():
    runs = sweep()
    runs.loc[0, "loss"] = np.nan
    runs.loc[1, "N"] = 0.0
    runs.loc[2, "D"] = -5.0
    runs.loc[3, "loss"] = -1.0
    fit = laws.fit(CHIN, runs, refine=6)
    assert fit.n == len(runs) - 4
    reasons = {d["row"]: d["reason"] for d in fit.record.rows_dropped}
    assert "not a finite number" in reasons[0]
    assert "N = 0 is not positive" in reasons[1]
    assert "D = -5 is not positive" in reasons[2]
    assert "loss = -1 is not positive" in reasons[3]


@pytest.mark.parametrize("frame, mapping, words", [
    (pd.DataFrame({"N": [1e8], "D": [1e9]}), None, "no column for loss"),
    (pd.DataFrame({"N": [], "D": [], "loss": []}), None, "no rows"),
    (pd.DataFrame({"N": [-1.0, 0.0], "D": [1e9, 1e9], "loss": [3.0, 3.0]}), None,
     "No row can be used"),
    (pd.DataFrame({"N": [1e8, 2e8], "D": [1e9, 1e9], "loss": [3.0, 2.9]}), None,
     "cannot determine 5 free parameters"),
    (pd.DataFrame({"n": [1e8], "D": [1e9], "loss": [3.0]}), {"N": "params"},
     "column 'params'"),
])
def test_bad_tables_raise_a_sentence(frame, mapping, words):
    with pytest.raises(FitError, match=words):
        laws.fit(CHIN, frame, mapping)


def test_every_parameter_fixed_is_refused():
    with pytest.raises(FitError, match="nothing to fit"):
        laws.fit(CHIN, sweep(), fixed=dict(CHIN.defaults))


def test_identifiability_warning_when_every_run_has_the_same_D():
    runs = laws.simulate(CHIN, laws.design_grid(N=np.logspace(8, 10, 12), D=[1e10]),
                         noise=0.002)
    fit = laws.fit(CHIN, runs, refine=6)
    assert any("Every run has the same D" in w for w in fit.warnings)


def test_warning_when_intervals_span_orders_of_magnitude():
    runs = laws.simulate(CHIN, laws.design_grid(N=np.logspace(8, 8.4, 3),
                                                D=np.logspace(10, 10.4, 3)), noise=0.02)
    fit = laws.fit(CHIN, runs, bootstrap=30, refine=4)
    text = " ".join(fit.warnings)
    assert "spans less than a factor 3" in text
    assert "orders of magnitude" in text or "cannot tell them apart" in text


def test_record_is_enough_to_redo_the_fit():
    runs = sweep(noise=0.01, seed=3)
    fit = laws.fit(CHIN, runs, loss="squared", space="linear", refine=6, seed=3)
    record = json.loads(fit.to_json())["record"]
    again = laws.fit(laws.get(record["law"]), runs, mapping=record["mapping"],
                     loss=record["loss"], delta=record["delta"], space=record["space"],
                     fixed=record["fixed"], refine=record["refine"], seed=record["seed"])
    assert again.objective == pytest.approx(fit.objective, rel=1e-12)
    assert again.params == pytest.approx(fit.params, rel=1e-9)


def test_json_has_the_promised_keys():
    out = json.loads(laws.fit(POWER, laws.simulate(POWER, pd.DataFrame(
        {"N": np.logspace(6, 9, 8)}), noise=0.01), bootstrap=20).to_json())
    assert {"law", "params", "objective", "n", "intervals"} <= set(out)
    assert set(out["intervals"]) == {"alpha_N", "N_c"}


def test_prediction_band_contains_the_fit_and_widens_far_out():
    runs = laws.simulate(POWER, pd.DataFrame({"N": np.logspace(6, 8, 12)}), noise=0.02)
    fit = laws.fit(POWER, runs, bootstrap=100)
    band = fit.predict(N=np.array([1e7, 1e12]))
    assert np.all(band["lower"] <= band["value"]) and np.all(band["value"] <= band["upper"])
    width = (band["upper"] - band["lower"]).to_numpy()
    assert width[1] > 2 * width[0]


def test_backtest_scores_the_largest_runs():
    runs = sweep(noise=0.005)
    runs["C"] = 6 * runs["N"] * runs["D"]
    bt = laws.backtest(CHIN, runs, "C", 0.25, refine=6)
    assert len(bt.table) == int(np.ceil(0.25 * len(runs))) or len(bt.table) >= 8
    assert bt.table["C"].min() >= bt.threshold
    assert bt.mean_abs_relative_error < 0.02
    with pytest.raises(FitError, match="choose a threshold inside the data"):
        laws.backtest(CHIN, runs, "C", 1e40)
