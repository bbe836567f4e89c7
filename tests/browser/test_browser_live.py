"""The live curve in Chromium: its own sliders redraw the law in the browser, with no
script run on the server (so it stays instant on a busy server)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.timeout(240)

LABEL = "Drag the constants of L(N, D): redrawn in your browser"
#: The drawn marks of the live chart (Streamlit draws Vega-Lite as SVG here).
MARKS = """() => Array.from(document.querySelectorAll('[data-testid="stExpander"] svg.marks'))
  .map(s => s.innerHTML).join('|')"""


def test_live_sliders_redraw_without_a_rerun(app):
    app.goto("/hoffmann2022")
    expander = app.page.get_by_test_id("stExpander").filter(has_text=LABEL).first
    expander.locator("summary").click()
    bound = expander.locator(".vega-bind")
    expect(bound).to_have_count(6)
    assert bound.locator(".vega-bind-name").all_inner_texts()[4:] == ["alpha", "beta"]
    alpha = bound.nth(4).locator("input[type=range]")
    expect(alpha).to_have_value("0.34")
    app.wait_charts(expander)
    runs_before = app.page.evaluate("window.__stScriptStates.length")
    before = app.page.evaluate(MARKS)
    alpha.fill("0.6")
    app.page.wait_for_function(f"before => ({MARKS})() !== before", arg=before)
    expect(bound.nth(4)).to_contain_text("0.6")
    app.page.wait_for_timeout(500)  # a rerun, had one been asked for, would have begun
    states = app.page.evaluate("(window.__stScriptStates || [])")[runs_before:]
    assert "running" not in states, "moving a live slider must not rerun the script"
    app.screenshot("live_curve_hoffmann2022")
