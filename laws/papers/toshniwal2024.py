"""Toshniwal, Du, Moshkov, Kisacanin, Ayrapetyan, Gitman (2024), OpenMathInstruct-2:
Accelerating AI for Math with Massive Open-Source Instruction Data (arXiv:2410.01560).

The paper publishes a data-scaling plot (fine-tuning Llama-3.1-8B-Base on 1M, 2M, 5M and
all 14M question-solution pairs) but no fitted law. This module holds the two forms one
would fit to such points and what each extrapolates to:

``toshniwal2024.log_linear``
    ``acc = A + B log10 N``: a constant gain per decade of data, without bound.
``toshniwal2024.saturating``
    ``acc = a - b N^(-c)``: gains that shrink towards a ceiling ``a``.

Evidence. Confirmed: MATH accuracy 67.8% after fine-tuning on the full set (abstract, arXiv
v2; the OpenReview version reported 66.5%), against 51.9% for Llama3.1-8B-Instruct; the full
training split holds 13,972,791 examples and the fair-downsampled splits train_1M, train_2M,
train_5M hold 1,000,000 / 2,000,000 / 5,000,000 (Hugging Face dataset card
nvidia/OpenMathInstruct-2, which says they are the points of the scaling plot).
Unconfirmed: the accuracies at 1M, 2M and 5M, which appear only in the plot image; the page
asks the user for them instead of inventing them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

N = sp.Symbol("N", positive=True)
A, B, a, b, c = sp.symbols("A B a b c", positive=True)
FREE = "no published fit (free); the page anchors it at the published 14M point"

#: Abstract (arXiv v2): MATH accuracy [%] of Llama-3.1-8B-Base fine-tuned on all of
#: OpenMathInstruct-2, and of Llama3.1-8B-Instruct.
FULL_ACCURACY, INSTRUCT_ACCURACY = 67.8, 51.9
#: Hugging Face dataset card: examples in the full split and in the downsampled splits.
FULL_SIZE = 13_972_791
SUBSET_SIZES = (1_000_000, 2_000_000, 5_000_000)

VAR_N = Variable("N", "examples", (1e4, 1e9), meaning="fine-tuning question-solution pairs")
OUT = Variable("accuracy", "%", (0, 100), log=False, meaning="MATH accuracy (greedy)")

log_linear = Law(
    "toshniwal2024.log_linear", "acc = A + B log10 N", A + B * sp.log(N, 10), OUT, [VAR_N],
    [Param("A", 10.0, FREE, (-200.0, 100.0), "%", meaning="accuracy at N = 1 (intercept)"),
     Param("B", 8.0, FREE, (0.0, 40.0), "% per decade", meaning="gain per tenfold data")],
    equation="a form to fit (no published law)",
    fit_defaults=FitDefaults(loss="squared", space="linear", n_random=64, refine=4,
                             source="least squares on accuracy"))
saturating = Law(
    "toshniwal2024.saturating", "acc = a - b N^-c", a - b * N ** (-c), OUT, [VAR_N],
    [Param("a", 75.0, FREE, (0.0, 100.0), "%", meaning="ceiling accuracy with unlimited data"),
     Param("b", 1e3, FREE, (1e-3, 1e8), "%", log=True, meaning="scale of the gap to the ceiling"),
     Param("c", 0.3, FREE, (0.01, 2.0), meaning="how fast the gap closes")],
    equation="a form to fit (no published law)",
    fit_defaults=FitDefaults(loss="squared", space="linear", n_random=256, refine=12,
                             source="least squares on accuracy"))


def anchored_log_linear(per_decade: float, n0: float = FULL_SIZE,
                        acc0: float = FULL_ACCURACY) -> dict:
    """Log-linear constants through ``(n0, acc0)`` with slope ``per_decade`` [% per decade]."""
    return {"A": acc0 - per_decade * np.log10(n0), "B": per_decade}


def anchored_saturating(ceiling: float, c: float, n0: float = FULL_SIZE,
                        acc0: float = FULL_ACCURACY) -> dict:
    """Saturating constants through ``(n0, acc0)`` with ceiling ``a`` and exponent ``c``
    (``b = (a - acc0) n0^c``); needs ``ceiling > acc0``."""
    if ceiling <= acc0:
        raise ValueError(f"the ceiling ({ceiling:g}%) must lie above the accuracy it passes "
                         f"through ({acc0:g}%)")
    return {"a": ceiling, "b": (ceiling - acc0) * n0 ** c, "c": c}


def clean_points(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Rows with a positive N and an accuracy in [0, 100], and a sentence per kind of row
    left out (rows with no accuracy yet are skipped silently: they are still to be typed)."""
    n = pd.to_numeric(frame["N"], errors="coerce")
    acc = pd.to_numeric(frame["accuracy"], errors="coerce")
    notes = []
    empty = acc.isna()
    bad_n = ~empty & ~(np.isfinite(n) & (n > 0))
    bad_acc = ~empty & ~bad_n & ~((acc >= 0) & (acc <= 100))
    if bad_n.any():
        notes.append(f"{int(bad_n.sum())} row(s) have no positive number of examples N and "
                     f"were left out.")
    if bad_acc.any():
        notes.append(f"{int(bad_acc.sum())} row(s) have an accuracy outside 0-100% and were "
                     f"left out.")
    keep = ~(empty | bad_n | bad_acc)
    return pd.DataFrame({"N": n[keep].to_numpy(float), "accuracy": acc[keep].to_numpy(float)}), notes


