"""kang2023 (projektor): the two stages as the co-author's extension repository computes
them, the OT example, and the best mixture with its near-optimal range.

Published numbers: the paper publishes no universal constants (stage-1 coefficients are
refitted per task), so the checks are the formulas of the authors' official notebook
(reds-lab/projektor, projektor_cifar10_example.ipynb, commit 6da679f) and of a co-author's
extension (anitksahu/projektor_multimodal, projektor/projector.py, commit 893bbb4), and
arithmetic on them [D].
"""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import laws
from laws.papers import kang2023 as kg


def test_registered_in_the_data_topic():
    paper = laws.paper("kang2023")
    assert paper.topic == "Data, inference and downstream"
    assert paper.arxiv == "2307.02460"
    assert [law.id for law in paper.laws] == ["kang2023.stage1", "kang2023.stage2"]


def test_stage2_is_the_official_notebooks_projection():
    # projektor_cifar10_example.ipynb cell 21: n = 10000, n0 = 1000, n1 = 1500,
    # acc_10k = (1/np.log(n1/n0)) * (np.log(n/n0)*acc1 - np.log(n/n1)*acc0)  [P-code]
    acc0, acc1 = 0.62, 0.66
    expected = (1 / np.log(1.5)) * (np.log(10.0) * acc1 - np.log(10000 / 1500) * acc0)
    got = kg.stage2({"n0": 1000.0, "n1": 1500.0, "P0": acc0, "P1": acc1}, n=10_000.0)
    assert float(got) == pytest.approx(expected, rel=1e-12)
    assert float(got) == pytest.approx(0.62 + 0.04 * np.log(10) / np.log(1.5))


def test_stage1_two_source_collapse_of_the_official_sum():
    # cell 11: sum_i (b2^i p_i^2 + b1^i p_i + b0) OT + sum_i (c2^i p_i^2 + c1^i p_i + c0);
    # with p_A = p, p_B = 1 - p each bracket is one quadratic in p (our b0..c2)
    p, OT = sp.symbols("p OT", positive=True)
    bA2, bA1, bB2, bB1, B0, cA2, cA1, cB2, cB1, C0 = sp.symbols("bA2 bA1 bB2 bB1 B0 cA2 cA1 "
                                                                 "cB2 cB1 C0")
    q = 1 - p
    official = ((bA2 * p**2 + bA1 * p + B0) + (bB2 * q**2 + bB1 * q + B0)) * OT \
        + (cA2 * p**2 + cA1 * p + C0) + (cB2 * q**2 + cB1 * q + C0)
    poly_b = sp.Poly(sp.expand(official).coeff(OT, 1), p)
    poly_c = sp.Poly(sp.expand(official).coeff(OT, 0), p)
    assert poly_b.degree() == 2 and poly_c.degree() == 2
    ours = kg.stage1.expr.subs({sp.Symbol(f"b{k}", positive=True): poly_b.coeff_monomial(p**k)
                                for k in range(3)})
    ours = ours.subs({sp.Symbol(f"c{k}", positive=True): poly_c.coeff_monomial(p**k)
                      for k in range(3)})
    ours = ours.subs({sp.Symbol("p", positive=True): p, sp.Symbol("OT", positive=True): OT})
    assert sp.expand(ours - official) == 0


def test_stage2_is_project_performance_of_the_extension():
    # projector.py, Projector.project_performance:
    # (1 / ln(n1/n0)) * (ln(n/n0) * perf1 - ln(n/n1) * perf0)  [P-code, extension]
    n, n0, n1, p0, p1 = 10_000.0, 1000.0, 1500.0, 0.75, 0.80  # the docstring's example call
    expected = (np.log(n / n0) * p1 - np.log(n / n1) * p0) / np.log(n1 / n0)
    got = kg.stage2({"n0": n0, "n1": n1, "P0": p0, "P1": p1}, n=n)
    assert float(got) == pytest.approx(expected, rel=1e-12)
    assert kg.project(n, n0, n1, p0, p1) == pytest.approx(expected, rel=1e-12)


def test_stage2_catalogue_checks():
    # [D] P(4000 | 1000: 0.60, 2000: 0.65) = 0.70 and P(1e4) = 0.766096 (catalog §3)
    assert float(kg.stage2(n=4000.0)) == pytest.approx(0.70, abs=1e-12)
    assert float(kg.stage2(n=1e4)) == pytest.approx(0.766096, abs=1e-6)


