"""Stroebl, Kapoor, Narayanan (2024), Inference Scaling fLaws: The Limits of LLM Resampling
with Imperfect Verifiers (arXiv:2411.17501; v3 retitled "The Limits of Inference Scaling
Through Resampling", ICLR 2026).

Relations
---------
``stroebl2024.accuracy``
    Accuracy after up to ``K`` samples, resampling until the verifier accepts one:
    ``Acc(K) = c r (1 - beta^K) / (1 - beta)`` with ``beta = (1 - c) r + s (1 - r)``.
``stroebl2024.false_positive``
    Share of tasks answered with an accepted but wrong sample after ``K`` attempts,
    ``FP(K) = (1 - r)(1 - s)(1 - beta^K) / (1 - beta)``.
``stroebl2024.reward``
    Expected reward of one task type when a true positive is worth +1 and a false positive
    ``-cost``: ``(c r - cost (1 - r)(1 - s)) (1 - beta^K) / (1 - beta)``.
``stroebl2024.pass_at_k``
    The unbiased pass@k estimator of Chen et al. (2021) from ``n`` samples of which ``c``
    are correct, ``1 - C(n - c, k) / C(n, k)``, evaluated stably (never through binomials).

Evidence. The single-type model, its ceiling and the two-type expected reward are those of
the authors' notebook ``notebooks/limits_to_inference_scaling_model.ipynb`` in
benediktstroebl/inference-scaling-limits (commit 11a8f6e); the notebook prints
``beta_1 = 0.0975, beta_2 = 0.6525, p_fluke = 0.0325, 0.2175`` for its example, pinned in the
tests. The pass@k estimator is ``human_eval/evaluation.py::estimate_pass_at_k`` of the same
repository (Chen et al. 2021, Codex paper, Eq. 1). The empirical protocol (reward -cost for a
false positive; HumanEval tests as the verifier, HumanEval+ as ground truth) is Section 4 of
the paper; its costs 0, 1, 2, 4, 8 are confirmed in the authors'
``evalplus/scaling_curves.ipynb`` (``pass_base_rewards = [0, -1, -2, -4, -8]``), and the
abstract (v2) says the optimal number of samples "can be less than 10 under realistic
assumptions".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

K = sp.Symbol("K", positive=True)
r, c, s, cost = sp.symbols("r c s cost", positive=True)
NOTEBOOK = "Stroebl et al. 2024, notebook limits_to_inference_scaling_model.ipynb (example type)"
FREE = "your model and verifier (no single published value)"

#: Symbolic pieces of the model, as the notebook names them.
p_correct = c * r                                 # accepted and correct
p_fluke = (1 - r) * (1 - s)                       # accepted but wrong (false positive)
beta = (1 - c) * r + s * (1 - r)                  # rejected: draw again
geometric = (1 - beta ** K) / (1 - beta)          # sum_{j=1..K} beta^(j-1)
#: 1 - beta = p_correct + p_fluke (every sample is accepted or rejected), so the
#: K -> infinity limit of Acc(K) is p_correct / (p_correct + p_fluke).
ceiling_expr = p_correct / (p_correct + p_fluke)

VAR_K = Variable("K", "samples", (1, 1000), log=True,
                 meaning="most samples drawn per task (stop at the first one the verifier accepts)")
MODEL = [Param("r", 0.13, f"{FREE}; {NOTEBOOK}: hard type r_2 = 0.13", (0.001, 0.999),
               meaning="probability that one sample is correct (single-sample accuracy)"),
         Param("c", 1.0, f"{NOTEBOOK}: c = 1 (unit tests pass every correct program)",
               (0.01, 1.0), meaning="verifier completeness, P(accept | correct)"),
         Param("s", 0.75, f"{NOTEBOOK}: s = 0.75", (0.0, 1.0),
               meaning="verifier soundness, P(reject | incorrect)")]

accuracy = Law(
    "stroebl2024.accuracy", "Acc(K)", p_correct * geometric,
    Variable("accuracy", "", (0, 1), log=False, latex=r"\mathrm{Acc}",
             meaning="share of tasks answered correctly after at most K samples"),
    [VAR_K], MODEL, equation="notebook model; paper Section 3",
    fit_defaults=FitDefaults(loss="squared", space="linear", n_random=256, refine=12,
                             source="least squares on accuracy (the paper fits nothing; "
                                    "only the ceiling is identifiable)"))
false_positive = Law(
    "stroebl2024.false_positive", "FP(K)", p_fluke * geometric,
    Variable("false_positive", "", (0, 1), log=False, latex=r"\mathrm{FP}",
             meaning="share of tasks answered with an accepted but wrong sample"),
    [VAR_K], MODEL, equation="notebook model; paper Section 3")
reward = Law(
    "stroebl2024.reward", "E[reward](K)", (p_correct - cost * p_fluke) * geometric,
    Variable("reward", "", (-10, 1), log=False, latex=r"\mathbb{E}[R]",
             meaning="expected reward per task: +1 correct, -cost accepted but wrong, 0 none"),
    [VAR_K], MODEL + [Param("cost", 1.0, "Section 4 and evalplus/scaling_curves.ipynb: costs "
                                         "0, 1, 2, 4, 8 per false positive",
                            (0.0, 16.0), meaning="cost of a false positive relative to the "
                                                 "benefit of a correct answer")],
    equation="notebook model, one task type")


def ceiling(values: dict | None = None) -> float:
    """Accuracy with unlimited resampling, ``c r / (c r + (1 - r)(1 - s))`` [0-1]
    (the notebook's limit; with a sound verifier, s = 1, it is 1)."""
    p = {**accuracy.defaults, **(values or {})}
    pc, pf = p["c"] * p["r"], (1 - p["r"]) * (1 - p["s"])
    return float(pc / (pc + pf)) if pc + pf > 0 else float("nan")


def rejection_rate(values: dict | None = None) -> float:
    """``beta = (1 - c) r + s (1 - r)``: the probability that one sample is rejected."""
    p = {**accuracy.defaults, **(values or {})}
    return (1 - p["c"]) * p["r"] + p["s"] * (1 - p["r"])


def samples_to_reach(target: float, values: dict | None = None) -> float:
    """Smallest K with ``Acc(K) >= target`` (inf when the target is at or above the
    ceiling): ``K = log(1 - target (1 - beta) / (c r)) / log(beta)``, rounded up."""
    p = {**accuracy.defaults, **(values or {})}
    b, pc = rejection_rate(p), p["c"] * p["r"]
    if target >= ceiling(p) or pc <= 0:
        return float("inf")
    if target <= 0:
        return 0.0
    if b <= 0:
        return 1.0
    return float(np.ceil(np.log1p(-target * (1 - b) / pc) / np.log(b) - 1e-12))


# --- two task types: the best K when false positives cost something ------------------
@dataclass(frozen=True)
class TaskType:
    """One kind of task: prior share, single-sample accuracy, verifier c and s."""

    share: float
    r: float
    c: float = 1.0
    s: float = 0.75

    @property
    def p_correct(self) -> float:
        return self.c * self.r

    @property
    def p_fluke(self) -> float:
        return (1 - self.r) * (1 - self.s)

    @property
    def beta(self) -> float:
        return (1 - self.c) * self.r + self.s * (1 - self.r)


#: The notebook's example: easy tasks (r = 0.87) make 58% of the benchmark, hard (r = 0.13)
#: the rest; unit tests with c = 1, s = 0.75.
NOTEBOOK_TYPES = (TaskType(0.58, 0.87), TaskType(0.42, 0.13))


def mixture_reward(k_max: int, types=NOTEBOOK_TYPES, cost: float = 1.0,
                   method: str = "exact") -> np.ndarray:
    """Expected reward per task for K = 1..k_max over a mixture of task types.

    Parameters
    ----------
    k_max : int
        Largest number of samples.
    types : sequence of TaskType
        Task types; their shares are normalised to sum to 1.
    cost : float
        Cost of a false positive, in units of the benefit of a correct answer.
    method : {"exact", "notebook"}
        ``"exact"``: ``sum_i share_i sum_{j<=K} beta_i^(j-1) (p_correct,i - cost p_fluke,i)``.
        ``"notebook"``: the authors' notebook, which weights step k by posterior beliefs
        ``p_t,i(k) ∝ beta_i^(k-1) share_i`` (the task survived k - 1 rejections):
        increment ``[sum_i p_t,i (p_c,i - cost p_f,i)] [sum_i beta_i^(k-1) p_t,i]``.

    Returns
    -------
    numpy.ndarray
        Cumulative expected reward, shape ``(k_max,)``.
    """
    share = np.array([t.share for t in types], float)
    share = share / share.sum()
    b = np.array([t.beta for t in types])
    gain = np.array([t.p_correct - cost * t.p_fluke for t in types])
    survive = b[None, :] ** np.arange(k_max)[:, None]            # beta_i^(k-1)
    if method == "exact":
        return np.cumsum(survive @ (share * gain))
    if method != "notebook":
        raise ValueError(f"method must be 'exact' or 'notebook', not {method!r}")
    weight = survive * share
    total = weight.sum(axis=1, keepdims=True)
    # once every task has been accepted (total 0) nothing is drawn again: increment 0
    posterior = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    return np.cumsum((posterior @ gain) * (survive * posterior).sum(axis=1))


def best_k(rewards: np.ndarray) -> int:
    """The K (1-based) with the highest cumulative reward, or 0 when every K loses
    against abstaining (reward 0)."""
    i = int(np.argmax(rewards))
    return i + 1 if rewards[i] > 0 else 0


def mixture_accuracy(k: np.ndarray, types=NOTEBOOK_TYPES) -> tuple[np.ndarray, np.ndarray]:
    """Accuracy and false-positive rate after at most ``k`` samples over task types."""
    k = np.asarray(k, float)
    share = np.array([t.share for t in types], float)
    share = share / share.sum()
    acc = sum(w * t.p_correct * _geometric(t.beta, k) for w, t in zip(share, types))
    fp = sum(w * t.p_fluke * _geometric(t.beta, k) for w, t in zip(share, types))
    return acc, fp


def _geometric(b: float, k: np.ndarray) -> np.ndarray:
    """``sum_{j=1..k} b^(j-1)`` for 0 <= b <= 1, without cancellation near b = 1."""
    if b >= 1:
        return k
    if b <= 0:
        return np.ones_like(k)
    return -np.expm1(k * np.log(b)) / (1 - b)


# --- pass@k -------------------------------------------------------------------------
n_s, c_s, k_s = sp.symbols("n c k", positive=True)


def _pass_at_k_one(n: float, c: float, k: float) -> float:
    if not (np.isfinite(n) and np.isfinite(c) and np.isfinite(k)) or n < 1 or k < 1 \
            or c < 0 or c > n or k > n or n != int(n) or c != int(c) or k != int(k):
        return float("nan")
    if n - c < k:
        return 1.0
    # C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k / i); summed as logs, and
    # 1 - exp(x) as -expm1(x), which keeps small pass@k accurate.
    i = np.arange(n - c + 1, n + 1, dtype=float)
    return float(-np.expm1(np.sum(np.log1p(-k / i)))) + 0.0  # + 0.0: no -0.0


_pass_at_k_vectorised = np.vectorize(_pass_at_k_one, otypes=[float])


class _StableLaw(Law):
    """A Law whose numbers come from a stable numeric routine rather than from
    lambdifying its (displayed) sympy expression."""

    def __init__(self, *args, numeric, **kwargs):
        super().__init__(*args, **kwargs)
        self._numeric = numeric

    @property
    def _function(self):
        return self._numeric


pass_at_k = _StableLaw(
    "stroebl2024.pass_at_k", "pass@k",
    1 - sp.binomial(n_s - c_s, k_s) / sp.binomial(n_s, k_s),
    Variable("pass_at_k", "", (0, 1), log=False, latex=r"\mathrm{pass@}k",
             meaning="probability that at least one of k samples is correct"),
    [Variable("n", "samples", (1, 1000), meaning="samples drawn for the task"),
     Variable("c", "samples", (0, 1000), meaning="of those, how many are correct"),
     Variable("k", "samples", (1, 1000), meaning="budget whose success is estimated")],
    [], equation="Chen et al. 2021, Eq. (1); estimate_pass_at_k in the authors' repository",
    numeric=_pass_at_k_vectorised)


def pass_at_k_curve(n, c, k) -> np.ndarray:
    """Mean pass@k over tasks with ``n[i]`` samples of which ``c[i]`` are correct, for each
    budget in ``k`` (NaN for a budget above some task's n)."""
    n, c = np.asarray(n, float), np.asarray(c, float)
    k = np.atleast_1d(np.asarray(k, float))
    return np.array([np.mean(_pass_at_k_vectorised(n, c, kk)) for kk in k])


BIBTEX = """@article{stroebl2024inference,
  title   = {Inference Scaling {fLaws}: The Limits of {LLM} Resampling with Imperfect Verifiers},
  author  = {Stroebl, Benedikt and Kapoor, Sayash and Narayanan, Arvind},
  journal = {arXiv preprint arXiv:2411.17501},
  year    = {2024}
}"""

PAPER = Paper(
    key="stroebl2024",
    topic="Data, inference and downstream",
    title="Inference Scaling fLaws: The Limits of LLM Resampling with Imperfect Verifiers",
    authors="Stroebl, Kapoor, Narayanan",
    year=2024,
    arxiv="2411.17501",
    bibtex=BIBTEX,
    summary=("Resampling a model until a verifier (unit tests) accepts its answer only keeps "
             "improving accuracy if the verifier never accepts a wrong answer. With false "
             "positives, accuracy after K samples rises to a ceiling, c r / (c r + (1 - r)"
             "(1 - s)), that no compute budget passes; weaker models produce more false "
             "positives, so resampling a weak model cannot match a strong model's single "
             "sample. When a false positive costs more than abstaining, the best number of "
             "samples is small (often under 10)."),
    assumptions=[
        "Samples are independent given the task; the verifier's completeness c and "
        "soundness s are the same for every sample of a task type.",
        "Resampling stops at the first accepted sample; if none of K is accepted the task "
        "is left unanswered (reward 0).",
        "The easy/hard example (r = 0.87 / 0.13, 58% easy, c = 1, s = 0.75) is the authors' "
        "notebook's illustration, not a fit to a benchmark.",
        "pass@k assumes the n samples of a task were drawn independently; it needs k <= n.",
    ],
    laws=[accuracy, false_positive, reward, pass_at_k],
    page_features=["accuracy vs samples with its ceiling",
                   "best number of samples when false positives cost",
                   "weak model with resampling vs strong model's single sample",
                   "pass@k from your samples", "fit the ceiling to your accuracy-vs-K curve"],
)


def clean_tasks(n, c) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Keep the tasks whose sample counts make sense for pass@k.

    Parameters
    ----------
    n, c : array_like
        Samples drawn and samples correct per task (anything numeric-looking).

    Returns
    -------
    n, c : numpy.ndarray
        The usable tasks.
    notes : list of str
        One sentence per kind of row left out, with how many rows.
    """
    import pandas as pd

    n = pd.to_numeric(pd.Series(n), errors="coerce").to_numpy(float)
    c = pd.to_numeric(pd.Series(c), errors="coerce").to_numpy(float)
    checks = [
        (~(np.isfinite(n) & np.isfinite(c)), "have no number for n or c"),
        ((n != np.round(n)) | (c != np.round(c)), "have a fractional count"),
        (n < 1, "have fewer than one sample (n < 1)"),
        ((c < 0) | (c > n), "have c below 0 or above n"),
    ]
    keep = np.ones(n.shape, bool)
    notes = []
    with np.errstate(invalid="ignore"):
        for bad, why in checks:
            bad = bad & keep
            if bad.any():
                notes.append(f"{int(bad.sum())} row(s) {why} and were left out.")
                keep &= ~bad
    return n[keep], c[keep], notes
