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
import pandas as pd
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
                       (C / 6) ** (b_exp - a_exp) / G**2,
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


def frontier_table(params: dict | None, C_flops) -> pd.DataFrame:
    """The compute-optimal frontier at budgets ``C_flops`` [FLOPs].

    Returns
    -------
    DataFrame
        ``C, N_opt, D_opt, tokens_per_param, loss_opt`` (Eq. 4 and Eq. 2).
    """
    C_flops = np.asarray(C_flops, float)
    n = n_opt(params, C=C_flops)
    d = d_opt(params, C=C_flops)
    return pd.DataFrame({"C": C_flops, "N_opt": n, "D_opt": d, "tokens_per_param": d / n,
                         "loss_opt": loss(params, N=n, D=d)})


def isoflop_curves(params: dict | None, budgets, points: int = 120) -> pd.DataFrame:
    """Loss against model size at each fixed compute budget (iso-FLOP curves).

    The model sizes span two decades either side of each budget's optimum.
    """
    frames = []
    for c in np.asarray(budgets, float):
        centre = float(n_opt(params, C=c))
        n = np.logspace(np.log10(centre) - 2, np.log10(centre) + 2, points)
        frames.append(pd.DataFrame({"budget": f"C = {c:.0e} FLOPs", "C": c, "N": n,
                                    "D": c / (6 * n), "loss": loss_at_compute(c, n, params)}))
    return pd.concat(frames, ignore_index=True)


def loss_surface(params: dict | None, n_range=(1e7, 1e12), d_range=(1e8, 1e13),
                 points: int = 36) -> pd.DataFrame:
    """``L(N, D)`` on a log grid: one row per (N, D) cell."""
    n = np.logspace(*np.log10(n_range), points)
    d = np.logspace(*np.log10(d_range), points)
    nn, dd = np.meshgrid(n, d)
    return pd.DataFrame({"N": nn.ravel(), "D": dd.ravel(),
                         "loss": loss(params, N=nn, D=dd).ravel()})


def kaplan_n_opt(C_flops, params: dict | None = None):
    """Kaplan et al. (2020)'s compute-efficient model size at ``C_flops`` [FLOPs]:
    ``N = 1.3e9 * (C/8.64e19)**0.73`` (Table 6; C_min in PF-days, N without embeddings)."""
    from . import kaplan2020

    return kaplan2020.n_opt(params, C_min=np.asarray(C_flops, float) / kaplan2020.PF_DAY)


def allocation_comparison(params: dict | None, C_flops) -> pd.DataFrame:
    """Compute-optimal model size under Chinchilla's and Kaplan's rules, long format."""
    C_flops = np.asarray(C_flops, float)
    return pd.concat([
        pd.DataFrame({"rule": "Chinchilla (Eq. 4)", "C": C_flops, "N_opt": n_opt(params, C=C_flops)}),
        pd.DataFrame({"rule": "Kaplan (N ~ C^0.73)", "C": C_flops, "N_opt": kaplan_n_opt(C_flops)}),
    ], ignore_index=True)


def allocation_crossover(params: dict | None, bounds=(1e15, 1e30), fit=None):
    """Budgets [FLOPs] where Chinchilla's and Kaplan's advised model sizes are equal.

    With a bootstrapped ``fit``, returns a :class:`laws.Crossover` with the interval of
    the first crossing over the bootstrap draws instead.
    """
    from ..core.analysis import crossover, crossovers

    if fit is None:
        return crossovers(lambda c: n_opt(params, C=c), kaplan_n_opt, bounds)
    draws = fit.sample_params()
    return crossover(lambda c: n_opt(fit.params, C=c), kaplan_n_opt, bounds,
                     [lambda c, p=p: n_opt(p, C=c) for p in draws],
                     [kaplan_n_opt] * len(draws))


def frontier_band(fit, C_flops=None) -> pd.DataFrame:
    """Fitted loss on the fitted compute-optimal frontier, with its bootstrap band.

    ``C_flops`` [FLOPs] defaults to 60 budgets from half a decade below the smallest run
    to two decades above the largest (at least to 1e26): the extrapolation to judge.
    """
    if C_flops is None:
        c = runs_by_compute(fit)["C"]
        C_flops = np.logspace(np.log10(c.min()) - 0.5, max(np.log10(c.max()) + 2, 26), 60)
    C_flops = np.asarray(C_flops, float)
    d = fit.derived(lambda p: frontier_table(p, C_flops)["loss_opt"].to_numpy())
    return pd.DataFrame({"C": C_flops, "loss": d["value"], "lower": d["lower"],
                         "upper": d["upper"]})


