"""Kang, Just, Sahu, Jia (2023), Performance Scaling via Optimal Transport: Enabling Data
Selection from Partially Revealed Sources ("projektor"; NeurIPS 2023; arXiv:2307.02460).

Relations
---------
``kang2023.stage1``
    Stage 1, within the pilot (disclosed) data sizes: performance of a model trained on a
    mixture with ratio ``p`` of source A (``1 - p`` of source B) is pseudo-quadratic in the
    optimal-transport distance ``OT`` between the mixture and the validation set,
    ``P = (b2 p^2 + b1 p + b0) OT + (c2 p^2 + c1 p + c0)``.
``kang2023.stage2``
    Stage 2, the parameter-free mapping to a larger undisclosed size ``n`` from two pilot
    sizes ``n0 < n1``: ``P(n) = (ln(n/n0) P1 - ln(n/n1) P0) / ln(n1/n0)``, a straight line
    in ``ln n`` through the two pilot measurements.

Evidence
--------
* [P-abs] The two-stage structure (OT within the disclosed sizes; a parameter-free
  mapping "inspired by neural scaling laws" beyond them; gradient-based selection) is the
  abstract's (arXiv:2307.02460, NeurIPS 2023 proceedings page).
* [P-code] The authors' official repository, reds-lab/projektor (README: "the official
  implementation", NeurIPS 2023), notebook ``projektor_cifar10_example.ipynb`` at commit
  6da679f, states both forms: stage 1 as
  ``sum_i (b2^i p_i^2 + b1^i p_i + b0) OT + sum_i (c2^i p_i^2 + c1^i p_i + c0)`` (cell 11,
  "pseudo-quadratic OT"), fitted with ``LinearRegression`` on test accuracy (cell 12);
  stage 2 as ``(log N1/N0)^-1 [log(N/N0) L(N1) - log(N/N1) L(N0)]`` (cell 19), computed on
  accuracies for N = 10,000 from N0 = 1,000 and N1 = 1,500 (cell 21); and the selection
  gradient with dOT/dp_i from the OT dual potentials (cell 24).
  With two sources (``p_A = p``, ``p_B = 1 - p``) the sums collapse to one quadratic in
  ``p`` per bracket, which is the relation below.
* [P-code, extension] A co-author's package, anitksahu/projektor_multimodal
  (``projektor/projector.py``, commit 893bbb4), has the same stage 2
  (``Projector.project_performance``) and gradient (``OptimalDataSourceSelector``).
* The official regression (cell 12) has no ``p^2`` term outside OT although the stated
  formula has ``c2``; we keep the stated formula (``c2 = 0`` gives the regression's).
  The notebook writes the predicted quantity as a loss, ``L``, while fitting and projecting
  accuracies; we follow the code (performance = accuracy). The paper publishes no
  universal ``b`` and ``c`` (they are refitted per task), so the defaults below are
  illustrative and the page says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy as sp
from scipy import stats

from ..core.analysis import optimum, plateau
from ..core.law import FitDefaults, Law, Paper, Param, Variable

p, OT, n = sp.symbols("p OT n", positive=True)
b0, b1, b2, c0, c1, c2 = sp.symbols("b0 b1 b2 c0 c1 c2", positive=True)
n0, n1, P0, P1 = sp.symbols("n0 n1 P0 P1", positive=True)
REPO = "reds-lab/projektor projektor_cifar10_example.ipynb (commit 6da679f)"
ILLUSTRATIVE = "illustrative, not published (the paper refits b, c per task)"

_performance = Variable("performance", "", (0, 1), log=False, latex="P",
                        meaning="model performance (test accuracy) on the validation task")

stage1 = Law(
    "kang2023.stage1", "P(p, OT), within the pilot sizes",
    (b2 * p ** 2 + b1 * p + b0) * OT + (c2 * p ** 2 + c1 * p + c0),
    _performance,
    [Variable("p", "", (0, 1), log=False, positive=False,
              meaning="mixing ratio: share of source A in the training mixture"),
     Variable("OT", "", (0, 2), log=False, positive=False, latex=r"\mathrm{OT}",
              meaning="OT distance between the training mixture and the validation set")],
    [Param("b0", -0.3, ILLUSTRATIVE, (-2.0, 2.0), latex="b_{0}",
           meaning="performance change per unit of OT distance at p = 0"),
     Param("b1", 0.0, ILLUSTRATIVE, (-2.0, 2.0), latex="b_{1}",
           meaning="how that OT slope changes linearly with p"),
     Param("b2", 0.0, ILLUSTRATIVE, (-2.0, 2.0), latex="b_{2}",
           meaning="how that OT slope changes quadratically with p"),
     Param("c0", 0.8, ILLUSTRATIVE, (0.0, 1.0), latex="c_{0}",
           meaning="performance at zero OT distance and p = 0"),
     Param("c1", 0.0, ILLUSTRATIVE, (-1.0, 1.0), latex="c_{1}",
           meaning="linear effect of p beyond what OT explains"),
     Param("c2", 0.0, ILLUSTRATIVE, (-1.0, 1.0), latex="c_{2}",
           meaning="quadratic effect of p beyond what OT explains")],
    equation=f"stage 1; {REPO}, cell 11 [P-code]",
    fit_defaults=FitDefaults(loss="squared", space="linear", n_random=16, refine=4,
                             source="least squares, as the official notebook's "
                                    "LinearRegression (cell 12)"))

stage2 = Law(
    "kang2023.stage2", "P(n), parameter-free extrapolation",
    (sp.log(n / n0) * P1 - sp.log(n / n1) * P0) / sp.log(n1 / n0),
    _performance,
    [Variable("n", "samples", (1e2, 1e7), meaning="training-set size to project to")],
    [Param("n0", 1000.0, "pilot size (user's choice)", (10.0, 1e6), "samples", log=True,
           latex="n_{0}", meaning="smaller pilot size"),
     Param("n1", 2000.0, "pilot size (user's choice)", (20.0, 2e6), "samples", log=True,
           latex="n_{1}", meaning="larger pilot size"),
     Param("P0", 0.60, "pilot measurement (user's)", (0.0, 1.0), latex="P_{0}",
           meaning="performance measured at n0"),
     Param("P1", 0.65, "pilot measurement (user's)", (0.0, 1.0), latex="P_{1}",
           meaning="performance measured at n1")],
    equation=f"stage 2; {REPO}, cells 19 and 21 [P-code]")


def project(n, n0: float, n1: float, perf0, perf1) -> np.ndarray:
    """Stage 2: performance at size ``n`` [samples] from pilots ``perf0`` at ``n0`` and
    ``perf1`` at ``n1`` (broadcasting; ``perf0``/``perf1`` may be arrays over mixtures).

    Raises ValueError unless ``0 < n0 < n1`` (the mapping divides by ``ln(n1/n0)``).
    """
    if not (n0 > 0 and n1 > n0):
        raise ValueError("The pilot sizes must satisfy 0 < n0 < n1.")
    n = np.asarray(n, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.log(n / n0) / np.log(n1 / n0)
    return np.asarray(perf0, float) + t * (np.asarray(perf1, float) - np.asarray(perf0, float))


@dataclass(frozen=True)
class Sources:
    """Two one-dimensional data sources and a validation set, for a worked example.

    Source A is ``N(mean_a, 1)``, source B is ``N(mean_b, 1)``; the validation set holds a
    share ``val_share`` of A-like and ``1 - val_share`` of B-like samples, each shifted by
    ``shift``. The OT distance is the exact 1-Wasserstein distance in one dimension
    (``scipy.stats.wasserstein_distance``) between ``n`` training samples of the mixture
    and ``validation_size`` validation samples. Fixed seeds, and one pool per source of
    which a mixture takes prefixes, keep OT a smooth function of ``p``.
    """

    mean_a: float = -1.0
    mean_b: float = 1.5
    val_share: float = 0.35
    shift: float = 0.0
    validation_size: int = 4000
    pool_size: int = 200_000
    seed: int = 0

    @cached_property
    def _pools(self):
        rng = np.random.default_rng(self.seed)
        a = rng.standard_normal(self.pool_size) + self.mean_a
        b = rng.standard_normal(self.pool_size) + self.mean_b
        k = int(round(self.val_share * self.validation_size))
        val = np.concatenate([rng.standard_normal(k) + self.mean_a,
                              rng.standard_normal(self.validation_size - k) + self.mean_b])
        return a, b, val + self.shift

    def ot(self, ratio, size: int) -> np.ndarray:
        """OT distance between ``size`` samples mixed at ``ratio`` (share of A) and the
        validation set; vectorised over ``ratio``."""
        a, b, val = self._pools
        size = int(min(max(size, 2), self.pool_size))
        ratios = np.atleast_1d(np.asarray(ratio, float))
        out = np.empty(ratios.shape)
        for i, r in enumerate(ratios.ravel()):
            k = int(round(min(max(r, 0.0), 1.0) * size))
            sample = np.concatenate([a[:k], b[:size - k]])
            out.flat[i] = stats.wasserstein_distance(sample, val)
        return out.reshape(np.shape(ratio))


@dataclass
class BestMixture:
    """The best mixing ratio on a grid and its near-optimal range."""

    ratio: float
    performance: float
    low: float
    high: float
    tolerance: float


def best_mixture(ratios, performance, tolerance: float = 0.005,
                 function=None) -> BestMixture:
    """Best ratio of a performance curve over mixing ratios and the range within
    ``tolerance`` (absolute, in performance units) of it, via
    :func:`laws.core.analysis.plateau`. When ``function`` (performance of a ratio array)
    is given, the best ratio is polished with :func:`laws.core.analysis.optimum`."""
    ratios = np.asarray(ratios, float)
    perf = np.asarray(performance, float)
    found = plateau(perf, [ratios], tolerance=tolerance, relative=False, maximize=True)
    best, value = ratios[found.best_index[0]], found.best_value
    if function is not None:
        x, f = optimum(lambda r: -np.asarray(function(r), float), (0.0, 1.0), log=False,
                       grid=ratios.size)
        if -f >= value:
            best, value = x, -f
    return BestMixture(float(best), float(value), *found.ranges[0], tolerance)


def best_mixture_by_size(sizes, ratios, perf0, perf1, n0: float, n1: float,
                         tolerance: float = 0.005) -> dict[str, np.ndarray]:
    """For each size: the best ratio of the stage-2 projection of the pilot curves
    ``perf0`` (at ``n0``) and ``perf1`` (at ``n1``) over ``ratios``, its projected
    performance and its near-optimal range."""
    sizes = np.asarray(sizes, float)
    grid = project(sizes[:, None], n0, n1, np.asarray(perf0)[None, :],
                   np.asarray(perf1)[None, :])
    rows = [best_mixture(ratios, g, tolerance) for g in grid]
    return {"n": sizes, "best ratio": np.array([r.ratio for r in rows]),
            "performance": np.array([r.performance for r in rows]),
            "low": np.array([r.low for r in rows]), "high": np.array([r.high for r in rows])}


BIBTEX = """@inproceedings{kang2023performance,
  title     = {Performance Scaling via Optimal Transport: Enabling Data Selection from
               Partially Revealed Sources},
  author    = {Kang, Feiyang and Just, Hoang Anh and Sahu, Anit Kumar and Jia, Ruoxi},
  booktitle = {Advances in Neural Information Processing Systems},
  volume    = {36},
  year      = {2023}
}"""

PAPER = Paper(
    key="kang2023",
    topic="Data, inference and downstream",
    title=("Performance Scaling via Optimal Transport: Enabling Data Selection from "
           "Partially Revealed Sources"),
    authors="Kang, Just, Sahu, Jia",
    year=2023,
    arxiv="2307.02460",
    bibtex=BIBTEX,
    summary=("Data sellers reveal only a small pilot sample of each source before you buy. "
             "projektor predicts how a model trained on any mixture of the sources will "
             "perform: first, within the pilot sizes, from the optimal-transport (OT) "
             "distance between the mixture and your validation set (a pseudo-quadratic "
             "in the mixing ratio); then, at larger undisclosed sizes, by a parameter-free "
             "mapping from two pilot sizes, linear in log data size. Maximising the "
             "projection gives the mixture to buy at each budget, and it can change with "
             "the budget."),
    assumptions=[
        "Both forms are those of the authors' official notebook (reds-lab/projektor); "
        "with two sources the per-source sums collapse to one quadratic in the ratio p.",
        "Stage 1's coefficients b and c are refitted for each task, model and pair of "
        "sources; none is universal, so the page's defaults are illustrative.",
        "Stage 2 maps accuracy itself, as the official notebook computes it (its equations "
        "write the quantity as a loss, L).",
        "The worked example uses 1-D Gaussian sources and the exact 1-D Wasserstein "
        "distance; real use computes OT on features (e.g. OTDD) of the pilot samples.",
    ],
    laws=[stage1, stage2],
    page_features=["performance as a function of OT distance and mixing ratio",
                   "best mixture and its near-optimal range",
                   "parameter-free extrapolation from two pilot sizes",
                   "how the best mixture moves with data size",
                   "fit the stage-1 regression to your pilot runs"],
)
