"""Benchmark: the compute-optimal precision curve of Sun et al. (2025) (App. E.3; the
"Precision vs compute" tab, 15 budgets from 1e19 to 1e33 FLOP), computed for all budgets
at once by ``laws.papers.sun2025.compute_optimal_curve`` (one grid over log10 N and P,
then zooming grids, all in numpy arrays), against the former way, kept here as the
baseline: for each budget a grid then scipy's Nelder-Mead, one scalar loss call per step.

Run: ``python tests/benchmarks/bench_sun_compute_optimal.py [--repeats 3] [--json]``.
Both sides are checked to agree (P to 1e-4 bits, loss to 1e-9 relative) before the times
count; each time is the best of ``--repeats`` cold calls (no cache involved).
"""
from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

import numpy as np
from scipy import optimize

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws.papers import sun2025 as sun  # noqa: E402

BUDGETS = np.logspace(19, 33, 15)  # the page's curve


def baseline(C_flops: float, B_block: float = 128.0, k: float = sun.K_COMPUTE,
             params: dict | None = None, P_bounds=(1.5, 32.0)) -> dict:
    """The former ``compute_optimal``: grid, then Nelder-Mead from its best point."""
    def objective(t, P):
        n_ = 10.0 ** t
        return sun.loss_optimal_layout(n_, C_flops / (k * P * n_), P, B_block, params)

    t_grid, p_grid = np.meshgrid(np.linspace(3.0, 20.0, 341), np.linspace(*P_bounds, 311))
    with np.errstate(all="ignore"):
        values = np.where(np.isfinite(v := objective(t_grid, p_grid)), v, np.inf)
    i = np.unravel_index(int(np.argmin(values)), values.shape)
    res = optimize.minimize(lambda z: float(objective(z[0], z[1])),
                            x0=[t_grid[i], p_grid[i]], method="Nelder-Mead",
                            bounds=[(3.0, 20.0), P_bounds],
                            options={"xatol": 1e-7, "fatol": 1e-12})
    t_best, p_best = (res.x if res.fun <= values[i] else (t_grid[i], p_grid[i]))
    return {"P": float(p_best), "loss": float(objective(t_best, p_best))}



def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sun.loss_optimal_layout(1e9, 1e11, 8.0, 128.0)  # compile the law once, outside timing
    old = [baseline(c) for c in BUDGETS]
    new = sun.compute_optimal_curve(BUDGETS)
    p_gap = max(abs(o["P"] - p) for o, p in zip(old, new["P"]))
    loss_gap = max(abs(o["loss"] / v - 1) for o, v in zip(old, new["loss"]))
    assert p_gap < 1e-4 and loss_gap < 1e-9, (p_gap, loss_gap)
    assert all(v <= o["loss"] * (1 + 1e-12) for o, v in zip(old, new["loss"]))
    t_old = min(timeit.repeat(
        lambda: [baseline(c) for c in BUDGETS], number=1, repeat=args.repeats))
    t_new = min(timeit.repeat(
        lambda: sun.compute_optimal_curve(BUDGETS), number=1, repeat=args.repeats))
    out = {"budgets": len(BUDGETS), "baseline_s": t_old, "vectorised_s": t_new,
           "speedup": t_old / t_new, "max_P_gap_bits": p_gap, "max_loss_gap_rel": loss_gap}
    if args.json:
        print(json.dumps(out))
    else:
        print(f"{len(BUDGETS)} budgets: grid + Nelder-Mead per budget {t_old:.3f} s, "
              f"all at once {t_new:.3f} s: {t_old / t_new:.1f}x faster "
              f"(P agrees to {p_gap:.1e} bits, loss to {loss_gap:.1e})")
    return out


if __name__ == "__main__":
    main()
