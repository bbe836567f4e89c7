"""pages/sun2025.py through the router: the format and size sliders, block size and
channel-wise scaling, the split, precision vs compute, URL state and "Use your data"."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from apptools import REPO, check, markdown, messages, metrics, new_app, served_page, table
from laws.papers import sun2025 as sun

TABS = ["Loss vs data and the critical data size", "Exponent/mantissa split",
        "Precision vs compute", "Use your data"]
KEY = "sun.data"
VIEW = ["sun.logN", "sun.E", "sun.M", "sun.log2B", "sun.P", "sun.logD"]


@pytest.fixture(scope="module")
def page():
    with served_page("sun2025") as at:
        yield at


def reset(at):
    check(at.checkbox("sun.channel").uncheck().run())
    for key, value in zip(VIEW, [9.0, 4, 3, 7, 8, 12.0]):
        at.slider(key).set_value(value)
    return check(at.run())


def test_default_render(page):
    at = reset(page)
    assert [t.value for t in at.title] == [sun.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    assert any(sun.loss.latex() in x.value for x in at.latex)
    assert messages(at) == {"error": [], "warning": [], "info": []}
    m = metrics(at)
    # §4.3: a 1B model has D_crit = 27T tokens in FP8-E4M3 and 1730T in BF16 (B = 128)
    assert m["Critical data size, E4M3 (FP8)"] == "2.73e+13 tokens"
    assert m["Critical data size, BF16 E8M7"] == "1.73e+15 tokens"
    assert markdown(at, "For P = 8 bits the best split is **E4M3**")
    (compute,) = markdown(at, "Minimising the loss over N, D and P")
    low, high = map(float, re.search(r"from ([\d.]+) to ([\d.]+) bits", compute).groups())
    assert 4 < low < high < 8  # Figure 7: between 4 and 8 bits
    layouts = table(at, "best").set_index("bits P")["best"]
    assert (layouts[4], layouts[8], layouts[16]) == ("E2M1", "E4M3", "E8M7")
    keys = {b.key for b in at.download_button}
    for panel in ("sun.data_size", "sun.split", "sun.compute"):
        assert {f"{panel}.fig", f"{panel}.csv", f"{panel}.bib"} <= keys, panel


@pytest.mark.parametrize("bits, best", [(4, "E2M1"), (16, "E8M7"), (3, None), (32, None)])
def test_total_bits(page, bits, best):
    at = reset(page)
    check(at.slider("sun.P").set_value(bits).run())
    (line,) = markdown(at, f"For P = {bits} bits the best split is")
    e, m = sun.best_layout(bits)
    assert f"**E{e}M{m}**" in line and (best is None or best == f"E{e}M{m}")


def test_format_size_and_block_sliders(page):
    at = reset(page)
    at.slider("sun.E").set_value(2)
    at.slider("sun.M").set_value(1)
    at.slider("sun.logN").set_value(8.0)
    check(at.slider("sun.log2B").set_value(5).run())
    crit = float(sun.critical_data_size(1e8, 2, 1, 32))
    assert metrics(at)["Critical data size, E2M1 (FP4)"] == f"{crit:.3g} tokens"
    check(at.slider("sun.log2B").set_value(0).run())  # B = 1: no penalty, no D_crit
    assert metrics(at)["Critical data size, E2M1 (FP4)"] == "none (B = 1)"
    assert any("absent" in m.value for m in at.markdown)
    check(at.checkbox("sun.channel").check().run())
    assert "sun.log2B" not in [s.key for s in at.slider]
    crit = float(sun.critical_data_size(1e8, 2, 1, sun.CHANNEL_B))
    assert metrics(at)["Critical data size, E2M1 (FP4)"] == f"{crit:.3g} tokens"
    assert at.query_params["sun.channel"] == "True"


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_extremes(page, end):
    at = reset(page)
    for s in at.slider:
        if s.key.startswith("sun.") and not s.key.startswith(f"{KEY}."):
            s.set_value(getattr(s, end))
    check(at.run())
    assert not at.error, messages(at)
    for m in at.markdown:
        assert not re.search(r"\b(nan)\b", m.value), m.value
    check(at.button("sun.reset").click().run())
    assert at.slider("sun.gamma").value == pytest.approx(4.0544, abs=1e-3)  # log10 11334.5


def test_url_state(served):
    at = new_app()
    at.query_params.update({"sun.E": "2", "sun.M": "1", "sun.log2B": "99", "sun.P": "4",
                            "sun.logN": "abc"})
    at.switch_page("pages/sun2025.py")
    check(at.run())
    assert (at.slider("sun.E").value, at.slider("sun.M").value) == (2, 1)
    assert at.slider("sun.log2B").value == 16  # clamped
    assert at.slider("sun.logN").value == pytest.approx(9.0)
    assert markdown(at, "For P = 4 bits the best split is **E2M1**")


def upload(at, name, data, mime="text/csv"):
    if at.radio(f"{KEY}.source").value != "Upload a file":
        check(at.radio(f"{KEY}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, mime)).run())


def fit(at):
    at.slider(f"{KEY}.boot").set_value(0)
    at.slider(f"{KEY}.holdout").set_value(0.0)
    return check(at.button(f"{KEY}.fit").click().run())


def test_fit_the_example_and_bad_uploads(page):
    at = reset(page)
    check(at.radio(f"{KEY}.source").set_value("Shipped example").run())
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == \
        ["N", "D", "E", "M", "B", "loss"]
    fit(at)
    (line,) = markdown(at, "**Fit of L(N, D, E, M, B)** on 336 runs")
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["epsilon"] == pytest.approx(1.9061, abs=0.3)
    assert any(c.value.startswith("Extrapolation of the fit to N = 1e+09, E4M3")
               for c in at.caption)
    # rows with E = 0 are left out with a sentence
    frame = pd.read_csv(REPO / "data" / "sun2025_sweep.csv").iloc[:40]
    frame.loc[0, "E"] = 0
    frame.loc[1, "loss"] = float("nan")
    at = upload(at, "mine.csv", frame.to_csv(index=False).encode())
    fit(at)
    (dropped,) = [w for w in messages(at)["warning"] if "were left out" in w]
    assert "E = 0 is not positive" in dropped and "loss is not a finite number" in dropped
    for name, data, expected in [("empty.csv", b"", "is empty"),
                                 ("garbage.csv", bytes(range(256)) * 20, "binary")]:
        at = upload(at, name, data)
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
    negative = frame.assign(N=-1.0)
    at = upload(at, "negative.csv", negative.to_csv(index=False).encode())
    fit(at)
    assert any("No row can be used" in e for e in messages(at)["error"])
    assert not at.exception
