"""Alabdulmohsin et al. (2022): the implicit M4 law, its solver and gradients, the paper's
fitting procedure and its learning-curve benchmark."""
import numpy as np
import pandas as pd
import pytest

import laws
from laws import datasets
from laws.core.law import Law
from laws.papers import alabdulmohsin2022 as m4p

LAW = m4p.m4
P = {"beta": 1.0, "c": -0.5, "alpha": 1.0, "eps_inf": 0.1, "eps_0": 1.0}


@pytest.fixture(scope="module")
def bench():
    try:
        frame = datasets.load("revisiting_lang")
    except datasets.DatasetUnavailable as err:
        pytest.skip(str(err))
    return m4p.benchmark(frame)


def test_relation_contract():
    law = laws.get("alabdulmohsin2022.m4")
    assert law is LAW and law.implicit
    assert law.input_names == ["x"] and law.output.name == "loss"
    assert law.param_names == ["beta", "c", "alpha", "eps_inf", "eps_0"]
    tex = law.latex()
    assert "=" in tex and r"\varepsilon_\infty" in tex and r"\beta x^{c}" in tex


def test_closed_forms_for_alpha_zero_and_one():
    # alpha = 1: w = f (b - w) gives w = f b / (1 + f); catalog check (derived):
    # beta = 1, c = -0.5, alpha = 1, eps_inf = 0.1, eps_0 = 1, x = 100 -> 0.181818...
    assert float(LAW(P, x=100.0)) == pytest.approx(0.1 + 0.1 * 0.9 / 1.1, abs=1e-14)
    # alpha = 0.5 at the same point: L = 0.19 (catalog check, derived)
    assert float(LAW({**P, "alpha": 0.5}, x=100.0)) == pytest.approx(0.19, abs=1e-14)
    # alpha = 0 is M2: eps_inf + beta x^c
    x = np.logspace(1, 6, 9)
    np.testing.assert_allclose(LAW({**P, "alpha": 0.0}, x=x), 0.1 + x**-0.5, rtol=1e-13)


def test_solution_satisfies_the_equation_and_stays_in_the_bracket():
    rng = np.random.default_rng(0)
    n = 5000
    p = {"beta": 10 ** rng.uniform(-2, 6, n), "c": -rng.uniform(0.01, 1.5, n),
         "alpha": rng.uniform(0, 3, n), "eps_inf": rng.uniform(0, 2, n)}
    p["eps_0"] = p["eps_inf"] + rng.uniform(0.01, 3, n)
    x = 10 ** rng.uniform(1, 10, n)
    L = LAW(p, x=x)
    assert np.all((L >= p["eps_inf"]) & (L <= p["eps_0"]))
    # compare w with a 200-step bisection of the same monotone function
    lo, hi = np.zeros(n), p["eps_0"] - p["eps_inf"]
    f = p["beta"] * x ** p["c"]
    for _ in range(200):
        mid = (lo + hi) / 2
        up = mid - f * (p["eps_0"] - p["eps_inf"] - mid) ** p["alpha"] > 0
        hi, lo = np.where(up, mid, hi), np.where(up, lo, mid)
    np.testing.assert_allclose(L - p["eps_inf"], lo, atol=1e-12)


def test_loss_falls_with_examples_and_invalid_parameters_give_nan():
    x = np.logspace(2, 12, 50)
    L = LAW(m4p.m4.defaults, x=x)
    assert np.all(np.diff(L) < 0)
    assert np.isnan(LAW({**P, "eps_0": 0.05}, x=100.0))  # eps_0 below eps_inf
    assert np.isnan(LAW({**P, "alpha": -1.0}, x=100.0))


def test_implicit_gradient_matches_finite_differences():
    p = m4p.m4.defaults
    x = np.logspace(5, 9, 7)
    g = LAW.gradient(p, x=x)
    for j, name in enumerate(LAW.param_names):
        h = 1e-6 * max(abs(p[name]), 1e-3)
        fd = (LAW({**p, name: p[name] + h}, x=x) - LAW({**p, name: p[name] - h}, x=x)) / (2 * h)
        np.testing.assert_allclose(g[j], fd, rtol=1e-5, atol=1e-12, err_msg=name)


def test_law_refuses_an_implicit_relation_without_an_equation():
    with pytest.raises(ValueError, match="sympy.Eq"):
        Law("x.y", "t", LAW.expr.lhs, LAW.output, LAW.inputs, LAW.params, solve=m4p.solve)


