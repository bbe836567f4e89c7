"""Which law should I trust? Fit every law family that fits a dataset's shape, score each
on the runs it did not see, and extrapolate all of them with bands.

The comparison is one procedure applied to every family, so that the ranking measures the
forms rather than their fitting recipes:

* the runs are split into the smaller ones (fitted) and the largest ones (held out, by
  scale: a share of the runs, or the dataset's own split column);
* every family is fitted to the same rows with the same recipe: squared residuals of log
  loss (the score of Alabdulmohsin et al. 2022's benchmark), bounds set from the data,
  random (or a family's grid of) starts, the best 4 refined;
* each fit predicts the held-out runs with a bootstrap band; the table is ranked by the
  mean absolute relative error there (with the RMSE of log loss and the band's coverage);
* every family is fitted again on all runs and extrapolated to a target scale, so the
  chart shows where the families part.

One-input families (power laws in a scale ``x``) see ``x`` divided by the smallest fitted
value, so that their constants are of order one whatever the units; two-input families
(``N``, ``D``) are fitted in their papers' units. With ``N`` and ``D`` given, the scale of
one-input families is the training compute ``C = 6 N D`` [FLOPs].
"""
from __future__ import annotations

import copy
import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .core.bootstrap import bootstrap_fit
from .core.diagnostics import diagnose
from .core.fitting import Fit, FitError, fit as fit_law, restore, saved as saved_fit
from .core.law import Law
from .registry import get

__all__ = ["Family", "FAMILIES", "Comparison", "FamilyResult", "compare", "families_for"]

#: Objective shared by every family (Alabdulmohsin et al. 2022 score log-loss residuals).
OBJECTIVE = {"loss": "squared", "space": "log"}
WIDE = (1e-30, 1e30)


@dataclass(frozen=True)
class Family:
    """A law family and how the comparison fits it.

    Parameters
    ----------
    name : str
        Short name shown in the table.
    law_id : str
        The relation fitted, e.g. ``"hoffmann2022.loss"``.
    roles : dict
        Law input -> column of the working table: ``"x"`` (scale, normalised), ``"N"``,
        ``"D"`` or ``"M"`` (= D/N).
    bounds : callable
        ``bounds(y)`` -> fit bounds (natural units) from the observed losses ``y``.
    grid : callable, optional
        ``grid(y)`` -> starting values; parameters not named get random starts.
    assumes : str
        What the form assumes, in one sentence.
    """

    name: str
    law_id: str
    roles: dict[str, str]
    bounds: Callable[[np.ndarray], dict] = lambda y: {}
    grid: Callable[[np.ndarray], dict] = lambda y: {}
    assumes: str = ""

    @property
    def law(self) -> Law:
        return get(self.law_id)

    @property
    def shape(self) -> str:
        """``"x"`` for one scale input, ``"ND"`` for model size and data."""
        return "x" if set(self.roles.values()) == {"x"} else "ND"


def _floor(y):
    """Bounds of an irreducible loss: from (almost) 0 to just under the smallest loss
    seen (the lower end is positive for families that fit it as a logarithm)."""
    return (1e-6 * float(np.min(y)), float(np.min(y)) * (1 - 1e-6))


