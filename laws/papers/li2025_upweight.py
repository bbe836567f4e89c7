"""Li, Xu, Tan, Murray, Khashabi (2025), Upsample or Upweight? Balanced Training on Heavily
Imbalanced Datasets (NAACL 2025; arXiv:2410.04579).

Relations
---------
``li2025_upweight.probability_ratio``
    Temperature sampling (Section 2.1), ``p(i; tau) ∝ |D_i|^(1/tau)``: two groups whose
    sizes differ by ``size_ratio`` are sampled in the ratio ``size_ratio^(1/tau)``.
``li2025_upweight.weight_ratio``
    Theorem 1: under full gradient descent, temperature sampling equals scalarization
    (reweighting the loss of proportional sampling) with ``w_i = p(i; tau) / p(i; 1)``;
    the weights of two groups differ by ``size_ratio^(1/tau - 1)``.

Functions give the full picture for any list of group sizes: the probabilities and
weights, the gradient second moment of scalarization ``sum_i p(i; tau)^2 / p(i; 1)``
(Theorems 2-3 and Fig. 2, against 1 for temperature sampling), and the Cooldown schedule
of Section 4 (tau = 5 first, then tau = 1), with how many epochs each group is repeated.

Evidence [P-text, full text]: the definitions (Section 2.1), Theorems 1-3, Fig. 2's
variance ``sum_i p(i;tau)^2 / p(i;1)`` with ``|D_i| ∝ i^-alpha``, Cooldown's switch points
(30k + 30k iterations for machine translation, 50k + 50k for mC4), Table 2 (mT5 weights at
tau = 3.33), Table 4 (mC4 dev losses) and Fig. 3 (gradient-norm variance 2.25 for
scalarization against 0.62 for temperature sampling).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import Law, Paper, Param, Variable

size_ratio, tau = sp.symbols("size_ratio tau", positive=True)
TEXT = "Li et al. 2025"

TAU = Param("tau", 3.33, f"{TEXT}, Table 2: mT5's sampling temperature (1/0.3)", (1.0, 100.0),
            log=True, latex=r"\tau",
            meaning="sampling temperature: 1 samples in proportion to size, infinity uniformly")
RATIO = Variable("size_ratio", "", (1.0, 1e4), latex=r"|\mathcal{D}_i| / |\mathcal{D}_j|",
                 meaning="how many times larger group i is than group j")

probability_ratio = Law(
    "li2025_upweight.probability_ratio", "p(i; tau) / p(j; tau)", size_ratio ** (1 / tau),
    Variable("probability_ratio", "", (1.0, 1e4), latex=r"p(i;\tau) / p(j;\tau)",
             meaning="how much more often group i is sampled than group j"),
    [RATIO], [TAU], equation="Section 2.1, temperature sampling")
weight_ratio = Law(
    "li2025_upweight.weight_ratio", "w_i / w_j", size_ratio ** (1 / tau - 1),
    Variable("weight_ratio", "", (1e-4, 1.0), latex=r"w_i / w_j",
             meaning="loss weight of group i relative to group j in the equivalent "
                     "scalarization"),
    [RATIO], [TAU], equation="Theorem 1")

#: mC4 subset of Table 4 [billions of tokens] (Section 4.2; sizes as printed in Table 2).
MC4_SIZES = {"EN": 2733.0, "IT": 162.0, "ZH": 39.0, "SW": 1.0}
#: Table 2: mT5's sampling weights at tau = 3.33 [%] over all its languages (only their
#: ratios are comparable with this subset).
TABLE_2_WEIGHTS = {"EN": 5.67, "IT": 2.43, "ZH": 1.67, "SW": 0.5}
#: Table 4: mC4 dev loss per language.
TABLE_4_LOSS = pd.DataFrame(
    [("tau = 1", 2.67, 3.10, 4.23, 4.09), ("tau = 5", 2.91, 3.01, 3.14, 3.12),
     ("tau = 100", 3.02, 2.88, 2.76, 3.01), ("Cooldown", 2.75, 2.63, 2.56, 2.94),
     ("DoReMi", 2.89, 2.63, 2.51, 2.89)], columns=["method", "EN", "IT", "ZH", "SW"])
#: Fig. 3: variance of gradient norms between mini-batches.
FIG_3_VARIANCE = {"scalarization": 2.25, "temperature sampling": 0.62}
#: Section 4: Cooldown, tau = 5 then tau = 1, switch after 30k of 60k iterations (MT) or
#: 50k of 100k (mC4).
COOLDOWN = {"machine translation": (5.0, 1.0, 30_000, 60_000),
            "multilingual LM (mC4)": (5.0, 1.0, 50_000, 100_000)}


def sampling_probabilities(sizes, tau: float) -> np.ndarray:
    """``p(i; tau) = |D_i|^(1/tau) / sum_j |D_j|^(1/tau)`` (Section 2.1), computed in logs.

    Parameters
    ----------
    sizes : array_like
        Group sizes ``|D_i|`` (any unit, all positive).
    tau : float or array_like
        Temperature(s); an array gives one row per temperature.
    """
    log_n = np.log(np.asarray(sizes, float))
    t = np.atleast_1d(np.asarray(tau, float))[:, None]
    z = log_n[None, :] / t
    p = np.exp(z - np.logaddexp.reduce(z, axis=1, keepdims=True))
    return p[0] if np.ndim(tau) == 0 else p


def equivalent_weights(sizes, tau: float) -> np.ndarray:
    """Theorem 1: ``w_i = p(i; tau) / p(i; 1)``, the loss weights under proportional
    sampling that give temperature sampling's full-batch gradient."""
    return sampling_probabilities(sizes, tau) / sampling_probabilities(sizes, 1.0)


