"""Public scaling-law datasets, loaded the way seaborn and scikit-learn load theirs.

The project never ships copies of the papers' data. :func:`load` finds a file in
this order and returns a :class:`pandas.DataFrame`:

1. a local folder laid out like the project's ``shared/data`` (the ``data_home``
   argument, then the ``LAWS_DATA_DIR`` environment variable);
2. the per-user cache (the ``cache_dir`` argument, else ``LAWS_CACHE_DIR``, else
   ``~/.cache/scaling-law-explorer``), laid out the same way;
3. when ``download=True``, the upstream repository: one HTTPS request for the raw
   file at the pinned commit (``https://raw.githubusercontent.com/<owner>/<repo>/
   <commit>/<path>``; the base URL can be overridden with ``base_url=`` or
   ``LAWS_DATA_URL``), checked against a SHA-256 recorded here and written to the
   cache atomically, so the next call reads the cache.

Files that are *derived* (flattened from upstream JSON, pickles or notebook
literals) have no upstream URL of their own. They are registered with
``local_only=True`` and load only from a local folder or the cache; the error
message says where the file is expected and how it was made.

Every failure to obtain a file raises :class:`DatasetUnavailable` with a sentence
a person can act on. This module imports no Streamlit.

Examples
--------
>>> from laws import datasets
>>> df = datasets.load("chinchilla")                    # doctest: +SKIP
>>> df.attrs["dataset"].provenance()                    # doctest: +SKIP
>>> datasets.where("chinchilla").kind                   # doctest: +SKIP
'local'
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import http.client
import io
import os
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

__all__ = [
    "DEFAULT_BASE_URL",
    "DOWNLOAD_TIMEOUT",
    "MAX_DOWNLOAD_BYTES",
    "Dataset",
    "DatasetUnavailable",
    "DatasetWarning",
    "Source",
    "cache_dir",
    "info",
    "load",
    "load_with_info",
    "names",
    "where",
]

#: Environment variable naming a local folder laid out like ``shared/data``.
ENV_DATA_DIR = "LAWS_DATA_DIR"
#: Environment variable naming the per-user download cache.
ENV_CACHE_DIR = "LAWS_CACHE_DIR"
#: Environment variable overriding the base URL of downloads.
ENV_DATA_URL = "LAWS_DATA_URL"

#: Base of raw-file URLs; a file's URL is ``<base>/<owner>/<repo>/<commit>/<path>``.
DEFAULT_BASE_URL = "https://raw.githubusercontent.com"
#: Default cache folder when neither ``cache_dir=`` nor ``LAWS_CACHE_DIR`` is given.
DEFAULT_CACHE_DIR = Path("~/.cache/scaling-law-explorer")
#: Timeout of each network operation (connect, each read) [s].
DOWNLOAD_TIMEOUT = 30.0
#: Wall-clock limit for one whole download [s].
DOWNLOAD_DEADLINE = 300.0
#: Largest file a download may return [bytes]; every registered file is < 0.5 MB.
MAX_DOWNLOAD_BYTES = 16 * 2**20

_USER_AGENT = "scaling-law-explorer (laws.datasets; Python urllib)"


class DatasetUnavailable(RuntimeError):
    """A dataset could not be obtained locally, from the cache or by download.

    The message says what was tried and what to do next (set ``LAWS_DATA_DIR``,
    go online, check the base URL, delete a bad cached copy ...).
    """


class DatasetWarning(UserWarning):
    """A file was loaded but differs from what the registry records
    (checksum, row count or columns)."""


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Metadata of one public dataset: where it came from, its licence and units.

    Every field is taken from the folder ``README.txt`` of the project's
    ``shared/data`` copy; an empty string means the README does not state it.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"chinchilla"``.
    title : str
        One-line description for a page header.
    paper : str
        Citation string (authors, year, title, venue / arXiv id).
    paper_key : str
        Key of the paper module in ``laws.papers`` (``authorYEAR``), e.g.
        ``"hoffmann2022"``.
    upstream_repo : str
        GitHub repository ``owner/name`` the data comes from.
    commit : str
        Pinned upstream commit (40 hex digits).
    upstream_path : str
        Path of the file inside the upstream repository; for derived files,
        the upstream file(s) it was derived from.
    local_path : str
        Path relative to the data folder (and to the cache), e.g.
        ``"chinchilla/df.csv"``.
    licence : str
        Licence and attribution terms as stated in the README.
    sha256 : str
        SHA-256 [hex] of the verbatim upstream file; empty for derived files.
    columns : dict of str to str
        Column name -> ``"meaning [unit]"``. For very wide files only the
        columns the README describes are listed; ``n_columns`` is the full count.
    rows : int
        Expected number of data rows (header excluded).
    caveats : tuple of str
        Sentences a user should read before fitting.
    local_only : bool
        True for derived files that cannot be downloaded as such.
    n_columns : int
        Expected number of columns of the file.
    file_format : str
        ``"csv"`` or ``"jsonl"`` (JSON lines).
    derivation : str
        For derived files, how the file was made from the upstream files.
    """

    name: str
    title: str
    paper: str
    paper_key: str
    upstream_repo: str
    commit: str
    upstream_path: str
    local_path: str
    licence: str
    sha256: str = ""
    columns: Mapping[str, str] = field(default_factory=dict, hash=False)
    rows: int = 0
    caveats: tuple[str, ...] = ()
    local_only: bool = False
    n_columns: int = 0
    file_format: str = "csv"
    derivation: str = ""

    def __post_init__(self) -> None:
        if not self.n_columns:
            object.__setattr__(self, "n_columns", len(self.columns))

    # -- links --------------------------------------------------------------

    def url(self, base: str | None = None) -> str:
        """Raw-file URL to download the verbatim upstream file from.

        Parameters
        ----------
        base : str, optional
            Base URL; default ``LAWS_DATA_URL`` if set, else
            :data:`DEFAULT_BASE_URL` (``https://raw.githubusercontent.com``).

        Returns
        -------
        str
            ``<base>/<owner>/<repo>/<commit>/<upstream_path>``.

        Raises
        ------
        DatasetUnavailable
            For ``local_only`` (derived) datasets, which have no such URL.
        """
        if self.local_only:
            raise DatasetUnavailable(_local_only_message(self, searched=()))
        base = _base_url(base)
        path = urllib.parse.quote(self.upstream_path, safe="/+")
        return f"{base}/{self.upstream_repo}/{self.commit}/{path}"

    @property
    def web_url(self) -> str:
        """Human-readable GitHub page of the upstream file (or folder) at the pinned commit."""
        root = f"https://github.com/{self.upstream_repo}"
        if not self.commit:
            return root
        if self.local_only or "*" in self.upstream_path or ";" in self.upstream_path:
            return f"{root}/tree/{self.commit}"
        return f"{root}/blob/{self.commit}/{self.upstream_path}"

    @property
    def readme_path(self) -> str:
        """Path of the folder README (relative to the data folder) that documents this file."""
        return self.local_path.split("/", 1)[0] + "/README.txt"

    # -- text for the app ---------------------------------------------------

    def provenance(self) -> str:
        """One paragraph saying where the data came from, for display next to a chart.

        Returns
        -------
        str
            Title, citation, upstream repository / commit / path, whether the
            file is a verbatim copy or derived, licence and row count.
        """
        short = self.commit[:12] if self.commit else "an unrecorded commit"
        if self.local_only:
            how = (
                f"It is a derived file, not an upstream file: {self.derivation}. Upstream "
                f"source: {self.upstream_path} in the GitHub repository {self.upstream_repo} "
                f"at commit {short} ({self.web_url})."
            )
        else:
            how = (
                f"It is a verbatim copy of {self.upstream_path} in the GitHub repository "
                f"{self.upstream_repo} at commit {short} ({self.web_url})."
            )
        return (
            f"{self.title}. Source: {self.paper}. {how} "
            f"Licence: {self.licence.rstrip('.')}. "
            f"{self.rows:,} rows x {self.n_columns or len(self.columns)} columns; "
            f"units are given per column, and the caveats listed with the dataset "
            f"apply (documented in {self.readme_path})."
        )


