"""Tissue, Wang and Wang (2024), Scaling Law with Learning Rate Annealing (arXiv:2408.11029).

The whole validation-loss curve under any learning-rate schedule:

``L(s) = L_0 + A * S_1(s)**(-alpha) - C * S_2(s)``

with ``S_1`` the forward area (the area under the LR curve) and ``S_2`` the annealing
area (abstract, [P-abs]). The areas, as the paper's §3 defines them (read through two
independent reimplementations that agree, catalog [S]):

``S_1(s) = sum_{i=1..s} eta_i``
``S_2(s) = sum_{i=1..s} m_i``,  ``m_i = lambda * m_{i-1} + (eta_{i-1} - eta_i)``, ``m_1 = 0``

so ``S_2`` is the double sum ``sum_{i<=s} sum_{k<=i} (eta_{k-1} - eta_k) lambda**(i-k)``:
every drop of the LR keeps lowering the loss for a while afterwards, with a memory set by
the decay factor ``lambda`` (typically 0.999 [S]). The double sum is quadratic in the
number of steps; the momentum recursion makes it linear (:func:`annealing_area`), and
the final areas of a WSD run have closed forms (:func:`final_areas_wsd`).

Units: ``eta`` is the learning rate per step, so ``S_1`` and ``S_2`` are sums of
learning rates [LR x steps]; ``L`` is the validation loss [nats/token].

The paper's fitted constants are not confirmed (catalog §4): the defaults here are
illustrative values chosen so that a 30,000-step run at peak LR 3e-4 has a loss near
2.7 and a WSD optimum inside (0, 1); pages say so.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp
from scipy import signal

from ..core.analysis import optimum, plateau
from ..core.law import FitDefaults, Law, Paper, Param, Variable

#: The schedules the page offers, in the paper's words.
SCHEDULES = ("constant", "cosine", "WSD", "step", "linear")
#: Decay factor of the annealing momentum; "typically 0.999" in the reimplementations [S].
LAMBDA = 0.999
#: The multi-step schedule: LR factors and the fraction of training where each starts
#: (80% at the peak, 10% at 0.316x, 10% at 0.1x: the "8-1-1" step schedule).
STEP_FACTORS = ((0.0, 1.0), (0.8, 0.316), (0.9, 0.1))

S1, S2 = sp.symbols("S_1 S_2", positive=True)
L0, A, alpha, C = sp.symbols("L_0 A alpha C", positive=True)

ILLUSTRATIVE = ("illustrative value, not the paper's (its fitted constants are "
                "unconfirmed, catalog §4)")

loss = Law(
    "tissue2024.loss", "L(s)", L0 + A * S1 ** (-alpha) - C * S2,
    Variable("loss", "nats/token", (1.5, 8.0), log=False, latex="L(s)",
             meaning="validation loss at step s"),
    [Variable("S_1", "LR x steps", (1e-3, 1e3), latex="S_1",
              meaning="forward area: the sum of the learning rates up to step s"),
     Variable("S_2", "LR x steps", (0.0, 10.0), log=False, latex="S_2", positive=False,
              meaning="annealing area: the LR drops so far, each felt with momentum lambda")],
    [Param("L_0", 2.5, ILLUSTRATIVE, (0.0, 10.0), "nats/token",
           meaning="loss the curve tends to with infinite forward area", latex="L_0"),
     Param("A", 1.0, ILLUSTRATIVE, (1e-3, 1e2), "nats/token", log=True,
           meaning="scale of the power-law (forward) term", latex="A"),
     Param("alpha", 0.5, ILLUSTRATIVE, (0.01, 3.0),
           meaning="exponent of the forward area", latex=r"\alpha"),
     Param("C", 0.4, ILLUSTRATIVE, (1e-4, 1e2), "nats/token per LR x step", log=True,
           meaning="loss lowered per unit of annealing area", latex="C")],
    equation="abstract and §3 (Eq. 1)",
    fit_defaults=FitDefaults(
        loss="huber", delta=1e-3, space="log",
        grid={"L_0": (1.0, 2.0, 3.0), "A": (0.1, 1.0, 10.0), "alpha": (0.3, 0.6, 1.0),
              "C": (0.01, 0.3, 3.0)},
        refine=12,
        source="Huber (delta 1e-3) on log-loss residuals, L-BFGS-B from a grid of starts, "
               "as the reimplementations of the paper's fit do (catalog §4 [S])"),
    description="Loss at every step of a run, for any learning-rate schedule.")


# --- the two areas --------------------------------------------------------------------
def _as_lr(lr, warmup: int = 0) -> np.ndarray:
    """LR per step as floats; the first ``warmup`` steps counted at the peak reached by
    the end of warmup (as the reimplementations do [S]; the paper's own warmup handling
    is unconfirmed)."""
    eta = np.array(lr, dtype=float, copy=True).ravel()
    warmup = int(max(0, min(warmup, eta.size)))
    if warmup:
        eta[:warmup] = np.max(eta[:min(warmup + 1, eta.size)])
    return eta


def forward_area(lr, warmup: int = 0) -> np.ndarray:
    """``S_1(s) = sum_{i<=s} eta_i`` at every step [LR x steps] (linear time)."""
    return np.cumsum(_as_lr(lr, warmup))


def annealing_area(lr, lam: float = LAMBDA, warmup: int = 0) -> np.ndarray:
    """``S_2(s)`` at every step, in linear time [LR x steps].

    The momentum ``m_i = lam * m_{i-1} + (eta_{i-1} - eta_i)`` is a first-order
    recursive filter of the LR drops, run in C by :func:`scipy.signal.lfilter`;
    ``S_2`` is its running sum. Equal to :func:`annealing_area_quadratic`.

    Parameters
    ----------
    lr : array_like
        Learning rate at steps 1..T.
    lam : float
        Decay factor lambda of the annealing momentum, in [0, 1].
    warmup : int
        Steps counted at the peak LR (see :func:`_as_lr`).
    """
    eta = _as_lr(lr, warmup)
    drops = np.zeros_like(eta)
    drops[1:] = eta[:-1] - eta[1:]
    momentum = signal.lfilter([1.0], [1.0, -float(lam)], drops)
    return np.cumsum(momentum)


def annealing_area_quadratic(lr, lam: float = LAMBDA, warmup: int = 0) -> np.ndarray:
    """``S_2(s)`` straight from its definition as a double sum (quadratic time).

    ``S_2(s) = sum_{i=1..s} sum_{k=1..i} (eta_{k-1} - eta_k) * lam**(i-k)``. The
    reference that :func:`annealing_area` is tested and benchmarked against.
    """
    eta = _as_lr(lr, warmup)
    n = eta.size
    drops = np.zeros(n)
    drops[1:] = eta[:-1] - eta[1:]
    backwards = float(lam) ** np.arange(n)[::-1]  # lam**(n-1), ..., lam**0, contiguous
    out = np.empty(n)
    total = 0.0
    for i in range(n):  # m_i = sum_k drops_k lam**(i-k): one dot product per step
        total += float(np.dot(drops[:i + 1], backwards[n - 1 - i:]))
        out[i] = total
    return out


def areas(lr, lam: float = LAMBDA, warmup: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(S_1, S_2)`` at every step, both in linear time."""
    return forward_area(lr, warmup), annealing_area(lr, lam, warmup)


