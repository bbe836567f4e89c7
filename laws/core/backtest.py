"""Backtest: fit on the smaller runs, score the prediction of the largest."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fitting import Fit, FitError, fit as fit_law
from .law import Law

__all__ = ["Backtest", "backtest", "split_largest"]


@dataclass
class Backtest:
    """A fit on the training runs and its score on the held-out (largest) runs.

    Attributes
    ----------
    fit : Fit
    table : pandas.DataFrame
        Held-out rows with ``actual``, ``predicted``, ``lower``, ``upper`` and
        ``relative_error`` (predicted/actual - 1).
    by : str
        Column that ordered the runs by size.
    threshold : float
        Runs with ``by`` at or above it were held out.
    """

    fit: Fit
    table: pd.DataFrame
    by: str
    threshold: float

    @property
    def mean_abs_relative_error(self) -> float:
        return float(np.mean(np.abs(self.table["relative_error"])))

    @property
    def max_abs_relative_error(self) -> float:
        return float(np.max(np.abs(self.table["relative_error"])))

    @property
    def coverage(self) -> float:
        """Share of held-out runs inside the band (NaN without a bootstrap)."""
        if self.table["lower"].isna().all():
            return float("nan")
        inside = (self.table["actual"] >= self.table["lower"]) & \
                 (self.table["actual"] <= self.table["upper"])
        return float(inside.mean())

    def summary(self) -> dict:
        return {"by": self.by, "threshold": self.threshold, "train_runs": self.fit.n,
                "held_out_runs": int(len(self.table)),
                "mean_abs_relative_error": self.mean_abs_relative_error,
                "max_abs_relative_error": self.max_abs_relative_error,
                "coverage": self.coverage}


def split_largest(frame: pd.DataFrame, by: str, holdout: float = 0.2):
    """Split runs into the smaller ones and the largest ``holdout`` share by ``by``.

    ``holdout`` below 1 is a share of the runs; 1 or more is a threshold value of
    ``by`` (runs at or above it are held out).
    """
    values = pd.to_numeric(frame[by], errors="coerce")
    if not np.isfinite(values).any():
        raise FitError(f"The column {by!r} has no numbers to order the runs by size.")
    if not (np.isfinite(holdout) and holdout > 0):
        raise FitError(f"The holdout must be a share of the runs between 0 and 1, or a "
                       f"threshold of {by} (1 or more), not {holdout!r}.")
    if holdout < 1:
        threshold = float(np.nanquantile(values, 1 - holdout))
    else:
        threshold = float(holdout)
    test = values >= threshold
    if test.sum() == 0 or (~test).sum() == 0:
        raise FitError(f"Holding out {by} >= {threshold:.3g} leaves "
                       f"{int((~test).sum())} runs to fit and {int(test.sum())} to score; "
                       f"choose a threshold inside the data.")
    return frame[~test], frame[test], threshold


def backtest(law: Law, frame: pd.DataFrame, by: str, holdout: float = 0.2,
             mapping: dict | None = None, **fit_options) -> Backtest:
    """Fit on the runs below the holdout threshold and predict the rest.

    Parameters
    ----------
    law : Law
    frame : pandas.DataFrame
    by : str
        Column that orders runs by size (compute, parameters, ...).
    holdout : float
        Share of runs held out (< 1) or threshold on ``by`` (>= 1).
    mapping : dict, optional
        Variable -> column, as for :func:`laws.fit`.
    **fit_options
        Passed to :func:`laws.fit` (``bootstrap=`` gives bands on the held-out runs).
    """
    if by not in frame.columns:
        raise FitError(f"There is no column {by!r} to order runs by.")
    train, test, threshold = split_largest(frame, by, holdout)
    result = fit_law(law, train, mapping, **fit_options)
    m = result.record.mapping
    inputs = {v: pd.to_numeric(test[m[v]], errors="coerce").to_numpy(float)
              for v in law.input_names}
    band = result.predict(**inputs)
    actual = pd.to_numeric(test[m[law.output.name]], errors="coerce").to_numpy(float)
    table = pd.DataFrame({by: test[by].to_numpy(), **inputs, "actual": actual,
                          "predicted": band["value"].to_numpy(),
                          "lower": band["lower"].to_numpy(), "upper": band["upper"].to_numpy()})
    table["relative_error"] = table["predicted"] / table["actual"] - 1
    return Backtest(fit=result, table=table.reset_index(drop=True), by=by, threshold=threshold)
