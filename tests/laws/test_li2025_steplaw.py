"""Li et al. (2025), Step Law: published constants, the bootstrap fits, the plateau."""
import numpy as np
import pytest

from laws import datasets
from laws.papers import li2025_steplaw as step


@pytest.fixture(scope="module")
def runs():
    return datasets.load("steplaw_dense")


@pytest.fixture(scope="module")
def fits():
    return step.bootstrap_fits(datasets.load("steplaw_bootstrap"))


def test_published_constants():
    # Published: step-law/steplaw README (1.79 N^-0.713 D^0.307; 0.58 D^0.571, B in tokens).
    assert step.lr.defaults == {"c_eta": 1.79, "alpha_N": 0.713, "beta_D": 0.307}
    assert step.batch.defaults == {"c_B": 0.58, "gamma_D": 0.571}


@pytest.mark.parametrize("N, D, lr, batch", [
    (1e9, 1e11, 1.6325e-3, 1.1077e6),
    (4e8, 4e10, 2.3682e-3, 6.5645e5),
    (7e9, 1.4e12, 9.1656e-4, 4.9988e6),
])
def test_advice_at_catalog_checks(N, D, lr, batch):
    # Derived by arithmetic from the published formula (catalog hyperparameters.md 1.4;
    # the issue pins N = 1e9, D = 1e11 -> 1.6325e-3 and 1.1077e6 tokens).
    assert float(step.lr(N=N, D=D)) == pytest.approx(lr, rel=1e-4)
    assert float(step.batch(D=D)) == pytest.approx(batch, rel=1e-4)


def test_published_constants_are_the_mean_of_the_released_bootstrap_fits(fits):
    # Published data: 1004_fitted_lr_bs_scaling_model_parameters.csv (1,000 rows).
    assert len(fits) == 1000
    mean = {k: np.mean([np.log(f[k]) if k.startswith("c_") else f[k] for f in fits])
            for k in fits[0]}
    assert np.exp(mean["c_eta"]) == pytest.approx(1.79, abs=0.01)
    assert mean["alpha_N"] == pytest.approx(0.713, abs=5e-4)
    assert mean["beta_D"] == pytest.approx(0.307, abs=5e-4)
    assert np.exp(mean["c_B"]) == pytest.approx(0.58, abs=0.005)
    assert mean["gamma_D"] == pytest.approx(0.571, abs=5e-4)


def test_band_of_bootstrap_fits_contains_the_advice(fits):
    band = step.advice_band(fits, 1e9, np.logspace(9, 13, 5))
    assert np.all(band["lr_lower"] < band["lr"]) and np.all(band["lr"] < band["lr_upper"])
    assert np.all(band["batch_lower"] < band["batch"])
    assert np.all(band["batch"] < band["batch_upper"])


def test_plateau_of_the_smallest_model_at_1e11_tokens(runs):
    # Catalog [D] from the released data: at N = 2.15e8, D = 1e11 the runs within 0.25%
    # span learning rates 1.95e-3 to 7.81e-3 (4-13 configurations per cell).
    grid, s = step.landscape(runs, 214663680, 1e11)
    assert s["lr_range"] == (pytest.approx(1.953e-3, rel=1e-3), pytest.approx(7.812e-3, rel=1e-3))
    assert 4 <= s["plateau_runs"] <= 13
    assert grid["excess"].min() == 0 and np.all(grid.loc[grid["on_plateau"], "excess"] <= 0.0025)
    # regression value: the advice lands inside the plateau's ranges here
    assert s["lr_range"][0] <= s["advice_lr"] <= s["lr_range"][1]


def test_every_cell_has_a_plateau(runs):
    cells = step.cells(runs)
    assert len(cells) == 17  # published data: 17 (N, D) cells
    for cell in cells.itertuples():
        _, s = step.landscape(runs, cell.N, cell.D)
        assert s["plateau_runs"] >= 1


def test_unknown_cell_is_a_sentence(runs):
    with pytest.raises(ValueError, match="No runs at N"):
        step.landscape(runs, 1.0, 1.0)


def test_other_rules_at_catalog_checks():
    # Derived by arithmetic from the published formulas (catalog hyperparameters.md 1.5):
    # DeepSeek LLM Eq. (1) at C = 1e20; Kaplan App. D.6 at N = 1e9 and Eq. (1.4) at L = 3;
    # MiniCPM §3.2 at L = 3.
    table = step.compare_rules(1e9, 1e11, 1e20, 3.0).set_index("rule")
    assert table.loc["DeepSeek LLM 2024", "lr"] == pytest.approx(9.860e-4, rel=1e-3)
    assert table.loc["DeepSeek LLM 2024", "batch"] == pytest.approx(1.0171e6, rel=1e-3)
    assert table.loc["Kaplan et al. 2020", "lr"] == pytest.approx(3.481e-4, rel=1e-3)
    assert table.loc["Kaplan et al. 2020", "batch"] == pytest.approx(1.069e6, rel=1e-3)
    assert table.loc["MiniCPM 2024", "batch"] == pytest.approx(1.275e6, rel=1e-3)
    assert np.isnan(table.loc["MiniCPM 2024", "lr"])
    assert table.loc["Step Law (this paper)", "lr"] == pytest.approx(1.6325e-3, rel=1e-4)


def test_flops_per_token_is_6N_plus_attention(runs):
    row = runs.iloc[0]
    m = step.flops_per_token(row["h"], row["ffnh"], row["numl"])
    assert m == pytest.approx(6 * row["N"] + 12 * row["numl"] * row["h"] * 2048)


def test_refit_of_the_released_runs_differs_from_the_published_exponents(runs):
    # Catalog hyperparameters.md 1.3 [D] (a simple refit of the released data, also
    # reported upstream in step-law/steplaw#10): 129 runs within 0.25%, ln-eta exponents
    # -0.77 (N) and +0.20 (D), batch exponent 0.61.
    refit = step.refit_released(runs)
    assert refit["points"] == 129
    assert refit["alpha_N"] == pytest.approx(0.77, abs=0.005)
    assert refit["beta_D"] == pytest.approx(0.20, abs=0.005)
    assert refit["gamma_D"] == pytest.approx(0.61, abs=0.005)