def loss_curve(lr, params: dict | None = None, lam: float = LAMBDA,
               warmup: int = 0) -> np.ndarray:
    """Loss at every step of the schedule ``lr`` [nats/token]."""
    s1, s2 = areas(lr, lam, warmup)
    return loss(params, S_1=s1, S_2=s2)


# --- schedules ------------------------------------------------------------------------
def schedule(kind: str, steps: int, peak_lr: float, final_lr: float = 0.0,
             warmup: int = 0, decay_fraction: float = 0.2,
             decay_shape: str = "linear") -> np.ndarray:
    """Learning rate at steps 1..``steps``.

    Parameters
    ----------
    kind : {"constant", "cosine", "WSD", "step", "linear"}
        ``cosine`` and ``linear`` decay from the peak to ``final_lr`` after warmup;
        ``WSD`` (warmup-stable-decay) holds the peak and decays over the last
        ``decay_fraction`` of the steps with ``decay_shape``; ``step`` is the 8-1-1
        multi-step schedule (peak, then 0.316x at 80% and 0.1x at 90% of the steps).
    steps : int
        Total steps T.
    peak_lr, final_lr : float
        Peak and final learning rates.
    warmup : int
        Linear warmup steps from 0 to the peak.
    decay_fraction : float
        WSD only: share of the steps spent decaying, in [0, 1].
    decay_shape : {"linear", "cosine"}
        WSD only.
    """
    if kind not in SCHEDULES:
        raise ValueError(f"Unknown schedule {kind!r}; choose one of {', '.join(SCHEDULES)}.")
    steps = int(steps)
    if steps < 1:
        raise ValueError("A schedule needs at least one step.")
    warmup = int(min(max(warmup, 0), steps - 1))
    i = np.arange(1, steps + 1, dtype=float)
    after = np.clip((i - warmup) / max(steps - warmup, 1), 0.0, 1.0)  # progress after warmup
    if kind == "constant":
        eta = np.full(steps, peak_lr, dtype=float)
    elif kind == "cosine":
        eta = final_lr + (peak_lr - final_lr) * 0.5 * (1 + np.cos(np.pi * after))
    elif kind == "linear":
        eta = peak_lr - (peak_lr - final_lr) * after
    elif kind == "step":
        eta = np.full(steps, peak_lr, dtype=float)
        for start, factor in STEP_FACTORS[1:]:
            eta[after > start] = peak_lr * factor
    else:
        eta = np.full(steps, peak_lr, dtype=float)
        decay = int(round(min(max(decay_fraction, 0.0), 1.0) * (steps - warmup)))
        if decay:
            eta[steps - decay:] = _decay(peak_lr, final_lr, decay, decay_shape)
    if warmup:
        eta[:warmup] = peak_lr * i[:warmup] / warmup
    return eta


