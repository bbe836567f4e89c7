"""Hestness et al. 2017 (arXiv:1712.00409): learning curve, its three regions, per-domain
exponents, sublinear model size."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import laws
from laws.papers import hestness2017 as hz


def test_confirmed_exponent_range_and_theory():
    """Baidu Research blog on the paper [P-blog]: real applications show exponents in
    [-0.35, -0.07]; theory typically predicts -0.5."""
    assert hz.EXPONENT_RANGE == (-0.35, -0.07)
    assert hz.THEORY_EXPONENT == -0.5
    assert not hz.in_blog_range(hz.THEORY_EXPONENT)


def test_per_domain_exponents_secondary_source():
    """Per-domain exponents of §4 as a secondary transcription gives them ([S], unconfirmed
    against the paper's text; the catalog loss-laws.md §7 lists the same values as [R])."""
    beta = dict(zip(hz.DOMAINS["domain"], hz.DOMAINS["beta_g"]))
    assert beta["Word language model"] == -0.066
    assert beta["Character language model"] == -0.0936
    assert beta["Machine translation"] == -0.128
    assert beta["ImageNet top-1 error"] == -0.309
    assert beta["ImageNet top-5 error"] == -0.488
    assert beta["Speech recognition"] == -0.299
    size = dict(zip(hz.DOMAINS["domain"], hz.DOMAINS["beta_p"]))
    assert size["Word language model"] == 0.69 and size["ImageNet top-1 error"] == 0.573
    # every model-size exponent given is sublinear, as the abstract says
    assert (hz.DOMAINS["beta_p"].dropna() < 1).all()
    # top-5 lies outside the confirmed range: one reason the table stays unconfirmed
    assert not hz.in_blog_range(beta["ImageNet top-5 error"])


def test_word_lm_curve_and_data_to_halve_error():
    """eps(m) = 11.9 m^-0.066 [S]; halving the error takes 2^(1/0.066) ~ 36,400x the data
    (derived)."""
    law = laws.get("hestness2017.learning_curve")
    assert float(law(m=1e9)) == pytest.approx(11.9 * 1e9 ** -0.066, rel=1e-12)
    assert float(hz.data_to_halve_error(-0.066)) == pytest.approx(36_397, rel=1e-4)
    assert float(hz.data_to_halve_error(-0.5)) == pytest.approx(4.0)


def test_three_regions_bound_the_power_law():
    p = {"alpha": 3.0, "beta_g": -0.3, "gamma": 0.02}
    r = hz.regions(p, best_guess=0.9, tolerance=0.1)
    # the power law meets the best guess where the small-data region ends
    assert float(hz.learning_curve(p, m=r["small_data_end"])) == pytest.approx(0.9)
    # reducible part = 0.1 gamma where the irreducible region starts
    assert 3.0 * r["irreducible_start"] ** -0.3 == pytest.approx(0.002)
    assert r["small_data_end"] < r["irreducible_start"]
    m = np.logspace(0, 12, 50)
    curve = hz.curve_with_best_guess(p, m, 0.9)
    assert curve.max() <= 0.9 and np.all(np.diff(curve) <= 0)
    assert np.isnan(hz.regions({**p, "gamma": 0.0}, 0.9)["irreducible_start"])
    assert np.isnan(hz.regions(p, best_guess=0.01)["small_data_end"])


def test_model_size_is_sublinear():
    law = laws.get("hestness2017.model_size")
    assert float(law(m=1e7) / law(m=1e6)) == pytest.approx(10 ** 0.69)


def test_fit_recovers_the_example_curve():
    """The shipped example (data/make_hestness2017_example.py): sketch constants (alpha 30,
    beta_g -0.35, gamma 0.05), 3% noise."""
    from pathlib import Path
    runs = pd.read_csv(Path(__file__).resolve().parents[2] / "data" /
                       "hestness2017_learning_curve.csv")
    fit = laws.fit(hz.learning_curve, runs)
    assert fit.params["beta_g"] == pytest.approx(-0.35, abs=0.07)  # regression tolerance
    size = laws.fit(hz.model_size, runs)
    assert size.params["beta_p"] == pytest.approx(0.69, abs=0.03)
