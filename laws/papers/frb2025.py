"""Wu, Wang, Zhao, Wang, Xu, Zhang, Zhou, Niu, Wang, Yi, Hua, et al. (2025), A universal break
in energy functions of three hyperactive repeating fast radio bursts (arXiv:2501.09248).

Relations
---------
``frb2025.energy_function``
    A smoothly broken power law for the differential energy function of a repeating FRB,

    ``dN/dE = K (E/E_b)^{-alpha_1} (1 + (E/E_b)^{1/s})^{-(alpha_2 - alpha_1) s}``,

    index ``alpha_1`` below the break energy ``E_b``, ``alpha_2`` above it, sharpness ``s``.
    It is a BNSL with one break (:mod:`laws.papers.caballero2022`) with ``a = 0``,
    ``c0 = alpha_1``, ``c1 = alpha_2 - alpha_1``, ``d1 = E_b``, ``f1 = s`` and
    ``b = K E_b^{alpha_1}`` (:func:`as_bnsl`).

Evidence
--------
* [P-abs] the abstract: the energy functions of the three most active repeating FRBs show a
  universal break around 1e38 erg, like the break in the frequency-magnitude relation of
  earthquakes; below and above it the power-law indices differ, explained by starquakes whose
  penetration depth reaches the crust thickness. ``E_b = 1e38 erg`` rests on this.
* UNCONFIRMED: which three FRBs (probably FRB 20121102A, 20201124A, 20220912A), the indices
  below and above the break and whether the function steepens or flattens, and the paper's
  exact parametrisation (catalog data-and-inference.md §9a). ``alpha_1``, ``alpha_2``, ``s``
  and ``K`` are illustrations; pages say so.
* First author: the arXiv listing names Q. Wu first (the project catalog lists F. Y. Wang
  first); the key stays ``frb2025``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp
from scipy import optimize

from ..core.law import Law, Paper, Param, Variable

ABSTRACT = "abstract [P-abs]: 'a universal break around 10^38 erg'"
ILLUSTRATION = "illustration, UNCONFIRMED: the paper's value is not in the sources we read"

E = sp.Symbol("E", positive=True)
K, alpha_1, alpha_2, E_b, s = sp.symbols("K alpha_1 alpha_2 E_b s", positive=True)

energy_function = Law(
    "frb2025.energy_function", "dN/dE",
    K * (E / E_b) ** (-alpha_1) * (1 + (E / E_b) ** (1 / s)) ** (-(alpha_2 - alpha_1) * s),
    Variable("dNdE", "bursts / erg", (1e-50, 1e10), latex=r"\frac{dN}{dE}",
             meaning="number of bursts per unit energy"),
    [Variable("E", "erg", (1e36, 1e41), meaning="isotropic burst energy")],
    [Param("K", 1.0, ILLUSTRATION, (1e-6, 1e6), "bursts / erg (at E_b, in units of 1/E_b)",
           log=True, meaning="normalisation at the break"),
     Param("alpha_1", 1.8, ILLUSTRATION, (0.5, 4.0), latex=r"\alpha_1",
           meaning="power-law index below the break"),
     Param("alpha_2", 2.6, ILLUSTRATION, (0.5, 5.0), latex=r"\alpha_2",
           meaning="power-law index above the break"),
     Param("E_b", 1e38, ABSTRACT, (1e36, 1e40), "erg", log=True, latex="E_b",
           meaning="break energy"),
     Param("s", 0.05, ILLUSTRATION, (0.01, 1.0), log=True,
           meaning="sharpness of the break in log E (smaller is sharper)")],
    equation="smoothly broken power law (standard form; the paper's exact form unconfirmed)")

#: Parameters whose value is confirmed (the rest are illustrations).
CONFIRMED = {"E_b"}


def as_bnsl(params: dict) -> dict[str, float]:
    """The same curve as a 1-break BNSL (Caballero et al. 2022, Eq. 1)."""
    p = {**energy_function.defaults, **params}
    return {"a": 0.0, "b": p["K"] * p["E_b"] ** p["alpha_1"], "c0": p["alpha_1"],
            "c1": p["alpha_2"] - p["alpha_1"], "d1": p["E_b"], "f1": p["s"]}


def log_density(params: dict, energies) -> np.ndarray:
    """``log dN/dE`` (up to ``log K``), stable for sharp breaks."""
    p = {**energy_function.defaults, **params}
    z = np.log(np.asarray(energies, float) / p["E_b"])
    return (np.log(p["K"]) - p["alpha_1"] * z
            - (p["alpha_2"] - p["alpha_1"]) * p["s"] * np.logaddexp(0.0, z / p["s"]))


def cumulative(params: dict, energies, e_max: float = 1e45, points: int = 4000) -> np.ndarray:
    """``N(>E)``: the integral of dN/dE from ``E`` to ``e_max`` [bursts], numerically on a
    log grid (trapezoid in ``ln E``)."""
    energies = np.asarray(energies, float)
    lo = float(np.min(energies))
    grid = np.logspace(np.log10(lo), np.log10(e_max), points)
    integrand = np.exp(log_density(params, grid)) * grid  # dN/dlnE
    lng = np.log(grid)
    pieces = 0.5 * (integrand[1:] + integrand[:-1]) * np.diff(lng)
    tail = np.concatenate([np.cumsum(pieces[::-1])[::-1], [0.0]])
    return np.interp(np.log(energies), lng, tail)


def sample(params: dict, n: int, e_min: float, e_max: float = 1e42, seed: int = 0,
           points: int = 4000) -> np.ndarray:
    """``n`` burst energies drawn from the energy function between ``e_min`` and ``e_max``
    (a detection threshold and a ceiling), by inverting its CDF on a log grid."""
    grid = np.logspace(np.log10(e_min), np.log10(e_max), points)
    log_w = log_density(params, grid) + np.log(grid)
    w = np.exp(log_w - log_w.max())
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (w[1:] + w[:-1]) * np.diff(np.log(grid)))])
    cdf /= cdf[-1]
    u = np.random.default_rng(seed).uniform(size=n)
    return np.exp(np.interp(u, cdf, np.log(grid)))


def _negative_log_likelihood(theta, log_e, e_min, e_max, s_value, grid):
    a1, a2, log_eb = theta
    p = {"K": 1.0, "alpha_1": a1, "alpha_2": a2, "E_b": np.exp(log_eb), "s": s_value}
    with np.errstate(all="ignore"):
        log_p = log_density(p, grid)
        w = np.exp(log_p + np.log(grid) - log_p.max())
        norm = np.log(np.sum(0.5 * (w[1:] + w[:-1]) * np.diff(np.log(grid)))) + log_p.max()
        value = -(np.sum(log_density(p, np.exp(log_e))) - log_e.size * norm)
    return value if np.isfinite(value) else 1e300


def fit_energies(energies, e_min: float | None = None, e_max: float | None = None,
                 s_value: float = 0.05, bootstrap: int = 0, seed: int = 0) -> dict:
    """Unbinned maximum-likelihood fit of ``alpha_1``, ``alpha_2`` and ``E_b`` to burst
    energies above a threshold, with ``s`` held fixed.

    Parameters
    ----------
    energies : array_like
        Burst energies [erg]; values below ``e_min``, non-finite or non-positive are left out.
    e_min, e_max : float, optional
        Completeness threshold and ceiling [erg]; default the smallest and 10x the largest.
    s_value : float
        Sharpness of the break held fixed.
    bootstrap : int
        Case-resampling bootstrap resamples (0 for none).

    Returns
    -------
    dict
        ``params`` (with ``K`` scaling the fit to the number of bursts), ``n``, ``dropped``,
        ``e_min``, ``e_max``, ``neg_log_likelihood``, ``intervals`` (95 %, empty without a
        bootstrap) and ``samples``.
    """
    e = np.asarray(energies, float).ravel()
    ok = np.isfinite(e) & (e > 0)
    if e_min is not None:
        ok &= e >= e_min
    dropped = int(e.size - ok.sum())
    e = e[ok]
    if e.size < 10:
        raise ValueError(f"{e.size} usable burst energies are too few to fit two indices and a "
                         f"break; give at least 10 positive energies above the threshold.")
    e_min = float(e.min()) if e_min is None else float(e_min)
    e_max = float(e.max()) * 10 if e_max is None else float(e_max)
    grid = np.logspace(np.log10(e_min), np.log10(e_max), 400)
    log_e = np.log(e)

    def best(log_values):
        starts = [(a1, a2, lb) for a1 in (1.2, 2.0) for a2 in (1.5, 3.0)
                  for lb in np.quantile(log_values, [0.3, 0.7])]
        results = [optimize.minimize(_negative_log_likelihood, x0,
                                     args=(log_values, e_min, e_max, s_value, grid),
                                     method="Nelder-Mead",
                                     options={"xatol": 1e-4, "fatol": 1e-6, "maxiter": 1500})
                   for x0 in starts]
        return min(results, key=lambda r: r.fun)

    res = best(log_e)
    a1, a2, log_eb = res.x
    params = {"alpha_1": float(a1), "alpha_2": float(a2), "E_b": float(np.exp(log_eb)),
              "s": s_value, "K": 1.0}
    # K so that the integral over [e_min, e_max] equals the number of bursts
    total = cumulative(params, [e_min], e_max=e_max)[0]
    params["K"] = float(e.size / total)
    samples = []
    if bootstrap:
        rng = np.random.default_rng(seed)
        for _ in range(bootstrap):
            resampled = rng.choice(log_e, log_e.size)
            r = optimize.minimize(_negative_log_likelihood, res.x,
                                  args=(resampled, e_min, e_max, s_value, grid),
                                  method="Nelder-Mead",
                                  options={"xatol": 1e-3, "fatol": 1e-4, "maxiter": 400})
            samples.append([r.x[0], r.x[1], np.exp(r.x[2])])
    samples = np.array(samples, float).reshape(-1, 3)
    intervals = {}
    if len(samples):
        lo, hi = np.nanquantile(samples, [0.025, 0.975], axis=0)
        intervals = {n: (float(a), float(b))
                     for n, a, b in zip(["alpha_1", "alpha_2", "E_b"], lo, hi)}
    return {"params": params, "n": int(e.size), "dropped": dropped, "e_min": e_min,
            "e_max": e_max, "neg_log_likelihood": float(res.fun), "intervals": intervals,
            "samples": samples}


def empirical_cumulative(energies) -> pd.DataFrame:
    """``N(>=E)`` of a sample: each energy with the count of bursts at least as energetic."""
    e = np.sort(np.asarray(energies, float))[::-1]
    return pd.DataFrame({"E": e, "N(>E)": np.arange(1, e.size + 1)})


BIBTEX = """@article{wu2025universal,
  title   = {A universal break in energy functions of three hyperactive repeating fast radio
             bursts},
  author  = {Wu, Q. and Wang, F. Y. and Zhao, Z. Y. and Wang, P. and Xu, H. and Zhang, Y. K.
             and Zhou, D. J. and Niu, J. R. and Wang, W. Y. and Yi, S. X. and Hua, Z. Q. and
             others},
  journal = {arXiv preprint arXiv:2501.09248},
  year    = {2025}
}"""

PAPER = Paper(
    key="frb2025",
    topic="Data, inference and downstream",
    short="FRB energy break 2025",
    title="A universal break in energy functions of three hyperactive repeating fast radio bursts",
    authors="Wu, Wang, Zhao, Wang, Xu, Zhang, Zhou, Niu, Wang, Yi, Hua, et al.",
    year=2025,
    arxiv="2501.09248",
    bibtex=BIBTEX,
    summary=("The same mathematics as a broken neural scaling law, outside machine learning: the "
             "energy functions of the three most active repeating fast radio bursts are broken "
             "power laws with a universal break near 1e38 erg, like the break in the "
             "earthquake frequency-magnitude relation. In the starquake picture, weak bursts "
             "grow in three dimensions through the crust and strong ones are confined by its "
             "thickness, so the power-law index changes where the penetration depth equals "
             "the crust thickness."),
    assumptions=[
        "Only the break near 1e38 erg is confirmed (abstract). The indices below and above "
        "it, the sharpness and the normalisation on this page are illustrations.",
        "The smoothly broken form is the standard one; the paper's exact parametrisation is "
        "unconfirmed.",
        "Energies are isotropic-equivalent burst energies [erg]; a fit needs a completeness "
        "threshold below which bursts are missed.",
    ],
    laws=[energy_function],
    page_features=["broken power-law energy function with the break marked",
                   "differential and cumulative views",
                   "simulate a burst sample and recover the break by maximum likelihood",
                   "fit your burst energies"],
)
