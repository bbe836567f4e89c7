"""Lin, Hu, Sheng, Wen, You, Gao (2024), Data Scaling Laws in Imitation Learning for Robotic
Manipulation (ICLR 2025; arXiv:2410.18647).

Relation
--------
``lin2024.gap``
    Generalisation of a Diffusion Policy to unseen environments and objects follows a power
    law in data diversity: the optimality gap ``Y = 1 - S`` (``S`` the normalised score on
    unseen environments and/or objects) is ``Y = beta X^alpha`` with ``alpha < 0``, where
    ``X`` is the number of training objects, environments, or environment-object pairs
    (paper Section 4.2, Fig. 5: fitted by least squares in log-log space and reported with
    Pearson's r; no floor term, there being six points per fit).

The data-collection recipe (Sections 4.3 and 5) is a planner here: collect in as many
environments as possible, one unique object per environment, about 50 demonstrations per
environment-object pair; more demonstrations per pair add little (Fig. 7: no clear power
law in the number of demonstrations alone).

Evidence
--------
* [P-abs] "roughly power-law relationship with the number of environments and objects";
  diversity matters more than the number of demonstrations; "once the number of
  demonstrations per environment or object reaches a certain threshold, additional
  demonstrations have minimal effect"; over 40,000 demonstrations and more than 15,000
  real-world rollouts; "with four data collectors working for one afternoon" the policies
  for two new tasks reach "approximately 90% success rates in novel environments with
  unseen objects" (arXiv abstract; ar5iv.labs.arxiv.org/html/2410.18647).
* [P-text via caption] Fig. 5: "Dashed lines represent power-law fits, with the equations
  provided in the legend. All axes are shown on a logarithmic scale. The correlation
  coefficient (Pearson's r) indicates a power-law relationship between the generalization
  ability and the number of objects, environments, and environment-object pairs."
* [P-code] The six power-law fits (alpha, beta, Pearson r) of the "Optimality Gap" against
  the number of training objects, environments and environment-object pairs, for Pour
  Water and Mouse Arrangement: the legends of the figure in the authors' repository
  (github.com/Fanqi-Lin/Data-Scaling-Laws, ``assets/scaling-law-curve.png``, added in the
  first commit b45a7b4, 2024-10-24), which the README introduces as the scaling curves that
  training on 1-32 environment-object pairs "generates"; the same six panels as Fig. 5.
  Read off that image here; the paper's own Fig. 5 was not compared pixel by pixel.
* [P-code] The recipe's 32 environment-object pairs with 50 demonstrations each: the same
  README ("a policy trained on data collected from 32 unique environment-object pairs, with
  50 demonstrations per environment").
* [S] That the optimality gap is 1 - S with S the normalised score, and Table 1's scores
  and success rates: a third-party transcription of the paper's PDF (a "Paper Manager
  pack" of notes on arXiv 2410.18647v4, in the public GitHub index). Not checked against
  the paper here, and the page says so.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

x, alpha, beta = sp.symbols("x alpha beta", positive=True)
FIG5 = ("Fig. 5 legend [P-code: the authors' repository figure assets/scaling-law-curve.png, Fanqi-Lin/Data-Scaling-Laws]")

#: Fig. 5 power-law fits of the gap Y = 1 - S: (task, axis) -> (alpha, beta, Pearson r)
#: [P-code: legends of the authors' repository figure]. r is of log Y against log X.
FITS = {
    ("Pour Water", "objects"): (-0.703, 0.825, -0.987),
    ("Pour Water", "environments"): (-0.844, 1.180, -0.960),
    ("Pour Water", "environment-object pairs"): (-0.579, 1.068, -0.980),
    ("Mouse Arrangement", "objects"): (-0.697, 0.826, -0.991),
    ("Mouse Arrangement", "environments"): (-0.466, 0.827, -0.966),
    ("Mouse Arrangement", "environment-object pairs"): (-0.683, 1.263, -0.942),
}
DEFAULT_FIT = ("Pour Water", "environment-object pairs")

#: Demonstrations per environment-object pair in the recipe [P-code: the authors' README].
DEMOS_PER_PAIR = 50
#: Environment-object pairs (one unique object per environment) of the recipe
#: [P-code: the authors' README].
RECIPE_PAIRS = 32
#: Success rate the recipe reached on the two new tasks [P-abs: "approximately 90%"].
RECIPE_SUCCESS = 0.90
#: Data collectors and time for that data [P-abs: "four data collectors ... one afternoon"].
RECIPE_COLLECTORS = 4
#: Scale of the study [P-abs].
STUDY_DEMONSTRATIONS = 40_000
STUDY_ROLLOUTS = 15_000
#: Table 1, the recipe (32 pairs x 50 demonstrations) per task: (normalised score,
#: success rate) [S].
TABLE1 = {"Pour Water": (0.922, 0.850), "Mouse Arrangement": (0.933, 0.925),
          "Fold Towels": (0.950, 0.875), "Unplug Charger": (0.887, 0.900)}
#: Demonstrations one collector gathers in an afternoon at the paper's pace [D]:
#: 32 pairs x 50 demonstrations / 4 collectors.
DEMOS_PER_COLLECTOR_AFTERNOON = RECIPE_PAIRS * DEMOS_PER_PAIR / RECIPE_COLLECTORS


def _label(task: str, axis: str) -> str:
    return f"{task} · {axis}"


_alpha0, _beta0, _ = FITS[DEFAULT_FIT]
gap = Law(
    "lin2024.gap", "Y(X) = 1 - S, power law in diversity", beta * x ** alpha,
    Variable("Y", "", (0.01, 1), log=True, latex="Y",
             meaning="optimality gap 1 - S, S the normalised score on unseen environments "
                     "and/or objects (1 = every rollout fully successful)"),
    [Variable("x", "count", (1, 64), latex="X",
              meaning="training objects, environments, or environment-object pairs")],
    [Param("alpha", _alpha0, f"{FIG5}: Pour Water, pairs", (-1.5, -0.01), latex=r"\alpha",
           meaning="power-law exponent (negative: the gap shrinks with diversity)"),
     Param("beta", _beta0, f"{FIG5}: Pour Water, pairs", (0.05, 5.0), log=True,
           latex=r"\beta", meaning="gap with a single object / environment / pair")],
    equation="Section 4.2, Fig. 5 (log-log least squares)",
    constants={_label(*k): {"alpha": v[0], "beta": v[1]} for k, v in FITS.items()},
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=32, refine=4,
                             source="least squares in log-log space (Section 4.2)"))


def score(values: dict | None = None, x=1.0) -> np.ndarray:
    """Normalised score ``S = 1 - beta X^alpha`` (may fall below 0 for tiny X)."""
    return 1.0 - gap(values, x=x)


def diversity_for_score(target, alpha: float = _alpha0, beta: float = _beta0) -> np.ndarray:
    """Count ``X = ((1 - target) / beta)^(1 / alpha)`` at which the power law reaches the
    normalised score ``target`` (NaN for a target outside [0, 1))."""
    t = np.asarray(target, float)
    with np.errstate(all="ignore"):
        needed = ((1.0 - t) / beta) ** (1.0 / alpha)
    return np.where((t >= 0) & (t < 1), needed, np.nan)


def plan(target: float, alpha: float = _alpha0, beta: float = _beta0,
         demos_per_pair: int = DEMOS_PER_PAIR,
         demos_per_collector_afternoon: float = DEMOS_PER_COLLECTOR_AFTERNOON) -> dict:
    """The paper's recipe for a target normalised score.

    The count is the power law's inverse at ``target``, rounded up (at least 1); the recipe
    puts one unique object in each environment, so environments = objects =
    environment-object pairs = that count, with ``demos_per_pair`` demonstrations each.

    Returns
    -------
    dict
        ``environments``, ``objects``, ``pairs``, ``demos_per_pair``, ``demonstrations``
        (total), ``collector_afternoons`` (at the paper's pace) and ``predicted`` (the
        score at the rounded count). Raises ValueError for a target outside [0, 1) or one
        the law does not reach within a billion pairs.
    """
    if not (0 <= target < 1):
        raise ValueError("The target score must lie in [0, 1): a power law in the gap "
                         "reaches a perfect score only with infinitely many pairs.")
    needed = float(diversity_for_score(target, alpha, beta))
    if not math.isfinite(needed) or needed > 1e9:
        raise ValueError("This power law does not reach the target within a billion "
                         "environments; make alpha more negative, lower beta, or lower the "
                         "target.")
    envs = max(1, math.ceil(needed - 1e-9))
    total = envs * demos_per_pair
    return {"environments": envs, "objects": envs, "pairs": envs,
            "demos_per_pair": demos_per_pair, "demonstrations": total,
            "collector_afternoons": total / demos_per_collector_afternoon,
            "predicted": float(score({"alpha": alpha, "beta": beta}, x=float(envs)))}


BIBTEX = """@inproceedings{lin2025data,
  title     = {Data Scaling Laws in Imitation Learning for Robotic Manipulation},
  author    = {Lin, Fanqi and Hu, Yingdong and Sheng, Pingyue and Wen, Chuan and
               You, Jiacheng and Gao, Yang},
  booktitle = {International Conference on Learning Representations (ICLR)},
  year      = {2025}
}"""

PAPER = Paper(
    key="lin2024",
    topic="Data, inference and downstream",
    title="Data Scaling Laws in Imitation Learning for Robotic Manipulation",
    authors="Lin, Hu, Sheng, Wen, You, Gao",
    year=2024,
    arxiv="2410.18647",
    bibtex=BIBTEX,
    summary=("With over 40,000 real-world demonstrations (UMI hand-held gripper, Diffusion "
             "Policy) and more than 15,000 rollouts, a single-task policy's generalisation "
             "to unseen environments and objects grows roughly as a power law of the "
             "number of training environments, objects and environment-object pairs, "
             "while more demonstrations per environment or object help little past a "
             "threshold. The recipe that follows (many environments, one unique object "
             "each, about 50 demonstrations per pair) took four collectors one afternoon "
             "and reached about 90% success on two new tasks."),
    assumptions=[
        "Single-task Diffusion Policy trained on UMI hand-held gripper demonstrations; "
        "evaluated in environments and with objects unseen in training.",
        "The fit is to the optimality gap 1 - S in log-log space, with no floor term; "
        "the six fits and the 32 pairs x 50 demonstrations are confirmed from the "
        "authors' repository; that the gap is 1 - S, and Table 1, rest on a third-party "
        "transcription of the paper.",
        "Each fit is per task (Pour Water, Mouse Arrangement) and per axis; the planner "
        "applies the chosen one to a recipe of one object per environment.",
        "The ~90% success and four collectors for one afternoon are the abstract's.",
    ],
    laws=[gap],
    page_features=["power law in environments, objects or environment-object pairs",
                   "data-collection planner: environments, objects and demonstrations "
                   "for a target score",
                   "fit the power law to your own rollouts"],
)