@dataclass(frozen=True)
class Source:
    """Where :func:`load` found (or would find) a dataset.

    Attributes
    ----------
    kind : str
        ``"local"`` (data folder), ``"cache"``, ``"download"`` (fetched from
        ``url``) or ``"unavailable"``.
    path : pathlib.Path or None
        File that was (or would be) read; for ``"download"`` the cache file
        written (None if the cache was not writable).
    url : str or None
        URL downloaded from (or that would be downloaded from).
    detail : str
        A sentence describing the above.
    """

    kind: str
    path: Path | None
    url: str | None
    detail: str

    def __str__(self) -> str:
        return self.detail


# --------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------

_REGISTRY: dict[str, Dataset] = {}


def _register(ds: Dataset) -> None:
    if ds.name in _REGISTRY:
        raise ValueError(f"dataset {ds.name!r} registered twice")
    _REGISTRY[ds.name] = ds


# ---- chinchilla ------------------------------------------------------------

_register(Dataset(
    name="chinchilla",
    title="Chinchilla training runs (C, N, D, loss), 234 points digitised from Hoffmann et al. 2022 Fig. 4",
    paper=(
        'Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", '
        "arXiv:2203.15556; points digitised by Besiroglu, Erdil, Barnett, You 2024, "
        '"Chinchilla Scaling: A replication attempt", arXiv:2404.10102'
    ),
    paper_key="hoffmann2022",
    upstream_repo="kyo-takano/chinchilla",
    commit="75e5858f6e7c5b60d1fab69f66258132347b060c",
    upstream_path="examples/llm/df.csv",
    local_path="chinchilla/df.csv",
    licence=(
        "Apache-2.0 (upstream LICENSE file of the chinchilla package; its pyproject "
        "classifier says MIT, inconsistent upstream). The digitised points come from "
        "Epoch AI's repository epoch-research/analyzing-chinchilla, which states no "
        "licence: cite Hoffmann et al. 2022 and Besiroglu et al. 2024 when showing them"
    ),
    sha256="2ed2c412c6b408cb26896b92c0721fe9afa6515726b0db78c33db37cbf2816f9",
    columns={
        "C": "training compute; C == 6 N D in every row [FLOPs]",
        "N": "model parameters [count]",
        "D": "training tokens [tokens]",
        "loss": "final training loss on MassiveText as read off Chinchilla Fig. 4 [nats/token]",
    },
    rows=234,
    caveats=(
        "Digitised from a figure: loss values carry read-off error; N and C are as digitised.",
        "This is a filtered subset (C > 1e18 and N < D) of Epoch AI's 245 digitised points: "
        "a fit here does not equal a fit on the full 245 points.",
        "Loss is the paper's final training loss on MassiveText, not a held-out loss.",
    ),
))

# ---- steplaw ---------------------------------------------------------------

_STEPLAW = dict(
    paper=(
        'Li et al. 2025, "Predictable Scale: Part I -- Optimal Hyperparameter Scaling '
        'Law in LLM Pretraining", arXiv:2503.04715'
    ),
    paper_key="li2025_steplaw",
    upstream_repo="step-law/steplaw",
    commit="32a8f4cc50247695fb56cc6c9117abdf67c97763",
    licence=(
        "No licence stated upstream (no LICENSE file): factual measurements, "
        "redistribute only with attribution to Li et al. 2025 and the upstream repo"
    ),
)
_STEPLAW_GRID_CAVEATS = (
    "These CSVs are not the full fitting set (the paper trained about 3,700 models); "
    "a plain OLS refit on them does not reproduce the published Step Law exponents "
    "(see upstream issue step-law/steplaw#10). Present the grids as landscape data.",
    "The (N, D) grid is sparse: not every LR x batch-size pair exists in every cell.",
    '"smooth loss", not "loss", is the quantity the paper\'s optimum and plateau refer to.',
)

_register(Dataset(
    name="steplaw_dense",
    title="Step Law dense runs: final loss over learning-rate x batch-size grids for 17 (N, D) cells",
    upstream_path="data/dense_lr_bs_loss.csv",
    local_path="steplaw/dense_lr_bs_loss.csv",
    sha256="9e46181076c04d450294d75dfe6f72adc416e231e154a07b337e378f9410002c",
    columns={
        "h": "model width d_model [count]",
        "ffnh": "FFN hidden size [count]",
        "numh": "attention heads [count]",
        "numl": "layers [count]",
        "lr": "peak AdamW learning rate; final LR fixed at 1e-5 [dimensionless]",
        "bs": "batch size; multiply by 2048 for the paper's B in tokens [sequences of 2048 tokens]",
        "ti": "total iterations [steps]",
        "loss": "raw final training loss [nats/token]",
        "smooth loss": "smoothed final training loss, the upstream fitting target [nats/token]",
        "exp_name": "run name encoding all of the above [text]",
        "D": "training tokens, bs * ti * 2048 [tokens]",
        "N": "non-embedding parameters, numl * (4 h^2 + 3 h ffnh) [count]",
        "D/N": "tokens per non-embedding parameter [tokens/parameter]",
    },
    rows=1911,
    caveats=_STEPLAW_GRID_CAVEATS,
    **_STEPLAW,
))

_register(Dataset(
    name="steplaw_moe",
    title="Step Law mixture-of-experts runs: final loss over learning-rate x batch-size grids, four sparsity settings",
    upstream_path="data/moe_lr_bs_loss.csv",
    local_path="steplaw/moe_lr_bs_loss.csv",
    sha256="653d585244a7b227423007e8b796bc16d76f6d24eb87b1919b8f048a91897b92",
    columns={
        "seq_len": "sequence length, 2048 in all rows [tokens]",
        "topk": "experts active per token [count]",
        "nume": "number of experts [count]",
        "moeh": "expert hidden size [count]",
        "sed": "topk * moeh [count]",
        "h": "model width d_model [count]",
        "ffnh": "FFN hidden size [count]",
        "numh": "attention heads [count]",
        "numl": "layers [count]",
        "lr": "peak AdamW learning rate [dimensionless]",
        "bs": "batch size [sequences of 2048 tokens]",
        "ti": "total iterations [steps]",
        "loss": "raw final training loss [nats/token]",
        "smooth loss": "smoothed final training loss, the upstream fitting target [nats/token]",
        "average_iter_time": "as logged upstream; not described in the README [unit not stated]",
        "target_iter": "as logged upstream; not described in the README [unit not stated]",
        "final_iter": "as logged upstream; not described in the README [unit not stated]",
        "exp_name": "run name [text]",
        "moe_layer_enum_type": "as logged upstream; not described in the README [text]",
        "mfa_version": "as logged upstream; not described in the README [text]",
        "numld": "dense layers [count]",
        "Nattn": "as logged upstream; not described in the README [unit not stated]",
        "N": "total parameters (about 2.15e9) [count]",
        "Na": "activated parameters (1.9e8 .. 1.24e9) [count]",
        "M": "FLOPs-per-token-type quantity, as logged upstream [unit not stated]",
        "kvcache": "as logged upstream; not described in the README [unit not stated]",
        "D": "training tokens, one of 2e9, 4e9, 8e9, 2e10 [tokens]",
        "D/N": "tokens per total parameter [tokens/parameter]",
        "total_time": "as logged upstream; not described in the README [unit not stated]",
        "Na/N": "activated over total parameters [dimensionless]",
        "moe_name": "sparsity setting: 1in89 | 2in88 | 1in8 | 3in8 [text]",
    },
    rows=708,
    caveats=_STEPLAW_GRID_CAVEATS + (
        "Here N is TOTAL parameters and Na the activated ones, whereas the dense file's N "
        "is non-embedding parameters: do not mix them in one fit without choosing a convention.",
    ),
    **_STEPLAW,
))