def scalarization_second_moment(sizes, tau) -> np.ndarray:
    """``sum_i p(i; tau)^2 / p(i; 1)`` (Fig. 2): the per-example gradient second moment of
    scalarization when every group's per-example gradients have the same second moment;
    temperature sampling's is 1 in the same units. It is at least 1 (Theorem 2, by
    Cauchy-Schwarz) and grows with tau >= 1 (Theorem 3)."""
    p = sampling_probabilities(sizes, tau)
    return (p ** 2 / sampling_probabilities(sizes, 1.0)).sum(axis=-1)


def zipf_sizes(groups: int, alpha: float) -> np.ndarray:
    """``|D_i| ∝ i^-alpha`` for i = 1..groups (Fig. 2's imbalance)."""
    return np.arange(1, groups + 1, dtype=float) ** -alpha


def cooldown_tau(step, switch: float, hi: float = 5.0, lo: float = 1.0) -> np.ndarray:
    """Section 4's Cooldown: ``tau = hi`` before step ``switch``, ``lo`` from it on."""
    return np.where(np.asarray(step, float) < switch, hi, lo)


def epochs_seen(sizes, tokens_per_step: float, taus) -> np.ndarray:
    """How many times each group is passed over by a schedule of temperatures.

    Parameters
    ----------
    sizes : array_like
        Group sizes [tokens].
    tokens_per_step : float
        Tokens drawn per step [tokens].
    taus : array_like
        Temperature at each step.

    Returns
    -------
    numpy.ndarray
        Epochs of each group, ``sum_steps tokens_per_step p(i; tau_t) / |D_i|``.
    """
    sizes = np.asarray(sizes, float)
    values, counts = np.unique(np.asarray(taus, float), return_counts=True)
    drawn = (counts[:, None] * sampling_probabilities(sizes, values)).sum(axis=0)
    return tokens_per_step * drawn / sizes


def clean_sizes(frame: pd.DataFrame, name_col: str = "group",
                size_col: str = "size") -> tuple[pd.DataFrame, list[str]]:
    """Rows of a groups table with a usable (finite, positive) size, and sentences
    saying which rows were left out and why."""
    size = pd.to_numeric(frame[size_col], errors="coerce")
    bad_number = ~np.isfinite(size)
    bad_sign = np.isfinite(size) & (size <= 0)
    notes = []
    if bad_number.any():
        notes.append(f"{int(bad_number.sum())} row(s) have no number as size and were left "
                     f"out.")
    if bad_sign.any():
        notes.append(f"{int(bad_sign.sum())} row(s) have a size of zero or below (a group "
                     f"must hold data) and were left out.")
    keep = ~(bad_number | bad_sign)
    out = pd.DataFrame({"group": frame.loc[keep, name_col].astype(str).to_numpy(),
                        "size": size[keep].to_numpy(float)})
    return out, notes


BIBTEX = """@inproceedings{li2025upsample,
  title     = {Upsample or Upweight? Balanced Training on Heavily Imbalanced Datasets},
  author    = {Li, Tianjian and Xu, Haoran and Tan, Weiting and Murray, Kenton and
               Khashabi, Daniel},
  booktitle = {Proceedings of NAACL},
  year      = {2025},
  note      = {arXiv:2410.04579}
}"""

PAPER = Paper(
    key="li2025_upweight",
    short="Li 2025 · Upweight",
    topic="Data, inference and downstream",
    title="Upsample or Upweight? Balanced Training on Heavily Imbalanced Datasets",
    authors="Li, Xu, Tan, Murray, Khashabi",
    year=2025,
    arxiv="2410.04579",
    bibtex=BIBTEX,
    summary=("Two ways to balance groups of very different size (languages, tasks): sample "
             "group i with probability proportional to |D_i|^(1/tau) (temperature "
             "sampling), or sample in proportion to size and reweight each group's loss "
             "(scalarization). With full gradients they are the same (Theorem 1, "
             "w_i = p(i;tau)/p(i;1)); with mini-batches scalarization's gradients vary more "
             "(Theorems 2-3), so temperature sampling converges faster, but a high "
             "temperature repeats small groups and overfits them. Cooldown starts with a "
             "high temperature and switches to tau = 1."),
    assumptions=[
        "Theorem 1 holds for full-batch gradient descent; the variance results compare "
        "per-example gradients with equal second moments across groups.",
        "Sizes here are in billions of tokens (the paper's mC4 subset EN, IT, ZH, SW); only "
        "ratios of sizes matter.",
        "Cooldown's switch points are the paper's (30k of 60k iterations for translation, "
        "50k of 100k for mC4); other schedules are yours.",
    ],
    laws=[probability_ratio, weight_ratio],
    page_features=["temperature-sampling probabilities and equivalent loss weights",
                   "gradient second moment: scalarization vs temperature sampling",
                   "Cooldown schedule and how often each group is repeated"],
)
