"""The live curve beside a formula: a Vega-Lite chart whose sliders are its own signals
(redrawn in the browser, no rerun), starting at the page's constants.

In the browser, the page smoke test (tests/browser/test_browser_pages.py) moves each live
curve and checks that the line redraws with no script run; tests/laws/test_vega.py checks
that Vega computes each law as numpy does."""
from __future__ import annotations

import json

import pytest

from apptools import check, open_page

LABEL = "Drag the constants of L(N, D): redrawn in your browser"


def live_spec(at) -> dict:
    expander = next(e for e in at.expander if e.label == LABEL)
    charts = [node for node in expander.children.values()
              if getattr(node, "type", "") == "vega_lite_chart"]
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def signals(spec: dict) -> dict:
    params = spec.get("params", []) + [p for layer in spec["layer"]
                                       for p in layer.get("params", [])]
    assert all(p["bind"]["input"] == "range" for p in params)
    return {p["name"]: p["value"] for p in params}


def test_live_curve_starts_at_the_pages_constants(chin):
    at = chin
    start = signals(live_spec(at))
    assert set(start) == {"live_D_log10", "live_E_log10", "live_A_log10", "live_B_log10",
                          "live_alpha", "live_beta"}
    assert start["live_alpha"] == pytest.approx(0.34)  # Chinchilla's published alpha
    at.slider("chin.alpha").set_value(0.5)
    check(at.run())
    assert signals(live_spec(at))["live_alpha"] == pytest.approx(0.5)


def test_a_law_vega_cannot_draw_has_no_live_curve(app):
    at = open_page(app, "alabdulmohsin2022")  # the M4 law is implicit (solved numerically)
    assert not [e for e in at.expander if "redrawn in your browser" in e.label]
