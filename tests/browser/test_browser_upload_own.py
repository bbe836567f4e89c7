"""Upload in Chromium on the pages with an uploader of their own (not the shared "Use your
data" panel, see test_browser_upload_a.py): a good file gives the result, its chart and
the page's download; a malformed file (random bytes) gives a sentence, not a traceback.

Screenshots: test-artifacts/screenshots/upload-<page>.png.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from conftest import CHROMIUM
from playwright.sync_api import expect

from browser_uploads import (EXAMPLES, FIT_TIMEOUT_MS, choose_option, download,
                             garbage_file, in_this_run, no_exception, open_expander,
                             open_tab, read_csv_download, says_a_sentence, upload)

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(/usr/bin/chromium or chromium on PATH); apt-get install chromium"),
    pytest.mark.timeout(240),
]


def drawn(app, scope, count: int | None = None):
    """The vega-lite charts in ``scope`` have drawn; returns the last one."""
    charts = scope.get_by_test_id("stVegaLiteChart")
    if count is None:
        expect(charts.first).to_be_visible()
    else:
        expect(charts).to_have_count(count)
    app.wait_charts(scope)
    chart = charts.last
    box = chart.locator("canvas, svg").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    chart.scroll_into_view_if_needed()
    return chart


def malformed_upload_says_why(app, scope, tmp_path):
    # Another name than the good file's: the same path again may not fire a change.
    upload(app, scope, garbage_file(tmp_path, "garbage.csv"))
    error = scope.get_by_test_id("stAlertContentError")  # st.error, not a warning
    expect(error.first).to_be_visible()
    says_a_sentence(error.first)
    no_exception(app)


def copy_example(name: str, folder, every: int = 1):
    path = folder / name
    pd.read_csv(EXAMPLES / name).iloc[::every].to_csv(path, index=False)
    return path


# --- the pages -------------------------------------------------------------------------
@in_this_run("caballero2022")
def test_caballero2022_bnsl(app, tmp_path):
    from laws.papers import caballero2022 as cb

    x = np.logspace(1, 4, 20)
    y = cb.evaluate({"a": 0.2, "b": 3.0, "c0": 0.1, "c1": 0.8, "d1": 500.0, "f1": 0.2}, x)
    path = tmp_path / "curve.csv"
    pd.DataFrame({"x": x, "y": y}).to_csv(path, index=False)

    app.goto("/caballero2022")
    panel = open_tab(app, "Fit and extrapolate")
    choose_option(app, panel, "Upload a file")
    upload(app, panel, path)
    app.rerun(lambda: panel.get_by_role("button", name="Fit", exact=True).click(),
              timeout=FIT_TIMEOUT_MS)
    # 20% of the 20 rows (the largest x) are held out for the extrapolation.
    result = panel.get_by_text(re.compile(r"BNSL with 1 break\(s\) fitted on 16 rows"))
    expect(result).to_be_visible()
    assert result.inner_text().startswith("uploaded table curve.csv:"), result.inner_text()
    expect(panel.get_by_test_id("stDataFrame").first).to_be_visible()
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-caballero2022")
    name, content = download(app, panel, "Fitted parameters (JSON)")
    fit = json.loads(content)
    assert name == "bnsl-fit.json"
    assert set(fit["params"]) == {"a", "b", "c0", "c1", "d1", "f1"}
    assert np.isfinite(list(fit["params"].values())).all()

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("frb2025")
def test_frb2025_bursts(app, tmp_path):
    from laws.papers import frb2025 as fr

    energies = fr.sample(fr.energy_function.defaults, 300, 1e37, seed=2)
    path = tmp_path / "bursts.csv"
    pd.DataFrame({"burst": [f"b{i}" for i in range(300)], "energy": energies}).to_csv(
        path, index=False)

    app.goto("/frb2025")
    panel = open_tab(app, "Fit your bursts")
    upload(app, panel, path)
    expect(panel.get_by_test_id("stSelectbox").filter(has_text="Energy column")).to_be_visible()
    app.rerun(lambda: panel.get_by_role("button", name="Fit", exact=True).click(),
              timeout=FIT_TIMEOUT_MS)
    expect(panel.get_by_text(re.compile(r"Maximum likelihood on 300 bursts"))).to_be_visible()
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-frb2025")
    name, content = download(app, panel, "Fitted parameters (JSON)")
    fit = json.loads(content)
    assert name == "frb-fit.json" and fit["n"] == 300
    assert 3e37 < fit["params"]["E_b"] < 3e38  # the break of the simulated bursts (1e38)
    for p in ("alpha_1", "alpha_2", "E_b"):
        lo, hi = fit["intervals"][p]
        assert np.isfinite([lo, hi]).all() and lo <= hi, (p, lo, hi)

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("su2024")
def test_su2024_small_runs(app, tmp_path):
    path = copy_example("su2024_small_runs.csv", tmp_path)
    app.goto("/su2024")
    panel = open_tab(app, "Fit on small runs")
    choose_option(app, panel, "Upload")
    upload(app, panel, path)
    for var in ("N", "B", "step", "loss"):
        expect(panel.get_by_test_id("stSelectbox").filter(has_text=f"{var} column")
               ).to_be_visible()
    app.rerun(lambda: panel.get_by_role("button", name="Fit", exact=True).click(),
              timeout=FIT_TIMEOUT_MS)
    result = panel.get_by_text(re.compile(
        r"^Fit of .+ on [\d,]+ logged points from \d+ runs? \(one per N and B\): objective"))
    expect(result).to_be_visible()
    shown_n = int(re.search(r"on ([\d,]+) logged points", result.inner_text()).group(1)
                  .replace(",", ""))
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-su2024")
    _, content = download(app, open_expander(panel, "Export"), "Fitted parameters (JSON)")
    fit = json.loads(content)
    assert fit["law"] == "su2024.loss_ns" and fit["n"] == shown_n > 10
    assert all(np.isfinite(v).all() for v in fit["intervals"].values())

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("tissue2024")
def test_tissue2024_curves(app, tmp_path):
    # Every other logged point of the two shipped curves (every 40th step).
    path = copy_example("tissue2024_curves.csv", tmp_path, every=2)
    app.goto("/tissue2024")
    panel = open_tab(app, "Fit your curves")
    choose_option(app, panel, "Upload")
    upload(app, panel, path)
    app.rerun(lambda: panel.get_by_role("button", name="Fit", exact=True).click(),
              timeout=FIT_TIMEOUT_MS)
    expect(panel.get_by_text(re.compile(
        r"^Fit of .+ on [\d,]+ logged points from \d+ curves?: objective"))).to_be_visible()
    expect(panel.get_by_text(re.compile(r"Predicted final loss under"))).to_be_visible()
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-tissue2024")
    _, content = download(app, open_expander(panel, "Export"), "Fitted parameters (JSON)")
    fit = json.loads(content)
    assert fit["law"] == "tissue2024.loss" and fit["n"] > 100

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("wortsman2023")
def test_wortsman2023_sweep(app, tmp_path):
    path = copy_example("wortsman2023_lr_sweep.csv", tmp_path)
    app.goto("/wortsman2023")
    main = app.page.get_by_test_id("stMain")
    choose_option(app, main, "Upload a CSV")
    upload(app, main, path)
    panel = open_tab(app, "Loss vs learning rate")
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-wortsman2023")
    name, content = download(app, open_expander(panel, "Export"), "Plotted data (CSV)")
    plotted = read_csv_download(content)
    assert name.endswith(".csv")
    assert {"lr", "capped_loss", "N"} <= set(plotted.columns), plotted.columns
    assert len(plotted) > 5

    malformed_upload_says_why(app, main, tmp_path)


@in_this_run("xiao2024")
def test_xiao2024_two_methods(app, tmp_path):
    from laws.papers import xiao2024 as xo

    path = tmp_path / "methods.csv"
    runs = xo.example_runs()
    runs.to_csv(path, index=False)
    app.goto("/xiao2024?xiao.boot=20")
    panel = open_tab(app, "Fit two methods")
    choose_option(app, panel, "Upload a CSV")
    upload(app, panel, path)
    expect(panel.get_by_text(re.compile(r"^Fitted on runs up to C ="))).to_be_visible()
    expect(panel.get_by_test_id("stDataFrame").first).to_be_visible()
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-xiao2024")
    _, content = download(app, panel, "Both fits (JSON)")
    fits = json.loads(content)
    assert set(fits) == set(runs["method"]), fits.keys()
    for f in fits.values():
        assert f["law"].startswith("xiao2024.") and f["bootstrap"]["resamples"] == 20

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("zhou2023")
def test_zhou2023_own_sweep(app, tmp_path):
    path = copy_example("zhou2023_phase_diagram.csv", tmp_path)
    app.goto("/zhou2023")
    panel = open_tab(app, "Your sweep")
    upload(app, panel, path)
    expect(panel.get_by_test_id("stDataFrame").first).to_be_visible()  # best temperature
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-zhou2023")
    _, content = download(app, open_expander(panel, "Export"), "Plotted data (CSV)")
    shown = read_csv_download(content)
    assert len(shown) == len(pd.read_csv(path)) and "regime" in shown.columns

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("stroebl2024")
def test_stroebl2024_pass_at_k(app, tmp_path):
    path = tmp_path / "tasks.csv"
    pd.DataFrame({"task": [f"t{i}" for i in range(10)], "n": [100] * 10,
                  "c": [0, 1, 2, 5, 10, 20, 40, 60, 90, 100]}).to_csv(path, index=False)
    app.goto("/stroebl2024")
    panel = open_tab(app, "pass@k")
    upload(app, panel, path)
    expect(panel.get_by_text("10 task(s); k runs up to the smallest n, 100.")).to_be_visible()
    drawn(app, panel)
    no_exception(app)
    app.screenshot("upload-stroebl2024")
    _, content = download(app, open_expander(panel, "Export"), "Plotted data (CSV)")
    curve = read_csv_download(content)
    assert curve["k"].max() == 100
    assert np.all(np.diff(curve["pass_at_k"]) >= 0)  # pass@k grows with the budget
    assert curve["pass_at_k"].iloc[-1] == pytest.approx(0.9)  # 9 of 10 tasks ever solved

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("yao2024")
def test_yao2024_two_architectures(app, tmp_path):
    path = copy_example("yao2024_two_architectures.csv", tmp_path)
    app.goto("/yao2024")
    panel = open_tab(app, "Encoder vs decoder")
    choose_option(app, panel, "Upload a file")
    upload(app, panel, path)
    app.rerun(lambda: panel.get_by_role("button", name="Fit both and find the crossing")
              .click(), timeout=FIT_TIMEOUT_MS)
    expect(panel.get_by_text(re.compile(r"The (two )?fits (do not )?cross"))).to_be_visible()
    drawn(app, panel, count=2)  # the paper's curves, then yours
    no_exception(app)
    app.screenshot("upload-yao2024")
    _, content = download(app, open_expander(panel, "Export"), "Plotted data (CSV)")
    bands = read_csv_download(content)
    assert set(bands["architecture"]) == {"encoder", "decoder"}
    assert {"lower", "upper", "value"} <= set(bands.columns)

    malformed_upload_says_why(app, panel, tmp_path)


@in_this_run("which_law")
def test_which_law_ranking(app, tmp_path):
    path = copy_example("kaplan2020_sweep.csv", tmp_path)
    # Straight to the upload (the default public dataset would be compared first) and
    # no bootstrap bands: the point fits of every family are what is checked.
    app.goto("/which_law?wl.boot=0&wl.source=Upload+a+file")
    main = app.page.get_by_test_id("stMain")
    expect(main.get_by_role("radio", name="Upload a file")).to_be_checked()
    upload(app, main, path)
    expect(main.get_by_role("heading", name="Ranked by error on the held-out runs")
           ).to_be_visible(timeout=FIT_TIMEOUT_MS)
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    drawn(app, main)
    no_exception(app)
    app.screenshot("upload-which-law")
    name, content = download(app, main, "Ranking (CSV)")
    table = read_csv_download(content)
    assert name == "which-law.csv"
    assert {"family", "status"} <= set(table.columns), table.columns
    assert (table["status"] == "fitted").sum() >= 2, table

    # A costly input waits for Compare (the box reruns alone and names what differs);
    # Compare refits once and the result's caption names the new split.
    share = main.get_by_label("Share of the largest runs held out")
    app.rerun(lambda: (share.fill("0.30"), share.press("Enter")))
    note = main.get_by_test_id("stAlertContentInfo").filter(has_text="Press Compare")
    expect(note.filter(has_text="the largest 30% by scale")).to_be_visible()
    result = main.get_by_test_id("stCaptionContainer").filter(has_text="Result shown")
    expect(result.filter(has_text="the largest 20% by scale")).to_be_visible()
    app.rerun(lambda: main.get_by_role("button", name="Compare", exact=True).click(),
              timeout=FIT_TIMEOUT_MS)
    expect(result.filter(has_text="the largest 30% by scale")).to_be_visible(
        timeout=FIT_TIMEOUT_MS)
    expect(note).to_have_count(0)
    no_exception(app)

    malformed_upload_says_why(app, main, tmp_path)
