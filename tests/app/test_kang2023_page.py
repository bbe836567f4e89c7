"""pages/kang2023.py through the router: the OT example and coefficient sliders, the best
mixture by size (and pilot sizes out of order), stage 2 on its own, and the stage-1 fit on
uploads (good and bad)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, open_page, table
from laws.papers import kang2023 as kg


@pytest.fixture
def kgp(app):
    return open_page(app, "kang2023")


def test_default_render_shows_the_best_mixture_and_the_unconfirmed_notice(kgp):
    assert kgp.title[0].value == kg.PAPER.title
    (line,) = markdown(kgp, "**Best mixture**")
    r = np.linspace(0, 1, 101)
    src = kg.Sources()
    perf = kg.stage1(p=r, OT=src.ot(r, 1000))
    best = kg.best_mixture(r, perf, 0.005, function=lambda x: kg.stage1(p=x, OT=src.ot(x, 1000)))
    assert f"p = {best.ratio:.3f} (performance {best.performance:.4f})" in line
    assert best.low <= best.ratio <= best.high
    assert any("illustrative values (unconfirmed, free)" in m for m in messages(kgp)["info"])
    assert not messages(kgp)["warning"] and not messages(kgp)["error"]
    assert "best ratio" in table(kgp, "best ratio").columns
    (proj,) = markdown(kgp, "**Projected**")
    assert "P(1e+04) = 0.7661" in proj  # catalog check [D]: 0.766096


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_extremes(kgp, end):
    for s in kgp.slider:
        if s.key and s.key.startswith(("kg.s1.", "kg.s2.", "kg.f.", "kg.ma", "kg.mb",
                                       "kg.vs", "kg.sh", "kg.tol")):
            s.set_value(getattr(s, end))
    # stage 2 with n0 at its max and n1 at its min (or vice versa) may be out of order
    check(kgp.run())
    assert markdown(kgp, "**Best mixture**")


def test_pilot_sizes_out_of_order_say_so(kgp):
    kgp.select_slider(key="kg.n0").set_value(5000)
    kgp.select_slider(key="kg.n1").set_value(1000)
    check(kgp.run())
    assert any("must exceed n0" in e for e in messages(kgp)["error"])
    kgp.select_slider(key="kg.n1").set_value(10000)
    check(kgp.run())
    assert not messages(kgp)["error"]
    kgp.slider(key="kg.s2.n0").set_value(kgp.slider(key="kg.s2.n0").max)
    kgp.slider(key="kg.s2.n1").set_value(kgp.slider(key="kg.s2.n1").min)
    check(kgp.run())
    assert any("n1 must be larger" in e for e in messages(kgp)["error"])


def upload(at, name, payload):
    uploader = at.file_uploader(key="kg.data.upload")
    return check(uploader.set_value((name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(kgp):
    rng = np.random.default_rng(0)
    p, ot = rng.uniform(0, 1, 40), rng.uniform(0.05, 1, 40)
    truth = {"b0": -0.4, "b1": 0.2, "b2": -0.1, "c0": 0.85, "c1": 0.05, "c2": -0.03}
    good = pd.DataFrame({"p": p, "OT": ot, "performance": kg.stage1(truth, p=p, OT=ot)})
    at = upload(kgp, "pilots.csv", good.to_csv(index=False).encode())
    at.slider(key="kg.data.boot").set_value(0)
    at.slider(key="kg.data.holdout").set_value(0.0)
    check(at.button(key="kg.data.fit").click().run())
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["b0"] == pytest.approx(-0.4, abs=1e-3)
    assert fitted["c0"] == pytest.approx(0.85, abs=1e-3)
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"p,OT,performance\nnan,nan,nan\n"),
                          ("neg.csv", b"p,OT,performance\n-5,-1,0.9\n0,0,0.8\n")]:
        at = upload(at, name, payload)
        if any(b.key == "kg.data.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="kg.data.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
