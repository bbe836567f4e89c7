"""pages/goyal2024.py through the router: utility sliders, pool-size sliders, the crossover
view with the repository's table, and the fresh-data fit on uploads (good and bad)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, open_page, table
from laws.papers import goyal2024 as gy


@pytest.fixture
def gyp(app):
    return open_page(app, "goyal2024")


def test_default_render_reproduces_the_repository_table(gyp):
    assert gyp.title[0].value.startswith("Scaling Laws for Data Filtering")
    shown = table(gyp, "640M").set_index("filter")
    assert shown.loc["top20", "640M"] == pytest.approx(38.552, abs=1e-3)
    assert shown.loc["top10", "32M"] == pytest.approx(18.247, abs=1e-3)
    (line,) = markdown(gyp, "**Crossovers**")
    assert "top 20% overtakes top 10% at 1.01e+08" in line
    assert not messages(gyp)["warning"] and not messages(gyp)["error"]


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_extremes(gyp, end):
    for s in gyp.slider:
        if s.key and s.key.startswith(("gy.u.", "gy.e.")):
            s.set_value(getattr(s, end))
    for key in ("gy.r.pool", "gy.c.pool"):
        gyp.number_input(key=key).set_value(0.1 if end == "min" else 10_000.0)
    check(gyp.run())
    assert markdown(gyp, "**Crossovers**")


def test_larger_pools_move_the_crossover_later(gyp):
    gyp.number_input(key="gy.c.pool").set_value(100.0)
    check(gyp.run())
    (line,) = markdown(gyp, "**Crossovers**")
    assert "1.01e+08" not in line


def upload(at, name, payload):
    if at.radio(key="gy.data.source").value != "Upload a file":
        at = check(at.radio(key="gy.data.source").set_value("Upload a file").run())
    return check(at.file_uploader(key="gy.data.upload").set_value((name, payload, "text/csv")).run())


def test_fit_uploads_good_and_bad(gyp):
    truth = {"a": 0.025, "b": -0.16, "d": 0.1}
    n = np.logspace(6, 7.1, 10)
    good = pd.DataFrame({"n": n, "error": gy.error(truth, n=n)})
    at = upload(gyp, "pool.csv", good.to_csv(index=False).encode())
    at.slider(key="gy.data.boot").set_value(0)
    at.slider(key="gy.data.holdout").set_value(0.0)
    at.multiselect(key="gy.data.fixed").set_value(["a"])
    check(at.button(key="gy.data.fit").click().run())
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["b"] == pytest.approx(-0.16, abs=1e-3)
    assert table(at, "quantity")["value"].iloc[0] == pytest.approx(
        gy.samples_to_reach(dict(fitted), 0.1), rel=1e-6)
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"n,error\nnan,nan\n"),
                          ("neg.csv", b"n,error\n-5,0.9\n0,0.8\n1e6,-0.2\n")]:
        at = upload(at, name, payload)
        if any(b.key == "gy.data.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="gy.data.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