FAMILIES: list[Family] = [
    Family("Power law", "kaplan2020.loss_n", {"N": "x"},
           bounds=lambda y: {"N_c": WIDE, "alpha_N": (1e-4, 5.0)},
           assumes="Loss falls as a pure power of scale, towards zero: no floor "
                   "(Kaplan et al. 2020, Eq. 1.1)."),
    Family("Power law plus constant", "henighan2020.power", {"x": "x"},
           bounds=lambda y: {"L_inf": _floor(y), "x_0": WIDE, "alpha": (1e-4, 5.0)},
           grid=lambda y: {"L_inf": tuple(np.min(y) * np.array([0.01, 0.5, 0.9])),
                           "alpha": (0.05, 0.3, 1.0)},
           assumes="A power law towards an irreducible loss (Henighan et al. 2020, Eq. 1)."),
    Family("Broken power law (BNSL, one break)", "caballero2022.bnsl1", {"x": "x"},
           bounds=lambda y: {"a": _floor(y), "b": WIDE, "c0": (0.0, 5.0), "c1": (-5.0, 5.0),
                             "d1": (1e-6, 1e12), "f1": (1e-3, 10.0)},
           grid=lambda y: {"a": tuple(np.min(y) * np.array([0.1, 0.9])), "c0": (0.05, 0.5),
                           "c1": (-0.3, 0.3), "d1": (1e1, 1e3), "f1": (0.1, 1.0)},
           assumes="Two power-law regimes joined smoothly at a break, towards a floor "
                   "(Caballero et al. 2022, Eq. 1 with n = 1)."),
    Family("M4 (implicit, sigmoid-like in log scale)", "alabdulmohsin2022.m4", {"x": "x"},
           bounds=lambda y: {"eps_inf": _floor(y),
                             "eps_0": (float(np.max(y)) * (1 + 1e-6), float(np.max(y)) * 10),
                             "beta": WIDE, "c": (-5.0, 0.0), "alpha": (0.0, 5.0)},
           assumes="Loss moves from a random-guess level eps_0 to eps_inf along a "
                   "power law in x (Alabdulmohsin et al. 2022, M4)."),
    Family("Kaplan L(N, D)", "kaplan2020.loss_nd", {"N": "N", "D": "D"},
           assumes="Model size and data limit the loss together, no floor "
                   "(Kaplan et al. 2020, Eq. 1.5)."),
    Family("Chinchilla L(N, D)", "hoffmann2022.loss", {"N": "N", "D": "D"},
           assumes="Separate power laws in N and D plus an irreducible loss "
                   "(Hoffmann et al. 2022, Eq. 2)."),
    Family("Gadre L(N, M) (over-training)", "gadre2024.loss", {"N": "N", "M": "M"},
           assumes="Loss at fixed tokens per parameter M follows a power law in compute "
                   "with an M-dependent scale (Gadre et al. 2024, Eq. 4)."),
]


def families_for(shape: str) -> list[Family]:
    """The families that fit a dataset with one scale input (``"x"``) or N and D."""
    if shape == "x":
        return [f for f in FAMILIES if f.shape == "x"]
    return list(FAMILIES)


@dataclass
class FamilyResult:
    """One family's backtest, its fit on all runs, and what went wrong.

    Attributes
    ----------
    family : Family
    backtest : Fit or None
        Fit on the smaller runs.
    full : Fit or None
        Fit on every run (for the extrapolation).
    held_out : DataFrame or None
        Held-out rows: ``scale``, ``actual``, ``predicted``, ``lower``, ``upper``.
    error : str
        Why the family could not be fitted (empty if it was).
    held_inputs : dict
        The family's inputs at the held-out rows.
    """

    family: Family
    backtest: Fit | None = None
    full: Fit | None = None
    held_out: pd.DataFrame | None = None
    error: str = ""
    held_inputs: dict = field(default_factory=dict, repr=False)

    def predict_held_out(self) -> None:
        """(Re)compute ``held_out`` from the backtest fit (with its band, if any)."""
        band = self.backtest.predict(**self.held_inputs)
        self.held_out = self.held_out.assign(
            predicted=band["value"].to_numpy(), lower=band["lower"].to_numpy(),
            upper=band["upper"].to_numpy())

    @property
    def ok(self) -> bool:
        return self.backtest is not None

    def score(self) -> dict:
        """Held-out mean/max absolute relative error, RMSE of log loss and coverage."""
        t = self.held_out
        rel = t["predicted"] / t["actual"] - 1
        log_err = np.log(t["predicted"]) - np.log(t["actual"])
        inside = (t["actual"] >= t["lower"]) & (t["actual"] <= t["upper"])
        return {"mean_abs_relative_error": float(np.mean(np.abs(rel))),
                "max_abs_relative_error": float(np.max(np.abs(rel))),
                "rmse_log": float(np.sqrt(np.mean(log_err ** 2))),
                "coverage": float(inside.mean()) if t["lower"].notna().all() else np.nan}

    @property
    def warnings(self) -> list[str]:
        """The backtest fit's warnings, then the full fit's new ones."""
        seen = list(self.backtest.warnings) if self.backtest else []
        if self.full:
            seen += [w for w in self.full.warnings if w not in seen]
        return seen


