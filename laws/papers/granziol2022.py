"""Granziol, Zohren, Roberts (2022), Learning Rates as a Function of Batch Size: A Random
Matrix Theory Approach (JMLR 23(173); arXiv:2006.09092).

Relations
---------
``granziol2022.lr_sgd``
    Linear scaling for SGD, ``alpha(B) = alpha_0 * B / B_0`` (below a saturation batch).
``granziol2022.lr_adaptive``
    Square-root scaling for adaptive methods (Adam), ``alpha(B) = alpha_0 * sqrt(B / B_0)``.
``granziol2022.lr_max_rmt``
    A spiked random-matrix reconstruction of the largest stable learning rate,
    ``2 / lambda_batch`` with ``lambda_batch = lambda_1 + P sigma^2 / (B lambda_1)`` while
    ``lambda_1 > sigma sqrt(P/B)``, else ``2 sigma sqrt(P/B)``. UNCONFIRMED: the catalog's
    reconstruction, not checked against the paper's theorems (JMLR sections 4-5).

Evidence: the linear (SGD) and square-root (adaptive) rules are stated in the abstract
(arXiv v6 and the JMLR page); they are proportionalities, so ``alpha_0`` and ``B_0`` are
the user's reference point, not published constants.
"""
from __future__ import annotations

import sympy as sp

from ..core.law import Law, Paper, Param, Variable

B = sp.Symbol("B", positive=True)
alpha_0, B_0, lambda_1, sigma, P = sp.symbols("alpha_0 B_0 lambda_1 sigma P", positive=True)
ABSTRACT = "Granziol et al. 2022, abstract (a proportionality: the reference point is yours)"
RECON = "UNCONFIRMED reconstruction (catalog hyperparameters.md §2), not the paper's theorem"

VAR_B = Variable("B", "examples", (1, 1e5), meaning="batch size")
REFERENCE = [Param("alpha_0", 0.1, ABSTRACT, (1e-5, 10.0), log=True, latex=r"\alpha_0",
                   meaning="learning rate that works at the reference batch size"),
             Param("B_0", 128.0, ABSTRACT, (1.0, 1e5), "examples", log=True, latex="B_0",
                   meaning="reference batch size")]

lr_sgd = Law("granziol2022.lr_sgd", "alpha_SGD(B)", alpha_0 * B / B_0,
             Variable("lr", "", (1e-6, 10.0), latex=r"\alpha",
                      meaning="learning rate that keeps SGD's step behaving alike"),
             [VAR_B], REFERENCE, equation="abstract: linear scaling for SGD")
lr_adaptive = Law("granziol2022.lr_adaptive", "alpha_Adam(B)", alpha_0 * sp.sqrt(B / B_0),
                  Variable("lr", "", (1e-6, 10.0), latex=r"\alpha",
                           meaning="learning rate for adaptive optimisers such as Adam"),
                  [VAR_B], REFERENCE, equation="abstract: square-root scaling for adaptive methods")
lambda_batch = sp.Piecewise((lambda_1 + P * sigma**2 / (B * lambda_1),
                             lambda_1 > sigma * sp.sqrt(P / B)),
                            (2 * sigma * sp.sqrt(P / B), True))
lr_max_rmt = Law(
    "granziol2022.lr_max_rmt", "alpha_max(B) (unconfirmed)", 2 / lambda_batch,
    Variable("lr_max", "", (1e-6, 10.0), latex=r"\alpha_{max}",
             meaning="largest stable SGD learning rate, 2 / (top batch-Hessian eigenvalue)"),
    [VAR_B],
    [Param("lambda_1", 10.0, RECON, (0.01, 1e4), log=True, latex=r"\lambda_1",
           meaning="top eigenvalue of the full-data Hessian"),
     Param("sigma", 0.1, RECON, (1e-4, 10.0), log=True, latex=r"\sigma",
           meaning="per-sample Hessian noise scale"),
     Param("P", 1e7, RECON, (1e3, 1e10), "parameters", log=True,
           meaning="number of parameters")],
    equation="reconstruction (unconfirmed)")


def saturation_batch(params: dict | None = None) -> float:
    """Batch size where the reconstruction's two regimes meet, ``P sigma^2 / lambda_1^2``
    [examples]: below it the top eigenvalue is noise, ``2 sigma sqrt(P/B)``, and the largest
    LR grows as ``sqrt(B)``; above it the LR approaches ``2 / lambda_1`` (unconfirmed
    reconstruction)."""
    p = {**lr_max_rmt.defaults, **(params or {})}
    return p["P"] * p["sigma"] ** 2 / p["lambda_1"] ** 2


BIBTEX = """@article{granziol2022learning,
  title   = {Learning Rates as a Function of Batch Size: A Random Matrix Theory Approach to
             Neural Network Training},
  author  = {Granziol, Diego and Zohren, Stefan and Roberts, Stephen},
  journal = {Journal of Machine Learning Research},
  volume  = {23},
  number  = {173},
  pages   = {1--65},
  year    = {2022}
}"""

PAPER = Paper(
    key="granziol2022",
    topic="Hyperparameters and model shape",
    title="Learning Rates as a Function of Batch Size: A Random Matrix Theory Approach",
    authors="Granziol, Zohren, Roberts",
    year=2022,
    arxiv="2006.09092",
    bibtex=BIBTEX,
    summary=("The extreme eigenvalues of a mini-batch Hessian are larger than those of the "
             "full-data Hessian, by an amount that shrinks as the batch grows. From this the "
             "paper derives how the largest learning rate scales with batch size: linearly for "
             "SGD, as the square root for adaptive methods such as Adam (validated on VGG and "
             "WideResNet, CIFAR-100 and ImageNet)."),
    assumptions=[
        "The two rules are proportionalities: pick a learning rate that works at a reference "
        "batch size, and they say how to move it.",
        "Linear scaling holds only while gradient noise dominates, below a saturation batch.",
        "The regime formula on this page is a reconstruction from the catalog, not checked "
        "against the paper's theorems; its constants are illustrations, not fits.",
    ],
    laws=[lr_sgd, lr_adaptive, lr_max_rmt],
    page_features=["linear (SGD) and square-root (Adam) learning-rate rules",
                   "where linear scaling saturates (unconfirmed reconstruction)"],
)
