"""Simulate a sweep: runs drawn from a known law with chosen noise.

It teaches estimator bias (fit the simulated runs, compare with the truth), and
the tests use it for parameter recovery and bootstrap coverage.
"""
from __future__ import annotations

import itertools
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .law import Law

__all__ = ["design_grid", "simulate", "recovery"]


def design_grid(**axes: Sequence[float]) -> pd.DataFrame:
    """All combinations of the given input values, one row per run."""
    names = list(axes)
    return pd.DataFrame(list(itertools.product(*[axes[n] for n in names])), columns=names)


def simulate(law: Law, design: pd.DataFrame, params: Mapping[str, float] | None = None,
             noise: float = 0.01, seed: int = 0) -> pd.DataFrame:
    """Runs at the inputs of ``design`` with output ``law(params) * exp(noise * z)``.

    Parameters
    ----------
    law : Law
    design : pandas.DataFrame
        One column per input of the law, one row per run.
    params : mapping, optional
        The true parameters (published values where not given).
    noise : float
        Standard deviation of the multiplicative log-normal noise (0.01 = about 1%).
    seed : int

    Returns
    -------
    pandas.DataFrame
        ``design`` with the output column added.
    """
    rng = np.random.default_rng(seed)
    out = design.copy()
    truth = law.evaluate(design, params)
    out[law.output.name] = truth * np.exp(noise * rng.standard_normal(truth.shape))
    return out


def recovery(law: Law, design: pd.DataFrame, params: Mapping[str, float] | None = None,
             noise: float = 0.01, repeats: int = 20, seed: int = 0,
             **fit_options) -> pd.DataFrame:
    """Fit ``repeats`` simulated sweeps and tabulate estimate against truth.

    Returns
    -------
    pandas.DataFrame
        One row per repeat and parameter: ``repeat, param, truth, estimate,
        relative_error``.
    """
    from .fitting import fit

    truth = {**law.defaults, **(params or {})}
    rows = []
    for r in range(repeats):
        runs = simulate(law, design, truth, noise, seed + r)
        result = fit(law, runs, **fit_options)
        for name in law.param_names:
            rows.append({"repeat": r, "param": name, "truth": truth[name],
                         "estimate": result.params[name],
                         "relative_error": result.params[name] / truth[name] - 1})
    return pd.DataFrame(rows)
