"""Wortsman et al. (2023): the LR-sensitivity metric, the z-loss and the synthetic example.

The paper publishes no number this module can pin: its LR-sensitivity values are read off
figures, and the metric's exact form and LR range rest on reading notes (see the module
docstring). The tests check the metric's definition on hand-worked sweeps, the z-loss
formula, and that the shipped synthetic sweep has the shape the paper reports.
"""
import math

import numpy as np
import pandas as pd
import pytest

from laws.papers import wortsman2023 as wm

LRS = np.array([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0])


def test_flat_curve_has_zero_sensitivity():
    assert wm.lr_sensitivity(LRS, np.full(9, 3.0), 10.0) == 0.0


def test_hand_worked_sensitivity_with_a_diverged_run_capped():
    # in [3e-4, 3e-1]: 7 runs; losses 3.2, 3.0, 3.1, 3.4, 4.0, 5.0 and one diverged (-> 10)
    loss = np.array([9.9, 3.2, 3.0, 3.1, 3.4, 4.0, 5.0, np.nan, np.nan])
    expected = (3.2 + 3.0 + 3.1 + 3.4 + 4.0 + 5.0 + 10.0) / 7 - 3.0
    assert wm.lr_sensitivity(LRS, loss, 10.0) == pytest.approx(expected)
    # a run worse than the cap counts as the cap
    worse = loss.copy()
    worse[6] = 50.0
    assert wm.lr_sensitivity(LRS, worse, 10.0) == pytest.approx(expected + 5.0 / 7)


def test_runs_outside_the_range_are_ignored():
    loss = np.array([100.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, np.nan])
    assert wm.lr_sensitivity(LRS, loss, 10.0) == 0.0
    assert wm.lr_sensitivity(LRS, loss, 10.0, (1e-4, 1.0)) == pytest.approx((10 + 7 * 3 + 10) / 9 - 3)  # 100 capped at 10


def test_no_usable_run_is_a_sentence():
    with pytest.raises(ValueError, match="No run has a learning rate"):
        wm.lr_sensitivity(LRS, np.full(9, 3.0), 10.0, (2.0, 5.0))
    with pytest.raises(ValueError, match="diverged"):
        wm.lr_sensitivity(LRS, np.full(9, np.nan), 10.0)


def test_z_loss_and_uniform_loss():
    assert float(wm.z_loss(logZ=10.0)) == pytest.approx(1e-4 * 100)
    # ln 32000: cross-entropy of a uniform prediction over the paper's 32K vocabulary
    assert float(wm.loss_init(V=32000)) == pytest.approx(math.log(32000)) == \
        pytest.approx(10.3735, abs=1e-4)


def test_table_optimum_and_near_optimal_range():
    lr = LRS[1:8]
    loss = 3.0 + 0.1 * (np.log10(lr) + 2.0) ** 2  # parabola with its minimum at 1e-2
    sweep = pd.DataFrame({"variant": "v", "N": 1e8, "lr": lr, "loss": loss})
    (row,) = wm.sensitivity_table(sweep, 10.0, tolerance=0.01).itertuples()
    assert row.best_lr == pytest.approx(1e-2)
    assert row.optimum_lr == pytest.approx(1e-2, rel=1e-6)  # the parabola is exact
    # within 1% of 3.0: 0.1 u^2 <= 0.03 -> |u| <= 0.548 decades: 3e-3 .. 3e-2
    assert (row.near_optimal_lo, row.near_optimal_hi) == pytest.approx((3e-3, 3e-2))
    assert row.lr_sensitivity == pytest.approx(np.mean(loss) - 3.0)


def test_clean_sweep_keeps_diverged_runs_and_drops_bad_rows():
    frame = pd.DataFrame({"size": [1e7, 1e7, -1, 1e7], "eta": [1e-3, 1e-2, 1e-3, "x"],
                          "l": [3.0, "nan", 3.0, 3.0]})
    out, notes = wm.clean_sweep(frame, {"N": "size", "lr": "eta", "loss": "l", "variant": None})
    assert len(out) == 2 and np.isnan(out["loss"][1])
    assert notes and "2 row(s) left out" in notes[0]
    out, notes = wm.clean_sweep(pd.DataFrame({"N": [1e7], "lr": [1e-3], "loss": [0.0]}),
                                {"N": "N", "lr": "lr", "loss": "loss", "variant": None})
    assert np.isnan(out["loss"][0]) and "treated as diverged" in notes[0]


def test_synthetic_example_has_the_papers_shape():
    table = wm.sensitivity_table(wm.example_sweep(), float(wm.loss_init(V=wm.VOCAB)))
    by = {v: g.sort_values("N")["lr_sensitivity"].to_numpy() for v, g in table.groupby("variant")}
    base, fixed = by["baseline"], by["qk-layernorm + z-loss"]
    assert base[-1] > 5 * base[0]  # without qk-layernorm, sensitivity grows with size
    assert (fixed < base).all() and fixed.max() < 0.1  # the interventions flatten the curves
