"""Benchmark: the exact hard-margin perceptron of the Sorscher et al. 2022 page, solved as a
least-distance program by non-negative least squares (``sorscher2022.max_margin``), against
the textbook route, the dual QP ``min 1/2 a'Ka - 1'a, a >= 0`` with L-BFGS-B, in the same run.

Run: ``python tests/benchmarks/bench_sorscher_max_margin.py [--json]``. Workload: N = 100
dimensions, P = 100 to 400 teacher-labelled Gaussian examples (alpha = 1 to 4), 3 seeds.
Both must give the same weights (max difference reported) and every margin >= 1.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws.papers import sorscher2022 as so  # noqa: E402


def dual_qp(Z):
    K = Z @ Z.T
    r = minimize(lambda a: (0.5 * a @ K @ a - a.sum(), K @ a - 1.0), np.zeros(len(Z)),
                 jac=True, method="L-BFGS-B", bounds=[(0, None)] * len(Z),
                 options=dict(ftol=1e-15, gtol=1e-10, maxiter=50_000))
    return Z.T @ r.x


def problems(N=100, alphas=(1, 2, 4), seeds=3):
    for a in alphas:
        for s in range(seeds):
            rng = np.random.default_rng(s)
            t = rng.standard_normal(N)
            X = rng.standard_normal((a * N, N))
            yield np.sign(X @ t)[:, None] * X


def timed(solver, cases):
    start = time.perf_counter()
    out = [solver(Z) for Z in cases]
    return time.perf_counter() - start, out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cases = list(problems())
    t_nnls, w_nnls = timed(so.max_margin, cases)
    t_qp, w_qp = timed(dual_qp, cases)
    diff = max(float(np.abs(a - b).max() / np.abs(a).max()) for a, b in zip(w_nnls, w_qp))
    worst = min(float((Z @ w).min()) for Z, w in zip(cases, w_nnls))
    result = {"nnls_s": t_nnls, "dual_lbfgsb_s": t_qp, "speedup": t_qp / t_nnls,
              "max_relative_weight_difference": diff, "smallest_margin_nnls": worst}
    print(json.dumps(result, indent=2) if args.json else
          f"NNLS {t_nnls:.3f} s, dual L-BFGS-B {t_qp:.3f} s: {t_qp / t_nnls:.1f}x; "
          f"weights agree to {diff:.1e}; smallest margin {worst:.12f}")
