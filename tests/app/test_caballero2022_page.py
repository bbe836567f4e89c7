"""pages/caballero2022.py through the router: breaks selector, sliders, segments, the fit of a
benchmark curve and of uploads (good and bad), and the benchmark scores."""
from __future__ import annotations

import pytest

from apptools import check, metrics, served_page


@pytest.fixture(scope="module")
def bnsl():
    with served_page("caballero2022") as at:
        yield at


def upload(at, name: str, content: bytes):
    at.radio(key="bnsl.src").set_value("Upload a file")
    check(at.run())
    at.file_uploader("bnsl.data.upload").set_value((name, content, "text/csv"))


def test_default_render(bnsl):
    assert [t.value for t in bnsl.title][0] == "Broken Neural Scaling Laws"
    assert not bnsl.exception and not bnsl.warning
    assert any("prod" in l.value or "left(" in l.value for l in bnsl.latex)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_break_selector_and_segments(bnsl, n):
    bnsl.select_slider(key="bnsl.n").set_value(n)
    check(bnsl.run())
    assert f"d_{{{n}}}" in bnsl.latex[0].value or f"d_{n}" in bnsl.latex[0].value
    bnsl.checkbox(key="bnsl.segments").uncheck()
    check(bnsl.run())
    bnsl.checkbox(key="bnsl.segments").check()
    check(bnsl.run())


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_constant_slider_at_its_extremes(bnsl, end):
    bnsl.select_slider(key="bnsl.n").set_value(3)
    check(bnsl.run())
    for s in [s for s in bnsl.slider if s.key.startswith("bnsl.p3.")]:
        s.set_value(getattr(s, end))
    check(bnsl.run())
    bnsl.button(key="bnsl.p3.reset").click()
    check(bnsl.run())


def test_fit_a_benchmark_curve_with_band(bnsl):
    bnsl.radio(key="bnsl.src").set_value("Benchmark curve (Alabdulmohsin et al. 2022)")
    check(bnsl.run())
    if any("could not" in w.value or "not found" in w.value for w in bnsl.warning):
        pytest.skip("revisiting_lang is not available here")
    bnsl.selectbox(key="bnsl.domain").set_value("NMT")
    check(bnsl.run())
    bnsl.selectbox(key="bnsl.model").set_value("6 Enc, 6 Dec")
    bnsl.radio(key="bnsl.fitn").set_value(1)
    bnsl.slider(key="bnsl.boot").set_value(10)
    check(bnsl.run())
    bnsl.button(key="bnsl.fit").click()
    check(bnsl.run())
    m = metrics(bnsl)
    assert float(m["RMSLE on fit rows"]) < 0.05
    assert float(m["RMSLE on extrapolation rows"]) < 0.05
    assert m["Bootstrap resamples"] == "10"
    assert any("bnsl.fitn" in k for k in bnsl.query_params)


def test_upload_good_file_and_holdout(bnsl):
    import numpy as np
    from laws.papers import caballero2022 as cb

    x = np.logspace(1, 4, 20)
    y = cb.evaluate({"a": 0.2, "b": 3.0, "c0": 0.1, "c1": 0.8, "d1": 500.0, "f1": 0.2}, x)
    rows = "\n".join(f"{a},{b}" for a, b in zip(x, y))
    upload(bnsl, "runs.csv", f"size,metric\n{rows}\n".encode())
    check(bnsl.run())
    bnsl.selectbox(key="bnsl.data.map.x").set_value("size")
    bnsl.selectbox(key="bnsl.data.map.y").set_value("metric")
    bnsl.slider(key="bnsl.holdout").set_value(0.5)
    bnsl.slider(key="bnsl.boot").set_value(0)
    bnsl.radio(key="bnsl.fitn").set_value(0)
    check(bnsl.run())
    bnsl.button(key="bnsl.fit").click()
    check(bnsl.run())
    assert metrics(bnsl)["Bootstrap resamples"] == "0"
    bnsl.slider(key="bnsl.holdout").set_value(0.0)
    check(bnsl.run())
    bnsl.button(key="bnsl.fit").click()
    check(bnsl.run())
    assert metrics(bnsl)["RMSLE on extrapolation rows"] == "no rows held out"


@pytest.mark.parametrize("content, expect", [
    (b"", "error"),
    (b"\x00\xff\x10garbage\x00", "error"),
    (b"x,y\n1,nan\n2,nan\n3,nan\n", "error"),
    (b"x,y\n0,1\n-1,2\n10,0.5\n20,0.4\n40,0.3\n80,0.25\n160,0.2\n", "warning"),
])
def test_bad_uploads_get_a_sentence(bnsl, content, expect):
    upload(bnsl, "bad.csv", content)
    check(bnsl.run())
    if expect == "warning":
        assert any("left out" in w.value for w in bnsl.warning)
        bnsl.radio(key="bnsl.fitn").set_value(3)  # 12 parameters, 5 usable rows
        bnsl.slider(key="bnsl.holdout").set_value(0.0)
        check(bnsl.run())
        bnsl.button(key="bnsl.fit").click()
        check(bnsl.run())
        assert any("cannot determine" in e.value for e in bnsl.error)
    else:
        assert bnsl.error or bnsl.info


def test_benchmark_scores(bnsl):
    bnsl.radio(key="bnsl.bdomain").set_value("NMT")
    bnsl.radio(key="bnsl.bn").set_value(0)
    check(bnsl.run())
    bnsl.button(key="bnsl.score").click()
    check(bnsl.run())
    if bnsl.error:
        pytest.skip("revisiting_lang is not available here")
    assert any(m.value.startswith("Mean RMSLE on extrapolation rows") for m in bnsl.markdown)


def test_upload_with_a_training_column(bnsl):
    rows = "\n".join(f"{10 ** (1 + i / 6):.6g},{2.0 * (10 ** (1 + i / 6)) ** -0.3:.6g},"
                      f"{int(i < 14)}" for i in range(18))
    upload(bnsl, "split.csv", f"x,y,Training\n{rows}\n".encode())
    check(bnsl.run())
    assert bnsl.checkbox(key="bnsl.useflag").value
    bnsl.radio(key="bnsl.fitn").set_value(0)
    bnsl.slider(key="bnsl.boot").set_value(0)
    bnsl.button(key="bnsl.fit").click()
    check(bnsl.run())
    assert "14 rows" in next(m.value for m in bnsl.markdown if "fitted on" in m.value)
    assert float(metrics(bnsl)["RMSLE on extrapolation rows"]) < 1e-3
    bnsl.checkbox(key="bnsl.useflag").uncheck()
    check(bnsl.run())