@dataclass
class Comparison:
    """Every family's result on one dataset.

    Attributes
    ----------
    results : list of FamilyResult
    shape : {"x", "ND"}
    data : DataFrame
        The working table: ``scale``, ``y``, ``held_out`` and ``N``, ``D``, ``M`` for
        two-input data.
    x_ref : float
        The smallest fitted scale; one-input families see ``scale / x_ref``.
    ratio : float
        Tokens per parameter along which two-input families are extrapolated.
    notes : list of str
        Sentences about the data (rows dropped, the split).
    """

    results: list[FamilyResult]
    shape: str
    data: pd.DataFrame
    x_ref: float
    ratio: float = np.nan
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """One row per family, best held-out error first; failed families last."""
        rows = []
        for r in self.results:
            row = {"family": r.family.name, "relation": r.family.law_id,
                   "parameters": len(r.family.law.params)}
            if r.ok:
                row |= r.score() | {"warnings": len(r.warnings), "status": "fitted"}
            else:
                row |= {"warnings": 0, "status": r.error}
            rows.append(row)
        out = pd.DataFrame(rows)
        if "mean_abs_relative_error" not in out:
            out["mean_abs_relative_error"] = np.nan
        out = out.sort_values("mean_abs_relative_error", na_position="last", kind="stable")
        return out.reset_index(drop=True)

    def inputs_at(self, family: Family, scale) -> dict[str, np.ndarray]:
        """A family's inputs at ``scale`` (x, or compute along ``D = ratio N``)."""
        scale = np.asarray(scale, float)
        if family.shape == "x":
            return {v: scale / self.x_ref for v in family.roles}
        n = np.sqrt(scale / (6 * self.ratio))
        cols = {"N": n, "D": self.ratio * n, "M": np.full_like(n, self.ratio)}
        return {v: cols[role] for v, role in family.roles.items()}

    def extrapolation(self, target: float, points: int = 80) -> pd.DataFrame:
        """Each family's all-runs fit from the smallest scale to ``target``, with band.

        Returns a long table: ``family``, ``scale``, ``value``, ``lower``, ``upper``.
        """
        lo = float(self.data["scale"].min())
        grid = np.geomspace(lo, max(target, float(self.data["scale"].max())), points)
        parts = []
        for r in self.results:
            if r.full is None:
                continue
            band = r.full.predict(**self.inputs_at(r.family, grid))
            parts.append(pd.DataFrame({"family": r.family.name, "scale": grid,
                                       "value": band["value"], "lower": band["lower"],
                                       "upper": band["upper"]}))
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["family", "scale", "value", "lower", "upper"])

    def at_target(self, target: float) -> pd.DataFrame:
        """Each family's prediction at ``target`` with its band."""
        rows = []
        for r in self.results:
            if r.full is None:
                continue
            band = r.full.predict(**self.inputs_at(r.family, np.array([target])))
            rows.append({"family": r.family.name, "value": float(band["value"].iloc[0]),
                         "lower": float(band["lower"].iloc[0]),
                         "upper": float(band["upper"].iloc[0])})
        return pd.DataFrame(rows, columns=["family", "value", "lower", "upper"])