def fit_both(points: pd.DataFrame, seed: int = 0) -> dict:
    """Least-squares fits of both forms; a form is left out (with the reason) when there
    are fewer distinct N than its parameters plus one, or when its fit fails."""
    from ..core.fitting import FitError, fit

    distinct = points["N"].nunique()
    out = {}
    for law, need in ((log_linear, 3), (saturating, 4)):
        if distinct < need:
            out[law.id] = f"needs at least {need} distinct N (has {distinct})"
            continue
        try:
            out[law.id] = fit(law, points, seed=seed)
        except (FitError, ValueError) as err:
            out[law.id] = str(err)
    return out


BIBTEX = """@article{toshniwal2024openmathinstruct2,
  title   = {{OpenMathInstruct-2}: Accelerating {AI} for Math with Massive Open-Source
             Instruction Data},
  author  = {Toshniwal, Shubham and Du, Wei and Moshkov, Ivan and Kisacanin, Branislav and
             Ayrapetyan, Alexan and Gitman, Igor},
  journal = {arXiv preprint arXiv:2410.01560},
  year    = {2024}
}"""

PAPER = Paper(
    key="toshniwal2024",
    topic="Data, inference and downstream",
    title="OpenMathInstruct-2: Accelerating AI for Math with Massive Open-Source Instruction Data",
    authors="Toshniwal, Du, Moshkov, Kisacanin, Ayrapetyan, Gitman",
    year=2024,
    arxiv="2410.01560",
    bibtex=BIBTEX,
    summary=("A 14M question-solution dataset for math (about 600K unique questions) "
             "synthesised with Llama3.1-405B-Instruct. Fine-tuning Llama-3.1-8B-Base on all of "
             "it reaches 67.8% on MATH against 51.9% for Llama3.1-8B-Instruct, and accuracy "
             "keeps rising from 1M to 14M examples. The paper fits no law to its scaling plot; "
             "this page shows what a log-linear and a saturating fit would extrapolate, and "
             "how far apart they end up."),
    assumptions=[
        "Accuracy is MATH test accuracy with greedy decoding, Llama-3.1-8B-Base fine-tuned "
        "with the paper's recipe (lr 2e-5, 60k steps for the full set).",
        "The 1M, 2M and 5M splits are fair-downsampled: the question mix is kept, fewer "
        "solutions per question.",
        "Both forms are choices of this page, not the paper's: data scaling at fixed "
        "questions cannot rise without bound, so the log-linear form is only local.",
    ],
    laws=[log_linear, saturating],
    page_features=["log-linear vs saturating extrapolation through the published 14M point",
                   "type in the scaling plot's points and fit both forms",
                   "fit your own fine-tuning data curve"],
)
