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
        grid, s = step.landscape(runs, cell.N, cell.D)
        assert s["plateau_runs"] >= 1
        assert len(grid) == cell.runs and grid["loss"].notna().all()  # no never-run pairs


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


# ---- MoE runs ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def moe():
    return datasets.load("steplaw_moe")


def test_moe_cells_are_sparsity_by_tokens(moe):
    # Published data (moe_lr_bs_loss.csv, 708 runs): four sparsity settings x D in
    # {2e9, 4e9, 8e9, 2e10}. 1in89 and 2in88 share one total N, so a cell needs moe_name.
    cells = step.cells(moe)
    assert len(cells) == 16 and cells["runs"].sum() == 708
    assert set(cells["moe_name"]) == {"1in89", "2in88", "1in8", "3in8"}
    assert cells.groupby(["N", "D"]).size().max() == 2
    for cell in cells.itertuples():
        assert len(step.cell_runs(moe, cell._asdict())) == cell.runs


def test_moe_flops_per_token_is_the_released_M_column(moe):
    # Published data: the MoE file's M equals 6 Na + 12 numl h seq_len in every row,
    # Step Law's dense conversion (fit_tool.py) with activated parameters.
    m = step.moe_flops_per_token(moe["Na"], moe["h"], moe["numl"])
    assert np.array_equal(m, moe["M"].to_numpy(float))


def test_every_moe_cell_has_a_plateau_of_its_own_runs(moe):
    for cell in step.cells(moe).itertuples():
        grid, s = step.landscape(moe, cell.N, cell.D, sparsity=cell.moe_name,
                                 advice_N=cell.Na)
        assert len(grid) == cell.runs  # one sparsity setting, not the two sharing N
        assert s["plateau_runs"] >= 1 and grid["excess"].min() == 0
        assert s["advice_lr"] == pytest.approx(float(step.lr(N=cell.Na, D=cell.D)))


def test_moe_landscape_of_a_missing_setting_is_a_sentence(moe):
    with pytest.raises(ValueError, match="sparsity 9in9"):
        step.landscape(moe, moe["N"].iloc[0], 2e9, sparsity="9in9")


def test_refit_of_dense_plus_moe_with_total_N(runs, moe):
    # Catalog hyperparameters.md 1.3 [D] (a simple refit of the released data, NOT a
    # number the paper publishes): dense + MoE, MoE N = total params, gives ln-eta
    # exponents (N, D) = (-0.713, +0.21) and a batch exponent of 0.577.
    refit = step.refit_released(runs, moe_runs=moe, moe_N="total")
    assert refit["alpha_N"] == pytest.approx(0.713, abs=5e-4)
    assert refit["beta_D"] == pytest.approx(0.21, abs=5e-3)
    assert refit["gamma_D"] == pytest.approx(0.577, abs=5e-4)
    assert refit["points"] == 213  # regression value: 129 dense + 84 MoE runs within 0.25%


def test_refit_of_dense_plus_moe_with_activated_N(runs, moe):
    # regression values: counting the MoE N as activated parameters changes the LR law
    # (batch law unchanged, it has no N).
    refit = step.refit_released(runs, moe_runs=moe, moe_N="activated")
    total = step.refit_released(runs, moe_runs=moe, moe_N="total")
    assert refit["alpha_N"] == pytest.approx(0.290, abs=1e-3)
    assert refit["beta_D"] == pytest.approx(0.536, abs=1e-3)
    assert refit["gamma_D"] == total["gamma_D"] and refit["points"] == total["points"]


def test_refit_table_has_one_column_per_refit(runs, moe):
    table, points = step.refit_table(runs, moe_runs=moe)
    assert list(table.columns) == ["constant", "published", "refit on the released runs",
                                   "refit on dense + MoE (MoE N = total)",
                                   "refit on dense + MoE (MoE N = activated)"]
    assert points == {"refit on the released runs": 129,
                      "refit on dense + MoE (MoE N = total)": 213,
                      "refit on dense + MoE (MoE N = activated)": 213}


# ---- other published rules ------------------------------------------------------------

def test_unconfirmed_rules_say_so_and_confirmed_ones_do_not():
    table = step.compare_rules(1e9, 1e11, 1e20, 3.0).set_index("rule")
    for name in ("Bjorck et al. 2024 (Microsoft)", "Porian et al. 2024"):
        assert table.loc[name, "status"].startswith("unconfirmed")
    for name in ("Step Law (this paper)", "DeepSeek LLM 2024", "Kaplan et al. 2020",
                 "MiniCPM 2024"):
        assert table.loc[name, "status"] == step.CONFIRMED


def test_other_rules_evaluate_their_formulas():
    # Arithmetic on the (unconfirmed, catalog [S]) constants: Porian LR 3.7 N^-0.36 and
    # batch 0.7576 N^0.703 [tokens]; Bjorck 1.3192e-5 N^-0.23 D^-0.32, which taken
    # literally is below 1e-9 (the page's note that it is likely mistranscribed).
    table = step.compare_rules(1e9, 1e11, 1e20, 3.0).set_index("rule")
    assert table.loc["Porian et al. 2024", "lr"] == pytest.approx(3.7 * 1e9 ** -0.36)
    assert table.loc["Porian et al. 2024", "batch"] == pytest.approx(0.7576 * 1e9 ** 0.703)
    bjorck = table.loc["Bjorck et al. 2024 (Microsoft)"]
    assert bjorck["lr"] == pytest.approx(1.3192e-5 * 1e9 ** -0.23 * 1e11 ** -0.32)
    assert bjorck["lr"] < 1e-9 and np.isnan(bjorck["batch"])


def test_table1_relative_errors_shown_only_where_confirmed():
    # Published: Step Law Table 1 (arXiv v1 HTML), OpenAI Law row: 9.51 per mille.
    # Published: Step Law abstract (arXiv v7): 0.094% from the global optimum = 0.94 per mille.
    table = step.compare_rules(1e9, 1e11, 1e20, 3.0).set_index("rule")
    errors = table["Table 1 error [‰]"]
    assert errors["Kaplan et al. 2020"] == 9.51
    assert errors["Step Law (this paper)"] == 0.94
    for name in ("DeepSeek LLM 2024", "Bjorck et al. 2024 (Microsoft)", "Porian et al. 2024",
                 "MiniCPM 2024"):
        assert np.isnan(errors[name])
