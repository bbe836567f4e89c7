"""Precompute the default toy run of the Noci et al. 2024 page.

Trains a two-layer tanh network with full-batch gradient descent under SP, NTP and muP at
the widths of ``laws.papers.noci2024.TOY_DEFAULTS``, recording the learning-rate
preconditioned sharpness along training and the final loss over a grid of base learning
rates. Deterministic (fixed seeds); our own small experiment, not the paper's data. Run
from the repository root:

    python data/make_noci_toy.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws.papers import noci2024  # noqa: E402

if __name__ == "__main__":
    d = noci2024.TOY_DEFAULTS
    trajectories, sweeps = noci2024.toy_run(d["widths"], d["steps"], d["every"], d["eta_0"],
                                            d["etas"])
    trajectories.to_csv(HERE / "noci2024_toy_sharpness.csv", index=False)
    sweeps.to_csv(HERE / "noci2024_toy_lr_sweep.csv", index=False)
    print(f"wrote {len(trajectories)} + {len(sweeps)} rows")
