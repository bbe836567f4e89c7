"""pages/xiao2024.py: the two-curve sliders, the fit of the example and of uploads."""
from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, open_page, table
from laws.papers import xiao2024 as xo


@pytest.fixture
def xiao(app):
    return open_page(app, "xiao2024")


def upload(at, name, data: bytes):
    at.radio("xiao.source").set_value("Upload a CSV").run()
    return check(at.file_uploader("xiao.upload").set_value((name, data, "text/csv")).run())


def test_default_render_and_curve_sliders(xiao):
    at = xiao
    assert [t.value for t in at.title] == [xo.PAPER.title]
    assert any(xo.loss.latex() in x.value for x in at.latex)
    assert len(at.info) == 1 and not at.error and not at.warning
    (line,) = markdown(at, "The curves cross at")
    assert line.startswith("The curves cross at **C = 1e+20**: below it method 1")
    (fitted,) = markdown(at, "Fitted on runs up to C = 1e+22, the curves cross at")
    assert "95% bootstrap interval" in fitted
    assert set(table(at, "parameter")["method"]) == set(xo.EXAMPLE)
    # equal exponents: parallel curves never cross
    at.slider("xiao.m2.alpha").set_value(at.slider("xiao.m1.alpha").value)
    check(at.run())
    assert markdown(at, "The curves do not cross")
    for prefix in ("xiao.m1", "xiao.m2"):
        for s in [s for s in at.slider if s.key.startswith(prefix + ".")]:
            s.set_value(s.max)
        check(at.run())
        for s in [s for s in at.slider if s.key.startswith(prefix + ".")]:
            s.set_value(s.min)
        check(at.run())
    check(at.button("xiao.m2.reset").click().run())
    assert at.slider("xiao.m2.alpha").value == pytest.approx(0.10)
    assert not at.error


def test_small_scale_fit_controls(xiao):
    at = xiao
    at.slider("xiao.boot").set_value(0)
    at.slider("xiao.upto").set_value(19.0)
    at.slider("xiao.ext").set_value(5.0)
    check(at.run())
    (line,) = markdown(at, "Fitted on runs up to C = 1e+19")
    assert "interval" not in line
    # the Python snippet on the page redoes the same comparison
    (snippet,) = [c.value for c in at.code if "xo.fit_methods" in c.value]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(snippet, {})  # our own snippet for the synthetic example, not user input
    crossed = "the curves cross at" in line
    assert ("x=None" not in output.getvalue()) == crossed
    at.slider("xiao.ext").set_value(0.0)
    at.slider("xiao.upto").set_value(at.slider("xiao.upto").min)
    check(at.run())
    assert any("at least 4" in e for e in messages(at)["error"])
    at.slider("xiao.upto").set_value(at.slider("xiao.upto").max)
    check(at.selectbox("xiao.m2name").set_value(at.selectbox("xiao.m1name").value).run())
    assert "Pick two different methods." in messages(at)["error"]
    assert at.query_params["xiao.boot"] == "0"


def test_uploads(xiao):
    at = xiao
    at.slider("xiao.boot").set_value(0)
    runs = xo.example_runs().rename(columns={"method": "recipe", "C": "flops"})
    runs.loc[0, "flops"] = -1
    runs.loc[1, "loss"] = np.nan
    at = upload(at, "mine.csv", runs.to_csv(index=False).encode())
    assert at.selectbox("xiao.map.C").value == "flops"
    assert any("2 row(s) left out" in w for w in messages(at)["warning"])
    assert markdown(at, "Fitted on runs up to")
    renamed = xo.example_runs().replace({"method": {m: n for m, n in zip(xo.EXAMPLE, "xy")}})
    at = upload(at, "renamed.csv", renamed[renamed["C"] <= 1e21].to_csv(index=False).encode())
    assert (at.selectbox("xiao.m1name").value, at.selectbox("xiao.m2name").value) == ("x", "y")
    assert markdown(at, "Fitted on runs up to C = 1e+21")
    one = pd.DataFrame({"method": "a", "C": [1e18, 1e19], "loss": [3.0, 2.9]})
    for name, data in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 4),
                       ("one.csv", one.to_csv(index=False).encode()),
                       ("text.csv", b"method,C,loss\na,x,y\nb,x,y\n"),
                       ("zeros.csv", b"method,C,loss\na,0,0\nb,0,0\n")]:
        at = upload(at, name, data)
        assert messages(at)["error"], name
        assert not at.exception, name
