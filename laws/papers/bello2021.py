"""Bello, Fedus, Du, Cubuk, Srinivas, Lin, Shlens, Zoph (2021), Revisiting ResNets: Improved
Training and Scaling Strategies (NeurIPS 2021; arXiv:2103.07579).

The paper's scaling strategies are rules, not a formula (abstract): (1) scale depth in
regimes where overfitting can occur, width otherwise; (2) increase image resolution more
slowly than previously recommended (than EfficientNet). This module makes them a planner
with the complexity model of Dollár et al. 2021 (``laws.papers.dollar2021``), and measures
"slowly" on the ResNet-RS family itself.

Relations
---------
``bello2021.resolution_rule``
    ``r = r_0 * C^k``: input resolution as a power of compute (flops as a multiple of the
    smallest model). NOT the paper's formula: a description, fitted here to the ResNet-RS
    family (regression value), beside EfficientNet's ``k = ln gamma / ln(alpha beta^2
    gamma^2) = 0.214``.

Evidence
--------
* Rules: the NeurIPS / arXiv abstract.
* ResNet-RS configurations (resolution, V100 and TPUv3 latency, ImageNet top-1): the
  official README, tensorflow/tpu ``models/official/resnet/resnet_rs/README.md`` (commit
  9e57561b): V100 float32, TPUv3 bfloat16, training batch 128 halved until it fits.
* Block counts per stage: timm's ``resnetrs*`` definitions built from the official weights
  (RS-270 [4, 29, 53, 4], RS-350 [4, 36, 72, 4], RS-420 [4, 44, 87, 4]); RS-50 to RS-200
  keep the standard ResNet stage depths.
* The compute proxy ``blocks * r^2`` is derived [D]: bottleneck ResNets double width and
  halve resolution at each stage, so every block costs about the same flops
  (w^2 r^2 constant, Dollár et al.'s model), and width is fixed across the family.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable
from . import dollar2021

C, r_0, k = sp.symbols("C r_0 k", positive=True)

README = "ResNet-RS README (tensorflow/tpu, commit 9e57561b)"
#: ResNet-RS family from the official README: (depth, resolution [px], V100 latency [s],
#: TPUv3 latency [ms], ImageNet top-1 [%]).
RESNET_RS = [(50, 160, 0.31, 70, 78.8), (101, 160, 0.48, 120, 80.3),
             (101, 192, 0.70, 170, 81.2), (152, 192, 0.99, 240, 82.0),
             (152, 224, 1.48, 320, 82.2), (152, 256, 1.76, 410, 83.0),
             (200, 256, 2.86, 570, 83.4), (270, 256, 3.76, 780, 83.8),
             (350, 256, 4.72, 1100, 84.0), (350, 320, 8.48, 1630, 84.2),
             (420, 320, 10.16, 2090, 84.4)]
#: Bottleneck blocks per stage (standard ResNet for 50-200; timm for 270-420).
STAGES = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3), 200: (3, 24, 36, 3),
          270: (4, 29, 53, 4), 350: (4, 36, 72, 4), 420: (4, 44, 87, 4)}
#: Headline numbers of the abstract.
ABSTRACT = {"tpu_speedup": (1.7, 2.7), "semi_supervised_top1": 86.2,
            "speedup_vs_noisy_student": 4.7}
#: Earlier version (research.google abstract): ResNet-200 top-1 through the paper's changes.
TRAINING_LADDER = {"baseline": 79.0, "improved training": 82.2,
                   "plus two architecture changes": 83.4}


def family_table() -> pd.DataFrame:
    """The ResNet-RS family: README numbers, blocks, and the compute proxy
    ``compute = (blocks / blocks_RS50) (r / 160)^2`` (flops as a multiple of RS-50 at
    160 px, from Dollár et al.'s model with width fixed)."""
    rows = []
    base = sum(STAGES[50]) * 160**2
    for depth, res, v100, tpu, top1 in RESNET_RS:
        blocks = sum(STAGES[depth])
        rows.append({"model": f"ResNet-RS-{depth} @ {res}", "depth": depth, "blocks": blocks,
                     "resolution": res, "compute": blocks * res**2 / base,
                     "v100_latency_s": v100, "tpu_latency_ms": tpu, "top1": top1})
    return pd.DataFrame(rows)


def _fit_family_exponent() -> tuple[float, float]:
    t = family_table()
    slope, intercept = np.polyfit(np.log(t["compute"]), np.log(t["resolution"]), 1)
    return float(slope), float(math.exp(intercept))


#: Resolution exponent of the ResNet-RS family, least squares of log r on log compute
#: (regression value, computed by this module from the README table).
RS_EXPONENT, RS_R0 = _fit_family_exponent()
EN_EXPONENT = dollar2021.efficientnet_exponents()[2]

resolution_rule = Law(
    "bello2021.resolution_rule", "r(C) = r_0 C^k", r_0 * C**k,
    Variable("r", "px", (64.0, 1024.0), meaning="input resolution"),
    [Variable("C", "x smallest model", (1.0, 1e3),
              meaning="compute (flops) as a multiple of the smallest model of the family")],
    [Param("r_0", round(RS_R0, 2), "fit to the ResNet-RS README family (ours, regression "
           "value)", (32.0, 1024.0), "px", log=True, meaning="resolution of the smallest model"),
     Param("k", round(RS_EXPONENT, 4), "fit to the ResNet-RS README family (ours, regression "
           "value); the paper states the rule in words only", (0.0, 0.5),
           meaning="how fast resolution grows with compute")],
    equation="abstract rule (2) made quantitative (not the paper's formula)",
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=64, refine=8,
                             source="ordinary least squares on log resolution (ours)"))


