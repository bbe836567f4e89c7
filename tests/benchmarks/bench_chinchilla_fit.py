"""Benchmark: the Chinchilla fit over its 4,500-start grid, against the common practice
of one scipy L-BFGS-B run per start, in the same run on the same data.

Run: ``python tests/benchmarks/bench_chinchilla_fit.py [--json]``. Both sides use the same
objective and sympy gradient (`laws.core.fitting.Problem`) and the same tolerances, so the
ratio measures the strategy (score all starts at once, refine the best) and nothing else.
Also reports a 1,000-resample bootstrap in units of single fits.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import laws  # noqa: E402
import laws.datasets as datasets  # noqa: E402
from laws.core.fitting import Problem, _fit_bounds, prepare, starts  # noqa: E402


def baseline(law, frame):
    """One L-BFGS-B run from every start of the grid; keep the best."""
    d = law.fit_defaults
    inputs, y, w, *_ = prepare(law, frame)
    problem = Problem(law, inputs, y, w, d.loss, d.delta, 0.5, d.space)
    box = _fit_bounds(law, problem.free, {})
    theta0 = starts(problem, d.grid, 0, box, 0, law.defaults)
    best = None
    for t in theta0:
        res = problem.minimize(t, box)
        if best is None or res.fun < best.fun:
            best = res
    return problem.params(best.x), float(best.fun), len(theta0)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--resamples", type=int, default=1000)
    args = parser.parse_args(argv)
    law = laws.get("hoffmann2022.loss")
    frame = datasets.load("chinchilla")
    laws.fit(law, frame)  # warm the lambdified functions
    t0 = time.perf_counter()
    ours = laws.fit(law, frame)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    base_params, base_obj, n_starts = baseline(law, frame)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    laws.fit(law, frame, bootstrap=args.resamples)
    t_boot = time.perf_counter() - t0 - t_ours
    report = {
        "starts": n_starts,
        "ours_seconds": t_ours, "baseline_seconds": t_base, "speedup": t_base / t_ours,
        "ours_objective": ours.objective, "baseline_objective": base_obj,
        "objective_relative_difference": abs(ours.objective - base_obj) / base_obj,
        "max_param_relative_difference": max(abs(ours.params[k] / base_params[k] - 1)
                                             for k in base_params),
        "bootstrap_resamples": args.resamples, "bootstrap_seconds": t_boot,
        "bootstrap_in_single_fits": t_boot / t_ours,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for k, v in report.items():
            print(f"{k:32s} {v:.6g}" if isinstance(v, float) else f"{k:32s} {v}")
    return report


if __name__ == "__main__":
    main()
