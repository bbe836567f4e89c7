"""Shared pieces of the browser upload tests (not collected: no ``test_`` prefix).

* ``section_pages()`` finds, from the page sources, every page that calls the shared
  "Use your data" panel ``ui.data.section``; ``SECTION_SPECS`` says, per page, which
  relation its panel fits by default and which file is uploaded to it. A page found in
  the code but missing from the specs fails ``test_every_section_page_is_covered``.
* ``upload_fit_and_export`` drives one such page in Chromium: the "Use your data" tab,
  "Upload a file", the column mapping, the fewest bootstrap resamples that still give
  intervals (50), Fit, the result, the charts, a screenshot, and the
  fitted parameters downloaded from the Export expander.
"""
from __future__ import annotations

import io
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

import laws
from laws.core.simulate import simulate

REPO = Path(__file__).resolve().parents[2]
PAGES_DIR = REPO / "pages"
EXAMPLES = REPO / "data"
SECTION_CALL = re.compile(r"\bdata\.section\(")
#: A fit with bootstrap resamples may take a while on a loaded machine (waiting, not timing).
FIT_TIMEOUT_MS = 180_000
#: Fewest bootstrap resamples that still give intervals: the slider's step (its 0 is "none").
RESAMPLES = 50
SIMULATED_RUNS = 16


@dataclass(frozen=True)
class SectionSpec:
    """What the "Use your data" panel of one page fits by default, and the file it gets.

    ``example``: a CSV shipped under data/ (re-uploaded as a user would), else runs are
    simulated from the law's published constants over its inputs' typical ranges.
    ``every``: keep every k-th row of the example (a smaller, still realistic file).
    ``backtest``: False sets the backtest's held-out share to 0, for the relations whose
    fit takes several seconds even with 50 resamples (the backtest would double it).
    """

    law_id: str
    example: str | None = None
    every: int = 1
    backtest: bool = True


SECTION_SPECS = {
    # M4 is solved by bisection at every start: several seconds per fit.
    "alabdulmohsin2022": SectionSpec("alabdulmohsin2022.m4", backtest=False),
    "bello2021": SectionSpec("bello2021.resolution_rule", "bello2021_resnetrs.csv"),
    "dollar2021": SectionSpec("dollar2021.complexity_fit", "dollar2021_convnet_family.csv"),
    "gadre2024": SectionSpec("gadre2024.loss"),
    "goyal2024": SectionSpec("goyal2024.error"),
    "henighan2020": SectionSpec("henighan2020.power", "henighan2020_sweep.csv"),
    "hestness2017": SectionSpec("hestness2017.learning_curve",
                                "hestness2017_learning_curve.csv"),
    "kang2023": SectionSpec("kang2023.stage1"),
    "kaplan2020": SectionSpec("kaplan2020.loss_nd", "kaplan2020_sweep.csv"),
    "li2024_t2i": SectionSpec("li2024_t2i.tifa_compute"),
    "lin2024": SectionSpec("lin2024.gap"),
    "schaeffer2024": SectionSpec("schaeffer2024.accuracy_sigmoid"),
    "sorscher2022": SectionSpec("sorscher2022.power_law"),
    "stroebl2024": SectionSpec("stroebl2024.accuracy"),
    # 336 runs and eight parameters: every 14th run of the shipped grid keeps it to seconds.
    "sun2025": SectionSpec("sun2025.loss", "sun2025_sweep.csv", every=14, backtest=False),
    "toshniwal2024": SectionSpec("toshniwal2024.saturating"),
    "yao2024": SectionSpec("yao2024.loss_n", "yao2024_sweep.csv"),
}
#: Section pages with a browser test of their own (with more checks than the generic one).
COVERED_ELSEWHERE = {"hoffmann2022": "test_browser_hoffmann2022.py"}


