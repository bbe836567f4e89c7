"""Schaeffer, Schoelkopf, Miranda, Mukobi, Madan, Ibrahim, Bradley, Biderman, Koyejo (2024),
Why Has Predicting Downstream Capabilities of Frontier AI Models with Scale Remained
Elusive? (arXiv:2406.04391).

The paper has no fitted scaling law. Its result is a mechanism: a multiple-choice score is
computed from the model's negative log-likelihoods by a chain of transformations, and each
link weakens the relation between score and scale, because the later links depend on the
probability of the *incorrect* choices too.

Relations
---------
``schaeffer2024.p_vocab``
    ``p^Vocab(correct) = exp(-L^Vocab(correct))`` (Section 4, step 2).
``schaeffer2024.p_choices``
    ``p^Choices(correct) = p^Vocab(correct) / (p^Vocab(correct) + m)`` with ``m`` the summed
    ``p^Vocab`` of the incorrect choices (Section 4, step 3).
``schaeffer2024.accuracy_sigmoid``
    A sigmoid in log10 compute from a chance floor to a ceiling, used on the page to show
    benchmark scores of public model families (ObsScaling data). It is NOT a law of this
    paper: it is the usual description of accuracy against log compute (Ruan et al. 2024
    use a sigmoid link for benchmark scores), here a lens on where accuracy is predictable.

The per-question chain (``mcq_chain``), the accuracy and Brier score (Section 4, step 4),
the per-sample score-compute correlation and its complementary CDF (Eq. 1) are functions
below. ``simulate_family`` is this project's illustration of the mechanism, not the paper's
data (the authors' per-sample data were not released with the repository README).

Evidence: the chain and Eq. 1 rest on a transcription of Section 4 and on the authors'
README (catalog tags [S], [P-code]); reviews on OpenReview use the same notation. The
published shares (about 90% of ARC-Challenge samples with Spearman correlation above 0.75
for log-likelihoods, 40% after renormalising over choices; the ordering holding in at
least 82.4% / 85.6% / 90.4% of tuples) come from that transcription only [S] and were not
checked against the paper: the page shows them as unconfirmed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import stats

from ..core.law import FitDefaults, Law, Paper, Param, Variable

L_vocab, m_incorrect, p_v = sp.symbols("L m p", positive=True)
TRANSCRIPTION = "Section 4 (transcription, catalog [S]); a definition, no constant"

p_vocab = Law(
    "schaeffer2024.p_vocab", "p^Vocab(correct)", sp.exp(-L_vocab),
    Variable("p_vocab", "", (1e-6, 1), latex=r"p^{Vocab}_\theta",
             meaning="probability of the correct choice's tokens under the full vocabulary"),
    [Variable("L", "nats", (0, 15), log=False, latex=r"\mathcal{L}^{Vocab}_\theta",
              meaning="negative log-likelihood of the correct choice (summed over its tokens)")],
    [], equation="Section 4, step 2")

p_choices = Law(
    "schaeffer2024.p_choices", "p^Choices(correct)", p_v / (p_v + m_incorrect),
    Variable("p_choices", "", (0, 1), log=False, latex=r"p^{Choices}_\theta",
             meaning="probability of the correct choice renormalised over the choices"),
    [Variable("p", "", (1e-6, 1), latex=r"p^{Vocab}_\theta(\mathrm{correct})",
              meaning="p^Vocab of the correct choice"),
     Variable("m", "", (1e-6, 1), latex=r"\sum_{i \neq \mathrm{correct}} p^{Vocab}_\theta(i)",
              meaning="summed p^Vocab of the incorrect choices")],
    [], equation="Section 4, step 3")

C = sp.Symbol("C", positive=True)
floor, ceiling, slope, x0 = sp.symbols("floor ceiling slope x0", positive=True)
SIGMOID = "a description for the page, not this paper's law (free)"
accuracy_sigmoid = Law(
    "schaeffer2024.accuracy_sigmoid", "score(C), sigmoid in log10 C",
    floor + (ceiling - floor) / (1 + sp.exp(-slope * (sp.log(C, 10) - x0))),
    Variable("score", "", (0, 1), log=False, meaning="benchmark score (accuracy, 0-1)"),
    [Variable("C", "FLOPs", (1e18, 1e26), meaning="pretraining compute, about 6 N D")],
    [Param("floor", 0.25, f"chance level of a 4-way question; {SIGMOID}", (0.0, 1.0),
           meaning="score of a model that guesses (chance)"),
     Param("ceiling", 0.9, SIGMOID, (0.0, 1.0), meaning="score the family saturates at"),
     Param("slope", 1.5, SIGMOID, (0.05, 20.0), log=True,
           meaning="steepness per decade of compute"),
     Param("x0", 23.0, SIGMOID, (-5.0, 35.0),
           meaning="log10 compute halfway between floor and ceiling [log10 FLOPs]")],
    equation="illustration (sigmoid in log compute)",
    fit_defaults=FitDefaults(loss="squared", space="linear", n_random=128, refine=8,
                             source="least squares on the score, floor held at chance "
                                    "on the page's family view"))

#: Chance level of each ObsScaling benchmark (number of choices), for the sigmoid's floor.
#: Generative benchmarks (GSM8K, HumanEval) have floor 0. TruthfulQA (mc2, a probability
#: mass over several true/false answers) has no single chance level; 0.25 is a rough floor.
CHANCE = {"MMLU": 0.25, "ARC-C": 0.25, "HellaSwag": 0.25, "Winograd": 0.5,
          "TruthfulQA": 0.25, "GSM8K": 0.0, "XWinograd": 0.5, "HumanEval": 0.0}


# --- the chain for one question ------------------------------------------------------
@dataclass(frozen=True)
class Chain:
    """Every link of the chain for one question (Section 4, Fig. 1)."""

    nll: np.ndarray          # L^Vocab of each choice [nats]
    p_vocab: np.ndarray      # exp(-L)
    p_choices: np.ndarray    # renormalised over the choices
    correct: int
    accuracy: float          # 1 if the correct choice has the largest p^Choices
    brier: float             # sum_i (1[i = correct] - p^Choices_i)^2


def mcq_chain(nll, correct: int = 0) -> Chain:
    """From each choice's negative log-likelihood to accuracy and Brier score.

    Parameters
    ----------
    nll : array_like
        ``L^Vocab`` of each choice [nats]; multi-token choices sum their tokens' NLLs.
    correct : int
        Index of the correct choice.

    Notes
    -----
    Ties for the largest ``p^Choices`` count as wrong (a model that cannot tell the
    correct choice from a distractor does not get credit).
    """
    nll = np.asarray(nll, float)
    # renormalise in log space: exp(-L_i) / sum_j exp(-L_j), safe for large L
    log_choices = -nll - np.logaddexp.reduce(-nll)
    pc = np.exp(log_choices)
    others = np.delete(pc, correct)
    acc = float(pc[correct] > others.max()) if others.size else 1.0
    onehot = np.eye(len(pc))[correct]
    return Chain(nll, np.exp(-nll), pc, correct, acc, float(((onehot - pc) ** 2).sum()))


def metrics_of(log_p_correct, log_p_incorrect) -> dict[str, np.ndarray]:
    """The chain, vectorised: arrays ``(...,)`` and ``(..., choices - 1)`` of log p^Vocab.

    Returns
    -------
    dict
        ``log p^Vocab``, ``p^Vocab``, ``p^Choices``, ``-Brier`` and ``Accuracy``, each of the
        leading shape. Brier is negated so that for every score higher is better.
    """
    lc = np.asarray(log_p_correct, float)
    li = np.asarray(log_p_incorrect, float)
    total = np.logaddexp(lc, np.logaddexp.reduce(li, axis=-1))
    pc = np.exp(lc - total)
    pi = np.exp(li - total[..., None])
    brier = (1 - pc) ** 2 + (pi ** 2).sum(axis=-1)
    return {"log p^Vocab": lc, "p^Vocab": np.exp(lc), "p^Choices": pc, "-Brier": -brier,
            "Accuracy": (lc > li.max(axis=-1)).astype(float)}


METRICS = ("log p^Vocab", "p^Vocab", "p^Choices", "-Brier", "Accuracy")


def score_compute_correlation(scores: np.ndarray, log_compute: np.ndarray,
                              method: str = "spearman") -> np.ndarray:
    """Per-sample correlation between score and compute across a model family.

    Parameters
    ----------
    scores : ndarray, shape (samples, models)
    log_compute : ndarray, shape (models,)
    method : {"spearman", "pearson", "kendall"}

    Returns
    -------
    ndarray, shape (samples,)
        NaN where a sample's score never changes across the family (correlation undefined).
    """
    scores = np.asarray(scores, float)
    x = np.asarray(log_compute, float)
    if method == "kendall":  # tau-b over all pairs of models, vectorised
        i, j = np.triu_indices(x.size, 1)
        dy, dx = np.sign(scores[:, i] - scores[:, j]), np.sign(x[i] - x[j])
        denom = np.sqrt((dy ** 2).sum(axis=1) * (dx ** 2).sum())
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(denom > 0, (dy * dx).sum(axis=1) / denom, np.nan)
    if method == "spearman":
        scores = stats.rankdata(scores, axis=1)
        x = stats.rankdata(x)
    elif method != "pearson":
        raise ValueError(f"method must be spearman, pearson or kendall, not {method!r}")
    a = scores - scores.mean(axis=1, keepdims=True)
    b = x - x.mean()
    denom = np.sqrt((a ** 2).sum(axis=1) * (b ** 2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, (a * b).sum(axis=1) / denom, np.nan)


def survival(correlations: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Eq. (1): ``S(c) = (1/S) sum_s 1{C_s > c}``, the share of samples whose correlation
    exceeds each threshold (samples with an undefined correlation count as not exceeding)."""
    corr = np.asarray(correlations, float)
    with np.errstate(invalid="ignore"):
        return np.array([(corr > t).mean() for t in np.asarray(thresholds, float)])


