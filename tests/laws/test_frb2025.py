"""Wu et al. 2025 (arXiv:2501.09248): broken power-law energy function of repeating FRBs."""
from __future__ import annotations

import numpy as np
import pytest

import laws
from laws.papers import caballero2022 as cb
from laws.papers import frb2025 as fr


def test_break_energy_from_the_abstract():
    """Abstract [P-abs]: 'a universal break around 10^38 erg'. The only confirmed constant."""
    law = laws.get("frb2025.energy_function")
    assert law.param("E_b").value == 1e38
    assert fr.CONFIRMED == {"E_b"}
    assert all("UNCONFIRMED" in law.param(n).source for n in ("alpha_1", "alpha_2", "s", "K"))


def test_power_law_indices_far_from_the_break():
    p = fr.energy_function.defaults
    lo, hi = np.array([1e35, 1e35 * 1.01]), np.array([1e41, 1e41 * 1.01])
    slope = lambda e: np.diff(np.log(fr.energy_function(p, E=e)))[0] / np.diff(np.log(e))[0]
    assert slope(lo) == pytest.approx(-p["alpha_1"], abs=1e-6)
    assert slope(hi) == pytest.approx(-p["alpha_2"], abs=1e-6)


def test_same_maths_as_a_one_break_bnsl():
    """dN/dE equals Caballero et al.'s Eq. (1) with a = 0 and the stated mapping."""
    p = {"K": 3.0, "alpha_1": 1.5, "alpha_2": 2.5, "E_b": 2e38, "s": 0.3}
    e = np.logspace(36, 41, 9)
    assert cb.evaluate(fr.as_bnsl(p), e) == pytest.approx(fr.energy_function(p, E=e), rel=1e-9)


def test_cumulative_matches_the_closed_form_of_a_sharp_break():
    """For a sharp break, N(>E) above E_b is K E_b / (alpha_2 - 1) (E/E_b)^(1 - alpha_2)."""
    p = {"K": 1.0 / 1e38, "alpha_1": 1.8, "alpha_2": 2.6, "E_b": 1e38, "s": 0.001}
    e = np.array([1e39, 1e40])
    expected = p["K"] * p["E_b"] / (p["alpha_2"] - 1) * (e / p["E_b"]) ** (1 - p["alpha_2"])
    assert fr.cumulative(p, e, e_max=1e48, points=20000) == pytest.approx(expected, rel=1e-3)


def test_maximum_likelihood_recovers_a_simulated_break():
    truth = {"K": 1.0, "alpha_1": 1.8, "alpha_2": 2.6, "E_b": 1e38, "s": 0.05}
    energies = fr.sample(truth, 3000, 1e37, seed=4)
    assert energies.min() >= 1e37 and energies.size == 3000
    fit = fr.fit_energies(energies, e_min=1e37, e_max=1e42, bootstrap=0)
    assert np.log10(fit["params"]["E_b"]) == pytest.approx(38.0, abs=0.2)
    assert fit["params"]["alpha_1"] == pytest.approx(1.8, abs=0.1)
    # only ~280 of the bursts lie above the break: alpha_2 and E_b trade off (the fit beats
    # the truth by 3.6 in log-likelihood on this sample, a 2-sigma fluctuation)
    assert fit["params"]["alpha_2"] == pytest.approx(2.6, abs=0.4)
    # K scales the fitted function to the number of bursts
    assert fr.cumulative(fit["params"], [1e37], e_max=1e42)[0] == pytest.approx(3000, rel=1e-3)


def test_too_few_or_bad_energies_get_a_sentence():
    with pytest.raises(ValueError, match="too few"):
        fr.fit_energies([1e38, -1, np.nan, 0] + [2e38] * 5)
