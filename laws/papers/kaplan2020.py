"""Kaplan et al. (2020), Scaling Laws for Neural Language Models.

Relations (equation numbers as printed in arXiv:2001.08361; constants from §1.2 and
Tables 2, 3, 5 and 6, checked against two verbatim transcriptions of the paper)
---------
``kaplan2020.loss_n``      ``L(N) = (N_c/N)**alpha_N``                        Eq. (1.1)
``kaplan2020.loss_d``      ``L(D) = (D_c/D)**alpha_D``                        Eq. (1.2)
``kaplan2020.loss_c``      ``L(C_min) = (C_c/C_min)**alpha_C``                Eq. (1.3)
``kaplan2020.critical_batch``  ``B_crit(L) = B_star / L**(1/alpha_B)``        Eq. (1.4)
``kaplan2020.loss_nd``     ``L(N, D) = ((N_c/N)**(alpha_N/alpha_D) + D_c/D)**alpha_D``
                           Eq. (1.5), Table 2 fit
``kaplan2020.loss_ns``     ``L(N, S_min) = (N_c/N)**alpha_N + (S_c/S_min)**alpha_S``
                           Eq. (1.6), Table 3 fit
``kaplan2020.steps_min``   ``S_min = S / (1 + B_crit(L)/B)``                  Eq. (5.4)
``kaplan2020.overfitting_threshold``  smallest D with ``L(N,D)/L(N,inf) - 1 <= delta_L``,
                           from Eqs. (4.2)-(4.3); the paper rounds it to ``D >~ 5e3 N**0.74``
                           (Eq. 4.4)
``kaplan2020.n_opt``, ``kaplan2020.d_opt``  the compute-efficient frontier
                           ``N = N_e C_min**p_N`` (Eq. 1.7, Table 6) and ``D = D_e C_min**p_D``

Units: N excludes vocabulary and positional embeddings; D in tokens; C_min in PF-days
(1 PF-day = 8.64e19 FLOPs); loss in nats/token on WebText2.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

PF_DAY = 8.64e19  #: FLOPs in one PF-day (Kaplan et al. 2020, §1.3)

N, D, C, S, Bsz, L = sp.symbols("N D C_min S_min B L", positive=True)
S_steps = sp.Symbol("S", positive=True)
alpha_N, alpha_D, alpha_C, alpha_S, alpha_B = sp.symbols(
    "alpha_N alpha_D alpha_C alpha_S alpha_B", positive=True)
N_c, D_c, C_c, S_c, B_star = sp.symbols("N_c D_c C_c S_c B_star", positive=True)
delta_L, N_e, p_N, D_e, p_D = sp.symbols("delta_L N_e p_N D_e p_D", positive=True)

S12 = "Kaplan et al. 2020, §1.2 and Table 5"
T2 = "Kaplan et al. 2020, Table 2 (fit of Eq. 1.5)"
T3 = "Kaplan et al. 2020, Table 3 (fit of Eq. 1.6)"
T6 = "Kaplan et al. 2020, Table 6 (compute-efficient frontier)"

VAR_N = Variable("N", "non-embedding parameters", (1e5, 1e13),
                 meaning="model parameters, embeddings excluded")
VAR_D = Variable("D", "tokens", (1e7, 1e14), meaning="dataset size in tokens")
VAR_C = Variable("C_min", "PF-days", (1e-8, 1e6), latex=r"C_{min}",
                 meaning="compute, at the batch size that minimises it (1 PF-day = 8.64e19 FLOPs)")
VAR_S = Variable("S_min", "steps", (1e2, 1e7), latex=r"S_{min}",
                 meaning="optimisation steps, at batch sizes much larger than B_crit")
VAR_LOSS = Variable("loss", "nats/token", (1.5, 8.0), log=False, latex="L",
                    meaning="test loss on WebText2")
LOG_LSQ = FitDefaults(loss="squared", space="log", n_random=256, refine=16,
                      source="Kaplan et al. do not state their fitting procedure; least "
                             "squares on log loss")


def _alpha(name, value, source, meaning, hi=1.0):
    sub = name.split("_")[1]
    return Param(name, value, source, (0.01, hi), meaning=meaning, latex=rf"\alpha_{{{sub}}}")


def _scale(name, value, source, unit, lo, hi, meaning, latex):
    return Param(name, value, source, (lo, hi), unit, log=True, meaning=meaning, latex=latex)


loss_n = Law("kaplan2020.loss_n", "L(N)", (N_c / N) ** alpha_N, VAR_LOSS, [VAR_N],
             [_alpha("alpha_N", 0.076, S12, "how fast loss falls with model size"),
              _scale("N_c", 8.8e13, S12, "non-embedding parameters", 1e11, 1e16,
                     "model size at which the power law would reach a loss of 1", r"N_c")],
             equation="Eq. (1.1)", fit_defaults=LOG_LSQ,
             description="Loss of models trained to convergence on enough data.")
loss_d = Law("kaplan2020.loss_d", "L(D)", (D_c / D) ** alpha_D, VAR_LOSS, [VAR_D],
             [_alpha("alpha_D", 0.095, S12, "how fast loss falls with data"),
              _scale("D_c", 5.4e13, S12, "tokens", 1e11, 1e16,
                     "dataset size at which the power law would reach a loss of 1", r"D_c")],
             equation="Eq. (1.2)", fit_defaults=LOG_LSQ,
             description="Loss of large models trained with early stopping on D tokens.")
loss_c = Law("kaplan2020.loss_c", "L(C_min)", (C_c / C) ** alpha_C, VAR_LOSS, [VAR_C],
             [_alpha("alpha_C", 0.050, S12, "how fast loss falls with compute"),
              _scale("C_c", 3.1e8, S12, "PF-days", 1e6, 1e11,
                     "compute at which the power law would reach a loss of 1", r"C_c")],
             equation="Eq. (1.3)", fit_defaults=LOG_LSQ,
             description="Loss on the compute-efficient frontier.")
critical_batch = Law(
    "kaplan2020.critical_batch", "B_crit(L)", B_star / L ** (1 / alpha_B),
    Variable("B_crit", "tokens", (1e4, 1e8), latex=r"B_{crit}",
             meaning="batch size beyond which more data parallelism stops paying"),
    [Variable("L", "nats/token", (1.5, 8.0), log=False, meaning="loss reached")],
    [_scale("B_star", 2e8, "Kaplan et al. 2020, Eq. (1.4) (Table 5 prints 2.1e8)", "tokens",
            1e6, 1e10, "critical batch size at a loss of 1 nat", r"B_*"),
     _alpha("alpha_B", 0.21, "Kaplan et al. 2020, Eq. (1.4)", "how fast B_crit grows as loss falls")],
    equation="Eq. (1.4)", fit_defaults=LOG_LSQ,
    description="Critical batch size, which depends on the loss only, not on N.")

PARAMS_ND = [_alpha("alpha_N", 0.076, T2, "model-size exponent"),
             _alpha("alpha_D", 0.103, T2, "data exponent"),
             _scale("N_c", 6.4e13, T2, "non-embedding parameters", 1e11, 1e16,
                    "model-size scale", r"N_c"),
             _scale("D_c", 1.8e13, T2, "tokens", 1e10, 1e16, "data scale", r"D_c")]
loss_nd = Law("kaplan2020.loss_nd", "L(N, D)",
              ((N_c / N) ** (alpha_N / alpha_D) + D_c / D) ** alpha_D, VAR_LOSS,
              [VAR_N, VAR_D], PARAMS_ND, equation="Eq. (1.5), Table 2", fit_defaults=LOG_LSQ,
              description="Loss with early stopping, for a model of N parameters on D tokens.")
loss_ns = Law("kaplan2020.loss_ns", "L(N, S_min)",
              (N_c / N) ** alpha_N + (S_c / S) ** alpha_S, VAR_LOSS, [VAR_N, VAR_S],
              [_alpha("alpha_N", 0.077, T3, "model-size exponent"),
               _alpha("alpha_S", 0.76, T3, "steps exponent", hi=2.0),
               _scale("N_c", 6.5e13, T3, "non-embedding parameters", 1e11, 1e16,
                      "model-size scale", r"N_c"),
               _scale("S_c", 2.1e3, T3, "steps", 1e1, 1e6, "steps scale", r"S_c")],
              equation="Eq. (1.6), Table 3", fit_defaults=LOG_LSQ,
              description="Loss during training, after S_min steps at large batch.")
steps_min = Law(
    "kaplan2020.steps_min", "S_min(S, B, L)",
    S_steps / (1 + B_star / L ** (1 / alpha_B) / Bsz),
    Variable("S_min", "steps", (1e2, 1e7), latex=r"S_{min}",
             meaning="steps the run would need at a batch much larger than B_crit"),
    [Variable("S", "steps", (1e2, 1e7), meaning="steps taken"),
     Variable("B", "tokens", (1e4, 1e8), meaning="batch size used"),
     Variable("L", "nats/token", (1.5, 8.0), log=False, meaning="loss reached")],
    critical_batch.params, equation="Eq. (5.4) with Eq. (1.4)")
overfitting_threshold = Law(
    "kaplan2020.overfitting_threshold", "D_min(N)",
    D_c * (N / N_c) ** (alpha_N / alpha_D) / ((1 + delta_L) ** (1 / alpha_D) - 1),
    Variable("D_min", "tokens", (1e7, 1e14), latex=r"D_{min}",
             meaning="smallest dataset that keeps the overfitting penalty below delta_L"),
    [VAR_N],
    PARAMS_ND + [Param("delta_L", 0.02, "Kaplan et al. 2020, §4.2 (seed-to-seed variation)",
                       (0.001, 0.2), meaning="tolerated relative loss penalty from overfitting",
                       latex=r"\delta_L")],
    equation="Eqs. (4.2)-(4.3); rounded to D >~ 5e3 N^0.74 in Eq. (4.4)")
n_opt = Law("kaplan2020.n_opt", "N_opt(C_min)", N_e * C ** p_N,
            Variable("N_opt", "non-embedding parameters", (1e5, 1e13), latex=r"N_{opt}",
                     meaning="compute-efficient model size"),
            [VAR_C],
            [_scale("N_e", 1.3e9, T6, "non-embedding parameters", 1e7, 1e11,
                    "compute-efficient model size at 1 PF-day", r"N_e"),
             Param("p_N", 0.73, "Kaplan et al. 2020, Eq. (1.7), Table 6", (0.3, 1.0),
                   meaning="exponent of model size in compute", latex=r"p_N")],
            equation="Eq. (1.7), Table 6", fit_defaults=LOG_LSQ)
d_opt = Law("kaplan2020.d_opt", "D(C_min)", D_e * C ** p_D,
            Variable("D_opt", "tokens", (1e7, 1e14), latex=r"D_{opt}",
                     meaning="tokens processed on the compute-efficient frontier"),
            [VAR_C],
            [_scale("D_e", 2e10, T6, "tokens", 1e8, 1e12, "tokens at 1 PF-day", r"D_e"),
             Param("p_D", 0.27, T6, (0.0, 1.0), meaning="exponent of data in compute",
                   latex=r"p_D")],
            equation="Table 6", fit_defaults=LOG_LSQ)


def critical_batch_size(loss_nats, params: dict | None = None):
    """Critical batch size [tokens] at a loss [nats/token] (Eq. 1.4)."""
    return critical_batch(params, L=loss_nats)


def alpha_c_theory(params: dict) -> float:
    """``1/(1/alpha_S + 1/alpha_B + 1/alpha_N)``, the compute exponent implied by the
    other exponents (Eq. B.7 prints about 0.052; Eq. 6.4 prints 0.054)."""
    return 1.0 / (1.0 / params["alpha_S"] + 1.0 / params["alpha_B"] + 1.0 / params["alpha_N"])


def learning_curve(N_params, steps, batch_tokens, params_ns: dict | None = None,
                   params_b: dict | None = None) -> np.ndarray:
    """Loss after ``steps`` at batch size ``batch_tokens``: Eq. (1.6) with Eq. (5.4).

    Since ``S_min = S/(1 + B_crit(L)/B)`` depends on the loss reached, the loss solves
    ``L = L(N, S_min(S, B, L))``; the right side falls as L grows, so the root is
    unique and found by bisection in log L (vectorised over all inputs).

    Parameters
    ----------
    N_params : array_like
        Non-embedding parameters.
    steps : array_like
        Optimisation steps taken.
    batch_tokens : array_like
        Batch size [tokens].
    params_ns, params_b : dict, optional
        Constants of ``loss_ns`` (Table 3) and ``critical_batch`` (Eq. 1.4).

    Returns
    -------
    ndarray
        Loss [nats/token].
    """
    N_params, steps, batch_tokens = np.broadcast_arrays(
        *[np.asarray(a, float) for a in (N_params, steps, batch_tokens)])
    lo = np.log(loss_ns(params_ns, N=N_params, S_min=steps))
    hi = lo + np.log(100.0)

    def excess(log_loss):
        s_min = steps_min(params_b, S=steps, B=batch_tokens, L=np.exp(log_loss))
        return np.exp(log_loss) - loss_ns(params_ns, N=N_params, S_min=s_min)

    for _ in range(60):
        mid = 0.5 * (lo + hi)
        above = excess(mid) > 0
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return np.exp(0.5 * (lo + hi))


def overfitting_fit_of_eq_4_4(params: dict | None = None, N_range=(1e6, 1e11)) -> tuple[float, float]:
    """Prefactor and exponent of ``D_min(N) = k N**p`` implied by the constants
    (the paper rounds them to ``5e3`` and ``0.74``, Eq. 4.4)."""
    n = np.asarray(N_range, float)
    d = overfitting_threshold(params, N=n)
    p = float(np.log(d[1] / d[0]) / np.log(n[1] / n[0]))
    return float(d[0] / n[0] ** p), p


BIBTEX = """@article{kaplan2020scaling,
  title   = {Scaling Laws for Neural Language Models},
  author  = {Kaplan, Jared and McCandlish, Sam and Henighan, Tom and Brown, Tom B.
             and Chess, Benjamin and Child, Rewon and Gray, Scott and Radford, Alec
             and Wu, Jeffrey and Amodei, Dario},
  journal = {arXiv preprint arXiv:2001.08361},
  year    = {2020}
}"""

PAPER = Paper(
    key="kaplan2020",
    title="Scaling Laws for Neural Language Models",
    authors="Kaplan, McCandlish, Henighan, et al.",
    year=2020,
    arxiv="2001.08361",
    bibtex=BIBTEX,
    summary=("Language-model loss falls as a power law in non-embedding parameters, data and "
             "compute over more than seven orders of magnitude, with shape mattering little. "
             "Larger models are more sample-efficient, so with a fixed compute budget the "
             "paper advises growing model size fastest (N ~ C^0.73) and stopping well before "
             "convergence; Hoffmann et al. (2022) later revised that allocation."),
    assumptions=[
        "N excludes vocabulary and positional embeddings; C ~ 6NBS FLOPs, in PF-days.",
        "Loss is the test cross-entropy (nats/token) on WebText2, context 1024 tokens.",
        "L(D) uses early stopping; L(N) is at convergence; C_min is compute at the batch "
        "size far below B_crit.",
        "Constants are the paper's fits (§1.2, Tables 2, 3, 5, 6); Eq. (1.4)'s B* = 2e8 is "
        "2.1e8 in Table 5.",
    ],
    laws=[loss_n, loss_d, loss_c, loss_nd, loss_ns, critical_batch, steps_min,
          overfitting_threshold, n_opt, d_opt],
    page_features=["L(N), L(D), L(C) power laws", "L(N, D) surface with early stopping",
                   "L(N, S) learning curves with critical batch size",
                   "overfitting threshold", "compute-efficient frontier",
                   "fit your runs with bootstrap bands and backtest"],
)
