"""pages/lin2024.py through the router: the power law and its factor radio, the planner
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
    assert "32 environments x 1 object x 50 demonstrations = 1,600" in line
    shown = metrics(lnp)
    assert shown["Environments"] == "32" and shown["Demonstrations"] == "1,600"
    assert any(m.startswith("Unconfirmed") for m in messages(lnp)["info"])
    assert not messages(lnp)["warning"] and not messages(lnp)["error"]


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_and_input_at_its_extremes(lnp, end):
    for s in lnp.slider:
        if s.key and s.key.startswith(("ln.s.", "ln.f.", "ln.target")):
            s.set_value(getattr(s, end))
    lnp.number_input(key="ln.demos").set_value(1 if end == "min" else 500)
    for factor in ("environments", "objects"):
        lnp.radio(key="ln.factor").set_value(factor)
        check(lnp.run())
    assert markdown(lnp, "**Plan**") or messages(lnp)["error"]


def test_planner_follows_the_sliders_and_refuses_the_unreachable(lnp):
    lnp.slider(key="ln.s.alpha").set_value(0.5)
    lnp.slider(key="ln.s.beta").set_value(-1.0)  # log10 slider: beta = 0.1
    lnp.slider(key="ln.target").set_value(0.5)
    lnp.number_input(key="ln.demos").set_value(20)
    check(lnp.run())
    (line,) = markdown(lnp, "**Plan**")
    assert "25 environments x 1 object x 20 demonstrations = 500" in line
    assert any("threshold" in m for m in messages(lnp)["info"])
    lnp.slider(key="ln.s.alpha").set_value(0.01)
    lnp.slider(key="ln.s.beta").set_value(-2.0)  # beta = 0.01
    lnp.slider(key="ln.target").set_value(1.0)
    check(lnp.run())
    assert any("billion" in e for e in messages(lnp)["error"])


def upload(at, name, payload):
    uploader = at.file_uploader(key="ln.data.upload")
    return check(uploader.set_value((name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(lnp):
    x = np.array([1, 2, 4, 8, 16, 32], float)
    good = pd.DataFrame({"x": x, "y": 0.25 * x ** 0.37})
    at = upload(lnp, "rollouts.csv", good.to_csv(index=False).encode())
    at.slider(key="ln.data.boot").set_value(0)
    at.slider(key="ln.data.holdout").set_value(0.0)
    check(at.button(key="ln.data.fit").click().run())
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["alpha"] == pytest.approx(0.37, abs=1e-3)
    assert table(at, "quantity")["value"].iloc[0] == pytest.approx(
        float(ln.diversity_for_score(0.9, fitted["alpha"], fitted["beta"])), rel=1e-6)
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"x,y\nnan,nan\n"),
                          ("neg.csv", b"x,y\n-5,0.9\n0,0.8\n4,-0.2\n")]:
        at = upload(at, name, payload)
        if any(b.key == "ln.data.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="ln.data.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