def test_paper_procedure_recovers_a_clean_curve():
    truth = {"beta": 500.0, "c": -0.45, "alpha": 0.6, "eps_inf": 0.3, "eps_0": 1.2}
    x = np.logspace(5, 9, 25)
    y = LAW(truth, x=x)
    fitted = m4p.fit_m4(x, y, err_0=1.0)
    assert fitted["objective"] < 1e-6
    far = np.logspace(9, 11, 5)
    np.testing.assert_allclose(m4p.predict(fitted, far), LAW(truth, x=far), rtol=2e-3)


def test_paper_procedure_respects_its_constraints():
    x = np.logspace(3, 7, 12)
    y = 0.9 - 0.1 * np.log10(x) / 7
    fitted = m4p.fit_m4(x, y, err_0=1.001, up_bound=1.0)
    assert 0 <= fitted["eps_inf"] <= y.min() - m4p.MARGIN + 1e-12
    assert y.max() + m4p.MARGIN - 1e-12 <= fitted["eps_0"] <= 1.0 + m4p.MARGIN + 1e-12
    assert fitted["c"] <= 0 and fitted["alpha"] >= 0 and fitted["beta"] >= 1
    with pytest.raises(ValueError):
        m4p.fit_m4(x[:3], y[:3])


def test_generic_fit_by_id_and_bootstrap_work_on_the_implicit_law():
    truth = m4p.m4.defaults
    x = np.logspace(5.5, 8.5, 12)
    frame = pd.DataFrame({"x": x, "loss": LAW(truth, x=x)})
    fit = laws.fit(laws.get("alabdulmohsin2022.m4"), frame, bootstrap=5)
    assert fit.objective < 1e-8
    far = np.logspace(8.5, 9.5, 4)
    np.testing.assert_allclose(fit(x=far), LAW(truth, x=far), rtol=5e-3)
    band = fit.predict(x=far)
    assert band["lower"].notna().all() and np.all(band["lower"] <= band["upper"])


def test_extrapolation_score_is_the_notebooks():
    y = np.array([1.0, 2.0, 4.0])
    pred = y * np.exp([0.1, -0.1, 0.2])
    rmse, se = m4p.extrapolation_score(pred, y)
    e = np.array([0.01, 0.01, 0.04])
    assert rmse == pytest.approx(np.sqrt(e.mean()))
    assert se == pytest.approx(np.sqrt(e.mean() + e.std() / np.sqrt(3)) - np.sqrt(e.mean()))


def test_benchmark_scores_every_evaluation(bench, capsys):
    # The language part of the benchmark: NMT 5 and LM 5 evaluations per model, BB 10
    # per task (upstream README); each scored on its Training == 0 rows.
    assert bench.groupby("domain").size().to_dict() == {"BB": 10, "LM": 5, "NMT": 5}
    assert bench["n_extrapolate"].sum() == 5 + 97 + 240  # held-out unique rows
    with capsys.disabled():
        print("\nM4 extrapolation RMSE (log loss) per evaluation, paper's procedure "
              "(regression values):")
        print(bench[["domain", "evaluation", "n_fit", "n_extrapolate", "rmse",
                     "std_error"]].to_string(index=False))
    assert np.all(bench["c"] <= 0) and np.all(bench["alpha"] >= 0)


def test_benchmark_regression_values(bench):
    # Regression values (computed here; the paper's own tables of extrapolation losses
    # are not confirmed digit for digit): mean RMSE per domain.
    means = bench.groupby("domain")["rmse"].mean()
    assert means["LM"] == pytest.approx(0.000941, rel=0.05)
    assert means["NMT"] == pytest.approx(0.019516, rel=0.05)
    assert means["BB"] == pytest.approx(0.018151, rel=0.05)
    lm1b = bench[(bench["domain"] == "LM") & (bench["evaluation"] == "1.07e+09")].iloc[0]
    assert lm1b["rmse"] == pytest.approx(0.001278, rel=0.05)
    assert lm1b["eps_inf"] == pytest.approx(0.7901, abs=2e-3)


def test_the_shipped_benchmark_is_what_the_fits_give(bench):
    # data/alabdulmohsin2022_benchmark.json (data/make_alabdulmohsin2022_benchmark.py) is
    # the page's benchmark view: it must equal the live benchmark, so it cannot drift.
    frame = datasets.load("revisiting_lang")
    curves = m4p.evaluations(frame)
    shipped = m4p.shipped_benchmark(curves)
    assert shipped is not None, "missing, or made from other curves: regenerate it"
    assert list(shipped.columns) == list(bench.columns)
    assert shipped[["domain", "evaluation", "n_fit", "n_extrapolate"]].equals(
        bench[["domain", "evaluation", "n_fit", "n_extrapolate"]])
    numbers = ["rmse", "std_error", *LAW.param_names]
    assert np.allclose(shipped[numbers], bench[numbers], rtol=1e-6, atol=1e-12)
    assert m4p.shipped_benchmark(curves.iloc[1:]) is None
