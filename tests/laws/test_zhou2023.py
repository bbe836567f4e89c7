"""Zhou, Yang, Chang, Mahoney (2023), A Three-regime Model of Network Pruning.

Published (authors' repository YefanZhou/ThreeRegimePruning, commit b38c972, notebook
``visualization/load_temperature_plots.ipynb`` and README; paper Fig. 1 and abstract):
* the grid: training epochs 10..160 step 10, pruning ratios 0.95, 0.94, 0.93, 0.92, 0.90,
  0.86, 0.80, 0.60, 0.20 (density labels 5..80%); 3 dense seeds, retraining seed pairs
  (1,2), (1,3), (2,3); LMC on 11 interpolation points of training error;
* the barrier: mean of the endpoints minus the curve at the point furthest from it;
* the normalized test error: test error minus its minimum over temperature at each load;
* Regime I (poorly connected) -> II-A by raising temperature, II-A -> II-B by lowering it.
The paper prints no numbers for the heat maps: the digitised values below are checked for
consistency between panels and against the shape of Fig. 2, and pinned as regression values.
"""
import numpy as np
import pandas as pd
import pytest

from laws.papers import zhou2023 as zp


@pytest.fixture(scope="module")
def fig2():
    return zp.load_phase_diagram()


def test_grid_of_the_notebook():
    assert zp.EPOCHS == tuple(range(10, 161, 10))
    assert zp.DENSITY_PCT == (5, 6, 7, 8, 10, 14, 20, 40, 80)
    assert zp.LMC_POINTS == 11 and zp.SEED_PAIRS == ((1, 2), (1, 3), (2, 3))


def test_barrier_definition():
    # the notebook's rule: mean of endpoints minus the value furthest from it
    assert float(zp.barrier_of_curve([0.0, 0.1, 0.5, 0.2, 0.0])) == pytest.approx(-0.5)
    curves = np.array([[0.1] * 11, [0.1, 0.1, 0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3]])
    # second curve: mean of endpoints 0.2; furthest point 0.05 -> +0.15 (a dip, no barrier)
    np.testing.assert_allclose(zp.barrier_of_curve(curves), [0.0, 0.15])
    assert float(zp.lmc_barrier(L_1=0.1, L_2=0.3, L_t=0.6)) == pytest.approx(-0.4)
    with pytest.raises(ValueError):
        zp.barrier_of_curve([0.1])


def test_digitised_panels_agree_with_each_other(fig2):
    assert len(fig2) == 16 * 9 and not fig2.isna().any().any()
    derived = fig2.test_error - fig2.groupby("density_pct").test_error.transform("min")
    assert (derived - fig2.normalized_test_error).abs().max() < 0.002
    # colour-bar ranges of Fig. 2: test error 0.08-0.17, mc -0.66..0, CKA 0.88-0.99
    assert fig2.test_error.between(0.07, 0.18).all()
    assert fig2.lmc_barrier.between(-0.7, 0.0).all() and fig2.cka.between(0.87, 1.0).all()


def test_shape_of_figure_2(fig2):
    cell = fig2.set_index(["epochs", "density_pct"])
    # Regime I (large barrier) at low density and long training, none at high density
    assert cell.loc[(160, 5), "lmc_barrier"] < -0.5 and cell.loc[(10, 5), "lmc_barrier"] > -0.2
    assert (fig2[fig2.density_pct >= 20].lmc_barrier > -0.05).all()
    best = zp.best_temperature(fig2).set_index("density_pct")
    # the sharp transition: at 5-8% density stopping early saves >2 points of test error,
    # at 40-80% almost nothing (regression values of the digitised panel)
    assert (best.loc[[5, 6, 7, 8], "saved by the best temperature"] > 0.02).all()
    assert (best.loc[[40, 80], "saved by the best temperature"] < 0.002).all()
    assert best.loc[5, "best epochs"] == 60 and best.loc[5, "best error"] == pytest.approx(
        0.146, abs=0.002)


def test_classify_and_advice(fig2):
    regimes = zp.classify(fig2.lmc_barrier, fig2.cka, 0.2, 0.98)
    table = fig2.assign(r=regimes).set_index(["epochs", "density_pct"])["r"]
    assert table[(160, 5)] == "I" and table[(10, 5)] == "II-A" and table[(160, 80)] == "II-B"
    assert (regimes == "I").sum() == 31                                # regression value
    assert list(zp.classify([-0.5, 0.0, 0.0, np.nan], [0.9, 0.9, 0.99, 0.9])) == [
        "I", "II-A", "II-B", ""]
    # Regime I predicts "hotter", II-A "colder": the digitised errors agree
    assert zp.advice(fig2, 5, 160)["move"] == "fewer epochs (hotter)"
    assert zp.advice(fig2, 80, 10)["move"] == "more epochs (colder)"
    assert zp.advice(fig2, 10, 70, tolerance=0.002)["move"] == "keep"
    with pytest.raises(ValueError):
        zp.advice(fig2, 33, 10)


def test_clean_sweep():
    raw = pd.DataFrame({"T": [1, 2, "x", 4], "d": [5, 5, 5, None], "e": [0.1, 0.2, 0.3, 0.4]})
    sweep, notes = zp.clean_sweep(raw, {"temperature": "T", "load": "d", "test_error": "e",
                                        "lmc_barrier": None, "cka": None})
    assert len(sweep) == 2 and len(notes) == 1 and sweep["cka"].isna().all()