_register(Dataset(
    name="steplaw_bootstrap",
    title="Step Law: 1,000 bootstrap fits of the optimal learning-rate and batch-size laws",
    upstream_path="data/1004_fitted_lr_bs_scaling_model_parameters.csv",
    local_path="steplaw/1004_fitted_lr_bs_scaling_model_parameters.csv",
    sha256="2252afbba5530e6ba6167e8101bd2b9082a018a58cb5922cc8672891a7f4336c",
    columns={
        "lr_intercept": "natural log of the LR-law prefactor; lr = exp(lr_intercept) N^lr_coefN D^lr_coefD [ln of dimensionless]",
        "lr_coefN": "exponent of N (non-embedding parameters) in the LR law [dimensionless]",
        "lr_coefD": "exponent of D (training tokens) in the LR law [dimensionless]",
        "bs_intercept": "natural log of the batch-size-law prefactor; bs = exp(bs_intercept) D^bs_coefD [ln of tokens]",
        "bs_coefD": "exponent of D in the batch-size law, batch size in tokens [dimensionless]",
    },
    rows=1000,
    caveats=(
        "Means over the 1,000 rows give the published Step Law constants "
        "(eta_opt = 1.79 N^-0.713 D^0.307, B_opt = 0.58 D^0.571): use this file as the "
        "published fit, not a refit of the grids.",
        "B is in tokens and N is non-embedding parameters.",
    ),
    **_STEPLAW,
))

# ---- Gadre et al. 2024 (mlfoundations/scaling) -----------------------------

_GADRE = dict(
    paper=(
        'Gadre et al. 2024, "Language models scale reliably with over-training and on '
        'downstream tasks", arXiv:2403.08540'
    ),
    paper_key="gadre2024",
    upstream_repo="mlfoundations/scaling",
    commit="a003c4913793ac2ae7ef87b28ecb562955d026d5",
)
_GADRE_SPLITS = (
    "openlm", "c4_val", "paloma_c4_en", "paloma_dolma_100_programing_languages",
    "paloma_falcon-refinedweb", "paloma_ptb", "paloma_redpajama", "val_de-en_100",
)
_GADRE_CAVEATS = (
    "M in the JSONs is nominal (20 x multiplier), but D/N equals it exactly.",
    "C = 6ND uses TOTAL parameters (embeddings included).",
)

_gadre_runs_columns = {
    "name": "run name <dataset>-<model>-<multiplier> [text]",
    "dataset": "training set: c4_original | rpj | rw_original [text]",
    "model": "open_lm model configuration, e.g. d=1024_l=24_h=8 [text]",
    "N": "parameters including embeddings [count]",
    "N_no_embed": "parameters without embeddings [count]",
    "D": "training tokens [tokens]",
    "cc_mult": "chinchilla_multiplier = D / (20 N) [dimensionless]",
    "M": "token multiplier, 20 * cc_mult = D / N [tokens/parameter]",
    "C_6ND": "training compute 6 N D with total parameters [FLOPs]",
}
_gadre_runs_columns.update(
    {f"loss_{s}": f"validation loss on the {s} split [nats/token]" for s in _GADRE_SPLITS}
)
_gadre_runs_columns.update({
    "err_avg46": "mean of (1 - accuracy) over the 46 tasks of the upstream FRIENDLY_CITATIONS [fraction, 0-1]",
    "err_avg17": "mean of (1 - accuracy) over the paper's 17-task subset [fraction, 0-1]",
})

_register(Dataset(
    name="gadre2024",
    title="Over-training runs of Gadre et al. 2024: one row per run (N, D, M, C, 8 validation losses, downstream error)",
    upstream_path="exp_data/models/*.json; exp_data/evals/*_heavy.json",
    local_path="scaling-mlfoundations/gadre2024_runs.csv",
    licence=(
        'MIT (upstream LICENSE, "Copyright (c) 2024 mlfoundations"); the derived CSV is '
        "flattened from the MIT-licensed JSON files and carries the same licence"
    ),
    columns=_gadre_runs_columns,
    rows=104,
    caveats=_GADRE_CAVEATS + (
        "The loss law fitted upstream uses 5 runs (four small models at M = 20 plus the "
        "11M model at M = 320); the 1.4B (M = 640) and 6.9B (M = 20) runs are the "
        "extrapolation targets.",
    ),
    local_only=True,
    derivation=(
        "one row per run, flattened from the 104 upstream model JSON files (exp_data/models) "
        "and the 104 evaluation JSON files (exp_data/evals/*_heavy.json), values unchanged; "
        "err_avg46 / err_avg17 average (1 - accuracy) over the upstream task lists"
    ),
    **_GADRE,
))

_register(Dataset(
    name="gadre2024_losses_long",
    title="Over-training runs of Gadre et al. 2024 in long form: 104 runs x 8 validation sets",
    upstream_path="exp_data/models/*.json",
    local_path="scaling-mlfoundations/gadre_overtraining_losses_long.csv",
    licence=(
        'MIT (upstream LICENSE, "Copyright (c) 2024 mlfoundations"); the derived CSV is '
        "flattened from the MIT-licensed JSON files and carries the same licence"
    ),
    columns={
        "name": "run name [text]",
        "dataset": "training set: c4_original | rpj | rw_original [text]",
        "model": "open_lm model configuration [text]",
        "N_params": "parameters including embeddings [count]",
        "N_params_no_embed": "parameters without embeddings [count]",
        "D_tokens": "training tokens [tokens]",
        "chinchilla_multiplier": "D / (20 N) [dimensionless]",
        "tokens_per_param": "the paper's M = D / N [tokens/parameter]",
        "flops_6ND": "6 N D with total parameters [FLOPs]",
        "lr": "learning rate [dimensionless]",
        "wd": "weight decay [dimensionless]",
        "warmup": "warmup length, as in the upstream hyperparameters [unit not stated in the README]",
        "global_bs": "global batch size, as in the upstream hyperparameters [unit not stated in the README]",
        "val_set": "validation set the loss is measured on (one of the 8 splits) [text]",
        "loss": "validation loss [nats/token]",
        "loss_lower_95": "lower end of the 95% interval saved upstream [nats/token]",
        "loss_upper_95": "upper end of the 95% interval saved upstream [nats/token]",
    },
    rows=832,
    caveats=_GADRE_CAVEATS,
    local_only=True,
    derivation=(
        "one row per (run, validation set), parsed from the 104 upstream model JSON files "
        "following upstream scaling/shared.py parse_model_json, values unchanged"
    ),
    **_GADRE,
))

