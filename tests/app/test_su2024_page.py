"""pages/su2024.py through the router: loss curve at a batch size, steps and tokens to a
target loss, and the fit on small runs (shipped example, good and bad uploads).

One page is opened per module and shared (each test restores what it changes)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, metrics, served_page, table


@pytest.fixture(scope="module")
def page():
    with served_page("su2024") as at:
        yield at


def test_default_render(page):
    assert [t.value for t in page.title] == ["Unraveling the Mystery of Scaling Laws: Part I"]
    m = messages(page)
    assert not m["error"] and not m["warning"]
    assert any("unconfirmed" in i for i in m["info"])
    # Kaplan's constants at N = 1e9: (6.5e13/1e9)**0.077 = 2.3474 (Table 3, Eq. 1.6)
    assert metrics(page)["Minimum possible loss"] == f"{(6.5e13 / 1e9) ** 0.077:.4f}"
    text = markdown(page, "To reach **L = ")
    assert text and "S_min" in text[0] and "E_min" in text[0]


def test_every_slider_at_its_extremes(page):
    start = {s.key: s.value for s in page.slider}
    assert {"su.logN", "su.logB", "su.target", "su.boot", "su.ns.alpha_N",
            "su.b.B_star"} <= set(start)
    for end in ("min", "max"):
        for s in page.slider:
            s.set_value(getattr(s, end))
        check(page.run())
        assert not messages(page)["error"], end
    page.slider(key="su.target").set_value(0.0)
    check(page.run())
    assert any("unlimited steps" in i for i in messages(page)["info"])
    for s in page.slider:
        s.set_value(start[s.key])
    page.button(key="su.ns.reset").click()
    check(page.run())
    page.button(key="su.b.reset").click()
    check(page.run())


def test_fit_the_shipped_small_runs(page):
    page.slider(key="su.boot").set_value(10)
    page.button(key="su.fit").click()
    check(page.run())
    fitted = table(page, "fitted")
    for name, value in {"alpha_N": 0.077, "alpha_S": 0.76}.items():  # generated with these
        got = float(fitted.loc[fitted["parameter"] == name, "fitted"].iloc[0])
        assert got == pytest.approx(value, rel=0.15), name
    assert markdown(page, "Predicted with the fitted constants")
    # rows are logged steps of four runs, not runs: the summary says so
    runs = pd.read_csv("data/su2024_small_runs.csv")
    points = int((runs["step"] > page.number_input(key="su.after").value).sum())
    assert markdown(page, f"**Fit of L(N, S_min)** on {points:,} logged points from 4 runs "
                          f"(one per N and B):")


def test_uploads_good_and_bad(page):
    page.radio(key="su.src").set_value("Upload")
    check(page.run())
    assert any("Upload the learning curves" in i for i in messages(page)["info"])
    good = pd.read_csv("data/su2024_small_runs.csv").rename(columns={"step": "Step"})
    check(page.file_uploader("su.upload").set_value(
        ("runs.csv", good.to_csv(index=False).encode(), "text/csv")).run())
    assert page.selectbox(key="su.map.step").value == "Step"
    page.slider(key="su.boot").set_value(0)
    page.button(key="su.fit").click()
    check(page.run())
    assert not messages(page)["error"]
    bad = {"empty.csv": b"", "garbage.csv": bytes(range(256)) * 8,
           "nan.csv": good.assign(loss=np.nan).to_csv(index=False).encode(),
           "zeros.csv": good.assign(N=0.0).to_csv(index=False).encode(),
           "negative.csv": good.assign(loss=-1.0).to_csv(index=False).encode()}
    for name, data in bad.items():
        check(page.file_uploader("su.upload").set_value((name, data, "text/csv")).run())
        if any(b.key == "su.fit" for b in page.button):
            page.button(key="su.fit").click()
            check(page.run())
        assert messages(page)["error"], name
    page.file_uploader("su.upload").set_value(None)
    page.radio(key="su.src").set_value("Shipped example")
    check(page.run())