def working_table(frame: pd.DataFrame, y: str, x: str | None = None, N: str | None = None,
                  D: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The columns the comparison needs, numeric, with unusable rows dropped.

    Returns the table (``scale``, ``y`` and, with N and D, ``N``, ``D``, ``M``) and
    sentences about what was dropped.
    """
    if x is None and (N is None or D is None):
        raise FitError("Choose a scale column, or both a model-size and a data column.")
    num = {k: pd.to_numeric(frame[c], errors="coerce") for k, c in
           (("y", y), ("x", x), ("N", N), ("D", D)) if c is not None}
    out = pd.DataFrame({k: v.to_numpy(float) for k, v in num.items()}, index=frame.index)
    if N is not None and D is not None:
        out["M"] = out["D"] / out["N"]
        out["scale"] = 6 * out["N"] * out["D"] if x is None else out["x"]
    else:
        out["scale"] = out["x"]
    out = out.drop(columns=[c for c in ("x",) if c in out])
    bad = ~np.isfinite(out).all(axis=1) | (out <= 0).any(axis=1)
    notes = []
    if bad.any():
        notes.append(f"{int(bad.sum())} of {len(out)} rows have a missing, infinite, zero "
                     f"or negative value in the chosen columns and were left out (power "
                     f"laws live on log axes).")
    return out[~bad], notes


def compare(frame: pd.DataFrame, y: str, x: str | None = None, N: str | None = None,
            D: str | None = None, holdout: float | pd.Series = 0.2, bootstrap: int = 100,
            families: list[Family] | None = None, ratio: float | None = None,
            seed: int = 0, saved: dict | None = None) -> Comparison:
    """Fit every applicable family, backtest it on the largest runs, refit on all.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per run.
    y : str
        Column of the loss (or error) to predict; must be positive.
    x : str, optional
        Column of the scale (parameters, data, compute, examples seen). Needed unless
        ``N`` and ``D`` are given (then the scale is ``C = 6 N D``).
    N, D : str, optional
        Columns of model size [parameters] and data [tokens]; with both, the two-input
        families (Kaplan, Chinchilla, Gadre) are fitted too.
    holdout : float or pandas.Series
        Share of the largest runs held out (0 < holdout < 1), or a boolean Series aligned
        with ``frame`` that is True on held-out rows (a dataset's own split).
    bootstrap : int
        Bootstrap resamples of every fit (0 for no bands).
    families : list of Family, optional
        Defaults to :func:`families_for` the data's shape.
    ratio : float, optional
        Tokens per parameter along which two-input families are extrapolated; default
        the median ``D/N`` of the held-out runs.
    seed : int
    saved : dict, optional
        Point fits of this very comparison written by :func:`save` (its ``"point"``
        part): each family listed there is restored instead of refitted (see
        :func:`laws.core.fitting.restore`); the others are fitted.

    Returns
    -------
    Comparison

    Raises
    ------
    FitError
        With a sentence, when the data cannot be split into fitted and held-out runs.
    """
    data, notes = working_table(frame, y, x, N, D)
    shape = "ND" if N is not None and D is not None else "x"
    if isinstance(holdout, pd.Series):
        test = holdout.reindex(data.index).fillna(False).astype(bool)
        how = "the dataset's own split"
    else:
        if not 0 < holdout < 1:
            raise FitError("Hold out a share of the runs between 0 and 1.")
        test = data["scale"] >= data["scale"].quantile(1 - holdout)
        how = f"the largest {holdout:.0%} of runs by scale"
    train = data[~test]
    if len(train) < 3 or test.sum() == 0:
        raise FitError(f"Holding out {how} leaves {len(train)} runs to fit and "
                       f"{int(test.sum())} to score; a comparison needs at least 3 and 1.")
    notes.append(f"Fitted on {len(train)} runs; scored on {int(test.sum())} held-out runs "
                 f"({how}, scale {data.loc[test, 'scale'].min():.3g} and above).")
    data = data.assign(held_out=test.to_numpy())
    x_ref = float(train["scale"].min())
    if ratio is None:
        ratio = float(np.median(data.loc[test, "M"])) if shape == "ND" else np.nan
    comp = Comparison([], shape, data, x_ref, ratio, notes)
    chosen = families if families is not None else families_for(shape)
    for fam in chosen:
        comp.results.append(_run(fam, comp, train, data[test], seed,
                                 (saved or {}).get(fam.law_id)))
    return with_bands(comp, bootstrap, seed) if bootstrap else comp


def _frame(family: Family, comp: Comparison, rows: pd.DataFrame) -> pd.DataFrame:
    cols = comp.inputs_at(family, rows["scale"].to_numpy()) if family.shape == "x" else {
        v: rows[role].to_numpy() for v, role in family.roles.items()}
    return pd.DataFrame({**cols, family.law.output.name: rows["y"].to_numpy()})


def _options(family: Family, frame: pd.DataFrame) -> dict:
    """The shared recipe: same objective, data-set bounds, grid (or random) starts, and
    the best 4 starts refined (with squared log residuals the surfaces are benign: the
    Chinchilla runs give the same optimum from 256 random starts as from its 4,500-start
    grid)."""
    y = frame[family.law.output.name].to_numpy(float)
    opts = dict(OBJECTIVE, refine=4, grid=family.grid(y))
    opts["n_random"] = 64 if opts["grid"] else 256
    bounds = family.bounds(y)
    if bounds:
        opts["bounds"] = bounds
    return opts


def with_bands(comp: Comparison, bootstrap: int, seed: int = 0,
               saved: dict | None = None) -> Comparison:
    """A copy of ``comp`` whose fits carry ``bootstrap`` resamples (bands, coverage).

    The point fits are reused: each resample refits from the fitted optimum with
    scipy's default tolerances (tight refits of a broken power law or of an implicit
    law take minutes per family), so bands cost a fraction of the comparison.
    ``saved`` (the ``"banded"`` part of :func:`save`) restores the families it lists
    when it was made with the same ``bootstrap`` and ``seed``.
    """
    out = dataclasses.replace(comp, results=[])
    for r in comp.results:
        r = dataclasses.replace(r)
        if r.ok:
            keep = (saved or {}).get(r.family.law_id)
            if keep and "error" not in keep and all((keep[k].get("record", {}).get("bootstrap") or {}).get(
                    "resamples") == bootstrap and keep[k]["record"]["bootstrap"]["seed"] == seed
                    for k in ("backtest", "full")):
                r.backtest, r.full = (restore(r.family.law, f.data, keep[k])
                                      for f, k in ((r.backtest, "backtest"), (r.full, "full")))
            else:
                r.backtest, r.full = (_banded(f, r.family, bootstrap, seed)
                                      for f in (r.backtest, r.full))
            r.predict_held_out()
        out.results.append(r)
    return out


def _banded(fit: Fit, family: Family, bootstrap: int, seed: int) -> Fit:
    fit = dataclasses.replace(fit, record=copy.deepcopy(fit.record), warnings=[])
    bootstrap_fit(fit, bootstrap, seed=seed, tolerance="normal")
    fit.warnings = diagnose(fit, {v: fit.data[v].to_numpy(float) for v in family.roles})
    return fit


def _run(family: Family, comp: Comparison, train: pd.DataFrame, test: pd.DataFrame,
         seed: int, saved: dict | None = None) -> FamilyResult:
    result = FamilyResult(family)
    if saved is not None and "error" in saved:
        result.error = saved["error"]
        return result

    def fitted(frame, part):
        if saved is not None:
            return restore(family.law, frame, saved[part])
        return fit_law(family.law, frame, seed=seed, **_options(family, frame))

    try:
        result.backtest = fitted(_frame(family, comp, train), "backtest")
        held = _frame(family, comp, test)
        result.held_inputs = {v: held[v].to_numpy() for v in family.roles}
        result.held_out = pd.DataFrame({"scale": test["scale"].to_numpy(),
                                        "actual": test["y"].to_numpy()})
        result.predict_held_out()
        result.full = fitted(_frame(family, comp, pd.concat([train, test])), "full")
    except (FitError, ValueError, FloatingPointError) as err:
        result.backtest = result.full = result.held_out = None
        result.error = f"not fitted: {err}"
    return result


# --- a comparison shipped precomputed (data/make_which_law_default.py) ------------------
def inputs_key(frame: pd.DataFrame, columns: dict, holdout, ratio, seed: int = 0,
               families: list[Family] | None = None) -> str:
    """A fingerprint of everything a comparison's fits depend on: the values of the
    chosen columns, the split, the extrapolation ratio, the seed and the families (with
    their recipe's version, :data:`RECIPE`). Equal keys, equal fits."""
    import hashlib
    import json

    used = [c for c in dict.fromkeys(v for v in columns.values() if v is not None)]
    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(frame[used], index=True).to_numpy().tobytes())
    if isinstance(holdout, pd.Series):
        h.update(pd.util.hash_pandas_object(holdout.astype(bool), index=True)
                 .to_numpy().tobytes())
        holdout = "series"
    shape = "ND" if columns.get("N") is not None and columns.get("D") is not None else "x"
    chosen = families if families is not None else families_for(shape)
    h.update(json.dumps({"columns": {k: columns.get(k) for k in ("y", "x", "N", "D")},
                         "holdout": holdout, "ratio": ratio, "seed": seed,
                         "families": [f.law_id for f in chosen], "recipe": RECIPE,
                         "objective": OBJECTIVE}, sort_keys=True, default=str).encode())
    return h.hexdigest()


#: Version of the comparison's fitting recipe (:func:`_options`); part of
#: :func:`inputs_key`, so a shipped comparison is not used once the recipe changes.
RECIPE = 1


def save(point: Comparison, banded: Comparison | None = None) -> dict:
    """The fits of a comparison (and of its banded copy) as JSON-ready data, per family
    id: ``{"point": {id: {"backtest": ..., "full": ...} or {"error": ...}}, "banded":
    ...}``; :func:`compare` and :func:`with_bands` restore them with ``saved=``."""
    def fits(comp):
        return {r.family.law_id: ({"backtest": saved_fit(r.backtest), "full": saved_fit(r.full)}
                                  if r.ok else {"error": r.error}) for r in comp.results}
    return {"point": fits(point), "banded": fits(banded) if banded is not None else {}}


#: The first view of pages/which_law.py: its default dataset, columns, split and bootstrap.
DEFAULT = {"dataset": "chinchilla", "columns": {"y": "loss", "x": None, "N": "N", "D": "D"},
           "holdout": 0.2, "ratio": None, "bootstrap": 40}
#: The default comparison's fits, shipped in data/ (made by data/make_which_law_default.py).
SHIPPED = "which_law_chinchilla.json"


def default_inputs():
    """The table and choices of :data:`DEFAULT`, as the page passes them to :func:`compare`
    (the public runs with exact duplicate rows dropped)."""
    from .datasets import load

    frame = load(DEFAULT["dataset"])
    frame.attrs.clear()
    frame = frame[~frame.duplicated()]
    return frame, dict(DEFAULT["columns"]), DEFAULT["holdout"], DEFAULT["ratio"], \
        DEFAULT["bootstrap"]


def shipped(frame: pd.DataFrame, columns: dict, holdout, ratio, seed: int = 0) -> dict | None:
    """The shipped fits (``{"point": ..., "banded": ...}``) when these are the inputs they
    were made from (same :func:`inputs_key`), else None."""
    data = _shipped_file()
    if data is None or data.get("key") != inputs_key(frame, columns, holdout, ratio, seed):
        return None
    return {"point": data["point"], "banded": data["banded"]}


@functools.lru_cache(maxsize=1)
def _shipped_file() -> dict | None:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / SHIPPED
    return json.loads(path.read_text()) if path.exists() else None
