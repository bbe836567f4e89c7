"""pages/dollar2021.py through the router: strategies, one network, EfficientNet, your data."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from apptools import REPO, check, markdown, messages, metrics, new_app, served_page, table
from laws.papers import dollar2021 as dol

KEY = "dol.data"
TABS = ["Scaling strategies", "Complexity of one network", "EfficientNet B0-B7",
        "Use your data"]


@pytest.fixture(scope="module")
def page():
    """One opened page shared by the module (each test resets what it moves)."""
    with served_page("dollar2021") as at:
        yield at


def dwr_sentence(at):
    (line,) = markdown(at, "dWr with alpha")
    return line


def test_default_render(page):
    at = page
    assert [t.value for t in at.title] == [dol.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    assert any(dol.fast_activation_exponent.latex() in x.value for x in at.latex)
    msgs = messages(at)
    assert not msgs["error"] and not msgs["warning"]
    (info,) = msgs["info"]
    assert info.startswith("Partly unconfirmed: the Table 4 caption")
    # Table 4 / pycls: dWr at alpha 0.8 is d ~ s^0.1, w ~ s^0.4, r ~ s^0.05, acts ~ s^0.6
    assert dwr_sentence(at).startswith("dWr with alpha = 0.80: depth ~ s^0.100, width ~ "
                                       "s^0.400, resolution ~ s^0.050; activations grow as "
                                       "**s^0.600**, x5.28 at s = 16")
    strategies = table(at, "acts exponent").set_index("strategy")
    assert strategies.loc["w", "acts exponent"] == pytest.approx(0.5)
    assert strategies.loc["dwr", "acts exponent"] == pytest.approx(5 / 6)
    assert (markdown(at, "alpha beta^2 gamma^2 = **1.9203**"))
    keys = {b.key for b in at.download_button}
    for panel in ("dol.strat", "dol.one", "dol.en"):
        assert {f"{panel}.csv", f"{panel}.bib"} <= keys, panel
    assert "dol.strat.fig" in keys and "dol.en.fig" in keys


def test_strategy_sliders_and_radio(page):
    at = page
    at.slider("dol.log2s").set_value(8.0)
    at.slider("dol.alpha").set_value(1.0)
    check(at.radio("dol.quantity").set_value("params").run())
    assert "activations grow as **s^0.500**, x16 at s = 256" in dwr_sentence(at)
    assert at.query_params["dol.quantity"] == "params"
    at.slider("dol.log2s").set_value(0.0)
    at.slider("dol.alpha").set_value(at.slider("dol.alpha").min)
    check(at.radio("dol.quantity").set_value("acts").run())
    line = dwr_sentence(at)
    assert "depth ~ s^0.333, width ~ s^0.167, resolution ~ s^0.167" in line
    assert "x1 at s = 1" in line
    at.slider("dol.log2s").set_value(4.0)
    check(at.slider("dol.alpha").set_value(0.8).run())
    assert not at.error


def test_efficientnet_sliders_extremes_and_reset(page):
    at = page
    for name in ("alpha_EN", "beta_EN", "gamma_EN"):
        at.slider(f"dol.en.{name}").set_value(at.slider(f"dol.en.{name}").min)
    check(at.run())
    (error,) = messages(at)["error"]
    assert "flops do not grow" in error and "published 1.2, 1.1, 1.15" in error
    assert markdown(at, "alpha beta^2 gamma^2 = **1.0000**")
    for name in ("alpha_EN", "beta_EN", "gamma_EN"):
        at.slider(f"dol.en.{name}").set_value(at.slider(f"dol.en.{name}").max)
    check(at.run())
    assert not at.error
    assert markdown(at, "alpha beta^2 gamma^2 = **32.0000**")
    en = table(at, "depth alpha^phi").set_index("model")
    assert en.loc["B7", "depth alpha^phi"] == pytest.approx(2.0 ** 7)
    check(at.button("dol.en.reset").click().run())
    assert at.slider("dol.en.alpha_EN").value == pytest.approx(1.2)
    assert markdown(at, "alpha beta^2 gamma^2 = **1.9203**")


def test_one_network_sliders(page):
    at = page
    at.slider("dol.d").set_value(16.0)
    at.slider("dol.w").set_value(16.0)
    check(at.slider("dol.r").set_value(4.0).run())
    m = metrics(at)
    assert float(m["flops [x base]"]) == pytest.approx(16 * 256 * 16, rel=1e-3)
    assert float(m["parameters [x base]"]) == pytest.approx(16 * 256, rel=1e-3)
    assert float(m["activations [x base]"]) == pytest.approx(16 * 16 * 16, rel=1e-3)
    exact = table(at, "exact count of a plain convnet [x base]").set_index("quantity")
    assert exact.loc["flops", "exact count of a plain convnet [x base]"] == \
        pytest.approx(65536, rel=0.05)
    for k in ("dol.d", "dol.w", "dol.r"):
        at.slider(k).set_value(1.0)
    check(at.run())
    assert float(metrics(at)["flops [x base]"]) == 1.0


def fit(at, boot=0):
    at.slider(f"{KEY}.boot").set_value(boot)
    at.slider(f"{KEY}.holdout").set_value(0.0)
    return check(at.button(f"{KEY}.fit").click().run())


def upload(at, name, data):
    check(at.radio(f"{KEY}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, "text/csv")).run())


def test_fit_the_shipped_example(page):
    at = page
    check(at.radio(f"{KEY}.source").set_value("Shipped example").run())
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == \
        ["d", "w", "r", "flops"]
    fit(at, boot=20)
    (line,) = markdown(at, "**Fit of y = C d^a_d w^a_w r^a_r** on 55 runs")
    params = table(at, "parameter").set_index("parameter")
    assert params.loc[["a_d", "a_w", "a_r"], "fitted"].to_numpy() == \
        pytest.approx([1.0, 2.0, 2.0], abs=0.02)
    assert any(c.value.startswith("Extrapolation with the fit's bootstrap band") for c in at.caption)
    assert {"dol.fit.json", "dol.fit.csv"} <= {b.key for b in at.download_button}
    # map the activations instead: exponents (1, 1, 2)
    check(at.selectbox(f"{KEY}.map.y").set_value("acts").run())
    fit(at)
    params = table(at, "parameter").set_index("parameter")
    assert params.loc[["a_d", "a_w", "a_r"], "fitted"].to_numpy() == \
        pytest.approx([1.0, 1.0, 2.0], abs=0.05)


def test_uploads_good_and_bad(page):
    at = page
    family = pd.read_csv(REPO / "data" / "dollar2021_convnet_family.csv")
    good = family.rename(columns={"d": "layers", "w": "channels", "r": "pixels"})
    bad_rows = pd.DataFrame({"layers": [np.nan, 0, -4], "channels": [32, 32, 32],
                             "pixels": [224, 224, 224], "flops": [1e9, 1e9, 1e9]})
    data = pd.concat([good, bad_rows]).to_csv(index=False).encode()
    at = upload(at, "my family.csv", data)
    for var, col in zip(("d", "w", "r", "y"), ("layers", "channels", "pixels", "flops")):
        at.selectbox(f"{KEY}.map.{var}").set_value(col)
    fit(at)
    assert markdown(at, "**Fit of y = C d^a_d w^a_w r^a_r** on 55 runs")
    (dropped,) = [w for w in messages(at)["warning"] if "were left out" in w]
    assert dropped.startswith("3 row(s) were left out")
    before = markdown(at, "**Fit of")
    for name, data, expected in [
            ("empty.csv", b"", "is empty"),
            ("garbage.csv", bytes(range(256)) * 10, "binary")]:
        upload(at, name, data)
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
        assert markdown(at, "**Fit of") == before   # the earlier result is kept
    zeros = pd.DataFrame({"d": [0, 0, 0, 0], "w": [1, 2, 3, 4], "r": [1, 2, 3, 4],
                          "y": [-1.0, 2.0, 3.0, 4.0]})
    upload(at, "zeros.csv", zeros.to_csv(index=False).encode())
    fit(at)
    (error,) = messages(at)["error"]
    assert error.startswith("The fit could not be done: No row can be used")
    assert markdown(at, "**Fit of") == before


def test_url_state(served):
    at = new_app()
    at.query_params.update({"dol.log2s": "99", "dol.alpha": "0.5", "dol.quantity": "bogus",
                            "dol.d": "nan"})
    at.switch_page("pages/dollar2021.py")
    check(at.run())
    assert at.slider("dol.log2s").value == pytest.approx(8.0)
    assert at.slider("dol.alpha").value == pytest.approx(0.5)
    assert at.radio("dol.quantity").value == "acts"
    assert at.slider("dol.d").value == pytest.approx(1.0)
    assert not at.error
