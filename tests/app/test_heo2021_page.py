"""pages/heo2021.py through the router: the simulation's widgets, the closed form, projection."""
from __future__ import annotations

import re

import pytest

from apptools import check, markdown, messages, new_app, served_page, table
from laws.papers import heo2021 as heo

TABS = ["Simulation", "Norm growth and momentum", "The projection (SGDP / AdamP)"]
SLIDERS = ["heo.loglr", "heo.beta", "heo.steps", "heo.dim", "heo.noise"]


@pytest.fixture(scope="module")
def page():
    with served_page("heo2021") as at:
        yield at


def closed_form_error(at) -> float:
    (line,) = markdown(at, "Closed form against the simulated momentum run")
    return float(re.search(r"\*\*([\d.e+-]+)\*\*", line).group(1))


def test_default_render(page):
    at = page
    assert [t.value for t in at.title] == [heo.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    assert any(heo.effective_step.latex() in x.value for x in at.latex)
    msgs = messages(at)
    assert not msgs["error"] and not msgs["warning"]
    assert any("Equation numbers unconfirmed" in i for i in msgs["info"])
    assert any("2.93" in i and "27.87" in i and "cannot be reproduced" in i
               for i in msgs["info"])
    summary = table(at, "norm growth x").set_index("optimizer")
    assert summary.loc["SGD + momentum", "norm growth x"] == pytest.approx(4.4968, abs=1e-3)
    assert closed_form_error(at) < 1e-10
    assert markdown(at, "With a steady update norm")[0].count("**19**") == 1
    # project page: ResNet-18 ImageNet, momentum SGD 66.6 %, SGDP 69.0 %
    assert markdown(at, "ResNet-18 on ImageNet (project page): momentum SGD **66.6%**, "
                        "SGDP **69.0%** top-1.")
    assert markdown(at, "Example: w = (3, 4), p = (1, 1) gives Pi_w(p) = (0.16, -0.12)")
    keys = {b.key for b in at.download_button}
    for panel in ("heo.sim", "heo.amp"):
        assert {f"{panel}.fig", f"{panel}.csv", f"{panel}.bib"} <= keys


@pytest.mark.parametrize("end", ["min", "max"])
def test_sliders_at_extremes_and_every_plot(page, end):
    at = page
    for key in SLIDERS:
        at.slider(key).set_value(getattr(at.slider(key), end))
    check(at.run())
    for y in ("effective_step", "angle_deg", "norm"):
        check(at.radio("heo.y").set_value(y).run())
        assert not at.error
    summary = table(at, "norm growth x")
    assert summary["final norm"].notna().all()
    if end == "min":   # no noise: the closed form is checked
        assert closed_form_error(at) < 1e-8
    else:
        assert markdown(at, "With gradient noise the update norms are random")
    assert at.query_params["heo.steps"] == str(at.slider("heo.steps").value)


def test_url_state(served):
    at = new_app()
    at.query_params.update({"heo.loglr": "-2", "heo.beta": "0.99", "heo.steps": "oops",
                            "heo.y": "nope"})
    at.switch_page("pages/heo2021.py")
    check(at.run())
    assert at.slider("heo.loglr").value == pytest.approx(-2.0)
    assert at.slider("heo.beta").value == pytest.approx(0.99)
    assert at.slider("heo.steps").value == 200
    assert at.radio("heo.y").value == "norm"
    assert markdown(at, "With a steady update norm")[0].count("**199**") == 1