_register(Dataset(
    name="gadre2024_eval_metadata",
    title="Downstream evaluation tasks of Gadre et al. 2024: category, type, shots, size, random baseline",
    upstream_path="exp_data/eval_metadata.csv",
    local_path="scaling-mlfoundations/eval_metadata.csv",
    licence='MIT (upstream LICENSE, "Copyright (c) 2024 mlfoundations")',
    sha256="8cd5243244a6890c8cec31cf7752901131f1da479b3c4920e37eb65ad608089c",
    columns={
        "Eval Task": "task key as used in the evaluation JSON files [text]",
        "Task Category": "task category, e.g. world knowledge [text]",
        "Task Type": "task type, e.g. multiple choice [text]",
        "#shots": "in-context examples [count]",
        "#datapoints": "evaluation examples [count]",
        "Random baseline": "score of random guessing as given upstream, e.g. 25 for four-choice MMLU [percent, inferred; the README states no unit]",
        "Centered Metric?": "flag as given upstream [text]",
        "Description": "task description [text]",
    },
    rows=51,
    caveats=(
        "The folder README says 52 rows; the file holds 51 data rows and ends with a "
        "blank line, which CSV readers skip.",
    ),
    **_GADRE,
))

# ---- datablations ----------------------------------------------------------

_DATABLATIONS = dict(
    paper=(
        'Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", '
        "NeurIPS 2023, arXiv:2305.16264"
    ),
    paper_key="muennighoff2023",
    upstream_repo="huggingface/datablations",
    commit="13701315b163f1c54642b94ad237b2699187c3ee",
    licence="Apache-2.0 (upstream repo)",
    local_only=True,
)
_DATABLATIONS_CAVEATS = (
    "The C4 isoFLOP CSVs used upstream to obtain the fixed C4 coefficients are not "
    "included; they are on the Hugging Face Hub (datasets/datablations, "
    "scripts/chinchilladata/*.csv).",
    "Upstream issue huggingface/datablations#9: absolute loss values are not expected "
    "to match the paper's figures exactly.",
)

_register(Dataset(
    name="datablations",
    title="Data-constrained runs of Muennighoff et al. 2023: N, tokens seen, unique tokens, validation loss",
    upstream_path="utils/parametric_fit.ipynb (cell 1)",
    local_path="datablations/datablations_val_losses.csv",
    columns={
        "run_name": "upstream run key, e.g. 2b84b4b = 2.8B params, 4B unique tokens, 4B tokens seen [text]",
        "parsed_name": "run name after the notebook's normalisation (differs for multi-seed runs) [text]",
        "N_params": "parameters [count]",
        "D_tokens": "total training tokens seen, repeats included [tokens]",
        "U_unique_tokens": "unique tokens in the data budget [tokens]",
        "val_loss": "final validation loss; 0 = missing upstream [nats/token]",
        "used_in_fit": "1 when val_loss != 0 and the run is not a *dedup run (296 rows) [flag]",
    },
    rows=317,
    caveats=(
        "val_loss == 0 rows are placeholders, not losses: filter them (used_in_fit does).",
    ) + _DATABLATIONS_CAVEATS,
    derivation=(
        "the run-loss dict literal of notebook cell 1 parsed as a literal (no notebook code "
        "run) and the run names decoded following the notebook's own run-name parser"
    ),
    **_DATABLATIONS,
))

_register(Dataset(
    name="datablations_default_fit",
    title="Data-constrained runs of Muennighoff et al. 2023: the 182-run 'outliers removed' set of the default fit",
    upstream_path="utils/parametric_fit.ipynb (cell 25)",
    local_path="datablations/datablations_default_fit_subset.csv",
    columns={
        "run_name": "upstream run key [text]",
        "N_params": "parameters [count]",
        "D_tokens": "total training tokens seen, repeats included [tokens]",
        "U_unique_tokens": "unique tokens in the data budget [tokens]",
        "val_loss": "final validation loss [nats/token]",
    },
    rows=182,
    caveats=(
        "With the C4 Chinchilla-form coefficients held fixed, the upstream fit on these "
        "182 runs gives R_D* = 15.387756 and R_N* = 5.309743 (paper: 15.4 and 5.3).",
    ) + _DATABLATIONS_CAVEATS,
    derivation=(
        "the curated run-loss dict literal of notebook cell 25 parsed as a literal (no "
        "notebook code run) and the run names decoded following the notebook's own parser"
    ),
    **_DATABLATIONS,
))

# ---- Porian et al. 2024 ----------------------------------------------------

_PORIAN = dict(
    paper=(
        "Porian, Wortsman, Jitsev, Schmidt, Carmon 2024, \"Resolving Discrepancies in "
        'Compute-Optimal Scaling of Language Models", NeurIPS 2024, arXiv:2406.19146'
    ),
    paper_key="porian2024",
    upstream_repo="formll/resolving-scaling-law-discrepancies",
    commit="0dc60d91b8a525858a3067fc9e4a46ff5374cc6f",
    upstream_path=(
        "data/summary_df.pickle.xz; data/summary_df_owt2.pickle.xz; "
        "data/summary_df_att.pickle.xz; data/summary_df_kaplan_tuned_hparams.pickle.xz"
    ),
    licence=(
        'MIT-style text in the upstream LICENSE file (its header reads "Copyright (c) '
        '2012-2024 Scott Chacon and others"); attribute Porian et al. 2024'
    ),
    local_only=True,
    derivation=(
        "flattened from the upstream pickled pandas DataFrames without changing values; "
        "this module does not rebuild it, because unpickling downloaded files can run "
        "arbitrary code"
    ),
)
_PORIAN_CONFIG = {
    "dataset": "training data: rw (RefinedWeb) | owt2 (OpenWebText2) [text]",
    "hparams": "base | tuned (tuned AdamW beta2 / LR / batch size) [text]",
    "warmup": "long | short [text]",
    "decay": "kaplan | chinchilla (cosine matched to budget) | const [text]",
    "param_count": (
        "kaplan (non-embedding) | standard (all params incl. last layer FLOPs) | "
        "attention (also counts attention FLOPs) [text]"
    ),
    "val": "which loss: train | val [text]",
    "source_file": "upstream pickle the row came from [text]",
}
_PORIAN_CAVEATS = (
    "n and flops follow the row's param_count convention; do not mix conventions in one fit.",
)
_porian_exponent_columns = dict(_PORIAN_CONFIG)
for _variant in ("basic", "weighted", "bs_median", "bs_median_weighted"):
    for _q, _what in (("n", "n* ~ C^a (optimal parameters)"),
                      ("t", "t* ~ C^b (optimal tokens)"),
                      ("multiplier", "t*/n* ~ C^c (optimal tokens per parameter)")):
        _porian_exponent_columns[f"{_variant}.{_q}_exponent"] = (
            f"exponent of the power-law fit {_what}, {_variant} fit [dimensionless]"
        )
        _porian_exponent_columns[f"{_variant}.{_q}_coef"] = (
            f"prefactor of the power-law fit {_what}, {_variant} fit [as saved upstream]"
        )
        _porian_exponent_columns[f"{_variant}.{_q}_r2"] = (
            f"R^2 of the power-law fit {_what}, {_variant} fit [dimensionless]"
        )
    for _p in ("A", "E", "alpha"):
        _porian_exponent_columns[f"{_variant}.{_p}"] = (
            f"{_p} of the fit of loss* against compute, {_variant} fit; form not stated in "
            "the README [as saved upstream]"
        )

_register(Dataset(
    name="porian_isoflop_points",
    title="IsoFLOP curves of Porian et al. 2024 for 15 training configurations",
    local_path="resolving-scaling-law-discrepancies/porian_isoflop_points.csv",
    columns=dict(_PORIAN_CONFIG, **{
        "flops": "compute budget, counted per param_count; 1.25e16 .. 2.56e19 in x2 steps [FLOPs]",
        "n": "model parameters, counted per param_count [count]",
        "t": "training tokens [tokens]",
        "loss": "loss (train or val per the val column) [nats/token]",
    }),
    rows=1745,
    caveats=(
        "Some isoFLOP points have very high loss (max about 10.1): unstable or diverged "
        "runs. Drop or down-weight them before fitting valleys.",
    ) + _PORIAN_CAVEATS,
    **_PORIAN,
))

