"""Caballero, Gupta, Rish, Krueger (2023), Broken Neural Scaling Laws (ICLR 2023;
arXiv:2210.14891).

Relations
---------
``caballero2022.bnsl1``, ``caballero2022.bnsl2``, ``caballero2022.bnsl3``
    A smoothly broken power law with ``n`` breaks (paper Eq. 1),

    ``y = a + b x^{-c0} prod_{i=1..n} (1 + (x / d_i)^{1/f_i})^{-c_i f_i}``.

    ``a`` is the limit as x grows, ``b`` the offset of the first segment on a log-log plot,
    ``c0`` its slope, ``c_i`` the change of slope at break ``i``, ``d_i`` where break ``i``
    sits on the x axis and ``f_i`` how sharp it is (smaller is sharper). Between breaks the
    curve is a power law of log-log slope ``-(c0 + ... + c_k)``.

Fitting procedure (:func:`fit_bnsl`), after the authors' script
``fit_bnsl_and_extrapolate__4_digit_addition__dataset_size_x-axis.py`` (repository
ethancaballero/broken_neural_scaling_laws, the code of Fig. 4 left): a brute-force grid of
parameter values scored by the mean squared error of ``log(y + 1)``, then a
Levenberg-Marquardt least-squares refinement of ``log(y + 1)`` residuals from the best grid
point; fit and extrapolation are scored by RMSLE, ``sqrt(mean((log y_hat - log y)^2))``.
What we changed, and why, is written in :data:`PROCEDURE`.

Evidence: the form and the parameter meanings are the paper's Eq. (1) and the comments of the
authors' figure-1 script; the default constants are the ones that script draws Fig. 1 with
(catalog data-and-inference.md §9b, [P-code]).
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sympy as sp
import threadpoolctl
from scipy import optimize

from ..core.law import Law, Paper, Param, Variable

FIG1 = "Fig. 1 constants (authors' make_figure_1 script)"
X = Variable("x", "", (1.0, 1e25), meaning="the quantity being scaled: compute, parameters, "
             "data, steps or upstream performance")
Y = Variable("y", "", (1e-4, 1e4), meaning="the evaluation metric (loss, error, ...)")

#: Constants the authors' figure-1 script draws its 3-break BNSL with.
FIGURE_1 = {"a": 1e-3, "b": 4.66e3, "c0": 0.05, "c1": 0.49, "c2": -0.811, "c3": 2.1,
            "d1": 3e6, "d2": 1e14, "d3": 2e20, "f1": 1.1, "f2": 1.425, "f3": 0.05}


def _params(n: int) -> list[Param]:
    out = [Param("a", FIGURE_1["a"], FIG1, (1e-6, 1e3), log=True,
                 meaning="the limit the metric approaches as x grows (unimprovable performance)"),
           Param("b", FIGURE_1["b"], FIG1, (1e-3, 1e7), log=True,
                 meaning="offset of the first power-law segment on a log-log plot"),
           Param("c0", FIGURE_1["c0"], FIG1, (-1.0, 3.0), latex="c_0",
                 meaning="slope of the first segment (negative log-log slope)")]
    for i in range(1, n + 1):
        out += [Param(f"c{i}", FIGURE_1[f"c{i}"], FIG1, (-3.0, 3.0), latex=f"c_{i}",
                      meaning=f"change of slope at break {i}"),
                Param(f"d{i}", FIGURE_1[f"d{i}"], FIG1, (1.0, 1e25), log=True, latex=f"d_{i}",
                      meaning=f"where break {i} sits on the x axis"),
                Param(f"f{i}", FIGURE_1[f"f{i}"], FIG1, (1e-3, 10.0), log=True,
                      latex=f"f_{i}", meaning=f"sharpness of break {i} (smaller is sharper)")]
    return out


def bnsl_expr(n: int) -> sp.Expr:
    """The sympy expression of a BNSL with ``n`` breaks (paper Eq. 1)."""
    s = {name: sp.Symbol(name, positive=True) for name in ["x"] + [p.name for p in _params(n)]}
    expr = s["b"] * s["x"] ** (-s["c0"])
    for i in range(1, n + 1):
        c, d, f = s[f"c{i}"], s[f"d{i}"], s[f"f{i}"]
        expr *= (1 + (s["x"] / d) ** (1 / f)) ** (-c * f)
    return s["a"] + expr


def _law(n: int) -> Law:
    return Law(f"caballero2022.bnsl{n}", f"BNSL, {n} break{'s' if n > 1 else ''}",
               bnsl_expr(n), Y, [X], _params(n), equation="Eq. (1)",
               description=f"smoothly broken power law with {n} break(s)")


bnsl1, bnsl2, bnsl3 = _law(1), _law(2), _law(3)
#: The relations by number of breaks.
BNSL = {1: bnsl1, 2: bnsl2, 3: bnsl3}


# --- numpy evaluation -----------------------------------------------------------------
def split(params: dict, n: int):
    """``(a, b, c0, c, d, f)`` with ``c, d, f`` lists of the ``n`` breaks."""
    return (params["a"], params["b"], params["c0"], [params[f"c{i}"] for i in range(1, n + 1)],
            [params[f"d{i}"] for i in range(1, n + 1)], [params[f"f{i}"] for i in range(1, n + 1)])


def n_breaks(params: dict) -> int:
    """Number of breaks a parameter dict describes."""
    n = 0
    while f"d{n + 1}" in params:
        n += 1
    return n


def evaluate(params: dict, x) -> np.ndarray:
    """The BNSL at ``x`` for any number of breaks (0 gives ``a + b x^-c0``), computed in log
    space so that sharp breaks at large x do not overflow."""
    n = n_breaks(params)
    a, b, c0, c, d, f = split(params, n)
    x = np.asarray(x, float)
    with np.errstate(all="ignore"):
        log_term = np.log(b) - c0 * np.log(x)
        for ci, di, fi in zip(c, d, f):
            log_term = log_term - ci * fi * np.logaddexp(0.0, (np.log(x) - np.log(di)) / fi)
        return a + np.exp(log_term)


def segments(params: dict) -> pd.DataFrame:
    """Each power-law segment: between which breaks, its log-log slope and its formula's
    prefactor (segment k is ``b d_1^{-c0} ... (x/d_k)^{-(c0+...+c_k)}`` in the limit of sharp
    breaks)."""
    n = n_breaks(params)
    _, b, c0, c, d, _ = split(params, n)
    rows, slope, prefactor = [], c0, b
    edges = [np.nan] + list(d) + [np.nan]
    for k in range(n + 1):
        rows.append({"segment": k + 1, "from x": edges[k], "to x": edges[k + 1],
                     "log-log slope": -slope, "prefactor": prefactor})
        if k < n:
            prefactor = prefactor * d[k] ** c[k]
            slope = slope + c[k]
    return pd.DataFrame(rows)


def breaks(params: dict) -> pd.DataFrame:
    """Break positions ``d_i`` with the curve's value there and the slope change."""
    n = n_breaks(params)
    d = [params[f"d{i}"] for i in range(1, n + 1)]
    return pd.DataFrame({"x": d, "y": evaluate(params, np.array(d, float)) if d else [],
                         "label": [f"break {i}: d{i} = {v:.3g}" for i, v in enumerate(d, 1)],
                         "slope change": [params[f"c{i}"] for i in range(1, n + 1)]})