def runs_by_compute(fit) -> pd.DataFrame:
    """The fitted runs with their compute ``C = 6ND`` [FLOPs] and loss."""
    m = fit.record.mapping
    frame = fit.data
    return pd.DataFrame({"C": 6 * frame[m["N"]].to_numpy(float) * frame[m["D"]].to_numpy(float),
                         "loss": frame[m["loss"]].to_numpy(float),
                         "N": frame[m["N"]].to_numpy(float), "D": frame[m["D"]].to_numpy(float)})


#: Porian et al. (2024, arXiv:2406.19146, Fig. 1)'s steps from Kaplan's setup to
#: Chinchilla's, as configurations of their released isoFLOP optima.
PORIAN_STEPS = [
    ("Kaplan-like setup", {"hparams": "base", "warmup": "long", "decay": "kaplan",
                           "param_count": "kaplan", "val": "train"}),
    ("+ all parameters counted, validation loss", {"hparams": "base", "warmup": "long",
                                                   "decay": "kaplan", "param_count": "standard",
                                                   "val": "val"}),
    ("+ short warmup", {"hparams": "base", "warmup": "short", "decay": "kaplan",
                        "param_count": "standard", "val": "val"}),
    ("+ cosine decay matched to the budget", {"hparams": "base", "warmup": "short",
                                              "decay": "chinchilla", "param_count": "standard",
                                              "val": "val"}),
    ("+ tuned AdamW and batch size, constant LR", {"hparams": "tuned", "warmup": "short",
                                                   "decay": "const", "param_count": "standard",
                                                   "val": "val"}),
]


def porian_exponents(optima: pd.DataFrame, dataset: str = "rw") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The compute-optimal size exponent ``a`` (n* ~ C^a) after each of Porian et al.'s
    corrections, refitted by least squares in log-log space on their isoFLOP optima.

    Parameters
    ----------
    optima : DataFrame
        ``porian_isoflop_optima`` (laws.datasets): configuration columns, ``flops``, ``n``.
    dataset : {"rw", "owt2"}
        RefinedWeb or OpenWebText2.

    Returns
    -------
    steps : DataFrame
        ``step, a, budgets``.
    points : DataFrame
        ``step, C, n_opt``: the optima of each step, for a chart.
    """
    from ..core.analysis import power_law_exponent

    rows, points = [], []
    for label, config in PORIAN_STEPS:
        mask = optima["dataset"] == dataset
        for column, value in config.items():
            mask &= optima[column] == value
        g = optima[mask & np.isfinite(optima["n"])]
        a, _ = power_law_exponent(g["flops"], g["n"])
        rows.append({"step": label, "a": a, "budgets": int(len(g))})
        points.append(pd.DataFrame({"step": label, "C": g["flops"].to_numpy(float),
                                    "n_opt": g["n"].to_numpy(float)}))
    return pd.DataFrame(rows), pd.concat(points, ignore_index=True)


@cache
def compute_optimal_derivation() -> list[tuple[str, sp.Expr]]:
    """Derive the compute-optimal frontier from ``L(N, D)`` and ``C = 6ND`` with sympy.

    Returns
    -------
    list of (str, sympy.Expr)
        Steps of the derivation, each a sentence and an expression (or equation),
        ending with ``N_opt`` and ``D_opt``. About 0.2 s; cached.

    Notes
    -----
    Every symbol is declared positive, so the one root N > 0 is picked by hand and the
    powers are merged with ``powsimp(force=True)``; sympy's own checking and
    ``simplify`` reach the same expression but took 4-25 s on the first visit.
    """
    L_ND = loss.expr
    along = L_ND.subs(D, C / (6 * N))
    slope = sp.diff(along, N)
    (n_star,) = [sp.powsimp(root, force=True)
                 for root in sp.solve(slope, N, check=False, simplify=False) if root != 0]
    d_star = sp.powsimp(C / (6 * n_star), force=True)
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