_register(Dataset(
    name="porian_isoflop_optima",
    title="Per-budget compute-optimal points of Porian et al. 2024 (interpolated isoFLOP minima with bootstrap spread)",
    local_path="resolving-scaling-law-discrepancies/porian_isoflop_optima.csv",
    columns=dict(_PORIAN_CONFIG, **{
        "flops": "compute budget [FLOPs]",
        "n": "interpolated optimal parameters n* [count]",
        "t": "interpolated optimal tokens t* [tokens]",
        "multiplier": "t* / n* [tokens/parameter]",
        "loss": "loss at the optimum, loss* [nats/token]",
        "n_star_std": "bootstrap standard deviation of log n* [log units]",
        "t_star_std": "bootstrap standard deviation of log t* [log units]",
        "multiplier_star_std": "bootstrap standard deviation of log multiplier* [log units]",
        "loss_star_std": "bootstrap standard deviation of log loss* [log units]",
    }),
    rows=177,
    caveats=_PORIAN_CAVEATS,
    **_PORIAN,
))

_register(Dataset(
    name="porian_fitted_exponents",
    title="Fitted compute-optimal exponents of Porian et al. 2024, one row per configuration, four fit variants",
    local_path="resolving-scaling-law-discrepancies/porian_fitted_exponents.csv",
    columns=_porian_exponent_columns,
    rows=15,
    caveats=(
        "basic.n_exponent moves from Kaplan-like (0.834 rw / 0.870 owt2, "
        "base/long/kaplan/kaplan/train) to Chinchilla-like (0.497 / 0.518, "
        "tuned/short/const/standard/val) as each factor is corrected; these are the values "
        "saved upstream, to be matched against the paper's figure labels before pinning them.",
    ) + _PORIAN_CAVEATS,
    **_PORIAN,
))

# ---- Gemstones -------------------------------------------------------------

_GEMSTONES = dict(
    paper=(
        'McLeish et al. 2025, "Gemstones: A Model Suite for Multi-Faceted Scaling Laws", '
        "NeurIPS 2025, arXiv:2502.06857"
    ),
    paper_key="mcleish2025",
    upstream_repo="mcleish7/gemstone-scaling-laws",
    commit="5f420478f6057b0cbb4d13405fb10ca64675bccb",
    licence=(
        'MIT (upstream LICENSE, "Copyright (c) 2025 Sean McLeish, John Kirchenbauer, '
        "David Yu Miller, Siddharth Singh, Abhinav Bhatele, Micah Goldblum, Ashwinee "
        'Panda, Tom Goldstein")'
    ),
    file_format="jsonl",
)
_GEMSTONES_COLUMNS = {
    "run_name": "run name [text]",
    "params_active_precise": "model parameters N [count]",
    "width": "model width [count]",
    "depth": "layers [count]",
    "tokens": "tokens seen at the checkpoint, D [tokens]",
    "step": "training step of the checkpoint [steps]",
    "num_nodes": "compute nodes used [count]",
    "seconds_per_step": "wall-clock time per step [s]",
    "final_loss": "training loss at the checkpoint [nats/token]",
}

_register(Dataset(
    name="gemstones_hot",
    title="Gemstones loss checkpoints for 22 width x depth shapes, learning rate still high ('hot')",
    upstream_path="wandb_dfs/wandb_df_for_fitting_hot.jsonl",
    local_path="gemstone-scaling-laws/wandb_dfs/wandb_df_for_fitting_hot.jsonl",
    sha256="655467b59c99383403d6f73f5b7f23c02aea3f12935dc110382d8a8b43a0ff5d",
    columns=_GEMSTONES_COLUMNS,
    rows=220,
    caveats=(
        "final_loss is a training loss at each checkpoint with the LR still high ('hot'); "
        "hot and cooled-down checkpoints give different fits.",
    ),
    **_GEMSTONES,
))

_register(Dataset(
    name="gemstones_cool_end",
    title="Gemstones loss checkpoints at the end of learning-rate cooldowns (20 runs)",
    upstream_path="wandb_dfs/wandb_df_for_fitting_cool_end.jsonl",
    local_path="gemstone-scaling-laws/wandb_dfs/wandb_df_for_fitting_cool_end.jsonl",
    sha256="bdf01b6b21bafc414218124a6f9e195cee07f3d69ceacbfae2fcf069d34f4e61",
    columns=_GEMSTONES_COLUMNS,
    rows=199,
    caveats=(
        "final_loss is a training loss at the end of a learning-rate cooldown; hot and "
        "cooled checkpoints give different fits.",
    ),
    **_GEMSTONES,
))

# ---- ObsScaling ------------------------------------------------------------

_OBS = dict(
    paper=(
        'Ruan, Maddison, Hashimoto 2024, "Observational Scaling Laws and the '
        'Predictability of Language Model Performance", arXiv:2405.10938'
    ),
    paper_key="ruan2024",
    upstream_repo="ryoungj/ObsScaling",
    commit="4d6e1e43fd2635d04654aa77d1df9d5266ea0382",
    licence="Apache-2.0 (upstream repo)",
)
_OBS_CAVEATS = (
    "Observational data: public models with different data, tokenizers and recipes; "
    "no controlled sweeps, and compute is nominal 6ND from reported sizes.",
    "Rows without FLOPs cannot go on a compute axis; closed models have no size at all.",
)
_OBS_SIZE_COLUMNS = {
    "Model": "model (Hugging Face id or API name) [text]",
    "Model Family": "model family [text]",
    "Model Size (B)": "parameters [billions]",
    "Pretraining Data Size (T)": "pretraining tokens [trillions]",
    "FLOPs (1E21)": "training compute, about 6 N D [units of 1e21 FLOPs]",
}
_obs_base_columns = dict(_OBS_SIZE_COLUMNS)
_obs_base_columns.update({
    b: f"{b} score [accuracy, 0-1]"
    for b in ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K",
              "XWinograd", "HumanEval")
})

_register(Dataset(
    name="obsscaling_base",
    title="ObsScaling: 148 public base models with size, tokens, FLOPs and 8 benchmark scores",
    upstream_path="eval_results/base_llm_benchmark_eval.csv",
    local_path="ObsScaling/base_llm_benchmark_eval.csv",
    sha256="511996815735a4c46251dc585dcc525e370d148201f86561e6f927f9df2d0db8",
    columns=_obs_base_columns,
    rows=148,
    caveats=_OBS_CAVEATS + (
        "FLOPs (1E21) equals 6 * size * tokens within 2% for all 123 rows that have all "
        "three; 25 rows have no FLOPs value.",
    ),
    **_OBS,
))

_register(Dataset(
    name="obsscaling_base_sub10b",
    title="ObsScaling: the 92 public base models under 10B parameters",
    upstream_path="eval_results/base_llm_benchmark_eval_sub_10b.csv",
    local_path="ObsScaling/base_llm_benchmark_eval_sub_10b.csv",
    sha256="6a5fe6143b1fd86c2c10368de05e204c89ab6652b0f7e97c4965c37bff360d1d",
    columns=_obs_base_columns,
    rows=92,
    caveats=_OBS_CAVEATS,
    **_OBS,
))

