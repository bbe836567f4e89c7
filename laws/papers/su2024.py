"""Su, Tian, Shen and Cai (2024), Unraveling the Mystery of Scaling Laws: Part I
(arXiv:2403.06563).

The paper keeps Kaplan et al.'s (2020) formulas and shows how to estimate their
constants for one's own setup from models of only 1M-60M parameters, then predicts for
models up to 33B (abstract, [P-abs]): (1) the minimum possible test loss; the minimum
steps and tokens to reach a loss; the critical batch size at any loss; and the whole
test-loss curve at any batch size. The maths is Kaplan's, so the expressions are
imported from :mod:`laws.papers.kaplan2020`, not written again:

``L(N, S_min) = (N_c/N)**alpha_N + (S_c/S_min)**alpha_S``      Kaplan Eq. (1.6)
``B_crit(L) = B_star / L**(1/alpha_B)``                        Kaplan Eq. (1.4)
``S_min = S / (1 + B_crit(L)/B)``                              Kaplan Eq. (5.4)
``E_min = E / (1 + B/B_crit(L))``, ``E = B S``                  Kaplan Eq. (5.5)

and, solved with sympy from Eq. (1.6), the steps a loss needs at large batch
``S_min(L) = S_c (L - (N_c/N)**alpha_N)**(-1/alpha_S)``.

Constants: Su et al. fit their own (alpha_N, N_c, alpha_S, S_c, B_star, alpha_B), which
"vary significantly with the experiment setup"; their values were not confirmed (catalog
§2), so the defaults are Kaplan's (Table 3 and Eq. 1.4), labelled as such, and the page
fits them on your small runs.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import Law, Paper, Variable
from . import kaplan2020 as kap

NOT_SU = ("Kaplan et al. 2020 ({}); Su et al. refit it for their setup, and their value "
          "is unconfirmed")


def _kaplan_params(law: Law, where: str):
    return [replace(p, source=NOT_SU.format(where)) for p in law.params]


PARAMS_NS = _kaplan_params(kap.loss_ns, "Table 3")
PARAMS_B = _kaplan_params(kap.critical_batch, "Eq. 1.4")

loss_ns = Law("su2024.loss_ns", "L(N, S_min)", kap.loss_ns.expr, kap.loss_ns.output,
              kap.loss_ns.inputs, PARAMS_NS, equation="Kaplan Eq. (1.6), used in §3",
              fit_defaults=kap.loss_ns.fit_defaults,
              description="Loss after S_min steps at a batch much larger than B_crit.")
critical_batch = Law("su2024.critical_batch", "B_crit(L)", kap.critical_batch.expr,
                     kap.critical_batch.output, kap.critical_batch.inputs, PARAMS_B,
                     equation="Kaplan Eq. (1.4)", fit_defaults=kap.critical_batch.fit_defaults,
                     description="Critical batch size at a loss; independent of N.")
steps_min = Law("su2024.steps_min", "S_min(S, B, L)", kap.steps_min.expr, kap.steps_min.output,
                kap.steps_min.inputs, PARAMS_B, equation="Kaplan Eq. (5.4)")

_E, _B, _L = sp.symbols("E B L", positive=True)
_B_crit = kap.critical_batch.expr
examples_min = Law(
    "su2024.examples_min", "E_min(E, B, L)", _E / (1 + _B / _B_crit),
    Variable("E_min", "tokens", (1e6, 1e13), latex=r"E_{min}",
             meaning="tokens the run would need at a batch much smaller than B_crit"),
    [Variable("E", "tokens", (1e6, 1e13), meaning="tokens processed, E = B S"),
     kap.steps_min.inputs[1], kap.steps_min.inputs[2]],
    PARAMS_B, equation="Kaplan Eq. (5.5)")

_S_min_of_L = sp.solve(sp.Eq(_L, kap.loss_ns.expr), sp.Symbol("S_min", positive=True))[0]
steps_to_loss = Law(
    "su2024.steps_to_loss", "S_min(N, L)", _S_min_of_L,
    Variable("S_min", "steps", (1e2, 1e8), latex=r"S_{min}",
             meaning="fewest steps (at large batch) to reach the loss L"),
    [kap.VAR_N, Variable("L", "nats/token", (1.5, 8.0), log=False, meaning="target loss")],
    PARAMS_NS, equation="Kaplan Eq. (1.6) solved for S_min (sympy)")


def minimum_loss(N, params_ns: dict | None = None) -> np.ndarray:
    """Lowest loss a model of N non-embedding parameters reaches with unlimited steps,
    ``(N_c/N)**alpha_N`` [nats/token] (Eq. 1.6 as S_min grows without bound)."""
    return loss_ns(params_ns, N=N, S_min=np.inf)


def learning_curve(N, steps, batch_tokens, params_ns: dict | None = None,
                   params_b: dict | None = None) -> np.ndarray:
    """Loss after ``steps`` at batch size ``batch_tokens`` [nats/token]: Kaplan's
    :func:`laws.papers.kaplan2020.learning_curve` with these constants."""
    return kap.learning_curve(N, steps, batch_tokens, params_ns, params_b)


def to_reach(loss_target, N, batch_tokens, params_ns: dict | None = None,
             params_b: dict | None = None) -> dict:
    """What reaching ``loss_target`` costs a model of N parameters at a batch size.

    Returns
    -------
    dict
        ``S_min`` (steps at B >> B_crit), ``B_crit`` [tokens], ``E_min = B_crit S_min``
        (tokens at B << B_crit), ``S`` and ``E = B S`` at the batch given; NaN when the
        target is at or below :func:`minimum_loss`.
    """
    s_min = steps_to_loss(params_ns, N=N, L=loss_target)
    b_crit = critical_batch(params_b, L=loss_target)
    steps = s_min * (1 + b_crit / batch_tokens)
    return {"S_min": s_min, "B_crit": b_crit, "E_min": b_crit * s_min, "S": steps,
            "E": batch_tokens * steps}


def tradeoff(loss_target, N, params_ns: dict | None = None, params_b: dict | None = None,
             batches=None) -> pd.DataFrame:
    """Steps and tokens to reach ``loss_target`` across batch sizes:
    ``(S/S_min - 1)(E/E_min - 1) = 1`` (Kaplan Eq. 5.3), one row per batch size."""
    b = np.logspace(3, 10, 141) if batches is None else np.asarray(batches, float)
    r = to_reach(loss_target, N, b, params_ns, params_b)
    return pd.DataFrame({"B": b, "S": r["S"], "E": r["E"]})


def small_runs_to_smin(frame: pd.DataFrame, params_b: dict | None = None, N: str = "N",
                       B: str = "B", step: str = "step", loss_col: str = "loss") -> pd.DataFrame:
    """Logged points of small runs -> ``N, S_min, loss`` for fitting Eq. (1.6).

    Each point's steps at batch B become ``S_min = S/(1 + B_crit(L)/B)`` (Eq. 5.4) at the
    loss it reached, with the critical-batch constants given: Su et al.'s order (first
    B_crit, then the L(N, S_min) constants). Rows without positive finite numbers are
    dropped by the fit, which says which and why.
    """
    missing = [c for c in (N, B, step, loss_col) if c not in frame.columns]
    if missing:
        raise ValueError(f"The table has no column {', '.join(map(repr, missing))}; its "
                         f"columns are {', '.join(map(str, frame.columns))}.")
    cols = {k: pd.to_numeric(frame[c], errors="coerce")
            for k, c in (("N", N), ("B", B), ("S", step), ("loss", loss_col))}
    with np.errstate(all="ignore"):
        s_min = steps_min(params_b, S=cols["S"].to_numpy(float), B=cols["B"].to_numpy(float),
                          L=cols["loss"].to_numpy(float))
    return pd.DataFrame({"N": cols["N"], "B": cols["B"], "step": cols["S"],
                         "S_min": s_min, "loss": cols["loss"]})


def curve_band(fit, N, steps, batch_tokens, params_b: dict | None = None,
               level: float = 0.95) -> pd.DataFrame:
    """Loss curve at a batch size from a fit of :data:`loss_ns`, with the band of its
    bootstrap samples (``lower``/``upper`` NaN without them)."""
    value = learning_curve(N, steps, batch_tokens, fit.params, params_b)
    out = pd.DataFrame({"step": steps, "value": value})
    draws = [learning_curve(N, steps, batch_tokens, p, params_b) for p in fit.sample_params()]
    if draws:
        q = [(1 - level) / 2, 1 - (1 - level) / 2]
        out["lower"], out["upper"] = np.nanquantile(np.array(draws), q, axis=0)
    else:
        out["lower"] = out["upper"] = np.nan
    return out


BIBTEX = """@article{su2024unraveling,
  title   = {Unraveling the Mystery of Scaling Laws: Part I},
  author  = {Su, Hui and Tian, Zhi and Shen, Xiaoyu and Cai, Xunliang},
  journal = {arXiv preprint arXiv:2403.06563},
  year    = {2024}
}"""

PAPER = Paper(
    key="su2024",
    title="Unraveling the Mystery of Scaling Laws: Part I",
    authors="Su, Tian, Shen, Cai",
    year=2024,
    arxiv="2403.06563",
    bibtex=BIBTEX,
    summary=("Kaplan et al.'s formulas hold up to 33B parameters, but their constants vary "
             "strongly with the setup (data, tokenizer, learning rate, context length). The "
             "paper shows how to estimate every constant from models of 1M-60M parameters "
             "and then predict, before training a large model, its minimum possible loss, "
             "the steps and tokens to reach a loss, the critical batch size, and its whole "
             "loss curve at any batch size."),
    assumptions=[
        "Kaplan's formulas: L(N, S_min) (Eq. 1.6), B_crit(L) (Eq. 1.4), S_min and E_min "
        "(Eqs. 5.4, 5.5); N excludes embeddings; batch sizes and E in tokens.",
        "Default constants are Kaplan's (Table 3, Eq. 1.4), not Su et al.'s: theirs are "
        "unconfirmed, and by the paper's own account they differ with the setup.",
        "B_crit and S_min depend on the LR schedule and context length: fit them per setup.",
    ],
    laws=[loss_ns, critical_batch, steps_min, examples_min, steps_to_loss],
    page_features=["loss curve of a run at any batch size", "minimum possible loss",
                   "steps and tokens to a target loss, critical batch size",
                   "fit the constants on small runs, predict a large one with a band"],
    topic="Loss and scale",
)
