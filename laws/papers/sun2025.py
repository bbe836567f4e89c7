"""Sun et al. (2025), Scaling Laws for Floating-Point Quantization Training
(arXiv:2501.02423; ICML 2025, PMLR 267:57544-57570).

Relations
---------
``sun2025.loss``       the "Capybara" law, Eq. (1) = Eq. (18) = Eq. (26):
    ``L(N, D, E, M, B) = n/N**alpha + d/D**beta + epsilon
                         + D**beta/N**alpha * log2(B) / (gamma (E+0.5)**delta (M+0.5)**nu)``
``sun2025.loss_bf16``  the Chinchilla part alone, Eq. (2) (the BF16 loss).

Derived results (each checked in the tests against the paper's own numbers):

* optimal float layout for P = E + M + 1 bits, Eq. (19) and App. C:
  ``M_opt = nu P/(delta+nu) - 0.5``, ``E_opt = delta P/(delta+nu) - 0.5``; the paper's
  optima for FP4, FP8, FP16 are E2M1, E4M3, E8M7 (§4.2).
* critical data size, Eq. (21) and App. D:
  ``D_crit = [d gamma N**alpha (E+0.5)**delta (M+0.5)**nu / log2 B]**(1/(2 beta))``; a 1B model
  gives 1730T tokens in BF16, 27T in FP8-E4M3 and 0.4T in FP4-E2M1 (§4.3; these match with
  block size B = 128).
* compute-optimal precision at fixed data, Eq. (22)/(47):
  ``P**(delta+nu) = gamma_D D**beta log2 B``,
  ``gamma_D = (delta+nu-alpha)/(n alpha gamma_rho)``,
  ``gamma_rho = gamma delta**delta nu**nu / (delta+nu)**(delta+nu)`` (Eq. 34);
  and over N, D and P at fixed compute ``C = k P N D`` (App. E.3), solved numerically
  here; the paper finds 4-8 bits for C in 1e21-1e31 with B = 128 and k = 6/16 (§4.4,
  Figure 7).

Evidence. The formula and Table 2's constants are read from a verbatim transcription of
arXiv v3 (4 Jun 2025, the ICML version; public markdown transcription, text id 61299382587
of the search index) and are confirmed by reproducing the paper's three critical data sizes
(1730T, 27T, 0.4T) to the printed digits. The project's catalog listed gamma = 11334.5299,
delta = 3.1525, nu = 2.9119 (tagged unconfirmed, perhaps an earlier version); Table 2 of v3
prints gamma = 11334.5197, delta = 3.1926, nu = 2.9543, which are used here: with the
catalog's values the critical data sizes come out 1465T / 24T / 0.37T instead.
The channel-wise equivalent block size, ``log2 B_channel ~ 13.1567``, is from §3.6. The
tensor-wise equivalent block size is a power law in N and D whose constants the paper does
not print, so it is not offered.

Units: N parameters, D tokens, E and M bits (sign bit excluded, P = E + M + 1), B elements
sharing one scaling factor; loss in nats/token on Dolma v1.7 validation.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

T2 = "Sun et al. 2025, Table 2 (arXiv v3 / ICML)"
CHANNEL_LOG2_B = 13.1567  #: §3.6: channel-wise scaling acts like log2 B ~ 13.1567
CHANNEL_B = 2.0 ** CHANNEL_LOG2_B
K_COMPUTE = 6.0 / 16.0  #: Figure 7: k in C = k P N D (6ND at 16 bits)
FORMATS = {"FP4 E2M1": (2, 1), "FP6 E3M2": (3, 2), "FP8 E4M3": (4, 3), "FP8 E5M2": (5, 2),
           "FP16 E5M10": (5, 10), "BF16 E8M7": (8, 7)}

N, D, E, M, B = sp.symbols("N D E M B", positive=True)
n, alpha, d, beta, epsilon, gamma, delta, nu = sp.symbols(
    "n alpha d beta epsilon gamma delta nu", positive=True)
HALF = sp.Rational(1, 2)
bf16_expr = n / N ** alpha + d / D ** beta + epsilon
precision_term = D ** beta / N ** alpha * sp.log(B, 2) / (
    gamma * (E + HALF) ** delta * (M + HALF) ** nu)

PARAMS_BF16 = [
    Param("n", 69.2343, T2, (1.0, 1e4), log=True, meaning="model-size coefficient"),
    Param("alpha", 0.2368, T2, (0.05, 1.0), latex=r"\alpha", meaning="model-size exponent"),
    Param("d", 68973.0621, T2, (1.0, 1e8), log=True, meaning="data coefficient"),
    Param("beta", 0.5162, T2, (0.05, 1.0), latex=r"\beta", meaning="data exponent"),
    Param("epsilon", 1.9061, T2, (0.0, 5.0), "nats/token", latex=r"\epsilon",
          meaning="irreducible loss (bias)")]
PARAMS_PRECISION = [
    Param("gamma", 11334.5197, T2, (1.0, 1e8), log=True, latex=r"\gamma",
          meaning="scale of the low-precision penalty (larger = smaller penalty)"),
    Param("delta", 3.1926, T2, (0.1, 10.0), latex=r"\delta",
          meaning="how fast the penalty falls with exponent bits"),
    Param("nu", 2.9543, T2, (0.1, 10.0), latex=r"\nu",
          meaning="how fast the penalty falls with mantissa bits")]

VAR_LOSS = Variable("loss", "nats/token", (1.5, 5.0), log=False, latex="L",
                    meaning="validation loss")
VAR_N = Variable("N", "parameters", (1e7, 1e12), meaning="model size")
VAR_D = Variable("D", "tokens", (1e9, 1e15), meaning="training tokens")
VAR_E = Variable("E", "bits", (0, 10), log=False, meaning="exponent bits")
VAR_M = Variable("M", "bits", (0, 23), log=False, meaning="mantissa bits")
VAR_B = Variable("B", "elements", (1, 1e5),
                 meaning="block size: elements sharing one scaling factor")

loss = Law(
    "sun2025.loss", "L(N, D, E, M, B)", bf16_expr + precision_term, VAR_LOSS,
    [VAR_N, VAR_D, VAR_E, VAR_M, VAR_B], PARAMS_BF16 + PARAMS_PRECISION,
    equation="Eq. (26) (= Eqs. 1, 18), Table 2",
    fit_defaults=FitDefaults(
        loss="squared", space="log", n_random=48, refine=4,
        source="Sun et al. 2025 do not state their fitting procedure; least squares on log "
               "loss from 48 random starts (8 parameters: a fit takes tens of seconds)"),
    description="Loss of FP-quantized training (inputs of the W, W_bwd and X_bwd GEMMs).")
loss_bf16 = Law("sun2025.loss_bf16", "L_BF16(N, D)", bf16_expr, VAR_LOSS, [VAR_N, VAR_D],
                PARAMS_BF16, equation="Eq. (2), Table 2",
                description="Chinchilla form of the high-precision loss.")


def _p(params: dict | None) -> dict:
    return {**loss.defaults, **(params or {})}


def optimal_layout(P, params: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Real-valued optimal exponent and mantissa bits for a total of ``P`` bits
    (sign included), Eq. (19) and App. C: ``E_opt + 0.5 = delta P/(delta+nu)``,
    ``M_opt + 0.5 = nu P/(delta+nu)``."""
    p = _p(params)
    P = np.asarray(P, float)
    share = p["delta"] / (p["delta"] + p["nu"])
    return share * P - 0.5, (1 - share) * P - 0.5


