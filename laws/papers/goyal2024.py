"""Goyal, Maini, Lipton, Raghunathan, Kolter (2024), Scaling Laws for Data Filtering: Data
Curation cannot be Compute Agnostic (CVPR 2024; arXiv:2404.07177).

Relations
---------
``goyal2024.error``
    One pass over fresh data: ``y = (a n / 10^5)^b + d`` with ``b < 0``; ``y`` is ImageNet
    zero-shot error and ``n`` the samples seen. This is the authors' code's
    parameterisation (``objective.py``), in which the published constants live; the paper
    writes ``y = a' n^b + d`` with ``a' = (a / 10^5)^b``.
``goyal2024.utility``
    Utility of the (k+1)-th pass over the same data: ``b_k = b 2^(-k / tau)``; ``tau`` is
    the half-life of a sample's utility, in repetitions (paper Eq. for ``b_{k+1}``).

Functions give the loss under repetition (each epoch k multiplies the error by
``(n_k / n_{k-1})^(b_k)``) for one pool and for a mix of the best ``p`` pools (each pool's
half-life scaled by ``p``, utilities averaged), as ``func_effective_utility`` and
``func_effective_utility_aggregation`` of the repository compute them.

Evidence [P-code]: locuslab/scaling_laws_data_filtering, ``objective.py`` and
``estimate_best_pool.py`` at commit ba37663; fitted constants from
``results/parameter_values.jsonl`` at commit cf5ced1 (key ``tmars_imagenet1k_utility``:
a = 0.025, d = 0.1, and b, tau per T-MARS pool). The repository's printed predictions at
32M and 640M samples are pinned in the tests. The paper's own equations are known to us
only through a transcription [S]; they match the code up to the parameterisation above
and the placement of ``d``, which the code multiplies by the repetition factors.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

n, k = sp.symbols("n k", positive=True)
a, b, d, tau = sp.symbols("a b d tau", positive=True)
NORMALIZER = 1e5  # objective.py: normalizer=100_000
POOL_SIZE = 12_800_000  # estimate_best_pool.py --pool_size: one T-MARS bucket
JSONL = "parameter_values.jsonl (commit cf5ced1), key tmars_imagenet1k_utility"

error = Law(
    "goyal2024.error", "y(n), fresh data", (a * n / sp.Integer(100_000)) ** b + d,
    Variable("error", "", (0, 1), log=False, latex="y",
             meaning="ImageNet-1k zero-shot error (1 - accuracy)"),
    [Variable("n", "samples", (1e6, 1e10), meaning="image-text samples seen")],
    [Param("a", 0.025, f"{JSONL}: one a for every pool (grid search)", (1e-4, 1.0), log=True,
           meaning="scale of samples inside the power (code's parameterisation)"),
     Param("b", -0.16, f"{JSONL}: top 0-10% T-MARS pool", (-0.5, -0.005),
           meaning="utility exponent of fresh data (more negative: more useful)"),
     Param("d", 0.1, f"{JSONL}: d fixed at 0.1 in the grid search", (0.0, 0.9),
           meaning="irreducible error")],
    equation="objective.py, first epoch; paper Eq. (1) up to parameterisation",
    fit_defaults=FitDefaults(loss="squared", space="linear", n_random=256, refine=12,
                             source="sum of squared errors (the authors grid-search b and "
                                    "tau with d fixed at 0.1)"))
utility = Law(
    "goyal2024.utility", "b_k, utility of repeated data", b * 2 ** (-k / tau),
    Variable("b_k", "", (-0.5, 0), log=False, latex="b_{k}",
             meaning="utility exponent of the (k+1)-th pass over the same samples"),
    [Variable("k", "repetitions", (0, 50), log=False,
              meaning="passes already made over these samples")],
    [Param("b", -0.16, f"{JSONL}: top 0-10% pool", (-0.5, -0.005),
           meaning="utility exponent of fresh data"),
     Param("tau", 6.7273, f"{JSONL}: top 0-10% pool (c)", (1.0, 20.0), latex=r"\tau",
           meaning="half-life of utility, in repetitions")],
    equation="paper Section 3 (b_{k+1} = b 2^{-k/tau}); objective.py delta = 0.5^(epoch/c)")


def samples_to_reach(values: dict, excess: float = 0.1) -> float:
    """Fresh samples for the error to fall to ``d + excess``: ``n = 10^5 excess^(1/b) / a``
    [samples] (inverting ``goyal2024.error``)."""
    p = {**error.defaults, **values}
    return NORMALIZER * excess ** (1 / p["b"]) / p["a"]


@dataclass(frozen=True)
class Pool:
    """A data pool: its fitted utility exponent ``b`` and half-life ``tau``."""

    name: str
    b: float
    tau: float


#: Fitted T-MARS pools of DataComp-medium, ImageNet-1k zero-shot error ({JSONL}), in the
#: order of the jsonl; the random 25% of the top 40% is not used by estimate_best_pool.py.
TMARS_POOLS = (Pool("top 0-10%", -0.16, 6.7272727272727275),
               Pool("top 10-20%", -0.125, 8.545454545454547),
               Pool("top 20-30%", -0.1, 5.2727272727272725),
               Pool("top 30-40%", -0.085, 2.2727272727272725))
TMARS_RANDOM = Pool("random 25% of top 0-40%", -0.12000000000000001, 6.0)
TMARS_A, TMARS_D = 0.025, 0.1


def error_with_repetition(samples_seen, a: float, b_values, tau_values, d: float,
                          samples_per_epoch: float) -> np.ndarray:
    """Error after ``samples_seen`` samples drawn by passing repeatedly over a pool.

    Parameters
    ----------
    samples_seen : array_like
        Samples seen [samples].
    a, d : float
        Scale and irreducible error (code's parameterisation).
    b_values, tau_values : float or sequence of float
        Utility exponent and half-life of each pool mixed in equal shares; the epoch's
        exponent is the mean ``b_i 0.5^(k / tau_i)`` (``func_effective_utility_aggregation``;
        one pool gives ``func_effective_utility``).
    samples_per_epoch : float
        Size of the (mixed) pool [samples].

    Returns
    -------
    numpy.ndarray
        ``y = (s_0^(b_0) + d) prod_{k=1..K} (s_k / s'_k)^(b_k)`` with ``K = floor(seen / S)``,
        ``s_k = a min(S (k+1), seen) / 10^5`` and ``s'_k = a S k / 10^5``.
    """
    seen = np.asarray(samples_seen, float)
    b_values = np.atleast_1d(np.asarray(b_values, float))
    tau_values = np.atleast_1d(np.asarray(tau_values, float))
    s = float(samples_per_epoch)
    epochs = np.floor(seen / s)
    top = int(np.nanmax(epochs)) if seen.size and np.isfinite(epochs).any() else 0
    ks = np.arange(top + 1, dtype=float)
    b_k = (b_values[None, :] * 0.5 ** (ks[:, None] / tau_values[None, :])).mean(axis=1)
    # Full epochs k = 1..K-1 each multiply y by ((k+1)/k)^b_k: a cumulative sum of logs;
    # the last, partial epoch K by (seen / (S K))^b_K (1 when seen is a multiple of S).
    full = np.concatenate([[0.0], np.cumsum(b_k[1:] * np.log1p(1.0 / ks[1:]))])
    first = a * np.minimum(s, seen) / NORMALIZER
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(first > 0, first ** b_k[0], 0.0) + d
        K = np.where(np.isfinite(epochs), epochs, 0).astype(int)
        done = full[np.maximum(K - 1, 0)]
        last = np.where(K >= 1, b_k[K] * np.log(seen / (s * np.maximum(K, 1))), 0.0)
        y = y * np.exp(np.where(K >= 1, done + last, 0.0))
    return np.where(np.isfinite(seen), y, np.nan)


def best_pools_error(samples_seen, pools=TMARS_POOLS, buckets: int = 1, a: float = TMARS_A,
                     d: float = TMARS_D, pool_size: float = POOL_SIZE) -> np.ndarray:
    """Error of training on the best ``buckets`` pools mixed together (estimate_best_pool.py):
    pools are ranked by ``b`` (most negative first), the mixed pool holds
    ``buckets * pool_size`` samples, and each pool's half-life is scaled by ``buckets``."""
    ranked = sorted(pools, key=lambda p: p.b)[:buckets]
    return error_with_repetition(samples_seen, a, [p.b for p in ranked],
                                 [p.tau * buckets for p in ranked], d, pool_size * buckets)


def best_pool_accuracy_table(samples=(32e6, 64e6, 128e6, 640e6), pools=TMARS_POOLS,
                             **kwargs) -> dict[str, list[float]]:
    """Predicted accuracy [%] of the best 1..len(pools) pools at each budget, as
    ``estimate_best_pool.py`` prints it (rows top10, top20, ...)."""
    return {f"top{10 * i}": list(100 * (1 - best_pools_error(np.asarray(samples, float),
                                                             pools, i, **kwargs)))
            for i in range(1, len(pools) + 1)}


def best_choice(samples_seen, pools=TMARS_POOLS, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """For each budget: how many of the best pools to use (1-based) and its error."""
    errors = np.stack([best_pools_error(samples_seen, pools, i, **kwargs)
                       for i in range(1, len(pools) + 1)])
    return errors.argmin(axis=0) + 1, errors.min(axis=0)


BIBTEX = """@inproceedings{goyal2024scaling,
  title     = {Scaling Laws for Data Filtering -- Data Curation cannot be Compute Agnostic},
  author    = {Goyal, Sachin and Maini, Pratyush and Lipton, Zachary C. and
               Raghunathan, Aditi and Kolter, J. Zico},
  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern
               Recognition (CVPR)},
  pages     = {22702--22711},
  year      = {2024}
}"""

PAPER = Paper(
    key="goyal2024",
    topic="Data, inference and downstream",
    title="Scaling Laws for Data Filtering: Data Curation cannot be Compute Agnostic",
    authors="Goyal, Maini, Lipton, Raghunathan, Kolter",
    year=2024,
    arxiv="2404.07177",
    bibtex=BIBTEX,
    summary=("High-quality data is scarce, so aggressive filtering means repeating it, and "
             "a sample's utility decays each time it is seen again (half-life tau "
             "repetitions). Scaling laws per quality pool, with that decay and a rule for "
             "mixing pools, predict which filter is best at a given compute: with little "
             "compute keep only the best 10% of DataComp-medium (by T-MARS score); with more "
             "compute, larger and lower-quality pools win, because the best pool's repeats "
             "are worth less than fresh, worse data."),
    assumptions=[
        "Constants are the authors' grid-search fits to CLIP models trained on T-MARS "
        "buckets of DataComp-medium (12.8M samples each), ImageNet-1k zero-shot error.",
        "Every pool shares a = 0.025 and d = 0.1; b and tau differ per pool.",
        "Mixing p pools: each pool's half-life becomes p tau (it is repeated p times less "
        "often) and the epoch's exponent is the mean of the pools' (repository code).",
        "The code multiplies d by the repetition factors; the paper adds d outside.",
    ],
    laws=[error, utility],
    page_features=["utility decay with repetition (half-life)",
                   "error under repetition for each T-MARS pool",
                   "which pool wins at which compute (crossover)",
                   "repository predictions at 32M-640M samples reproduced",
                   "fit the fresh-data law to your runs"],
)
