"""Alabdulmohsin, Neyshabur, Zhai (2022), Revisiting Neural Scaling Laws in Language and Vision.

Relation
--------
``alabdulmohsin2022.m4``
    The estimator M4, an *implicit* law for the loss ``L`` after ``x`` seen examples:
    ``(L - eps_inf) / (eps_0 - L)**alpha = beta * x**c`` (§3 of the paper), with
    ``eps_0`` the loss of random guessing (or at initialisation), ``eps_inf`` the loss
    with infinite data, ``c <= 0`` and ``alpha >= 0``. For ``alpha = 0`` it is the
    power law plus constant (M2); for large ``x`` it behaves like ``beta x**c``, and near
    ``eps_0`` it bends like a sigmoid in ``log x``. It is solved for ``L`` by bisection:
    with ``w = L - eps_inf`` and ``Delta = eps_0 - eps_inf``, ``w - beta x**c (Delta - w)**alpha``
    rises monotonically from ``-beta x**c Delta**alpha`` at ``w = 0`` to ``Delta`` at
    ``w = Delta``, so it has exactly one root in the bracket ``[eps_inf, eps_0]``.

Procedure (the paper's §3 and its code, google-research/google-research
``revisiting_neural_scaling_laws/methods/m4.py``, read, not copied): minimise
``1/2 sum (log g(L_i) - log f(x_i))**2`` where ``g`` is the left-hand side and ``f`` the
right-hand side, alternating (i) least squares with non-negative coefficients for
``(log beta, -c, alpha)`` in ``log(L - eps_inf) = log beta + c log x + alpha log(eps_0 - L)``
and (ii) steps on ``(eps_inf, eps_0)`` projected onto ``lo_bound <= eps_inf <= min L - 1e-3``
and ``max L + 1e-3 <= eps_0 (<= up_bound + 1e-3)``; start ``c = -0.5``,
``eps_inf = min L - 1e-3``, ``eps_0 = 1`` (1.001 for Big-Bench). :func:`fit_m4` keeps that
objective, those constraints and that start, and step (i) exactly (for the current
``eps_0``; the authors' code keeps the ``alpha`` regressor at the starting ``eps_0``); for
step (ii) it runs a local Nelder-Mead search on the profiled objective from the paper's
start instead of the paper's schedule (100 rounds of 1,000 gradient steps at rate 1e-8,
then Newton steps at rate 0.1): both are local searches from the same start. On the NMT
'28 Enc, 6 Dec' curve both reach the same point (eps_inf 0.2760, alpha 0.471, extrapolation
RMSE 0.0201) and ours is thousands of times faster (tests/benchmarks/bench_m4_fit.py). The search must stay local: the
objective's global minimum is often the degenerate corner ``eps_inf = 0, alpha = 0``
(a pure power law), which extrapolates far worse.

Benchmark (:func:`benchmark`): the paper's learning curves (dataset ``revisiting_lang``),
fitted on the ``Training == 1`` rows of each evaluation and scored on its ``Training == 0``
rows by the RMSE of ``log(prediction) - log(truth)``, with the standard error of the
authors' notebook. Evaluations: NMT and LM per model, Big-Bench per task.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import sympy as sp
from scipy import optimize

from ..core.law import FitDefaults, Law, Paper, Param, Variable

x, L = sp.symbols("x loss", positive=True)
beta, c, alpha, eps_inf, eps_0 = sp.symbols("beta c alpha eps_inf eps_0", positive=True)

#: Margin of the paper's projection step [loss units] (methods/base.py ERR_MARGIN).
MARGIN = 1e-3
#: Bisection steps (the bracket shrinks 2**-30-fold), then Newton steps kept inside the
#: bracket finish the root to double precision.
BISECTION_STEPS = 30
NEWTON_STEPS = 3


def solve(x_seen, beta_, c_, alpha_, eps_inf_, eps_0_):
    """The M4 loss: the root ``L`` in ``[eps_inf, eps_0]`` of the implicit law.

    Vectorised bisection on ``w = L - eps_inf``, finished by Newton steps kept inside
    the bracket; every argument broadcasts.

    Parameters
    ----------
    x_seen : array_like
        Seen examples ``x`` [examples].
    beta_, c_, alpha_, eps_inf_, eps_0_ : array_like
        The law's parameters (``c <= 0``, ``alpha >= 0``, ``eps_0 > eps_inf``).

    Returns
    -------
    numpy.ndarray
        ``L``, in the units of ``eps_inf`` and ``eps_0``; NaN where the parameters give
        no bracket (``eps_0 <= eps_inf``, ``alpha < 0``, ``beta <= 0``, ``x <= 0``).
    """
    with np.errstate(all="ignore"):
        xs, b_, c2, a_, lo, hi = np.broadcast_arrays(*[np.asarray(v, float) for v in
                                                     (x_seen, beta_, c_, alpha_, eps_inf_, eps_0_)])
        f = b_ * xs**c2
        span = hi - lo
        ok = (span > 0) & (a_ >= 0) & (f >= 0) & np.isfinite(f) & np.isfinite(span)
        span_ok = np.where(ok, span, 1.0)
        left = np.zeros(f.shape)
        right = span_ok.copy()
        for _ in range(BISECTION_STEPS):
            mid = 0.5 * (left + right)
            above = mid - f * (span_ok - mid) ** a_ > 0
            right = np.where(above, mid, right)
            left = np.where(above, left, mid)
        w = 0.5 * (left + right)
        for _ in range(NEWTON_STEPS):
            rest = span_ok - w
            h = w - f * rest**a_
            slope = 1.0 + a_ * f * rest ** (a_ - 1.0)
            step = np.where(np.isfinite(slope) & (slope > 0), h / slope, 0.0)
            w = np.clip(w - step, left, right)
        return np.where(ok, lo + w, np.nan)


VAR_X = Variable("x", "examples", (1e5, 1e12),
                 meaning="seen examples (batch size x steps; tokens for LM)")
VAR_LOSS = Variable("loss", "loss units", (0.2, 1.0), log=False, latex=r"\varepsilon_x",
                    meaning="loss or error after x seen examples")

SOURCE = ("regression value: the paper's procedure (fit_m4) on the NMT '28 Enc, 6 Dec' "
          "learning curve of the paper's benchmark (Training == 1 rows); the paper publishes "
          "no universal constants, only per-curve fits")
PARAMS = [
    Param("beta", 3298.23, SOURCE, (1e-2, 1e8), log=True, latex=r"\beta",
          meaning="scale of the power law on the right-hand side"),
    Param("c", -0.57745, SOURCE, (-2.0, 0.0),
          meaning="scaling exponent (c <= 0): the slope of log excess loss at large x"),
    Param("alpha", 0.47113, SOURCE, (0.0, 3.0), latex=r"\alpha",
          meaning="how strongly the curve bends near eps_0 (0: plain power law plus constant)"),
    Param("eps_inf", 0.27596, SOURCE, (0.0, 5.0), "loss units", latex=r"\varepsilon_\infty",
          meaning="loss with infinite data (the floor)"),
    Param("eps_0", 0.91973, SOURCE, (0.01, 10.0), "loss units", latex=r"\varepsilon_0",
          meaning="loss of random guessing or at initialisation (the ceiling)"),
]

FIT = FitDefaults(
    loss="squared", space="log", n_random=8, refine=8,
    bounds={"beta": (1e-3, 1e30), "c": (-3.0, 0.0), "alpha": (0.0, 10.0),
            "eps_inf": (0.0, 20.0), "eps_0": (1e-3, 100.0)},
    grid={"c": (-0.1, -0.3, -0.6), "alpha": (0.0, 0.5, 1.5),
          "eps_inf": (0.0, 0.3, 0.7, 1.5), "eps_0": (1.0, 1.5, 3.0, 8.0)},
    source="least squares on log loss with the M4 law solved by bisection (the generic "
           "engine); the paper's own alternating procedure is "
           "laws.papers.alabdulmohsin2022.fit_m4, which the page uses for the benchmark")

m4 = Law("alabdulmohsin2022.m4", "M4",
         sp.Eq((L - eps_inf) / (eps_0 - L) ** alpha, beta * x**c), VAR_LOSS, [VAR_X], PARAMS,
         equation="§3, estimator M4", fit_defaults=FIT, solve=solve,
         description="Loss after x seen examples; implicit, solved by bisection.")


# --- the paper's fitting procedure ------------------------------------------------
def _nnls_step(lx, y, e_inf, e_0):
    """Step (i): non-negative least squares for (log beta, -c, alpha) at fixed eps."""
    A = np.column_stack([np.ones_like(lx), -lx, np.log(e_0 - y)])
    z = np.log(y - e_inf)
    coef, norm = optimize.nnls(A, z)
    return coef, 0.5 * norm**2


def fit_m4(x_seen, loss_values, err_0: float = 1.0, lo_bound: float = 0.0,
           up_bound: float | None = None) -> dict:
    """Fit M4 with the paper's procedure (objective, constraints and start of §3).

    Parameters
    ----------
    x_seen, loss_values : array_like
        The learning curve: seen examples [examples] and loss; duplicated ``x`` keep
        their last value, as in the paper's code (a dict ``{x: y}``).
    err_0 : float
        Starting value of ``eps_0`` (1.0; the authors' notebook uses 1.001 for Big-Bench).
    lo_bound : float
        Lower bound of the loss (``eps_inf >= lo_bound - 1e-3``, at least 0).
    up_bound : float, optional
        Upper bound of the loss (``eps_0 <= up_bound + 1e-3``); None for none
        (log-perplexity, cross-entropy); 1.0 for error rates.

    Returns
    -------
    dict
        ``beta, c, alpha, eps_inf, eps_0`` and ``objective``
        (``1/2 sum (log g - log f)**2`` at the optimum).
    """
    curve = dict(zip(np.asarray(x_seen, float).tolist(), np.asarray(loss_values, float).tolist()))
    xs = np.array(sorted(curve))
    y = np.array([curve[v] for v in xs])
    if len(xs) < 4 or np.any(xs <= 0) or not np.all(np.isfinite(y)):
        raise ValueError("M4 needs at least 4 distinct positive x with finite losses.")
    lx = np.log(xs)
    inf_lo = max(0.0, lo_bound - MARGIN)
    inf_hi = y.min() - MARGIN
    zero_lo = y.max() + MARGIN
    zero_hi = up_bound + MARGIN if up_bound is not None else None
    if inf_hi < inf_lo or (zero_hi is not None and zero_hi < zero_lo):
        raise ValueError("The losses leave no room between the bounds for eps_inf and eps_0.")

    def project(e):
        e_inf = min(max(float(e[0]), inf_lo), inf_hi)
        e_0 = max(float(e[1]), zero_lo)
        return e_inf, (e_0 if zero_hi is None else min(e_0, zero_hi))

    def profile(e):
        return _nnls_step(lx, y, *project(e))[1]

    # the paper's start, then a local search: the objective's global minimum often sits
    # at the degenerate corner eps_inf = 0, alpha = 0 (a pure power law), and the
    # paper's small projected steps stay in the basin of the start instead.
    s0 = np.array(project((inf_hi, err_0)))
    simplex = [s0, s0 + [-MARGIN, 0.0], s0 + [0.0, MARGIN]]
    best = optimize.minimize(profile, s0, method="Nelder-Mead",
                             options={"initial_simplex": simplex, "xatol": 1e-10,
                                      "fatol": 1e-14, "maxiter": 4000})
    best.x = np.array(project(best.x))
    e_inf, e_0 = (float(v) for v in best.x)
    coef, obj = _nnls_step(lx, y, e_inf, e_0)
    return {"beta": float(np.exp(coef[0])), "c": float(-coef[1]), "alpha": float(coef[2]),
            "eps_inf": e_inf, "eps_0": e_0, "objective": float(obj)}


def predict(params: dict, x_seen) -> np.ndarray:
    """M4 loss at ``x_seen`` for fitted ``params`` (a dict as returned by :func:`fit_m4`)."""
    return m4({k: params[k] for k in m4.param_names}, x=np.asarray(x_seen, float))


def extrapolation_score(y_pred, y_true) -> tuple[float, float]:
    """The benchmark's score: RMSE of ``log y_pred - log y_true`` and its standard error.

    The standard error is the authors' notebook's
    ``sqrt(mu + std(e)/sqrt(n)) - sqrt(mu)`` with ``e`` the squared log errors and
    ``mu`` their mean.
    """
    e = (np.log(np.asarray(y_pred, float)) - np.log(np.asarray(y_true, float))) ** 2
    mu = float(np.mean(e))
    return float(np.sqrt(mu)), float(np.sqrt(mu + np.std(e) / np.sqrt(e.size)) - np.sqrt(mu))


# --- the benchmark -----------------------------------------------------------------
#: The authors' settings per domain: (starting eps_0, upper bound of the loss).
DOMAIN_SETTINGS = {"NMT": (1.0, None), "LM": (1.0, None), "BB": (1.001, 1.0)}


def evaluations(frame: pd.DataFrame) -> pd.DataFrame:
    """The benchmark's learning curves, one label per evaluation.

    NMT and LM evaluations are per model, Big-Bench per task (the paper's grouping).
    Exact duplicate rows (every LM block appears four times upstream) are dropped.

    Returns
    -------
    DataFrame
        ``domain, evaluation, x, loss, training`` (training: True for fitting rows).
    """
    need = {"Domain", "Task", "Model", "Seen Examples", "Loss", "Training"}
    missing = need - set(frame.columns)
    if missing:
        raise ValueError(f"The benchmark table lacks columns {sorted(missing)}.")
    f = frame.drop_duplicates().copy()
    label = np.where(f["Domain"] == "BB", f["Task"].astype(str), f["Model"].astype(str))
    return pd.DataFrame({"domain": f["Domain"].astype(str).to_numpy(), "evaluation": label,
                         "x": f["Seen Examples"].astype(float).to_numpy(),
                         "loss": f["Loss"].astype(float).to_numpy(),
                         "training": f["Training"].astype(int).to_numpy() == 1})


def fit_evaluation(curve: pd.DataFrame, domain: str) -> dict:
    """Fit M4 with the paper's settings for ``domain`` on the curve's training rows."""
    err_0, up = DOMAIN_SETTINGS.get(domain, (1.0, None))
    train = curve[curve["training"]]
    return fit_m4(train["x"], train["loss"], err_0=err_0, up_bound=up)


def benchmark(frame: pd.DataFrame) -> pd.DataFrame:
    """Fit every evaluation on its training rows and score its extrapolation rows.

    Returns
    -------
    DataFrame
        One row per evaluation: ``domain, evaluation, n_fit, n_extrapolate, rmse,
        std_error`` and the fitted ``beta, c, alpha, eps_inf, eps_0``.
    """
    data = evaluations(frame)
    rows = []
    for (domain, name), curve in data.groupby(["domain", "evaluation"], sort=True):
        test = curve[~curve["training"]]
        if test.empty or curve["training"].sum() < 4:
            continue
        params = fit_evaluation(curve, domain)
        rmse, se = extrapolation_score(predict(params, test["x"]), test["loss"])
        rows.append({"domain": domain, "evaluation": name,
                     "n_fit": int(curve["training"].sum()), "n_extrapolate": len(test),
                     "rmse": rmse, "std_error": se,
                     **{k: params[k] for k in m4.param_names}})
    return pd.DataFrame(rows)


#: The benchmark's scores, shipped in data/ (made by
#: data/make_alabdulmohsin2022_benchmark.py; 20 fits take 1-15 s): the page shows them
#: when the learning curves are the ones they were made from. Regenerate after a change
#: to :func:`fit_m4`, :func:`benchmark` or the dataset (tests/laws/test_alabdulmohsin2022.py
#: fails when the file has drifted).
SHIPPED = "alabdulmohsin2022_benchmark.json"


def curves_key(curves: pd.DataFrame) -> str:
    """A fingerprint of the learning curves (:func:`evaluations`) the benchmark fits."""
    import hashlib

    return hashlib.sha256(pd.util.hash_pandas_object(curves, index=True).to_numpy()
                          .tobytes()).hexdigest()


def save_benchmark(curves: pd.DataFrame, scores: pd.DataFrame) -> dict:
    """JSON-ready :func:`benchmark` scores with the curves' fingerprint (floats exact)."""
    return {"key": curves_key(curves), **scores.to_dict(orient="split", index=False)}


def shipped_benchmark(curves: pd.DataFrame) -> pd.DataFrame | None:
    """The shipped :func:`benchmark` scores when made from these curves, else None."""
    data = _shipped_file()
    if data is None or data.get("key") != curves_key(curves):
        return None
    return pd.DataFrame(data["data"], columns=data["columns"])


@functools.lru_cache(maxsize=1)
def _shipped_file() -> dict | None:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / SHIPPED
    return json.loads(path.read_text()) if path.exists() else None


def curve_band(curve: pd.DataFrame, params: dict, points: int = 200) -> pd.DataFrame:
    """The fitted M4 curve from the smallest x of ``curve`` to 3x its largest (the
    range of the authors' plots)."""
    xs = np.logspace(np.log10(curve["x"].min()), np.log10(curve["x"].max() * 3), points)
    return pd.DataFrame({"x": xs, "loss": predict(params, xs)})


BIBTEX = """@inproceedings{alabdulmohsin2022revisiting,
  title     = {Revisiting Neural Scaling Laws in Language and Vision},
  author    = {Alabdulmohsin, Ibrahim and Neyshabur, Behnam and Zhai, Xiaohua},
  booktitle = {Advances in Neural Information Processing Systems (NeurIPS)},
  year      = {2022},
  note      = {arXiv:2209.06640}
}"""

PAPER = Paper(
    key="alabdulmohsin2022",
    title="Revisiting Neural Scaling Laws in Language and Vision",
    authors="Alabdulmohsin, Neyshabur, Zhai",
    year=2022,
    arxiv="2209.06640",
    bibtex=BIBTEX,
    summary=("Judge a scaling law by how well it extrapolates, not by how well it fits. The "
             "paper proposes the estimator M4, in which the excess loss normalised by the "
             "distance to the random-guess loss follows a power law: the curve starts flat "
             "near the random-guess loss, then falls as a power law towards its floor. "
             "Fitted on the early part of learning curves in image classification, "
             "translation, language modelling and Big-Bench, it extrapolates the later part "
             "better than the power law and its usual variants in most tasks; the paper "
             "releases that benchmark."),
    assumptions=[
        "x is the number of seen examples (batch size x steps; tokens for LM), on one "
        "learning curve of one model.",
        "Losses are in the benchmark's units: NMT log-perplexity, LM validation loss "
        "(normalised upstream; the normalisation is not documented), Big-Bench error-like "
        "scores in (0, 1).",
        "eps_0 is at least the largest loss seen (random guessing or initialisation); "
        "eps_inf at most the smallest.",
        "The page's constants are a fit of one benchmark curve (regression values); the "
        "paper publishes no universal M4 constants.",
    ],
    laws=[m4],
    page_features=["the implicit M4 law solved for the loss",
                   "the paper's benchmark: fit early learning curves, score the extrapolation",
                   "fit your learning curve with bootstrap bands"],
    topic="Loss and scale",
)