def layout_losses(P: int, N_params: float, D_tokens: float, B_block: float,
                  params: dict | None = None) -> list[tuple[int, int, float]]:
    """Every integer split (E, M) with E + M = P - 1, and its loss [nats/token]."""
    out = []
    for e in range(0, P):
        m = P - 1 - e
        out.append((e, m, float(loss(params, N=N_params, D=D_tokens, E=e, M=m, B=B_block))))
    return out


def best_layout(P: int, params: dict | None = None) -> tuple[int, int]:
    """The integer (E, M) with E + M = P - 1 that minimises the precision penalty; it does
    not depend on N, D or B, which only scale the penalty (§4.2)."""
    p = _p(params)
    candidates = [(e, P - 1 - e) for e in range(0, P)]
    return max(candidates, key=lambda em: (em[0] + 0.5) ** p["delta"] * (em[1] + 0.5) ** p["nu"])


def critical_data_size(N_params, E_bits, M_bits, B_block, params: dict | None = None):
    """Data size beyond which more tokens raise the loss, Eq. (21) [tokens]:
    ``[d gamma N**alpha (E+0.5)**delta (M+0.5)**nu / log2 B]**(1/(2 beta))``
    (infinite for B = 1, where quantization costs nothing)."""
    p = _p(params)
    log2b = np.log2(np.asarray(B_block, float))
    with np.errstate(divide="ignore"):
        inner = (p["d"] * p["gamma"] * np.asarray(N_params, float) ** p["alpha"]
                 * (np.asarray(E_bits, float) + 0.5) ** p["delta"]
                 * (np.asarray(M_bits, float) + 0.5) ** p["nu"] / log2b)
    return inner ** (1.0 / (2.0 * p["beta"]))


