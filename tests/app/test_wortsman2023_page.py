"""pages/wortsman2023.py: the range and cap controls, each tab, and uploads good and bad."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, open_page, table
from laws.papers import wortsman2023 as wm


@pytest.fixture
def wort(app):
    return open_page(app, "wortsman2023")


def upload(at, name, data: bytes):
    at.radio("wort.source").set_value("Upload a CSV").run()
    return check(at.file_uploader("wort.upload").set_value((name, data, "text/csv")).run())


def sentence(at):
    (line,) = markdown(at, "At the largest size:")
    return line


def test_default_render_controls_and_tabs(wort):
    at = wort
    assert [t.value for t in at.title] == [wm.PAPER.title]
    assert any(wm.SENSITIVITY_TEX in x.value for x in at.latex)
    assert all("nconfirmed" in m for m in messages(at)["info"]) and len(at.info) == 2
    assert not messages(at)["error"] and not messages(at)["warning"]
    assert at.number_input("wort.l0").value == pytest.approx(math.log(32000), abs=1e-3)
    expected = wm.sensitivity_table(wm.example_sweep(), round(math.log(32000), 3))
    last = expected.sort_values("N").groupby("variant").tail(1)
    for r in last.itertuples():
        assert f"{r.variant}: {r.lr_sensitivity:.3f}" in sentence(at)
    assert len(table(at, "lr_sensitivity")) == 24
    # a wider range and a lower cap change the metric
    at.slider("wort.lo").set_value(-4.0)
    at.slider("wort.hi").set_value(0.0)
    at.number_input("wort.l0").set_value(5.0)
    at.slider("wort.tol").set_value(10.0)
    check(at.run())
    assert "(LR range 0.0001 to 1, cap 5)" in sentence(at)
    assert at.query_params["wort.hi"] == "0"
    check(at.selectbox("wort.variant").set_value("baseline").run())
    assert at.selectbox("wort.size").value == pytest.approx(1.2e9)
    check(at.selectbox("wort.size").set_value(at.selectbox("wort.size").options[0]).run())
    assert at.selectbox("wort.size").value == pytest.approx(9.4e6)
    assert {b.key for b in at.download_button} >= {"wort.curves.csv", "wort.sens.fig"}
    at.slider("wort.logZ").set_value(100.0).run()
    assert at.metric[0].value == "1"


def test_range_sliders_at_extremes(wort):
    at = wort
    for lo, hi in [(-6.0, 1.0), (1.0, -6.0), (0.5, 1.0)]:
        at.slider("wort.lo").set_value(lo)
        at.slider("wort.hi").set_value(hi)
        at.slider("wort.logZ").set_value(0.0)
        at.slider("wort.tol").set_value(0.1)
        at.number_input("wort.l0").set_value(50.0)
        check(at.run())
        if lo >= hi:
            assert any("needs a < b" in e for e in messages(at)["error"])
        elif lo == 0.5:  # only the LR = 1 runs: baseline has none finite there
            assert not messages(at)["error"]
        else:
            assert sentence(at)


def test_uploads(wort):
    at = wort
    sweep = wm.example_sweep().rename(columns={"N": "params", "lr": "learning_rate"})
    at = upload(at, "mine.csv", sweep.to_csv(index=False).encode())
    assert at.selectbox("wort.map.N").value == "params"
    assert at.selectbox("wort.map.variant").value == "variant"
    assert len(table(at, "lr_sensitivity")) == 24 and not messages(at)["error"]
    check(at.selectbox("wort.map.variant").set_value("(none: one recipe)").run())
    assert "your runs:" in sentence(at)
    # zeros, negatives, NaN and text in the size / LR columns: left out with a sentence
    bad = pd.DataFrame({"N": [1e7, 0, -1e7, np.nan, 2e7, 2e7], "lr": [1e-3, 1e-3, 1e-3, 1e-3,
                        "oops", 1e-2], "loss": [3.0, 3.0, 3.0, 3.0, 3.0, -1.0]})
    at = upload(at, "bad.csv", bad.to_csv(index=False).encode())
    warnings = " ".join(messages(at)["warning"])
    assert "4 row(s) left out" in warnings and "treated as diverged" in warnings
    for name, data in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 4),
                       ("header.csv", b"N,lr,loss\n"), ("two.csv", b"a,b\n1,2\n"),
                       ("allbad.csv", b"N,lr,loss\n0,1,3\n-1,1,3\n")]:
        at = upload(at, name, data)
        assert messages(at)["error"], name
        assert not at.exception, name