def simulate_family(n_models: int = 10, n_samples: int = 500, n_choices: int = 4,
                    log10_compute: tuple[float, float] = (20.0, 24.0),
                    gain: float = 0.6, incorrect_gain: float = 0.3,
                    noise_correct: float = 0.2, noise_incorrect: float = 0.8,
                    seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A model family answering multiple-choice questions (this project's illustration).

    For sample ``s`` and model ``m`` at ``x_m = log10 C_m``:
    ``log p^Vocab(correct) = a_s + g_s (x_m - x_0) + noise_correct * e``, and for each
    incorrect choice ``log p^Vocab(i) = a_si + incorrect_gain * g_s (x_m - x_0)
    + noise_incorrect * e``, with ``g_s ~ gain * LogNormal(0, 0.5)`` [nats per decade].
    Probability on the correct choice grows smoothly with scale; mass on the distractors
    grows too (``incorrect_gain``) and fluctuates (``noise_incorrect``), which is the
    paper's explanation of why the later links lose the relation to scale.

    Returns
    -------
    log_compute : ndarray (models,)
    log_p_correct : ndarray (samples, models)
    log_p_incorrect : ndarray (samples, models, choices - 1)
    """
    rng = np.random.default_rng(seed)
    x = np.linspace(*log10_compute, n_models)
    dx = x - x[0]
    g = gain * rng.lognormal(0.0, 0.5, size=(n_samples, 1))
    a = rng.normal(-6.0, 1.5, size=(n_samples, 1))
    lc = a + g * dx + noise_correct * rng.standard_normal((n_samples, n_models))
    ai = a[..., None] + rng.normal(0.5, 1.0, size=(n_samples, 1, n_choices - 1))
    li = (ai + incorrect_gain * g[..., None] * dx[None, :, None]
          + noise_incorrect * rng.standard_normal((n_samples, n_models, n_choices - 1)))
    return x, np.minimum(lc, 0.0), np.minimum(li, 0.0)


def correlation_table(log_compute, log_p_correct, log_p_incorrect, method="spearman",
                      thresholds=(0.5, 0.75, 0.9)) -> list[dict]:
    """For each metric: share of samples above each correlation threshold, the median
    correlation and the share with an undefined correlation (score never changes)."""
    scores = metrics_of(log_p_correct, log_p_incorrect)
    rows = []
    for name in METRICS:
        corr = score_compute_correlation(scores[name], log_compute, method)
        row = {"metric": name, "median correlation": float(np.nanmedian(corr))
               if np.isfinite(corr).any() else float("nan"),
               "undefined (constant score)": float(np.isnan(corr).mean())}
        for t in thresholds:
            row[f"share > {t:g}"] = float(survival(corr, [t])[0])
        rows.append(row)
    return rows


def fit_sigmoid(log10_compute, score, floor_value: float, seed: int = 0):
    """Least-squares sigmoid (ceiling, slope, x0) with the floor held at chance.

    Returns a :class:`laws.Fit` or raises :class:`laws.FitError` with a sentence."""
    import pandas as pd

    from ..core.fitting import fit

    frame = pd.DataFrame({"C": 10.0 ** np.asarray(log10_compute, float),
                          "score": np.asarray(score, float)})
    x = np.log10(frame["C"][np.isfinite(frame["C"]) & (frame["C"] > 0)])
    mid = np.linspace(x.min() - 1, x.max() + 1, 7) if len(x) else np.arange(19.0, 26.0)
    return fit(accuracy_sigmoid, frame, fixed={"floor": float(floor_value)},
               loss="squared", space="linear", seed=seed, refine=4,
               grid={"x0": tuple(mid), "slope": (0.5, 2.0, 6.0), "ceiling": (0.5, 0.9)})


BIBTEX = """@article{schaeffer2024elusive,
  title   = {Why Has Predicting Downstream Capabilities of Frontier {AI} Models with Scale
             Remained Elusive?},
  author  = {Schaeffer, Rylan and Schoelkopf, Hailey and Miranda, Brando and Mukobi, Gabriel
             and Madan, Varun and Ibrahim, Adam and Bradley, Herbie and Biderman, Stella
             and Koyejo, Sanmi},
  journal = {arXiv preprint arXiv:2406.04391},
  year    = {2024}
}"""

PAPER = Paper(
    key="schaeffer2024",
    topic="Data, inference and downstream",
    title=("Why Has Predicting Downstream Capabilities of Frontier AI Models with Scale "
           "Remained Elusive?"),
    authors="Schaeffer, Schoelkopf, Miranda, Mukobi, Madan, Ibrahim, Bradley, Biderman, Koyejo",
    year=2024,
    arxiv="2406.04391",
    bibtex=BIBTEX,
    summary=("A multiple-choice score is computed from negative log-likelihoods through a "
             "chain: probability of the correct choice, that probability renormalised over "
             "the offered choices, then accuracy (is it the largest?) or Brier score. "
             "Across five model families and twelve benchmarks, each link weakens the "
             "per-question correlation between score and compute, because renormalising "
             "and thresholding bring in the probability of the specific incorrect choices, "
             "which also moves with scale. Predicting downstream capabilities therefore "
             "needs a model of how mass on the wrong answers scales too."),
    assumptions=[
        "Scores are per benchmark sample; a family is models of one recipe at several sizes "
        "(Pythia, Cerebras-GPT, OLMo, INCITE, LLM360 in the paper).",
        "Compute is 6 N D with N the parameters and D the pretraining tokens.",
        "The family simulation on this page is the project's illustration of the mechanism, "
        "not the paper's measurements.",
        "The sigmoid on the ObsScaling view is a description of public models' scores, not "
        "a law from this paper; public models differ in data and recipe.",
    ],
    laws=[p_vocab, p_choices, accuracy_sigmoid],
    page_features=["one question through the chain: NLL, p^Vocab, p^Choices, accuracy, Brier",
                   "where accuracy jumps: the largest distractor",
                   "simulated family: per-sample score-compute correlations (Eq. 1)",
                   "ObsScaling families: benchmark score vs log compute with a sigmoid fit",
                   "fit the sigmoid to your scores"],
)