#: Pages whose upload flow runs in the default test run (with Chinchilla's own test):
#: one on the shared panel, one with its own uploader. Every other page's runs with
#: ``UPLOAD_CHECK=1``, which ``.ci/run`` sets for a second run of these modules after the
#: default one: a page takes 20-45 s in Chromium on 2 cores, and all 27 would double the
#: default run, which is kept well under 15 minutes.
DEFAULT_RUN = {"kaplan2020", "caballero2022"}
FULL_RUN = os.environ.get("UPLOAD_CHECK") == "1"


def in_this_run(key: str) -> pytest.MarkDecorator:
    """Skip ``key``'s upload test unless it is in :data:`DEFAULT_RUN` or UPLOAD_CHECK=1."""
    return pytest.mark.skipif(not FULL_RUN and key not in DEFAULT_RUN,
                              reason=f"{key}'s browser upload runs with UPLOAD_CHECK=1 "
                                     f"(.ci/run runs it after the default run)")


def cases(keys: list[str]) -> list:
    """``keys`` as pytest parameters, each skipped unless :func:`in_this_run`."""
    return [pytest.param(k, marks=in_this_run(k)) for k in keys]


def section_pages() -> list[str]:
    """Keys of the pages whose source calls ``data.section(``, sorted."""
    return sorted(p.stem for p in PAGES_DIR.glob("*.py")
                  if SECTION_CALL.search(p.read_text(encoding="utf-8")))


def generic_pages() -> list[str]:
    return [k for k in section_pages() if k not in COVERED_ELSEWHERE]


