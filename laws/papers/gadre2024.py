"""Gadre et al. (2024), Language models scale reliably with over-training and on downstream tasks.

Relations
---------
``gadre2024.loss``
    ``L(C, M) = E + (a M**eta + b M**-eta) C**-eta`` with the token multiplier ``M = D/N``
    and ``C = 6 N D = 6 N**2 M`` (§2 of the paper, the loss law of Figure 1 left). It is
    the Chinchilla form ``E + A N**-alpha + B D**-beta`` with ``alpha = beta = 2 eta``
    imposed. Written here with inputs ``N`` and ``M``, as the paper's experiments vary
    them.
``gadre2024.error``
    ``Err(L) = eps - k exp(-gamma L)``: average top-1 error on downstream tasks as a
    function of the validation loss (§2, the law of Figure 1 right).

Procedure (the authors' code, mlfoundations/scaling @ a003c49, ``scaling/shared.py``
``fit_ds``): the loss law is fitted by ordinary least squares (``scipy.optimize.curve_fit``
over a grid of starts) on five runs, the four small models at M = 20 plus the 11M model at
M = 320; the error law is fitted on the same five runs plus the 1.4B model at M = 20.
The targets are the 1.4B model at M = 640 (32x over-trained, 921B tokens) and the 6.9B
model at M = 20. For RedPajama training and C4 validation loss the paper's Figure 1
reports relative errors of about 0.7% for both loss predictions; the saved output of the
authors' ``scaling_explorer.ipynb`` (cell 2) gives 0.7103% and 0.7320%, and 3.6365% and
0.0464% for the 17-task top-1 error predicted along the chain loss -> error.

Evidence: forms and procedure confirmed from the authors' code and data [P-code]; the
fitted constants below are regression values computed with that procedure on that data
(catalog/loss-laws.md §3), not numbers printed in the paper.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import sympy as sp

from ..core.law import FitDefaults, Law, Paper, Param, Variable

N, M, L = sp.symbols("N M loss", positive=True)
E, a, b, eta = sp.symbols("E a b eta", positive=True)
k, gamma, eps = sp.symbols("k gamma epsilon", positive=True)

#: Training sets of the testbed, as named in the data (and in the paper).
TRAIN_SETS = {"rpj": "RedPajama", "c4_original": "C4", "rw_original": "RefinedWeb"}
#: Downstream averages: column of the ``gadre2024`` dataset -> label.
DOWNSTREAM = {"err_avg17": "17-task average top-1 error",
              "err_avg46": "46-task average top-1 error"}
#: The five runs of the loss fit: (model, M) [authors' code, ``fit_ds``].
FIT_RUNS = [("d=96_l=8_h=4", 20.0), ("d=512_l=8_h=4", 20.0), ("d=576_l=24_h=8", 20.0),
            ("d=1024_l=24_h=8", 20.0), ("d=96_l=8_h=4", 320.0)]
#: The run added for the error fit.
ERROR_EXTRA_RUN = ("open_lm_1b", 20.0)
#: The extrapolation targets of Figure 1 (RedPajama). For C4 and RefinedWeb, whose 1.4B
#: model was over-trained to M = 80 and M = 320 only, the most over-trained 1.4B run is
#: the first target.
TARGETS = [("open_lm_1b", 640.0), ("open_lm_7b", 20.0)]
#: Relative errors [%] of the targets' C4 loss, RedPajama training: Figure 1 (left) of the
#: paper reports about 0.7% for each; the exact values are the saved output of the authors'
#: scaling_explorer.ipynb, cell 2.
PUBLISHED_LOSS_REL_ERROR = {("open_lm_1b", 640.0): 0.7103, ("open_lm_7b", 20.0): 0.7320}
#: Relative errors [%] of the 17-task top-1 error along the chain (same source).
PUBLISHED_ERROR_REL_ERROR = {("open_lm_1b", 640.0): 3.6365, ("open_lm_7b", 20.0): 0.0464}

RV = ("regression value: the authors' procedure (mlfoundations/scaling fit_ds) on their "
      "data, {} training, C4 validation loss (catalog/loss-laws.md §3)")

LOSS_PARAMS = [
    Param("E", 1.83665, RV.format("RedPajama"), (0.0, 4.0), "nats/token",
          meaning="irreducible loss, reached with infinite compute at any M"),
    Param("a", 212.236, RV.format("RedPajama"), (1.0, 1e5), "nats/token", log=True,
          meaning="scale of the term that grows with over-training (model too small)"),
    Param("b", 366.687, RV.format("RedPajama"), (1.0, 1e5), "nats/token", log=True,
          meaning="scale of the term that shrinks with over-training (too few tokens)"),
    Param("eta", 0.136425, RV.format("RedPajama"), (0.01, 0.6), latex=r"\eta",
          meaning="compute exponent: at fixed M, reducible loss falls as C^-eta"),
]
LOSS_CONSTANTS = {
    "C4 training": {"E": 1.50826, "a": 141.277, "b": 189.516, "eta": 0.121236},
    "RefinedWeb training": {"E": 1.73446, "a": 157.116, "b": 246.207, "eta": 0.127197},
}
ERROR_PARAMS = [
    Param("epsilon", 0.856992, RV.format("RedPajama") + ", 17-task average", (0.3, 1.0),
          meaning="error approached at high loss (near chance)", latex=r"\epsilon"),
    Param("k", 2.20649, RV.format("RedPajama") + ", 17-task average", (0.01, 100.0),
          log=True, meaning="scale of the improvement as loss falls"),
    Param("gamma", 0.714591, RV.format("RedPajama") + ", 17-task average", (0.05, 5.0),
          meaning="how fast error falls as loss falls", latex=r"\gamma"),
]
ERROR_CONSTANTS = {
    "RedPajama, 46 tasks": {"epsilon": 0.76085, "k": 1.3229, "gamma": 0.890708},
    "C4, 17 tasks": {"epsilon": 0.849742, "k": 2.07891, "gamma": 0.756121},
    "C4, 46 tasks": {"epsilon": 0.758949, "k": 1.28852, "gamma": 0.972164},
    "RefinedWeb, 17 tasks": {"epsilon": 0.86528, "k": 2.21481, "gamma": 0.707048},
    "RefinedWeb, 46 tasks": {"epsilon": 0.767679, "k": 1.12807, "gamma": 0.821523},
}

VAR_N = Variable("N", "parameters", (1e7, 1e12), meaning="model parameters, embeddings included")
VAR_M = Variable("M", "tokens/parameter", (1.0, 2e3),
                 meaning="token multiplier M = D/N (20 is Chinchilla-optimal)")
VAR_LOSS = Variable("loss", "nats/token", (1.5, 7.0), log=False, latex="L",
                    meaning="validation loss (C4 eval in the paper's Figure 1)")
VAR_ERR = Variable("error", "fraction", (0.3, 0.9), log=False, latex=r"\mathrm{Err}",
                   meaning="average top-1 error over downstream tasks")

#: Starting grid of the authors' curve_fit in their parametrisation
#: (alpha_c, beta_c in {1e2, 3e2, 1e3, 3e3}, b_c in {-0.1, -0.3}, E in {0, 1, 2, 10}),
#: mapped to the paper form: eta = -b_c/2, a ~ alpha_c 6**eta, b = beta_c.
LOSS_GRID = {"a": (1e2, 3e2, 1e3, 3e3), "b": (1e2, 3e2, 1e3, 3e3), "eta": (0.05, 0.15),
             "E": (0.0, 1.0, 2.0, 10.0)}
LOSS_FIT = FitDefaults(loss="squared", space="linear", grid=LOSS_GRID, refine=16,
                       bounds={"E": (0.0, 10.0), "a": (1e-3, 1e8), "b": (1e-3, 1e8),
                               "eta": (1e-3, 2.0)},
                       source="Gadre et al. 2024, authors' code (scaling/shared.py fit_ds): "
                              "least squares on the loss (curve_fit) from a grid of starts")
ERROR_FIT = FitDefaults(loss="squared", space="linear",
                        grid={"epsilon": (0.5, 0.8, 1.0), "k": (0.5, 1.0, 3.0, 10.0),
                              "gamma": (0.3, 0.7, 1.0, 2.0)}, refine=8,
                        bounds={"epsilon": (0.0, 2.0), "k": (1e-4, 1e4), "gamma": (1e-3, 10.0)},
                        source="Gadre et al. 2024, authors' code (scaling/shared.py fit_ds): "
                               "least squares on the error (curve_fit)")

C_expr = 6 * N**2 * M
loss = Law("gadre2024.loss", "L(C, M)", E + (a * M**eta + b * M**(-eta)) * C_expr**(-eta),
           VAR_LOSS, [VAR_N, VAR_M], LOSS_PARAMS,
           equation="§2, loss law of Figure 1 (left), C = 6ND = 6N²M",
           constants=LOSS_CONSTANTS, fit_defaults=LOSS_FIT,
           description="Validation loss of a model with N parameters trained on M tokens "
                       "per parameter.")
error = Law("gadre2024.error", "Err(L)", eps - k * sp.exp(-gamma * L), VAR_ERR, [VAR_LOSS],
            ERROR_PARAMS, equation="§2, downstream law of Figure 1 (right)",
            constants=ERROR_CONSTANTS, fit_defaults=ERROR_FIT,
            description="Average downstream top-1 error of a model with validation loss L.")


def compute(N_params, M_tokens_per_param):
    """Training compute ``C = 6 N D = 6 N**2 M`` [FLOPs] (total parameters)."""
    N_params = np.asarray(N_params, float)
    return 6.0 * N_params**2 * np.asarray(M_tokens_per_param, float)


def loss_cm(C_flops, M_tokens_per_param, params: dict | None = None):
    """The loss law in the paper's variables: ``L(C, M)``, with ``N = sqrt(C/(6M))``.

    Parameters
    ----------
    C_flops : array_like
        Training compute [FLOPs].
    M_tokens_per_param : array_like
        Token multiplier D/N [tokens/parameter].
    """
    C_flops = np.asarray(C_flops, float)
    m = np.asarray(M_tokens_per_param, float)
    return loss(params, N=np.sqrt(C_flops / (6.0 * m)), M=m)


def chinchilla_form(params: dict | None = None) -> dict[str, float]:
    """The same law as ``E + A N**-alpha + B D**-beta`` (alpha = beta = 2 eta).

    Substituting C = 6ND and M = D/N: ``a M**eta C**-eta = a 6**-eta N**-2eta`` and
    ``b M**-eta C**-eta = b 6**-eta D**-2eta``.
    """
    p = {**loss.defaults, **(params or {})}
    scale = 6.0 ** (-p["eta"])
    return {"E": p["E"], "A": p["a"] * scale, "B": p["b"] * scale,
            "alpha": 2 * p["eta"], "beta": 2 * p["eta"]}


def curves_over_compute(params: dict | None, multipliers, C_range=(1e17, 1e24),
                        points: int = 120) -> pd.DataFrame:
    """Loss against compute at fixed token multipliers (the lines of Figure 1 left)."""
    C = np.logspace(*np.log10(C_range), points)
    return pd.concat([pd.DataFrame({"M": f"M = {m:g}", "C": C, "loss": loss_cm(C, m, params)})
                      for m in multipliers], ignore_index=True)


def error_curve(params: dict | None, loss_range=(2.0, 6.5), points: int = 120) -> pd.DataFrame:
    """Downstream error against loss (the line of Figure 1 right)."""
    x = np.linspace(*loss_range, points)
    return pd.DataFrame({"loss": x, "error": error(params, loss=x)})


# --- the testbed and the paper's extrapolation -----------------------------------
def runs(frame: pd.DataFrame, train: str = "rpj", val: str = "c4_val",
         downstream: str = "err_avg17") -> pd.DataFrame:
    """The runs of one training set, with the columns the laws need and each run's role.

    Parameters
    ----------
    frame : DataFrame
        The ``gadre2024`` dataset (one row per run).
    train : str
        Training set: ``"rpj"``, ``"c4_original"`` or ``"rw_original"``.
    val : str
        Validation split of the loss (``"c4_val"`` in Figure 1).
    downstream : str
        ``"err_avg17"`` or ``"err_avg46"``.

    Returns
    -------
    DataFrame
        ``name, model, N, M, D, C, loss, error, role``; role is ``"loss fit"``,
        ``"error fit"`` (added for the error law), ``"target"`` or ``"other"``.
    """
    col = f"loss_{val}"
    if col not in frame.columns:
        raise ValueError(f"No validation split {val!r} in the data.")
    if downstream not in frame.columns:
        raise ValueError(f"No downstream average {downstream!r} in the data.")
    sub = frame[frame["dataset"] == train]
    if sub.empty:
        raise ValueError(f"No runs trained on {train!r}.")
    out = pd.DataFrame({"name": sub["name"], "model": sub["model"], "N": sub["N"].astype(float),
                        "M": sub["M"].astype(float), "D": sub["D"].astype(float),
                        "C": sub["C_6ND"].astype(float), "loss": sub[col].astype(float),
                        "error": sub[downstream].astype(float)})
    key = list(zip(out["model"], out["M"]))
    big = out[out["model"] == "open_lm_1b"]["M"]
    targets = {("open_lm_7b", 20.0), ("open_lm_1b", float(big.max()) if len(big) else -1.0)}
    out["role"] = ["loss fit" if k_ in FIT_RUNS else "error fit" if k_ == ERROR_EXTRA_RUN
                   else "target" if k_ in targets else "other" for k_ in key]
    return out.sort_values(["N", "M"]).reset_index(drop=True)


def reproduce(frame: pd.DataFrame, train: str = "rpj", val: str = "c4_val",
              downstream: str = "err_avg17", bootstrap: int = 0, seed: int = 0,
              saved: dict | None = None) -> dict:
    """The paper's extrapolation: fit on the small runs, predict the 1.4B and 6.9B runs.

    The loss law is fitted on :data:`FIT_RUNS`, the error law on those plus
    :data:`ERROR_EXTRA_RUN`, both with the relations' default (the authors') procedure;
    the targets' error is predicted from their *predicted* loss (the chain).

    With ``saved`` (``{"loss_fit": ..., "error_fit": ...}`` as written by
    :func:`laws.core.fitting.saved`, e.g. :func:`shipped_reproduction`) the two fits are
    restored instead of redone; everything after them is computed as usual.

    Returns
    -------
    dict
        ``loss_fit``, ``error_fit`` (:class:`laws.Fit`), ``runs`` (as :func:`runs`) and
        ``table``: one row per target with ``N, M, C, loss_true, loss_pred, loss_lower,
        loss_upper, loss_rel_error_pct, error_true, error_pred, error_lower, error_upper,
        error_rel_error_pct`` (bands NaN without a bootstrap).
    """
    from ..core.fitting import FitError, fit, restore

    data = runs(frame, train, val, downstream)
    loss_rows = data[data["role"] == "loss fit"]
    error_rows = data[data["role"].isin(["loss fit", "error fit"])]
    targets = data[data["role"] == "target"]
    if len(loss_rows) != len(FIT_RUNS) or len(targets) != 2:
        raise FitError(f"The data for {train!r} lack some of the paper's fitting or target runs.")
    if saved is not None:
        loss_fit = restore(loss, loss_rows, saved["loss_fit"])
        error_fit = restore(error, error_rows, saved["error_fit"])
    else:
        loss_fit = fit(loss, loss_rows, bootstrap=bootstrap, seed=seed)
        error_fit = fit(error, error_rows, bootstrap=bootstrap, seed=seed)
    pred = loss_fit.predict(N=targets["N"].to_numpy(), M=targets["M"].to_numpy())
    chain = chain_predict(loss_fit, error_fit, targets["N"].to_numpy(), targets["M"].to_numpy())
    table = pd.DataFrame({
        "run": [f"{m} (N = {n / 1e9:.2f}B, M = {mm:g})" for m, n, mm in
                zip(targets["model"], targets["N"], targets["M"])],
        "N": targets["N"].to_numpy(), "M": targets["M"].to_numpy(), "C": targets["C"].to_numpy(),
        "loss_true": targets["loss"].to_numpy(), "loss_pred": pred["value"].to_numpy(),
        "loss_lower": pred["lower"].to_numpy(), "loss_upper": pred["upper"].to_numpy(),
        "error_true": targets["error"].to_numpy(), "error_pred": chain["value"],
        "error_lower": chain["lower"], "error_upper": chain["upper"]})
    table["loss_rel_error_pct"] = 100 * np.abs(table["loss_pred"] / table["loss_true"] - 1)
    table["error_rel_error_pct"] = 100 * np.abs(table["error_pred"] / table["error_true"] - 1)
    return {"loss_fit": loss_fit, "error_fit": error_fit, "runs": data, "table": table}


#: The page's first view of :func:`reproduce` (RedPajama, C4 validation loss, 17-task
#: average error, 50 bootstrap resamples), shipped in data/ (made by
#: data/make_gadre2024_reproduction.py; regenerate after a change to the fitting code, to
#: the relations' fit defaults or to the dataset: tests/laws/test_gadre2024.py fails when
#: the file has drifted).
REPRODUCTION = {"train": "rpj", "val": "c4_val", "downstream": "err_avg17", "bootstrap": 50,
                "seed": 0}
SHIPPED = "gadre2024_reproduction.json"


def runs_key(frame: pd.DataFrame, train: str, val: str, downstream: str) -> str:
    """A fingerprint of the runs :func:`reproduce` fits (values and roles)."""
    import hashlib

    table = runs(frame, train, val, downstream)
    return hashlib.sha256(pd.util.hash_pandas_object(table, index=True).to_numpy()
                          .tobytes()).hexdigest()


def save_reproduction(frame: pd.DataFrame, result: dict, **settings) -> dict:
    """JSON-ready data of :func:`reproduce`'s fits with the settings and the runs'
    fingerprint that :func:`shipped_reproduction` checks."""
    from ..core.fitting import saved

    return {**settings, "key": runs_key(frame, settings["train"], settings["val"],
                                        settings["downstream"]),
            "loss_fit": saved(result["loss_fit"]), "error_fit": saved(result["error_fit"])}


def shipped_reproduction(frame: pd.DataFrame, train: str, val: str, downstream: str,
                         bootstrap: int, seed: int = 0) -> dict | None:
    """The shipped fits for these settings when they are :data:`REPRODUCTION` and the runs
    are the ones they were made from, else None (then :func:`reproduce` fits)."""
    want = {"train": train, "val": val, "downstream": downstream, "bootstrap": bootstrap,
            "seed": seed}
    data = _shipped_file() if want == REPRODUCTION else None
    if data is None or any(data.get(k) != v for k, v in want.items()) or \
            data.get("key") != runs_key(frame, train, val, downstream):
        return None
    return data


@functools.lru_cache(maxsize=1)
def _shipped_file() -> dict | None:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / SHIPPED
    return json.loads(path.read_text()) if path.exists() else None


def chain_predict(loss_fit, error_fit, N_params, M_tokens_per_param, level: float = 0.95):
    """Downstream error predicted from the predicted loss: ``Err(L(N, M))``.

    With bootstraps on both fits, the band pairs the k-th loss draw with the k-th error
    draw (independent resamples), so it carries both fits' uncertainty.

    Returns
    -------
    dict
        ``value``, ``lower``, ``upper`` arrays (bands NaN without bootstraps).
    """
    n = np.asarray(N_params, float)
    m = np.asarray(M_tokens_per_param, float)
    value = error(error_fit.params, loss=loss(loss_fit.params, N=n, M=m))
    nan = np.full_like(value, np.nan)
    if loss_fit.samples is None or error_fit.samples is None:
        return {"value": value, "lower": nan, "upper": nan}
    K = min(len(loss_fit.samples), len(error_fit.samples))
    lp = {name: loss_fit.samples[:K, j][:, None] for j, name in enumerate(loss.param_names)}
    ep = {name: error_fit.samples[:K, j][:, None] for j, name in enumerate(error.param_names)}
    draws = error(ep, loss=loss(lp, N=n[None, :], M=m[None, :]))
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    lo, hi = np.nanquantile(draws, q, axis=0)
    return {"value": value, "lower": lo, "upper": hi}


def extrapolation_band(loss_fit, multipliers, N_range=(1e7, 1e10), points: int = 80):
    """The fitted loss against N at fixed M, with its bootstrap band (long format)."""
    n = np.logspace(*np.log10(N_range), points)
    frames = []
    for m in multipliers:
        band = loss_fit.predict(N=n, M=np.full_like(n, float(m)))
        frames.append(band.assign(curve=f"fit, M = {m:g}").rename(columns={"value": "loss"}))
    return pd.concat(frames, ignore_index=True)


BIBTEX = """@inproceedings{gadre2025language,
  title     = {Language models scale reliably with over-training and on downstream tasks},
  author    = {Gadre, Samir Yitzhak and Smyrnis, Georgios and Shankar, Vaishaal and
               Gururangan, Suchin and Wortsman, Mitchell and Shao, Rulin and Mercat, Jean and
               Fang, Alex and Li, Jeffrey and Keh, Sedrick and Xin, Rui and Nezhurina, Marianna
               and Vasiljevic, Igor and Soldaini, Luca and Jitsev, Jenia and Dimakis, Alex and
               Ilharco, Gabriel and Koh, Pang Wei and Song, Shuran and Kollar, Thomas and
               Carmon, Yair and Dave, Achal and Heckel, Reinhard and Muennighoff, Niklas and
               Schmidt, Ludwig},
  booktitle = {International Conference on Learning Representations (ICLR)},
  year      = {2025},
  note      = {arXiv:2403.08540}
}"""

PAPER = Paper(
    key="gadre2024",
    title="Language models scale reliably with over-training and on downstream tasks",
    authors="Gadre, Smyrnis, Shankar, et al.",
    year=2024,
    arxiv="2403.08540",
    bibtex=BIBTEX,
    summary=("Models are usually trained far past the compute-optimal 20 tokens per "
             "parameter to make them cheaper to serve. Over 104 models (11M to 6.9B "
             "parameters, three training sets) the loss at a fixed token multiplier M = D/N "
             "stays a power law in compute with the same exponent, so a law fitted on small "
             "runs predicts a 1.4B model trained 32x past optimal and a 6.9B model to within "
             "about 1%. Average downstream top-1 error then follows the loss through an "
             "exponential decay."),
    assumptions=[
        "N counts all parameters, embeddings included; C = 6ND with that N.",
        "Loss is the validation cross-entropy on C4 (nats/token) in Figure 1; the testbed "
        "has eight validation sets.",
        "M is the nominal token multiplier (20 x the Chinchilla multiplier), equal to D/N.",
        "Downstream error is the mean of 1 - accuracy over 17 tasks (Figure 1) or 46 tasks.",
        "The constants shown are regression values of the authors' procedure on their data "
        "(per training set), not numbers printed in the paper.",
    ],
    laws=[loss, error],
    page_features=["loss over compute at fixed over-training M",
                   "fit on the small runs, predict the 1.4B and 6.9B runs with bands",
                   "loss -> downstream top-1 error chain",
                   "fit your runs with bootstrap bands and backtest"],
    topic="Loss and scale",
)