def _decay(peak_lr: float, final_lr: float, n: int, shape: str) -> np.ndarray:
    """LR over ``n`` decay steps, ending at ``final_lr`` on the last one."""
    p = np.arange(1, n + 1, dtype=float) / n
    if shape == "cosine":
        return final_lr + (peak_lr - final_lr) * 0.5 * (1 + np.cos(np.pi * p))
    if shape == "linear":
        return peak_lr - (peak_lr - final_lr) * p
    raise ValueError(f"Unknown decay shape {shape!r}; choose 'linear' or 'cosine'.")


# --- the annealing fraction of WSD ------------------------------------------------------
def final_areas_wsd(fractions, steps: int, peak_lr: float, final_lr: float = 0.0,
                    decay_shape: str = "linear", lam: float = LAMBDA,
                    warmup: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(S_1(T), S_2(T))`` of WSD runs that decay over ``fractions`` of their steps.

    Closed forms, constant time per fraction (so a sweep over fractions of a
    million-step run is instant). Only the ``D`` decay steps have LR drops ``d_k``, and a
    drop made ``j`` steps before the end has added ``(1 - lam**j)/(1 - lam)`` to ``S_2``,
    so ``S_2(T) = (sum_k d_k - X)/(1 - lam)`` with ``X = sum_k d_k lam**(D-k+1)``, a
    geometric sum: ``X = (P-F)/D * lam (1 - lam**D)/(1 - lam)`` for a linear decay and
    ``X = (P-F)/2 * Re[(lam - q)(1 - q**D)/(1 - q)]``, ``q = lam exp(i pi/D)``, for a
    cosine one (P, F: peak and final LR). Equal to :func:`areas` of
    :func:`schedule` (tested). Warmup is counted at the peak, as in :func:`areas`.
    ``steps`` and ``warmup`` may be arrays too (broadcast against ``fractions``), for
    many run lengths at once.
    """
    f = np.clip(np.asarray(fractions, dtype=float), 0.0, 1.0)
    steps = np.round(np.asarray(steps, dtype=float))
    warmup = np.minimum(np.maximum(np.round(np.asarray(warmup, dtype=float)), 0), steps - 1)
    lam = float(lam)
    D = np.round(f * (steps - warmup))
    Dp = np.maximum(D, 1.0)
    P, F = float(peak_lr), float(final_lr)
    if decay_shape == "linear":
        decay_sum = D * P - (P - F) * (D + 1) / 2
        X = (P - F) / Dp * (lam * -np.expm1(Dp * np.log(lam)) / (1 - lam)
                            if 0 < lam < 1 else (0.0 if lam == 0 else Dp))
    elif decay_shape == "cosine":
        decay_sum = D * F + (P - F) * (D - 1) / 2
        if 0 < lam < 1:
            q = lam * np.exp(1j * np.pi / Dp)
            X = (P - F) / 2 * np.real((lam - q) * (1 - q ** Dp) / (1 - q))
        else:
            X = 0.0
    else:
        raise ValueError(f"Unknown decay shape {decay_shape!r}; choose 'linear' or 'cosine'.")
    if lam >= 1.0:  # no forgetting: S_2 is the area between the peak and the schedule
        s2 = D * P - decay_sum
    else:
        s2 = ((P - F) - X) / (1 - lam)
    s1 = P * (steps - D) + decay_sum
    none = D == 0
    return np.where(none, P * steps, s1), np.where(none, 0.0, s2)


def final_loss_wsd(fractions, steps: int, peak_lr: float, final_lr: float = 0.0,
                   decay_shape: str = "linear", lam: float = LAMBDA, warmup: int = 0,
                   params: dict | None = None) -> np.ndarray:
    """Final loss [nats/token] of WSD runs of ``steps`` steps, one per decay fraction."""
    s1, s2 = final_areas_wsd(fractions, steps, peak_lr, final_lr, decay_shape, lam, warmup)
    return loss(params, S_1=s1, S_2=s2)


def annealing_fraction(steps: int, peak_lr: float, final_lr: float = 0.0,
                       decay_shape: str = "linear", lam: float = LAMBDA, warmup: int = 0,
                       params: dict | None = None, tolerance: float = 0.0025,
                       points: int = 201) -> tuple[pd.DataFrame, dict]:
    """The WSD decay fraction that minimises the final loss, and its plateau.

    Uses the shared :func:`laws.core.analysis.optimum` (grid, then bounded Brent) and
    :func:`laws.core.analysis.plateau` (fractions whose final loss is within
    ``tolerance``, relative, of the best on the grid), as the Step Law page does for its
    LR x batch landscape.

    Returns
    -------
    grid : DataFrame
        ``fraction``, ``final_loss``, ``excess`` (relative to the optimum) and
        ``on_plateau``.
    summary : dict
        ``best_fraction``, ``best_loss``, ``plateau_range`` (low, high) and
        ``tolerance``.
    """
    def final(f):
        return final_loss_wsd(f, steps, peak_lr, final_lr, decay_shape, lam, warmup, params)

    fractions = np.linspace(0.0, 1.0, points)
    values = final(fractions)
    flat = plateau(values, [fractions], tolerance=tolerance)
    best_f, best_loss = optimum(final, (0.0, 1.0), log=False, grid=65)
    grid = pd.DataFrame({"fraction": fractions, "final_loss": values,
                         "excess": values / best_loss - 1,
                         "on_plateau": flat.mask})
    return grid, {"best_fraction": best_f, "best_loss": best_loss,
                  "plateau_range": flat.ranges[0], "tolerance": tolerance}


# --- your curves ------------------------------------------------------------------------
#: Most steps a curve may span (memory: a few float arrays of this length).
MAX_STEPS = 5_000_000


class CurveError(ValueError):
    """An uploaded curve that cannot be used, with a sentence a person can act on."""


def prepare_curve(frame: pd.DataFrame, step: str = "step", lr: str = "lr",
                  loss_col: str = "loss", lam: float = LAMBDA,
                  warmup: int = 0) -> tuple[pd.DataFrame, list[str]]:
    """One logged curve -> ``step, lr, loss, S_1, S_2`` at the logged steps.

    The areas need the LR at every step: between logged steps it is interpolated
    linearly, and before the first logged step it is held at the first logged value.
    Rows without finite numbers, duplicated steps and losses that are not positive are
    left out and reported.

    Returns
    -------
    curve : DataFrame
    notes : list of str
        What was left out or assumed.

    Raises
    ------
    CurveError
        When nothing usable is left, or the steps or learning rates cannot be right.
    """
    for col in (step, lr, loss_col):
        if col not in frame.columns:
            raise CurveError(f"The curve has no column {col!r}; its columns are "
                             f"{', '.join(map(str, frame.columns))}.")
    data = pd.DataFrame({"step": pd.to_numeric(frame[step], errors="coerce"),
                         "lr": pd.to_numeric(frame[lr], errors="coerce"),
                         "loss": pd.to_numeric(frame[loss_col], errors="coerce")})
    notes = []
    finite = np.isfinite(data.to_numpy()).all(axis=1)
    if (~finite).any():
        notes.append(f"{int((~finite).sum())} row(s) without a finite step, LR and loss "
                     f"were left out.")
    data = data[finite]
    if data.empty:
        raise CurveError("No row has a finite step, learning rate and loss.")
    if (data["lr"] < 0).any():
        raise CurveError(f"The learning rate is negative in {int((data['lr'] < 0).sum())} "
                         f"row(s); a schedule's learning rates are zero or positive.")
    if (data["step"] < 0).any():
        raise CurveError("Some steps are negative; steps count from 0 or 1.")
    data = data.assign(step=np.round(data["step"]).astype(np.int64)).sort_values("step")
    dup = data["step"].duplicated(keep="last")
    if dup.any():
        notes.append(f"{int(dup.sum())} duplicated step(s): the last row of each was kept.")
        data = data[~dup]
    last = int(data["step"].iloc[-1])
    if last > MAX_STEPS:
        raise CurveError(f"The curve reaches step {last:,}; at most {MAX_STEPS:,} steps "
                         f"are handled. Rescale the step column (e.g. to thousands of steps "
                         f"is wrong: the areas need real steps) or crop the curve.")
    full = np.arange(1, max(last, 1) + 1)
    eta = np.interp(full, data["step"].to_numpy(float), data["lr"].to_numpy(float))
    s1, s2 = areas(eta, lam, warmup)
    at = np.clip(data["step"].to_numpy() - 1, 0, full.size - 1)
    curve = data.assign(S_1=s1[at], S_2=s2[at])
    bad = curve["loss"] <= 0
    if bad.any():
        notes.append(f"{int(bad.sum())} row(s) with a loss of zero or less were left out "
                     f"(the fit works on log loss).")
        curve = curve[~bad]
    bad = curve["S_1"] <= 0
    if bad.any():
        notes.append(f"{int(bad.sum())} row(s) before any learning (forward area 0) were "
                     f"left out.")
        curve = curve[~bad]
    if curve.empty:
        raise CurveError("No row is left with a positive loss after some learning.")
    return curve.reset_index(drop=True), notes


def fitting_points(curves: list[pd.DataFrame], after_step: int = 0,
                   max_points: int = 1500) -> pd.DataFrame:
    """The rows a fit uses: each curve after ``after_step``, thinned evenly to at most
    ``max_points`` in all (consecutive logged steps carry nearly the same information)."""
    per = max(1, max_points // max(len(curves), 1))
    parts = []
    for k, c in enumerate(curves):
        c = c[c["step"] > after_step]
        if len(c) > per:
            c = c.iloc[np.unique(np.linspace(0, len(c) - 1, per).round().astype(int))]
        parts.append(c.assign(curve=k))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def curve_points(frame: pd.DataFrame, step: str = "step", lr: str = "lr",
                 loss_col: str = "loss", run: str | None = None, lam: float = LAMBDA,
                 warmup: int = 0, after_step: int = 0, max_points: int = 1500):
    """Logged curves (one per value of ``run``, or one) -> the rows a fit uses.

    Returns
    -------
    points : DataFrame
        ``step, lr, loss, S_1, S_2, curve`` (see :func:`fitting_points`).
    curves : dict of str to DataFrame
        Every prepared curve, by run name.
    notes : list of str
    """
    groups = [(str(k), g) for k, g in frame.groupby(run, sort=False)] if run else [("run", frame)]
    curves, notes = {}, []
    for name, g in groups:
        try:
            c, n = prepare_curve(g, step, lr, loss_col, lam, warmup)
        except CurveError as err:
            if len(groups) == 1:
                raise
            notes.append(f"Curve {name}: {err} It was left out.")
            continue
        curves[name] = c
        notes += [f"Curve {name}: {x}" if len(groups) > 1 else x for x in n]
    if not curves:
        raise CurveError("No curve is usable: " + " ".join(notes))
    points = fitting_points(list(curves.values()), after_step, max_points)
    if len(points) < 8:
        raise CurveError(f"Only {len(points)} logged point(s) come after step {after_step:,}: "
                         f"a fit of four constants needs more. Lower 'fit after step' or "
                         f"log more often.")
    return points, curves, notes


def schedule_from_column(frame: pd.DataFrame, lr: str, step: str | None = None) -> np.ndarray:
    """An uploaded LR column -> LR at steps 1..T (row order, or interpolated between the
    steps of ``step`` when given). Raises :class:`CurveError` with a sentence."""
    if lr not in frame.columns:
        raise CurveError(f"There is no column {lr!r}.")
    eta = pd.to_numeric(frame[lr], errors="coerce").to_numpy(float)
    if step is None:
        ok = np.isfinite(eta)
        if not ok.any():
            raise CurveError(f"Column {lr!r} holds no numbers.")
        eta = eta[ok]
    else:
        steps = pd.to_numeric(frame[step], errors="coerce").to_numpy(float)
        ok = np.isfinite(eta) & np.isfinite(steps) & (steps >= 0)
        if not ok.any():
            raise CurveError(f"No row has both a step and a learning rate.")
        order = np.argsort(steps[ok], kind="stable")
        s, e = np.round(steps[ok][order]).astype(np.int64), eta[ok][order]
        if s[-1] > MAX_STEPS:
            raise CurveError(f"The schedule reaches step {s[-1]:,}; at most {MAX_STEPS:,} "
                             f"steps are handled.")
        eta = np.interp(np.arange(1, max(int(s[-1]), 1) + 1), s, e)
    if (eta < 0).any():
        raise CurveError(f"Column {lr!r} has negative learning rates.")
    if eta.size > MAX_STEPS:
        raise CurveError(f"The schedule has {eta.size:,} steps; at most {MAX_STEPS:,} are "
                         f"handled.")
    if not (eta > 0).any():
        raise CurveError(f"Column {lr!r} is zero everywhere: nothing is learned.")
    return eta


def thin(n: int, points: int = 600) -> np.ndarray:
    """Indices of about ``points`` of ``n`` steps: evenly spaced in step and in log step,
    so both the early fall and the final annealing are drawn (for charts and exports)."""
    if n <= points:
        return np.arange(n)
    idx = np.concatenate([np.geomspace(1, n, points // 3), np.linspace(1, n, points)])
    return np.unique(idx.round().astype(int) - 1)


#: Share of the steps a loss-curve chart leaves out at the start by default.
PLOT_SKIP = 0.1


def plot_start(steps: int, warmup: int = 0, skip: float = PLOT_SKIP) -> int:
    """First step a loss-curve chart draws: after warmup and after the first ``skip`` of
    the ``steps``. At the start ``S_1`` is near zero and ``A * S_1**(-alpha)`` grows
    without bound (about 60 nats at step 1 of a run at LR 3e-4 with the default
    constants), a region the law is not fitted on (fits start after warmup), and which
    would flatten the part where schedules differ."""
    return int(max(warmup + 1, np.ceil(skip * steps), 1))


def first_step_at_area(s1, s1_min: float) -> int:
    """Index of the first step whose forward area ``S_1`` reaches ``s1_min`` (for
    example the smallest ``S_1`` a fit saw: before it the law extrapolates toward the
    start of training); ``len(s1)`` when it never does. ``S_1`` is a cumulative sum of
    learning rates, so non-decreasing."""
    return int(np.searchsorted(np.maximum.accumulate(np.asarray(s1, float)), s1_min))


def curves_table(schedules: dict, params: dict | None = None, lam: float = LAMBDA,
                 warmup: int = 0, points: int = 600) -> pd.DataFrame:
    """Tidy table ``schedule, step, lr, S_1, S_2, loss`` of several schedules (name -> LR
    per step), thinned for charts; the areas are computed at every step."""
    parts = []
    for name, lr in schedules.items():
        s1, s2 = areas(lr, lam, warmup)
        idx = thin(len(lr), points)
        parts.append(pd.DataFrame({"schedule": name, "step": idx + 1,
                                   "lr": np.asarray(lr, float)[idx], "S_1": s1[idx],
                                   "S_2": s2[idx],
                                   "loss": loss(params, S_1=s1[idx], S_2=s2[idx])}))
    return pd.concat(parts, ignore_index=True)


def best_fraction_by_steps(steps_grid, peak_lr: float, final_lr: float = 0.0,
                           decay_shape: str = "linear", lam: float = LAMBDA,
                           warmup: int = 0, params: dict | None = None) -> pd.DataFrame:
    """The best WSD decay fraction and its final loss for each total number of steps.

    All run lengths at once: the closed-form final loss (:func:`final_loss_wsd`) on 65
    fractions for every length, then a 9-point pattern search around each best one
    (moving to its best point, halving when that is its centre) until it is finer than
    one decay step, ``1/(T - warmup)``: the decay length is a whole number of steps, so
    the final loss is flat between those fractions.
    """
    T = np.round(np.asarray(steps_grid, dtype=float))[:, None]
    w = np.minimum(max(warmup, 0), T - 1)

    def final(f):
        return np.asarray(final_loss_wsd(f, T, peak_lr, final_lr, decay_shape, lam, w, params),
                          float)

    grid = np.linspace(0.0, 1.0, 65)
    values = final(grid[None, :])
    best = grid[values.argmin(axis=1)]
    half = np.full(len(T), grid[1])
    resolution = 0.5 / (T[:, 0] - w[:, 0])
    steps, rows, centre = np.linspace(-1.0, 1.0, 9), np.arange(len(T)), 4
    for _ in range(200):
        if (half <= resolution).all():
            break
        f = np.clip(best[:, None] + half[:, None] * steps, 0.0, 1.0)
        v = final(f)
        j = np.where(v[:, centre] <= v.min(axis=1), centre, v.argmin(axis=1))
        best = f[rows, j]
        half = np.where(j == centre, half / 2, half)
    return pd.DataFrame({"steps": T[:, 0].astype(int), "best_fraction": best,
                         "final_loss": final(best[:, None])[:, 0]})


BIBTEX = """@article{tissue2024scaling,
  title   = {Scaling Law with Learning Rate Annealing},
  author  = {Tissue, Howe and Wang, Venus and Wang, Lu},
  journal = {arXiv preprint arXiv:2408.11029},
  year    = {2024}
}"""

PAPER = Paper(
    key="tissue2024",
    title="Scaling Law with Learning Rate Annealing",
    authors="Tissue, Wang, Wang",
    year=2024,
    arxiv="2408.11029",
    bibtex=BIBTEX,
    summary=("The validation loss at every step of a language-model run follows "
             "L(s) = L0 + A S1^-alpha - C S2, where S1 is the forward area (the sum of the "
             "learning rates so far) and S2 the annealing area (the LR drops so far, each "
             "felt with a momentum-like delay). Fitted on one or two curves, the law "
             "predicts the loss under any schedule, and explains why warmup-stable-decay "
             "runs anneal for only part of training: decaying longer adds annealing area "
             "but gives up forward area."),
    assumptions=[
        "S1 and S2 are sums of per-step learning rates; steps are optimizer steps.",
        "The momentum form of S2 and lambda = 0.999 are read from two reimplementations "
        "that agree with each other [S]; the paper's exact text was not checked.",
        "Warmup steps are counted at the peak LR in S1 and S2, as the reimplementations "
        "do [S, unconfirmed].",
        "The default constants are illustrative, not the paper's (its fitted values are "
        "unconfirmed); fit your own curves for real numbers.",
        "The 'step' schedule is the 8-1-1 multi-step schedule (0.316x at 80%, 0.1x at 90%).",
    ],
    laws=[loss],
    page_features=["loss curves under constant, cosine, WSD, step, linear or your own LR",
                   "forward and annealing areas in linear time (million-step curves)",
                   "optimal WSD annealing fraction and its plateau",
                   "fit one or two curves, predict another schedule with a bootstrap band"],
    topic="Loss and scale",
)
