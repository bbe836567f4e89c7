"""pages/sorscher2022.py through the router: the shipped grid at every probe angle and kept
fraction, both strategies of the Pareto view, a live run at the smallest and largest
settings, and the power-law fit on uploads (good and bad)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, metrics, served_page, table
from laws.papers import sorscher2022 as so


@pytest.fixture(scope="module")
def sop():
    with served_page("sorscher2022") as at:
        yield at


def test_default_render(sop):
    at = sop
    assert [t.value for t in at.title] == [so.PAPER.title]
    assert any(so.test_error.latex() in x.value for x in at.latex)
    msgs = messages(at)
    assert not msgs["error"] and not msgs["warning"]
    assert any("own simulation" in m for m in msgs["info"])
    (line,) = markdown(at, "Keeping 20% of the data at theta = 0 degrees")
    assert "the easy examples do better below alpha_tot" in line
    m = metrics(at)
    assert float(m["Steepest local exponent of the frontier"]) > \
        float(m["Power-law exponent without pruning"])
    assert "Press Simulate to run these settings." in [c.value for c in at.caption]


def test_every_angle_fraction_and_strategy(sop):
    at = sop
    for theta, f, strategy in [(10.0, 0.1, "easy"), (20.0, 0.8, "hard"), (20.0, 0.1, "easy")]:
        at.radio("so.theta").set_value(theta)
        at.select_slider("so.f").set_value(f)
        check(at.radio("so.strat").set_value(strategy).run())
        assert markdown(at, f"Keeping {f:.0%} of the data at theta = {theta:g} degrees")
        assert not at.error
    assert at.query_params["so.strat"] == "easy"
    for key in ("so.x.fmt", "so.p.fmt"):  # export panels: figure format
        at.radio(key).set_value("svg")
    check(at.run())
    assert [b for b in at.get("download_button") if b.proto.id and "so.x.fig" in b.proto.id]
    at.radio("so.theta").set_value(0.0)
    at.select_slider("so.f").set_value(0.2)
    check(at.radio("so.strat").set_value("hard").run())


@pytest.mark.parametrize("end", ["min", "max"])
def test_live_run_at_the_slider_extremes(sop, end):
    at = sop
    for key in ("so.live.N", "so.live.theta", "so.live.f", "so.live.alpha", "so.live.seeds"):
        at.slider(key).set_value(getattr(at.slider(key), end))
    if end == "max":  # the largest live run, kept cheap: one seed, alpha <= 1
        at.slider("so.live.alpha").set_value(1.0)
        at.slider("so.live.seeds").set_value(1)
    check(at.button("so.live.run").click().run())
    shown = table(at, "alpha_tot")
    assert set(shown["strategy"]) == {"none", "hard", "easy"}
    assert shown["test_error"].between(0, 0.5).all()
    assert shown["N"].iloc[0] == (20 if end == "min" else so.LIVE_MAX["N"])


def upload(at, name, payload):
    if at.radio(key="so.data.source").value != "Upload a file":
        at = check(at.radio(key="so.data.source").set_value("Upload a file").run())
    return check(at.file_uploader(key="so.data.upload").set_value(
        (name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(sop):
    alpha = np.array([0.5, 1, 2, 4, 8, 16.0])
    good = pd.DataFrame({"alpha_prune": alpha, "test_error": 0.45 * alpha ** -0.9})
    at = upload(sop, "curve.csv", good.to_csv(index=False).encode())
    at.slider(key="so.data.boot").set_value(0)
    check(at.button(key="so.data.fit").click().run())
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["nu"] == pytest.approx(0.9, abs=1e-3)
    assert fitted["A"] == pytest.approx(0.45, rel=1e-3)
    for end in ("min", "max"):
        for s in at.slider:
            if s.key and s.key.startswith("so.pl."):
                s.set_value(getattr(s, end))
        check(at.run())
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"alpha_prune,test_error\nnan,nan\n"),
                          ("neg.csv", b"alpha_prune,test_error\n-5,0.9\n0,0.8\n1,-0.2\n")]:
        at = upload(at, name, payload)
        if any(b.key == "so.data.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="so.data.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
