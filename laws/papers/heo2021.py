"""Heo, Chun, Oh, Han, Yun, Kim, Uh, Ha (2021), AdamP: Slowing Down the Slowdown for Momentum
Optimizers on Scale-invariant Weights (ICLR 2021; arXiv:2006.08217).

A weight is scale-invariant when the loss does not change if it is multiplied by c > 0
(weights followed by batch normalisation). Then the gradient is orthogonal to the weight,
so every gradient step lengthens it, and the step the weight's *direction* takes shrinks as
``eta / ||w||^2``. Momentum makes the norm grow much faster; SGDP and AdamP remove the radial
component of each update, which keeps the norm (and so the effective step) in check.

Relations
---------
``heo2021.effective_step``
    ``eta_eff = eta / ||w||^2``: the step size the direction ``w / ||w||`` feels.
``heo2021.gd_norm_growth``
    Plain GD on a scale-invariant weight: ``||w_{t+1}||^2 = ||w_t||^2 + eta^2 ||grad||^2``.
``heo2021.momentum_amplification``
    With heavy-ball momentum ``p_t = beta p_{t-1} + grad_t``, ``w_{t+1} = w_t - eta p_t``:
    ``||w_{t+1}||^2 = ||w_t||^2 + eta^2 ||p_t||^2 + 2 eta^2 sum_{k<t} beta^(t-k) ||p_k||^2``;
    when ``||p_k||`` is constant the per-step growth tends to ``(1 + beta)/(1 - beta)`` times
    ``eta^2 ||p||^2``, 19x for beta = 0.9.

Evidence
--------
* The norm identities are derived here [D] from scale invariance (``<w, grad f(w)> = 0``)
  and checked numerically by the tests to rounding error. The paper states the GD and the
  momentum identity as lemmas of §2; their numbers are not confirmed here.
* "effective optimization step sizes are inversely proportional to the weight norm" and the
  2D toy ``min_w -<w/||w||, w*/||w*||>`` whose norm grows "from 1 to 2.93 for momentum 0.9
  and from 1 to 27.87 for momentum 0.99"; ResNet-18 on ImageNet, momentum SGD 66.6 % vs
  SGDP 69.0 % top-1: the authors' project page (clovaai/AdamP, gh-pages, commit 1a5e4f3a).
  The toy's learning rate and step count are not stated, so 2.93 and 27.87 cannot be
  reproduced.
* Projection, its test and defaults: the official code (clovaai/AdamP ``adamp/adamp.py``,
  ``adamp/sgdp.py``, commit 7f6f0383): remove ``(w_hat . p) w_hat`` from the update when
  ``max |cos(grad, w)| < delta / sqrt(dim)`` (per output channel, then whole layer), for
  parameters of more than one dimension; then weight decay is multiplied by
  ``wd_ratio``. AdamP defaults lr = 1e-3, betas = (0.9, 0.999), eps = 1e-8, delta = 0.1,
  wd_ratio = 0.1. This module re-implements the projection for one weight vector.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import Law, Paper, Param, Variable

eta, w_norm, g_norm, w_sq, g_sq, beta = sp.symbols("eta w_norm g_norm w_sq g_sq beta",
                                                   positive=True)
DERIVED = "derived from <w, grad f(w)> = 0 (paper §2 lemma; number unconfirmed)"
CODE = "clovaai/AdamP adamp.py / sgdp.py (commit 7f6f0383)"

VAR_W = Variable("w_norm", "", (0.1, 100.0), latex=r"\|w\|_2",
                 meaning="Euclidean norm of the scale-invariant weight")
ETA = Param("eta", 0.1, "your learning rate (no published value)", (1e-4, 10.0), log=True,
            latex=r"\eta", meaning="learning rate")

effective_step = Law(
    "heo2021.effective_step", "eta_eff(||w||)", eta / w_norm**2,
    Variable("eta_eff", "", (1e-6, 10.0), latex=r"\eta_{\mathrm{eff}}",
             meaning="step size felt by the direction w / ||w||"),
    [VAR_W], [ETA], equation="§2, effective step size (project page: 'inversely "
                             "proportional to the weight norm')")

gd_norm_growth = Law(
    "heo2021.gd_norm_growth", "||w_{t+1}||^2 (GD)", w_sq + eta**2 * g_sq,
    Variable("w_next_sq", "", (1e-2, 1e4), latex=r"\|w_{t+1}\|_2^2",
             meaning="squared norm after one GD step"),
    [Variable("w_sq", "", (1e-2, 1e4), latex=r"\|w_t\|_2^2", meaning="squared norm now"),
     Variable("g_sq", "", (1e-6, 1e2), latex=r"\|\nabla f(w_t)\|_2^2",
              meaning="squared gradient norm")],
    [ETA], equation=DERIVED)

momentum_amplification = Law(
    "heo2021.momentum_amplification", "(1 + beta) / (1 - beta)", (1 + beta) / (1 - beta),
    Variable("amplification", "x", (1.0, 400.0), latex=r"\mathrm{amplification}",
             meaning="norm growth per step with momentum over that without, for a constant "
                     "update norm ||p||, in the long run"),
    [Variable("beta", "", (0.0, 0.995), log=False, latex=r"\beta",
              meaning="momentum coefficient")],
    [], equation="limit of the §2 momentum identity for constant ||p_k|| [D]")

#: AdamP / SGDP defaults from the official code.
ADAMP_DEFAULTS = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "delta": 0.1,
                  "wd_ratio": 0.1, "nesterov": False}
#: Published numbers of the project page.
TOY_NORM_GROWTH = {0.9: 2.93, 0.99: 27.87}   # 2D toy, norm from 1 to ... (lr, steps unstated)
RESNET18_TOP1 = {"momentum SGD": 66.6, "SGDP": 69.0}   # ImageNet


def project_radial(w: np.ndarray, p: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """Remove from update ``p`` its component along ``w``: ``p - (w_hat . p) w_hat``.

    Works on a vector or on the last axis of a batch of vectors.
    """
    w_hat = w / (np.linalg.norm(w, axis=-1, keepdims=True) + eps)
    return p - w_hat * np.sum(w_hat * p, axis=-1, keepdims=True)


def looks_scale_invariant(w: np.ndarray, grad: np.ndarray, delta: float = 0.1,
                          eps: float = 1e-8) -> bool:
    """The official code's test (one view): ``|cos(grad, w)| < delta / sqrt(dim)``."""
    cos = abs(float(w @ grad)) / ((np.linalg.norm(w) + eps) * (np.linalg.norm(grad) + eps))
    return cos < delta / np.sqrt(w.size)


