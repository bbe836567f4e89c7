"""Henighan et al. (2020), Scaling Laws for Autoregressive Generative Modeling
(arXiv:2010.14701).

Relations
---------
``henighan2020.power``   ``L(x) = L_inf + (x0/x)**alpha``, Eq. (1.1), for any scale x
                         (model size N, compute C or data D): the generic relation a user fits.
``henighan2020.loss_n``  Eq. (1.1) with x = N (non-embedding parameters), Table 1 "L(N)".
``henighan2020.loss_c``  Eq. (1.1) with x = C (PF-days), Table 1 "L(C)".
``henighan2020.n_opt``   ``N_opt(C) = (C/C_0)**beta``, Eq. (1.4), Table 1 "N_opt(C)".

Interpretation, Eq. (1.2): ``L_inf`` estimates the entropy of the data S(True) (the
irreducible loss) and ``(x0/x)**alpha`` the KL divergence D_KL(True||Model) (the reducible
loss).

Evidence. Every constant below is Table 1 ("Summary of scaling laws") or Table 3 ("Per-image
loss trends") of the paper, read from a verbatim transcription of the arXiv PDF (a public
markdown transcription, text id 63453444161 of the search index). Two independent checks
hold: Table 3's irreducible losses per image divided by tokens per image (3 R^2 for R x R
pixels, 256 and 1024 for the VQ codes) give Table 1's L_inf per token, and third-party code
(Hilton et al.'s RL scaling-law plots) uses Image 32x32's ``N_opt = (C/1.6e-13)**0.65``.
One inconsistency is the paper's own: Table 3's 8x8 compute scale (1.9e3 PF-days) is ten
times below what Table 1's 8x8 fit implies (about 1.9e4), while the other four rows agree.

Units: loss in nats/token (Table 1) or nats/image (Table 3); N excludes embeddings; C in
PF-days (1 PF-day = 8.64e19 FLOPs), ``C = 6 N E`` with E tokens processed (§2.3).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

PF_DAY = 8.64e19  #: FLOPs in one PF-day
T1 = "Henighan et al. 2020, Table 1"
T3 = "Henighan et al. 2020, Table 3"

#: Table 1, one row per domain: L(N) as (L_inf, N_0, alpha_N), L(C) as (L_inf, C_0, alpha_C),
#: N_opt(C) as (C_0, beta). None where the table prints none (the text rows of the
#: multimodal models, whose L(C) is the combined text/image loss). The language L(N) and
#: L(C) are pure power laws (GPT-3 data; the paper cannot estimate the entropy of text)
#: and its N_opt(C) is Kaplan et al.'s. Im-to-Text's N_opt is printed in brackets.
TABLE_1 = {
    "Language": {"N": (0.0, 1.47e14, 0.070), "C": (0.0, 3.47e8, 0.048), "N_opt": (3.3e-13, 0.73)},
    "Image 8x8": {"N": (3.12, 8.0e1, 0.24), "C": (3.13, 1.8e-8, 0.19), "N_opt": (5.3e-14, 0.64)},
    "Image 16x16": {"N": (2.64, 2.8e2, 0.22), "C": (2.64, 1.6e-8, 0.16),
                    "N_opt": (4.8e-12, 0.75)},
    "Image 32x32": {"N": (2.20, 6.3e1, 0.13), "C": (2.21, 3.6e-9, 0.1), "N_opt": (1.6e-13, 0.65)},
    "Image VQ 16x16": {"N": (3.99, 2.7e4, 0.13), "C": (4.09, 6.1e-7, 0.11),
                       "N_opt": (6.2e-14, 0.64)},
    "Image VQ 32x32": {"N": (3.07, 1.9e4, 0.14), "C": (3.17, 2.6e-6, 0.12),
                       "N_opt": (9.4e-13, 0.7)},
    "Text-to-Im (Text)": {"N": (0.0, 5.6e8, 0.037), "C": None, "N_opt": None},
    "Text-to-Im (Image)": {"N": (2.0, 5.1e3, 0.16), "C": (1.93, 1.5e-6, 0.15),
                           "N_opt": (9.4e-13, 0.7)},
    "Im-to-Text (Text)": {"N": (0.0, 7.0e8, 0.039), "C": None, "N_opt": None},
    "Im-to-Text (Image)": {"N": (2.0, 5.5e3, 0.15), "C": (1.97, 1.5e-6, 0.16),
                           "N_opt": (3.3e-12, 0.72)},
    "Video VQ 16x16x16": {"N": (1.01, 3.7e4, 0.24), "C": (0.95, 2.2e-5, 0.14),
                          "N_opt": (1.13e-12, 0.71)},
    "Math (Extrapolate)": {"N": (0.28, 1.1e4, 0.16), "C": (0.14, 1.4e-5, 0.17),
                           "N_opt": (2.3e-12, 0.69)},
}
DOMAINS = list(TABLE_1)
#: Tokens per image (or per 16-frame video, or None where the loss is not per image), §2.1.
TOKENS_PER_ITEM = {"Image 8x8": 192, "Image 16x16": 768, "Image 32x32": 3072,
                   "Image VQ 16x16": 256, "Image VQ 32x32": 1024, "Video VQ 16x16x16": 4096}
#: Table 3, per image: reducible loss (C/C_1)**-alpha_C [nats/image] with C_1 [PF-days], and
#: the irreducible loss [nats/image].
TABLE_3 = {"Image 8x8": (1.9e3, 0.19, 602.0), "Image 16x16": (1.7e10, 0.16, 2026.0),
           "Image 32x32": (2.7e26, 0.1, 6806.0), "Image VQ 16x16": (4.7e15, 0.11, 1047.0),
           "Image VQ 32x32": (3.1e19, 0.12, 3246.0)}
#: The paper's summary of the N_opt exponents, "beta ~ 0.7 for all modalities" (§1.1).
BETA_SUMMARY = 0.7

x, L_inf, x0, alpha = sp.symbols("x L_inf x_0 alpha", positive=True)
N, C = sp.symbols("N C", positive=True)
N_0, C_0, alpha_N, alpha_C, beta = sp.symbols("N_0 C_0 alpha_N alpha_C beta", positive=True)

VAR_LOSS = Variable("loss", "nats/token", (0.1, 10.0), log=False, latex="L",
                    meaning="test cross-entropy loss")
VAR_N = Variable("N", "non-embedding parameters", (1e3, 1e12),
                 meaning="model size, embeddings excluded")
VAR_C = Variable("C", "PF-days", (1e-10, 1e4),
                 meaning="training compute, C = 6 N E (1 PF-day = 8.64e19 FLOPs)")
IRREDUCIBLE = "irreducible loss, the entropy of the data S(True) (Eq. 1.2)"


def _l_inf(value, source):
    return Param("L_inf", value, source, (0.0, 10.0), "nats/token", meaning=IRREDUCIBLE,
                 latex=r"L_{\infty}")


power = Law(
    "henighan2020.power", "L(x)", L_inf + (x0 / x) ** alpha, VAR_LOSS,
    [Variable("x", "", (1e-10, 1e14), meaning="the scale: model size, compute or data")],
    [_l_inf(3.12, f"{T1}, Image 8x8 L(N)"),
     Param("x_0", 80.0, f"{T1}, Image 8x8 L(N)", (1e-15, 1e16), log=True, latex="x_0",
           meaning="scale at which the reducible loss is 1 nat"),
     Param("alpha", 0.24, f"{T1}, Image 8x8 L(N)", (0.005, 2.0), latex=r"\alpha_x",
           meaning="how fast the reducible loss falls with scale")],
    equation="Eq. (1.1)",
    fit_defaults=FitDefaults(
        loss="squared", space="log",
        grid={"L_inf": (0.0, 0.5, 1.0, 2.0, 3.0, 4.0), "alpha": (0.03, 0.07, 0.15, 0.3, 0.6)},
        n_random=64, refine=24,
        source="Henighan et al. do not state their fitting procedure; least squares on "
               "log loss from a grid of irreducible losses and exponents"),
    description="Power law plus constant in any one scale; the constant is the irreducible "
                "loss.")


def _constants(axis: str) -> dict:
    names = {"N": ("L_inf", "N_0", "alpha_N"), "C": ("L_inf", "C_0", "alpha_C")}[axis]
    return {d: dict(zip(names, row[axis])) for d, row in TABLE_1.items() if row[axis]}


loss_n = Law(
    "henighan2020.loss_n", "L(N)", L_inf + (N_0 / N) ** alpha_N, VAR_LOSS, [VAR_N],
    [_l_inf(3.12, f"{T1}, Image 8x8"),
     Param("N_0", 80.0, f"{T1}, Image 8x8", (1e-2, 1e16), "non-embedding parameters",
           log=True, latex="N_0", meaning="model size at which the reducible loss is 1 nat"),
     Param("alpha_N", 0.24, f"{T1}, Image 8x8", (0.005, 1.0), latex=r"\alpha_N",
           meaning="how fast the reducible loss falls with model size")],
    equation="Eq. (1.1), Table 1 L(N)", constants=_constants("N"),
    fit_defaults=power.fit_defaults,
    description="Loss of models trained close to convergence, against model size.")
loss_c = Law(
    "henighan2020.loss_c", "L(C)", L_inf + (C_0 / C) ** alpha_C, VAR_LOSS, [VAR_C],
    [_l_inf(3.13, f"{T1}, Image 8x8"),
     Param("C_0", 1.8e-8, f"{T1}, Image 8x8", (1e-12, 1e10), "PF-days", log=True,
           latex="C_0", meaning="compute at which the reducible loss is 1 nat"),
     Param("alpha_C", 0.19, f"{T1}, Image 8x8", (0.005, 1.0), latex=r"\alpha_C",
           meaning="how fast the reducible loss falls with compute")],
    equation="Eq. (1.1), Table 1 L(C)", constants=_constants("C"),
    fit_defaults=power.fit_defaults,
    description="Loss on the compute-efficient frontier (convex hull of the learning curves).")
n_opt = Law(
    "henighan2020.n_opt", "N_opt(C)", (C / C_0) ** beta,
    Variable("N_opt", "non-embedding parameters", (1e3, 1e13), latex=r"N_{opt}",
             meaning="model size that minimises the loss at compute C"),
    [VAR_C],
    [Param("C_0", 5.3e-14, f"{T1}, Image 8x8", (1e-16, 1e-8), "PF-days", log=True,
           latex="C_0", meaning="compute at which the optimal model has one parameter"),
     Param("beta", 0.64, f"{T1}, Image 8x8", (0.3, 1.0), latex=r"\beta",
           meaning="exponent of the optimal model size in compute (about 0.7 everywhere)")],
    equation="Eq. (1.4), Table 1 N_opt(C)",
    constants={d: {"C_0": row["N_opt"][0], "beta": row["N_opt"][1]}
               for d, row in TABLE_1.items() if row["N_opt"]},
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=64, refine=8,
                             source="least squares on log N_opt"))

LAWS_BY_AXIS = {"N": loss_n, "C": loss_c, "N_opt": n_opt}


def for_domain(law: Law, domain: str) -> Law:
    """``law`` with ``domain``'s Table 1 row as its published constants.

    Raises
    ------
    KeyError
        When Table 1 has no such fit for the domain (e.g. L(C) of a text row).
    """
    values = law.constants.get(domain)
    if values is None:
        raise KeyError(f"Table 1 gives no {law.title} for {domain}")
    params = [Param(p.name, values[p.name], f"{T1}, {domain}", p.bounds, p.unit, p.log,
                    p.meaning, p.latex) for p in law.params]
    return Law(law.id, law.title, law.expr, law.output, law.inputs, params, law.equation,
               fit_defaults=law.fit_defaults, description=law.description)


def reducible(scale, params: dict, law: Law = power) -> np.ndarray:
    """The reducible loss ``L - L_inf = (x0/x)**alpha`` [nats], the estimated D_KL."""
    return law(params, **{law.inputs[0].name: scale}) - params["L_inf"]


def scale_for_reducible(target, x_0, alpha_x):
    """The scale (N or C) at which the reducible loss falls to ``target`` [nats]:
    ``x = x_0 * target**(-1/alpha)`` (inverting Eq. 1.1)."""
    return x_0 * np.asarray(target, float) ** (-1.0 / alpha_x)


def tokens_for_compute(C_pf_days, N_params):
    """Tokens processed, ``E = C / (6 N)`` with C in PF-days (§2.3)."""
    return np.asarray(C_pf_days, float) * PF_DAY / (6.0 * np.asarray(N_params, float))


def data_exponent(beta_value: float) -> float:
    """Exponent of dataset size in model size on the optimal frontier if every token is
    seen once: ``D ~ C**(1-beta) ~ N**((1-beta)/beta)`` (§2.3)."""
    return (1.0 - beta_value) / beta_value


def per_image_compute_scale(domain: str) -> float:
    """Compute scale C_1 of the per-image reducible loss implied by Table 1's L(C):
    ``T (C_0/C)**a = (C/C_1)**-a`` gives ``C_1 = C_0 T**(1/a)`` [PF-days]."""
    _, c0, a = TABLE_1[domain]["C"]
    return c0 * TOKENS_PER_ITEM[domain] ** (1.0 / a)


BIBTEX = """@article{henighan2020scaling,
  title   = {Scaling Laws for Autoregressive Generative Modeling},
  author  = {Henighan, Tom and Kaplan, Jared and Katz, Mor and Chen, Mark and Hesse,
             Christopher and Jackson, Jacob and Jun, Heewoo and Brown, Tom B. and Dhariwal,
             Prafulla and Gray, Scott and Hallacy, Chris and Mann, Benjamin and Radford, Alec
             and Ramesh, Aditya and Ryder, Nick and Ziegler, Daniel M. and Schulman, John and
             Amodei, Dario and McCandlish, Sam},
  journal = {arXiv preprint arXiv:2010.14701},
  year    = {2020}
}"""

PAPER = Paper(
    key="henighan2020",
    title="Scaling Laws for Autoregressive Generative Modeling",
    authors="Henighan, Kaplan, Katz, et al.",
    year=2020,
    arxiv="2010.14701",
    bibtex=BIBTEX,
    summary=("Autoregressive Transformers on images at several resolutions, video, "
             "image-text pairs and math problems all follow a power law plus a constant in "
             "model size and compute. The constant estimates the entropy of the data and the "
             "power law the KL divergence the model has left, so the fits say how large a "
             "model must be to reach a given reducible loss. The compute-optimal model size "
             "grows as C^beta with beta near 0.7 in every domain."),
    assumptions=[
        "L(N) uses the loss close to convergence; L(C) the frontier of learning curves.",
        "N counts non-embedding parameters; C = 6 N E in PF-days (no critical-batch "
        "correction, §2.3).",
        "Loss in nats/token (Table 1); Table 3 gives the image fits per image.",
        "Language rows are GPT-3's L(N), L(C) and Kaplan et al.'s N_opt(C); their "
        "irreducible loss is not estimated (L_inf = 0 here).",
        "Constants from a verbatim transcription of the arXiv PDF (Tables 1 and 3).",
    ],
    laws=[power, loss_n, loss_c, n_opt],
    page_features=["L(N) and L(C) per domain (Table 1)", "reducible vs irreducible loss",
                   "model size for a target reducible loss", "N_opt(C) across domains",
                   "fit your runs to L = L_inf + (x0/x)^alpha"],
)
