"""Dollár, Singh, Girshick (2021), Fast and Accurate Model Scaling (CVPR 2021;
arXiv:2103.06877), with EfficientNet's compound scaling (Tan & Le 2019, arXiv:1905.11946)
folded in.

Relations
---------
``dollar2021.flops``, ``dollar2021.params``, ``dollar2021.activations``
    The complexity model of a convolutional network of depth ``d`` (layers), width ``w``
    (channels) at input resolution ``r``: ``f ~ d w^2 r^2``, ``p ~ d w^2``, ``a ~ d w r^2``,
    as multiples of a base network.
``dollar2021.fast_activation_exponent``
    Under fast compound scaling with parameter ``alpha`` (Table 4), activations grow as
    ``s^(1 - alpha/2)`` when flops grow by ``s``; ``alpha = 0.8`` ("dWr") gives ``s^0.6``.
``dollar2021.efficientnet_flops``
    EfficientNet's compound scaling ``d = alpha^phi, w = beta^phi, r = gamma^phi``: flops grow
    as ``(alpha beta^2 gamma^2)^phi`` (Tan & Le 2019, §3.3, Eq. 3).
``dollar2021.complexity_fit``
    The complexity model with free exponents, ``y = C d^a_d w^a_w r^a_r``, to fit measured
    flops, parameters or activations of your own family of networks.

Evidence
--------
* The per-layer counts that give the complexity model are the authors' code: pycls
  ``pycls/models/blocks.py`` ``conv2d_cx`` (flops += k^2 w_in w_out h w / groups,
  params += k^2 w_in w_out / groups, acts += w_out h w), commit 5719de64. A network of
  ``d`` such layers of width ``w`` at resolution ``r`` (h w ~ r^2) follows by arithmetic.
  The paper's table number for the model is not confirmed here.
* Fast scaling: pycls ``pycls/models/scaler.py`` ``scaling_factors`` computes
  ``d = s^(wd/S)``, ``w = s^(ww/S/2)``, ``r = s^(wr/S/2)`` with ``S = wd + ww + wr``, and
  names "d1_w8_g8_r1" the paper's fast compound scaling: d = s^0.1, w = s^0.4, r = s^0.05.
  The Table 4 caption says alpha = 1 is width scaling, alpha = 1/3 is uniform compound
  scaling (dwr) and alpha = 0.8 is the recommended dWr. The exponents below,
  ``e_d = (1 - alpha)/2, e_w = alpha/2, e_r = (1 - alpha)/4`` of each dimension, reproduce
  all three anchors and the code; the exact typography of Table 4 is not confirmed.
* The abstract: popular strategies grow activations about O(s), fast scaling close to
  O(sqrt(s)).
* EfficientNet: alpha = 1.2, beta = 1.1, gamma = 1.15 found by grid search at phi = 1 on B0
  (Tan & Le 2019, §4). B0-B7 coefficients: the released ``efficientnet_builder``
  (tensorflow/tpu); they are not exact powers alpha^phi (B7's depth is 3.1, not 1.2^7).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

d, w, r, alpha, phi = sp.symbols("d w r alpha phi", positive=True)
alpha_EN, beta_EN, gamma_EN = sp.symbols("alpha_EN beta_EN gamma_EN", positive=True)
C, a_d, a_w, a_r = sp.symbols("C a_d a_w a_r", positive=True)

CODE = "pycls conv2d_cx per-layer counts (commit 5719de64), summed over d layers"
TABLE4 = "Table 4 caption anchors (alpha = 1/3: dwr, 1: w, 0.8: dWr) and pycls scaler.py"
EFFNET = "Tan & Le 2019, §3.3 Eq. (3) and §4 (grid search at phi = 1 on B0)"

VAR_D = Variable("d", "x base", (1.0, 16.0), meaning="depth (number of layers) as a "
                 "multiple of the base network's")
VAR_W = Variable("w", "x base", (1.0, 16.0), meaning="width (channels) as a multiple of the "
                 "base network's")
VAR_R = Variable("r", "x base", (1.0, 4.0), meaning="input resolution as a multiple of the "
                 "base network's")


def _ratio(name: str, meaning: str) -> Variable:
    return Variable(name, "x base", (1.0, 1e3), meaning=meaning)


flops = Law("dollar2021.flops", "flops(d, w, r)", d * w**2 * r**2,
            _ratio("flops", "floating point operations, as a multiple of the base network's"),
            [VAR_D, VAR_W, VAR_R], [], equation="complexity model (" + CODE + ")")
params = Law("dollar2021.params", "params(d, w)", d * w**2,
             _ratio("params", "parameters, as a multiple of the base network's"),
             [VAR_D, VAR_W, VAR_R], [], equation="complexity model (" + CODE + ")")
activations = Law("dollar2021.activations", "acts(d, w, r)", d * w * r**2,
                  _ratio("acts", "activations (output elements of every conv layer), as a "
                         "multiple of the base network's"),
                  [VAR_D, VAR_W, VAR_R], [], equation="complexity model (" + CODE + ")")

fast_activation_exponent = Law(
    "dollar2021.fast_activation_exponent", "e_acts(alpha)", 1 - alpha / 2,
    Variable("e_acts", "", (0.5, 0.85), log=False, latex=r"e_{\mathrm{acts}}",
             meaning="activations grow as s to this power when flops grow by s"),
    [Variable("alpha", "", (1 / 3, 1.0), log=False, latex=r"\alpha",
              meaning="fast-scaling parameter: 1/3 uniform dwr, 1 width only, 0.8 dWr")],
    [], equation="Table 4 (" + TABLE4 + ")")

efficientnet_flops = Law(
    "dollar2021.efficientnet_flops", "EfficientNet flops(phi)",
    (alpha_EN * beta_EN**2 * gamma_EN**2) ** phi,
    _ratio("flops", "EfficientNet flops as a multiple of B0's"),
    [Variable("phi", "", (0.0, 8.0), log=False, latex=r"\phi",
              meaning="compound coefficient (B0 is phi = 0)")],
    [Param("alpha_EN", 1.2, EFFNET, (1.0, 2.0), latex=r"\alpha",
           meaning="depth multiplier per unit of phi"),
     Param("beta_EN", 1.1, EFFNET, (1.0, 2.0), latex=r"\beta",
           meaning="width multiplier per unit of phi"),
     Param("gamma_EN", 1.15, EFFNET, (1.0, 2.0), latex=r"\gamma",
           meaning="resolution multiplier per unit of phi")],
    equation="Tan & Le 2019, Eq. (3)")

complexity_fit = Law(
    "dollar2021.complexity_fit", "y = C d^a_d w^a_w r^a_r", C * d**a_d * w**a_w * r**a_r,
    Variable("y", "count", (1e6, 1e12), meaning="measured flops, parameters or activations"),
    [Variable("d", "layers", (1.0, 1e3), meaning="depth of each network"),
     Variable("w", "channels", (1.0, 1e4), meaning="width of each network"),
     Variable("r", "pixels", (32.0, 1e3), meaning="input resolution of each network")],
    [Param("C", 1.0, "scale of your family (no published value)", (1e-6, 1e9), log=True,
           meaning="the count of a network with d = w = r = 1"),
     Param("a_d", 1.0, "complexity model: flops ~ d w^2 r^2 (" + CODE + ")", (0.0, 3.0),
           meaning="exponent of depth"),
     Param("a_w", 2.0, "complexity model: flops ~ d w^2 r^2 (" + CODE + ")", (0.0, 3.0),
           meaning="exponent of width"),
     Param("a_r", 2.0, "complexity model: flops ~ d w^2 r^2 (" + CODE + ")", (0.0, 3.0),
           meaning="exponent of resolution")],
    equation="complexity model with free exponents",
    constants={"params (p ~ d w^2)": {"a_d": 1.0, "a_w": 2.0, "a_r": 0.0},
               "activations (a ~ d w r^2)": {"a_d": 1.0, "a_w": 1.0, "a_r": 2.0}},
    fit_defaults=FitDefaults(loss="squared", space="log", n_random=128, refine=8,
                             source="ordinary least squares on log counts (ours; the paper "
                                    "publishes no fit)"))

# --- scaling strategies -----------------------------------------------------------------
#: Exponents (e_d, e_w, e_r) of each dimension when flops grow by s: d -> s^e_d d, etc.
#: e_d + 2 e_w + 2 e_r = 1 so that flops grow by exactly s.
SIMPLE = {"d": (1.0, 0.0, 0.0), "w": (0.0, 0.5, 0.0), "r": (0.0, 0.0, 0.5),
          "dw": (0.5, 0.25, 0.0), "dr": (0.5, 0.0, 0.25), "wr": (0.0, 0.25, 0.25),
          "dwr": (1 / 3, 1 / 6, 1 / 6)}
#: The paper's recommended fast-scaling parameter (Table 4 caption: "alpha = 0.8").
DWR_ALPHA = 0.8
#: EfficientNet's published alpha, beta, gamma (Tan & Le 2019, §4).
EFFICIENTNET_ABG = (1.2, 1.1, 1.15)
#: Released EfficientNet coefficients (width, depth, resolution [px], dropout),
#: tensorflow/tpu ``efficientnet_builder``.
EFFICIENTNET_B = {"B0": (1.0, 1.0, 224, 0.2), "B1": (1.0, 1.1, 240, 0.2),
                  "B2": (1.1, 1.2, 260, 0.3), "B3": (1.2, 1.4, 300, 0.3),
                  "B4": (1.4, 1.8, 380, 0.4), "B5": (1.6, 2.2, 456, 0.4),
                  "B6": (1.8, 2.6, 528, 0.5), "B7": (2.0, 3.1, 600, 0.5)}


def fast_exponents(alpha: float) -> tuple[float, float, float]:
    """Dimension exponents of fast compound scaling (Table 4; pycls ``scaling_factors``).

    Parameters
    ----------
    alpha : float
        Share of the flop increase spent on width, in [0, 1]: 1/3 is uniform dwr,
        1 is width only, 0.8 is dWr.

    Returns
    -------
    (e_d, e_w, e_r) : tuple of float
        ``d ~ s^e_d``, ``w ~ s^e_w``, ``r ~ s^e_r``.
    """
    return (1 - alpha) / 2, alpha / 2, (1 - alpha) / 4


def efficientnet_exponents(a: float = 1.2, b: float = 1.1, g: float = 1.15
                           ) -> tuple[float, float, float]:
    """Exponents of EfficientNet's compound scaling per unit of log flops [D]:
    with ``s = (a b^2 g^2)^phi``, ``d = a^phi = s^(ln a / ln(a b^2 g^2))`` and so on."""
    total = math.log(a * b * b * g * g)
    if total <= 0:
        raise ValueError("alpha beta^2 gamma^2 must exceed 1 for flops to grow")
    return math.log(a) / total, math.log(b) / total, math.log(g) / total


def complexity_exponents(e: tuple[float, float, float]) -> dict[str, float]:
    """Growth exponents of flops, params and activations for dimension exponents ``e``
    (from f ~ d w^2 r^2, p ~ d w^2, a ~ d w r^2)."""
    e_d, e_w, e_r = e
    return {"flops": e_d + 2 * e_w + 2 * e_r, "params": e_d + 2 * e_w,
            "acts": e_d + e_w + 2 * e_r}


def strategies(alpha: float = DWR_ALPHA, abg: tuple[float, float, float] = EFFICIENTNET_ABG
               ) -> dict[str, tuple[float, float, float]]:
    """Every strategy on the page: the seven simple ones, dWr at ``alpha`` and
    EfficientNet at ``abg``."""
    return {**SIMPLE, f"dWr (alpha = {alpha:.2f})": fast_exponents(alpha),
            "EfficientNet": efficientnet_exponents(*abg)}


def strategy_table(s: float, alpha: float = DWR_ALPHA,
                   abg: tuple[float, float, float] = EFFICIENTNET_ABG) -> pd.DataFrame:
    """One row per strategy: exponents, the multipliers of d, w, r at flop factor ``s``,
    and the growth of params and activations (exponent and factor)."""
    rows = []
    for name, e in strategies(alpha, abg).items():
        x = complexity_exponents(e)
        rows.append({"strategy": name, "e_d": e[0], "e_w": e[1], "e_r": e[2],
                     "depth x": s ** e[0], "width x": s ** e[1], "resolution x": s ** e[2],
                     "params exponent": x["params"], "acts exponent": x["acts"],
                     "params x": s ** x["params"], "acts x": s ** x["acts"]})
    return pd.DataFrame(rows)


def growth_curves(s: np.ndarray, quantity: str, alpha: float = DWR_ALPHA,
                  abg: tuple[float, float, float] = EFFICIENTNET_ABG) -> pd.DataFrame:
    """``quantity`` ("params" or "acts") against flop factor ``s``, one curve per distinct
    exponent: strategies that grow ``quantity`` alike share a curve (e.g. "d, r, dr" for
    activations), labelled with all their names and the exponent."""
    s = np.asarray(s, dtype=float)
    groups: dict[float, list[str]] = {}
    for name, e in strategies(alpha, abg).items():
        groups.setdefault(round(complexity_exponents(e)[quantity], 6), []).append(name)
    return pd.concat([pd.DataFrame({"strategy": f"{', '.join(names)} (s^{x:.3g})", "s": s,
                                    quantity: s ** x})
                      for x, names in sorted(groups.items(), reverse=True)],
                     ignore_index=True)


def efficientnet_table(abg: tuple[float, float, float] = EFFICIENTNET_ABG) -> pd.DataFrame:
    """Released B0-B7 coefficients beside the pure powers alpha^phi, beta^phi, 224 gamma^phi,
    and flops relative to B0 from the complexity model (d w^2 r^2)."""
    a, b, g = abg
    rows = []
    for phi_, (name, (width, depth, res, drop)) in enumerate(EFFICIENTNET_B.items()):
        rows.append({"model": name, "phi": phi_, "depth (released)": depth,
                     "depth alpha^phi": a ** phi_, "width (released)": width,
                     "width beta^phi": b ** phi_, "resolution (released)": res,
                     "resolution 224 gamma^phi": 224 * g ** phi_, "dropout": drop,
                     "flops x B0 (released, d w^2 r^2)": depth * width**2 * (res / 224) ** 2,
                     "flops x B0 ((alpha beta^2 gamma^2)^phi)": (a * b * b * g * g) ** phi_})
    return pd.DataFrame(rows)


def scaled_network(base: dict, s: float, e: tuple[float, float, float]) -> dict:
    """A base network scaled by flop factor ``s`` with exponents ``e``, rounded as pycls
    rounds (depth to an integer, width to a multiple of 8, resolution to a multiple of 4).

    Parameters
    ----------
    base : dict
        ``{"depth": layers, "width": channels, "resolution": px}``.
    """
    depth = max(1, round(base["depth"] * s ** e[0]))
    width = max(1, round(base["width"] * s ** e[1] / 8)) * 8
    res = max(4, round(base["resolution"] * s ** e[2] / 4) * 4)
    return {"depth": depth, "width": width, "resolution": res}


# --- an exact count, for the example family -----------------------------------------------
def count_convnet(depth, width, resolution, classes: int = 1000) -> dict[str, np.ndarray]:
    """Exact flops, params and activations of a plain convnet, counted per layer the way
    pycls counts (k^2 w_in w_out h w flops, k^2 w_in w_out params, w_out h w acts per conv).

    The network: a 3x3 stride-2 stem from 3 channels to ``width``, ``depth`` 3x3 convs of
    ``width`` channels at half the input resolution, global pooling and a linear head of
    ``classes`` outputs. Stem and head make the counts depart a little from the pure model.
    """
    d_, w_, r_ = (np.asarray(x, dtype=float) for x in (depth, width, resolution))
    hw = (r_ / 2) ** 2
    conv_flops, conv_params = 9 * w_ * w_ * hw, 9 * w_ * w_
    f = 9 * 3 * w_ * hw + d_ * conv_flops + w_ * classes
    p = 9 * 3 * w_ + d_ * conv_params + w_ * classes + classes
    a = w_ * hw + d_ * w_ * hw + classes
    return {"flops": f, "params": p, "acts": a}


def example_family() -> pd.DataFrame:
    """The family the page ships as an example: a base convnet (8 layers, 32 channels,
    224 px) scaled by every strategy at s = 1, 2, 4, ..., 64, counted exactly."""
    base = {"depth": 8, "width": 32, "resolution": 224}
    rows = []
    for name, e in strategies().items():
        for s in 2.0 ** np.arange(7):
            net = scaled_network(base, float(s), e)
            counts = count_convnet(net["depth"], net["width"], net["resolution"])
            rows.append({"strategy": name, "s": s, **net,
                         **{k: float(v) for k, v in counts.items()}})
    return pd.DataFrame(rows).drop_duplicates(["depth", "width", "resolution"])


BIBTEX = """@inproceedings{dollar2021fast,
  title     = {Fast and Accurate Model Scaling},
  author    = {Doll{\\'a}r, Piotr and Singh, Mannat and Girshick, Ross},
  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern
               Recognition (CVPR)},
  pages     = {924--932},
  year      = {2021}
}
@inproceedings{tan2019efficientnet,
  title     = {{EfficientNet}: Rethinking Model Scaling for Convolutional Neural Networks},
  author    = {Tan, Mingxing and Le, Quoc V.},
  booktitle = {International Conference on Machine Learning (ICML)},
  pages     = {6105--6114},
  year      = {2019}
}"""

PAPER = Paper(
    key="dollar2021",
    topic="Hyperparameters and model shape",
    title="Fast and Accurate Model Scaling",
    authors="Dollár, Singh, Girshick",
    year=2021,
    arxiv="2103.06877",
    bibtex=BIBTEX,
    summary=("Scaling a convnet's flops by s can be spent on depth, width or input resolution, "
             "and strategies with similar accuracy differ widely in parameters and "
             "activations, and so in runtime on memory-bandwidth-bound hardware. Popular "
             "strategies (including EfficientNet's compound scaling, folded into this page) "
             "grow activations about as O(s); the paper's fast compound scaling (dWr, "
             "alpha = 0.8) spends most of the flops on width and grows them close to "
             "O(sqrt(s))."),
    assumptions=[
        "Complexity model: every conv layer has width w and sees a feature map of size "
        "proportional to r^2; stem, head and group convolutions are ignored.",
        "Exponents are for continuous d, w, r; real networks round depth, width and "
        "resolution (pycls: integers, multiples of 8, multiples of 4).",
        "Activations are a proxy for runtime on memory-bandwidth-bound hardware (GPUs); the "
        "paper measures the correlation, this page does not model runtime.",
        "EfficientNet's alpha, beta, gamma were searched on B0; the released B1-B7 "
        "coefficients are rounded and are not exact powers.",
    ],
    laws=[flops, params, activations, fast_activation_exponent, efficientnet_flops,
          complexity_fit],
    page_features=["flops, params and activations of every scaling strategy vs s",
                   "fast compound scaling (dWr) with an alpha slider",
                   "EfficientNet compound scaling and the released B0-B7",
                   "fit the complexity exponents of your own network family"],
)
