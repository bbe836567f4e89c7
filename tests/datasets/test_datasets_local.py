"""Loading every registered dataset from the project's public data folder.

Row counts and columns below are copied from the folder READMEs of shared/data,
not from the registry, so a registry typo fails here.
"""

from __future__ import annotations

import hashlib
import shutil
import warnings

import numpy as np
import pytest

from laws import datasets
from laws.datasets import DatasetUnavailable, DatasetWarning

# name -> (rows, number of columns, columns the README names)
EXPECTED = {
    "chinchilla": (234, 4, {"C", "N", "D", "loss"}),
    "steplaw_dense": (1911, 13, {"h", "ffnh", "numh", "numl", "lr", "bs", "ti", "loss",
                                 "smooth loss", "exp_name", "D", "N", "D/N"}),
    "steplaw_moe": (708, 31, {"seq_len", "topk", "nume", "moeh", "sed", "lr", "bs",
                              "smooth loss", "numld", "N", "Na", "M", "D", "D/N", "moe_name"}),
    "steplaw_bootstrap": (1000, 5, {"lr_intercept", "lr_coefN", "lr_coefD", "bs_intercept",
                                    "bs_coefD"}),
    "gadre2024": (104, 19, {"name", "dataset", "model", "N", "N_no_embed", "D", "cc_mult", "M",
                            "C_6ND", "loss_openlm", "loss_c4_val", "loss_val_de-en_100",
                            "err_avg46", "err_avg17"}),
    "gadre2024_losses_long": (832, 17, {"name", "N_params", "D_tokens", "tokens_per_param",
                                        "flops_6ND", "val_set", "loss", "loss_lower_95",
                                        "loss_upper_95"}),
    # README says 52 rows; the file has 51 rows and a trailing blank line.
    "gadre2024_eval_metadata": (51, 8, {"Eval Task", "Task Category", "Task Type", "#shots",
                                        "#datapoints", "Random baseline", "Centered Metric?",
                                        "Description"}),
    "datablations": (317, 7, {"run_name", "parsed_name", "N_params", "D_tokens",
                              "U_unique_tokens", "val_loss", "used_in_fit"}),
    "datablations_default_fit": (182, 5, {"run_name", "N_params", "D_tokens",
                                          "U_unique_tokens", "val_loss"}),
    "porian_isoflop_points": (1745, 11, {"dataset", "hparams", "warmup", "decay", "param_count",
                                         "val", "source_file", "flops", "n", "t", "loss"}),
    "porian_isoflop_optima": (177, 16, {"flops", "n", "t", "multiplier", "loss", "n_star_std",
                                        "t_star_std", "multiplier_star_std", "loss_star_std"}),
    "porian_fitted_exponents": (15, 55, {"basic.n_exponent", "weighted.t_coef",
                                         "bs_median.multiplier_r2", "bs_median_weighted.alpha"}),
    "gemstones_hot": (220, 9, {"run_name", "params_active_precise", "width", "depth", "tokens",
                               "step", "num_nodes", "seconds_per_step", "final_loss"}),
    "gemstones_cool_end": (199, 9, {"params_active_precise", "tokens", "final_loss"}),
    "obsscaling_base": (148, 13, {"Model", "Model Family", "Model Size (B)",
                                  "Pretraining Data Size (T)", "FLOPs (1E21)", "MMLU", "ARC-C",
                                  "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd",
                                  "HumanEval"}),
    "obsscaling_base_sub10b": (92, 13, {"Model", "Model Size (B)", "FLOPs (1E21)", "MMLU"}),
    "obsscaling_emergent": (84, 9, {"Model", "parsinlu_qa_2_acc", "ipa_transliterate_2_bleu",
                                    "arithmetic_2da_2_acc"}),
    "obsscaling_leaderboard_v2": (72, 7, {"Model", "leaderboard_bbh", "leaderboard_gpqa",
                                          "leaderboard_ifeval", "leaderboard_math_hard",
                                          "leaderboard_mmlu_pro", "leaderboard_musr"}),
    "obsscaling_post_training": (96, 235, {"Model"}),
    "obsscaling_instruct": (27, 14, {"Model", "Model Family", "Arena-Elo", "MTBench",
                                     "Winogrande", "HumanEval"}),
    "obsscaling_instruct_agent": (27, 30, {"Model"}),
    "revisiting_lang": (1399, 6, {"Domain", "Task", "Model", "Seen Examples", "Loss",
                                  "Training"}),
}


