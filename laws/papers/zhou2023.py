"""Zhou, Yang, Chang, Mahoney (2023), A Three-regime Model of Network Pruning
(ICML 2023, arXiv:2305.18383).

There is no closed-form law. The paper varies a *temperature-like* parameter of the dense
model before pruning (training epochs, batch size, or SAM's rho) and a *load-like* parameter
of the sparse model (density = 1 - pruning ratio), and sorts the (temperature, load) plane
into three regimes by two loss-landscape metrics of the retrained sparse models:

* Regime I: poorly connected (a large linear-mode-connectivity barrier between two
  retrainings with different seeds);
* Regime II-A: well connected, relatively dissimilar outputs (lower CKA similarity);
* Regime II-B: well connected, relatively similar outputs.

For a given load, the favourable moves are I -> II-A by *raising* the temperature and
II-A -> II-B by *lowering* it (Fig. 1 and its caption), so whether a hotter dense model
prunes better depends on the load: a sharp transition.

Relations (the metric definitions; the paper has no fitted law)
---------
``zhou2023.lmc_barrier``      ``mc = (L(w1) + L(w2))/2 - L(gamma(t*))``, with ``t*`` the
                              interpolation point furthest from the endpoints' mean
                              (training error, 11 points; authors' notebook)
``zhou2023.normalized_error`` ``err - min over temperature of err`` at the same load (the
                              "Normalized Test Error" panel of Fig. 2; notebook ``min_normalize``)

Evidence. Definitions, protocol, the grid (epochs 10..160 step 10; pruning ratios
0.95..0.2) and the metric code: the authors' repository YefanZhou/ThreeRegimePruning, commit
b38c9721 (README, ``visualization/load_temperature_plots.ipynb``, scripts) [P-code]; regimes
and transitions: abstract and Fig. 1 caption [P-abs]. That fewer training epochs means a
higher temperature is read from Fig. 2, where the arrow from Regime I towards Regime II-A
(Fig. 1: "increasing the temperature") points to fewer epochs. The numbers on the page are
DIGITISED from the four Fig. 2 panels the repository ships as PNGs
(``data/make_zhou2023_phase_diagram.py``); the paper publishes no table. The regime
thresholds are this module's, not the paper's: the paper draws its boundaries by hand.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import Law, Paper, Variable

DATA = Path(__file__).resolve().parents[2] / "data" / "zhou2023_phase_diagram.csv"
REPO = "YefanZhou/ThreeRegimePruning, commit b38c9721db5cabb8c664666811c1f7c5f8e83cf2"

#: The grid of Fig. 2 (notebook, cell 4): training epochs of the dense model, and
#: pruning ratios; density [%] as the notebook labels it, ``int(100 - int(100 r))``.
EPOCHS = tuple(range(10, 170, 10))
PRUNING_RATIOS = (0.95, 0.94, 0.93, 0.92, 0.90, 0.86, 0.80, 0.60, 0.20)
DENSITY_PCT = tuple(int(100 - int(100 * r)) for r in PRUNING_RATIOS)
#: Interpolation points of the LMC curve and the seeds averaged over (notebook).
LMC_POINTS, DENSE_SEEDS, SEED_PAIRS = 11, (1, 2, 3), ((1, 2), (1, 3), (2, 3))
#: Training protocol (README and scripts): PreResNet-20 on CIFAR-10, SGD lr 0.1, batch 64,
#: 160 epochs; uniform magnitude pruning (LAMP code base); retraining for 160 epochs.
PROTOCOL = {"model": "PreResNet-20", "data": "CIFAR-10", "lr": 0.1, "batch": 64,
            "epochs": 160, "pruning": "uniform magnitude", "retrain_epochs": 160}

#: Temperature-like knobs the repository sweeps, their ranges, which way is hotter, and
#: how sure that direction is.
TEMPERATURE_KNOBS = pd.DataFrame([
    {"knob": "training epochs", "swept": "10-160, step 10", "hotter when": "fewer epochs",
     "evidence": "Fig. 2: the arrow from Regime I to II-A (raising temperature) points to "
                 "fewer epochs"},
    {"knob": "batch size", "swept": "16-512", "hotter when": "smaller batch",
     "evidence": "unconfirmed here: the usual SGD-noise reading (scripts sweep 16-512)"},
    {"knob": "SAM rho", "swept": "0.1-0.8", "hotter when": "larger rho",
     "evidence": "unconfirmed here: the usual reading (scripts sweep 0.1-0.8)"},
])

REGIMES = ("I", "II-A", "II-B")
#: What each regime predicts for a fixed load (Fig. 1 and caption).
PREDICTION = {
    "I": "poorly connected: raise the temperature of the dense model (e.g. fewer epochs) "
         "to move towards Regime II-A",
    "II-A": "well connected, dissimilar: lower the temperature (e.g. train longer) to move "
            "towards Regime II-B",
    "II-B": "well connected, similar: the favourable end state; little to gain from the "
            "temperature",
}

L1, L2, Lt, err, err_min = sp.symbols("L_1 L_2 L_t err err_min", positive=True)
_ERR = "training error (fraction)"
lmc_barrier = Law(
    "zhou2023.lmc_barrier", "mc", (L1 + L2) / 2 - Lt,
    Variable("mc", _ERR, (-1.0, 0.1), log=False, latex="mc", positive=False,
             meaning="linear mode connectivity: about 0 = well connected, negative = a barrier"),
    [Variable("L_1", _ERR, (0.0, 1.0), log=False, latex="L(w_1)", positive=False,
              meaning="training error of the first retrained sparse model"),
     Variable("L_2", _ERR, (0.0, 1.0), log=False, latex="L(w_2)", positive=False,
              meaning="training error of the second (another retraining seed)"),
     Variable("L_t", _ERR, (0.0, 1.0), log=False, latex=r"L(\gamma(t^*))", positive=False,
              meaning="training error on the straight line between them, at the point "
                      "furthest from the endpoints' mean")],
    [], equation=f"authors' notebook ({REPO}), definition of mc")
normalized_error = Law(
    "zhou2023.normalized_error", "normalized test error", err - err_min,
    Variable("normalized", "test error (fraction)", (0.0, 0.05), log=False,
             latex=r"\widetilde{err}", positive=False,
             meaning="how much worse than the best temperature at the same load"),
    [Variable("err", "test error (fraction)", (0.0, 1.0), log=False, latex="err",
              meaning="test error of the retrained sparse model"),
     Variable("err_min", "test error (fraction)", (0.0, 1.0), log=False,
              latex=r"\min_T err", meaning="lowest test error over temperatures, same load")],
    [], equation="Fig. 2, 'Normalized Test Error' panel (notebook min_normalize)")


def barrier_of_curve(curve) -> np.ndarray:
    """LMC barrier of interpolation curves, vectorised over leading axes.

    Parameters
    ----------
    curve : array_like, shape (..., n_points)
        Error (or loss) at ``t = 0 .. 1`` on the straight line from ``w1`` to ``w2``;
        the paper uses training error at 11 points.

    Returns
    -------
    ndarray
        ``mean(endpoints) - curve[t*]`` with ``t* = argmax |mean(endpoints) - curve|``;
        about 0 when well connected, negative with a barrier.
    """
    curve = np.asarray(curve, float)
    if curve.shape[-1] < 2:
        raise ValueError("an interpolation curve needs at least its two endpoints")
    mid = 0.5 * (curve[..., :1] + curve[..., -1:])
    index = np.abs(mid - curve).argmax(axis=-1)[..., None]
    return lmc_barrier(L_1=curve[..., 0], L_2=curve[..., -1],
                       L_t=np.take_along_axis(curve, index, axis=-1)[..., 0])


def classify(barrier, cka, barrier_threshold: float = 0.2,
             cka_threshold: float = 0.98) -> np.ndarray:
    """Regime of each cell by this page's rule (the paper gives no thresholds).

    Regime I where the barrier is below ``-barrier_threshold``; otherwise II-B where the
    CKA similarity is at least ``cka_threshold`` and II-A below it. NaN metrics give "".
    """
    barrier, cka = np.broadcast_arrays(np.asarray(barrier, float), np.asarray(cka, float))
    out = np.where(barrier < -barrier_threshold, "I",
                   np.where(cka >= cka_threshold, "II-B", "II-A")).astype(object)
    out[~np.isfinite(barrier) | (~np.isfinite(cka) & (barrier >= -barrier_threshold))] = ""
    return out


def load_phase_diagram(path: Path | str = DATA) -> pd.DataFrame:
    """The digitised Fig. 2: one row per (epochs, density_pct) with test_error,
    normalized_test_error, lmc_barrier and cka (fractions; CKA of the last layer)."""
    return pd.read_csv(path)


def best_temperature(frame: pd.DataFrame, temperature: str = "epochs", load: str = "density_pct",
                     error: str = "test_error") -> pd.DataFrame:
    """Per load: the temperature setting with the lowest error, that error, the error at
    the coldest setting (largest ``temperature`` value for epochs), and what picking the
    best instead of the coldest saves."""
    rows = []
    for value, group in frame.dropna(subset=[error]).groupby(load, sort=True):
        group = group.sort_values(temperature)
        best = group.loc[group[error].idxmin()]
        coldest = group.iloc[-1]
        rows.append({load: value, f"best {temperature}": best[temperature],
                     "best error": best[error], "error at the coldest": coldest[error],
                     "saved by the best temperature": coldest[error] - best[error]})
    return pd.DataFrame(rows)


def advice(frame: pd.DataFrame, density: float, epochs: float,
           tolerance: float = 0.002) -> dict:
    """What the digitised test errors say about one model (epochs, density).

    Returns the best epoch count at that density, the error gap to it, and the move:
    "keep" within ``tolerance`` of the best, else "fewer epochs (hotter)" when the best is
    below ``epochs`` and "more epochs (colder)" when above."""
    col = frame[frame["density_pct"] == density].sort_values("epochs")
    if col.empty or epochs not in set(col["epochs"]):
        raise ValueError(f"no digitised cell at density {density}% and {epochs} epochs")
    best = col.loc[col["test_error"].idxmin()]
    here = float(col.loc[col["epochs"] == epochs, "test_error"].iloc[0])
    gap = here - float(best["test_error"])
    if gap <= tolerance:
        move = "keep"
    else:
        move = "fewer epochs (hotter)" if best["epochs"] < epochs else "more epochs (colder)"
    return {"best epochs": int(best["epochs"]), "gap": gap, "move": move}


def clean_sweep(frame: pd.DataFrame, columns: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """A user's sweep as numbers: ``columns`` maps the roles temperature, load, test_error
    (required) and lmc_barrier, cka (optional, may be None) to column names. Rows whose
    temperature, load or error are missing or not finite are dropped, with a sentence."""
    out = pd.DataFrame({role: pd.to_numeric(frame[name], errors="coerce")
                        if name is not None else np.nan for role, name in columns.items()})
    required = ["temperature", "load", "test_error"]
    bad = ~np.isfinite(out[required].to_numpy(float)).all(axis=1)
    notes = []
    if bad.any():
        notes.append(f"{int(bad.sum())} row(s) without a number for temperature, load or "
                     f"test error were left out.")
    return out[~bad].reset_index(drop=True), notes


BIBTEX = """@inproceedings{zhou2023three,
  title     = {A Three-regime Model of Network Pruning},
  author    = {Zhou, Yefan and Yang, Yaoqing and Chang, Arin and Mahoney, Michael W.},
  booktitle = {Proceedings of the 40th International Conference on Machine Learning (ICML)},
  year      = {2023},
  note      = {arXiv:2305.18383}
}"""

PAPER = Paper(
    key="zhou2023",
    topic="Data, inference and downstream",
    title="A Three-regime Model of Network Pruning",
    authors="Zhou, Yang, Chang, Mahoney",
    year=2023,
    arxiv="2305.18383",
    bibtex=BIBTEX,
    summary=("Whether a dense network trained 'hotter' (fewer epochs, smaller batches, "
             "larger SAM rho) prunes better depends on how much is pruned. Borrowing "
             "temperature and load from the statistical mechanics of learning, the paper "
             "maps the plane of dense-model temperature and sparse-model density into three "
             "regimes by the loss landscape of the retrained sparse models: poorly connected "
             "(I), connected but dissimilar (II-A), and connected and similar (II-B). In I a "
             "hotter dense model helps, in II-A a colder one does. The result is a phase "
             "diagram, not a formula; this page shows it with numbers digitised from the "
             "paper's figure."),
    assumptions=[
        "PreResNet-20 on CIFAR-10, SGD lr 0.1, batch 64; uniform magnitude pruning; the "
        "sparse model is retrained for 160 epochs (authors' repository).",
        "Temperature here is the dense model's training epochs (fewer = hotter); load is "
        "the density of the pruned model, 5-80%.",
        "LMC barrier: training error on 11 interpolation points between two retrainings, "
        "averaged over 3 seed pairs and 3 dense seeds; CKA: last layer, same averaging.",
        "Values are digitised from the Fig. 2 heat maps (the paper prints no table); regime "
        "thresholds are this page's choice, the paper draws its boundaries by hand.",
    ],
    laws=[lmc_barrier, normalized_error],
    page_features=["phase diagram of test error, LMC barrier and CKA (digitised Fig. 2)",
                   "regimes by adjustable thresholds", "what to change at a given load: "
                   "hotter or colder dense training", "the sharp transition across loads",
                   "classify your own temperature x load sweep; LMC barrier of a curve"],
)
