"""Xiao (2024), Rethinking Conventional Wisdom in Machine Learning: From Generalization to
Scaling (arXiv:2409.15156).

The paper names the *scaling-law crossover*: "two scaling curves intersect at a certain
scale, implying that methods effective at smaller scales may not generalize to larger
ones" (abstract, v2). It defines it in words and shows it in figures; it publishes no
fitted constants this module could pin (catalog hyperparameters.md §5).

Relations
---------
``xiao2024.loss``
    ``L(C) = E + A C^-alpha``, the saturating power law used here to *operationalise* each
    method's scaling curve (our choice, not the paper's formula). Two methods' fits cross
    where ``L_1(C) = L_2(C)``; with a shared floor ``E`` the crossing is
    :data:`CROSSOVER_CLOSED` ``= (A_1/A_2)^(1/(alpha_1 - alpha_2))``, derived with sympy.

Functions
---------
:func:`fit_methods` fits each method (with a bootstrap), :func:`crossover_of_fits` finds
where the fitted curves cross with a bootstrap interval (:func:`laws.core.analysis.crossover`),
:func:`example_runs` makes the SYNTHETIC two-method example.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.analysis import Crossover, crossover, crossovers
from ..core.fitting import Fit, FitError, fit
from ..core.law import FitDefaults, Law, Paper, Param, Variable

C, E, A, alpha = sp.symbols("C E A alpha", positive=True)
OURS = "no published value: the paper defines the crossover in words (set your own)"

loss = Law("xiao2024.loss", "L(C)", E + A * C ** (-alpha),
           Variable("loss", "nats/token", (1.0, 10.0), log=False, latex="L",
                    meaning="final loss of a method trained at scale C"),
           [Variable("C", "FLOPs (or parameters, tokens)", (1e15, 1e25), latex="C",
                     meaning="the scale the methods are compared at")],
           [Param("E", 1.8, OURS, (0.0, 6.0), "nats/token", meaning="loss floor"),
            Param("A", 80.0, OURS, (1e-2, 1e6), log=True, meaning="scale of the reducible loss"),
            Param("alpha", 0.10, OURS, (0.005, 1.0), latex=r"\alpha",
                  meaning="how fast the method improves with scale")],
           equation="operationalisation of the crossover (abstract, Section on crossover)",
           fit_defaults=FitDefaults(
               loss="squared", space="log", refine=4,
               grid={"E": (0.5, 1.5, 2.5), "A": (10.0, 100.0, 1e3, 1e4),
                     "alpha": (0.05, 0.1, 0.2, 0.4)},
               bounds={"E": (0.0, 10.0), "A": (1e-3, 1e8), "alpha": (0.001, 2.0)},
               source="least squares on log residuals from a grid of 48 starts: our choice, "
                      "since the paper fits no curve"))

# The crossing with a shared floor, derived once: A1 C^-a1 = A2 C^-a2.
_A1, _A2, _a1, _a2 = sp.symbols("A_1 A_2 alpha_1 alpha_2", positive=True)
CROSSOVER_EQUATION = sp.Eq(_A1 * C ** (-_a1), _A2 * C ** (-_a2))
#: What sympy solves the equation (in logs) to.
CROSSOVER_SOLVED = sp.solve(sp.Eq(sp.log(_A1) - _a1 * sp.log(C), sp.log(_A2) - _a2 * sp.log(C)), C)[0]
#: The same, written as the page shows it (tests check the two agree).
CROSSOVER_CLOSED = (_A1 / _A2) ** (1 / (_a1 - _a2))
_closed = sp.lambdify((_A1, _A2, _a1, _a2), CROSSOVER_CLOSED, "numpy")


def crossover_closed_form(A_1, A_2, alpha_1, alpha_2) -> float:
    """Scale where ``E + A_1 C^-alpha_1`` and ``E + A_2 C^-alpha_2`` cross (shared floor E)
    [units of C]; NaN when the exponents are equal (parallel curves in log-log)."""
    if alpha_1 == alpha_2:
        return float("nan")
    with np.errstate(all="ignore"):
        return float(_closed(A_1, A_2, alpha_1, alpha_2))


def curve_crossings(params_1: dict, params_2: dict, bounds: tuple[float, float]) -> list[float]:
    """Every scale in ``bounds`` where two parameterised curves of :data:`loss` cross."""
    return crossovers(lambda c: loss(params_1, C=c), lambda c: loss(params_2, C=c), bounds)


def fit_methods(runs: pd.DataFrame, methods: tuple[str, str], max_scale: float = np.inf,
                bootstrap: int = 50, seed: int = 0) -> dict[str, Fit]:
    """Fit :data:`loss` to each method's runs with scale at most ``max_scale``.

    Parameters
    ----------
    runs : DataFrame
        Columns ``method``, ``C`` and ``loss``.
    methods : (str, str)
    max_scale : float
        Only runs with ``C <= max_scale`` are fitted (what a small-scale study would see).
    bootstrap : int
        Resamples for the intervals (0 for none).

    Raises
    ------
    FitError
        With a sentence, when a method has fewer than 4 usable runs.
    """
    out = {}
    for m in methods:
        rows = runs[(runs["method"] == m) & (pd.to_numeric(runs["C"], errors="coerce") <= max_scale)]
        usable = rows[np.isfinite(rows["C"]) & np.isfinite(rows["loss"]) & (rows["C"] > 0)
                      & (rows["loss"] > 0)]
        if len(usable) < 4:
            raise FitError(f"Method {m!r} has {len(usable)} usable run(s) at or below scale "
                           f"{max_scale:.3g}; three constants need at least 4.")
        out[m] = fit(loss, usable[["C", "loss"]].reset_index(drop=True), bootstrap=bootstrap,
                     seed=seed)
    return out


def crossover_of_fits(fit_1: Fit, fit_2: Fit, bounds: tuple[float, float],
                      level: float = 0.95) -> Crossover:
    """Where the two fitted curves first cross in ``bounds``, with the percentile interval
    over paired bootstrap draws (draw k of one method with draw k of the other)."""
    draws_1 = [lambda c, p=p: loss(p, C=c) for p in fit_1.sample_params()]
    draws_2 = [lambda c, p=p: loss(p, C=c) for p in fit_2.sample_params()]
    return crossover(lambda c: fit_1(C=c), lambda c: fit_2(C=c), bounds, draws_1, draws_2,
                     log=True, level=level)


#: The SYNTHETIC example: two methods with a shared floor whose curves cross at 1e20.
EXAMPLE = {"method A (wins small)": {"E": 1.8, "A": 80.0, "alpha": 0.10},
           "method B (wins large)": {"E": 1.8, "A": 80.0 * 10 ** 0.8, "alpha": 0.14}}


def example_runs(seed: int = 0, noise: float = 0.01) -> pd.DataFrame:
    """SYNTHETIC runs of :data:`EXAMPLE` at 11 scales from 1e17 to 1e22, log-normal noise
    ``noise``. Not the paper's data: it publishes none to pin."""
    rng = np.random.default_rng(seed)
    scales = np.logspace(17, 22, 11)
    frames = [pd.DataFrame({"method": m, "C": scales,
                            "loss": loss(p, C=scales) * np.exp(noise * rng.standard_normal(11))})
              for m, p in EXAMPLE.items()]
    return pd.concat(frames, ignore_index=True)


