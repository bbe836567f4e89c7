"""Li et al. (2025), Predictable Scale: Part I -- Optimal Hyperparameter Scaling Law in
LLM Pretraining ("Step Law").

Relations
---------
``li2025_steplaw.lr``
    Optimal peak learning rate ``eta(N, D) = c_eta * N**(-alpha_N) * D**beta_D`` with
    ``c_eta = 1.79``, ``alpha_N = 0.713``, ``beta_D = 0.307``.
``li2025_steplaw.batch``
    Optimal batch size in tokens ``B(D) = c_B * D**gamma_D`` with ``c_B = 0.58``,
    ``gamma_D = 0.571``.

Evidence: the constants, units and fitting procedure are confirmed from the authors'
repository (step-law/steplaw, README.md and code/fit_tool.py, commit 32a8f4c): B is in
tokens (the fit multiplies batch sequences by the sequence length), D in training tokens,
N counts non-embedding parameters, eta is AdamW's peak LR (final LR 1e-5). The constants
equal the mean of the 1,000 released bootstrap fits. "Near-optimal" in the released code
means within 0.25% of the lowest smoothed final training loss of an (N, D) cell
(``query_optimal_lr_bs_data(filter_threshold=0.0025)``).

The released MoE runs (``moe_lr_bs_loss.csv``) are cells of (sparsity setting, D); their
``N`` is total parameters and ``Na`` activated ones. The paper's N convention for MoE
models, and any separate MoE law, are not confirmed here: :func:`refit_released` pools
dense and MoE runs under either convention, as our own computation.

Other rules (:data:`OTHER_RULES`): DeepSeek, Kaplan and MiniCPM are checked against their
papers; the Bjorck et al. (2024) and Porian et al. (2024) constants come from secondary
notes and carry an ``unconfirmed`` status (for Porian, the form, fitting range and N
convention are confirmed from the authors' repository formll/resolving-scaling-law-
discrepancies, analysis.py ``get_interpolated_hparams_dfs`` and data.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp

from ..core.analysis import fit_quadratic_landscape, plateau
from ..core.law import Law, Paper, Param, Variable

N, D = sp.symbols("N D", positive=True)
c_eta, alpha_N, beta_D, c_B, gamma_D = sp.symbols("c_eta alpha_N beta_D c_B gamma_D",
                                                  positive=True)
REPO = "Li et al. 2025, step-law/steplaw README and fit_tool.py (mean of 1,000 bootstrap fits)"
SEQ_LEN = 2048  #: sequence length of every released run [tokens]
TOLERANCE = 0.0025  #: the released code's near-optimal threshold (0.25% of the best loss)

VAR_N = Variable("N", "non-embedding parameters", (1e8, 1e11),
                 meaning="model parameters, embeddings excluded")
VAR_D = Variable("D", "tokens", (1e9, 1e13), meaning="training tokens")

lr = Law("li2025_steplaw.lr", "eta(N, D)", c_eta * N ** (-alpha_N) * D ** beta_D,
         Variable("lr", "", (1e-5, 1e-1), latex=r"\eta",
                  meaning="optimal peak learning rate of AdamW"),
         [VAR_N, VAR_D],
         [Param("c_eta", 1.79, REPO, (0.1, 30.0), log=True, latex=r"c_\eta",
                meaning="learning-rate prefactor"),
          Param("alpha_N", 0.713, REPO, (0.0, 1.5), latex=r"\alpha_N",
                meaning="how fast the optimal LR falls with model size"),
          Param("beta_D", 0.307, REPO, (0.0, 1.0), latex=r"\beta_D",
                meaning="how fast the optimal LR grows with data")],
         equation="Step Law LR formula (Eq. 1 of the repository README)",
         description="Optimal peak learning rate for N parameters trained on D tokens.")
batch = Law("li2025_steplaw.batch", "B(D)", c_B * D ** gamma_D,
            Variable("batch", "tokens", (1e4, 1e8), latex="B",
                     meaning="optimal batch size in tokens"),
            [VAR_D],
            [Param("c_B", 0.58, REPO, (0.01, 30.0), log=True, latex=r"c_B",
                   meaning="batch-size prefactor"),
             Param("gamma_D", 0.571, REPO, (0.2, 1.0), latex=r"\gamma_D",
                   meaning="how fast the optimal batch grows with data")],
            equation="Step Law batch formula (repository README)",
            description="Optimal batch size in tokens; it depends on the data, not on N.")


def bootstrap_fits(table: pd.DataFrame) -> list[dict]:
    """The released bootstrap fits as parameter dicts of :data:`lr` and :data:`batch`.

    Parameters
    ----------
    table : DataFrame
        ``1004_fitted_lr_bs_scaling_model_parameters.csv`` (natural-log coefficients
        ``lr_intercept, lr_coefN, lr_coefD, bs_intercept, bs_coefD``).
    """
    return [{"c_eta": float(np.exp(r.lr_intercept)), "alpha_N": float(-r.lr_coefN),
             "beta_D": float(r.lr_coefD), "c_B": float(np.exp(r.bs_intercept)),
             "gamma_D": float(r.bs_coefD)} for r in table.itertuples()]


def advice_band(fits: list[dict], N_params, D_tokens, level: float = 0.95) -> pd.DataFrame:
    """The advised LR and batch with the band of the released bootstrap fits.

    Returns
    -------
    DataFrame
        ``N, D, lr, lr_lower, lr_upper, batch, batch_lower, batch_upper``.
    """
    N_params, D_tokens = np.broadcast_arrays(np.asarray(N_params, float),
                                             np.asarray(D_tokens, float))
    cols = {k: np.array([f[k] for f in fits])[:, None] for k in fits[0]}
    lrs = lr(cols, N=N_params.ravel()[None, :], D=D_tokens.ravel()[None, :])
    bss = batch(cols, D=D_tokens.ravel()[None, :])
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    out = pd.DataFrame({"N": N_params.ravel(), "D": D_tokens.ravel(),
                        "lr": lr(N=N_params.ravel(), D=D_tokens.ravel()),
                        "batch": batch(D=D_tokens.ravel())})
    out["lr_lower"], out["lr_upper"] = np.quantile(lrs, q, axis=0)
    out["batch_lower"], out["batch_upper"] = np.quantile(bss, q, axis=0)
    return out


#: How the released MoE runs' N can enter the Step Law: total parameters (the file's
#: ``N``) or parameters activated per token (``Na``). Which one the paper uses for MoE
#: models is not confirmed here.
MOE_N = {"total": "N", "activated": "Na"}


def cell_keys(runs: pd.DataFrame) -> list[str]:
    """The columns that name one (N, D) cell: ``N, D`` for the dense runs; for the MoE
    runs also the sparsity setting ``moe_name`` (two settings share the same total N)
    and the activated parameters ``Na``."""
    return ["moe_name", "N", "Na", "D"] if "moe_name" in runs.columns else ["N", "D"]


def cells(runs: pd.DataFrame) -> pd.DataFrame:
    """The cells of a released grid (dense or MoE) with their run counts."""
    return runs.groupby(cell_keys(runs)).size().rename("runs").reset_index()


def cell_runs(runs: pd.DataFrame, cell) -> pd.DataFrame:
    """The runs of one row of :func:`cells`."""
    mask = np.ones(len(runs), bool)
    for key in cell_keys(runs):
        mask &= (runs[key] == cell[key]).to_numpy()
    return runs[mask]


def landscape(runs: pd.DataFrame, N_params: float, D_tokens: float,
              tolerance: float = TOLERANCE, loss: str = "smooth loss",
              sparsity: str | None = None,
              advice_N: float | None = None) -> tuple[pd.DataFrame, dict]:
    """The loss over (learning rate, batch size) of one (N, D) cell and its plateau.

    Parameters
    ----------
    runs : DataFrame
        ``dense_lr_bs_loss.csv`` or ``moe_lr_bs_loss.csv``: columns ``N, D, lr, bs``
        (sequences of 2,048 tokens) and ``loss``, ``smooth loss`` [nats/token].
    N_params, D_tokens : float
        The cell (for the MoE runs N is the file's total parameter count).
    tolerance : float
        Relative distance from the best loss that counts as near-optimal.
    sparsity : str, optional
        The MoE setting (``moe_name``, e.g. ``"1in8"``); needed for the MoE runs, where
        two settings share one total N.
    advice_N : float, optional
        The N at which the Step Law's advice is computed (default ``N_params``; for an
        MoE cell, total or activated parameters, see :data:`MOE_N`).

    Returns
    -------
    grid : DataFrame
        One row per run: ``lr, batch`` [tokens], ``loss``, ``excess`` (loss/best - 1) and
        ``on_plateau``.
    summary : dict
        ``best_lr, best_batch, best_loss, lr_range, batch_range, plateau_runs`` and the
        Step Law's advice ``advice_lr, advice_batch`` for the cell.
    """
    mask = (runs["N"] == N_params) & (runs["D"] == D_tokens)
    if sparsity is not None:
        mask &= runs["moe_name"] == sparsity
    cell = runs[mask]
    if cell.empty:
        raise ValueError(f"No runs at N = {N_params:g}, D = {D_tokens:g}"
                         + (f", sparsity {sparsity}." if sparsity else "."))
    table = cell.pivot_table(index="lr", columns="bs", values=loss, aggfunc="min")
    p = plateau(table.to_numpy(), [table.index.to_numpy(), table.columns.to_numpy()],
                tolerance=tolerance)
    grid = table.stack().dropna().rename("loss").reset_index()  # pairs never run: out
    grid["batch"] = grid["bs"] * SEQ_LEN
    grid["excess"] = grid["loss"] / p.best_value - 1
    grid["on_plateau"] = grid["loss"] <= p.threshold
    best = grid.loc[grid["loss"].idxmin()]
    summary = {"best_lr": float(best["lr"]), "best_batch": float(best["batch"]),
               "best_loss": p.best_value, "lr_range": p.ranges[0],
               "batch_range": tuple(b * SEQ_LEN for b in p.ranges[1]),
               "plateau_runs": int(grid["on_plateau"].sum()),
               "advice_lr": float(lr(N=advice_N or N_params, D=D_tokens)),
               "advice_batch": float(batch(D=D_tokens))}
    return grid[["lr", "batch", "loss", "excess", "on_plateau"]], summary


def refit_released(runs: pd.DataFrame, tolerance: float = TOLERANCE,
                   loss: str = "smooth loss", moe_runs: pd.DataFrame | None = None,
                   moe_N: str = "total") -> dict:
    """Refit the Step Law on the released runs as the released code does, without bootstrap.

    In every cell the runs within ``tolerance`` of the best loss are kept, then
    ``ln lr`` is regressed on ``ln N, ln D`` and ``ln B`` [tokens] on ``ln D`` by least
    squares (step-law/steplaw ``query_optimal_lr_bs_data`` and ``fit_tool.py``).

    Parameters
    ----------
    runs : DataFrame
        The dense runs (cells are ``(N, D)``).
    moe_runs : DataFrame, optional
        The MoE runs, pooled with the dense ones; their cells are (sparsity, D).
    moe_N : {"total", "activated"}
        Which MoE parameter count plays N (:data:`MOE_N`).

    Returns
    -------
    dict
        ``c_eta, alpha_N, beta_D, c_B, gamma_D`` (in this module's sign convention) and
        ``points`` (runs kept).
    """
    cols = ["N", "D", "lr", "bs", loss]
    pooled = runs[cols].assign(cell="dense")
    if moe_runs is not None:
        pooled = pd.concat([pooled, moe_runs.assign(N=moe_runs[MOE_N[moe_N]])[cols]
                            .assign(cell=moe_runs["moe_name"].to_numpy())],
                           ignore_index=True)
    best = pooled.groupby(["cell", "N", "D"])[loss].transform("min")
    kept = pooled[pooled[loss] / best - 1 < tolerance]
    ln_n, ln_d = np.log(kept["N"].to_numpy(float)), np.log(kept["D"].to_numpy(float))
    ones = np.ones_like(ln_n)
    (a0, a_n, a_d), *_ = np.linalg.lstsq(np.column_stack([ones, ln_n, ln_d]),
                                         np.log(kept["lr"].to_numpy(float)), rcond=None)
    (b0, b_d), *_ = np.linalg.lstsq(np.column_stack([ones, ln_d]),
                                    np.log(kept["bs"].to_numpy(float) * SEQ_LEN), rcond=None)
    return {"c_eta": float(np.exp(a0)), "alpha_N": float(-a_n), "beta_D": float(a_d),
            "c_B": float(np.exp(b0)), "gamma_D": float(b_d), "points": int(len(kept))}


def refit_table(runs: pd.DataFrame, tolerance: float = TOLERANCE,
                moe_runs: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    """Published constants beside :func:`refit_released`'s, one row per constant: on the
    dense runs and, when ``moe_runs`` is given, on dense + MoE with the MoE N counted
    both ways. Also the number of runs each refit used, by column."""
    published = {**lr.defaults, **batch.defaults}
    fits = {"refit on the released runs": refit_released(runs, tolerance)}
    if moe_runs is not None:
        for which in MOE_N:
            fits[f"refit on dense + MoE (MoE N = {which})"] = refit_released(
                runs, tolerance, moe_runs=moe_runs, moe_N=which)
    table = pd.DataFrame({"constant": list(published), "published": list(published.values()),
                          **{name: [f[k] for k in published] for name, f in fits.items()}})
    return table, {name: f["points"] for name, f in fits.items()}


def sweep_landscape(sweep: pd.DataFrame, within: float = 0.03,
                    tolerance: float = TOLERANCE):
    """Fit a convex landscape to a learning-rate x batch-size sweep near its best run.

    Parameters
    ----------
    sweep : DataFrame
        ``lr``, ``batch`` [tokens], ``loss`` [nats/token], one row per run.
    within : float
        Only runs within this relative distance of the best loss are fitted (a quadratic
        describes the basin, not the steep walls).
    tolerance : float
        Relative excess over the fitted optimum that counts as on the plateau.

    Returns
    -------
    landscape : laws.QuadraticLandscape
    runs : DataFrame
        ``sweep`` with ``excess_pct`` (percent above the fitted optimum) and ``on_plateau``.

    Raises
    ------
    ValueError
        When too few runs are near the best one (a sentence a person can act on).
    """
    near = sweep[sweep["loss"] / sweep["loss"].min() - 1 <= within]
    landscape = fit_quadratic_landscape(near["lr"], near["batch"], near["loss"])
    excess = landscape.excess(sweep["lr"], sweep["batch"])
    runs = sweep.assign(excess_pct=100 * (sweep["loss"] / landscape.best_value - 1),
                        on_plateau=landscape.convex & (excess <= tolerance))
    return landscape, runs


def flops_per_token(h, ffnh, numl, seq_len=SEQ_LEN):
    """Non-embedding FLOPs per token as the Step Law code converts them for compute-based
    rules: ``M = 6 (4h + 3 ffnh + 2 seq_len) numl h`` (= 6N + 12 numl h seq_len;
    step-law/steplaw ``fit_tool.py``)."""
    return 6.0 * (4 * h + 3 * ffnh + 2 * seq_len) * numl * h


def moe_flops_per_token(Na, h, numl, seq_len=SEQ_LEN):
    """FLOPs per token of an MoE run in the same convention as :func:`flops_per_token`
    with activated parameters: ``M = 6 Na + 12 numl h seq_len``. It equals the ``M``
    column of the released ``moe_lr_bs_loss.csv`` in every row."""
    return 6.0 * Na + 12.0 * numl * h * seq_len


CONFIRMED = "confirmed"

#: Earlier rules the paper compares against (its Table 1), with what each assumes. Each
#: takes ``N`` [parameters], ``D`` [tokens], ``C`` [FLOPs, C = M D] and ``loss``
#: [nats/token] and returns (learning rate, batch [tokens]); NaN where it says nothing.
#: ``status`` is :data:`CONFIRMED` when the constants were checked against the primary
#: source, otherwise a sentence saying what is unconfirmed.
OTHER_RULES = {
    "DeepSeek LLM 2024": {
        "rule": lambda N, D, C, loss: (0.3118 * C ** -0.1250, 0.2920 * C ** 0.3271),
        "assumes": "C = M D with M non-embedding FLOPs/token (here Step Law's conversion); "
                   "fitted on 1e17-2e19 FLOPs; near-optimal = within 0.25%",
        "source": "DeepSeek LLM (2024), Eq. (1)",
        "status": CONFIRMED,
    },
    "Kaplan et al. 2020": {
        "rule": lambda N, D, C, loss: (0.003239 - 0.0001395 * np.log(N),
                                       2e8 / loss ** (1 / 0.21)),
        "assumes": "LR for Adam with their schedule, breaks down for N > 1e10 (App. D.6); "
                   "batch = critical batch size B_crit(L) at this loss (Eq. 1.4), WebText2 "
                   "loss",
        "source": "Kaplan et al. 2020, App. D.6 and Eq. (1.4)",
        "status": CONFIRMED,
    },
    "MiniCPM 2024": {
        "rule": lambda N, D, C, loss: (np.nan, 1.21e9 / loss ** 6.24),
        "assumes": "muP (learning rate about 0.01, not a function of scale); L is C4 loss",
        "source": "MiniCPM (2024), §3.2",
        "status": CONFIRMED,
    },
    "Bjorck et al. 2024 (Microsoft)": {
        "rule": lambda N, D, C, loss: (1.3192e-5 * N ** -0.23 * D ** -0.32, np.nan),
        "assumes": "the optimal LR falls with the token horizon D ('longer training "
                   "necessitates smaller LR', abstract), i.e. a negative D exponent, opposite "
                   "to Step Law's; the form C N^-alpha D^-beta is from secondary summaries; "
                   "no batch rule",
        "source": "Bjorck et al. 2024, arXiv:2409.19913, as transcribed in secondary notes",
        "status": "unconfirmed: constants from secondary notes, not checked against the "
                  "paper; taken literally they give LRs below 1e-9, so the prefactor or its "
                  "units are likely mistranscribed",
    },
    "Porian et al. 2024": {
        "rule": lambda N, D, C, loss: (3.7 * N ** -0.36, 0.7576 * N ** 0.703),
        "assumes": "power laws in N alone, fitted by log-log least squares to interpolated "
                   "optima of 2.5e7 < N < 1.1e8 with N counting embedding parameters "
                   "(authors' code: analysis.py, data.py); AdamW with tuned beta2; batch "
                   "here in tokens (their code counts sequences of 2,048)",
        "source": "Porian et al. 2024, arXiv:2406.19146, repository "
                  "formll/resolving-scaling-law-discrepancies",
        "status": "unconfirmed: the form and fitting range are confirmed from the authors' "
                  "code, the constants 3.7, -0.36, 0.7576, 0.703 are from secondary notes",
    },
}

#: Relative error of each rule's optimum against the grid-search global minimum on the
#: Step Law paper's test set (its Table 1) [per mille], with what it rests on.
TABLE1_RELATIVE_ERROR = {
    "Kaplan et al. 2020": (9.51, "Step Law arXiv v1 HTML, Table 1 (OpenAI Law row)"),
    "Step Law (this paper)": (0.94, "Step Law abstract (arXiv v7): 0.094% from the global "
                                    "optimum on the test set"),
    "Bjorck et al. 2024 (Microsoft)": (9.25, "unconfirmed: secondary notes of Table 1"),
    "DeepSeek LLM 2024": (9.26, "unconfirmed: secondary notes of Table 1"),
    "Porian et al. 2024": (3.71, "unconfirmed: secondary notes of Table 1"),
}


def compare_rules(N_params: float, D_tokens: float, C_flops: float, loss: float,
                  lr_params: dict | None = None, batch_params: dict | None = None) -> pd.DataFrame:
    """The Step Law's advice beside the earlier rules, for one (N, D) setting.

    Returns
    -------
    DataFrame
        ``rule, lr, batch`` [tokens], ``status``, ``Table 1 error [‰]`` (NaN where the
        Table 1 value is unconfirmed), ``assumes``, ``source``.
    """
    rows = [{"rule": "Step Law (this paper)", "lr": float(lr(lr_params, N=N_params, D=D_tokens)),
             "batch": float(batch(batch_params, D=D_tokens)), "status": CONFIRMED,
             "assumes": "peak AdamW LR, final LR 1e-5; batch in tokens; N non-embedding",
             "source": REPO}]
    for name, r in OTHER_RULES.items():
        with np.errstate(all="ignore"):
            eta, b = r["rule"](N_params, D_tokens, C_flops, loss)
        rows.append({"rule": name, "lr": float(eta), "batch": float(b), "status": r["status"],
                     "assumes": r["assumes"], "source": r["source"]})
    out = pd.DataFrame(rows)
    confirmed = {k: v for k, (v, where) in TABLE1_RELATIVE_ERROR.items()
                 if not where.startswith("unconfirmed")}
    out.insert(4, "Table 1 error [‰]", out["rule"].map(confirmed).astype(float))
    return out


BIBTEX = """@article{li2025predictable,
  title   = {Predictable Scale: Part I -- Optimal Hyperparameter Scaling Law in Large
             Language Model Pretraining},
  author  = {Li, Houyi and Zheng, Wenzhen and Hu, Jingcheng and Wang, Qiufeng and Zhang, Hanshan
             and Wang, Zili and Xuyang, Shijie and Fan, Yuantao and Zhou, Shuigeng
             and Zhang, Xiangyu and Jiang, Daxin},
  journal = {arXiv preprint arXiv:2503.04715},
  year    = {2025}
}"""

PAPER = Paper(
    key="li2025_steplaw",
    topic="Hyperparameters and model shape",
    short="Li 2025 · Step Law",
    title="Predictable Scale: Part I — Optimal Hyperparameter Scaling Law in LLM Pretraining",
    authors="Li, Zheng, Hu, et al.",
    year=2025,
    arxiv="2503.04715",
    bibtex=BIBTEX,
    summary=("From 3,700 pretraining runs, the optimal peak learning rate follows "
             "1.79 N^-0.713 D^0.307 and the optimal batch size 0.58 D^0.571 tokens. At fixed "
             "N and D the loss over (learning rate, batch size) is convex with a broad plateau "
             "of near-optimal settings, so the advice only has to land on the plateau."),
    assumptions=[
        "N counts non-embedding parameters; D is training tokens; B is in tokens "
        "(divide by the sequence length, 2,048 in the released runs, for sequences).",
        "eta is AdamW's peak learning rate with warmup and decay to a final LR of 1e-5.",
        "Near-optimal means within 0.25% of the cell's lowest smoothed final training loss "
        "(the released fitting code).",
        "The released 1,911 dense runs are a subset: refitting them does not give the "
        "published exponents exactly (upstream issue step-law/steplaw#10).",
        "The released MoE runs (four sparsity settings, total N about 2.15e9) are shown as "
        "landscapes; whether the paper's N for MoE models is total or activated "
        "parameters is not confirmed here, so the page lets you choose.",
    ],
    laws=[lr, batch],
    page_features=["optimal learning rate and batch size", "LR x batch-size heat map per "
                   "(N, D) cell with the 0.25% plateau", "band of the 1,000 published "
                   "bootstrap fits", "where the advice lands on the plateau",
                   "MoE landscapes per sparsity setting", "earlier LR and batch rules side "
                   "by side, with their assumptions"],
)
