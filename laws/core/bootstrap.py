"""Bootstrap intervals for fitted parameters, predictions and derived quantities.

Each resample draws the runs with replacement (as multinomial row weights) and
refits from the full-data optimum with one L-BFGS-B run, so a 1,000-resample
bootstrap costs a small multiple of one multi-start fit.
"""
from __future__ import annotations

import numpy as np

__all__ = ["bootstrap_fit"]


def bootstrap_fit(fit, resamples: int = 1000, seed: int = 0, tolerance: str | None = None):
    """Attach ``resamples`` bootstrap parameter samples to ``fit`` (in place).

    Parameters
    ----------
    fit : laws.core.fitting.Fit
        A fit made by :func:`laws.fit` (it keeps its problem).
    resamples : int
        Number of resamples of the runs.
    seed : int
        Seed of the resampling.
    tolerance : {"tight", "normal"}, optional
        Tolerances of the refits (see :func:`laws.fit`); default the fit's own.
        "normal" is much faster on ill-conditioned surfaces (a broken power law, an
        implicit law) and each refit starts at the full-data optimum.

    Returns
    -------
    Fit
        The same fit, with ``samples`` of shape ``(resamples, len(law.params))``.
    """
    problem, box = fit._problem, fit._box
    tolerance = tolerance or fit.record.tolerance
    tight = {"tight": True, "normal": False}[tolerance]
    rng = np.random.default_rng(seed)
    n = problem.y.size
    theta_hat = problem.to_theta(fit.params)
    samples = np.empty((resamples, len(fit.law.params)))
    for k in range(resamples):
        counts = rng.multinomial(n, np.full(n, 1.0 / n)) * problem.w
        res = problem.minimize(theta_hat, box, w=counts, tight=tight)
        samples[k] = [problem.params(res.x)[name] for name in fit.law.param_names]
    fit.samples = samples
    fit.record.bootstrap = {"resamples": int(resamples), "seed": int(seed),
                            "tolerance": tolerance,
                            "method": "case resampling, percentile intervals, "
                                      "refit from the full-data optimum"}
    return fit
