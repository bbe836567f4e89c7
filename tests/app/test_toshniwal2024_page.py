"""pages/toshniwal2024.py through the router: the two anchored extrapolations, typing the
scaling plot's points (good and bad), and fitting an uploaded curve (good and bad)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, messages, metrics, open_page, table
from laws.papers import toshniwal2024 as om


@pytest.fixture
def omp(app):
    return open_page(app, "toshniwal2024")


def test_default_render(omp):
    assert omp.title[0].value.startswith("OpenMathInstruct-2")
    m = metrics(omp)
    # defaults: 8 points per decade from 67.8% at 13.97M, extrapolated to 1e8
    assert m["Log-linear at N = 1e+08"] == f"{67.8 + 8 * np.log10(1e8 / om.FULL_SIZE):.1f}%"
    assert any("Unconfirmed" in i for i in messages(omp)["info"])
    assert any("not fitted" in i for i in messages(omp)["info"])   # only one point typed
    assert not messages(omp)["warning"] and not messages(omp)["error"]


@pytest.mark.parametrize("end", ["min", "max"])
def test_sliders_at_extremes(omp, end):
    for key in ("om.slope", "om.ceiling", "om.c", "om.target"):
        omp.slider(key=key).set_value(getattr(omp.slider(key=key), end))
    check(omp.run())
    assert "Gap between the forms" in metrics(omp)


def test_typed_points_are_fitted_and_bad_ones_reported(omp):
    omp.session_state["om.points"] = {"edited_rows": {0: {"accuracy": 55.0}, 1: {"accuracy": 59.0},
                                                      2: {"accuracy": 64.0}},
                                      "added_rows": [{"N": -3.0, "accuracy": 50.0},
                                                     {"N": 4e7, "accuracy": 140.0}],
                                      "deleted_rows": []}
    at = check(omp.run())
    warnings = messages(at)["warning"]
    assert any("positive number" in w for w in warnings) and any("0-100" in w for w in warnings)
    fitted = table(at, "at 1e8 examples [%]").set_index("form")
    assert set(fitted.index) == {"acc = A + B log10 N", "acc = a - b N^-c"}


def upload(at, name, payload):
    key = "om.data.saturating"
    if at.radio(key=f"{key}.source").value != "Upload a file":
        at = check(at.radio(key=f"{key}.source").set_value("Upload a file").run())
    return check(at.file_uploader(key=f"{key}.upload").set_value((name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(omp):
    n = np.logspace(5, 7.5, 8)
    good = pd.DataFrame({"N": n, "accuracy": om.saturating({"a": 72, "b": 2e3, "c": 0.4}, N=n)})
    at = upload(omp, "curve.csv", good.to_csv(index=False).encode())
    at.slider(key="om.data.saturating.boot").set_value(0)
    at.slider(key="om.data.saturating.holdout").set_value(0.0)
    check(at.button(key="om.data.saturating.fit").click().run())
    assert table(at, "parameter").set_index("parameter")["fitted"]["a"] == pytest.approx(72, abs=0.1)
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"N,accuracy\nnan,nan\n"),
                          ("neg.csv", b"N,accuracy\n-5,50\n0,60\n1e6,-3\n")]:
        at = upload(at, name, payload)
        if any(b.key == "om.data.saturating.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="om.data.saturating.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
    at = check(at.radio(key="om.data.form").set_value("log-linear").run())