_register(Dataset(
    name="obsscaling_emergent",
    title="ObsScaling: base models on BIG-bench-style 'emergent' tasks, 2-shot",
    upstream_path="eval_results/base_llm_emergent_capability_eval.csv",
    local_path="ObsScaling/base_llm_emergent_capability_eval.csv",
    sha256="a156beee73c39b7833c3c53535c473939105512d85e90b0143be7325e516ef7c",
    columns={
        "Model": "model (Hugging Face id) [text]",
        "parsinlu_qa_2_acc": "ParsiNLU QA, 2-shot [accuracy, 0-1]",
        "word_unscrambling_2_exact_match": "word unscrambling, 2-shot [exact match, 0-1]",
        "ipa_transliterate_2_exact_match": "IPA transliteration, 2-shot [exact match, 0-1]",
        "ipa_transliterate_2_bleu": "IPA transliteration, 2-shot [BLEU, 0-100]",
        "arithmetic_3ds_2_acc": "3-digit subtraction, 2-shot [accuracy, 0-1]",
        "arithmetic_3da_2_acc": "3-digit addition, 2-shot [accuracy, 0-1]",
        "arithmetic_2dm_2_acc": "2-digit multiplication, 2-shot [accuracy, 0-1]",
        "arithmetic_2da_2_acc": "2-digit addition, 2-shot [accuracy, 0-1]",
    },
    rows=84,
    caveats=_OBS_CAVEATS + (
        "Metrics mix accuracies (0-1) and BLEU (0-100); normalise before combining.",
    ),
    **_OBS,
))

_register(Dataset(
    name="obsscaling_leaderboard_v2",
    title="ObsScaling: base models on the Open LLM Leaderboard v2 tasks",
    upstream_path="eval_results/base_llm_leaderboard_v2_eval.csv",
    local_path="ObsScaling/base_llm_leaderboard_v2_eval.csv",
    sha256="ace728c962dfb2b9133fe92081c818e3fba01391694c9590fa0198f850062563",
    columns={
        "Model": "model (Hugging Face id) [text]",
        **{f"leaderboard_{t}": f"Open LLM Leaderboard v2 {t} score [as reported upstream]"
           for t in ("bbh", "gpqa", "ifeval", "math_hard", "mmlu_pro", "musr")},
    },
    rows=72,
    caveats=_OBS_CAVEATS,
    **_OBS,
))

_register(Dataset(
    name="obsscaling_post_training",
    title="ObsScaling: base models under post-training techniques (CoT, self-consistency, few-shot variants)",
    upstream_path="eval_results/base_llm_post_training_eval.csv",
    local_path="ObsScaling/base_llm_post_training_eval.csv",
    sha256="797e7e50c6ac54960e28447884b78bf9821b297646741b4485152715fe7fdbe5",
    columns={"Model": "model (Hugging Face id) [text]"},
    n_columns=235,
    rows=96,
    caveats=_OBS_CAVEATS + (
        'The other 234 column names are lm-eval-harness "task,metric" pairs (GSM8K and '
        "other evaluations); only Model is listed in columns.",
    ),
    **_OBS,
))

_register(Dataset(
    name="obsscaling_instruct",
    title="ObsScaling: 27 instruction-tuned models with Arena-Elo, MT-Bench and benchmark scores",
    upstream_path="eval_results/instruct_llm_benchmark_eval.csv",
    local_path="ObsScaling/instruct_llm_benchmark_eval.csv",
    sha256="9bc50f327f4e436b15a6d6e3edb8b4837e726b295a1c72d44fadb9c9d25a75ba",
    columns={
        **_OBS_SIZE_COLUMNS,
        "Arena-Elo": "Chatbot Arena Elo as given upstream, values in 0-1 [scale not stated in the README]",
        "MTBench": "MT-Bench score as given upstream, values in 0-1 [scale not stated in the README]",
        **{b: f"{b} score [accuracy, 0-1]"
           for b in ("MMLU", "ARC-C", "HellaSwag", "Winogrande", "TruthfulQA", "GSM8K",
                     "HumanEval")},
    },
    rows=27,
    caveats=_OBS_CAVEATS + (
        "Closed models (e.g. gpt-4-0613) have empty size / data / FLOPs.",
    ),
    **_OBS,
))

_OBS_AGENT_TASKS = (
    "ABench-OA", "ABench-Code_OS", "ABench-Code_DB", "ABench-Code_KG", "ABench-Game_DCG",
    "ABench-Game_LTP", "ABench-Game_HH", "ABench-Web_WS", "ABench-Web_WB",
    "ABoard-Embodied AI_ALF_PR", "ABoard-Embodied AI_ALF_SR", "ABoard-Embodied AI_SW_PR",
    "ABoard-Embodied AI_SW_SR", "ABoard-Embodied AI_BA_PR", "ABoard-Embodied AI_BA_SR",
    "ABoard-Game_JC_PR", "ABoard-Game_JC_SR", "ABoard-Game_PL_PR", "ABoard-Game_PL_SR",
    "ABoard-Web_WS_PR", "ABoard-Web_WS_SR", "ABoard-Web_WA_PR", "ABoard-Web_WA_SR",
    "ABoard-Tool_TQ_PR", "ABoard-Tool_TQ_SR", "ABoard-Tool_TO_PR", "ABoard-Tool_TO_SR",
    "ABoard-Avg_PR", "ABoard-Avg_SR",
)

_register(Dataset(
    name="obsscaling_instruct_agent",
    title="ObsScaling: 27 instruction-tuned models on AgentBench and AgentBoard tasks",
    upstream_path="eval_results/instruct_llm_agent_eval.csv",
    local_path="ObsScaling/instruct_llm_agent_eval.csv",
    sha256="09abcdc2abb80d3bba2217b526fa0d88e480a8236c3ba3193bcc9928e871ba3d",
    columns={
        "Model": "model (Hugging Face id or API name) [text]",
        **{t: ("AgentBench" if t.startswith("ABench") else "AgentBoard")
           + f" metric {t.split('-', 1)[1]} [scale not stated in the README]"
           for t in _OBS_AGENT_TASKS},
    },
    rows=27,
    caveats=_OBS_CAVEATS,
    **_OBS,
))

# ---- Alabdulmohsin et al. 2022 ---------------------------------------------

_register(Dataset(
    name="revisiting_lang",
    title="Learning-curve benchmark of Alabdulmohsin et al. 2022, language part (NMT, LM, Big-Bench)",
    paper=(
        'Alabdulmohsin, Neyshabur, Zhai 2022, "Revisiting Neural Scaling Laws in '
        'Language and Vision", NeurIPS 2022, arXiv:2209.06640'
    ),
    paper_key="alabdulmohsin2022",
    upstream_repo="google-research/google-research",
    commit="9853680c781781bd8d3de20aa61c7373ce059913",
    upstream_path="revisiting_neural_scaling_laws/data/benchmark.lang.csv",
    local_path="revisiting-neural-scaling-laws/benchmark.lang.csv",
    licence="Apache-2.0 (google-research repository)",
    sha256="63c346db00a66b692e1ea9a0f71a2f2b267e55f74be5b863a92e199dffbf0983",
    columns={
        "Domain": "NMT | LM | BB [text]",
        "Task": "NMT: log_perplexity; LM: val_loss; BB: \"('<task>', '<k>-shot')\" [text]",
        "Model": "NMT architecture, LM model size (e.g. 1.68e+07) or BB model (262M), as text [text]",
        "Seen Examples": "examples seen, batch size x steps [examples]",
        "Loss": (
            "metric being extrapolated: NMT log-perplexity, LM val_loss (normalisation "
            "unconfirmed), BB error-like score [dimensionless]"
        ),
        "Training": "1 = row to fit, 0 = row to extrapolate (held out) [flag]",
    },
    rows=1399,
    caveats=(
        "Every LM model block appears exactly 4 times upstream: drop duplicates before "
        "fitting (712 unique rows: NMT 53, LM 229, BB 430).",
        "LM val_loss lies in 0.85 .. 1.00, so it is not raw nats/token; its normalisation "
        "is unconfirmed. Do not mix it with other LM losses.",
        "BB 'Loss' values are error-like scores in (0.5, 1); many held-out rows are flat plateaus.",
        "The vision part (benchmark.vision.csv, IC domain) is not registered.",
    ),
))


