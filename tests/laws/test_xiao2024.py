"""Xiao (2024): the scaling-law crossover.

The paper defines the crossover in words (abstract, arXiv v2) and publishes no fitted
constants, so nothing here is a published number. The tests check the sympy-derived closed
form against a hand-worked case, the numerical crossing against it, and that fits of the
synthetic example recover its crossing with a bootstrap interval that contains it.
"""
import math

import numpy as np
import pandas as pd
import pytest

from laws import FitError
from laws.papers import xiao2024 as xo


def test_closed_form_hand_worked():
    # A1 = 10, a1 = 0.05, A2 = 20, a2 = 0.10: C = (1/2)^(1/(-0.05)) = 2^20
    assert xo.crossover_closed_form(10, 20, 0.05, 0.10) == pytest.approx(2 ** 20)
    assert math.isnan(xo.crossover_closed_form(10, 20, 0.1, 0.1))


def test_numerical_crossing_matches_the_closed_form_and_flips_the_winner():
    p1, p2 = xo.EXAMPLE.values()
    (x,) = xo.curve_crossings(p1, p2, (1e15, 1e25))
    assert x == pytest.approx(xo.crossover_closed_form(p1["A"], p2["A"], p1["alpha"],
                                                       p2["alpha"]), rel=1e-8)
    assert x == pytest.approx(1e20, rel=1e-8)  # the example is built to cross at 1e20
    assert xo.loss(p1, C=x / 10) < xo.loss(p2, C=x / 10)
    assert xo.loss(p1, C=x * 10) > xo.loss(p2, C=x * 10)
    # different floors: the crossing moves and no closed form applies
    assert xo.curve_crossings({**p1, "E": 1.9}, p2, (1e15, 1e25))[0] < x


def test_fits_recover_the_crossing_with_an_interval():
    runs = xo.example_runs()
    fits = xo.fit_methods(runs, tuple(xo.EXAMPLE), bootstrap=40)
    cross = xo.crossover_of_fits(*fits.values(), (1e17, 1e24))
    assert cross.lower <= cross.x <= cross.upper
    assert cross.lower < 1e20 < cross.upper  # the true crossing is inside the interval
    assert 10 ** 19 < cross.x < 10 ** 21
    assert cross.share_crossing > 0.9


def test_small_scale_fits_are_less_sure():
    runs = xo.example_runs()
    fits = xo.fit_methods(runs, tuple(xo.EXAMPLE), max_scale=1e19, bootstrap=40)
    cross = xo.crossover_of_fits(*fits.values(), (1e17, 1e24))
    assert cross.share_crossing < 0.9  # regression value: about a fifth of draws cross


def test_too_few_runs_is_a_sentence():
    runs = xo.example_runs()
    with pytest.raises(FitError, match="at least 4"):
        xo.fit_methods(runs, tuple(xo.EXAMPLE), max_scale=1e17 * 2.5, bootstrap=0)
    bad = pd.DataFrame({"method": ["a"] * 5 + ["b"] * 5, "C": [1e18] * 10,
                        "loss": [np.nan, -1, 0, 3, 3] * 2})
    with pytest.raises(FitError):
        xo.fit_methods(bad, ("a", "b"), bootstrap=0)


def test_shown_closed_form_is_what_sympy_solves():
    import sympy as sp

    symbols = sorted(xo.CROSSOVER_SOLVED.free_symbols, key=str)
    solved = sp.lambdify(symbols, xo.CROSSOVER_SOLVED)
    shown = sp.lambdify(symbols, xo.CROSSOVER_CLOSED)
    rng = np.random.default_rng(0)
    for _ in range(20):
        values = rng.uniform(0.05, 3.0, len(symbols))
        assert shown(*values) == pytest.approx(solved(*values), rel=1e-9)
