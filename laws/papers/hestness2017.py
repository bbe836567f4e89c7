"""Hestness, Narang, Ardalani, Diamos, Jun, Kianinejad, Patwary, Yang, Zhou (2017), Deep
Learning Scaling is Predictable, Empirically (arXiv:1712.00409, Baidu Research).

Relations
---------
``hestness2017.learning_curve``
    Generalization error against training-set size, ``eps(m) = alpha m^beta_g + gamma``
    (power-law region plus the irreducible error ``gamma``).
``hestness2017.model_size``
    Number of parameters of the best-fitting model against training-set size,
    ``s(m) = alpha_p m^beta_p`` with ``0.5 <= beta_p < 1`` (sublinear).

The learning curve has three regions (the paper's sketch, Fig. 6 of v1 [S]; Baidu's blog
[P-blog]): a small-data region where a model does no better than the best guess, the
power-law region, and the irreducible-error region. The sketch is qualitative; the
boundaries :func:`regions` draws are our definitions and say so.

Evidence
--------
* [P-blog] research.baidu.com, "Deep learning scaling is predictable, empirically": learning
  curve exponents of the real applications lie in [-0.35, -0.07]; theory typically predicts
  -0.5; for one application, architectures and optimisers share the exponent; the model size
  that best fits each training set grows sublinearly.
* [S] per-domain exponents (:data:`DOMAINS`): a detailed third-party transcription of the
  paper's §4 results. They are NOT confirmed against the paper's own text here; pages show
  them as unconfirmed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

BLOG = "Baidu Research blog on the paper [P-blog]"
SECONDARY = "secondary transcription of §4 [S], unconfirmed against the paper"

#: Range of learning-curve exponents of the real applications [P-blog].
EXPONENT_RANGE = (-0.35, -0.07)
#: Exponent that theory typically predicts [P-blog].
THEORY_EXPONENT = -0.5

m = sp.Symbol("m", positive=True)
alpha, beta_g, gamma = sp.symbols("alpha beta_g gamma", positive=True)
alpha_p, beta_p = sp.symbols("alpha_p beta_p", positive=True)
M = Variable("m", "training samples", (1e2, 1e12), meaning="training-set size")

learning_curve = Law(
    "hestness2017.learning_curve", "eps(m)", alpha * m ** beta_g + gamma,
    Variable("eps", "", (1e-3, 1e3), latex=r"\varepsilon",
             meaning="generalization error (validation loss or error rate, per domain)"),
    [M],
    [Param("alpha", 11.9, f"word LM fit eps(m) = 11.9 m^-0.066, {SECONDARY}", (1e-3, 1e4),
           log=True, latex=r"\alpha", meaning="scale of the power-law region"),
     Param("beta_g", -0.066, f"word LM, {SECONDARY}", (-1.0, -0.005), latex=r"\beta_g",
           meaning="learning-curve exponent: the steepness on a log-log plot (negative)"),
     Param("gamma", 0.0, "not measured: the real applications had not reached irreducible "
           "error [P-blog]", (0.0, 10.0), latex=r"\gamma",
           meaning="irreducible error the curve approaches")],
    equation="§3 learning-curve form",
    constants={"sketch (three regions)": {"alpha": 30.0, "beta_g": -0.35, "gamma": 0.05}},
    fit_defaults=FitDefaults(
        loss="squared", space="log",
        grid={"beta_g": (-0.05, -0.1, -0.2, -0.35, -0.5), "gamma": (0.0, 0.01, 0.1)},
        n_random=64, refine=16, bounds={"gamma": (0.0, 1e3)},
        source="least squares on log residuals; the paper's own fitting procedure is not "
               "stated in the sources we could read"))

model_size = Law(
    "hestness2017.model_size", "s(m)", alpha_p * m ** beta_p,
    Variable("s", "parameters", (1e4, 1e10), meaning="parameters of the best-fitting model"),
    [M],
    [Param("alpha_p", 10.0, "illustration: the prefactor is not in the sources we read",
           (1e-3, 1e6), log=True, latex=r"\alpha_p", meaning="scale of the model-size law"),
     Param("beta_p", 0.69, f"word LM (LSTM/RHN), {SECONDARY}", (0.1, 1.2), latex=r"\beta_p",
           meaning="model-size exponent; below 1 means sublinear growth")],
    equation="§3 model-size form",
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=64, refine=8,
                             source="least squares on log residuals"))

#: Per-domain exponents, [S]: a third-party transcription of the paper's §4, unconfirmed.
DOMAINS = pd.DataFrame([
    {"domain": "Word language model", "model": "LSTM / RHN", "beta_g": -0.066,
     "beta_p": 0.69, "note": "eps(m) = 11.9 m^-0.066; -0.0656 +- 1% across architectures"},
    {"domain": "Character language model", "model": "RHN (SGD)", "beta_g": -0.0936,
     "beta_p": np.nan, "note": "-0.0954 with Adam"},
    {"domain": "Machine translation", "model": "composite best fit", "beta_g": -0.128,
     "beta_p": np.nan, "note": "single models -0.36 / -0.30 before the projection"},
    {"domain": "ImageNet top-1 error", "model": "ResNet", "beta_g": -0.309,
     "beta_p": 0.573, "note": ""},
    {"domain": "ImageNet top-5 error", "model": "ResNet", "beta_g": -0.488,
     "beta_p": np.nan, "note": "outside the blog's range [-0.35, -0.07]"},
    {"domain": "ImageNet cross-entropy", "model": "ResNet", "beta_g": -0.35,
     "beta_p": np.nan, "note": ""},
    {"domain": "Speech recognition", "model": "DS2 and attention", "beta_g": -0.299,
     "beta_p": np.nan, "note": "same exponent across very different architectures"},
])


def data_to_halve_error(beta: float | np.ndarray) -> np.ndarray:
    """Factor by which the training set must grow to halve the reducible error,
    ``2^(-1/beta_g)`` (power-law region)."""
    return np.power(2.0, -1.0 / np.asarray(beta, float))


def curve_with_best_guess(params: dict, m_values, best_guess: float) -> np.ndarray:
    """The sketch's whole learning curve: the best-guess error in the small-data region,
    the power law plus gamma after it, ``min(best_guess, alpha m^beta_g + gamma)``."""
    return np.minimum(best_guess, learning_curve(params, m=m_values))


def regions(params: dict, best_guess: float, tolerance: float = 0.1) -> dict[str, float]:
    """Boundaries of the three regions (our definitions; the paper's sketch is qualitative).

    Parameters
    ----------
    params : dict
        ``alpha``, ``beta_g`` (< 0), ``gamma``.
    best_guess : float
        Error of the best (or random) guess, the small-data plateau.
    tolerance : float
        The irreducible-error region starts where the reducible part
        ``alpha m^beta_g`` has fallen to ``tolerance * gamma``.

    Returns
    -------
    dict
        ``small_data_end``: where the power law meets the best guess (NaN if it never does);
        ``irreducible_start``: NaN when ``gamma`` is 0 (no irreducible region).
    """
    p = {**learning_curve.defaults, **params}
    a, b, g = (np.float64(p[k]) for k in ("alpha", "beta_g", "gamma"))
    with np.errstate(all="ignore"):  # inf where the boundary is beyond any float
        small = ((best_guess - g) / a) ** (1.0 / b) if best_guess > g else np.nan
        irreducible = (tolerance * g / a) ** (1.0 / b) if g > 0 else np.nan
    return {"small_data_end": float(small), "irreducible_start": float(irreducible)}


def in_blog_range(beta: float) -> bool:
    """Whether an exponent lies in the range the blog reports for real applications."""
    return EXPONENT_RANGE[0] <= beta <= EXPONENT_RANGE[1]


BIBTEX = """@article{hestness2017deep,
  title   = {Deep Learning Scaling is Predictable, Empirically},
  author  = {Hestness, Joel and Narang, Sharan and Ardalani, Newsha and Diamos, Gregory and
             Jun, Heewoo and Kianinejad, Hassan and Patwary, Md. Mostofa Ali and Yang, Yang
             and Zhou, Yanqi},
  journal = {arXiv preprint arXiv:1712.00409},
  year    = {2017}
}"""

PAPER = Paper(
    key="hestness2017",
    topic="Loss and scale",
    title="Deep Learning Scaling is Predictable, Empirically",
    authors="Hestness, Narang, Ardalani, Diamos, Jun, Kianinejad, Patwary, Yang, Zhou",
    year=2017,
    arxiv="1712.00409",
    bibtex=BIBTEX,
    summary=("Across machine translation, language modelling, image classification and speech "
             "recognition, generalization error falls as a power law of training-set size, "
             "eps(m) = alpha m^beta_g + gamma, with exponents between -0.35 and -0.07 "
             "(shallower than theory's -0.5). Better models shift the curve but keep its "
             "exponent; the model size that best fits a training set grows sublinearly, "
             "s(m) = alpha_p m^beta_p. Learning curves have three regions: small data (best "
             "guess), power law, irreducible error."),
    assumptions=[
        "Each point of a learning curve is the best model (after a size and hyperparameter "
        "search) trained on one shard of the data, not one model trained longer.",
        "The error metric differs by domain (cross-entropy, error rate, CER/WER), so alpha "
        "and gamma are in that domain's units; only the exponents compare across domains.",
        "Per-domain exponents here come from a secondary transcription of the paper and are "
        "unconfirmed; the range [-0.35, -0.07] is confirmed by Baidu's blog.",
        "The boundaries of the three regions on the page are our definitions; the paper's "
        "sketch of the three regions is qualitative.",
    ],
    laws=[learning_curve, model_size],
    page_features=["three-region learning curve with the regions shaded",
                   "per-domain exponents and the data needed to halve the error",
                   "model size growing sublinearly with data", "fit your learning curve"],
)