def gamma_rho(params: dict | None = None) -> float:
    """``gamma delta**delta nu**nu / (delta+nu)**(delta+nu)``, Eq. (34)."""
    p = _p(params)
    s = p["delta"] + p["nu"]
    return p["gamma"] * p["delta"] ** p["delta"] * p["nu"] ** p["nu"] / s ** s


def loss_optimal_layout(N_params, D_tokens, P_bits, B_block, params: dict | None = None):
    """Loss with the real-valued optimal layout for P bits, Eq. (20) [nats/token]."""
    p = _p(params)
    N_params, D_tokens, P_bits, B_block = (np.asarray(a, float) for a in
                                           (N_params, D_tokens, P_bits, B_block))
    penalty = D_tokens ** p["beta"] / N_params ** p["alpha"] * np.log2(B_block) / (
        gamma_rho(p) * P_bits ** (p["delta"] + p["nu"]))
    return loss_bf16(p, N=N_params, D=D_tokens) + penalty


def optimal_precision_for_data(D_tokens, B_block, params: dict | None = None):
    """Cost-effective precision at fixed data and compute, Eq. (22)/(47) [bits]:
    ``P**(delta+nu) = gamma_D D**beta log2 B`` with
    ``gamma_D = (delta+nu-alpha)/(n alpha gamma_rho)``."""
    p = _p(params)
    gamma_d = (p["delta"] + p["nu"] - p["alpha"]) / (p["n"] * p["alpha"] * gamma_rho(p))
    return (gamma_d * np.asarray(D_tokens, float) ** p["beta"]
            * np.log2(np.asarray(B_block, float))) ** (1.0 / (p["delta"] + p["nu"]))


