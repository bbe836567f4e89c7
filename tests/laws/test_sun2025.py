"""Sun et al. (2025), arXiv:2501.02423 v3 / ICML: the Capybara law (Eq. 26, Table 2), the
critical data size (Eq. 21, §4.3), the optimal float layout (Eq. 19, §4.2) and the
cost-effective precision (Eqs. 22 and 54, §4.4)."""
import numpy as np
import pytest
import sympy as sp

import laws
from laws.papers import sun2025 as sun


def test_table_2_constants():
    assert sun.loss.defaults == {"n": 69.2343, "alpha": 0.2368, "d": 68973.0621,
                                 "beta": 0.5162, "epsilon": 1.9061, "gamma": 11334.5197,
                                 "delta": 3.1926, "nu": 2.9543}


@pytest.mark.parametrize("fmt, E, M, published_T", [("BF16", 8, 7, 1730), ("FP8-E4M3", 4, 3, 27),
                                                      ("FP4-E2M1", 2, 1, 0.4)])
def test_critical_data_size_of_a_1b_model(fmt, E, M, published_T):
    # §4.3: "a 1 billion-parameter model trained utilizing BF16 exhibits a D_crit value of
    # 1730T ... FP8-E4M3 ... 27T, and with FP4-E2M1 ... 0.4T" (block size 128)
    d_crit = float(sun.critical_data_size(1e9, E, M, 128)) / 1e12
    assert d_crit == pytest.approx(published_T, rel=0.02 if published_T >= 1 else 0.05), fmt


def test_critical_data_size_is_where_the_loss_turns_up():
    p = sun.loss.defaults
    d_crit = float(sun.critical_data_size(1e8, 2, 1, 32))
    d = d_crit * np.array([0.5, 1.0, 2.0])
    values = sun.loss(p, N=1e8, D=d, E=2, M=1, B=32)
    assert values[1] < values[0] and values[1] < values[2]
    # and ∂L/∂D vanishes there (App. D), checked with sympy
    expr = sun.loss.expr
    subs = {sp.Symbol(k, positive=True): v for k, v in p.items()}
    subs.update({sp.Symbol("N", positive=True): 1e8, sp.Symbol("E", positive=True): 2,
                 sp.Symbol("M", positive=True): 1, sp.Symbol("B", positive=True): 32})
    slope = sp.diff(expr, sp.Symbol("D", positive=True)).subs(subs)
    assert float(slope.subs(sp.Symbol("D", positive=True), d_crit)) == pytest.approx(0, abs=1e-18)
    assert np.isinf(sun.critical_data_size(1e8, 2, 1, 1))  # B = 1: no quantization penalty


def test_optimal_layouts_of_4_8_16_bits():
    # §4.2: "The optimal float layouts of FP4, FP8, and FP16 are E2M1, E4M3, and E8M7"
    assert [sun.best_layout(p) for p in (4, 8, 16)] == [(2, 1), (4, 3), (8, 7)]
    e, m = sun.optimal_layout(np.array([4, 8, 16]))
    assert np.allclose(e + m, np.array([4, 8, 16]) - 1)  # E + M + 1 = P
    assert np.all(e > m)  # exponent bits count slightly more (abstract, finding 1)
    assert float(e[1]) == pytest.approx(3.655, abs=1e-3)  # regression value


def test_best_layout_minimises_the_loss_at_any_scale():
    for P, N, D, B in [(6, 1e8, 1e11, 64), (8, 1e10, 1e13, 9000), (12, 3e7, 5e9, 2)]:
        grid = sun.layout_losses(P, N, D, B)
        e, m, _ = min(grid, key=lambda t: t[2])
        assert (e, m) == sun.best_layout(P)


def test_optimal_layout_loss_is_eq_20():
    P = 8.0
    e, m = sun.optimal_layout(P)
    direct = sun.loss(N=1e9, D=1e12, E=float(e), M=float(m), B=128)
    assert float(sun.loss_optimal_layout(1e9, 1e12, P, 128)) == pytest.approx(float(direct))