BIBTEX = """@article{xiao2024rethinking,
  title   = {Rethinking Conventional Wisdom in Machine Learning: From Generalization to Scaling},
  author  = {Xiao, Lechao},
  journal = {arXiv preprint arXiv:2409.15156},
  year    = {2024}
}"""

PAPER = Paper(
    key="xiao2024",
    topic="Hyperparameters and model shape",
    title="Rethinking Conventional Wisdom in Machine Learning: From Generalization to Scaling",
    authors="Xiao",
    year=2024,
    arxiv="2409.15156",
    bibtex=BIBTEX,
    summary=("In the scaling era the aim moves from reducing generalisation error to reducing "
             "approximation error, and from regularisation to scaling up. Principles from the "
             "generalisation era (explicit L2 regularisation, small batches and large learning "
             "rates as implicit regularisers) may no longer hold. The paper names the "
             "scaling-law crossover: two methods' scaling curves intersect, so the method "
             "that wins at small scale can lose at large scale, and asks how to compare "
             "models when only one experiment at scale is affordable."),
    assumptions=[
        "The paper defines the crossover in words; it publishes no constants to pin.",
        "Each method's curve is taken as L(C) = E + A C^-alpha (our operationalisation): "
        "where two fits cross depends on that choice, most of all far beyond the data.",
        "The example runs are synthetic, made so that the curves cross at C = 1e20.",
    ],
    laws=[loss],
    page_features=["where two methods' scaling curves cross, with a bootstrap interval",
                   "what a small-scale comparison would have concluded"],
)
