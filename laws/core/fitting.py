"""One fitting engine for every relation.

The objective is ``sum_i w_i * rho(r_i)`` with residuals ``r_i = log(pred_i) - log(y_i)``
(``space="log"``) or ``pred_i - y_i`` (``space="linear"``), and ``rho`` Huber,
squared or asymmetric squared. Parameters marked ``log`` are fitted as their
logarithm, so for Hoffmann et al. (2022) the fit is exactly their log-sum-exp
parametrisation (``A = exp(a)``, ``E = exp(e)``). Gradients are sympy's.

Many starts are covered fast: every start of the grid is scored at once with
broadcast numpy, and only the ``refine`` best are refined with L-BFGS-B.
"""
from __future__ import annotations

import itertools
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import threadpoolctl
from scipy import optimize

from .bootstrap import bootstrap_fit
from .diagnostics import diagnose
from .law import Law

__all__ = ["FitError", "FitRecord", "Fit", "fit", "prepare", "Problem"]

LOSSES = ("huber", "squared", "asymmetric")
SPACES = ("log", "linear")


class FitError(ValueError):
    """A fit that cannot be done, with a sentence a person can act on."""


# --- per-residual losses -------------------------------------------------------
def rho(r: np.ndarray, loss: str, delta: float, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """Loss of each residual and its derivative.

    ``huber``: ``r**2/2`` inside ``|r| <= delta``, ``delta*(|r| - delta/2)`` outside
    (as in Hoffmann et al. 2022, App. D.2). ``squared``: ``r**2/2``.
    ``asymmetric``: ``tau*r**2`` for ``r > 0`` (over-prediction), ``(1-tau)*r**2`` otherwise.
    """
    if loss == "huber":
        a = np.abs(r)
        inside = a <= delta
        value = np.where(inside, 0.5 * r * r, delta * (a - 0.5 * delta))
        slope = np.where(inside, r, delta * np.sign(r))
    elif loss == "squared":
        value, slope = 0.5 * r * r, r
    elif loss == "asymmetric":
        w = np.where(r > 0, tau, 1.0 - tau)
        value, slope = w * r * r, 2 * w * r
    else:
        raise FitError(f"Unknown loss {loss!r}; choose one of {', '.join(LOSSES)}.")
    return value, slope


# --- the record of every choice -------------------------------------------------
@dataclass
class FitRecord:
    """Every choice that produced a fit: enough to redo it from JSON."""

    law: str
    mapping: dict[str, str]
    loss: str = "huber"
    delta: float = 1e-3
    tau: float = 0.5
    space: str = "log"
    fixed: dict[str, float] = field(default_factory=dict)
    bounds: dict[str, list[float]] = field(default_factory=dict)
    grid: dict[str, list[float]] = field(default_factory=dict)
    n_random: int = 0
    n_starts: int = 0
    refine: int = 0
    seed: int = 0
    weights: str | None = None
    tolerance: str = "tight"
    rows_used: int = 0
    rows_dropped: list[dict] = field(default_factory=list)
    bootstrap: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# --- data preparation -----------------------------------------------------------
def prepare(law: Law, frame: pd.DataFrame, mapping: Mapping[str, str] | None = None,
            space: str = "log", weights: str | None = None):
    """Pick and check the columns a fit needs.

    Returns
    -------
    inputs : dict of str to ndarray
    y : ndarray
    w : ndarray
    kept : ndarray of int
        Positions (0-based) of the rows used.
    dropped : list of dict
        ``{"row": position, "reason": sentence}`` for every row left out.
    mapping : dict
        Variable name -> column actually used.
    """
    variables = law.input_names + [law.output.name]
    unknown = [str(v) for v in (mapping or {}) if v not in variables]
    if unknown:
        raise FitError(f"{law.id} has no variable {', '.join(map(repr, unknown))} to map; its "
                       f"variables are {', '.join(variables)}.")
    mapping = {**{v: v for v in variables}, **(mapping or {})}
    missing = [f"{var} (column {col!r})" for var, col in mapping.items()
               if not _has_column(frame, col)]
    if missing:
        raise FitError(f"The table has no column for {', '.join(missing)}. Its columns are "
                       f"{', '.join(map(str, frame.columns))}; map each variable to one.")
    if weights and not _has_column(frame, weights):
        raise FitError(f"The weights column {weights!r} is not in the table.")
    for col in dict.fromkeys([*mapping.values(), *([weights] if weights else [])]):
        if isinstance(frame[col], pd.DataFrame):
            raise FitError(f"Column {col!r} is not one column: {frame[col].shape[1]} columns "
                           f"of the table go by that name. Give each column its own name.")
    n = len(frame)
    if n == 0:
        raise FitError("The table has no rows to fit.")
    reasons = [[] for _ in range(n)]
    columns = {}
    for var in law.input_names + [law.output.name]:
        col = mapping[var]
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        columns[var] = values
        for i in np.flatnonzero(~np.isfinite(values)):
            reasons[i].append(f"{col} is not a finite number")
        needs_positive = {v.name: v.positive for v in law.inputs}
        positive_needed = needs_positive.get(var, False) or (
            var == law.output.name and space == "log")
        if positive_needed:
            for i in np.flatnonzero(np.isfinite(values) & (values <= 0)):
                reasons[i].append(f"{col} = {values[i]:g} is not positive")
    w = np.ones(n)
    if weights:
        w = pd.to_numeric(frame[weights], errors="coerce").to_numpy(dtype=float)
        for i in np.flatnonzero(~(np.isfinite(w) & (w >= 0))):
            reasons[i].append(f"weight {w[i]!r} is not a non-negative number")
    kept = np.array([i for i in range(n) if not reasons[i]], dtype=int)
    dropped = [{"row": int(i), "reason": "; ".join(r)} for i, r in enumerate(reasons) if r]
    if len(kept) == 0:
        raise FitError(f"No row can be used: {dropped[0]['reason']} (row {dropped[0]['row']}), "
                       f"and every other row has a similar problem.")
    inputs = {v: columns[v][kept] for v in law.input_names}
    return inputs, columns[law.output.name][kept], w[kept], kept, dropped, mapping


def _has_column(frame: pd.DataFrame, col) -> bool:
    """True when ``col`` names a column (hashable, and present)."""
    try:
        return col in frame.columns
    except TypeError:  # an unhashable name, e.g. a list
        return False


# --- the problem in fitting space -------------------------------------------------
class Problem:
    """The objective of one fit, over parameters in fitting space.

    Free parameters marked ``log`` are represented by their natural logarithm.
    ``objective(theta)`` takes a matrix of shape ``(starts, free)`` and scores all
    rows at once; ``value_and_grad`` takes one vector (for L-BFGS-B).
    """

    def __init__(self, law: Law, inputs: Mapping[str, np.ndarray], y: np.ndarray,
                 w: np.ndarray, loss: str = "huber", delta: float = 1e-3, tau: float = 0.5,
                 space: str = "log", fixed: Mapping[str, float] | None = None):
        if loss not in LOSSES:
            raise FitError(f"Unknown loss {loss!r}; choose one of {', '.join(LOSSES)}.")
        if space not in SPACES:
            raise FitError(f"Unknown residual space {space!r}; choose 'log' or 'linear'.")
        self.law, self.loss, self.delta, self.tau, self.space = law, loss, delta, tau, space
        self.fixed = dict(fixed or {})
        unknown = set(self.fixed) - set(law.param_names)
        if unknown:
            raise FitError(f"{law.id} has no parameter {sorted(unknown)}.")
        self.free = [p for p in law.params if p.name not in self.fixed]
        if not self.free:
            raise FitError("Every parameter is fixed: there is nothing to fit.")
        self.is_log = np.array([p.log for p in self.free])
        self.x = [np.asarray(inputs[n], float)[None, :] for n in law.input_names]
        self.y = np.asarray(y, float)
        self.logy = np.log(self.y) if space == "log" else None
        self.w = np.asarray(w, float)
        self.free_index = [law.param_names.index(p.name) for p in self.free]

    def natural(self, theta: np.ndarray) -> np.ndarray:
        """Fitting space -> natural parameter values (same shape)."""
        theta = np.asarray(theta, float)
        return np.where(self.is_log, np.exp(np.where(self.is_log, theta, 0.0)), theta)

    def to_theta(self, values: Mapping[str, float]) -> np.ndarray:
        """Natural values of the free parameters -> fitting space."""
        v = np.array([values[p.name] for p in self.free], float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.is_log, np.log(np.where(self.is_log, v, 1.0)), v)

    def params(self, theta: np.ndarray) -> dict[str, float]:
        values = dict(zip([p.name for p in self.free], self.natural(theta).tolist()))
        return {n: float(values.get(n, self.fixed.get(n, np.nan))) for n in self.law.param_names}

    def _args(self, p_free: np.ndarray) -> list:
        """Argument list for the lambdified law; p_free has shape (S, free)."""
        cols, k = [], 0
        for name in self.law.param_names:
            if name in self.fixed:
                cols.append(np.float64(self.fixed[name]))
            else:
                cols.append(p_free[:, k][:, None])
                k += 1
        return self.x + cols

    def residuals_matrix(self, theta: np.ndarray, w: np.ndarray | None = None):
        p = self.natural(np.atleast_2d(theta))
        with np.errstate(all="ignore"):
            pred = np.broadcast_to(self.law._function(*self._args(p)),
                                   (p.shape[0], self.y.size))
            r = np.log(pred) - self.logy if self.space == "log" else pred - self.y
        return p, pred, r

    def objective(self, theta: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
        """Objective of each row of ``theta`` (shape ``(S, free)``); inf where undefined."""
        w = self.w if w is None else w
        theta = np.atleast_2d(theta)
        # chunks of starts keep the (starts x rows) work arrays near 16 MB each
        step = max(1, int(2_000_000 // max(self.y.size, 1)))
        total = np.empty(theta.shape[0])
        for lo in range(0, theta.shape[0], step):
            _, _, r = self.residuals_matrix(theta[lo:lo + step])
            with np.errstate(all="ignore"):
                value, _ = rho(r, self.loss, self.delta, self.tau)
                total[lo:lo + step] = (value * w).sum(axis=1)
        return np.where(np.isfinite(total), total, np.inf)

    def value_and_grad(self, theta: np.ndarray, w: np.ndarray | None = None):
        """Objective and its gradient in fitting space, for one parameter vector."""
        w = self.w if w is None else w
        p, pred, r = self.residuals_matrix(theta)
        with np.errstate(all="ignore"):
            value, slope = rho(r[0], self.loss, self.delta, self.tau)
            total = float((value * w).sum())
            if not np.isfinite(total):
                return 1e300, np.zeros(len(self.free))
            grads = self.law._gradient
            args = self._args(p)
            g = np.empty(len(self.free))
            for k, j in enumerate(self.free_index):
                dpred = np.broadcast_to(grads[j](*args), pred.shape)[0]
                dr = dpred / pred[0] if self.space == "log" else dpred
                g[k] = float((w * slope * dr).sum())
                if self.is_log[k]:
                    g[k] *= p[0, k]
        if not np.all(np.isfinite(g)):
            return 1e300, np.zeros(len(self.free))
        return total, g

    #: Tight tolerances reproduce published optima to ~1e-15 (Chinchilla); "normal" is
    #: scipy's default, enough to rank forms, and much faster on ill-conditioned
    #: surfaces such as a broken power law's.
    tight: bool = True

    def minimize(self, theta0: np.ndarray, bounds: list[tuple[float, float]],
                 w: np.ndarray | None = None, tight: bool | None = None):
        """One L-BFGS-B run from ``theta0``."""
        tight = self.tight if tight is None else tight
        options = {"maxiter": 15000, "ftol": 1e-15, "gtol": 1e-12, "maxls": 50} if tight \
            else {"maxiter": 15000}
        return optimize.minimize(self.value_and_grad, theta0, args=(w,), jac=True,
                                 method="L-BFGS-B", bounds=bounds, options=options)


def _fit_bounds(law: Law, free, overrides: Mapping[str, Sequence[float]]) -> list[tuple]:
    out = []
    for p in free:
        lo, hi = overrides.get(p.name, law.fit_defaults.bounds.get(p.name, p.bounds))
        if p.log:
            lo = math.log(lo) if lo and lo > 0 else None
            hi = math.log(hi) if hi and np.isfinite(hi) else None
        else:
            lo = lo if lo is not None and np.isfinite(lo) else None
            hi = hi if hi is not None and np.isfinite(hi) else None
        out.append((lo, hi))
    return out


def starts(problem: Problem, grid: Mapping[str, Sequence[float]], n_random: int,
           bounds: list[tuple], seed: int, around: Mapping[str, float]) -> np.ndarray:
    """Matrix of starts in fitting space: the product of ``grid`` values for the
    parameters it names, and ``n_random`` draws inside the bounds for the others
    (log-uniform for log parameters). With no grid at all, the published values
    are one of the starts."""
    rng = np.random.default_rng(seed)
    free = problem.free
    gridded = [p.name for p in free if p.name in grid]
    if gridded:
        combos = np.array(list(itertools.product(*[grid[n] for n in gridded])), float)
    else:
        combos = np.empty((1, 0))
    rows = combos.shape[0]
    other = [k for k, p in enumerate(free) if p.name not in grid]
    repeat = n_random if other else 1
    theta = np.empty((rows * repeat, len(free)))
    for c, name in enumerate(gridded):
        k = [p.name for p in free].index(name)
        v = np.repeat(combos[:, c], repeat)
        theta[:, k] = np.log(v) if free[k].log else v
    for k in other:
        lo, hi = bounds[k]
        centre = problem.to_theta(around)[k]
        lo = centre - 3.0 if lo is None else lo
        hi = centre + 3.0 if hi is None else hi
        theta[:, k] = rng.uniform(lo, hi, size=theta.shape[0])
    if not gridded:
        theta = np.vstack([problem.to_theta(around)[None, :], theta])
    return theta


@dataclass
class Fit:
    """The result of a fit: parameter values, objective, residuals and the record.

    Attributes
    ----------
    law : Law
    params : dict
        Fitted (and fixed) parameter values, natural units.
    objective : float
        Value of the summed loss at the optimum.
    n : int
        Rows used.
    residuals : ndarray
        Residuals of the rows used, in the fit's space.
    record : FitRecord
    converged : bool
    message : str
    warnings : list of str
        Identifiability and convergence warnings, as sentences.
    samples : ndarray or None
        Bootstrap parameter samples, shape ``(K, len(law.params))``.
    data : DataFrame or None
        The rows used, as given.
    """

    law: Law
    params: dict[str, float]
    objective: float
    n: int
    residuals: np.ndarray
    record: FitRecord
    converged: bool = True
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    samples: np.ndarray | None = None
    level: float = 0.95
    data: pd.DataFrame | None = None
    # the objective and fit box, kept for the bootstrap and the diagnostics
    _problem: Problem | None = field(default=None, repr=False)
    _box: list | None = field(default=None, repr=False)

    def __call__(self, **inputs) -> np.ndarray:
        """The fitted relation evaluated at ``inputs``."""
        return self.law(self.params, **inputs)

    def intervals(self, level: float | None = None) -> dict[str, tuple[float, float]]:
        """Percentile bootstrap intervals of each parameter."""
        if self.samples is None:
            return {}
        q = _quantiles(level or self.level)
        lo, hi = np.nanquantile(self.samples, q, axis=0)
        return {n: (float(a), float(b)) for n, a, b in zip(self.law.param_names, lo, hi)}

    def sample_params(self) -> list[dict[str, float]]:
        """The bootstrap samples as a list of parameter dicts."""
        if self.samples is None:
            return []
        return [dict(zip(self.law.param_names, row)) for row in self.samples]

    def derived(self, function, level: float | None = None) -> dict:
        """A derived quantity ``function(params)`` with its bootstrap interval.

        Returns
        -------
        dict
            ``{"value": ..., "lower": ..., "upper": ...}``; bounds are NaN without a
            bootstrap.
        """
        value = np.asarray(function(self.params), float)
        if self.samples is None:
            nan = np.full_like(value, np.nan)
            return {"value": value, "lower": nan, "upper": nan}
        draws = np.array([np.asarray(function(p), float) for p in self.sample_params()])
        lo, hi = np.nanquantile(draws, _quantiles(level or self.level), axis=0)
        return {"value": value, "lower": lo, "upper": hi}

    def predict(self, level: float | None = None, **inputs) -> pd.DataFrame:
        """Prediction with its bootstrap band (``lower``/``upper`` NaN without one)."""
        value = self(**inputs)
        shape = value.shape
        frame = pd.DataFrame({k: np.broadcast_to(np.asarray(v, float), shape).ravel()
                              for k, v in inputs.items()})
        frame["value"] = value.ravel()
        if self.samples is None:
            frame["lower"] = frame["upper"] = np.nan
            return frame
        # vectorised over samples: parameters as (K, 1) columns
        cols = {n: self.samples[:, j][:, None] for j, n in enumerate(self.law.param_names)}
        flat = {k: np.broadcast_to(np.asarray(v, float), shape).ravel()[None, :]
                for k, v in inputs.items()}
        draws = self.law(cols, **flat)
        lo, hi = np.nanquantile(draws, _quantiles(level or self.level), axis=0)
        frame["lower"], frame["upper"] = lo, hi
        return frame

    def to_dict(self, level: float | None = None) -> dict:
        """JSON-ready summary: at least law, params, objective, n (and intervals)."""
        out = {"law": self.law.id, "params": self.params, "objective": self.objective,
               "n": self.n, "converged": self.converged, "message": self.message,
               "warnings": self.warnings, "record": self.record.to_dict()}
        if self.samples is not None:
            out["intervals"] = {k: list(v) for k, v in self.intervals(level).items()}
            out["bootstrap"] = {"resamples": int(self.samples.shape[0]),
                                "level": level or self.level}
        return out

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(), default=_jsonable, **kw)


def _jsonable(x):
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    raise TypeError(type(x))


def _quantiles(level: float) -> list[float]:
    return [(1 - level) / 2, 1 - (1 - level) / 2]


def fit(law: Law, frame: pd.DataFrame, mapping: Mapping[str, str] | None = None, *,
        loss: str | None = None, delta: float | None = None, tau: float = 0.5,
        space: str | None = None, fixed: Mapping[str, float] | None = None,
        bounds: Mapping[str, Sequence[float]] | None = None,
        grid: Mapping[str, Sequence[float]] | None = None, n_random: int | None = None,
        refine: int | None = None, weights: str | None = None, seed: int = 0,
        bootstrap: int = 0, level: float = 0.95, tolerance: str = "tight") -> Fit:
    """Fit ``law`` to the rows of ``frame``.

    Parameters
    ----------
    law : Law
    frame : pandas.DataFrame
        One row per run; columns for the law's inputs and output.
    mapping : dict, optional
        Variable name -> column name, for columns not named like the variables.
    loss, delta, tau, space
        Objective; defaults are the relation's paper procedure (``law.fit_defaults``).
    fixed : dict, optional
        Parameters held at the given values.
    bounds : dict, optional
        ``name -> (low, high)`` in natural units; defaults to the fit defaults.
    grid : dict, optional
        Starting values per parameter (natural units); their product is the grid.
    n_random : int, optional
        Random starts for parameters without grid values.
    refine : int, optional
        Number of best-scoring starts refined with L-BFGS-B.
    weights : str, optional
        Column of non-negative row weights.
    seed : int
        Seed of random starts and of the bootstrap.
    bootstrap : int
        Number of bootstrap resamples (0 for none).
    level : float
        Level of the bootstrap intervals.
    tolerance : {"tight", "normal"}
        Convergence tolerances of L-BFGS-B: "tight" (ftol 1e-15, reproduces published
        optima) or "normal" (scipy's defaults; faster, enough to compare forms).

    Returns
    -------
    Fit
    """
    # Many small problems: BLAS threads only spin against each other (one Chinchilla
    # fit took 28 s instead of 1.4 s on a busy 2-core machine with two BLAS threads).
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        return _fit(law, frame, mapping, loss=loss, delta=delta, tau=tau, space=space,
                    fixed=fixed, bounds=bounds, grid=grid, n_random=n_random, refine=refine,
                    weights=weights, seed=seed, bootstrap=bootstrap, level=level,
                    tolerance=tolerance)


def _fit(law, frame, mapping, *, loss, delta, tau, space, fixed, bounds, grid, n_random,
         refine, weights, seed, bootstrap, level, tolerance) -> Fit:
    if tolerance not in ("tight", "normal"):
        raise FitError(f"tolerance is 'tight' or 'normal', not {tolerance!r}.")
    d = law.fit_defaults
    loss, delta = loss or d.loss, d.delta if delta is None else delta
    space = space or d.space
    grid = dict(d.grid if grid is None else grid)
    fixed = dict(fixed or {})
    grid = {k: v for k, v in grid.items() if k not in fixed}
    n_random = d.n_random if n_random is None else n_random
    refine = d.refine if refine is None else refine
    _check_options(delta=delta, tau=tau, fixed=fixed, n_random=n_random, refine=refine,
                   seed=seed, bootstrap=bootstrap, level=level)
    inputs, y, w, kept, dropped, mapping = prepare(law, frame, mapping, space, weights)
    problem = Problem(law, inputs, y, w, loss, delta, tau, space, fixed)
    problem.tight = tolerance == "tight"
    n_free = len(problem.free)
    if len(y) < n_free:
        raise FitError(f"{len(y)} usable rows cannot determine {n_free} free parameters; "
                       f"add runs or fix some parameters.")
    bounds = dict(bounds or {})
    box = _fit_bounds(law, problem.free, bounds)
    start = {**law.defaults, **fixed}
    theta0 = starts(problem, grid, n_random, box, seed, start)
    theta0 = np.clip(theta0, [b[0] if b[0] is not None else -np.inf for b in box],
                     [b[1] if b[1] is not None else np.inf for b in box])
    best = _multistart(problem, theta0, box, refine)
    record = FitRecord(law=law.id, mapping=dict(mapping), loss=loss, delta=delta, tau=tau,
                       space=space, fixed=fixed,
                       bounds={p.name: [float(v) for v in bounds.get(
                           p.name, d.bounds.get(p.name, p.bounds))] for p in problem.free},
                       grid={k: [float(x) for x in v] for k, v in grid.items()},
                       n_random=n_random if len(grid) < n_free else 0,
                       n_starts=int(theta0.shape[0]), refine=refine, seed=seed,
                       weights=weights, tolerance=tolerance, rows_used=int(len(y)),
                       rows_dropped=dropped)
    _, _, r = problem.residuals_matrix(best.x)
    result = Fit(law=law, params=problem.params(best.x), objective=float(best.fun),
                 n=int(len(y)), residuals=r[0], record=record,
                 converged=bool(best.success), message=str(best.message), level=level,
                 data=frame.iloc[kept])
    result._problem, result._box = problem, box
    if bootstrap:
        bootstrap_fit(result, bootstrap, seed=seed)
    result.warnings = diagnose(result, inputs)
    return result


def _check_options(*, delta, tau, fixed, n_random, refine, seed, bootstrap, level) -> None:
    """Raise FitError with a sentence for a fit option no fit can use."""
    def number(x) -> bool:
        return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)

    if not (number(delta) and np.isfinite(delta) and delta > 0):
        raise FitError(f"The Huber delta must be a positive number, not {delta!r}.")
    if not (number(tau) and 0 <= tau <= 1):
        raise FitError(f"tau (the weight of over-predictions) must be between 0 and 1, "
                       f"not {tau!r}.")
    if not (number(level) and 0 < level < 1):
        raise FitError(f"The interval level must be between 0 and 1 (e.g. 0.95), "
                       f"not {level!r}.")
    for name, value in fixed.items():
        if not (number(value) and np.isfinite(value)):
            raise FitError(f"The fixed value of {name} must be a finite number, not {value!r}.")
    for name, value, least in (("n_random", n_random, 0), ("refine", refine, 1),
                               ("seed", seed, 0), ("bootstrap", bootstrap, 0)):
        if not (isinstance(value, (int, np.integer)) and not isinstance(value, bool)
                and value >= least):
            raise FitError(f"{name} must be a whole number of at least {least}, "
                           f"not {value!r}.")


def _multistart(problem: Problem, theta0: np.ndarray, box, refine: int):
    """Score every start at once, refine the ``refine`` best with L-BFGS-B."""
    scores = problem.objective(theta0)
    order = np.argsort(scores, kind="stable")
    finite = order[np.isfinite(scores[order])]
    if finite.size == 0:
        raise FitError("The law cannot be evaluated at any starting point: check that the "
                       "data are in the units the law expects.")
    chosen = _distinct(theta0, finite, refine)
    results = [problem.minimize(theta0[i], box) for i in chosen]
    return min(results, key=lambda res: res.fun)


def _distinct(theta: np.ndarray, order: np.ndarray, k: int) -> list[int]:
    """The first ``k`` starts in ``order``, skipping exact duplicates."""
    chosen, seen = [], set()
    for i in order:
        key = tuple(np.round(theta[i], 12))
        if key in seen:
            continue
        seen.add(key)
        chosen.append(int(i))
        if len(chosen) == k:
            break
    return chosen


# --- shipping a fit: its result saved, restored without redoing the optimisation -----
def saved(fit: Fit) -> dict:
    """A fit as JSON-ready data that :func:`restore` turns back into the same fit.

    :meth:`Fit.to_dict` plus the bootstrap ``samples``; Python's JSON writes floats
    exactly (shortest repr), so the restored parameters are the same numbers.
    """
    out = fit.to_dict()
    out["samples"] = None if fit.samples is None else fit.samples.tolist()
    out["level"] = fit.level
    return out


def restore(law: Law, frame: pd.DataFrame, data: Mapping) -> Fit:
    """The fit of ``law`` to ``frame`` that :func:`saved` wrote, without refitting.

    The problem (rows, objective, bounds) is rebuilt from the saved record and the same
    table, so the result predicts, bootstraps and diagnoses like the original; only the
    multi-start optimisation is skipped (its optimum, objective, convergence message,
    samples and warnings are the saved ones). Used for results the project ships
    precomputed (see ``data/README.md``); tests recompute them to catch drift.
    """
    if data.get("law") != law.id:
        raise FitError(f"The saved fit is of {data.get('law')!r}, not {law.id}.")
    rec = data["record"]
    record = FitRecord(**{**rec, "mapping": dict(rec["mapping"]), "fixed": dict(rec["fixed"]),
                          "bounds": {k: list(v) for k, v in rec["bounds"].items()},
                          "grid": {k: list(v) for k, v in rec["grid"].items()}})
    inputs, y, w, kept, dropped, _ = prepare(law, frame, record.mapping, record.space,
                                             record.weights)
    if len(y) != record.rows_used:
        raise FitError(f"The saved fit used {record.rows_used} rows; this table gives {len(y)}.")
    problem = Problem(law, inputs, y, w, record.loss, record.delta, record.tau, record.space,
                      record.fixed)
    problem.tight = record.tolerance == "tight"
    params = {k: float(v) for k, v in data["params"].items()}
    _, _, r = problem.residuals_matrix(problem.to_theta(params))
    samples = data.get("samples")
    result = Fit(law=law, params=params, objective=float(data["objective"]), n=int(len(y)),
                 residuals=r[0], record=record, converged=bool(data["converged"]),
                 message=str(data["message"]), warnings=list(data["warnings"]),
                 samples=None if samples is None else np.asarray(samples, float),
                 level=float(data.get("level", 0.95)),
                 data=frame.iloc[kept])
    result._problem, result._box = problem, _fit_bounds(law, problem.free, record.bounds)
    return result
