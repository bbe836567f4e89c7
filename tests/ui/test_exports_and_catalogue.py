"""Shared UI pieces that need no running app: figure export, snippet, catalogue search."""
import numpy as np
import pandas as pd

import laws
from ui import charts, exports
from ui.catalogue import matches


def test_figure_exports_are_real_png_and_svg():
    frame = pd.DataFrame({"N": np.logspace(7, 11, 20), "loss": np.linspace(3, 2, 20)})
    chart = charts.curves(frame, "N", "loss")
    png = exports.figure_bytes(chart, "png")
    svg = exports.figure_bytes(chart, "svg")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert svg.lstrip().startswith(b"<svg") and b"loss" in svg


def test_snippet_redoes_the_fit():
    law = laws.get("kaplan2020.loss_n")
    runs = laws.simulate(law, pd.DataFrame({"N": np.logspace(6, 9, 8)}), noise=0.01)
    fit = laws.fit(law, runs, refine=2)
    code = exports.fit_snippet(fit, "runs")
    namespace = {"runs": runs}
    exec(compile(code, "<snippet>", "exec"), namespace)  # our own generated code, not user input
    assert namespace["fit"].params == fit.params


def test_catalogue_search_matches_every_word():
    chin = laws.paper("hoffmann2022")
    assert matches(chin, "")
    assert matches(chin, "compute-optimal HOFFMANN")
    assert matches(chin, "2022 frontier")
    assert not matches(chin, "batch kaplan2020")
    assert matches(laws.paper("kaplan2020"), "critical batch")