def test_stage2_passes_through_both_pilots_and_is_linear_in_log_n():
    vals = {"n0": 300.0, "n1": 900.0, "P0": 0.4, "P1": 0.55}
    assert float(kg.stage2(vals, n=300.0)) == pytest.approx(0.4)
    assert float(kg.stage2(vals, n=900.0)) == pytest.approx(0.55)
    n = np.array([1e3, 1e4, 1e5])
    assert np.diff(kg.stage2(vals, n=n)) == pytest.approx([0.15 / np.log(3) * np.log(10)] * 2)


def test_project_refuses_pilot_sizes_out_of_order():
    with pytest.raises(ValueError, match="n0 < n1"):
        kg.project(1e4, 2000, 1000, 0.6, 0.65)


def test_stage1_gradient_matches_the_repository_selector():
    # OptimalDataSourceSelector.grad_component: (b2 q^2 + b1 q + b0) calib
    #   + (2 b2 q + b1) ot + (2 c2 q + c1), with calib = dOT/dq [P-code, extension]
    q = sp.Symbol("p", positive=True)
    ot_of_q = sp.Function("OT")(q)
    P = kg.stage1.expr.subs(sp.Symbol("OT", positive=True), ot_of_q)
    b0, b1, b2, c1, c2 = sp.symbols("b0 b1 b2 c1 c2", positive=True)
    calib = sp.Derivative(ot_of_q, q)
    repo = (b2 * q**2 + b1 * q + b0) * calib + (2 * b2 * q + b1) * ot_of_q + (2 * c2 * q + c1)
    assert sp.simplify(sp.diff(P, q) - repo.doit()) == 0


def test_stage1_least_squares_recovers_coefficients():
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 60)
    ot = rng.uniform(0.05, 1.0, 60)
    truth = {"b0": -0.4, "b1": 0.2, "b2": -0.1, "c0": 0.85, "c1": 0.05, "c2": -0.03}
    import pandas as pd
    frame = pd.DataFrame({"p": p, "OT": ot, "performance": kg.stage1(truth, p=p, OT=ot)})
    fit = laws.fit(kg.stage1, frame)
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, abs=1e-4), name


def test_ot_example_is_the_exact_1d_wasserstein_distance():
    src = kg.Sources(mean_a=0.0, mean_b=3.0, val_share=1.0, validation_size=2000)
    from scipy import stats
    a, b, val = src._pools
    assert float(src.ot(1.0, 500)) == pytest.approx(stats.wasserstein_distance(a[:500], val))
    # validation set all A-like: OT grows as the mixture takes more B
    ot = src.ot(np.linspace(0, 1, 11), 1000)
    assert ot.argmin() == 10 and ot[0] > 2.5


def test_best_mixture_tracks_the_validation_composition():
    r = np.linspace(0, 1, 101)
    for share in (0.2, 0.5, 0.8):
        src = kg.Sources(val_share=share)
        perf = kg.stage1(p=r, OT=src.ot(r, 2000))  # default b0 < 0: lower OT is better
        best = kg.best_mixture(r, perf, 0.005)
        assert best.ratio == pytest.approx(share, abs=0.03)
        assert best.low <= best.ratio <= best.high


def test_near_optimal_range_widens_with_the_tolerance():
    r = np.linspace(0, 1, 101)
    perf = 0.8 - (r - 0.4) ** 2
    narrow, wide = kg.best_mixture(r, perf, 0.001), kg.best_mixture(r, perf, 0.04)
    assert narrow.ratio == pytest.approx(0.4)
    assert (narrow.low, narrow.high) == pytest.approx((0.37, 0.43))
    assert (wide.low, wide.high) == pytest.approx((0.2, 0.6))
    polished = kg.best_mixture(r, 0.8 - (r - 0.4037) ** 2, 0.001,
                               function=lambda x: 0.8 - (x - 0.4037) ** 2)
    assert polished.ratio == pytest.approx(0.4037, abs=1e-6)


def test_best_mixture_moves_with_size_when_sources_scale_differently():
    r = np.linspace(0, 1, 101)
    perf0 = 0.7 - 0.2 * (r - 0.2) ** 2          # at n0 the best is p = 0.2
    perf1 = perf0 + 0.05 * r                     # source A gains more from more data
    out = kg.best_mixture_by_size([1e3, 1e5, 1e7], r, perf0, perf1, 1e3, 2e3)
    assert out["best ratio"][0] == pytest.approx(0.2)
    assert out["best ratio"][1] > out["best ratio"][0]
    assert np.all(np.diff(out["best ratio"]) >= 0)
    assert out["best ratio"][-1] == pytest.approx(1.0)
