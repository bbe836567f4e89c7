"""Wortsman et al. (2023), Small-scale proxies for large-scale Transformer training
instabilities (arXiv:2309.14322; ICLR 2024).

The paper's tool is the *learning-rate (LR) sensitivity* of a training recipe: how far the
final loss strays from its best value when the learning rate is varied across orders of
magnitude. Small models trained at high learning rates show the instabilities large
models show (attention-logit growth, output-logit divergence); qk-layernorm and z-loss
remove them and flatten the final-loss-versus-LR curve.

Relations
---------
``wortsman2023.z_loss``
    The auxiliary z-loss ``c_z log^2 Z`` that keeps the softmax normaliser near one.
``wortsman2023.loss_init``
    ``ln V``: the loss of a uniform prediction over a vocabulary of V tokens, which is
    (near) the loss at initialisation that caps diverged runs in the LR sensitivity.

Functions
---------
:func:`lr_sensitivity`, :func:`sensitivity_table`, :func:`curves` compute the metric,
the per-size optimum (shared :func:`laws.core.analysis.plateau` and
:func:`laws.core.analysis.optimum`) and the near-optimal LR range from a sweep.
:func:`example_sweep` makes the shipped SYNTHETIC example (``data/make_wortsman_example.py``).

Evidence
--------
* Confirmed (abstract; introduction via ar5iv): LR sensitivity "measures the deviation
  from optimal performance when varying LR across orders of magnitude"; qk-layernorm and
  z-loss mitigate the two instabilities at small scale; warm-up, weight decay and muParam
  change LR sensitivity.
* NOT confirmed against the paper's text (Section 2.2 could not be read here): the exact
  formula ``E_{eta in [a, b]}[min(l(A(eta)), l_0) - l*]`` with ``l* = min l`` over the range
  and ``l_0`` the loss at initialisation, and the range ``[a, b] = [3e-4, 3e-1]`` (the
  latter from reading notes, thecharlieblake.co.uk/small-scale-proxies). The page shows
  both as unconfirmed and lets the user change the range and the cap.
* The z-loss coefficient 1e-4 (PaLM's) is from reading notes of Section 3.2
  (notes.haroldbenoit.com), not read in the paper itself.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.analysis import optimum, plateau
from ..core.law import Law, Paper, Param, Variable

#: LR range of the metric [a, b] (reading notes; unconfirmed against the paper).
LR_RANGE = (3e-4, 3e-1)
#: Vocabulary of the paper's models (reading notes: 32K SentencePiece vocabulary).
VOCAB = 32_000
NOTES = "reading notes of Section 3.2 (PaLM's coefficient); unconfirmed in the paper text"

logZ, c_z, V = sp.symbols("logZ c_z V", positive=True)

z_loss = Law("wortsman2023.z_loss", "z-loss", c_z * logZ ** 2,
             Variable("z_loss", "nats", (0.0, 1.0), log=False, latex=r"\mathcal{L}_z",
                      meaning="auxiliary loss added to the cross-entropy"),
             [Variable("logZ", "nats", (0.1, 100.0), latex=r"\log Z",
                       meaning="log of the softmax normaliser Z = sum_j exp(y_j)")],
             [Param("c_z", 1e-4, NOTES, (1e-6, 1e-2), log=True, latex="c_z",
                    meaning="z-loss coefficient")],
             equation="Section 3.2 (z-loss of Chowdhery et al. 2022)",
             description="Encourages log Z to stay near 0, i.e. Z near 1.")
loss_init = Law("wortsman2023.loss_init", "l_0 = ln V", sp.log(V),
                Variable("loss_init", "nats/token", (1.0, 15.0), log=False, latex=r"\ell_0",
                         meaning="loss of a uniform prediction: about the loss at initialisation"),
                [Variable("V", "tokens", (2.0, 1e6), meaning="vocabulary size")], [],
                equation="derived: cross-entropy of the uniform distribution over V tokens")

#: The LR sensitivity as LaTeX (the formula the page shows; unconfirmed in its details).
SENSITIVITY_TEX = (r"\mathrm{LR\ sensitivity} = \mathbb{E}_{\eta\in[a,b]}"
                   r"\left[\min\left(\ell(\mathcal{A}(\eta)),\,\ell_0\right) - \ell^*\right],"
                   r"\qquad \ell^* = \min_{\eta\in[a,b]} \ell(\mathcal{A}(\eta))")


def lr_sensitivity(lr, loss, loss_init: float, lr_range: tuple[float, float] = LR_RANGE) -> float:
    """LR sensitivity of one training recipe (one model size, one variant) [nats/token].

    Parameters
    ----------
    lr : array_like
        Learning rates of the runs (a log-spaced sweep).
    loss : array_like
        Final loss of each run [nats/token]; NaN or inf marks a diverged run.
    loss_init : float
        The cap ``l_0`` [nats/token]: diverged runs and runs worse than it count as ``l_0``.
    lr_range : (float, float)
        The range [a, b]; runs outside it are ignored.

    Returns
    -------
    float
        ``mean(min(loss, l_0)) - min(loss)`` over the runs in the range: the expectation
        over a log-uniform LR is the mean over a log-spaced grid.

    Raises
    ------
    ValueError
        When no run in the range has a finite loss.
    """
    lr, loss = np.asarray(lr, float), np.asarray(loss, float)
    lo, hi = lr_range
    inside = np.isfinite(lr) & (lr >= lo * (1 - 1e-9)) & (lr <= hi * (1 + 1e-9))
    if not inside.any():
        raise ValueError(f"No run has a learning rate in [{lo:g}, {hi:g}].")
    capped = np.minimum(np.where(np.isfinite(loss[inside]), loss[inside], np.inf), loss_init)
    finite = loss[inside][np.isfinite(loss[inside])]
    if finite.size == 0:
        raise ValueError(f"Every run with a learning rate in [{lo:g}, {hi:g}] diverged.")
    best = min(float(finite.min()), float(loss_init))
    return float(np.mean(capped) - best)


def _refined_optimum(lr: np.ndarray, loss: np.ndarray, best: int) -> tuple[float, float]:
    """Optimum of a parabola in log10 LR through the best run and its two neighbours
    (:func:`laws.core.analysis.optimum` on that bracket); the best run when it sits at
    an edge of the sweep or the parabola is not convex."""
    if best == 0 or best == len(lr) - 1 or not np.isfinite(loss[best - 1:best + 2]).all():
        return float(lr[best]), float(loss[best])
    u = np.log10(lr[best - 1:best + 2])
    coef = np.polyfit(u, loss[best - 1:best + 2], 2)
    if coef[0] <= 0:
        return float(lr[best]), float(loss[best])
    x, f = optimum(lambda x: np.polyval(coef, np.log10(x)), (lr[best - 1], lr[best + 1]))
    return x, f


def sensitivity_table(sweep: pd.DataFrame, loss_init: float,
                      lr_range: tuple[float, float] = LR_RANGE,
                      tolerance: float = 0.01) -> pd.DataFrame:
    """One row per (variant, model size): optimum, near-optimal LR range, LR sensitivity.

    Parameters
    ----------
    sweep : DataFrame
        Columns ``N`` [parameters], ``lr``, ``loss`` [nats/token] (NaN = diverged) and
        ``variant`` (the training recipe).
    loss_init : float
        Cap ``l_0`` [nats/token].
    lr_range : (float, float)
        Range [a, b] of the metric.
    tolerance : float
        Relative tolerance of the near-optimal range (0.01 = within 1% of the best loss),
        from :func:`laws.core.analysis.plateau` over the LR axis.
    """
    rows = []
    for (variant, n), group in sweep.groupby(["variant", "N"], sort=True):
        g = group.groupby("lr", as_index=False)["loss"].mean().sort_values("lr")
        lr, loss = g["lr"].to_numpy(float), g["loss"].to_numpy(float)
        row = {"variant": variant, "N": float(n), "runs": int(len(group)),
               "diverged": int((~np.isfinite(group["loss"].to_numpy(float))).sum())}
        if not np.isfinite(loss).any():
            rows.append({**row, "best_lr": np.nan, "best_loss": np.nan, "optimum_lr": np.nan,
                         "near_optimal_lo": np.nan, "near_optimal_hi": np.nan,
                         "lr_sensitivity": np.nan})
            continue
        p = plateau(loss, [lr], tolerance=tolerance)
        best = p.best_index[0]
        opt_lr, _ = _refined_optimum(lr, loss, best)
        try:
            sens = lr_sensitivity(lr, loss, loss_init, lr_range)
        except ValueError:
            sens = np.nan
        rows.append({**row, "best_lr": float(lr[best]), "best_loss": p.best_value,
                     "optimum_lr": opt_lr, "near_optimal_lo": p.ranges[0][0],
                     "near_optimal_hi": p.ranges[0][1], "lr_sensitivity": sens})
    return pd.DataFrame(rows)


def curves(sweep: pd.DataFrame, loss_init: float) -> pd.DataFrame:
    """The sweep as plotted: mean final loss per (variant, N, lr), capped at ``l_0``, with
    a ``diverged`` flag and a ``model`` label (``log10 N = ...``)."""
    g = sweep.assign(diverged=~np.isfinite(sweep["loss"].to_numpy(float)))
    g = g.groupby(["variant", "N", "lr"], as_index=False).agg(
        loss=("loss", "mean"), diverged=("diverged", "any"))
    g["capped_loss"] = np.minimum(np.where(np.isfinite(g["loss"]), g["loss"], np.inf), loss_init)
    # log10 labels sort in size order in a chart legend (1.2e+09 would sort before 2e+07)
    g["model"] = [f"log10 N = {np.log10(n):.2f}" for n in g["N"]]
    return g


def clean_sweep(frame: pd.DataFrame, columns: dict[str, str | None]) -> tuple[pd.DataFrame, list[str]]:
    """An uploaded sweep in the form :func:`sensitivity_table` takes, and sentences on rows
    left out. ``columns`` maps ``N``, ``lr``, ``loss`` and ``variant`` (or None) to columns.

    A loss that is missing, NaN or infinite marks a diverged run and is kept; a row whose
    size or learning rate is not a positive number is left out.
    """
    out = pd.DataFrame({k: pd.to_numeric(frame[columns[k]], errors="coerce").to_numpy(float)
                        for k in ("N", "lr", "loss")})
    out["variant"] = (frame[columns["variant"]].astype(str).to_numpy()
                      if columns.get("variant") else "your runs")
    notes = []
    bad = ~(np.isfinite(out["N"]) & (out["N"] > 0) & np.isfinite(out["lr"]) & (out["lr"] > 0))
    if bad.any():
        rows = ", ".join(map(str, np.flatnonzero(bad)[:10]))
        notes.append(f"{int(bad.sum())} row(s) left out: model size and learning rate must be "
                     f"positive numbers (rows {rows}{' ...' if bad.sum() > 10 else ''}).")
    out = out[~bad.to_numpy()].reset_index(drop=True)
    non_positive = np.isfinite(out["loss"]) & (out["loss"] <= 0)
    if non_positive.any():
        notes.append(f"{int(non_positive.sum())} run(s) have a loss at or below zero, which a "
                     f"cross-entropy cannot be; they are treated as diverged.")
        out.loc[non_positive, "loss"] = np.nan
    return out, notes


# --- the shipped SYNTHETIC example --------------------------------------------------
#: Model sizes of the synthetic example [parameters] (the paper spans about 1e7 to 1.2e9).
EXAMPLE_SIZES = (9.4e6, 2.0e7, 4.2e7, 8.5e7, 1.5e8, 3.0e8, 6.0e8, 1.2e9)
#: Learning rates of the synthetic example: 1 and 3 per decade, 1e-4 to 1.
EXAMPLE_LRS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)
EXAMPLE_VARIANTS = ("baseline", "qk-layernorm", "qk-layernorm + z-loss")


def example_loss(N, lr, variant: str) -> np.ndarray:
    """Final loss of the SYNTHETIC example (no noise) [nats/token]; NaN where a run diverges.

    Made up to have the shape the paper reports, not fitted to its figures: a parabola in
    log10 LR around an optimum that falls slowly with size, plus, without qk-layernorm, an
    attention-logit instability whose onset LR falls as N^-1/2 (large models fail first),
    and, without z-loss, a milder output-logit divergence at the largest LRs.
    """
    N, lr = np.broadcast_arrays(np.asarray(N, float), np.asarray(lr, float))
    base = 2.05 + 420.0 * N ** -0.34
    best_lr = 1e-2 * (N / 1e7) ** -0.1
    loss = base + 0.06 * np.log10(lr / best_lr) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        if variant == "baseline":
            onset = 0.4 * (N / 1e7) ** -0.5
            loss = loss + 1.6 * np.clip(np.log10(lr / (onset / 10)), 0, None) ** 2
            loss = np.where(lr > onset * 1.5, np.nan, loss)
        if variant in ("baseline", "qk-layernorm"):
            onset = 0.9 * (N / 1e7) ** -0.2
            loss = loss + 0.5 * np.clip(np.log10(lr / (onset / 3)), 0, None) ** 2
    return loss


def example_sweep(seed: int = 0, noise: float = 0.004) -> pd.DataFrame:
    """The SYNTHETIC sweep shipped as ``data/wortsman2023_lr_sweep.csv``: every variant x
    size x LR of :data:`EXAMPLE_VARIANTS`, :data:`EXAMPLE_SIZES`, :data:`EXAMPLE_LRS` from
    :func:`example_loss`, with log-normal noise of ``noise``; diverged runs have no loss."""
    rng = np.random.default_rng(seed)
    rows = []
    for variant in EXAMPLE_VARIANTS:
        for n in EXAMPLE_SIZES:
            loss = example_loss(n, np.array(EXAMPLE_LRS), variant)
            loss = loss * np.exp(noise * rng.standard_normal(loss.shape))
            rows += [{"variant": variant, "N": n, "lr": lr, "loss": round(float(v), 5)
                      if np.isfinite(v) else np.nan} for lr, v in zip(EXAMPLE_LRS, loss)]
    return pd.DataFrame(rows)


BIBTEX = """@inproceedings{wortsman2024smallscale,
  title     = {Small-scale proxies for large-scale Transformer training instabilities},
  author    = {Wortsman, Mitchell and Liu, Peter J. and Xiao, Lechao and Everett, Katie and
               Alemi, Alex and Adlam, Ben and Co-Reyes, John D. and Gur, Izzeddin and
               Kumar, Abhishek and Novak, Roman and Pennington, Jeffrey and
               Sohl-Dickstein, Jascha and Xu, Kelvin and Lee, Jaehoon and Gilmer, Justin and
               Kornblith, Simon},
  booktitle = {International Conference on Learning Representations},
  year      = {2024},
  note      = {arXiv:2309.14322}
}"""

PAPER = Paper(
    key="wortsman2023",
    topic="Hyperparameters and model shape",
    title="Small-scale proxies for large-scale Transformer training instabilities",
    authors="Wortsman, Liu, Xiao, Everett, Alemi, Adlam, Co-Reyes, Gur, Kumar, Novak, "
            "Pennington, Sohl-Dickstein, Xu, Lee, Gilmer, Kornblith",
    year=2023,
    arxiv="2309.14322",
    bibtex=BIBTEX,
    summary=("Instabilities seen when training large Transformers (attention logits that grow, "
             "output logits that drift from the log-probabilities) also appear in small models "
             "trained at high learning rates, and the fixes used at scale (qk-layernorm, "
             "z-loss) work there too. The paper summarises a final-loss-versus-learning-rate "
             "curve by its LR sensitivity, the expected gap to the best loss over orders of "
             "magnitude of learning rate, and studies how warm-up, weight decay and muParam "
             "change it with scale."),
    assumptions=[
        "LR sensitivity compares runs of one recipe that differ only in learning rate; each "
        "run's final loss is one number (the paper uses final validation loss on C4).",
        "Diverged runs count as the loss at initialisation l_0; for a 32K vocabulary a "
        "uniform prediction gives ln 32000 = 10.37 nats (our stand-in for l_0).",
        "The range [3e-4, 3e-1] and the exact form of the metric come from reading notes "
        "and are unconfirmed against the paper's text: the page lets you change both.",
        "The shipped example is synthetic: made up to have the paper's shape, not its numbers.",
    ],
    laws=[z_loss, loss_init],
    page_features=["final loss vs learning rate per model size and variant",
                   "LR sensitivity vs model size, with and without qk-layernorm / z-loss",
                   "per-size optimum and near-optimal LR range of your own sweep"],
)
