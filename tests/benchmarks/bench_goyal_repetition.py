"""Benchmark: Goyal et al.'s error under repetition, vectorised (cumulative sum of per-epoch
log factors) against an epoch-by-epoch loop over every budget (the form of the authors'
``func_effective_utility_aggregation``, reimplemented here), in the same run.

Run: ``python tests/benchmarks/bench_goyal_repetition.py [--json]``. The workload is the
page's crossover chart at the smallest pool (0.1M samples): 4 mixes x 200 budgets up to 1e10
samples, i.e. up to 100,000 epochs per budget. Both sides must agree to 1e-12.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws.papers import goyal2024 as gy  # noqa: E402


def loop_error(seen, a, b_values, tau_values, d, s):
    """One budget at a time, one epoch at a time."""
    b_values, tau_values = np.asarray(b_values, float), np.asarray(tau_values, float)
    out = []
    for n in seen:
        top = int(n // s)
        y = (a * min(s, n) / gy.NORMALIZER) ** float(np.mean(b_values)) + d
        for k in range(1, top + 1):
            b_k = float(np.mean(b_values * 0.5 ** (k / tau_values)))
            y *= (min(s * (k + 1), n) / (s * k)) ** b_k
        out.append(y)
    return np.array(out)


def workload(function, pool_size, seen):
    ranked = sorted(gy.TMARS_POOLS, key=lambda p: p.b)
    return [function(seen, gy.TMARS_A, [p.b for p in ranked[:i]],
                     [p.tau * i for p in ranked[:i]], gy.TMARS_D, pool_size * i)
            for i in range(1, 5)]


def timed(function, *args, repeat=3):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    seen = np.logspace(7, 10, 200)
    pool = 1e5
    t_loop, ref = timed(lambda: workload(loop_error, pool, seen), repeat=1)
    t_vec, ours = timed(lambda: workload(gy.error_with_repetition, pool, seen))
    worst = max(float(np.max(np.abs(r / o - 1))) for r, o in zip(ref, ours))
    report = {"loop_s": t_loop, "vectorised_s": t_vec, "speedup": t_loop / t_vec,
              "max_relative_difference": worst}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"epoch loop {t_loop:.2f} s, vectorised {t_vec * 1e3:.1f} ms: "
              f"{t_loop / t_vec:.0f}x faster; max relative difference {worst:.1e}")
    assert worst < 1e-12, "the two implementations disagree"


if __name__ == "__main__":
    main()
