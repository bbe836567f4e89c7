"""Speed of fit_m4 (local Nelder-Mead search on the profiled objective) against the paper's
schedule for step (ii) (100 rounds of 1,000 projected gradient steps at rate 1e-8, then
rounds of 100 Newton steps at rate 0.1 until beta moves less than 1e-10), both from the
paper's start on the same learning curve; reports the time ratio and both extrapolation
scores. Run: LAWS_DATA_DIR=../shared/data python tests/benchmarks/bench_m4_fit.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws import datasets
from laws.papers import alabdulmohsin2022 as m4p


def schedule(x, y, err_0=1.0, up_bound=None, max_rounds=10_000):
    """The paper's alternating schedule, as described in §3 and its code's docstrings."""
    lx = np.log(x)
    lo, top = 0.0, y.min() - m4p.MARGIN
    bottom = y.max() + m4p.MARGIN
    cap = None if up_bound is None else up_bound + m4p.MARGIN
    e_inf, e_0, old = top, err_0, 1.0

    def project(a, b):
        b = max(b, bottom)
        return min(max(a, lo), top), (b if cap is None else min(b, cap))

    for k in range(max_rounds):
        coef, _ = m4p._nnls_step(lx, y, e_inf, e_0)
        log_beta, c, alpha = coef[0], -coef[1], coef[2]
        log_f = log_beta + c * lx
        steps = 1000 if k < 100 else 100
        for _ in range(steps):
            log_g = np.log(y - e_inf) - alpha * np.log(e_0 - y)
            r = log_g - log_f
            g_inf, g_0 = -np.mean(r / (y - e_inf)), -alpha * np.mean(r / (e_0 - y))
            if k < 100:
                e_inf, e_0 = project(e_inf - 1e-8 * g_inf, e_0 - 1e-8 * g_0)
            else:
                h_inf = np.mean((1 - log_g + log_f) / (y - e_inf) ** 2)
                h_0 = alpha * np.mean((alpha + log_g - log_f) / (e_0 - y) ** 2)
                e_inf -= 0.1 * g_inf / h_inf if abs(h_inf) > 1e-5 else 0.0
                e_0 -= 0.1 * g_0 / h_0 if abs(h_0) > 1e-5 else 0.0
                e_inf, e_0 = project(e_inf, e_0)
        beta = float(np.exp(log_beta))
        if abs(beta - old) < 1e-10 and k > 101:
            break
        old = beta
    return {"beta": beta, "c": c, "alpha": alpha, "eps_inf": e_inf, "eps_0": e_0}


def main():
    curves = m4p.evaluations(datasets.load("revisiting_lang"))
    curve = curves[(curves["domain"] == "NMT") & (curves["evaluation"] == "28 Enc, 6 Dec")]
    train, test = curve[curve["training"]], curve[~curve["training"]]
    x, y = train["x"].to_numpy(), train["loss"].to_numpy()
    t0 = time.perf_counter()
    ours = m4p.fit_m4(x, y)
    t1 = time.perf_counter()
    paper = schedule(x, y)
    t2 = time.perf_counter()
    for name, p in (("fit_m4", ours), ("schedule", paper)):
        rmse, _ = m4p.extrapolation_score(m4p.predict(p, test["x"]), test["loss"])
        print(f"{name:9s} rmse {rmse:.5f} eps_inf {p['eps_inf']:.4f} alpha {p['alpha']:.4f}")
    print(f"fit_m4 {t1 - t0:.3f} s, schedule {t2 - t1:.3f} s, ratio {(t2 - t1) / (t1 - t0):.0f}x")


if __name__ == "__main__":
    main()
