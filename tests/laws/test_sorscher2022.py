"""Sorscher et al. (2022), Beyond neural scaling laws: data pruning in the teacher-student
perceptron, simulated.

What is published and where:
* Section 2: the test error of a perceptron is ``arccos(R) / pi`` (the catalog's [D] values
  at R = 0, 0.5, 0.9, 0.99 follow from it).
* Abstract [P-abs]: with a good pruning metric, error can fall faster than a power law of the
  dataset size, "potentially even ... exponential". The paper's statements in Section 2
  (transcribed in the catalog [S]): keep the easy examples when data is scarce, the hard
  ones when it is abundant (a crossover as alpha_tot grows); with an imperfect metric
  (theta > 0) the gain shrinks.
* The paper's curve values are not confirmed (catalog: "Published curve values:
  unconfirmed"), so no test pins them; the qualitative statements are checked on the
  shipped simulation grid instead, and numbers computed from it are regression values.

Known answers used to check the simulator: the hard-margin solver against the dual QP and
by hand; the max-margin perceptron's classical learning curve, error about 0.50/alpha at
large alpha (Opper, Kinzel, Kleinz, Nehl 1990; Engel and Van den Broeck 2001, ch. 4).
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

from laws.papers import sorscher2022 as so

GRID_CSV = Path(__file__).resolve().parents[2] / "data" / "sorscher2022_grid.csv"


@pytest.fixture(scope="module")
def runs():
    return pd.read_csv(GRID_CSV)


@pytest.fixture(scope="module")
def summary(runs):
    return so.summarise(runs)


@pytest.mark.parametrize("R, eps", [(0.9, 0.143566), (0.5, 1 / 3), (0.99, 0.045053),
                                    (0.0, 0.5), (1.0, 0.0), (-1.0, 1.0)])
def test_test_error_is_arccos_over_pi(R, eps):
    # Section 2; catalog numeric checks [D]
    assert float(so.test_error(R=R)) == pytest.approx(eps, abs=1e-6)


def test_max_margin_by_hand_and_against_the_dual_qp():
    assert so.max_margin(np.array([[1.0, 0.0], [0.0, 1.0]])) == pytest.approx([1, 1])
    assert so.max_margin(np.array([[2.0, 0.0]])) == pytest.approx([0.5, 0])
    rng = np.random.default_rng(1)
    teacher = rng.standard_normal(20)
    X = rng.standard_normal((60, 20))
    Z = np.sign(X @ teacher)[:, None] * X
    w = so.max_margin(Z)
    K = Z @ Z.T
    dual = minimize(lambda a: (0.5 * a @ K @ a - a.sum(), K @ a - 1), np.zeros(60), jac=True,
                    method="L-BFGS-B", bounds=[(0, None)] * 60,
                    options=dict(ftol=1e-15, gtol=1e-12, maxiter=10_000))
    assert Z.T @ dual.x == pytest.approx(w, abs=1e-5)
    margins = Z @ w
    assert margins.min() == pytest.approx(1.0, abs=1e-9)     # active constraints
    assert (margins > 1 - 1e-9).all()


def test_not_separable_is_refused():
    with pytest.raises(ValueError):
        so.max_margin(np.array([[1.0, 0.0], [-1.0, 0.0]]))


def test_prune_keeps_the_right_examples():
    X = np.array([[0.1], [-3.0], [0.5], [2.0], [-0.2]])
    probe = np.array([1.0])
    assert sorted(so.prune(X, probe, 0.4, "hard")) == [0, 4]
    assert sorted(so.prune(X, probe, 0.4, "easy")) == [1, 3]
    assert len(so.prune(X, probe, 1.0, "hard")) == 5
    with pytest.raises(ValueError):
        so.prune(X, probe, 0.0, "hard")
    with pytest.raises(ValueError):
        so.prune(X, probe, 0.5, "medium")


def test_probe_is_at_the_requested_angle():
    rng = np.random.default_rng(0)
    t = rng.standard_normal(50)
    t /= np.linalg.norm(t)
    for theta in (0.0, 0.3, np.pi / 2):
        p = so.probe_at_angle(t, theta, rng)
        assert np.linalg.norm(p) == pytest.approx(1)
        assert p @ t == pytest.approx(np.cos(theta), abs=1e-12)


def test_one_run_is_deterministic_and_in_range():
    a = so.run_once(40, 1.0, 0.5, "hard", 0.2, seed=3)
    assert a == so.run_once(40, 1.0, 0.5, "hard", 0.2, seed=3)
    assert -1 <= a["R"] <= 1 and 0 <= a["test_error"] <= 1
    assert a["P_prune"] == 40 and a["alpha_tot"] == pytest.approx(2.0)


def test_shipped_grid_is_what_the_script_makes(runs):
    g = so.GRID
    assert set(runs["theta_deg"]) == set(g["theta_deg"])
    assert set(runs["alpha_prune"]) == set(g["alpha_prune"])
    assert runs["seed"].nunique() == g["seeds"] and (runs["N"] == g["N"]).all()
    assert runs["R"].between(-1, 1).all()
    # rerun two cheap rows exactly
    for _, row in runs[(runs["alpha_prune"] == 0.5) & (runs["seed"] == 1)].head(2).iterrows():
        strategy = "hard" if row["strategy"] == "none" else row["strategy"]
        again = so.run_once(int(row["N"]), row["alpha_prune"], row["f"], strategy,
                            np.deg2rad(row["theta_deg"]), int(row["seed"]))
        assert again["test_error"] == pytest.approx(row["test_error"], rel=1e-5)


def test_unpruned_learning_curve_is_the_classical_max_margin_one(summary):
    plain = summary[(summary["strategy"] == "none") & (summary["theta_deg"] == 0)]
    plain = plain.sort_values("alpha_prune")
    assert np.all(np.diff(plain["test_error"]) < 0)           # more data, less error
    # large-alpha law of the max-margin perceptron: about 0.50 / alpha (Opper et al. 1990)
    last = plain.iloc[-1]
    assert 0.35 < last["test_error"] * last["alpha_prune"] < 0.6
    # and a power law with exponent near 1 over the grid
    _, nu = so.power_law_fit(plain["alpha_prune"], plain["test_error"])
    assert 0.5 < nu < 1.1


def test_keep_easy_when_data_is_scarce_hard_when_abundant(summary):
    # Section 2 (catalog [S]): the crossover, with a perfect metric
    s = summary[(summary["theta_deg"] == 0) & np.isclose(summary["f"], 0.2)]
    hard = s[s["strategy"] == "hard"].set_index("alpha_prune")["test_error"]
    easy = s[s["strategy"] == "easy"].set_index("alpha_prune")["test_error"]
    assert easy.iloc[0] < hard.iloc[0]
    assert hard.iloc[-1] < easy.iloc[-1]
    x = so.crossover_alpha_tot(summary, 0.0, 0.2)
    assert np.isfinite(x) and 2.5 < x < 40


def test_pareto_frontier_beats_the_power_law_with_a_perfect_metric(summary):
    # abstract: better than power-law scaling, potentially exponential, with a good metric
    front = so.pareto_frontier(summary, 0.0)
    plain = summary[(summary["strategy"] == "none") & (summary["theta_deg"] == 0)]
    plain = plain.sort_values("alpha_prune")
    slope_front = so.local_exponent(front["alpha_prune"], front["test_error"])
    slope_plain = so.local_exponent(plain["alpha_prune"], plain["test_error"])
    # the frontier falls far faster than the power law where the best f jumps to keeping
    # the hard examples; once it sits at the grid's smallest f (0.1) it is a power law again
    assert slope_front.max() > 2 * slope_plain.mean()
    assert so.power_law_fit(front["alpha_prune"], front["test_error"])[1] > \
        1.3 * so.power_law_fit(plain["alpha_prune"], plain["test_error"])[1]
    assert front["test_error"].iloc[-1] < 0.5 * plain["test_error"].iloc[-1]
    # the best strategy moves from easy (small data) to hard (large data)
    assert front["strategy"].iloc[-1] == "hard"


def test_an_imperfect_metric_gains_less(summary):
    best = {t: so.pareto_frontier(summary, t)["test_error"].iloc[-1]
            for t in so.GRID["theta_deg"]}
    assert best[0.0] < best[20.0]


def test_power_law_fit_and_local_exponent():
    a = np.array([1, 2, 4, 8.0])
    assert so.power_law_fit(a, 0.5 * a ** -1.2) == pytest.approx((0.5, 1.2))
    assert so.local_exponent(a, 0.5 * a ** -1.2) == pytest.approx([1.2] * 3)
    grows = so.local_exponent(a, np.exp(-a))
    assert np.all(np.diff(grows) > 0)
    assert float(so.power_law(alpha_prune=2.0)) == pytest.approx(0.25)


def test_regression_values_of_the_shipped_grid(summary):
    # regression values: computed by our simulation (data/make_sorscher_grid.py), not published
    assert so.crossover_alpha_tot(summary, 0.0, 0.2) == pytest.approx(12.0345, rel=1e-3)
    front = so.pareto_frontier(summary, 0.0)
    assert front["test_error"].iloc[-1] == pytest.approx(0.003056, rel=1e-3)
    plain = summary[(summary["strategy"] == "none") & (summary["theta_deg"] == 0)]
    assert plain["test_error"].iloc[-1] * 8 == pytest.approx(0.4874, rel=1e-3)


def test_a_worse_metric_needs_a_larger_kept_fraction(summary):
    # catalog [S]: for theta > 0 there is a minimum usable fraction f_min(theta), growing with
    # theta; on the grid, the best f at the largest alpha_prune grows with the probe angle
    best_f = [so.pareto_frontier(summary, t)["f"].iloc[-1] for t in so.GRID["theta_deg"]]
    assert best_f == sorted(best_f) and best_f[0] < best_f[-1]