# --------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------


def names() -> list[str]:
    """Names of the registered datasets, in registry order.

    Returns
    -------
    list of str
    """
    return list(_REGISTRY)


def info(name: str) -> Dataset:
    """Metadata of one dataset (no file access).

    Parameters
    ----------
    name : str
        A name from :func:`names` (case and ``-`` / ``_`` are ignored).

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        If the name is not registered; the message suggests close matches.
    """
    if isinstance(name, Dataset):
        return name
    key = str(name).strip().lower().replace("-", "_")
    try:
        return _REGISTRY[key]
    except KeyError:
        close = difflib.get_close_matches(key, _REGISTRY, n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"Unknown dataset {name!r}.{hint} Known datasets: {', '.join(_REGISTRY)}."
        ) from None


def cache_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """The per-user download cache folder.

    Parameters
    ----------
    cache_dir : path-like, optional
        Explicit folder; else ``LAWS_CACHE_DIR``; else
        ``~/.cache/scaling-law-explorer``.

    Returns
    -------
    pathlib.Path
        The folder (not created by this call).
    """
    if cache_dir is None:
        cache_dir = os.environ.get(ENV_CACHE_DIR) or DEFAULT_CACHE_DIR
    return Path(cache_dir).expanduser()


def where(
    name: str,
    data_home: str | os.PathLike | None = None,
    download: bool = True,
    base_url: str | None = None,
    cache_dir: str | os.PathLike | None = None,
) -> Source:
    """Which source :func:`load` would use now, without downloading anything.

    After a load, ``df.attrs["source"]`` records the source actually used.

    Parameters
    ----------
    name, data_home, download, base_url, cache_dir
        As for :func:`load`.

    Returns
    -------
    Source
        ``kind`` is ``"local"``, ``"cache"``, ``"download"`` or ``"unavailable"``.
    """
    ds = info(name)
    found, searched = _locate(ds, data_home, cache_dir)
    if found is not None:
        return found
    cache_file = _cache_root(cache_dir) / ds.local_path
    if ds.local_only:
        return Source("unavailable", None, None, _local_only_message(ds, searched))
    try:
        url = ds.url(base_url)
    except DatasetUnavailable as exc:
        return Source("unavailable", None, None, str(exc))
    if not download:
        return Source("unavailable", None, url, _not_local_message(ds, searched, url))
    return Source(
        "download", cache_file, url,
        f"{ds.name!r} is not available locally; it would be downloaded from {url} "
        f"and cached at {cache_file}.",
    )


