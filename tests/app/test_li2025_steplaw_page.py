"""pages/li2025_steplaw.py through the router: sliders, cells, tolerance, band, exports."""
from __future__ import annotations

import pytest

from apptools import check, open_page


@pytest.fixture
def step(app):
    return open_page(app, "li2025_steplaw")


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_default_view_shows_the_published_advice(step):
    m = metrics(step)
    # N = 1e9, D = 1e11: 1.6325e-3 and 1.1077e6 tokens (the pinned numbers)
    assert m["Optimal peak LR"] == "0.001632"
    assert m["Optimal batch [tokens]"] == "1.108e+06"
    assert m["Batch [sequences]"] == "540.9"
    assert any("within 0.25% of the best smoothed loss" in x.value for x in step.markdown)


def test_size_sliders_and_sequence_length_move_the_advice(step):
    before = metrics(step)
    step.slider(key="step.logN").set_value(7.0)
    step.slider(key="step.logD").set_value(14.0)
    step.number_input(key="step.seq").set_value(4096)
    check(step.run())
    after = metrics(step)
    assert after["Optimal peak LR"] != before["Optimal peak LR"]
    assert after["Optimal batch [tokens]"] != before["Optimal batch [tokens]"]
    assert float(after["Batch [sequences]"]) == pytest.approx(
        float(after["Optimal batch [tokens]"]) / 4096, rel=1e-3)


@pytest.mark.parametrize("cell", [0, 16])
@pytest.mark.parametrize("tol", [0.05, 2.0])
def test_every_cell_and_tolerance_extreme(step, cell, tol):
    step.selectbox(key="step.cell").set_value(cell)
    step.slider(key="step.tol").set_value(tol)
    check(step.run())
    text = " ".join(x.value for x in step.markdown)
    assert f"within {tol / 100:.2%} of the best smoothed loss" in text


def test_constant_sliders_at_extremes(step):
    for key in ("step.lr.alpha_N", "step.lr.beta_D", "step.b.gamma_D"):
        s = step.slider(key=key)
        s.set_value(s.min)
    check(step.run())
    for key in ("step.lr.alpha_N", "step.lr.beta_D", "step.b.gamma_D"):
        s = step.slider(key=key)
        s.set_value(s.max)
    check(step.run())
    assert metrics(step)["Optimal peak LR"]


def test_exports_offer_downloads(step):
    labels = [b.label for b in step.get("download_button")]
    assert "BibTeX" in labels and "Plotted data (CSV)" in labels