def test_every_registered_dataset_has_an_expectation():
    assert set(datasets.names()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_from_data_dir(name, shared_data, monkeypatch):
    monkeypatch.setenv("LAWS_DATA_DIR", str(shared_data))
    rows, ncols, cols = EXPECTED[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DatasetWarning)
        df = datasets.load(name, download=False)
    assert df.shape == (rows, ncols)
    assert cols <= set(df.columns)
    ds = df.attrs["dataset"]
    assert ds is datasets.info(name)
    assert set(ds.columns) <= set(df.columns)
    src = df.attrs["source"]
    assert src.kind == "local" and src.path == shared_data / ds.local_path
    assert datasets.where(name).kind == "local"


@pytest.mark.parametrize("name", [n for n in sorted(EXPECTED) if not datasets.info(n).local_only])
def test_recorded_checksum_matches_the_shared_copy(name, shared_data):
    ds = datasets.info(name)
    digest = hashlib.sha256((shared_data / ds.local_path).read_bytes()).hexdigest()
    assert digest == ds.sha256


def test_data_home_argument_and_tuple_form(shared_data):
    df, ds = datasets.load_with_info("chinchilla", data_home=shared_data, download=False)
    assert ds.name == "chinchilla" and len(df) == 234
    assert df.attrs["source"].kind == "local"


def test_readme_facts_hold_in_the_files(shared_data):
    """Facts stated in the READMEs (regression checks of the files, not published numbers)."""
    load = lambda n: datasets.load(n, data_home=shared_data, download=False)  # noqa: E731
    ch = load("chinchilla")
    ratio = ch["C"] / (6.0 * ch["N"].astype(float) * ch["D"].astype(float))
    assert np.allclose(ratio, 1.0, rtol=1e-7)                 # "C == 6 * N * D in every row"
    assert ch["loss"].between(2.077, 3.406).all()
    dense = load("steplaw_dense")
    assert dense.groupby(["N", "D"]).ngroups == 17            # 17 (N, D) cells
    assert dense["lr"].nunique() == 26 and dense["bs"].nunique() == 13
    boot = load("steplaw_bootstrap")
    assert np.exp(boot["lr_intercept"].mean()) == pytest.approx(1.7973, abs=1e-4)
    assert boot["bs_coefD"].mean() == pytest.approx(0.5709, abs=1e-4)
    lang = load("revisiting_lang")
    assert len(lang.drop_duplicates()) == 712                 # LM blocks repeated 4x upstream
    assert lang["Domain"].value_counts().to_dict() == {"LM": 916, "BB": 430, "NMT": 53}
    assert load("datablations")["used_in_fit"].sum() == 296
    assert load("gemstones_hot").groupby(["width", "depth"]).ngroups == 22
    base = load("obsscaling_base")
    assert base["FLOPs (1E21)"].isna().sum() == 25 and base["Model Family"].nunique() == 47


def test_local_copy_that_differs_from_upstream_loads_with_a_warning(shared_data, tmp_path):
    home = tmp_path / "data"
    (home / "chinchilla").mkdir(parents=True)
    text = (shared_data / "chinchilla" / "df.csv").read_text()
    (home / "chinchilla" / "df.csv").write_text(text.replace("3.405928", "3.405929", 1))
    with pytest.warns(DatasetWarning, match="differs from the upstream file"):
        df = datasets.load("chinchilla", data_home=home, download=False)
    assert len(df) == 234


def test_truncated_local_file_warns_about_rows(shared_data, tmp_path):
    home = tmp_path / "data"
    (home / "steplaw").mkdir(parents=True)
    lines = (shared_data / "steplaw" / "dense_lr_bs_loss.csv").read_text().splitlines()
    (home / "steplaw" / "dense_lr_bs_loss.csv").write_text("\n".join(lines[:11]) + "\n")
    with pytest.warns(DatasetWarning) as record:
        datasets.load("steplaw_dense", data_home=home, download=False)
    messages = [str(w.message) for w in record]
    assert any("differs from the upstream file" in m for m in messages)
    assert any("10 rows instead of 1911" in m for m in messages)
    assert all(w.filename == __file__ for w in record)        # warnings point at the caller


def test_data_home_wins_over_environment(shared_data, tmp_path, monkeypatch):
    home = tmp_path / "data"
    (home / "chinchilla").mkdir(parents=True)
    shutil.copyfile(shared_data / "chinchilla" / "df.csv", home / "chinchilla" / "df.csv")
    monkeypatch.setenv("LAWS_DATA_DIR", str(shared_data))
    assert datasets.where("chinchilla", data_home=home).path == home / "chinchilla" / "df.csv"


def test_local_only_dataset_in_the_cache_is_used(shared_data, isolated):
    target = isolated / "datablations" / "datablations_val_losses.csv"
    target.parent.mkdir(parents=True)
    shutil.copyfile(shared_data / "datablations" / "datablations_val_losses.csv", target)
    df = datasets.load("datablations")
    assert df.attrs["source"].kind == "cache" and len(df) == 317


def test_local_only_dataset_without_a_copy_says_how_to_get_it(upstream):
    with pytest.raises(DatasetUnavailable) as err:
        datasets.load("gadre2024", base_url=upstream.base_url)
    msg = str(err.value)
    assert "derived file" in msg and "cannot be downloaded" in msg
    assert "LAWS_DATA_DIR" in msg and "scaling-mlfoundations/gadre2024_runs.csv" in msg
    assert "mlfoundations/scaling" in msg and "scaling-mlfoundations/README.txt" in msg
    assert upstream.requests == []                            # no download was attempted
    assert datasets.where("gadre2024").kind == "unavailable"