def cosine_loss_grad(w: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Loss and gradient of the project page's toy ``f(w) = -<w/||w||, u>`` (``u`` a unit
    vector); the gradient ``-(u - (w_hat . u) w_hat) / ||w||`` is orthogonal to ``w``."""
    n = np.linalg.norm(w)
    w_hat = w / n
    c = float(w_hat @ target)
    return -c, -(target - c * w_hat) / n


OPTIMIZERS = ("SGD", "SGD + momentum", "SGDP")


def simulate(optimizer: str, lr: float = 0.1, momentum: float = 0.9, steps: int = 200,
             dim: int = 2, noise: float = 0.0, w0_norm: float = 1.0, seed: int = 0
             ) -> pd.DataFrame:
    """Run one optimizer on the scale-invariant toy and record the norm and the angle.

    Parameters
    ----------
    optimizer : {"SGD", "SGD + momentum", "SGDP"}
        Plain GD, heavy-ball momentum, or momentum with the radial component of each update
        removed (SGDP, as in the official code: the buffer is kept, the update projected).
    lr : float
        Learning rate eta.
    momentum : float
        beta (ignored by "SGD").
    steps, dim : int
        Number of steps; dimension of the weight.
    noise : float
        Relative size of Gaussian gradient noise, kept orthogonal to ``w`` so the problem
        stays scale-invariant (0 for full-batch GD).
    w0_norm : float
        Initial norm; the start is 90 degrees from the optimum.
    seed : int

    Returns
    -------
    DataFrame
        Columns step, norm, effective_step (= lr / norm^2), angle_deg (to the optimum),
        loss, update_norm.
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}")
    rng = np.random.default_rng(seed)
    target = np.zeros(dim)
    target[0] = 1.0
    w = np.zeros(dim)
    w[1] = w0_norm
    buf = np.zeros(dim)
    beta_ = 0.0 if optimizer == "SGD" else momentum
    rows = []
    for t in range(steps + 1):
        loss, grad = cosine_loss_grad(w, target)
        n = float(np.linalg.norm(w))
        angle = float(np.degrees(np.arccos(np.clip(-loss, -1.0, 1.0))))
        if noise > 0:
            xi = project_radial(w, rng.standard_normal(dim))
            grad = grad + noise * xi / (np.linalg.norm(xi) + 1e-12) / n
        buf = beta_ * buf + grad
        update = project_radial(w, buf) if optimizer == "SGDP" else buf
        rows.append((t, n, lr / n**2, angle, loss, float(np.linalg.norm(update))))
        if t < steps:
            w = w - lr * update
    return pd.DataFrame(rows, columns=["step", "norm", "effective_step", "angle_deg", "loss",
                                       "update_norm"])


