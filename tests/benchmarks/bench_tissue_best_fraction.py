"""Benchmark: the best WSD decay fraction for 17 run lengths (1e3 to 1e7 steps) of
Tissue et al. (2024), as the "Annealing fraction" tab draws it, computed for all lengths
at once by ``laws.papers.tissue2024.best_fraction_by_steps`` (the closed-form final loss
on a grid, then a pattern search, all in arrays), against the former way, kept here as
the baseline: one ``laws.core.analysis.optimum`` (grid, then bounded Brent) per length.

Run: ``python tests/benchmarks/bench_tissue_best_fraction.py [--repeats 3] [--json]``.
Both sides are checked to agree (the final loss to 1e-9 relative, the new one never
higher) before the times count; each time is the best of ``--repeats`` calls.
"""
from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws.core.analysis import optimum  # noqa: E402
from laws.papers import tissue2024 as tis  # noqa: E402

LENGTHS = np.logspace(3, 7, 17)  # the page's grid
PEAK, FINAL = 3e-4, 0.0


def baseline(steps_grid, peak_lr, final_lr=0.0, decay_shape="linear", lam=tis.LAMBDA,
             warmup=0, params=None) -> pd.DataFrame:
    """The former ``best_fraction_by_steps``: one grid + Brent search per run length."""
    rows = []
    for T in np.asarray(steps_grid, dtype=float).round().astype(int):
        f, value = optimum(lambda x: tis.final_loss_wsd(x, T, peak_lr, final_lr, decay_shape,
                                                        lam, min(warmup, T - 1), params),
                           (0.0, 1.0), log=False, grid=65)
        rows.append({"steps": int(T), "best_fraction": f, "final_loss": value})
    return pd.DataFrame(rows)



def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    tis.final_loss_wsd(0.2, 1000, PEAK)  # compile the law once, outside timing
    gaps = []
    for shape in ("linear", "cosine"):
        old = baseline(LENGTHS, PEAK, FINAL, shape)
        new = tis.best_fraction_by_steps(LENGTHS, PEAK, FINAL, shape)
        gap = (new["final_loss"] / old["final_loss"] - 1).to_numpy()
        assert np.all(gap <= 1e-12) and np.all(gap > -1e-9), (shape, gap)
        gaps.append(float(np.abs(gap).max()))
    t_old = min(timeit.repeat(
        lambda: baseline(LENGTHS, PEAK, FINAL), number=1, repeat=args.repeats))
    t_new = min(timeit.repeat(
        lambda: tis.best_fraction_by_steps(LENGTHS, PEAK, FINAL), number=1, repeat=args.repeats))
    out = {"lengths": len(LENGTHS), "baseline_s": t_old, "vectorised_s": t_new,
           "speedup": t_old / t_new, "max_loss_gap_rel": max(gaps)}
    if args.json:
        print(json.dumps(out))
    else:
        print(f"{len(LENGTHS)} run lengths: grid + Brent per length {t_old:.3f} s, all at "
              f"once {t_new:.4f} s: {t_old / t_new:.1f}x faster (final losses agree to "
              f"{max(gaps):.1e})")
    return out


if __name__ == "__main__":
    main()
