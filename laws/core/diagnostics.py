"""Warnings for fits whose parameters the data cannot pin down."""
from __future__ import annotations

import numpy as np

__all__ = ["diagnose"]


def diagnose(fit, inputs: dict) -> list[str]:
    """Sentences about what the data cannot tell apart.

    Checks: an input with a single value or less than a factor 3 of range, fewer
    rows than about three per free parameter, parameters at a bound, a fit that
    did not converge, bootstrap intervals spanning orders of magnitude and
    parameter pairs whose bootstrap samples move together (|r| > 0.99).
    """
    law, out = fit.law, []
    for name, values in inputs.items():
        distinct = np.unique(values)
        if distinct.size == 1:
            out.append(f"Every run has the same {name} ({distinct[0]:.3g}): the terms that "
                       f"depend on {name} cannot be told apart from the constant ones. "
                       f"Add runs at other values of {name}, or fix those parameters.")
        elif distinct.min() > 0 and distinct.max() / 3 < distinct.min():
            out.append(f"{name} spans less than a factor 3 ({distinct.min():.3g} to "
                       f"{distinct.max():.3g}): its exponent is poorly determined and "
                       f"extrapolation far beyond this range is a guess.")
    n_free = len(law.params) - len(fit.record.fixed)
    if fit.n < 3 * n_free:
        out.append(f"{fit.n} runs for {n_free} free parameters is few: expect wide "
                   f"intervals and treat the fit as a sketch.")
    if not fit.converged:
        out.append(f"The optimiser did not report convergence ({fit.message}); "
                   f"the values are the best found, not a certified optimum.")
    for (lo, hi), p in zip(fit._box, [q for q in law.params if q.name not in fit.record.fixed]):
        v = fit.params[p.name]
        t = np.log(v) if p.log and v > 0 else v
        for bound, side in ((lo, "lower"), (hi, "upper")):
            if bound is not None and abs(t - bound) <= 1e-6 * max(1.0, abs(bound)):
                out.append(f"{p.name} ended at its {side} bound ({v:.4g}); the data push it "
                           f"outside the allowed range.")
    if fit.samples is not None:
        free = [j for j, p in enumerate(law.params) if p.name not in fit.record.fixed]
        for j in free:
            p = law.params[j]
            lo, hi = np.nanquantile(fit.samples[:, j], [0.025, 0.975])
            if p.log and lo > 0 and hi / lo > 100:
                out.append(f"The interval of {p.name} spans {np.log10(hi / lo):.1f} orders "
                           f"of magnitude ({lo:.3g} to {hi:.3g}): the data do not pin it down.")
            elif not p.log and abs(hi - lo) > 10 * max(abs(fit.params[p.name]), 1e-12):
                out.append(f"The interval of {p.name} ({lo:.3g} to {hi:.3g}) is more than ten "
                           f"times its value: the data do not pin it down.")
        s = fit.samples[:, free]
        ok = np.all(np.isfinite(s), axis=1)
        if ok.sum() > 10:
            with np.errstate(all="ignore"):
                r = np.corrcoef(s[ok], rowvar=False)
            names = [law.params[j].name for j in free]
            for a in range(len(free)):
                for b in range(a + 1, len(free)):
                    if np.isfinite(r[a, b]) and abs(r[a, b]) > 0.99:
                        out.append(f"{names[a]} and {names[b]} move together across resamples "
                                   f"(correlation {r[a, b]:+.3f}): the data cannot tell them "
                                   f"apart, only their combination.")
    return out
