"""pages/noci2024.py: the shipped toy run, a live run, every tab's controls."""
from __future__ import annotations

import pytest

from apptools import check, markdown, messages, metrics, open_page, table
from laws.papers import noci2024 as nc


@pytest.fixture
def noci(app):
    return open_page(app, "noci2024")


def test_default_render_and_tabs(noci):
    at = noci
    assert [t.value for t in at.title] == [nc.PAPER.title]
    assert any(nc.eos_gd.latex() in x.value for x in at.latex)
    assert len(at.info) == 2 and not at.error and not at.warning
    (line,) = markdown(at, "Under muP, the last measured sharpness ranges")
    assert "(ratio 1.0" in line  # shipped run: super consistent across widths
    shifts = table(at, "c in eta_0* ~ n^-c").set_index("parametrisation")
    assert abs(shifts.loc["muP", "c in eta_0* ~ n^-c"]) < 0.1
    check(at.radio("noci.param").set_value("SP").run())
    (line,) = markdown(at, "Under SP, the last measured sharpness")
    assert "width(s) 1024 diverged" in line
    check(at.radio("noci.param").set_value("NTP").run())
    check(at.radio("noci.sweep").set_value("SP").run())
    check(at.radio("noci.opt").set_value("SGD").run())
    assert set(table(at, "lr_exponent")["optimizer"]) == {"SGD"}
    at.slider("noci.logn").set_value(5.0)
    at.slider("noci.lw.c").set_value(0.0)
    check(at.run())
    assert metrics(at)["Best learning rate at width 100000"] == "0.01"
    check(at.button("noci.lw.reset").click().run())
    assert at.slider("noci.lw.c").value == pytest.approx(1.0)
    at.slider("noci.logeta").set_value(0.0)
    at.slider("noci.adam.beta_1").set_value(0.9)
    check(at.run())
    m = metrics(at)
    assert m["GD: sharpness at the edge, 2/eta"] == "2"
    assert m["Adam: preconditioned sharpness at the edge"] == "38"
    for key in ("noci.logeta", "noci.logn"):
        at.slider(key).set_value(at.slider(key).min)
    at.slider("noci.adam.beta_1").set_value(at.slider("noci.adam.beta_1").max)
    check(at.run())
    assert not at.error
    assert at.query_params["noci.opt"] == "SGD"


def test_live_run_and_settings_extremes(noci):
    at = noci
    check(at.multiselect("noci.widths").set_value([64]).run())
    assert "Pick at least two widths to compare." in messages(at)["error"]
    at.multiselect("noci.widths").set_value([32, 64])
    at.slider("noci.steps").set_value(10)
    at.slider("noci.eta_mu").set_value(1.0)
    at.slider("noci.eta_sp").set_value(0.0)
    check(at.run())
    assert not at.error
    assert markdown(at, "Under muP, the last measured sharpness")
    assert set(table(at, "c in eta_0* ~ n^-c")["parametrisation"]) == set(nc.PARAMETRISATIONS)
    at.slider("noci.eta_mu").set_value(-2.0)
    at.slider("noci.eta_sp").set_value(-3.0)
    at.slider("noci.steps").set_value(200)
    check(at.run())
    assert not at.error


def test_the_steps_slider_cuts_the_shipped_run(noci):
    # At the default widths and rates every slider value of steps is shipped: the page
    # cuts the tables (nc.toy_at) instead of training; its extremes and a middle value.
    at = noci
    for steps in (10, 200, 100):
        check(at.slider("noci.steps").set_value(steps).run())
        assert not at.error
        assert markdown(at, "Under muP, the last measured sharpness")
        shifts = table(at, "c in eta_0* ~ n^-c").set_index("parametrisation")
        assert set(shifts.index) == set(nc.PARAMETRISATIONS)
