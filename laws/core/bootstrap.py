"""Bootstrap intervals for fitted parameters, predictions and derived quantities.

Each resample draws the runs with replacement (as multinomial row weights) and
refits from the full-data optimum with one L-BFGS-B run, so a 1,000-resample
bootstrap costs a small multiple of one multi-start fit.
"""
from __future__ import annotations

import numpy as np

__all__ = ["bootstrap_fit"]


def bootstrap_fit(fit, resamples: int = 1000, seed: int = 0):
    """Attach ``resamples`` bootstrap parameter samples to ``fit`` (in place).

    Parameters
    ----------
    fit : laws.core.fitting.Fit
        A fit made by :func:`laws.fit` (it keeps its problem).
    resamples : int
        Number of resamples of the runs.
    seed : int
        Seed of the resampling.

    Returns
    -------
    Fit
        The same fit, with ``samples`` of shape ``(resamples, len(law.params))``.
    """
    problem, box = fit._problem, fit._box
    rng = np.random.default_rng(seed)
    n = problem.y.size
    theta_hat = problem.to_theta(fit.params)
    samples = np.empty((resamples, len(fit.law.params)))
    for k in range(resamples):
        counts = rng.multinomial(n, np.full(n, 1.0 / n)) * problem.w
        res = problem.minimize(theta_hat, box, w=counts)
        samples[k] = [problem.params(res.x)[name] for name in fit.law.param_names]
    fit.samples = samples
    fit.record.bootstrap = {"resamples": int(resamples), "seed": int(seed),
                            "method": "case resampling, percentile intervals, "
                                      "refit from the full-data optimum"}
    return fit