def design(law, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` runs spread over each input's typical range (log-uniform on log inputs)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for v in law.inputs:
        lo, hi = v.typical
        columns[v.name] = (10 ** rng.uniform(np.log10(lo), np.log10(hi), n)
                           if v.log and lo > 0 else rng.uniform(lo, hi, n))
    return pd.DataFrame(columns)


def runs_file(key: str, folder: Path) -> tuple[Path, int]:
    """The CSV uploaded to page ``key`` and its number of runs."""
    spec = SECTION_SPECS[key]
    if spec.example:
        frame = pd.read_csv(EXAMPLES / spec.example).iloc[::spec.every]
        name = spec.example
    else:
        law = laws.get(spec.law_id)
        frame = simulate(law, design(law, SIMULATED_RUNS), noise=0.01, seed=0)
        name = f"{key}_runs.csv"
    path = folder / name
    frame.to_csv(path, index=False, float_format="%.6g")
    return path, len(frame)


def garbage_file(folder: Path, name: str = "runs.csv") -> Path:
    path = folder / name
    path.write_bytes(random.Random(0).randbytes(4096))
    return path


# --- driving a page ------------------------------------------------------------------
def open_tab(app, name: str):
    """Click the tab called ``name``; returns the open panel."""
    tab = app.page.get_by_role("tab", name=name, exact=True)
    tab.click()
    app.wait_idle()
    expect(tab).to_have_attribute("aria-selected", "true")
    return app.page.get_by_role("tabpanel")


def choose_option(app, scope, option: str) -> None:
    """Pick ``option`` of the radio in ``scope`` that offers it (a rerun)."""
    radio = scope.get_by_test_id("stRadio").filter(
        has=app.page.get_by_text(option, exact=True))
    expect(radio).to_have_count(1)
    label = radio.get_by_text(option, exact=True)
    if radio.get_by_role("radio", name=option).is_checked():
        return
    app.rerun(lambda: label.click())


def upload(app, scope, path: Path) -> None:
    file_input = scope.locator('input[type="file"]')
    expect(file_input).to_have_count(1)
    app.rerun(lambda: file_input.set_input_files(str(path)))


def set_slider(app, slider, keys: list[str], expected: str) -> None:
    """Press ``keys`` on a focused slider (each a rerun) and check its value."""
    slider.focus()
    for key in keys:
        app.rerun(lambda k=key: slider.press(k))
    expect(slider).to_have_attribute("aria-valuetext", expected)


def no_exception(app) -> None:
    expect(app.page.get_by_test_id("stException")).to_have_count(0)


def download(app, scope, label: str) -> tuple[str, bytes]:
    """Click the download button ``label`` in ``scope``: (file name, bytes)."""
    button = scope.get_by_role("button", name=label, exact=True)
    expect(button).to_be_visible()
    with app.page.expect_download() as info:
        button.click()
    d = info.value
    content = Path(d.path()).read_bytes()
    app.wait_idle()  # a download button reruns the script
    return d.suggested_filename, content


def open_expander(scope, title: str):
    expander = scope.get_by_test_id("stExpander").filter(has_text=title).last
    expander.locator("summary").click()
    return expander


def says_a_sentence(alert, name: str | None = None) -> str:
    """The alert's text: a sentence, no traceback."""
    expect(alert).to_be_visible()
    message = alert.inner_text().strip()
    assert re.search(r"[A-Za-z][^.]{15,}[.:]", message), message
    assert "Traceback" not in message and "Error:" not in message, message
    if name:
        assert name in message, message
    return message


def read_csv_download(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content))


def upload_fit_and_export(app, key: str, folder: Path) -> dict:
    """The whole generic check of one section page; returns the downloaded fit."""
    spec = SECTION_SPECS[key]
    law = laws.get(spec.law_id)
    path, n_runs = runs_file(key, folder)
    page = app.page

    app.goto(f"/{key}")
    panel = open_tab(app, "Use your data")
    choose_option(app, panel, "Upload a file")
    upload(app, panel, path)
    no_exception(app)

    # The column mapping: one selectbox per variable, named as the law names it.
    for var in law.inputs + [law.output]:
        label = f"{var.name} [{var.unit}]"
        expect(panel.get_by_test_id("stSelectbox").filter(
            has=page.get_by_text(label, exact=True))).to_have_count(1)

    open_expander(panel, "Fit options")
    set_slider(app, panel.get_by_role("slider", name="Bootstrap resamples"), ["ArrowLeft"],
               str(RESAMPLES))
    if not spec.backtest:
        set_slider(app, panel.get_by_role("slider",
                                          name="Backtest: share of largest runs held out"),
                   ["Home"], "0.00")
    app.rerun(lambda: panel.get_by_role("button", name="Fit", exact=True).click(),
              timeout=FIT_TIMEOUT_MS)

    expect(panel.get_by_text(re.compile(rf"^Fit of .+ on {n_runs} runs: objective"))
           ).to_be_visible()
    expect(panel.get_by_text(f"{RESAMPLES} bootstrap resamples, 95% intervals",
                             exact=False)).to_be_visible()
    expect(panel.get_by_test_id("stDataFrame").first).to_be_visible()
    backtest = panel.get_by_test_id("stMarkdown").filter(
        has_text=re.compile(r"Backtest: fitted on \d+ runs below"))
    expect(backtest).to_have_count(1 if spec.backtest else 0)
    no_exception(app)
    charts = panel.get_by_test_id("stVegaLiteChart")
    expect(charts.first).to_be_visible()
    app.wait_charts(panel)
    for i in range(charts.count()):
        box = charts.nth(i).locator("canvas, svg").first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, (i, box)
    charts.last.scroll_into_view_if_needed()
    app.screenshot(f"upload-{key}")

    export = open_expander(panel, "Export")
    name, content = download(app, export, "Fitted parameters (JSON)")
    assert name.endswith(".json"), name
    fit = json.loads(content)
    assert fit["law"] == spec.law_id
    assert set(fit["params"]) == set(law.param_names)
    assert fit["n"] == n_runs
    assert set(fit["intervals"]) == set(law.param_names)
    for p, (lo, hi) in fit["intervals"].items():
        assert np.isfinite([lo, hi]).all() and lo <= hi, (p, lo, hi)
    assert fit["record"]["bootstrap"]["resamples"] == RESAMPLES
    no_exception(app)
    return fit
