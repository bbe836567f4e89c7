"""Shared analysis for any relation: optimum, plateau and crossover.

All functions take plain callables or arrays, so they serve every paper.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from scipy import optimize

__all__ = ["optimum", "Plateau", "plateau", "crossovers", "Crossover", "crossover",
           "QuadraticLandscape", "fit_quadratic_landscape", "power_law_exponent"]


def optimum(function: Callable[[np.ndarray], np.ndarray], bounds: tuple[float, float],
            log: bool = True, grid: int = 257) -> tuple[float, float]:
    """Minimum of a function of one variable on ``bounds``.

    A grid locates the basin, then a bounded Brent search polishes it (in
    ``log10`` of x when ``log``). A constrained optimum is this applied to the
    relation with the constraint substituted (e.g. ``D = C/(6N)``).

    Returns
    -------
    (x, f) : tuple of float
        The minimiser and the minimum.
    """
    lo, hi = (np.log10(bounds[0]), np.log10(bounds[1])) if log else bounds
    to_x = (lambda t: 10.0 ** t) if log else (lambda t: t)
    t = np.linspace(lo, hi, grid)
    with np.errstate(all="ignore"):
        f = np.asarray(function(to_x(t)), float)
    f = np.where(np.isfinite(f), f, np.inf)
    i = int(np.argmin(f))
    a, b = t[max(i - 1, 0)], t[min(i + 1, grid - 1)]
    if a == b:
        return float(to_x(t[i])), float(f[i])
    res = optimize.minimize_scalar(lambda s: float(function(to_x(np.array(s)))),
                                   bounds=(a, b), method="bounded",
                                   options={"xatol": 1e-10})
    if res.fun <= f[i]:
        return float(to_x(res.x)), float(res.fun)
    return float(to_x(t[i])), float(f[i])


@dataclass
class Plateau:
    """The region within a tolerance of an optimum.

    Attributes
    ----------
    mask : ndarray of bool
        Points (on the grid given) inside the plateau.
    best_index : tuple of int
        Index of the optimum on the grid.
    best_value : float
    threshold : float
        Values at or below it are on the plateau.
    ranges : list of (float, float)
        Extent of the plateau along each axis (coordinates given).
    """

    mask: np.ndarray
    best_index: tuple
    best_value: float
    threshold: float
    ranges: list


def plateau(values: np.ndarray, axes: Sequence[np.ndarray] | None = None,
            tolerance: float = 0.0025, relative: bool = True, maximize: bool = False) -> Plateau:
    """Points within ``tolerance`` of the best value of a grid of any dimension.

    Parameters
    ----------
    values : ndarray
        The quantity on a grid (NaN for missing points), e.g. final loss over
        (learning rate, batch size).
    axes : sequence of ndarray, optional
        Coordinates along each axis, for ``ranges``.
    tolerance : float
        Relative (default 0.25%) or absolute distance from the optimum.
    relative : bool
    maximize : bool
        Whether the optimum is the largest value (accuracy) instead of the smallest.
    """
    v = np.asarray(values, float)
    if not np.isfinite(v).any():
        raise ValueError("There is no finite value to find an optimum in.")
    sign = -1.0 if maximize else 1.0
    s = np.where(np.isfinite(v), sign * v, np.inf)
    best = np.unravel_index(int(np.argmin(s)), v.shape)
    b = s[best]
    threshold = b + (abs(b) * tolerance if relative else tolerance)
    mask = s <= threshold
    ranges = []
    for k in range(v.ndim):
        idx = np.flatnonzero(mask.any(axis=tuple(j for j in range(v.ndim) if j != k)))
        coords = np.asarray(axes[k]) if axes is not None else np.arange(v.shape[k])
        ranges.append((float(coords[idx.min()]), float(coords[idx.max()])))
    return Plateau(mask=mask, best_index=tuple(int(i) for i in best), best_value=float(v[best]),
                   threshold=float(sign * threshold), ranges=ranges)


def crossovers(f: Callable, g: Callable, bounds: tuple[float, float], log: bool = True,
               grid: int = 512) -> list[float]:
    """Every x in ``bounds`` where the curves f and g cross (sign changes of f - g)."""
    lo, hi = (np.log10(bounds[0]), np.log10(bounds[1])) if log else bounds
    to_x = (lambda t: 10.0 ** t) if log else (lambda t: t)
    t = np.linspace(lo, hi, grid)
    with np.errstate(all="ignore"):
        d = np.asarray(f(to_x(t)), float) - np.asarray(g(to_x(t)), float)
    out = []
    for i in np.flatnonzero(np.isfinite(d[:-1]) & np.isfinite(d[1:]) & (np.sign(d[:-1]) != np.sign(d[1:]))):
        if d[i] == 0:
            out.append(float(to_x(t[i])))
            continue
        root = optimize.brentq(lambda s: float(f(to_x(s)) - g(to_x(s))), t[i], t[i + 1],
                               xtol=1e-12)
        out.append(float(to_x(root)))
    return out


@dataclass
class Crossover:
    """Where two curves cross, with an interval over bootstrap draws.

    Attributes
    ----------
    x : float or None
        First crossing of the central curves, None if they do not cross.
    lower, upper : float
        Percentile interval of the first crossing over the draws that cross.
    share_crossing : float
        Share of draws whose curves cross inside the bounds.
    """

    x: float | None
    lower: float
    upper: float
    share_crossing: float


def crossover(f: Callable, g: Callable, bounds: tuple[float, float],
              f_draws: Sequence[Callable] = (), g_draws: Sequence[Callable] = (),
              log: bool = True, level: float = 0.95) -> Crossover:
    """First crossing of f and g, and its interval from paired bootstrap draws."""
    central = crossovers(f, g, bounds, log)
    xs = []
    for fd, gd in zip(f_draws, g_draws):
        c = crossovers(fd, gd, bounds, log, grid=128)
        xs.append(c[0] if c else np.nan)
    xs = np.asarray(xs, float)
    if xs.size and np.isfinite(xs).any():
        q = [(1 - level) / 2, 1 - (1 - level) / 2]
        data = np.log10(xs[np.isfinite(xs)]) if log else xs[np.isfinite(xs)]
        lo, hi = np.quantile(data, q)
        lo, hi = (10 ** lo, 10 ** hi) if log else (lo, hi)
        share = float(np.isfinite(xs).mean())
    else:
        lo = hi = np.nan
        share = float("nan") if not xs.size else 0.0
    return Crossover(x=central[0] if central else None, lower=float(lo), upper=float(hi),
                     share_crossing=share)


@dataclass
class QuadraticLandscape:
    """A convex quadratic fitted to a value over two variables, in log10 space.

    ``value ~ c0 + g.u + u.H.u / 2`` with ``u = (log10 x, log10 y)``.

    Attributes
    ----------
    coef : ndarray
        ``c0, c_x, c_y, c_xx, c_xy, c_yy`` of ``c0 + c_x u + c_y v + c_xx u^2 + c_xy u v
        + c_yy v^2``.
    convex : bool
        Whether the fitted Hessian is positive definite (a minimum exists).
    optimum : (float, float)
        Minimiser in natural units (NaN when not convex).
    best_value : float
        Fitted value at the optimum.
    rmse : float
        Root-mean-square residual of the fit [value units].
    n : int
        Points fitted.
    """

    coef: np.ndarray
    convex: bool
    optimum: tuple
    best_value: float
    rmse: float
    n: int

    def __call__(self, x, y) -> np.ndarray:
        """Fitted value at natural ``x``, ``y``."""
        u, v = np.log10(np.asarray(x, float)), np.log10(np.asarray(y, float))
        c = self.coef
        return c[0] + c[1] * u + c[2] * v + c[3] * u * u + c[4] * u * v + c[5] * v * v

    def excess(self, x, y) -> np.ndarray:
        """Relative excess over the fitted optimum, ``value/best - 1``."""
        return self(x, y) / self.best_value - 1


def fit_quadratic_landscape(x, y, value) -> QuadraticLandscape:
    """Least-squares quadratic in ``(log10 x, log10 y)``; its optimum where convex.

    Used for hyperparameter sweeps (final loss over learning rate and batch size), whose
    landscape is convex with a broad optimum (Li et al. 2025).

    Raises
    ------
    ValueError
        With fewer than 6 finite points with positive x and y, or when the points do not
        span both variables.
    """
    x, y, value = (np.asarray(a, float) for a in (x, y, value))
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(value) & (x > 0) & (y > 0)
    if ok.sum() < 6:
        raise ValueError(f"A quadratic landscape needs at least 6 runs with positive learning "
                         f"rate and batch size; {int(ok.sum())} are usable.")
    u, v, z = np.log10(x[ok]), np.log10(y[ok]), value[ok]
    if np.unique(u).size < 3 or np.unique(v).size < 3:
        raise ValueError("The runs need at least three distinct values of each variable to "
                         "fit a curved landscape.")
    design = np.column_stack([np.ones_like(u), u, v, u * u, u * v, v * v])
    coef, *_ = np.linalg.lstsq(design, z, rcond=None)
    rmse = float(np.sqrt(np.mean((design @ coef - z) ** 2)))
    hessian = np.array([[2 * coef[3], coef[4]], [coef[4], 2 * coef[5]]])
    convex = bool(np.all(np.linalg.eigvalsh(hessian) > 0))
    if convex:
        u0, v0 = np.linalg.solve(hessian, -coef[1:3])
        optimum = (float(10 ** u0), float(10 ** v0))
        best = float(coef[0] + coef[1] * u0 + coef[2] * v0 + coef[3] * u0 * u0
                     + coef[4] * u0 * v0 + coef[5] * v0 * v0)
    else:
        optimum, best = (float("nan"), float("nan")), float(np.min(z))
    return QuadraticLandscape(coef=coef, convex=convex, optimum=optimum, best_value=best,
                              rmse=rmse, n=int(ok.sum()))


def power_law_exponent(x, y) -> tuple[float, float]:
    """Exponent ``a`` and coefficient ``k`` of ``y = k x**a`` by least squares in log-log
    space, over the points where both are finite and positive."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
    if ok.sum() < 2 or np.unique(x[ok]).size < 2:
        return float("nan"), float("nan")
    a, b = np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)
    return float(a), float(np.exp(b))
