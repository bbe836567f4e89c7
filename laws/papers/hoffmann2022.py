"""Hoffmann et al. (2022), Training Compute-Optimal Large Language Models ("Chinchilla").

Relations
---------
``hoffmann2022.loss``
    ``L(N, D) = E + A/N**alpha + B/D**beta`` (Eq. 2; constants App. D.2, Eq. 10).
``hoffmann2022.n_opt``, ``hoffmann2022.d_opt``
    The compute-optimal frontier under ``C = 6ND`` (Eq. 4),
    ``N_opt = G (C/6)**a``, ``D_opt = (C/6)**b / G``, ``G = (alpha A/(beta B))**(1/(alpha+beta))``,
    ``a = beta/(alpha+beta)``, ``b = alpha/(alpha+beta)``. :func:`compute_optimal_derivation`
    derives it with sympy from ``L(N, D)``; a test checks that the two agree.
``hoffmann2022.tokens_per_param``
    ``D_opt/N_opt`` at a compute budget.

Evidence: the form, the rounded constants and the fitting procedure are printed in the
paper (Eq. 2, App. D.2 Eqs. 10-11; checked against two transcriptions of the paper).
The unrounded constants come from the paper's TeX source as encoded in Besiroglu et al.
(2024)'s replication notebook (epoch-research/analyzing-chinchilla, ``data_analysis.ipynb``,
commit 9225883, ``true_params``).
"""
from __future__ import annotations

import math
from functools import cache

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

N, D, C = sp.symbols("N D C", positive=True)
E, A, B, alpha, beta = sp.symbols("E A B alpha beta", positive=True)

ROUNDED = "Hoffmann et al. 2022, App. D.2 Eq. (10) (rounded, also quoted in §3.3)"
UNROUNDED_SOURCE = ("TeX source of Hoffmann et al. 2022, via Besiroglu et al. 2024's notebook "
                    "(epoch-research/analyzing-chinchilla data_analysis.ipynb, true_params)")

#: The unrounded constants of the paper's TeX source [P-code].
UNROUNDED = {"E": math.exp(0.5267228), "A": math.exp(6.0073404), "B": math.exp(6.0179186),
             "alpha": 0.33917084, "beta": 0.2849083}

PARAMS = [
    Param("E", 1.69, ROUNDED, (0.5, 4.0), "nats/token", log=True,
          meaning="irreducible loss: the entropy of natural text, reached with infinite N and D"),
    Param("A", 406.4, ROUNDED, (10.0, 1e5), "nats/token", log=True,
          meaning="scale of the model-size term"),
    Param("B", 410.7, ROUNDED, (10.0, 1e5), "nats/token", log=True,
          meaning="scale of the data term"),
    Param("alpha", 0.34, ROUNDED, (0.05, 1.0), meaning="how fast loss falls with parameters",
          latex=r"\alpha"),
    Param("beta", 0.28, ROUNDED, (0.05, 1.0), meaning="how fast loss falls with training tokens",
          latex=r"\beta"),
]

VAR_N = Variable("N", "parameters", (1e7, 1e13), meaning="model parameters, embeddings included")
VAR_D = Variable("D", "tokens", (1e8, 1e14), meaning="training tokens")
VAR_C = Variable("C", "FLOPs", (1e17, 1e27), meaning="training compute, C = 6ND")
VAR_LOSS = Variable("loss", "nats/token", (1.5, 6.0), log=False, latex="L",
                    meaning="final training loss on MassiveText")

#: Starting grid of the paper's fit (App. D.2), in natural units: alpha, beta in
#: {0, 0.5, ..., 2}; e = log E in {-1, -0.5, ..., 1}; a = log A, b = log B in {0, 5, ..., 25}.
GRID = {"alpha": tuple(np.arange(0, 2.01, 0.5)), "beta": tuple(np.arange(0, 2.01, 0.5)),
        "E": tuple(np.exp(np.arange(-1, 1.01, 0.5))),
        "A": tuple(np.exp(np.arange(0, 26, 5.0))), "B": tuple(np.exp(np.arange(0, 26, 5.0)))}

FIT = FitDefaults(loss="huber", delta=1e-3, space="log", grid=GRID, refine=24,
                  bounds={"E": (1e-3, 1e3), "A": (1e-3, 1e15), "B": (1e-3, 1e15),
                          "alpha": (0.0, 5.0), "beta": (0.0, 5.0)},
                  source="Hoffmann et al. 2022, §3.3 Eq. (3) and App. D.2: Huber (delta 1e-3) "
                         "on log loss, log-sum-exp parametrisation, L-BFGS from a grid of "
                         "4,500 starts; summed as in Besiroglu et al. 2024")

CONSTANTS = {"TeX source (unrounded)": UNROUNDED}

loss = Law("hoffmann2022.loss", "L(N, D)", E + A / N**alpha + B / D**beta, VAR_LOSS,
           [VAR_N, VAR_D], PARAMS, equation="Eq. (2); constants App. D.2 Eq. (10)",
           constants=CONSTANTS, fit_defaults=FIT,
           description="Final loss of a model with N parameters trained on D tokens.")

G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
a_exp = beta / (alpha + beta)
b_exp = alpha / (alpha + beta)

n_opt = Law("hoffmann2022.n_opt", "N_opt(C)", G * (C / 6) ** a_exp,
            Variable("N_opt", "parameters", (1e7, 1e13), latex=r"N_{opt}",
                     meaning="compute-optimal model size"),
            [VAR_C], PARAMS, equation="Eq. (4)", constants=CONSTANTS,
            description="Model size that minimises L(N, D) at compute C = 6ND.")
