"""pages/alabdulmohsin2022.py: the implicit M4 law with its sliders at their extremes, the
paper's benchmark (every learning curve selectable), and "Use your data" with good and
bad uploads."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, messages, metrics, new_app, open_page, table
from laws.papers import alabdulmohsin2022 as m4p

SLIDERS = [f"m4.{p.name}" for p in m4p.m4.params]
KEY = "m4.data"


@pytest.fixture
def m4page(app, shared_data):
    return open_page(app, "alabdulmohsin2022")


def csv(frame):
    return frame.to_csv(index=False).encode()


def upload(at, name, data):
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, "text/csv")).run())


def test_default_render(m4page):
    at = m4page
    assert [t.value for t in at.title] == [m4p.PAPER.title]
    assert any(m4p.m4.latex() in x.value for x in at.latex)
    assert [t.label for t in at.tabs] == ["The law", "Benchmark: extrapolate learning curves",
                                          "Use your data"]
    assert [s.key for s in at.sidebar.slider] == SLIDERS
    scores = table(at, "std_error")
    assert len(scores) == 20
    assert at.selectbox("m4.curve").value == "NMT: 28 Enc, 6 Dec"
    m = metrics(at)
    assert float(m["Extrapolation RMSE (log loss)"]) == pytest.approx(0.0201, abs=2e-4)
    msgs = messages(at)
    assert msgs["error"] == [] and msgs["warning"] == []
    assert "regression values" in msgs["info"][0]


@pytest.mark.parametrize("end", ["min", "max"])
def test_sliders_at_their_extremes(m4page, end):
    at = m4page
    for key in SLIDERS:
        s = at.slider(key)
        s.set_value(s.min if end == "min" else s.max)
    check(at.run())
    assert not at.exception
    if end == "min":  # eps_0 = 0.01 sits above eps_inf = 0: the curve is drawn
        assert not at.error
    # at max both eps are at their tops (eps_inf 5 < eps_0 10): drawn as well
    assert not at.error


def test_crossed_floor_and_ceiling_say_so(m4page):
    at = m4page
    at.slider("m4.eps_inf").set_value(3.0)
    at.slider("m4.eps_0").set_value(1.0)
    check(at.run())
    (err,) = messages(at)["error"]
    assert "is not above eps_inf" in err
    check(at.button("m4.reset").click().run())
    assert not at.error


def test_every_benchmark_curve(m4page):
    at = m4page
    for label in at.selectbox("m4.curve").options:
        check(at.selectbox("m4.curve").set_value(label).run())
        rmse = float(metrics(at)["Extrapolation RMSE (log loss)"])
        assert np.isfinite(rmse) and rmse < 0.05, label


def test_fit_your_curve_and_bad_uploads(m4page):
    at = m4page
    check(at.radio(f"{KEY}.source").set_value("Upload a file").run()) \
        if at.radio(f"{KEY}.source").value != "Upload a file" else None
    x = np.logspace(5.5, 8.5, 12)
    good = pd.DataFrame({"x": x, "loss": m4p.m4(None, x=x)})
    at = upload(at, "curve.csv", csv(good))
    at.slider(f"{KEY}.boot").set_value(0)
    at.slider(f"{KEY}.holdout").set_value(0.0)
    check(at.button(f"{KEY}.fit").click().run())
    assert any(m.value.startswith("**Fit of M4** on 12 runs") for m in at.markdown)
    assert any("laws.fit(" in c.value for c in at.code)
    for name, data, expected in [
            ("empty.csv", b"", "is empty"),
            ("garbage.csv", bytes(range(256)) * 20, "binary"),
            ("nan.csv", csv(good.assign(loss=np.nan)), "not a finite number"),
            ("zeros.csv", csv(good.assign(x=0.0)), "is not positive"),
            ("negative.csv", csv(good.assign(loss=-1.0)), "is not positive")]:
        at = upload(at, name, data)
        if any(b.key == f"{KEY}.fit" for b in at.button):
            check(at.button(f"{KEY}.fit").click().run())
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
        assert any(m.value.startswith("**Fit of M4** on 12 runs") for m in at.markdown)


def test_url_state(served, shared_data):
    at = new_app()
    at.query_params["m4.curve"] = "LM: 1.07e+09"
    at.query_params["m4.alpha"] = "99"  # clamped to the slider's range
    check(at.run())
    at = open_page(at, "alabdulmohsin2022")
    assert at.selectbox("m4.curve").value == "LM: 1.07e+09"
    assert at.slider("m4.alpha").value == pytest.approx(3.0)


def test_the_benchmark_is_shipped_and_refit_on_request(m4page):
    # The scores come from data/alabdulmohsin2022_benchmark.json; "Refit now" redoes the
    # 20 fits and shows the same numbers (tests/laws/ checks the file against the fits).
    at = m4page
    note = f"data/{m4p.SHIPPED}"
    assert any(note in c.value for c in at.caption)
    before = table(at, "std_error")
    check(at.button("m4.refit").click().run())
    assert not any(note in c.value for c in at.caption)
    after = table(at, "std_error")
    numbers = ["rmse", "std_error", *m4p.m4.param_names]
    assert np.allclose(after[numbers], before[numbers], rtol=1e-6, atol=1e-12)