def rmsle(pred, y) -> float:
    """Root mean squared log error ``sqrt(mean((log pred - log y)^2))``, the paper's score."""
    pred, y = np.asarray(pred, float), np.asarray(y, float)
    with np.errstate(all="ignore"):
        return float(np.sqrt(np.mean((np.log(pred) - np.log(y)) ** 2)))


# --- fitting ----------------------------------------------------------------------------
PROCEDURE = (
    "Paper procedure (authors' 4-digit-addition script, Fig. 4 left): brute-force grid scored "
    "by mean((log(y_hat+1) - log(y+1))^2), then unbounded Levenberg-Marquardt least squares "
    "on log(y+1) from the best grid point; RMSLE on fit and extrapolation rows. Adapted so one "
    "grid serves any data: x is measured in units of its smallest value (so b and d are "
    "searched as b x_min^-c0 and d / x_min) and the grids of a and b scale with the data's y "
    "(a: 0, 0.1, ..., 0.9 times min y; b: (1.25^k - 0.9) max y, k = 0, 2.5, ..., 37.5; "
    "d: 16 log-spaced values from the smallest to the largest x, where the script's "
    "1.25^k - 0.9 spans 0.1 to 4,300 for x in 160..928; c: 0, 0.25, 0.5, 0.75; f: 0.1, 0.25, "
    "0.5, 0.75, where the script's f = 0 is undefined). One break: the full product (163,840 points). More "
    "breaks: 200,000 random draws from the product (seeded), break positions sorted. The 5 "
    "best distinct grid points are refined (the script refines only the best) and the best "
    "result is kept. b, d and f are refined as logarithms so they stay positive."
)

