"""pages/bello2021.py through the router: family, planner, resolution rule, your data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, new_app, served_page, table
from laws.papers import bello2021 as rs

KEY = "rs.data"
TABS = ["ResNet-RS family", "Scaling planner", "How slowly does resolution grow?",
        "Use your data"]


@pytest.fixture(scope="module")
def page():
    with served_page("bello2021") as at:
        yield at


def best(at):
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_default_render(page):
    at = page
    assert [t.value for t in at.title] == [rs.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    assert any(rs.resolution_rule.latex() in x.value for x in at.latex)
    msgs = messages(at)
    assert not msgs["error"] and not msgs["warning"]
    (info,) = msgs["info"]
    assert "not confirmed" in info
    # README: within 500 ms on TPUv3 the best is ResNet-RS-152 at 256 px, 83.0 % top-1
    assert best(at) == {"Most accurate within 500 ms": ("ResNet-RS-152 @ 256",
                                                         "83.0% top-1")}
    family = table(at, "tpu_latency_ms")
    assert len(family) == 11 and family["top1"].max() == 84.4
    (line,) = markdown(at, "Measured against compute")
    assert f"**{rs.RS_EXPONENT:.3f}**" in line and "0.214" in line
    plan = table(at, "acts exponent")
    assert plan["strategy"].iloc[0].startswith("Bello et al.: depth")
    keys = {b.key for b in at.download_button}
    for panel in ("rs.family", "rs.plan", "rs.rule"):
        assert {f"{panel}.fig", f"{panel}.csv", f"{panel}.bib"} <= keys, panel


def test_device_and_budget(page):
    at = page
    check(at.radio("rs.device").set_value("V100").run())
    budget = at.slider("rs.budget_log")
    check(budget.set_value(budget.min).run())
    assert not at.metric
    assert any("No ResNet-RS configuration runs within" in i for i in messages(at)["info"])
    check(at.slider("rs.budget_log").set_value(at.slider("rs.budget_log").max).run())
    (value,) = best(at).values()
    assert value == ("ResNet-RS-420 @ 320", "84.4% top-1")
    check(at.radio("rs.device").set_value("TPUv3").run())   # value clamped, no exception
    assert at.query_params["rs.device"] == "TPUv3"
    check(at.slider("rs.budget_log").set_value(np.log10(500.0)).run())


def test_planner_widgets(page):
    at = page
    at.slider("rs.log2s").set_value(8.0)
    at.slider("rs.k").set_value(0.0)
    check(at.radio("rs.regime").set_value("no overfitting").run())
    assert markdown(at, "To grow flops 256x: resolution x1, and **width** x16 (depth kept).")
    at.slider("rs.k").set_value(0.5)
    check(at.radio("rs.regime").set_value("overfitting possible").run())
    assert markdown(at, "To grow flops 256x: resolution x16, and **depth** x1 (width kept).")
    at.slider("rs.log2s").set_value(0.0)
    check(at.slider("rs.k").set_value(round(rs.RS_EXPONENT, 3)).run())
    assert not at.error


def test_rule_sliders_extremes_and_sets(page):
    at = page
    for key in ("rs.rule.r_0", "rs.rule.k"):
        at.slider(key).set_value(at.slider(key).min)
    check(at.run())
    for key in ("rs.rule.r_0", "rs.rule.k"):
        at.slider(key).set_value(at.slider(key).max)
    check(at.run())
    assert not at.error
    check(at.button("rs.rule.reset").click().run())
    assert at.slider("rs.rule.k").value == pytest.approx(rs.RS_EXPONENT, abs=1e-3)


def fit(at, boot=0):
    at.slider(f"{KEY}.boot").set_value(boot)
    at.slider(f"{KEY}.holdout").set_value(0.0)
    return check(at.button(f"{KEY}.fit").click().run())


def upload(at, name, data):
    check(at.radio(f"{KEY}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, "text/csv")).run())


def test_fit_example_and_uploads(page):
    at = page
    check(at.radio(f"{KEY}.source").set_value("Shipped example").run())
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == \
        ["compute", "resolution"]
    fit(at, boot=20)
    assert markdown(at, "**Fit of r(C) = r_0 C^k** on 11 runs")
    params = table(at, "parameter").set_index("parameter")
    assert params.loc["k", "fitted"] == pytest.approx(rs.RS_EXPONENT, abs=2e-3)
    assert any(c.value.startswith("Extrapolation to 10x") for c in at.caption)
    before = markdown(at, "**Fit of")
    for name, data, expected in [("empty.csv", b"", "is empty"),
                                 ("garbage.csv", bytes(range(256)) * 10, "binary")]:
        upload(at, name, data)
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
        assert markdown(at, "**Fit of") == before
    bad = pd.DataFrame({"compute": [1.0, 2.0, np.nan, 0.0, -1.0, 8.0, 16.0],
                        "resolution": [128, 150, 170, 190, 200, 220, 260]})
    upload(at, "mine.csv", bad.to_csv(index=False).encode())
    fit(at)
    assert markdown(at, "**Fit of r(C) = r_0 C^k** on 4 runs")
    (dropped,) = [w for w in messages(at)["warning"] if "were left out" in w]
    assert dropped.startswith("3 row(s) were left out")
    zeros = pd.DataFrame({"compute": [0.0, 0.0], "resolution": [-1.0, 0.0]})
    upload(at, "zeros.csv", zeros.to_csv(index=False).encode())
    fit(at)
    (error,) = messages(at)["error"]
    assert error.startswith("The fit could not be done: No row can be used")


def test_url_state(served):
    at = new_app()
    at.query_params.update({"rs.device": "H100", "rs.log2s": "3", "rs.regime": "???",
                            "rs.k": "7"})
    at.switch_page("pages/bello2021.py")
    check(at.run())
    assert at.radio("rs.device").value == "TPUv3"
    assert at.radio("rs.regime").value == "overfitting possible"
    assert at.slider("rs.log2s").value == pytest.approx(3.0)
    assert at.slider("rs.k").value == pytest.approx(0.5)
    assert not at.error
