"""The Chinchilla page in Chromium: sliders, the frontier, uploading runs, fitting,
exporting the fit, and a malformed upload."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and
                 os.path.exists(p)), None)

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(/usr/bin/chromium or chromium on PATH); apt-get install chromium"),
    pytest.mark.timeout(240),
]

TITLE = "Training Compute-Optimal Large Language Models"
CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
FIT_TIMEOUT_MS = 180_000


def chinchilla_runs(path, n=40, noise=0.01, seed=0):
    """``n`` runs (N, D, loss) from the published Chinchilla law with relative noise."""
    rng = np.random.default_rng(seed)
    N = 10 ** rng.uniform(7, 10, n)
    D = 10 ** rng.uniform(9, 11.5, n)
    p = CHINCHILLA
    loss = p["E"] + p["A"] / N ** p["alpha"] + p["B"] / D ** p["beta"]
    loss = loss * (1 + noise * rng.standard_normal(n))
    lines = ["N,D,loss"] + [f"{a:.6g},{b:.6g},{c:.6f}" for a, b, c in zip(N, D, loss)]
    path.write_text("\n".join(lines) + "\n")
    return path


def url_param(page, name):
    return parse_qs(urlparse(page.url).query).get(name, [None])[0]


def visible_panel(page):
    """The open tab's panel (hidden panels are left out by role queries)."""
    return page.get_by_role("tabpanel")


def open_tab(app, name):
    app.page.get_by_role("tab", name=name).click()
    app.wait_idle()
    expect(app.page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
    return visible_panel(app.page)


def choose_upload(app, panel, path):
    app.rerun(lambda: panel.get_by_test_id("stRadio").get_by_text("Upload a file",
                                                                   exact=True).click())
    file_input = panel.locator('input[type="file"]')
    expect(file_input).to_have_count(1)
    app.rerun(lambda: file_input.set_input_files(str(path)))


def test_hoffmann2022_slider_upload_fit_and_export(app, tmp_path):
    page = app.page
    app.goto("/hoffmann2022")

    # The page, its formula typeset by KaTeX, no exception.
    expect(page.locator("h1")).to_have_text(TITLE)
    formula = page.get_by_test_id("stMain").locator(".katex-display").first
    expect(formula.locator(".katex-html")).to_be_visible()
    tex = formula.locator('annotation[encoding="application/x-tex"]').text_content()
    assert "\\alpha" in tex and "\\beta" in tex, tex
    expect(page.get_by_test_id("stException")).to_have_count(0)

    # A sidebar slider moved with the keyboard changes N_opt and the shareable URL.
    panel = open_tab(app, "Compute-optimal frontier")
    n_opt = panel.get_by_test_id("stMetric").filter(has_text="N_opt") \
        .get_by_test_id("stMetricValue")
    expect(n_opt).to_have_text(re.compile(r"\d"))
    before = float(n_opt.inner_text())
    budget = page.get_by_test_id("stSidebar").get_by_role(
        "slider", name="Compute budget log10 C [FLOPs]")
    start = float(budget.get_attribute("aria-valuetext"))
    budget.focus()
    app.rerun(lambda: budget.press("ArrowRight"))
    moved = float(budget.get_attribute("aria-valuetext"))
    assert moved > start
    expect(n_opt).not_to_have_text(f"{before:.3g}")
    after_step = float(n_opt.inner_text())
    assert after_step > before  # N_opt grows with the budget
    assert float(url_param(page, "chin.logC")) == pytest.approx(moved, abs=0.006)
    app.rerun(lambda: budget.press("End"))
    expect(budget).to_have_attribute("aria-valuetext", "27.00")
    assert float(n_opt.inner_text()) > after_step
    expect(page).to_have_url(re.compile(r"[?&]chin\.logC=27(&|$)"))

    # Use your data: upload 40 Chinchilla runs, fit with 50 resamples.
    panel = open_tab(app, "Use your data")
    choose_upload(app, panel, chinchilla_runs(tmp_path / "runs.csv"))
    for label in ("N [parameters]", "D [tokens]", "loss [nats/token]"):
        expect(panel.get_by_test_id("stSelectbox").filter(has_text=label)).to_be_visible()
    panel.get_by_test_id("stExpander").filter(has_text="Fit options") \
        .locator("summary").click()
    resamples = panel.get_by_role("slider", name="Bootstrap resamples")
    expect(resamples).to_have_attribute("aria-valuetext", "100")
    resamples.focus()
    app.rerun(lambda: resamples.press("ArrowLeft"))  # step 50: 100 -> 50
    expect(resamples).to_have_attribute("aria-valuetext", "50")
    fit_button = panel.get_by_role("button", name="Fit", exact=True)
    app.rerun(lambda: fit_button.click(), timeout=FIT_TIMEOUT_MS)

    expect(panel.get_by_text(re.compile(r"Fit of .+ on 40 runs"))).to_be_visible()
    expect(panel.get_by_text(re.compile(r"50 bootstrap resamples, 95% intervals"))).to_be_visible()
    tables = panel.get_by_test_id("stDataFrame")
    expect(tables.first).to_be_visible()  # parameters with intervals
    assert tables.count() >= 2  # and the derived quantities
    expect(panel.get_by_test_id("stMarkdown").filter(
        has_text=re.compile(r"Backtest: fitted on \d+ runs"))).to_be_visible()
    caption = panel.get_by_text(re.compile(r"^Extrapolation: the fitted loss"))
    expect(caption).to_be_visible()
    charts = panel.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2)  # residuals, extrapolation
    app.wait_charts(panel)
    extrapolation = charts.last.locator("canvas, svg").first
    expect(extrapolation).to_be_visible()
    box = extrapolation.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    expect(page.get_by_test_id("stException")).to_have_count(0)
    charts.last.scroll_into_view_if_needed()
    app.screenshot("hoffmann2022-fit")

    # Export: the fitted parameters as JSON.
    export = panel.get_by_test_id("stExpander").filter(has_text="Export").last
    export.locator("summary").click()
    button = export.get_by_role("button", name="Fitted parameters (JSON)")
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".json")
    fit = json.loads(open(download.path(), encoding="utf-8").read())
    assert fit["law"] == "hoffmann2022.loss"
    assert set(fit["params"]) == set(CHINCHILLA)
    assert fit["n"] == 40
    assert set(fit["intervals"]) == set(CHINCHILLA)
    for name, (lo, hi) in fit["intervals"].items():
        assert np.isfinite([lo, hi]).all() and lo < hi, (name, lo, hi)
    assert fit["record"]["bootstrap"]["resamples"] == 50
    assert fit["params"]["E"] == pytest.approx(CHINCHILLA["E"], abs=0.15)
    assert 0.2 < fit["params"]["alpha"] < 0.5 and 0.2 < fit["params"]["beta"] < 0.5
    app.wait_idle()  # the download button's rerun


def test_hoffmann2022_malformed_upload_says_why(app, tmp_path):
    page = app.page
    bad = tmp_path / "runs.csv"
    bad.write_bytes(random.Random(0).randbytes(4096))
    app.goto("/hoffmann2022")
    panel = open_tab(app, "Use your data")
    choose_upload(app, panel, bad)

    alert = panel.get_by_test_id("stAlert")
    expect(alert).to_have_count(1)
    message = alert.inner_text().strip()
    assert "runs.csv" in message, message
    assert re.search(r"[A-Za-z][^.]{20,}\.", message), message  # a sentence
    assert "Traceback" not in message and "Error:" not in message, message
    expect(panel.get_by_role("button", name="Fit", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
