"""Precompute the toy run of the Noci et al. 2024 page at its default widths and learning
rates, for every value of its "GD steps" slider (10 to 200 by 10), so moving the slider
only cuts the shipped tables (``laws.papers.noci2024.toy_at``) instead of retraining.

Trains a two-layer tanh network with full-batch gradient descent under SP, NTP and muP at
the widths of ``laws.papers.noci2024.TOY_DEFAULTS``, once per network to 200 steps
(``toy_run_all``): the learning-rate preconditioned sharpness along training at every step
where some slider value measures it (``sharpness_steps``: every ``steps // 10`` steps),
and the training loss after each slider value of steps over a grid of base learning
rates. Deterministic (fixed seeds; the cut tables equal ``toy_run``'s for that step
count); our own small experiment, not the paper's data. Regenerate after a change to the
toy (``Net``, ``Task``, ``train``, ``TOY_DEFAULTS``); tests/laws/test_noci2024.py fails
when the files have drifted. Run from the repository root (a few CPU minutes, the widths
in parallel):

    python data/make_noci_toy.py
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws.papers import noci2024 as nc  # noqa: E402


def one_width(width: int):
    d = nc.TOY_DEFAULTS
    return nc.toy_run_all((width,), d["eta_0"], d["etas"])


def in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in toy_run_all's order: parametrisation (as listed), then width."""
    rank = {p: i for i, p in enumerate(nc.PARAMETRISATIONS)}
    return frame.sort_values(["parametrisation", "width"], key=lambda c: c.map(rank)
                             if c.name == "parametrisation" else c,
                             kind="stable").reset_index(drop=True)


if __name__ == "__main__":
    widths = nc.TOY_DEFAULTS["widths"]
    with ProcessPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(one_width, sorted(widths, reverse=True)))
    trajectories = in_order(pd.concat([p[0] for p in parts], ignore_index=True))
    sweeps = in_order(pd.concat([p[1] for p in parts], ignore_index=True))
    trajectories.to_csv(HERE / "noci2024_toy_sharpness.csv", index=False)
    sweeps.to_csv(HERE / "noci2024_toy_lr_sweep.csv", index=False)
    print(f"wrote {len(trajectories)} + {len(sweeps)} rows")