def test_precision_at_fixed_data_between_4_and_8_bits():
    # Figure 14: "from 0.1T to 100T, the optimal precision value consistently falls within
    # the range of 4 to 8 bits" (B = 128)
    p_opt = sun.optimal_precision_for_data(np.array([1e11, 1e12, 1e13, 1e14]), 128)
    assert np.all((p_opt > 4) & (p_opt < 8))
    assert np.all(np.diff(p_opt) > 0)  # more data, higher precision (Eq. 22)


@pytest.mark.parametrize("C", [1e21, 1e24, 1e27, 1e31])
def test_cost_effective_precision_between_4_and_8_bits(C):
    # §4.4 / Figure 7: for C in (1e21, 1e31) FLOP, B = 128, k = 6/16: between 4 and 8 bits
    best = sun.compute_optimal(C)
    assert 4.0 < best["P"] < 8.0
    assert best["N"] * best["D"] * best["P"] * sun.K_COMPUTE == pytest.approx(C, rel=1e-9)


def test_compute_optimal_precision_grows_with_compute():
    ps = [sun.compute_optimal(c)["P"] for c in (1e21, 1e25, 1e29)]
    assert ps[0] < ps[1] < ps[2]
    assert ps[0] == pytest.approx(4.19, abs=0.02)  # regression value


def test_channel_wise_equivalent_block_size():
    # §3.6: log2 B_channel ~ 13.1567
    assert np.log2(sun.CHANNEL_B) == pytest.approx(13.1567)


def test_fit_recovers_the_law_from_the_shipped_sweep():
    import pandas as pd
    from pathlib import Path

    frame = pd.read_csv(Path(__file__).parents[2] / "data" / "sun2025_sweep.csv")
    fit = laws.fit(sun.loss, frame, fixed={"delta": 3.1926, "nu": 2.9543, "alpha": 0.2368},
                   n_random=16, refine=2)
    assert fit.params["epsilon"] == pytest.approx(1.9061, abs=0.2)
    pred = sun.loss(N=1e9, D=1e11, E=4, M=3, B=128)
    assert float(fit(N=1e9, D=1e11, E=4, M=3, B=128)) == pytest.approx(float(pred), rel=0.02)


@pytest.mark.parametrize("B, params", [(128.0, {}), (sun.CHANNEL_B, {}),
                                       (128.0, {"gamma": 10.0}), (2.0, {"gamma": 1e8})])
def test_compute_optimal_curve_is_the_minimum_for_every_budget(B, params):
    # all budgets at once (the page's curve): each point satisfies C = k P N D, and no
    # local search from it (scipy's Nelder-Mead over log10 N and P) finds a lower loss
    from scipy import optimize

    budgets = np.logspace(19, 33, 15)
    curve = sun.compute_optimal_curve(budgets, B, params=params)
    assert np.allclose(sun.K_COMPUTE * curve["P"] * curve["N"] * curve["D"], budgets,
                       rtol=1e-12)
    assert np.all((curve["P"] >= 1.5) & (curve["P"] <= 32.0))
    for C, P, N_best, loss in zip(budgets, curve["P"], curve["N"], curve["loss"]):
        def objective(z, C=C):
            n_ = 10.0 ** z[0]
            return float(sun.loss_optimal_layout(n_, C / (sun.K_COMPUTE * z[1] * n_), z[1], B,
                                                 params))
        res = optimize.minimize(objective, x0=[np.log10(N_best), P], method="Nelder-Mead",
                                bounds=[(3.0, 20.0), (1.5, 32.0)],
                                options={"xatol": 1e-9, "fatol": 1e-14})
        assert res.fun >= loss * (1 - 1e-12), C
        assert objective([np.log10(N_best), P]) == pytest.approx(loss, rel=1e-14)
    # one budget alone gives the same point
    one = sun.compute_optimal(budgets[4], B, params=params)
    assert one["P"] == pytest.approx(curve["P"][4], rel=1e-12)