d_opt = Law("hoffmann2022.d_opt", "D_opt(C)", (C / 6) ** b_exp / G,
            Variable("D_opt", "tokens", (1e8, 1e14), latex=r"D_{opt}",
                     meaning="compute-optimal number of training tokens"),
            [VAR_C], PARAMS, equation="Eq. (4)", constants=CONSTANTS,
            description="Training tokens that minimise L(N, D) at compute C = 6ND.")
tokens_per_param = Law("hoffmann2022.tokens_per_param", "D_opt/N_opt",
                       sp.simplify((C / 6) ** b_exp / G / (G * (C / 6) ** a_exp)),
                       Variable("tokens_per_param", "tokens/parameter", (1, 1e3),
                                latex=r"D_{opt}/N_{opt}",
                                meaning="compute-optimal tokens per parameter"),
                       [VAR_C], PARAMS, equation="from Eq. (4)", constants=CONSTANTS)


def frontier_exponent_a(params: dict) -> float:
    """``a = beta/(alpha+beta)``: N_opt grows as C**a (Eq. 4; Table 2 reports 0.46)."""
    return params["beta"] / (params["alpha"] + params["beta"])


def loss_at_compute(C_flops, N_params, params: dict | None = None):
    """Loss along an iso-FLOP curve: ``L(N, C/(6N))``.

    Parameters
    ----------
    C_flops : array_like
        Training compute [FLOPs].
    N_params : array_like
        Model sizes [parameters].
    """
    N_params = np.asarray(N_params, float)
    return loss(params, N=N_params, D=np.asarray(C_flops, float) / (6 * N_params))


@cache
def compute_optimal_derivation() -> list[tuple[str, sp.Expr]]:
    """Derive the compute-optimal frontier from ``L(N, D)`` and ``C = 6ND`` with sympy.

    Returns
    -------
    list of (str, sympy.Expr)
        Steps of the derivation, each a sentence and an expression (or equation),
        ending with ``N_opt`` and ``D_opt``. Takes a few seconds; cached.
    """
    L_ND = loss.expr
    along = L_ND.subs(D, C / (6 * N))
    slope = sp.diff(along, N)
    (n_star,) = sp.solve(sp.Eq(slope, 0), N)
    d_star = sp.simplify(C / (6 * n_star))
    return [
        ("The loss of a model of N parameters trained on D tokens (Eq. 2):",
         sp.Eq(sp.Symbol("L"), L_ND)),
        ("Fix the compute C = 6ND, so D = C/(6N), and write the loss along that iso-FLOP curve:",
         sp.Eq(sp.Symbol("L"), along)),
        ("The best model size sets the derivative along the curve to zero:",
         sp.Eq(slope, 0)),
        ("Solving for N gives the compute-optimal model size:",
         sp.Eq(sp.Symbol("N_opt"), n_star)),
        ("and the tokens follow from D = C/(6N):",
         sp.Eq(sp.Symbol("D_opt"), d_star)),
    ]


BIBTEX = """@article{hoffmann2022training,
  title   = {Training Compute-Optimal Large Language Models},
  author  = {Hoffmann, Jordan and Borgeaud, Sebastian and Mensch, Arthur and Buchatskaya, Elena
             and Cai, Trevor and Rutherford, Eliza and de Las Casas, Diego and Hendricks, Lisa Anne
             and Welbl, Johannes and Clark, Aidan and Hennigan, Tom and Noland, Eric
             and Millican, Katie and van den Driessche, George and Damoc, Bogdan and Guy, Aurelia
             and Osindero, Simon and Simonyan, Karen and Elsen, Erich and Rae, Jack W.
             and Vinyals, Oriol and Sifre, Laurent},
  journal = {arXiv preprint arXiv:2203.15556},
  year    = {2022}
}"""

PAPER = Paper(
    key="hoffmann2022",
    title="Training Compute-Optimal Large Language Models",
    authors="Hoffmann, Borgeaud, Mensch, et al.",
    year=2022,
    arxiv="2203.15556",
    bibtex=BIBTEX,
    summary=("Fitting the final loss of over 400 language models as E + A/N^alpha + B/D^beta "
             "shows that model size and training tokens should grow about equally with "
             "compute (a = 0.46 by this approach, about 20 tokens per parameter), not mostly "
             "model size as Kaplan et al. (2020) advised. Chinchilla (70B parameters, 1.4T "
             "tokens) beat the 280B Gopher at the same compute."),
    assumptions=[
        "N counts all parameters, embeddings included (App. F); C = 6ND FLOPs.",
        "Loss is the final training loss (nats/token) on MassiveText with a cosine schedule "
        "whose length matches the run.",
        "The body-text constants are rounded; with them a = 0.4516, not the 0.46 of Table 2. "
        "The TeX-source constants give 0.4565 (Besiroglu et al. 2024).",
        "Fitted by Huber (delta = 1e-3) on log loss from a grid of starts (App. D.2).",
    ],
    laws=[loss, n_opt, d_opt, tokens_per_param],
    page_features=["loss surface", "iso-FLOP curves and their minima",
                   "compute-optimal frontier derived with sympy", "tokens per parameter",
                   "where Kaplan's and Chinchilla's allocations part",
                   "fit your runs (Huber, 4,500 starts) with bootstrap bands and backtest",
                   "Chinchilla runs as digitised by Epoch AI"],
)
