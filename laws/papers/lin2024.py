"""Lin, Hu, Sheng, Wen, You, Gao (2024), Data Scaling Laws in Imitation Learning for Robotic
Manipulation (ICLR 2025; arXiv:2410.18647).

Relation
--------
``lin2024.score``
    Generalisation of a Diffusion Policy to unseen environments and objects grows as a
    power law of data diversity, ``y = beta x^alpha``, where ``x`` is the number of
    training environments, objects, or environment-object pairs and ``y`` the policy's
    normalised score (paper Fig. 5, fitted in log-log space and reported with Pearson's r).

The data-collection recipe (paper Section 5, "efficient data collection strategy") is a
planner here: collect in as many environments as possible, one unique object per
environment, about 50 demonstrations per environment-object pair; more demonstrations per
pair add little (Fig. 7: no clear power law in the number of demonstrations alone).

Evidence
--------
* [P-abs] "roughly power-law relationship with the number of environments and objects";
  diversity matters more than the number of demonstrations; "once the number of
  demonstrations per environment or object reaches a certain threshold, additional
  demonstrations have minimal effect"; over 40,000 demonstrations and more than 15,000
  real-world rollouts; "with four data collectors working for one afternoon" the policies
  for two new tasks reach "approximately 90% success rates in novel environments with
  unseen objects" (arXiv abstract, ar5iv.labs.arxiv.org/html/2410.18647).
* [P-text via caption] Fig. 5: "Dashed lines represent power-law fits, with the equations
  provided in the legend. All axes are shown on a logarithmic scale. The correlation
  coefficient (Pearson's r) indicates a power-law relationship between the generalization
  ability and the number of objects, environments, and environment-object pairs."
* [S] The recipe's numbers: one unique object per environment and ~50 demonstrations per
  environment-object pair (review summaries); 32 environments for the two new tasks
  (Fold Towels, Unplug Charger), i.e. 32 x 50 = 1,600 demonstrations (news summary).
* Unconfirmed: the fitted exponents and coefficients in the Fig. 5 legend (they are in the
  figure image only). The defaults below are illustrative and the page says so.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

x, alpha, beta = sp.symbols("x alpha beta", positive=True)

#: Demonstrations per environment-object pair in the recipe [S: review summaries].
DEMOS_PER_PAIR = 50
#: Environments (one unique object each) for the two new tasks [S: news summary].
RECIPE_ENVIRONMENTS = 32
#: Success rate the recipe reached on the two new tasks [P-abs: "approximately 90%"].
RECIPE_SUCCESS = 0.90
#: Data collectors and time for that data [P-abs: "four data collectors ... one afternoon"].
RECIPE_COLLECTORS = 4
#: Scale of the study [P-abs].
STUDY_DEMONSTRATIONS = 40_000
STUDY_ROLLOUTS = 15_000
#: Demonstrations one collector gathers in an afternoon at the paper's pace [D]:
#: 32 pairs x 50 demonstrations / 4 collectors.
DEMOS_PER_COLLECTOR_AFTERNOON = RECIPE_ENVIRONMENTS * DEMOS_PER_PAIR / RECIPE_COLLECTORS

ALPHA_DEFAULT = 0.3
BETA_DEFAULT = RECIPE_SUCCESS / RECIPE_ENVIRONMENTS ** ALPHA_DEFAULT
UNCONFIRMED = ("illustrative: the Fig. 5 legend's fitted values are not confirmed; "
               "alpha chosen, beta set so that 32 pairs give 0.9 [D]")

score = Law(
    "lin2024.score", "y(x), power law in diversity", beta * x ** alpha,
    Variable("y", "", (0.05, 1), log=True, latex="y",
             meaning="normalised score of the policy in unseen environments with unseen "
                     "objects (1 = every rollout fully successful)"),
    [Variable("x", "count", (1, 64), meaning="training environments, objects, or "
                                            "environment-object pairs")],
    [Param("alpha", ALPHA_DEFAULT, UNCONFIRMED, (0.01, 1.5), latex=r"\alpha",
           meaning="power-law exponent: how fast generalisation grows with diversity"),
     Param("beta", BETA_DEFAULT, UNCONFIRMED, (0.01, 1.0), log=True, latex=r"\beta",
           meaning="score with a single environment / object / pair")],
    equation="Fig. 5 (power-law fits on log-log axes)",
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=32, refine=4,
                             source="least squares in log-log space (a straight line on "
                                    "the paper's log-log axes)"))


def diversity_for_score(target, alpha: float = ALPHA_DEFAULT,
                        beta: float = BETA_DEFAULT) -> np.ndarray:
    """Count ``x = (target / beta)^(1 / alpha)`` at which the power law reaches ``target``
    (NaN for a target outside (0, 1])."""
    t = np.asarray(target, float)
    with np.errstate(all="ignore"):
        x_needed = (t / beta) ** (1.0 / alpha)
    return np.where((t > 0) & (t <= 1), x_needed, np.nan)


def plan(target: float, alpha: float = ALPHA_DEFAULT, beta: float = BETA_DEFAULT,
         demos_per_pair: int = DEMOS_PER_PAIR,
         demos_per_collector_afternoon: float = DEMOS_PER_COLLECTOR_AFTERNOON) -> dict:
    """The paper's recipe for a target normalised score.

    Environments are the power law's inverse at ``target``, rounded up (at least 1); one
    unique object per environment, so objects = environments = environment-object pairs;
    ``demos_per_pair`` demonstrations each.

    Returns
    -------
    dict
        ``environments``, ``objects``, ``pairs``, ``demos_per_pair``, ``demonstrations``
        (total), ``collector_afternoons`` (at the paper's pace), ``predicted`` (the
        law at the rounded count). Raises ValueError for a target outside (0, 1].
    """
    if not (0 < target <= 1):
        raise ValueError("The target score must lie in (0, 1].")
    needed = float(diversity_for_score(target, alpha, beta))
    if not math.isfinite(needed) or needed > 1e9:
        raise ValueError("This power law does not reach the target within a billion "
                         "environments; raise alpha or beta, or lower the target.")
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
        "The power law's fitted constants (Fig. 5 legend) are not confirmed here; the "
        "defaults are illustrative, set so that the recipe's 32 pairs give 0.9.",
        "A power law in a score bounded by 1 can only hold below saturation; the planner "
        "refuses targets above 1.",
        "Recipe numbers (50 demonstrations per pair, 32 environments) rest on secondary "
        "summaries of Section 5; the ~90% success and four collectors for one afternoon "
        "are the abstract's.",
    ],
    laws=[score],
    page_features=["power law in environments, objects or environment-object pairs",
                   "data-collection planner: environments, objects and demonstrations "
                   "for a target score",
                   "fit the power law to your own rollouts"],
)
