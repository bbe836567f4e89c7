"""Precompute the default grid of the Sorscher et al. 2022 page (teacher-student perceptron
with data pruning), our own simulation of the paper's protocol, not the paper's numbers.

Settings: ``laws.papers.sorscher2022.GRID`` (N = 100 dimensions; alpha_prune = P_prune/N
from 0.5 to 8; kept fractions f = 1, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, keeping the hard or the
easy examples; probe angles 0, 10, 20 degrees; seeds 0-4). One row per run; columns theta_deg,
f, strategy (hard, easy, or none for f = 1), alpha_prune, seed, N, R, test_error, kappa,
P_prune, alpha_tot. Deterministic (each run has its own seed), so the three probe angles
run in parallel processes. Run from the repository root (a few CPU minutes):

    python data/make_sorscher_grid.py
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws.papers import sorscher2022 as so  # noqa: E402


def one_angle(theta_deg: float) -> pd.DataFrame:
    g = so.GRID
    return so.simulate_grid(g["N"], g["alpha_prune"], g["f"], [theta_deg], g["seeds"])


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=len(so.GRID["theta_deg"])) as pool:
        runs = pd.concat(pool.map(one_angle, so.GRID["theta_deg"]), ignore_index=True)
    runs.to_csv(HERE / "sorscher2022_grid.csv", index=False, float_format="%.6g")
    print(f"wrote {len(runs)} runs")