def compute_optimal_curve(C_flops, B_block: float = 128.0, k: float = K_COMPUTE,
                          params: dict | None = None, P_bounds=(1.5, 32.0),
                          tolerance: float = 1e-9, max_rounds: int = 400) -> dict:
    """Minimise the loss over N, D and precision P at fixed compute ``C = k P N D``
    (App. E.3), with the optimal float layout at each P (Eq. 20), for every ``C`` at once.

    For each C the loss is a smooth function of ``t = log10 N`` and P (D follows from C;
    at fixed P it is a sum of exponentials in ``t``, so convex). It is evaluated on a grid
    (``t`` in [3, 20] by 0.2, P in ``P_bounds`` by about 0.4 bit) for all C in one array;
    then a 9 x 9 pattern search around each best point, for all C at once: the pattern
    moves to its best point, and halves when that is its centre, until it is narrower
    than ``tolerance`` (in ``t`` and in bits) or after ``max_rounds`` rounds.

    Returns
    -------
    dict of arrays
        ``C``, ``P`` [bits, real-valued], ``N``, ``D``, ``loss``, one entry per C.
    """
    C = np.atleast_1d(np.asarray(C_flops, float))[:, None, None]
    lo, hi = np.array([3.0, P_bounds[0]]), np.array([20.0, P_bounds[1]])

    def objective(t, P):
        with np.errstate(all="ignore"):
            n_ = 10.0 ** t
            v = loss_optimal_layout(n_, C / (k * P * n_), P, B_block, params)
        return np.where(np.isfinite(v), v, np.inf)

    t_axis, p_axis = np.linspace(lo[0], hi[0], 86), np.linspace(lo[1], hi[1], 79)
    values = objective(t_axis[None, None, :], p_axis[None, :, None])  # C x P x t
    i = values.reshape(len(C), -1).argmin(axis=1)
    t_best, p_best = t_axis[i % t_axis.size], p_axis[i // t_axis.size]
    half = np.tile([t_axis[1] - t_axis[0], p_axis[1] - p_axis[0]], (len(C), 1))
    steps, rows, centre = np.linspace(-1.0, 1.0, 9), np.arange(len(C)), 4 * 9 + 4
    for _ in range(max_rounds):
        if (half <= tolerance).all():
            break
        t = np.clip(t_best[:, None, None] + half[:, :1, None] * steps, lo[0], hi[0])
        P = np.clip(p_best[:, None, None] + half[:, 1:, None] * steps[:, None], lo[1], hi[1])
        v = objective(t, P).reshape(len(C), -1)
        j = np.where(v[:, centre] <= v.min(axis=1), centre, v.argmin(axis=1))
        t_best, p_best = t[rows, 0, j % steps.size], P[rows, j // steps.size, 0]
        half = np.where((j == centre)[:, None], half / 2, half)
    best_loss = objective(t_best[:, None, None], p_best[:, None, None]).ravel()
    n_best, C = 10.0 ** t_best, C.ravel()
    return {"C": C, "P": p_best, "N": n_best, "D": C / (k * p_best * n_best),
            "loss": best_loss}


def compute_optimal(C_flops: float, B_block: float = 128.0, k: float = K_COMPUTE,
                    params: dict | None = None, P_bounds=(1.5, 32.0)) -> dict:
    """:func:`compute_optimal_curve` at one compute budget.

    Returns
    -------
    dict
        ``P`` [bits, real-valued], ``N``, ``D``, ``loss``.
    """
    best = compute_optimal_curve([C_flops], B_block, k, params, P_bounds)
    return {key: float(best[key][0]) for key in ("P", "N", "D", "loss")}


BIBTEX = """@inproceedings{sun2025scaling,
  title     = {Scaling Laws for Floating-Point Quantization Training},
  author    = {Sun, Xingwu and Li, Shuaipeng and Xie, Ruobing and Han, Weidong and Wu, Kan
               and Yang, Zhen and Li, Yixing and Wang, An and Li, Shuai and Xue, Jinbao and
               Cheng, Yu and Tao, Yangyu and Kang, Zhanhui and Xu, Chengzhong and Wang, Di
               and Jiang, Jie},
  booktitle = {Proceedings of the 42nd International Conference on Machine Learning},
  series    = {PMLR},
  volume    = {267},
  pages     = {57544--57570},
  year      = {2025}
}"""

PAPER = Paper(
    key="sun2025",
    title="Scaling Laws for Floating-Point Quantization Training",
    authors="Sun, Li, Xie, et al.",
    year=2025,
    arxiv="2501.02423",
    bibtex=BIBTEX,
    summary=("366 LLaMA-style runs (41M-679M parameters, 10B-100B tokens, validated at 1.2B, "
             "7B and 70B) trained with floating-point quantized GEMM inputs. The loss is a "
             "high-precision law in N and D (Hoffmann et al.'s form) plus a penalty that "
             "grows with the 'knowledge intensity' "
             "D^beta/N^alpha and the log of the block size, and falls with exponent and "
             "mantissa bits. Hence a critical data size beyond which low-precision training "
             "gets worse, optimal layouts E2M1, E4M3, E8M7 for 4, 8 and 16 bits, and a "
             "cost-effective precision of 4-8 bits."),
    assumptions=[
        "Quantized: the inputs W, W_bwd and X_bwd of the linear layers' GEMMs (P2, P4, P6); "
        "attention and classifier stay in BF16.",
        "IEEE-754-like formats with subnormals, no Inf/NaN codes, nearest rounding "
        "(QPyTorch), scaling factor per block of B elements.",
        "Channel-wise scaling acts like log2 B = 13.1567 (§3.6).",
        "Compute C = k P N D with k = 6/16 (so 6ND at 16 bits), Figure 7.",
        "Constants from Table 2 of arXiv v3 / ICML (a verbatim transcription of the PDF).",
    ],
    laws=[loss, loss_bf16],
    page_features=["loss over N, D, E, M and block size", "critical data size",
                   "optimal exponent/mantissa split per bit width",
                   "cost-effective precision vs compute", "fit your quantized runs"],
)
