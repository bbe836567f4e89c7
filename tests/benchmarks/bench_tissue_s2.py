"""Benchmark: the annealing area S2 of Tissue et al. (2024) in linear time (the momentum
recursion, ``laws.papers.tissue2024.annealing_area``) against its definition as a double
sum (``annealing_area_quadratic``), in the same run on the same random schedule, and the
time to evaluate a whole 10^6-step loss curve (S1, S2 and the law at every step).

Run: ``python tests/benchmarks/bench_tissue_s2.py [--steps 100000] [--json]``.
Both sides return S2 at every step; the script checks they agree before timing counts.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import timeit
from pathlib import Path

import numpy as np
import threadpoolctl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws.papers import tissue2024 as tis  # noqa: E402



def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--curve-steps", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    # one BLAS thread: the double sum is a long series of dot products, and on a shared
    # machine BLAS threads only spin against each other
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        return run(args)


def run(args) -> dict:
    rng = np.random.default_rng(0)
    lr = 3e-4 * rng.uniform(0.0, 1.0, args.steps)  # a random schedule: drops and rises
    linear = tis.annealing_area(lr)
    t_linear = min(timeit.repeat(lambda: tis.annealing_area(lr), number=1, repeat=5))
    t0 = time.perf_counter()
    quadratic = tis.annealing_area_quadratic(lr)
    t_quadratic = time.perf_counter() - t0
    max_rel = float(np.max(np.abs(linear - quadratic)) / np.max(np.abs(quadratic)))
    schedule = tis.schedule("WSD", args.curve_steps, 3e-4, 3e-5, warmup=1000)
    tis.loss_curve(schedule[:1000], warmup=1000)  # warm the lambdified law
    t_curve = min(timeit.repeat(lambda: tis.loss_curve(schedule, warmup=1000), number=1, repeat=3))
    t_areas = min(timeit.repeat(lambda: tis.areas(schedule, warmup=1000), number=1, repeat=3))
    report = {"steps": args.steps, "linear_seconds": t_linear,
              "quadratic_seconds": t_quadratic, "speedup": t_quadratic / t_linear,
              "max_relative_difference": max_rel, "curve_steps": args.curve_steps,
              "curve_seconds": t_curve, "areas_seconds": t_areas}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"S2 on {args.steps:,} random steps: linear {t_linear * 1e3:.2f} ms, double sum "
              f"{t_quadratic:.2f} s -> {report['speedup']:,.0f}x "
              f"(max relative difference {max_rel:.1e})")
        print(f"Whole loss curve of {args.curve_steps:,} steps: {t_curve * 1e3:.0f} ms "
              f"(S1 and S2 alone {t_areas * 1e3:.0f} ms)")
    return report


if __name__ == "__main__":
    main()
