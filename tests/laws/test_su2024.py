"""Su, Tian, Shen and Cai 2024 (arXiv:2403.06563): Kaplan's formulas for one's own setup.

No constant of Su et al. is confirmed (catalog §2), so none is pinned. What is pinned:
the relations are Kaplan's (imported from kaplan2020, not rewritten), Kaplan's published
constants are the defaults (Table 3, Eq. 1.4), the catalog's derived B_crit check
(§8a / §9 row 6), Kaplan's S/E trade-off identity, and a fit that recovers known constants.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sympy as sp

import laws
from laws.papers import kaplan2020 as kap
from laws.papers import su2024 as su


def test_relations_are_kaplans_imported_not_rewritten():
    assert su.loss_ns.expr is kap.loss_ns.expr
    assert su.critical_batch.expr is kap.critical_batch.expr
    assert su.steps_min.expr is kap.steps_min.expr
    assert su.learning_curve is not kap.learning_curve  # a thin wrapper that calls it
    assert laws.get("su2024.loss_ns") is su.loss_ns


def test_defaults_are_kaplans_published_constants_labelled_as_such():
    """Kaplan et al. 2020 Table 3 (alpha_N 0.077, alpha_S 0.76, N_c 6.5e13, S_c 2.1e3) and
    Eq. 1.4 (B* 2e8 tokens, alpha_B 0.21)."""
    assert su.loss_ns.defaults == {"alpha_N": 0.077, "alpha_S": 0.76, "N_c": 6.5e13,
                                   "S_c": 2.1e3}
    assert su.critical_batch.defaults == {"B_star": 2e8, "alpha_B": 0.21}
    for p in su.loss_ns.params + su.critical_batch.params:
        assert "Kaplan" in p.source and "unconfirmed" in p.source


def test_critical_batch_catalog_check():
    """Catalog §8a/§9 row 6 [D]: B_crit(L = 3) = 1.069e6 tokens, B_crit(2.5) = 2.547e6."""
    assert float(su.critical_batch(L=3.0)) == pytest.approx(1.069e6, rel=1e-3)
    assert float(su.critical_batch(L=2.5)) == pytest.approx(2.547e6, rel=1e-3)


def test_steps_to_loss_inverts_eq_1_6():
    n, s = 1e8, 3e4
    loss = float(su.loss_ns(N=n, S_min=s))
    assert float(su.steps_to_loss(N=n, L=loss)) == pytest.approx(s, rel=1e-10)
    L, N, Sc, Nc, aS, aN = sp.symbols("L N S_c N_c alpha_S alpha_N", positive=True)
    value = su.steps_to_loss.expr.subs({L: 3, N: 10 ** 8, Sc: 2100, Nc: 6.5e13, aS: 0.76,
                                        aN: 0.077})
    assert float(value) == pytest.approx(2100 * (3 - (6.5e13 / 1e8) ** 0.077) ** (-1 / 0.76),
                                         rel=1e-12)
    assert np.isnan(su.steps_to_loss(N=n, L=float(su.minimum_loss(n)) * 0.99))


def test_minimum_loss_is_the_infinite_step_limit():
    n = 3e9
    assert float(su.minimum_loss(n)) == pytest.approx((6.5e13 / n) ** 0.077)
    assert float(su.learning_curve(n, 1e12, 1e6)) == pytest.approx(float(su.minimum_loss(n)),
                                                                   rel=1e-6)


def test_steps_tokens_tradeoff_kaplan_eq_5_3():
    """(S/S_min - 1)(E/E_min - 1) = 1 at every batch size, and B = B_crit costs 2 S_min
    steps and 2 E_min tokens."""
    r = su.to_reach(3.0, 1e8, np.logspace(4, 9, 11))
    assert np.allclose((r["S"] / r["S_min"] - 1) * (r["E"] / r["E_min"] - 1), 1.0)
    at = su.to_reach(3.0, 1e8, float(su.critical_batch(L=3.0)))
    assert float(at["S"]) == pytest.approx(2 * float(at["S_min"]))
    assert float(at["E"]) == pytest.approx(2 * float(at["E_min"]))
    e = float(at["E"])
    assert float(su.examples_min(E=e, B=float(at["B_crit"]), L=3.0)) == pytest.approx(
        float(at["E_min"]))


def test_learning_curve_matches_its_own_equations():
    """The loss L the curve returns satisfies L = L(N, S/(1 + B_crit(L)/B))."""
    n, b, steps = 1e8, 2 ** 19, np.array([1e3, 1e4, 1e5])
    loss = su.learning_curve(n, steps, b)
    s_min = su.steps_min(S=steps, B=b, L=loss)
    assert np.allclose(loss, su.loss_ns(N=n, S_min=s_min), rtol=1e-9)
    assert np.all(loss > su.loss_ns(N=n, S_min=steps))  # a finite batch costs loss


def test_fit_on_small_runs_recovers_the_constants_and_predicts_a_large_model():
    frame = pd.read_csv("data/su2024_small_runs.csv")
    points = su.small_runs_to_smin(frame)
    fit = laws.fit(su.loss_ns, points, bootstrap=20)
    for name, value in su.loss_ns.defaults.items():
        assert fit.params[name] == pytest.approx(value, rel=0.25), name
    band = su.curve_band(fit, 1e9, np.array([1e4, 1e5]), 2 ** 20)
    truth = su.learning_curve(1e9, np.array([1e4, 1e5]), 2 ** 20)
    assert np.allclose(band["value"], truth, rtol=0.02)
    assert np.all(band["lower"] <= band["upper"])


def test_small_runs_need_their_columns():
    with pytest.raises(ValueError, match="no column 'B'"):
        su.small_runs_to_smin(pd.DataFrame({"N": [1], "step": [1], "loss": [3]}))