def compare(lr: float = 0.1, momentum: float = 0.9, steps: int = 200, dim: int = 2,
            noise: float = 0.0, w0_norm: float = 1.0, seed: int = 0) -> pd.DataFrame:
    """:func:`simulate` for every optimizer, stacked with an ``optimizer`` column."""
    return pd.concat([simulate(o, lr, momentum, steps, dim, noise, w0_norm, seed)
                      .assign(optimizer=o) for o in OPTIMIZERS], ignore_index=True)


def momentum_norm_sq(w0_sq: float, update_norms: np.ndarray, lr: float, beta_: float
                     ) -> np.ndarray:
    """Squared norms predicted by the §2 momentum identity from the update norms ``||p_t||``
    (valid when every gradient is orthogonal to its weight):
    ``||w_{t+1}||^2 = ||w_t||^2 + eta^2 ||p_t||^2 + 2 eta^2 sum_{k<t} beta^(t-k) ||p_k||^2``.

    Returns ``||w_0||^2, ..., ||w_T||^2`` for ``T = len(update_norms)``.
    """
    p_sq = np.asarray(update_norms, dtype=float) ** 2
    out = [float(w0_sq)]
    carry = 0.0   # sum_{k<t} beta^(t-k) ||p_k||^2
    for t, ps in enumerate(p_sq):
        carry = beta_ * carry if t else 0.0
        if t:
            carry += beta_ * p_sq[t - 1]
        out.append(out[-1] + lr**2 * ps + 2 * lr**2 * carry)
    return np.array(out)


def growth_summary(runs: pd.DataFrame) -> pd.DataFrame:
    """Per optimizer: final norm, norm growth, final effective step and final angle."""
    rows = []
    for name, g in runs.groupby("optimizer", sort=False):
        first, last = g.iloc[0], g.iloc[-1]
        rows.append({"optimizer": name, "final norm": last["norm"],
                     "norm growth x": last["norm"] / first["norm"],
                     "final effective step": last["effective_step"],
                     "effective step / initial": last["effective_step"]
                     / first["effective_step"],
                     "final angle to optimum [deg]": last["angle_deg"]})
    return pd.DataFrame(rows)


BIBTEX = """@inproceedings{heo2021adamp,
  title     = {{AdamP}: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant
               Weights},
  author    = {Heo, Byeongho and Chun, Sanghyuk and Oh, Seong Joon and Han, Dongyoon and
               Yun, Sangdoo and Kim, Gyuwan and Uh, Youngjung and Ha, Jung-Woo},
  booktitle = {International Conference on Learning Representations (ICLR)},
  year      = {2021}
}"""

PAPER = Paper(
    key="heo2021",
    topic="Hyperparameters and model shape",
    title="AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights",
    authors="Heo, Chun, Oh, Han, Yun, Kim, Uh, Ha",
    year=2021,
    arxiv="2006.08217",
    bibtex=BIBTEX,
    summary=("Weights followed by normalisation are scale-invariant: the gradient is "
             "orthogonal to them, every step lengthens them, and the effective step size of "
             "their direction falls as eta / ||w||^2. Momentum makes the norm grow far "
             "faster, so the effective step decays prematurely. SGDP and AdamP remove the "
             "radial component of each update, which keeps the norm in check without "
             "changing the direction the weight moves in."),
    assumptions=[
        "The identities hold exactly for scale-invariant weights (gradient orthogonal to the "
        "weight) and no weight decay; real layers are only approximately so.",
        "The simulation is a toy (the project page's cosine objective), not a network; its "
        "learning rate and step count are yours.",
        "The official code applies the projection only where the weight looks "
        "scale-invariant (|cos(grad, w)| < delta / sqrt(dim), delta = 0.1); in the toy it "
        "always does.",
    ],
    laws=[effective_step, gd_norm_growth, momentum_amplification],
    page_features=["effective step size eta / ||w||^2",
                   "norm growth with and without momentum, the closed form checked",
                   "simulation of SGD, momentum SGD and SGDP on a scale-invariant toy"],
)