A_GRID = np.arange(0.0, 1.0, 0.1)
K_GRID = np.arange(0.0, 40.0, 2.5)
C_GRID = np.array([0.0, 0.25, 0.5, 0.75])
F_GRID = np.array([0.1, 0.25, 0.5, 0.75])
MAX_RANDOM_GRID = 200_000
REFINE = 5


class BNSLFitError(ValueError):
    """A BNSL fit that cannot be done, with a sentence a person can act on."""


def _names(n: int) -> list[str]:
    return ["a", "b", "c0"] + [f"{p}{i}" for i in range(1, n + 1) for p in "cdf"]


def _predict_scaled(theta: np.ndarray, u: np.ndarray, n: int) -> np.ndarray:
    """BNSL in scaled units; ``theta`` rows are (a, log b~, c0, [c_i, log d~_i, log f_i]...)."""
    theta = np.atleast_2d(theta)
    lu = np.log(u)[None, :]
    log_term = theta[:, 1:2] - theta[:, 2:3] * lu
    for i in range(n):
        c, ld, lf = (theta[:, 3 + 3 * i + k][:, None] for k in range(3))
        fi = np.exp(lf)
        log_term = log_term - c * fi * np.logaddexp(0.0, (lu - ld) / fi)
    return theta[:, 0:1] + np.exp(log_term)


def _grid(n: int, y: np.ndarray, u_max: float, seed: int) -> np.ndarray:
    """Starting points (scaled units, refinement coordinates)."""
    a = A_GRID * float(np.min(y))
    logb = np.log((1.25 ** K_GRID - 0.9) * float(np.max(y)))
    logd = np.linspace(0.0, np.log(max(u_max, 1.25)), len(K_GRID))
    logf = np.log(F_GRID)
    axes = [a, logb, C_GRID] + [C_GRID, logd, logf] * n
    size = int(np.prod([len(v) for v in axes]))
    if size <= MAX_RANDOM_GRID:
        return np.array(list(itertools.product(*axes)), float)
    rng = np.random.default_rng(seed)
    theta = np.column_stack([rng.choice(v, MAX_RANDOM_GRID) for v in axes])
    if n > 1:  # breaks in increasing order along x
        cols = [3 + 3 * i + 1 for i in range(n)]
        theta[:, cols] = np.sort(theta[:, cols], axis=1)
    return theta


