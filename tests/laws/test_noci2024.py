"""Noci et al. (2024): background thresholds, the width rules, and the toy experiment.

The paper's findings are qualitative (abstract, v1 and v2): under muP the sharpness is
largely width-independent along training; under NTK scaling it is not. No constant is
published. The edge-of-stability values are Cohen et al.'s (2021: 2/eta; 2022: 38/eta for
Adam with beta_1 = 0.9), background the page uses. The toy checks are regression/property
checks of our own experiment.
"""
import numpy as np
import pandas as pd
import pytest

from laws.papers import noci2024 as nc
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def test_edge_of_stability_thresholds():
    assert float(nc.eos_gd(eta=0.01)) == pytest.approx(200.0)
    # Cohen et al. 2022: (2 + 2 beta_1)/((1 - beta_1) eta) = 38/eta at beta_1 = 0.9
    assert float(nc.eos_adam(eta=1.0)) == pytest.approx(38.0)


def test_lr_width_rule():
    ref = {"eta_ref": 1e-2, "n_ref": 256.0}
    assert float(nc.lr_width({**ref, "c": 0.0}, n=4096)) == pytest.approx(1e-2)
    assert float(nc.lr_width({**ref, "c": 1.0}, n=1024)) == pytest.approx(2.5e-3)
    rules = nc.rules_at([256, 1024], "Adam")
    hidden = rules[(rules["layer"] == "hidden weights")]
    assert hidden[(hidden.parametrisation == "muP") & (hidden.n == 1024)]["lr"].item() == \
        pytest.approx(2.5e-3)  # muP with Adam: hidden-layer LR ~ 1/fan_in
    assert hidden[(hidden.parametrisation == "SP") & (hidden.n == 1024)]["lr"].item() == 1e-2


def test_sharpness_matches_the_full_hessian_of_a_tiny_net():
    task = nc.Task.make(samples=6, dim=2, seed=3)
    net = nc.Net("muP", 3, task, eta_0=0.7, seed=1)
    theta = np.concatenate([net.W.ravel(), net.v])
    k, nW = theta.size, net.W.size

    def grad(t):
        g_W, g_v = net.grads(t[:nW].reshape(net.W.shape), t[nW:])
        return np.concatenate([g_W.ravel(), g_v])

    h = 1e-5
    H = np.array([(grad(theta + h * e) - grad(theta - h * e)) / (2 * h) for e in np.eye(k)])
    lr = np.concatenate([np.full(nW, net.eta_W), np.full(net.v.size, net.eta_v)])
    P = np.sqrt(lr)[:, None] * (H + H.T) / 2 * np.sqrt(lr)[None, :]
    assert net.sharpness() == pytest.approx(np.linalg.eigvalsh(P).max(), rel=1e-3)


def test_sp_sharpness_grows_with_width_and_mup_does_not():
    task = nc.Task.make()
    sp = [nc.Net("SP", w, task, 0.05).sharpness() for w in (128, 512)]
    mu = [nc.Net("muP", w, task, 1.0).sharpness() for w in (128, 512)]
    assert sp[1] / sp[0] == pytest.approx(4.0, rel=0.25)  # SP: NTK and sharpness ~ n
    assert mu[1] / mu[0] == pytest.approx(1.0, abs=0.25)


def shipped_at(steps):
    """The shipped toy run (data/make_noci_toy.py) cut at ``steps`` as the page does."""
    return nc.toy_at(pd.read_csv(DATA / "noci2024_toy_sharpness.csv"),
                     pd.read_csv(DATA / "noci2024_toy_lr_sweep.csv"), steps)


def test_shipped_toy_run_shows_transfer_under_mup_only():
    traj, sweeps = shipped_at(nc.TOY_DEFAULTS["steps"])
    shift = {p: nc.optimum_shift(g) for p, g in sweeps.groupby("parametrisation")}
    assert abs(shift["muP"]) < 0.1  # regression value: 0, the best eta_0 is 3.16 at all widths
    assert 0.7 < shift["SP"] < 1.3  # regression value: 1.04, theory 1
    traj = traj.dropna(subset=["sharpness"])
    last = traj[traj["parametrisation"] == "muP"].groupby("width")["sharpness"].last()
    assert last.max() / last.min() < 1.1 and 1.5 < last.mean() < 2.5  # at the edge, all widths
    ntp = traj[traj["parametrisation"] == "NTP"].groupby("width")["sharpness"]
    growth = (ntp.last() - ntp.first()).sort_index().to_numpy()
    assert growth[0] > growth[-1]  # NTP sharpens more slowly as width grows


def test_train_stops_at_divergence_and_sweep_marks_best():
    frame = nc.train("SP", 1024, 1.0, steps=20, every=5)
    assert len(frame) < 21  # diverged early
    sweep = nc.lr_sweep("muP", [32, 64], [0.1, 1.0], steps=5)
    assert sweep.groupby("width")["best"].sum().tolist() == [1, 1]


def test_the_shipped_toy_run_is_what_training_gives():
    # The shipped tables cover every slider value of steps; cut at one they must be
    # toy_run's tables for it (checked on the two smaller widths, at two step counts, so
    # the files cannot drift from the code).
    d = nc.TOY_DEFAULTS
    assert set(pd.read_csv(DATA / "noci2024_toy_lr_sweep.csv")["steps"]) == set(nc.STEPS)
    widths = d["widths"][:2]
    for steps in (10, 20):
        live = nc.toy_run(widths, steps, max(1, steps // 10), d["eta_0"], d["etas"])
        for a, b in zip(live, shipped_at(steps)):
            b = b[b["width"].isin(widths)].reset_index(drop=True)
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b, rtol=1e-9)


def test_toy_at_cuts_toy_run_all_exactly():
    d = nc.TOY_DEFAULTS
    widths, etas = (16, 32), d["etas"][::4]
    trajectories, sweeps = nc.toy_run_all(widths, d["eta_0"], etas, steps_values=(10, 30))
    assert nc.sharpness_steps((10, 30)) == list(range(11)) + [12, 15, 18, 21, 24, 27, 30]
    for steps in (10, 30):
        live = nc.toy_run(widths, steps, max(1, steps // 10), d["eta_0"], etas)
        for a, b in zip(live, nc.toy_at(trajectories, sweeps, steps)):
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b, check_exact=True)
