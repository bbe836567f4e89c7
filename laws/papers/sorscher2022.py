"""Sorscher, Geirhos, Shekhar, Ganguli, Morcos (2022), Beyond neural scaling laws: beating
power law scaling via data pruning (NeurIPS 2022; arXiv:2206.14486).

The paper's theory is a teacher-student perceptron: a teacher ``T`` in ``N`` dimensions
labels Gaussian examples, a pruning metric (a "probe" perceptron at angle ``theta`` to the
teacher) scores each example by its margin, a fraction ``f`` of the ``P = alpha_tot N``
examples is kept (the hardest, smallest margins, or the easiest, largest margins), and a
max-margin student is trained on what is left. Its test error is ``arccos(R) / pi`` with
``R`` the student-teacher cosine.

Relations
---------
``sorscher2022.test_error``
    ``epsilon = arccos(R) / pi`` (the generalisation error of a perceptron whose weights
    make angle ``arccos R`` with the teacher's; paper Section 2).
``sorscher2022.power_law``
    ``epsilon = A alpha^(-nu)``, the power law of a learning curve that the paper's
    pruning beats; fitted to simulated (or the user's) learning curves.

This module *simulates* the protocol (it does not implement the paper's replica equations,
which the project's catalog has only partially and unconfirmed; see the catalog,
data-and-inference.md section 1). The student is the exact hard-margin (max-margin)
perceptron through the origin, ``min |w|^2 s.t. y x.w >= 1``, solved as a least-distance
program by non-negative least squares (Lawson and Hanson 1974, ch. 23), exact to rounding.

Evidence: the setting, the crossover (keep easy examples when data is scarce, hard ones
when it is abundant) and exponential scaling with a perfect metric are in the abstract
[P-abs] and the catalog's transcription [S]; the simulation size (N = 200) is [S]. The probe
here is built directly at angle ``theta`` (``cos theta T + sin theta T_perp``), as the
catalog suggests, where the paper trains a probe perceptron for a few epochs.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp
from scipy.optimize import nnls

from ..core.law import FitDefaults, Law, Paper, Param, Variable

R = sp.Symbol("R", positive=True)
alpha_prune, A, nu = sp.symbols("alpha_prune A nu", positive=True)
STRATEGIES = ("hard", "easy")
#: Settings of the shipped grid (data/make_sorscher_grid.py writes data/sorscher2022_grid.csv).
#: N = 100 (the paper's simulations used N = 200 [S]) keeps the precompute to CPU minutes.
GRID = {"N": 100, "alpha_prune": (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0),
        "f": (1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05), "theta_deg": (0.0, 10.0, 20.0), "seeds": 5}
#: Bounds of a live (on-page) run, so that the page stays interactive.
LIVE_MAX = {"N": 100, "alpha_prune": 4.0, "seeds": 3}

test_error = Law(
    "sorscher2022.test_error", "epsilon(R)", sp.acos(R) / sp.pi,
    Variable("epsilon", "", (0, 0.5), log=False, latex=r"\varepsilon",
             meaning="test error: probability that student and teacher disagree"),
    [Variable("R", "", (-1, 1), log=False, positive=False,
              meaning="cosine between student and teacher weights, J.T / (|J| |T|)")],
    [], equation="Section 2: epsilon = arccos(R) / pi")

power_law = Law(
    "sorscher2022.power_law", "epsilon(alpha), power law", A * alpha_prune ** (-nu),
    Variable("test_error", "", (1e-4, 0.5), latex=r"\varepsilon",
             meaning="test error of the learning curve"),
    [Variable("alpha_prune", "examples per dimension", (0.1, 100), latex=r"\alpha",
              meaning="training examples per dimension (after pruning)")],
    [Param("A", 0.5, "illustration (the max-margin perceptron's classical large-alpha "
                     "law is about 0.50/alpha; not a number of this paper)", (1e-3, 10.0),
           log=True, meaning="error at one example per dimension"),
     Param("nu", 1.0, "illustration (power law of the unpruned perceptron, ~1/alpha)",
           (0.05, 3.0), latex=r"\nu", meaning="power-law exponent of the learning curve")],
    equation="the power law that pruning beats (abstract)",
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=64, refine=8,
                             source="least squares on log error (our choice)"))


# --- the simulation -----------------------------------------------------------------------

def max_margin(Z: np.ndarray) -> np.ndarray:
    """The hard-margin perceptron through the origin: ``min |w|^2`` s.t. ``Z w >= 1``.

    Solved exactly as a least-distance program (Lawson and Hanson 1974, Algorithm LDP):
    ``u = argmin_{u >= 0} |E u - e|`` with ``E = [Z^T; 1^T]``, then ``w = -r_{1:N} / r_{N+1}``
    with ``r = E u - e``.

    Parameters
    ----------
    Z : ndarray, shape (P, N)
        Rows ``y^mu x^mu`` (label times example); must be linearly separable through the
        origin (true for teacher-labelled data).

    Returns
    -------
    ndarray, shape (N,)
        The max-margin weights (unnormalised; every ``Z w >= 1``, equality on the support
        vectors).
    """
    P, N = Z.shape
    E = np.vstack([Z.T, np.ones((1, P))])
    e = np.zeros(N + 1)
    e[-1] = 1.0
    u, _ = nnls(E, e, maxiter=max(50 * P, 1000))
    r = E @ u - e
    if abs(r[-1]) < 1e-12:
        raise ValueError("the examples are not linearly separable through the origin")
    return -r[:N] / r[-1]


def overlap(w: np.ndarray, teacher: np.ndarray) -> float:
    """Cosine ``R = w.T / (|w| |T|)`` [dimensionless, in [-1, 1]]."""
    return float(np.clip(w @ teacher / (np.linalg.norm(w) * np.linalg.norm(teacher)), -1, 1))


def probe_at_angle(teacher: np.ndarray, theta: float, rng: np.random.Generator) -> np.ndarray:
    """A unit pruning metric (probe) at angle ``theta`` [rad] to the unit ``teacher``:
    ``cos(theta) T + sin(theta) T_perp`` with ``T_perp`` a random unit vector orthogonal
    to ``T``."""
    g = rng.standard_normal(teacher.shape)
    g -= (g @ teacher) * teacher
    return np.cos(theta) * teacher + np.sin(theta) * g / np.linalg.norm(g)


def prune(X: np.ndarray, probe: np.ndarray, f: float, strategy: str) -> np.ndarray:
    """Indices of the examples kept: the ``round(f P)`` with the smallest probe margin
    ``|probe . x|`` (``"hard"``) or the largest (``"easy"``). ``f = 1`` keeps all."""
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}, not {strategy!r}")
    if not 0 < f <= 1:
        raise ValueError("the kept fraction f must be in (0, 1]")
    P = len(X)
    keep = max(1, int(round(f * P)))
    order = np.argsort(np.abs(X @ probe), kind="stable")
    return order[:keep] if strategy == "hard" else order[P - keep:]


def run_once(N: int, alpha_prune: float, f: float, strategy: str, theta: float,
             seed: int) -> dict:
    """One run of the protocol: draw ``P = alpha_prune N / f`` examples, prune to
    ``alpha_prune N`` with a probe at angle ``theta`` [rad], fit the max-margin student.

    Returns
    -------
    dict
        ``R`` (student-teacher cosine), ``test_error`` = arccos(R)/pi, ``kappa`` (the
        student's normalised margin), ``P_prune`` and ``alpha_tot``.
    """
    rng = np.random.default_rng(seed)
    teacher = rng.standard_normal(N)
    teacher /= np.linalg.norm(teacher)
    P_prune = max(1, int(round(alpha_prune * N)))
    P = max(P_prune, int(round(P_prune / f)))
    X = rng.standard_normal((P, N))
    y = np.where(X @ teacher >= 0, 1.0, -1.0)
    kept = prune(X, probe_at_angle(teacher, theta, rng), P_prune / P, strategy)
    Z = y[kept, None] * X[kept]
    w = max_margin(Z)
    r = overlap(w, teacher)
    return {"R": r, "test_error": float(np.arccos(r) / np.pi),
            "kappa": float((Z @ w).min() / np.linalg.norm(w)), "P_prune": len(kept),
            "alpha_tot": P / N}


def simulate_grid(N: int, alpha_prunes, fs, theta_degs, seeds: int,
                  first_seed: int = 0) -> pd.DataFrame:
    """Every run of a grid, one row per (theta, f, strategy, alpha_prune, seed).

    ``f = 1`` (no pruning) is run once, with strategy ``"none"``. Seeds are
    ``first_seed + s``, so the same seed gives the same teacher and examples across
    pruning settings with equal ``P``.
    """
    rows = []
    for theta_deg in theta_degs:
        for f in fs:
            strategies = ("none",) if f >= 1 else STRATEGIES
            for strategy in strategies:
                for a in alpha_prunes:
                    for s in range(seeds):
                        out = run_once(N, a, f, "hard" if strategy == "none" else strategy,
                                       np.deg2rad(theta_deg), first_seed + s)
                        rows.append({"theta_deg": float(theta_deg), "f": float(f),
                                     "strategy": strategy, "alpha_prune": float(a),
                                     "seed": first_seed + s, "N": N, **out})
    return pd.DataFrame(rows)


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard error of the test error over seeds, per setting."""
    keys = ["theta_deg", "f", "strategy", "alpha_prune"]
    g = runs.groupby(keys, as_index=False)
    out = g.agg(test_error=("test_error", "mean"), sd=("test_error", "std"),
                seeds=("test_error", "size"), R=("R", "mean"), alpha_tot=("alpha_tot", "mean"),
                N=("N", "first"))
    out["se"] = (out["sd"] / np.sqrt(out["seeds"])).fillna(0.0)
    return out.drop(columns="sd")


def with_unpruned(summary: pd.DataFrame, strategy: str) -> pd.DataFrame:
    """Rows of ``strategy`` plus the unpruned runs (f = 1), which belong to both curves."""
    return summary[(summary["strategy"] == strategy) | (summary["strategy"] == "none")]


def pareto_frontier(summary: pd.DataFrame, theta_deg: float) -> pd.DataFrame:
    """The best setting at each ``alpha_prune`` (lowest mean test error over ``f`` and
    the strategy), at probe angle ``theta_deg``: the paper's Pareto frontier."""
    s = summary[np.isclose(summary["theta_deg"], theta_deg)]
    best = s.loc[s.groupby("alpha_prune")["test_error"].idxmin()]
    return best.sort_values("alpha_prune").reset_index(drop=True)


def crossover_alpha_tot(summary: pd.DataFrame, theta_deg: float, f: float) -> float:
    """The total data per dimension ``alpha_tot`` where keeping the hard examples starts
    to beat keeping the easy ones, at kept fraction ``f`` (linear interpolation of the
    difference in log alpha_tot); NaN if the curves do not cross on the grid."""
    s = summary[np.isclose(summary["theta_deg"], theta_deg) & np.isclose(summary["f"], f)]
    hard = s[s["strategy"] == "hard"].set_index("alpha_prune")["test_error"]
    easy = s[s["strategy"] == "easy"].set_index("alpha_prune")["test_error"]
    common = hard.index.intersection(easy.index).sort_values()
    if len(common) < 2:
        return float("nan")
    diff = (hard[common] - easy[common]).to_numpy()  # > 0: easy is better
    x = np.log(np.asarray(common) / f)
    for i in range(len(diff) - 1):
        if diff[i] > 0 >= diff[i + 1]:
            t = diff[i] / (diff[i] - diff[i + 1])
            return float(np.exp(x[i] + t * (x[i + 1] - x[i])))
    return float("nan")


def power_law_fit(alpha_values, errors) -> tuple[float, float]:
    """Least-squares fit of ``log epsilon = log A - nu log alpha``; returns ``(A, nu)``."""
    x, y = np.log(np.asarray(alpha_values, float)), np.log(np.asarray(errors, float))
    slope, intercept = np.polyfit(x, y, 1)
    return float(np.exp(intercept)), float(-slope)


def local_exponent(alpha_values, errors) -> np.ndarray:
    """``-d log epsilon / d log alpha`` between neighbouring points: constant for a power
    law, growing (as ``alpha / alpha_0``) for an exponential."""
    x, y = np.log(np.asarray(alpha_values, float)), np.log(np.asarray(errors, float))
    return -np.diff(y) / np.diff(x)


BIBTEX = """@inproceedings{sorscher2022beyond,
  title     = {Beyond neural scaling laws: beating power law scaling via data pruning},
  author    = {Sorscher, Ben and Geirhos, Robert and Shekhar, Shashank and Ganguli, Surya
               and Morcos, Ari S.},
  booktitle = {Advances in Neural Information Processing Systems},
  volume    = {35},
  year      = {2022}
}"""

PAPER = Paper(
    key="sorscher2022",
    topic="Data, inference and downstream",
    title="Beyond neural scaling laws: beating power law scaling via data pruning",
    authors="Sorscher, Geirhos, Shekhar, Ganguli, Morcos",
    year=2022,
    arxiv="2206.14486",
    bibtex=BIBTEX,
    summary=("Error usually falls as a power of the training set size. The paper shows, in a "
             "teacher-student perceptron and on ResNets (CIFAR-10, SVHN, ImageNet), that "
             "pruning the data with a good metric can beat that power law, in theory even "
             "reaching exponential scaling: keep the easy examples when data is scarce, the "
             "hard ones when it is abundant, and choose the kept fraction for each dataset "
             "size. This page simulates the perceptron theory directly."),
    assumptions=[
        "Teacher-student perceptron: Gaussian examples in N dimensions, labels from a "
        "teacher, no label noise; max-margin student through the origin.",
        "The pruning metric is a probe at angle theta to the teacher (theta = 0: perfect "
        "metric); here the probe is built at that angle, the paper trains one.",
        "Curves are our simulations (N = 100, 5 seeds, shipped grid), not the paper's "
        "replica-theory curves, which the project has not confirmed.",
    ],
    laws=[test_error, power_law],
    page_features=["keep-easy vs keep-hard crossover as data grows",
                   "Pareto frontier of the best kept fraction vs a power law",
                   "live simulation of small custom settings", "fit a power law to a curve"],
)