#: EfficientNet's rule in the same form: from B0's 224 px, k = ln gamma / ln(alpha beta^2 gamma^2).
EFFICIENTNET_RULE = {"r_0": 224.0, "k": EN_EXPONENT}


def plan(s: float, overfitting: bool, k: float = RS_EXPONENT) -> dict:
    """Scale a network's flops by ``s`` the paper's way.

    Resolution grows as ``s^k`` (slowly: ``k`` below EfficientNet's 0.214); the rest of the
    flops, ``s^(1 - 2k)``, goes to depth when overfitting can occur (long training, little
    data), else to width (flops ~ w^2, so width grows as ``s^((1 - 2k)/2)``).

    Returns
    -------
    dict
        Exponents ``e_d, e_w, e_r``, multipliers at ``s`` and the growth of params and
        activations (Dollár et al.'s model).
    """
    if not 0 <= k <= 0.5:
        raise ValueError("k must lie in [0, 0.5]: resolution alone cannot exceed the flops")
    rest = 1 - 2 * k
    e = (rest, 0.0, k) if overfitting else (0.0, rest / 2, k)
    growth = dollar2021.complexity_exponents(e)
    return {"e_d": e[0], "e_w": e[1], "e_r": e[2], "depth x": s ** e[0], "width x": s ** e[1],
            "resolution x": s ** e[2], "params x": s ** growth["params"],
            "acts x": s ** growth["acts"], "acts exponent": growth["acts"]}


def plan_table(s: float, overfitting: bool, k: float = RS_EXPONENT) -> pd.DataFrame:
    """The plan beside EfficientNet's compound scaling at the same ``s``."""
    e_en = dollar2021.efficientnet_exponents()
    g = dollar2021.complexity_exponents(e_en)
    ours = plan(s, overfitting, k)
    rule = "depth" if overfitting else "width"
    return pd.DataFrame([
        {"strategy": f"Bello et al.: {rule}, resolution slowly (k = {k:.3f})", **ours},
        {"strategy": "EfficientNet compound scaling", "e_d": e_en[0], "e_w": e_en[1],
         "e_r": e_en[2], "depth x": s ** e_en[0], "width x": s ** e_en[1],
         "resolution x": s ** e_en[2], "params x": s ** g["params"],
         "acts x": s ** g["acts"], "acts exponent": g["acts"]}])


def best_within(budget: float, device: str = "tpu") -> pd.Series | None:
    """The most accurate ResNet-RS configuration whose latency fits ``budget``
    (ms on TPUv3, or s on V100), or None if none does."""
    col = "tpu_latency_ms" if device == "tpu" else "v100_latency_s"
    t = family_table()
    fits = t[t[col] <= budget]
    return None if fits.empty else fits.loc[fits["top1"].idxmax()]


BIBTEX = """@inproceedings{bello2021revisiting,
  title     = {Revisiting {ResNets}: Improved Training and Scaling Strategies},
  author    = {Bello, Irwan and Fedus, William and Du, Xianzhi and Cubuk, Ekin Dogus and
               Srinivas, Aravind and Lin, Tsung-Yi and Shlens, Jonathon and Zoph, Barret},
  booktitle = {Advances in Neural Information Processing Systems (NeurIPS)},
  volume    = {34},
  year      = {2021}
}"""

PAPER = Paper(
    key="bello2021",
    topic="Hyperparameters and model shape",
    title="Revisiting ResNets: Improved Training and Scaling Strategies",
    authors="Bello, Fedus, Du, Cubuk, Srinivas, Lin, Shlens, Zoph",
    year=2021,
    arxiv="2103.07579",
    bibtex=BIBTEX,
    summary=("Training and scaling strategy matter more than architecture: a ResNet with "
             "modern training and two small changes matches recent models. The best scaling "
             "strategy depends on the training regime: scale depth where overfitting can "
             "occur (long training), width otherwise, and increase image resolution more "
             "slowly than EfficientNet does. The resulting ResNet-RS family is 1.7-2.7x "
             "faster than EfficientNets on TPUs at similar ImageNet accuracy."),
    assumptions=[
        "The rules are stated in words; the planner here spends the flops with Dollár et "
        "al.'s complexity model (flops ~ d w^2 r^2).",
        "How slowly resolution should grow is measured on the ResNet-RS family (fit of "
        "log resolution on log compute); the paper gives no exponent.",
        "Compute of the family is a proxy, blocks x resolution^2, valid for bottleneck "
        "ResNets of fixed width; latencies are the README's measurements.",
        "Whether overfitting can occur is your judgement (epochs, dataset size, "
        "regularisation); the paper's epoch thresholds are not confirmed here.",
    ],
    laws=[resolution_rule],
    page_features=["ResNet-RS family: top-1 vs latency, the best model within a budget",
                   "scaling planner: depth or width by regime, resolution slowly",
                   "fit how fast resolution grows in your own model family"],
)
