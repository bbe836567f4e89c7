"""pages/li2024_t2i.py through the router: the three scaling functions (each axis, the two
constant sets, sliders at their ends), the model-size exponent tab, and fitting an uploaded
file (good and bad)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from apptools import check, messages, metrics, open_page, table


@pytest.fixture
def t2ip(app):
    return open_page(app, "li2024_t2i")


def test_default_render(t2ip):
    assert t2ip.title[0].value == "On the Scalability of Diffusion-based Text-to-Image Generation"
    m = metrics(t2ip)
    assert m["Gain from 10x C"] == f"{100 * (10 ** 0.02 - 1):+.2f}%"
    assert any("cannot be the plotted" in i for i in messages(t2ip)["info"])
    sizes = table(t2ip, "printed 0.77 N^0.11").set_index("N [M params]")
    assert sizes.loc[400.0, "plot-consistent 0.77 N^0.011"] == pytest.approx(0.8225, abs=1e-4)
    assert not messages(t2ip)["warning"] and not messages(t2ip)["error"]


def test_model_size_axis_and_constant_sets(t2ip):
    at = check(t2ip.radio(key="t2i.axis").set_value("model size N").run())
    assert any("Printed exponent b_N = 0.11" in i for i in messages(at)["info"])
    assert any("above the TIFA ceiling" in i for i in messages(at)["info"])
    at = check(at.selectbox(key="t2i.N.set").set_value("plot-consistent").run())
    assert at.slider(key="t2i.N.b_N").value == pytest.approx(0.011, abs=1e-3)
    assert not any("Printed exponent" in i for i in messages(at)["info"])
    check(at.button(key="t2i.N.reset").click().run())


@pytest.mark.parametrize("axis", ["compute C", "data D"])
def test_sliders_at_extremes(t2ip, axis):
    at = check(t2ip.radio(key="t2i.axis").set_value(axis).run())
    name = axis[-1]
    for end in ("min", "max"):
        for key in (f"t2i.{name}.a_{name}", f"t2i.{name}.b_{name}", f"t2i.{name}.at"):
            at.slider(key=key).set_value(getattr(at.slider(key=key), end))
        at = check(at.run())
        assert f"{name} where S would reach 1" in metrics(at)


def upload(at, key, name, payload):
    if at.radio(key=f"{key}.source").value != "Upload a file":
        at = check(at.radio(key=f"{key}.source").set_value("Upload a file").run())
    return check(at.file_uploader(key=f"{key}.upload").set_value((name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(t2ip):
    key = "t2i.data.C"
    c = np.logspace(10, 13, 8)
    good = pd.DataFrame({"C": c, "S": 0.5 * c ** 0.018})
    at = upload(t2ip, key, "tifa.csv", good.to_csv(index=False).encode())
    at.slider(key=f"{key}.boot").set_value(0)
    at.slider(key=f"{key}.holdout").set_value(0.0)
    check(at.button(key=f"{key}.fit").click().run())
    assert table(at, "parameter").set_index("parameter")["fitted"]["b_C"] == pytest.approx(
        0.018, abs=1e-3)
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"C,S\nnan,nan\n"),
                          ("neg.csv", b"C,S\n-5,0.8\n0,0.7\n1e12,-3\n")]:
        at = upload(at, key, name, payload)
        if any(b.key == f"{key}.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key=f"{key}.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
    for axis in ("model size N", "data D"):
        at = check(at.radio(key="t2i.fitaxis").set_value(axis).run())