def _msle_log1p(theta: np.ndarray, u: np.ndarray, y: np.ndarray, n: int,
                w: np.ndarray | None = None) -> np.ndarray:
    target = np.log1p(y)[None, :]
    w = np.ones_like(y) if w is None else w
    out = np.empty(theta.shape[0])
    step = max(1, 2_000_000 // max(y.size, 1))
    with np.errstate(all="ignore"):
        for lo in range(0, theta.shape[0], step):
            pred = _predict_scaled(theta[lo:lo + step], u, n)
            out[lo:lo + step] = ((np.log1p(pred) - target) ** 2 * w).sum(axis=1) / w.sum()
    return np.where(np.isfinite(out), out, np.inf)


def _refine(theta0: np.ndarray, u: np.ndarray, y: np.ndarray, n: int,
            w: np.ndarray | None = None):
    target = np.log1p(y)
    sw = np.ones_like(y) if w is None else np.sqrt(w)

    def residuals(theta):
        with np.errstate(all="ignore"):
            r = (np.log1p(_predict_scaled(theta, u, n)[0]) - target) * sw
        return np.where(np.isfinite(r), r, 1e3)

    method = "lm" if y.size >= theta0.size else "trf"
    try:
        return optimize.least_squares(residuals, theta0, method=method, x_scale="jac",
                                      max_nfev=200 * theta0.size)
    except (ValueError, np.linalg.LinAlgError):
        return None


def _to_natural(theta: np.ndarray, n: int, x_min: float) -> dict[str, float]:
    """Scaled refinement coordinates -> the paper's parameters in the data's units."""
    a, logb, c0 = theta[:3]
    p = {"a": float(a), "b": float(np.exp(logb) * x_min ** c0), "c0": float(c0)}
    for i in range(n):
        c, logd, logf = theta[3 + 3 * i: 6 + 3 * i]
        p[f"c{i + 1}"] = float(c)
        p[f"d{i + 1}"] = float(np.exp(logd) * x_min)
        p[f"f{i + 1}"] = float(np.exp(logf))
    return p


@dataclass
class BNSLFit:
    """A BNSL fitted by the paper's procedure.

    Attributes
    ----------
    n : int
        Number of breaks (0 is ``a + b x^-c0``, a plain power law plus a limit).
    params : dict
        Fitted parameters in the data's units.
    x, y : ndarray
        The fit rows.
    msle_log1p : float
        Final objective, ``mean((log(y_hat+1) - log(y+1))^2)``.
    rmsle : float
        RMSLE on the fit rows.
    grid_points : int
        Size of the brute-force grid.
    samples : ndarray or None
        Bootstrap parameter samples (rows in :attr:`names` order).
    """

    n: int
    params: dict[str, float]
    x: np.ndarray
    y: np.ndarray
    msle_log1p: float
    rmsle: float
    grid_points: int
    converged: bool
    seed: int = 0
    samples: np.ndarray | None = None
    level: float = 0.95
    _theta: np.ndarray | None = field(default=None, repr=False)

    @property
    def names(self) -> list[str]:
        return _names(self.n)

    def __call__(self, x) -> np.ndarray:
        return evaluate(self.params, x)

    def predict(self, x, level: float | None = None) -> pd.DataFrame:
        """``x``, ``value`` and the bootstrap band ``lower``/``upper`` (NaN without one)."""
        x = np.asarray(x, float)
        frame = pd.DataFrame({"x": x, "value": self(x)})
        if self.samples is None or not len(self.samples):
            frame["lower"] = frame["upper"] = np.nan
            return frame
        level = level or self.level
        draws = np.array([evaluate(dict(zip(self.names, row)), x) for row in self.samples])
        lo, hi = np.nanquantile(draws, [(1 - level) / 2, (1 + level) / 2], axis=0)
        frame["lower"], frame["upper"] = lo, hi
        return frame

    def intervals(self, level: float | None = None) -> dict[str, tuple[float, float]]:
        if self.samples is None or not len(self.samples):
            return {}
        level = level or self.level
        lo, hi = np.nanquantile(self.samples, [(1 - level) / 2, (1 + level) / 2], axis=0)
        return {n: (float(a), float(b)) for n, a, b in zip(self.names, lo, hi)}

    def score(self, x, y) -> float:
        """RMSLE of the fit on other rows (the extrapolation score)."""
        return rmsle(self(x), y)

    def to_dict(self) -> dict:
        out = {"law": f"caballero2022.bnsl{self.n}" if self.n else "caballero2022 (0 breaks)",
               "params": self.params, "n_breaks": self.n, "rows": int(self.x.size),
               "msle_log1p": self.msle_log1p, "rmsle_fit": self.rmsle,
               "grid_points": self.grid_points, "converged": self.converged,
               "seed": self.seed, "procedure": PROCEDURE}
        if self.samples is not None:
            out["bootstrap"] = {"resamples": int(len(self.samples)), "level": self.level,
                                "intervals": {k: list(v) for k, v in self.intervals().items()}}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


def _check(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
    if x.size != y.size:
        raise BNSLFitError("x and y have different lengths.")
    keep = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
    if not keep.any():
        raise BNSLFitError("No row has a positive, finite x and y; a BNSL is fitted on log "
                           "axes, so both must be positive numbers.")
    return x[keep], y[keep]


@dataclass
class Curve:
    """One uploaded curve made ready for a BNSL fit and its extrapolation check.

    Attributes
    ----------
    x, y : ndarray
        The rows kept: finite and positive in both (a BNSL lives on log axes).
    train : ndarray of bool
        Rows the fit sees; the others are the extrapolation rows it is scored on.
    dropped : ndarray of int
        Positions in the input of the rows left out (missing, zero or negative).
    from_flag : bool
        Whether ``train`` is the file's own 1/0 column (else the largest x held out).
    """

    x: np.ndarray
    y: np.ndarray
    train: np.ndarray
    dropped: np.ndarray
    from_flag: bool


def user_curve(x, y, training=None, holdout: float = 0.2) -> Curve:
    """Clean an uploaded curve and split it into fit and extrapolation rows.

    Parameters
    ----------
    x, y : array_like
        The quantity that grows (compute, data, parameters...) and the metric; text or
        missing values become NaN and are dropped with zeros and negatives.
    training : array_like, optional
        A 1/0 column (1 = fit, 0 = extrapolate), as in the revisiting benchmark's
        ``Training``; used when, on the rows kept, it holds exactly those two values.
    holdout : float
        Otherwise, the share of rows with the largest x held out (0 holds none out;
        at most 0.5).

    Raises
    ------
    BNSLFitError
        When no row has a positive, finite x and y.
    """
    x = pd.to_numeric(pd.Series(np.asarray(x).ravel()), errors="coerce").to_numpy(float)
    y = pd.to_numeric(pd.Series(np.asarray(y).ravel()), errors="coerce").to_numpy(float)
    keep = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
    if not keep.any():
        raise BNSLFitError("No row has a positive number in both x and y; a BNSL lives on "
                           "log axes.")
    if not 0 <= holdout <= 0.5:
        raise BNSLFitError(f"The share held out must be between 0 and 0.5, not {holdout!r}.")
    x, y = x[keep], y[keep]
    flag = None if training is None else pd.to_numeric(
        pd.Series(np.asarray(training).ravel()), errors="coerce").to_numpy()[keep]
    if flag is not None and set(np.unique(flag)) == {0, 1}:
        return Curve(x, y, flag == 1, np.flatnonzero(~keep), True)
    k = int(round(holdout * x.size))
    train = x < (np.sort(x)[x.size - k] if k else np.inf)
    return Curve(x, y, train, np.flatnonzero(~keep), False)



def fit_bnsl(x, y, n: int = 1, bootstrap: int = 0, seed: int = 0,
             level: float = 0.95) -> BNSLFit:
    """Fit a BNSL with ``n`` breaks to ``(x, y)`` by the paper's procedure (:data:`PROCEDURE`).

    Parameters
    ----------
    x, y : array_like
        The scaled quantity and the metric; rows with a non-positive or non-finite value
        are left out.
    n : int
        Number of breaks, 0 to 3.
    bootstrap : int
        Case-resampling bootstrap resamples, each refined from the fit (0 for none).
    seed : int
        Seed of the random grid (``n > 1``) and of the bootstrap.

    Returns
    -------
    BNSLFit
    """
    if n not in (0, 1, 2, 3):
        raise BNSLFitError("Choose 0, 1, 2 or 3 breaks.")
    x, y = _check(x, y)
    k = 3 + 3 * n
    if x.size < k:
        raise BNSLFitError(f"{x.size} usable points cannot determine the {k} parameters of a "
                           f"BNSL with {n} break(s); use fewer breaks or more points.")
    order = np.argsort(x)
    x, y = x[order], y[order]
    x_min = float(x[0])
    u = x / x_min
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        theta = _grid(n, y, float(u[-1]), seed)
        scores = _msle_log1p(theta, u, y, n)
        best_rows, seen = [], set()
        for i in np.argsort(scores, kind="stable"):
            if not np.isfinite(scores[i]):
                break
            key = tuple(np.round(theta[i], 9))
            if key not in seen:
                seen.add(key)
                best_rows.append(i)
            if len(best_rows) == REFINE:
                break
        if not best_rows:
            raise BNSLFitError("The BNSL cannot be evaluated at any grid point for these data.")
        results = [r for r in (_refine(theta[i], u, y, n) for i in best_rows) if r is not None]
        if not results:
            raise BNSLFitError("The least-squares refinement failed from every start.")
        best = min(results, key=lambda r: r.cost)
        params = _to_natural(best.x, n, x_min)
        pred = evaluate(params, x)
        result = BNSLFit(n=n, params=params, x=x, y=y,
                         msle_log1p=float(np.mean((np.log1p(pred) - np.log1p(y)) ** 2)),
                         rmsle=rmsle(pred, y), grid_points=int(theta.shape[0]),
                         converged=bool(best.success), seed=seed, level=level, _theta=best.x)
        if bootstrap:
            rng = np.random.default_rng(seed)
            rows = []
            for _ in range(bootstrap):
                w = rng.multinomial(x.size, np.full(x.size, 1.0 / x.size)).astype(float)
                r = _refine(best.x, u, y, n, w)
                if r is not None and np.all(np.isfinite(r.x)):
                    p = _to_natural(r.x, n, x_min)
                    rows.append([p[name] for name in _names(n)])
            result.samples = np.array(rows, float).reshape(-1, k)
    return result


# --- the revisiting-neural-scaling-laws benchmark -----------------------------------------
def benchmark_curves(frame: pd.DataFrame) -> list[tuple[str, str, str, pd.DataFrame]]:
    """The learning curves of Alabdulmohsin et al.'s benchmark (``revisiting_lang``): one per
    (Domain, Task, Model), duplicates dropped, sorted by examples seen."""
    frame = frame.drop_duplicates()
    out = []
    for (domain, task, model), rows in frame.groupby(["Domain", "Task", "Model"], sort=True):
        out.append((str(domain), str(task), str(model),
                    rows.sort_values("Seen Examples").reset_index(drop=True)))
    return out


def score_curve(rows: pd.DataFrame, n: int, seed: int = 0) -> dict:
    """Fit on the ``Training == 1`` rows, score RMSLE on the ``Training == 0`` rows."""
    train, test = rows[rows["Training"] == 1], rows[rows["Training"] == 0]
    fit = fit_bnsl(train["Seen Examples"], train["Loss"], n, seed=seed)
    return {"breaks": n, "fit rows": len(train), "extrapolation rows": len(test),
            "RMSLE fit": fit.rmsle,
            "RMSLE extrapolation": fit.score(test["Seen Examples"], test["Loss"]),
            "fit": fit}


def score_benchmark(frame: pd.DataFrame, n: int, domains=("NMT", "LM", "BB"),
                    seed: int = 0) -> pd.DataFrame:
    """RMSLE of a BNSL with ``n`` breaks on every benchmark curve of ``domains``."""
    rows = []
    for domain, task, model, curve in benchmark_curves(frame):
        if domain not in domains:
            continue
        s = score_curve(curve, n, seed)
        s.pop("fit")
        rows.append({"domain": domain, "task": task, "model": model, **s})
    return pd.DataFrame(rows)


BIBTEX = """@inproceedings{caballero2023broken,
  title     = {Broken Neural Scaling Laws},
  author    = {Caballero, Ethan and Gupta, Kshitij and Rish, Irina and Krueger, David},
  booktitle = {International Conference on Learning Representations},
  year      = {2023},
  eprint    = {2210.14891},
  archivePrefix = {arXiv}
}"""

PAPER = Paper(
    key="caballero2022",
    topic="Loss and scale",
    title="Broken Neural Scaling Laws",
    authors="Caballero, Gupta, Rish, Krueger",
    year=2022,
    arxiv="2210.14891",
    bibtex=BIBTEX,
    summary=("A smoothly broken power law: straight segments on a log-log plot joined by smooth "
             "breaks, each with its own position, slope change and sharpness. With enough "
             "breaks it follows double descent, delayed sharp rises such as arithmetic's, and "
             "plateaus that a single power law cannot; the paper fits it by a brute-force grid "
             "and least squares in log space, and scores extrapolation of held-out larger runs "
             "by RMSLE, including on the benchmark of Alabdulmohsin et al. (2022)."),
    assumptions=[
        "x can be any scaled quantity (compute, parameters, data, steps, upstream "
        "performance); the constants depend on its units.",
        "The fit minimises squared errors of log(y + 1), not of log y; for metrics much smaller "
        "than 1 this is close to fitting y itself.",
        "Extrapolation is scored by RMSLE on held-out larger runs; a break beyond the fitted "
        "range cannot be predicted from the data before it.",
        "The default constants draw the paper's Fig. 1; they are an illustration, not a fit to "
        "any task.",
    ],
    laws=[bnsl1, bnsl2, bnsl3],
    page_features=["1, 2 or 3 breaks with their positions marked",
                   "the paper's grid-then-least-squares fit of your data",
                   "extrapolation with a bootstrap band, scored by RMSLE",
                   "scores on the revisiting-scaling-laws language benchmark"],
)
