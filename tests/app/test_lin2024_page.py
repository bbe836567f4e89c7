"""pages/lin2024.py through the router: the Fig. 5 fits and constant sets, the planner
(targets, demonstrations per pair, unreachable targets) and the fit on uploads."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, metrics, open_page, table
from laws.papers import lin2024 as ln


@pytest.fixture
def lnp(app):
    return open_page(app, "lin2024")


def test_default_render_plans_the_papers_recipe(lnp):
    assert lnp.title[0].value == ln.PAPER.title
    (line,) = markdown(lnp, "**Plan**")
    # regression value: the Pour Water pairs fit (Fig. 5 [S]) asks 60 pairs for S = 0.9
    assert "60 environments x 1 object x 50 demonstrations = 3,000" in line
    shown = metrics(lnp)
    assert shown["Environments"] == "60" and shown["Demonstrations"] == "3,000"
    assert table(lnp, "Pearson r").shape[0] == 6
    assert any("Unconfirmed: that the fitted gap is 1 - S" in m for m in messages(lnp)["info"])
    assert not messages(lnp)["warning"] and not messages(lnp)["error"]


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_and_input_at_its_extremes(lnp, end):
    for s in lnp.slider:
        if s.key and s.key.startswith(("ln.s.", "ln.f.", "ln.target")):
            s.set_value(getattr(s, end))
    lnp.number_input(key="ln.demos").set_value(1 if end == "min" else 500)
    check(lnp.run())
    assert markdown(lnp, "**Plan**") or messages(lnp)["error"]


def test_constant_sets_and_reset(lnp):
    lnp.selectbox(key="ln.s.set").set_value("Mouse Arrangement · environment-object pairs")
    check(lnp.run())
    assert lnp.slider(key="ln.s.alpha").value == pytest.approx(-0.683)
    (line,) = markdown(lnp, "**Plan**")
    assert line.startswith("**Plan**: 41 environments")
    lnp.slider(key="ln.s.alpha").set_value(-1.0)
    check(lnp.button(key="ln.s.reset").click().run())
    assert lnp.slider(key="ln.s.alpha").value == pytest.approx(-0.683)


def test_planner_follows_the_sliders_and_refuses_the_unreachable(lnp):
    lnp.slider(key="ln.s.alpha").set_value(-0.5)
    lnp.slider(key="ln.s.beta").set_value(0.0)  # log10 slider: beta = 1
    lnp.slider(key="ln.target").set_value(0.8)
    lnp.number_input(key="ln.demos").set_value(20)
    check(lnp.run())
    (line,) = markdown(lnp, "**Plan**")
    assert "25 environments x 1 object x 20 demonstrations = 500" in line
    assert any("threshold" in m for m in messages(lnp)["info"])
    lnp.slider(key="ln.s.alpha").set_value(-0.01)
    lnp.slider(key="ln.s.beta").set_value(lnp.slider(key="ln.s.beta").max)
    lnp.slider(key="ln.target").set_value(0.99)
    check(lnp.run())
    assert any("billion" in e for e in messages(lnp)["error"])


def upload(at, name, payload):
    uploader = at.file_uploader(key="ln.data.upload")
    return check(uploader.set_value((name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(lnp):
    x = np.array([1, 2, 4, 8, 16, 32], float)
    good = pd.DataFrame({"x": x, "Y": 0.8 * x ** -0.37})
    at = upload(lnp, "rollouts.csv", good.to_csv(index=False).encode())
    at.slider(key="ln.data.boot").set_value(0)
    at.slider(key="ln.data.holdout").set_value(0.0)
    check(at.button(key="ln.data.fit").click().run())
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["alpha"] == pytest.approx(-0.37, abs=1e-3)
    assert table(at, "quantity")["value"].iloc[0] == pytest.approx(
        float(ln.diversity_for_score(0.9, fitted["alpha"], fitted["beta"])), rel=1e-6)
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"x,Y\nnan,nan\n"),
                          ("neg.csv", b"x,Y\n-5,0.9\n0,0.8\n4,-0.2\n")]:
        at = upload(at, name, payload)
        if any(b.key == "ln.data.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="ln.data.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
