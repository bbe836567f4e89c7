"""Shared analysis: optimum, plateau, crossover."""
import numpy as np
import pytest

import laws


def test_optimum_of_a_parabola_in_log_space():
    x, f = laws.optimum(lambda x: (np.log10(x) - 3.3) ** 2 + 1.0, (1.0, 1e6))
    assert x == pytest.approx(10 ** 3.3, rel=1e-6)
    assert f == pytest.approx(1.0)


def test_plateau_on_a_grid():
    lr = np.logspace(-4, -2, 21)
    batch = np.logspace(4, 7, 13)
    ll, bb = np.meshgrid(np.log10(lr), np.log10(batch), indexing="ij")
    loss = 2.0 + 0.05 * (ll + 3) ** 2 + 0.02 * (bb - 5.5) ** 2
    p = laws.plateau(loss, [lr, batch], tolerance=0.0025)
    assert p.best_index == (10, 6)
    assert p.best_value == pytest.approx(2.0)
    assert np.all(loss[p.mask] <= 2.0 * 1.0025)
    assert not np.any(loss[~p.mask] <= 2.0 * 1.0025)
    assert p.ranges[0][0] < 1e-3 < p.ranges[0][1]


def test_plateau_ignores_missing_cells_and_can_maximise():
    acc = np.array([[np.nan, 0.5], [0.8, 0.79]])
    p = laws.plateau(acc, tolerance=0.02, maximize=True)
    assert p.best_index == (1, 0)
    assert p.mask.tolist() == [[False, False], [True, True]]
    with pytest.raises(ValueError):
        laws.plateau(np.full((2, 2), np.nan))


def test_crossover_of_two_power_laws_with_interval():
    f = lambda x: 2.0 * x ** 0.5  # noqa: E731
    g = lambda x: 20.0 * x ** 0.25  # noqa: E731
    # 2 x^0.5 = 20 x^0.25  ->  x = 10^4
    assert laws.crossovers(f, g, (1.0, 1e8)) == [pytest.approx(1e4, rel=1e-9)]
    rng = np.random.default_rng(0)
    scales = 20.0 * np.exp(0.05 * rng.standard_normal(200))
    c = laws.crossover(f, g, (1.0, 1e8), [f] * 200,
                       [lambda x, s=s: s * x ** 0.25 for s in scales])
    assert c.x == pytest.approx(1e4, rel=1e-9)
    assert c.lower < 1e4 < c.upper
    assert c.share_crossing == 1.0


def test_no_crossover_is_reported_as_none():
    c = laws.crossover(lambda x: x, lambda x: x + 1, (1.0, 10.0))
    assert c.x is None


def test_quadratic_landscape_finds_a_known_optimum():
    lr = np.repeat(np.logspace(-4, -2, 7), 5)
    bs = np.tile(np.logspace(5, 7, 5), 7)
    u, v = np.log10(lr) + 3, np.log10(bs) - 6.2
    loss = 2.0 + 0.04 * u ** 2 + 0.01 * u * v + 0.03 * v ** 2
    q = laws.fit_quadratic_landscape(lr, bs, loss)
    assert q.convex and q.n == 35 and q.rmse < 1e-12
    # minimiser of 0.04u^2 + 0.01uv + 0.03v^2 is u = v = 0
    assert q.optimum[0] == pytest.approx(1e-3, rel=1e-9)
    assert q.optimum[1] == pytest.approx(10 ** 6.2, rel=1e-9)
    assert q.best_value == pytest.approx(2.0)
    assert q.excess(1e-3, 10 ** 6.2) == pytest.approx(0.0, abs=1e-12)
    assert q.excess(1e-2, 10 ** 6.2) == pytest.approx(0.04 / 2.0)


def test_quadratic_landscape_reports_a_saddle_and_bad_input():
    lr = np.repeat(np.logspace(-4, -2, 4), 4)
    bs = np.tile(np.logspace(5, 7, 4), 4)
    saddle = 2.0 + (np.log10(lr) + 3) ** 2 - (np.log10(bs) - 6) ** 2
    q = laws.fit_quadratic_landscape(lr, bs, saddle)
    assert not q.convex and np.isnan(q.optimum[0])
    with pytest.raises(ValueError, match="at least 6 runs"):
        laws.fit_quadratic_landscape([1e-3, -1, 0], [1e5, 1e5, 1e5], [2, 2, 2])
    with pytest.raises(ValueError, match="three distinct values"):
        laws.fit_quadratic_landscape(np.full(8, 1e-3), np.logspace(5, 6, 8), np.ones(8))