def load(
    name: str,
    data_home: str | os.PathLike | None = None,
    download: bool = True,
    base_url: str | None = None,
    cache_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Load a registered public dataset as a DataFrame.

    The file is read from the first of: ``data_home``, ``LAWS_DATA_DIR``, the
    cache; otherwise (if ``download``) it is downloaded once from the pinned
    upstream commit, checked against its SHA-256 and cached.

    Parameters
    ----------
    name : str
        A name from :func:`names`, e.g. ``"chinchilla"``.
    data_home : path-like, optional
        Folder laid out like the project's ``shared/data``
        (``<data_home>/chinchilla/df.csv`` ...). Default: ``LAWS_DATA_DIR``.
    download : bool, default True
        Allow a network download when the file is not found locally.
    base_url : str, optional
        Base of download URLs (``<base>/<owner>/<repo>/<commit>/<path>``).
        Default: ``LAWS_DATA_URL``, else ``https://raw.githubusercontent.com``.
    cache_dir : path-like, optional
        Download cache. Default: ``LAWS_CACHE_DIR``, else
        ``~/.cache/scaling-law-explorer``.

    Returns
    -------
    pandas.DataFrame
        The file as read by pandas, unchanged. ``df.attrs["dataset"]`` is the
        :class:`Dataset` record (units, licence, citation, caveats) and
        ``df.attrs["source"]`` the :class:`Source` used.

    Raises
    ------
    DatasetUnavailable
        When the file is neither local nor cached and cannot be downloaded
        (offline, HTTP error, checksum mismatch, too large, derived file).
    ValueError
        For an unknown dataset name.

    Warns
    -----
    DatasetWarning
        When a local copy's checksum, row count or columns differ from the
        registry.
    """
    df, _ = _load(name, data_home, download, base_url, cache_dir, stacklevel=4)
    return df


def load_with_info(
    name: str,
    data_home: str | os.PathLike | None = None,
    download: bool = True,
    base_url: str | None = None,
    cache_dir: str | os.PathLike | None = None,
) -> tuple[pd.DataFrame, Dataset]:
    """Like :func:`load`, returning ``(data, Dataset)`` (the pvlib ``iotools`` style).

    Parameters
    ----------
    name, data_home, download, base_url, cache_dir
        As for :func:`load`.

    Returns
    -------
    data : pandas.DataFrame
        As returned by :func:`load` (with ``attrs`` set).
    dataset : Dataset
        The metadata record.
    """
    return _load(name, data_home, download, base_url, cache_dir, stacklevel=4)


# --------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------


def _load(name, data_home, download, base_url, cache_dir, stacklevel):
    """Shared body of load / load_with_info; ``stacklevel`` points warnings at the caller."""
    ds = info(name)
    found, searched = _locate(ds, data_home, cache_dir)

    if found is not None and found.kind in ("local", "cache"):
        if found.kind == "local" and ds.sha256:
            digest = _sha256_file(found.path)
            if digest != ds.sha256:
                warnings.warn(
                    f"{found.path} differs from the upstream file {ds.name!r} is pinned to "
                    f"(SHA-256 {digest[:12]}... instead of {ds.sha256[:12]}...); it is loaded "
                    f"as it is, but the provenance record describes the pinned version.",
                    DatasetWarning, stacklevel=stacklevel - 1,
                )
        df = _read(ds, found.path, origin=str(found.path))
        return _finish(df, ds, found, stacklevel), ds

    if ds.local_only:
        raise DatasetUnavailable(_local_only_message(ds, searched))
    url = ds.url(base_url)
    if not download:
        raise DatasetUnavailable(_not_local_message(ds, searched, url))

    data = _download(ds, url)
    digest = hashlib.sha256(data).hexdigest()
    if ds.sha256 and digest != ds.sha256:
        raise DatasetUnavailable(
            f"The file downloaded for {ds.name!r} from {url} does not match its recorded "
            f"checksum (SHA-256 {digest[:16]}... instead of {ds.sha256[:16]}...), so it was "
            f"not saved. The server may have returned a different file (check the base URL "
            f"{_base_url(base_url)!r}), or the download was corrupted; try again, or put a "
            f"verified copy at <data folder>/{ds.local_path} and set {ENV_DATA_DIR}."
        )

    target = _cache_root(cache_dir) / ds.local_path
    try:
        _write_atomic(target, data)
        written: Path | None = target
        detail = f"{ds.name!r} was downloaded from {url} and cached at {target}."
    except OSError as exc:
        written = None
        detail = f"{ds.name!r} was downloaded from {url}; it could not be cached ({exc})."
        warnings.warn(
            f"Downloaded {ds.name!r} but could not write it to the cache at {target} "
            f"({exc}); it will be downloaded again next time. Set {ENV_CACHE_DIR} to a "
            f"writable folder.", DatasetWarning, stacklevel=stacklevel - 1,
        )
    src = Source("download", written, url, detail)
    df = _read(ds, written if written is not None else io.BytesIO(data), origin=url)
    return _finish(df, ds, src, stacklevel), ds


def _base_url(base: str | None) -> str:
    base = base or os.environ.get(ENV_DATA_URL) or DEFAULT_BASE_URL
    scheme = urllib.parse.urlsplit(base).scheme.lower()
    if scheme not in ("http", "https"):
        raise DatasetUnavailable(
            f"The download base URL {base!r} is not an http:// or https:// URL; fix the "
            f"base_url argument or the {ENV_DATA_URL} environment variable."
        )
    return base.rstrip("/")


def _data_dirs(data_home) -> list[tuple[str, Path]]:
    dirs = []
    if data_home is not None:
        dirs.append(("data_home", Path(data_home).expanduser()))
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        dirs.append((ENV_DATA_DIR, Path(env).expanduser()))
    return dirs


def _cache_root(cache_dir_arg) -> Path:
    return cache_dir(cache_dir_arg)


def _locate(ds: Dataset, data_home, cache_dir_arg) -> tuple[Source | None, list[str]]:
    """Find a local or cached copy; return it and a list of places looked at."""
    searched: list[str] = []
    for label, root in _data_dirs(data_home):
        path = root / ds.local_path
        if path.is_file():
            return Source("local", path, None,
                          f"{ds.name!r} is read from the local data folder: {path}."), searched
        searched.append(f"{label} ({path})")
    path = _cache_root(cache_dir_arg) / ds.local_path
    if path.is_file():
        if ds.sha256 and _sha256_file(path) != ds.sha256:
            searched.append(f"the cache ({path}: present but fails its checksum, ignored)")
        else:
            return Source("cache", path, None,
                          f"{ds.name!r} is read from the cache: {path}."), searched
    else:
        searched.append(f"the cache ({path})")
    if not _data_dirs(data_home):
        searched.insert(0, f"no data folder ({ENV_DATA_DIR} is not set and no data_home was given)")
    return None, searched


def _looked(searched) -> str:
    return "Looked in: " + "; ".join(searched) + "." if searched else ""


def _local_only_message(ds: Dataset, searched) -> str:
    return (
        f"{ds.name!r} is a derived file, not an upstream file, so it cannot be "
        f"downloaded: {ds.derivation}. No local copy was found. {_looked(searched)} "
        f"To use it, point {ENV_DATA_DIR} (or data_home=) at a folder laid out like the "
        f"project's shared/data, which holds it as {ds.local_path} with {ds.readme_path} "
        f"describing how it was made; or rebuild it from {ds.upstream_path} in "
        f"{ds.upstream_repo} at commit {ds.commit[:12]} ({ds.web_url}) and save it there."
    ).replace("  ", " ")


def _not_local_message(ds: Dataset, searched, url: str) -> str:
    return (
        f"{ds.name!r} was not found locally and download=False. {_looked(searched)} "
        f"Allow the download (download=True), or save {url} as "
        f"<data folder>/{ds.local_path} and set {ENV_DATA_DIR} to that folder."
    ).replace("  ", " ")


def _download(ds: Dataset, url: str) -> bytes:
    """GET ``url`` with a timeout and a size cap; every failure -> DatasetUnavailable."""
    fallback = (
        f"If you are offline, save the file by hand as <data folder>/{ds.local_path} "
        f"and set {ENV_DATA_DIR} to that folder."
    )
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    limit = MAX_DOWNLOAD_BYTES
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise DatasetUnavailable(
                    f"The server announced {int(length):,} bytes for {ds.name!r} at {url}, "
                    f"more than the {limit:,}-byte limit for dataset downloads; the URL is "
                    f"probably wrong (check the base URL)."
                )
            chunks, total = [], 0
            while True:
                chunk = resp.read(1 << 16)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise DatasetUnavailable(
                        f"The download of {ds.name!r} from {url} exceeded the {limit:,}-byte "
                        f"limit for dataset downloads and was stopped; the URL is probably "
                        f"wrong (check the base URL)."
                    )
                if time.monotonic() - start > DOWNLOAD_DEADLINE:
                    raise DatasetUnavailable(
                        f"The download of {ds.name!r} from {url} took longer than "
                        f"{DOWNLOAD_DEADLINE:g} s and was stopped. Try again on a faster "
                        f"connection. {fallback}"
                    )
                chunks.append(chunk)
    except DatasetUnavailable:
        raise
    except urllib.error.HTTPError as exc:
        hint = (
            "The file is not at that address: check the base URL"
            if exc.code == 404 else "The server refused or failed the request"
        )
        raise DatasetUnavailable(
            f"Downloading {ds.name!r} failed: {url} answered HTTP {exc.code} "
            f"{exc.reason}. {hint} (base_url / {ENV_DATA_URL}), or try again later. "
            f"{fallback}"
        ) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            what = f"timed out after {DOWNLOAD_TIMEOUT:g} s"
        else:
            what = f"failed ({reason})"
        host = urllib.parse.urlsplit(url).netloc
        raise DatasetUnavailable(
            f"Could not download {ds.name!r}: connecting to {host} {what}. You may be "
            f"offline, or the server is down or blocked. {fallback}"
        ) from exc
    except (TimeoutError, socket.timeout) as exc:
        raise DatasetUnavailable(
            f"Could not download {ds.name!r}: reading from {url} timed out after "
            f"{DOWNLOAD_TIMEOUT:g} s. Try again later. {fallback}"
        ) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise DatasetUnavailable(
            f"Could not download {ds.name!r} from {url}: the connection failed "
            f"({type(exc).__name__}: {exc}). Try again later. {fallback}"
        ) from exc
    return b"".join(chunks)


def _write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a temporary file in the same folder and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _sha256_file(path: Path) -> str:
    """SHA-256 of a file, remembered while its size and modification time stay the same
    (pages load the same dataset on every rerun; hashing the largest took 0.27 s)."""
    stat = Path(path).stat()
    return _sha256_of(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _read(ds: Dataset, src, origin: str) -> pd.DataFrame:
    try:
        if ds.file_format == "jsonl":
            return pd.read_json(src, lines=True)
        return pd.read_csv(src)
    except (ValueError, UnicodeDecodeError, OSError, pd.errors.ParserError) as exc:
        raise DatasetUnavailable(
            f"{origin} could not be read as {ds.file_format.upper()} for {ds.name!r} "
            f"({type(exc).__name__}: {exc}). The file may be truncated or not the expected "
            f"file: replace it (or delete it from the cache so it is downloaded again)."
        ) from exc


def _finish(df: pd.DataFrame, ds: Dataset, src: Source, stacklevel: int) -> pd.DataFrame:
    problems = []
    if ds.rows and len(df) != ds.rows:
        problems.append(f"{len(df)} rows instead of {ds.rows}")
    missing = [c for c in ds.columns if c not in df.columns]
    if missing:
        problems.append(f"missing columns {missing}")
    if ds.n_columns and df.shape[1] != ds.n_columns:
        problems.append(f"{df.shape[1]} columns instead of {ds.n_columns}")
    if problems:
        warnings.warn(
            f"{ds.name!r} loaded from {src.path or src.url} has "
            f"{'; '.join(problems)} (see {ds.readme_path}); results may not match the "
            f"documented dataset.", DatasetWarning, stacklevel=stacklevel,
        )
    df.attrs["dataset"] = ds
    df.attrs["source"] = src
    return df
