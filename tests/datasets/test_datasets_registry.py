"""The dataset registry: names, metadata, URLs, provenance text (no file access)."""

from __future__ import annotations

import ast
import hashlib
import os
import dataclasses
import re
from pathlib import Path

import pytest

from laws import datasets
from laws.datasets import Dataset, DatasetUnavailable

REQUIRED = {
    "chinchilla", "gadre2024", "steplaw_dense", "steplaw_moe", "steplaw_bootstrap",
    "porian_isoflop_points", "porian_isoflop_optima", "porian_fitted_exponents",
    "datablations", "revisiting_lang", "obsscaling_base",
}

# Derived files (flattened from upstream JSON / pickles / notebook literals):
# the folder READMEs say so, and they cannot be downloaded as such.
DERIVED = {
    "gadre2024", "gadre2024_losses_long", "datablations", "datablations_default_fit",
    "porian_isoflop_points", "porian_isoflop_optima", "porian_fitted_exponents",
}


def test_required_names_are_registered():
    names = datasets.names()
    assert len(names) == len(set(names))
    assert REQUIRED <= set(names)


@pytest.mark.parametrize("name", datasets.names())
def test_metadata_is_complete(name):
    ds = datasets.info(name)
    assert ds.name == name
    for attr in ("title", "paper", "paper_key", "upstream_repo", "upstream_path",
                 "local_path", "licence"):
        assert getattr(ds, attr).strip(), f"{name}: empty {attr}"
    assert re.fullmatch(r"[0-9a-f]{40}", ds.commit), ds.commit
    assert re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", ds.upstream_repo)
    assert re.fullmatch(r"[a-z]+[0-9]{4}(_[a-z0-9]+)?", ds.paper_key)
    assert ds.rows > 0 and ds.n_columns >= len(ds.columns) > 0
    assert ds.caveats and all(c.strip().endswith((".", ")")) for c in ds.caveats)
    # every column meaning ends with a unit (or "text" / "flag" ...) in brackets
    for column, meaning in ds.columns.items():
        assert re.search(r"\[[^\]]+\]$", meaning), f"{name}.{column}: no [unit] in {meaning!r}"
    assert ds.file_format in ("csv", "jsonl")
    assert ds.local_path.endswith("." + ds.file_format)


@pytest.mark.parametrize("name", datasets.names())
def test_derived_files_are_local_only_and_verbatim_files_have_a_checksum(name):
    ds = datasets.info(name)
    assert ds.local_only == (name in DERIVED)
    if ds.local_only:
        assert ds.sha256 == "" and ds.derivation
    else:
        assert re.fullmatch(r"[0-9a-f]{64}", ds.sha256)


def test_chinchilla_url_is_the_pinned_raw_github_file():
    ds = datasets.info("chinchilla")
    assert ds.url() == (
        "https://raw.githubusercontent.com/kyo-takano/chinchilla/"
        "75e5858f6e7c5b60d1fab69f66258132347b060c/examples/llm/df.csv"
    )
    assert ds.paper_key == "hoffmann2022"
    assert ds.local_path == "chinchilla/df.csv"
    assert set(ds.columns) == {"C", "N", "D", "loss"}
    assert "[FLOPs]" in ds.columns["C"] and "[nats/token]" in ds.columns["loss"]


def test_url_base_override_by_argument_and_environment(monkeypatch):
    ds = datasets.info("steplaw_dense")
    tail = "/step-law/steplaw/32a8f4cc50247695fb56cc6c9117abdf67c97763/data/dense_lr_bs_loss.csv"
    assert ds.url("http://127.0.0.1:9/") == "http://127.0.0.1:9" + tail
    monkeypatch.setenv("LAWS_DATA_URL", "http://127.0.0.1:8/mirror")
    assert ds.url() == "http://127.0.0.1:8/mirror" + tail


def test_url_quotes_spaces_and_keeps_plus_signs():
    ds = dataclasses.replace(datasets.info("gemstones_hot"),
                             upstream_path="wandb_dfs/hot_100b+ run.jsonl")
    assert ds.url("http://127.0.0.1:9").endswith("/wandb_dfs/hot_100b+%20run.jsonl")


def test_non_http_base_url_is_refused_with_a_sentence():
    with pytest.raises(DatasetUnavailable, match="not an http:// or https:// URL"):
        datasets.info("chinchilla").url("file:///etc")


def test_local_only_dataset_has_no_url():
    with pytest.raises(DatasetUnavailable, match="derived file"):
        datasets.info("gadre2024").url()


def test_unknown_name_suggests_close_matches():
    with pytest.raises(ValueError, match="Did you mean 'chinchilla'"):
        datasets.info("chinchila")
    assert datasets.info("Steplaw-Dense").name == "steplaw_dense"


def test_dataset_is_frozen_and_hashable():
    ds = datasets.info("chinchilla")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.rows = 1
    assert hash(ds) == hash(datasets.info("chinchilla"))
    assert isinstance(ds, Dataset)


@pytest.mark.parametrize("name", ["chinchilla", "gadre2024", "revisiting_lang"])
def test_provenance_is_one_paragraph_naming_origin_and_licence(name):
    ds = datasets.info(name)
    text = ds.provenance()
    assert "\n" not in text
    assert ds.upstream_repo in text and ds.commit[:12] in text
    assert ds.licence.split()[0] in text
    assert f"{ds.rows:,} rows" in text
    assert ("derived" in text) == ds.local_only


def test_web_url_points_at_the_pinned_commit():
    assert datasets.info("chinchilla").web_url == (
        "https://github.com/kyo-takano/chinchilla/blob/"
        "75e5858f6e7c5b60d1fab69f66258132347b060c/examples/llm/df.csv"
    )
    assert datasets.info("gadre2024").web_url.endswith(
        "/mlfoundations/scaling/tree/a003c4913793ac2ae7ef87b28ecb562955d026d5")


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("LAWS_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert datasets.cache_dir() == tmp_path / ".cache" / "scaling-law-explorer"
    monkeypatch.setenv("LAWS_CACHE_DIR", str(tmp_path / "c"))
    assert datasets.cache_dir() == tmp_path / "c"
    assert datasets.cache_dir(tmp_path / "x") == tmp_path / "x"


def test_module_never_imports_streamlit():
    source = Path(datasets.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "streamlit" not in imported
    assert imported <= {
        "__future__", "difflib", "functools", "hashlib", "http", "io", "os", "socket", "tempfile",
        "time", "urllib", "warnings", "dataclasses", "pathlib", "typing", "pandas",
    }, imported


def test_checksum_is_remembered_until_the_file_changes(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text("N,loss\n1,2\n")
    first = datasets._sha256_file(path)
    assert first == hashlib.sha256(b"N,loss\n1,2\n").hexdigest()
    path.write_text("N,loss\n1,3\n")  # same size, new modification time
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert datasets._sha256_file(path) == hashlib.sha256(b"N,loss\n1,3\n").hexdigest()
