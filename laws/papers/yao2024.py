"""Yao et al. (2024), Towards Neural Scaling Laws for Time Series Foundation Models
(arXiv:2410.12360, ICLR 2025).

Relations
---------
``yao2024.loss_n``  ``L(N) = (N_c/N)**alpha_N``   NLL against non-embedding parameters
``yao2024.loss_d``  ``L(D) = (D_c/D)**alpha_D``   NLL against pre-training time points
``yao2024.loss_c``  ``L(C) = (C_c/C)**alpha_C``   NLL against compute [PF-days]

Pure power laws with no irreducible term, fitted by least squares in log10-log10 space
(``analysis/utils.py::fit_powerlaw`` of the authors' repository). One fit per architecture
(encoder-only, Moirai-style; decoder-only) and per test set (ID: held-out LOTSA; OOD-LSF;
OOD-Monash); the metric is the validation ``PackedNLLLoss``, the minimum over training.

Evidence. Every (x_c, alpha) below is printed in the legends of the saved figures of the
authors' notebooks ``analysis/modelsize_vs_metric.ipynb``, ``datasize_vs_metric.ipynb`` and
``compute_vs_metric.ipynb`` (repository Qingrenn/TSFM-ScalingLaws, commit d157a26); the
model-size, compute and decoder data-size legends were read off the figures for this module,
the rest agree with the project's catalog. The paper shows the same fits in its scaling-law
figures (encoder vs decoder on parameters, compute and data); which figure number holds which
panel was not checked. x_c is printed to two significant figures, so a prediction carries
about +-0.5% from rounding alone.

Units: N non-embedding parameters (``MODELSIZE2PARAM``); D time points (``DATASIZE2NUM``);
C in PF-days, ``C = 6 B N L_ctx step / 8.64e19`` with batch B = 128 and context 512
(``utils.step_to_compute``).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ..core.analysis import crossover, crossovers
from ..core.law import FitDefaults, Law, Paper, Param, Variable

PF_DAY = 8.64e19
NB = "Yao et al. 2024, authors' notebook {}_vs_metric.ipynb (figure legend), commit d157a26"
ARCHITECTURES = ("encoder", "decoder")
SPLITS = ("ID", "OOD-LSF", "OOD-Monash")
AXES = ("N", "D", "C")
#: (architecture, axis, split) -> (x_c, alpha) of L = (x_c/x)**alpha. N: 16B-point data,
#: 1K-300M models; D: 1B model on 10M-16B points (encoder) or 10M-5B (decoder); C: every
#: learning curve of the 16B-point runs, in PF-days.
FITS = {
    ("encoder", "N", "ID"): (3.7e16, 0.029), ("encoder", "N", "OOD-LSF"): (1.4e31, 0.026),
    ("encoder", "N", "OOD-Monash"): (6.7e36, 0.023),
    ("decoder", "N", "ID"): (2.0e34, 0.015), ("decoder", "N", "OOD-LSF"): (2.9e47, 0.016),
    ("decoder", "N", "OOD-Monash"): (1.5e48, 0.017),
    ("encoder", "D", "ID"): (5.3e12, 0.094), ("encoder", "D", "OOD-LSF"): (9.6e30, 0.029),
    ("encoder", "D", "OOD-Monash"): (1.0e39, 0.023),
    ("decoder", "D", "ID"): (9.9e13, 0.090), ("decoder", "D", "OOD-LSF"): (1.1e44, 0.019),
    ("decoder", "D", "OOD-Monash"): (4.4e31, 0.030),
    ("encoder", "C", "ID"): (1.5e7, 0.024), ("encoder", "C", "OOD-LSF"): (3.9e26, 0.020),
    ("encoder", "C", "OOD-Monash"): (2.8e29, 0.020),
    ("decoder", "C", "ID"): (6.0e23, 0.014), ("decoder", "C", "OOD-LSF"): (1.9e33, 0.017),
    ("decoder", "C", "OOD-Monash"): (1.4e47, 0.013),
}
#: Model-size labels -> non-embedding parameters (``utils.MODELSIZE2PARAM``).
MODELSIZE2PARAM = {"1K": 872, "10K": 7032, "100K": 100928, "300K": 302656, "1M": 1771712,
                   "3M": 4747264, "10M": 1.41e7, "30M": 3.78e7, "100M": 1.27e8,
                   "300M": 3.02e8, "1B": 1.016e9}
#: Data-size labels -> time points (``utils.DATASIZE2NUM``).
DATASIZE2NUM = {"10M": 1e7, "100M": 1e8, "1B": 1.03e9, "5B": 4.8e9, "16B": 15.7e9}
BATCH, CONTEXT = 128, 512

x, L = sp.symbols("x L", positive=True)
VAR_LOSS = Variable("loss", "NLL", (1.0, 8.0), log=False, latex="L",
                    meaning="validation negative log-likelihood (PackedNLLLoss)")
VARS = {"N": Variable("N", "parameters", (1e2, 1e10), meaning="model parameters"),
        "D": Variable("D", "time points", (1e6, 1e11), meaning="pre-training time points"),
        "C": Variable("C", "PF-days", (1e-12, 1e-2),
                      meaning="training compute, 6 B N L_ctx steps (1 PF-day = 8.64e19)")}
NOTEBOOK = {"N": "modelsize", "D": "datasize", "C": "compute"}
LOG_LSQ = FitDefaults(loss="squared", space="log", n_random=128, refine=12,
                      source="Yao et al. 2024 fit log10 L on log10 x by least squares "
                             "(analysis/utils.py::fit_powerlaw)")


def set_name(arch: str, split: str) -> str:
    """Name of a constant set, e.g. ``"decoder, OOD-LSF"``."""
    return f"{arch}, {split}"


def _law(axis: str) -> Law:
    var = VARS[axis]
    xs = sp.Symbol(axis, positive=True)
    scale, a = sp.symbols(f"{axis}_c alpha_{axis}", positive=True)
    x_c, alpha_v = FITS[("encoder", axis, "ID")]
    src = f"{NB.format(NOTEBOOK[axis])}, encoder ID"
    return Law(
        f"yao2024.loss_{axis.lower()}", f"L({axis})", (scale / xs) ** a, VAR_LOSS, [var],
        [Param(f"{axis}_c", x_c, src, (1.0, 1e60), var.unit, log=True, latex=f"{axis}_c",
               meaning=f"{var.meaning} at which the power law reaches an NLL of 1"),
         Param(f"alpha_{axis}", alpha_v, src, (0.001, 0.3), latex=rf"\alpha_{axis}",
               meaning=f"how fast the NLL falls with {var.meaning}")],
        equation=f"power law in {var.meaning}, fit of {NOTEBOOK[axis]}_vs_metric.ipynb",
        constants={set_name(arch, split): {f"{axis}_c": FITS[(arch, axis, split)][0],
                                           f"alpha_{axis}": FITS[(arch, axis, split)][1]}
                   for arch in ARCHITECTURES for split in SPLITS},
        fit_defaults=LOG_LSQ)


loss_n, loss_d, loss_c = _law("N"), _law("D"), _law("C")
LAWS = {"N": loss_n, "D": loss_d, "C": loss_c}


def for_fit(axis: str, arch: str, split: str) -> Law:
    """The relation of ``axis`` with the (arch, split) fit as its published constants."""
    base = LAWS[axis]
    values = base.constants[set_name(arch, split)]
    src = f"{NB.format(NOTEBOOK[axis])}, {arch} {split}"
    params = [Param(p.name, values[p.name], src, p.bounds, p.unit, p.log, p.meaning, p.latex)
              for p in base.params]
    return Law(base.id, base.title, base.expr, base.output, base.inputs, params,
               base.equation, fit_defaults=base.fit_defaults, description=base.description)


def nll(axis: str, arch: str, split: str, scale) -> np.ndarray:
    """Published NLL of ``arch`` on ``split`` at ``scale`` (N, D or C)."""
    return for_fit(axis, arch, split)(**{axis: scale})


def step_to_compute(N_params, step, batch: int = BATCH, context: int = CONTEXT):
    """Training compute [PF-days] after ``step`` steps: ``6 B N L_ctx step / 8.64e19``."""
    return 6.0 * batch * np.asarray(N_params, float) * context * np.asarray(step, float) / PF_DAY


# closed-form crossing of two pure power laws (x1/x)**a1 = (x2/x)**a2, derived once
_x1, _x2, _a1, _a2, _xs = sp.symbols("x_1 x_2 a_1 a_2 x", positive=True)
_log_solution = sp.solve(sp.Eq(_a1 * (sp.log(_x1) - sp.Symbol("u")),
                               _a2 * (sp.log(_x2) - sp.Symbol("u"))), sp.Symbol("u"))[0]
CROSSING = sp.Eq(sp.log(_xs), _log_solution)  #: log x* of the crossing, for the page
_crossing_log = sp.lambdify((_x1, _a1, _x2, _a2), _log_solution, "numpy")


def crossing_point(fit_a: tuple[float, float], fit_b: tuple[float, float]) -> float:
    """Scale where two pure power laws (x_c, alpha) give the same loss (inf if parallel)."""
    (x1, a1), (x2, a2) = fit_a, fit_b
    if a1 == a2:
        return float("inf")
    with np.errstate(all="ignore"):
        return float(np.exp(_crossing_log(x1, a1, x2, a2)))


def orders_beyond(x_c: float, largest: float) -> float:
    """How many orders of magnitude ``x_c`` (where ``L = (x_c/x)**alpha`` reaches an NLL of
    1) lies beyond ``largest``, the largest scale run: ``log10(x_c/largest)``; NaN when
    either is not positive. The published fits give 8 (encoder ID L(N)) to 40 (decoder
    OOD-Monash L(N)) orders beyond the 300M-parameter model."""
    with np.errstate(all="ignore"):
        return float(np.log10(x_c / largest)) if x_c > 0 and largest > 0 else float("nan")


def architecture_crossover(axis: str, split: str, bounds: tuple[float, float],
                           params_encoder: dict | None = None,
                           params_decoder: dict | None = None):
    """Where the encoder and decoder curves cross inside ``bounds``
    (:func:`laws.core.analysis.crossover`), and which is lower on each side.

    Returns
    -------
    (Crossover, str)
        The crossing (``x`` None when they do not cross inside ``bounds``) and the
        architecture with the lower loss at the upper end of ``bounds``.
    """
    enc = for_fit(axis, "encoder", split)
    dec = for_fit(axis, "decoder", split)
    pe = {**enc.defaults, **(params_encoder or {})}
    pd_ = {**dec.defaults, **(params_decoder or {})}

    def f(s):
        return enc(pe, **{axis: s})

    def g(s):
        return dec(pd_, **{axis: s})

    result = crossover(f, g, bounds)
    top = bounds[1]
    better = "encoder" if float(f(top)) < float(g(top)) else "decoder"
    return result, better


def fit_groups(frame, axis: str, group: str, groups: tuple[str, str], x_column: str,
               loss_column: str, bootstrap: int = 50, seed: int = 0) -> dict:
    """Fit the pure power law of ``axis`` to each of two groups of runs (e.g. your encoder
    and decoder runs), with bootstrap samples.

    Raises
    ------
    laws.FitError
        With a sentence, when a group cannot be fitted.
    """
    from ..core.fitting import FitError, fit

    law = LAWS[axis]
    out = {}
    for name in groups:
        rows = frame[frame[group].astype(str) == name]
        if len(rows) < 3:
            raise FitError(f"Group {name!r} has {len(rows)} run(s); a power law with two "
                           f"constants needs at least 3.")
        try:
            out[name] = fit(law, rows, mapping={axis: x_column, "loss": loss_column},
                            bootstrap=bootstrap, seed=seed)
        except FitError as err:
            raise FitError(f"Group {name!r}: {err}") from None
    return out


def crossover_of_fits(fit_a, fit_b, axis: str, bounds: tuple[float, float],
                      level: float = 0.95):
    """First crossing of two fitted power laws inside ``bounds``, with a percentile interval
    over paired bootstrap draws (:func:`laws.core.analysis.crossover`)."""
    law = LAWS[axis]

    def curve(f):
        return lambda s: f(**{axis: s})

    def draws(f):
        if f.samples is None:
            return []
        names = law.param_names
        return [(lambda s, p=dict(zip(names, row)): law(p, **{axis: s})) for row in f.samples]

    return crossover(curve(fit_a), curve(fit_b), bounds, draws(fit_a), draws(fit_b),
                     level=level)


def exponent_table():
    """Every published fit as a table: architecture, axis, split, x_c, alpha."""
    import pandas as pd

    return pd.DataFrame([{"architecture": a, "axis": ax, "test set": s,
                          "x_c": v[0], "alpha": v[1]} for (a, ax, s), v in FITS.items()])


def id_minus_ood() -> dict:
    """For each (architecture, axis): ID exponent minus the mean of the two OOD exponents
    (positive: loss falls faster in distribution)."""
    return {(a, ax): FITS[(a, ax, "ID")][1]
            - (FITS[(a, ax, "OOD-LSF")][1] + FITS[(a, ax, "OOD-Monash")][1]) / 2
            for a in ARCHITECTURES for ax in AXES}


__all__ = ["loss_n", "loss_d", "loss_c", "for_fit", "nll", "step_to_compute",
           "crossing_point", "orders_beyond", "architecture_crossover", "crossovers",
           "exponent_table", "id_minus_ood", "fit_groups", "crossover_of_fits"]

BIBTEX = """@inproceedings{yao2025towards,
  title     = {Towards Neural Scaling Laws for Time Series Foundation Models},
  author    = {Yao, Qingren and Yang, Chao-Han Huck and Jiang, Renhe and Liang, Yuxuan and
               Jin, Ming and Pan, Shirui},
  booktitle = {International Conference on Learning Representations},
  year      = {2025},
  note      = {arXiv:2410.12360}
}"""

PAPER = Paper(
    key="yao2024",
    title="Towards Neural Scaling Laws for Time Series Foundation Models",
    authors="Yao, Yang, Jiang, Liang, Jin, Pan",
    year=2024,
    arxiv="2410.12360",
    bibtex=BIBTEX,
    summary=("Encoder-only and decoder-only Transformers for time-series forecasting, from "
             "1K to 1B parameters, trained on up to 16B time points: the validation "
             "log-likelihood loss falls as a power law in parameters, compute and data, both "
             "in distribution and out of distribution. Encoder-only models scale better, and "
             "out-of-distribution exponents are smaller than in-distribution ones."),
    assumptions=[
        "Loss is the validation NLL (PackedNLLLoss), the minimum over training.",
        "ID = held-out LOTSA; OOD = the LSF and Monash benchmarks.",
        "Pure power laws without an irreducible term, fitted in log10-log10 space.",
        "Compute = 6 x batch 128 x N x context 512 x steps, in PF-days.",
        "Constants from the legends of the authors' analysis notebooks (2 significant "
        "figures for x_c).",
    ],
    laws=[loss_n, loss_d, loss_c],
    page_features=["NLL vs parameters, compute and data for both architectures",
                   "in- vs out-of-distribution exponents",
                   "where encoder and decoder curves cross",
                   "fit your runs to a pure power law"],
)
