"""pages/tissue2024.py through the router: schedules, the annealing-fraction plateau,
an uploaded LR column, and fitting shipped and uploaded curves (good and bad files).

One page is opened per module and shared (each test restores what it changes)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from apptools import check, markdown, messages, served_page, table

from laws.papers import tissue2024 as tis


@pytest.fixture(scope="module")
def page():
    with served_page("tissue2024") as at:
        yield at


def csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def curve(kind: str, seed: int = 0) -> pd.DataFrame:
    lr = tis.schedule(kind, 6000, 3e-4, 3e-5, warmup=200, decay_fraction=0.2)
    rng = np.random.default_rng(seed)
    loss = tis.loss_curve(lr, warmup=200) * np.exp(0.002 * rng.standard_normal(lr.size))
    steps = np.arange(10, 6001, 10)
    return pd.DataFrame({"step": steps, "lr": lr[steps - 1], "loss": loss[steps - 1]})


def charts(at) -> list[tuple[dict, list[pd.DataFrame]]]:
    """Each chart on the page: its Vega-Lite spec and its datasets."""
    return [(json.loads(c.proto.spec),
             [pa.ipc.open_stream(d.data.data).read_pandas() for d in c.proto.datasets])
            for c in at.get("vega_lite_chart")]


def loss_curves(at) -> pd.DataFrame:
    """The data of the "Loss curves" chart (the first with a loss column)."""
    return next(f for _, frames in charts(at) for f in frames
                if {"schedule", "step", "loss"} <= set(f.columns))


def test_loss_curves_start_where_the_law_means_something(page):
    # default: 31,623 steps, no warmup: drawn from step 3,163 (10% of the steps), so the
    # axis spans the final losses; before, step 1 (loss 60) flattened everything
    shown = loss_curves(page)
    assert shown["step"].min() >= tis.plot_start(31623) == 3163
    assert shown["loss"].max() < 4.0
    (note,) = [c.value for c in page.caption if c.value.startswith("Drawn from step 3,163")]
    assert "loss 60.2 at step 1" in note
    check(page.checkbox(key="tis.whole").check().run())
    assert loss_curves(page)["step"].min() == 1 and loss_curves(page)["loss"].max() > 50
    assert not [c for c in page.caption if c.value.startswith("Drawn from step")]
    check(page.checkbox(key="tis.whole").uncheck().run())


def test_default_render(page):
    assert [t.value for t in page.title] == ["Scaling Law with Learning Rate Annealing"]
    m = messages(page)
    assert not m["error"] and not m["warning"]
    assert any("unconfirmed" in i for i in m["info"])
    text = markdown(page, "For a WSD run of 31,623 steps")
    assert text and "19.8%" in text[0] and "11% to 34%" in text[0]  # regression values
    ends = table(page, "final loss")
    assert set(ends["schedule"]) == set(tis.SCHEDULES)
    wsd = float(ends.loc[ends["schedule"] == "WSD", "final loss"].iloc[0])
    assert wsd < float(ends.loc[ends["schedule"] == "constant", "final loss"].iloc[0])
    assert len(page.latex) >= 2


def test_every_slider_at_its_extremes(page):
    start = {s.key: s.value for s in page.slider}
    assert {"tis.logT", "tis.logpeak", "tis.final", "tis.warmup", "tis.frac", "tis.lam",
            "tis.tol", "tis.boot", "tis.law.alpha"} <= set(start)
    for end in ("min", "max"):
        for s in page.slider:
            s.set_value(getattr(s, end))
        check(page.run())
        assert markdown(page, "For a WSD run of"), end
        assert not messages(page)["error"], end
    for s in page.slider:
        s.set_value(start[s.key])
    check(page.run())


def test_every_schedule_shape_and_view(page):
    for kind in list(tis.SCHEDULES) + ["your LR column"]:
        page.selectbox(key="tis.kind").set_value(kind)
        check(page.run())
    assert any("Upload a file with your learning rates" in i for i in messages(page)["info"])
    page.multiselect(key="tis.compare").set_value([])
    check(page.run())
    assert any("Choose at least one schedule" in i for i in messages(page)["info"])
    page.selectbox(key="tis.kind").set_value("WSD")
    page.radio(key="tis.shape").set_value("cosine")
    check(page.run())
    page.checkbox(key="tis.logx").check()
    check(page.run())
    assert markdown(page, "For a WSD run of") and "cosine decay" in markdown(
        page, "For a WSD run of")[0]
    page.button(key="tis.law.reset").click()
    page.radio(key="tis.shape").set_value("linear")
    page.checkbox(key="tis.logx").uncheck()
    page.multiselect(key="tis.compare").set_value(
        [k for k in tis.SCHEDULES if k != "WSD"])
    check(page.run())


def test_uploaded_lr_column_good_and_bad(page):
    page.selectbox(key="tis.kind").set_value("your LR column")
    check(page.run())
    good = pd.DataFrame({"step": [1, 5000, 10000], "lr": [3e-4, 3e-4, 0.0]})
    check(page.file_uploader("tis.lrfile").set_value(("sched.csv", csv(good), "text/csv")).run())
    assert "your LR column" in set(table(page, "final loss")["schedule"])
    assert not messages(page)["error"]
    bad = {"empty.csv": b"", "garbage.csv": bytes(range(256)) * 8,
           "negative.csv": csv(good.assign(lr=-1.0)), "zeros.csv": csv(good.assign(lr=0.0)),
           "nan.csv": b"step,lr\n1,nan\n2,nan\n"}
    for name, data in bad.items():
        check(page.file_uploader("tis.lrfile").set_value((name, data, "text/csv")).run())
        assert len(messages(page)["error"]) == 1, name
    page.file_uploader("tis.lrfile").set_value(None)
    page.selectbox(key="tis.kind").set_value("WSD")
    check(page.run())


def test_fit_the_shipped_example_and_predict(page):
    page.slider(key="tis.boot").set_value(20)
    page.button(key="tis.fit").click()
    check(page.run())
    fitted = table(page, "fitted")
    assert set(fitted["parameter"]) == {"L_0", "A", "alpha", "C"}
    for name, value in tis.loss.defaults.items():  # generated with these constants
        got = float(fitted.loc[fitted["parameter"] == name, "fitted"].iloc[0])
        assert got == pytest.approx(value, rel=0.1), name
    assert markdown(page, "Predicted final loss under the sidebar's **WSD** schedule")
    assert not messages(page)["error"]
    # the prediction starts where the sidebar's WSD run reaches the smallest fitted S1,
    # and the loss axis spans the fitted range (before: from step 1, near 60 nats; now
    # from step 520, about 5)
    spec, frames = next((spec, frames) for spec, frames in charts(page)
                        if any("value" in f.columns and "lower" in f.columns for f in frames))
    predicted = next(f for f in frames if "lower" in f.columns)
    assert 500 < predicted["step"].min() and predicted["value"].max() < 5.5
    domains = [layer["encoding"]["y"]["scale"]["domain"] for layer in spec["layer"]]
    assert all(d == domains[0] for d in domains) and 2.0 < domains[0][0] < domains[0][1] < 6.0
    assert any(c.value.startswith("Points: logged losses; lines: the fit on them, after "
                                  "step 500") for c in page.caption)
    # rows are logged points of the two shipped curves (thinned to 1,500), not runs
    (line,) = markdown(page, f"**Fit of {tis.loss.title}** on ")
    assert line.startswith(f"**Fit of {tis.loss.title}** on 1,500 logged points from 2 "
                           f"curves:"), line


def test_fit_uploaded_curves_good_and_bad(page):
    page.radio(key="tis.src").set_value("Upload")
    check(page.run())
    assert any("Upload one or two logged curves" in i for i in messages(page)["info"])
    files = [("cosine.csv", csv(curve("cosine")), "text/csv"),
             ("wsd.csv", csv(curve("WSD", 1)), "text/csv")]
    check(page.file_uploader("tis.upload").set_value(files).run())
    page.number_input(key="tis.fitwarmup").set_value(200)
    page.number_input(key="tis.after").set_value(200)
    page.slider(key="tis.boot").set_value(0)
    check(page.run())
    page.button(key="tis.fit").click()
    check(page.run())
    assert not messages(page)["error"]
    fitted = table(page, "fitted")
    assert float(fitted.loc[fitted["parameter"] == "alpha", "fitted"].iloc[0]) == \
        pytest.approx(0.5, rel=0.15)
    bad = {"empty.csv": (b"", "could not be read"),
           "garbage.csv": (bytes(range(256)) * 8, None),
           "zeros.csv": (csv(curve("WSD").assign(loss=0.0)), "positive loss"),
           "negative.csv": (csv(curve("WSD").assign(lr=-1e-4)), "negative"),
           "nan.csv": (csv(curve("WSD").assign(loss=np.nan)), "No row")}
    for name, (data, expected) in bad.items():
        page.file_uploader("tis.upload").set_value([(name, data, "text/csv")])
        check(page.run())
        if any(b.key == "tis.fit" for b in page.button):
            page.button(key="tis.fit").click()
            check(page.run())
        errors = messages(page)["error"]
        assert errors, name
        if expected:
            details = errors + [t.value for t in page.text]
            assert any(expected in e for e in details), (name, details)
        # the last good fit is kept on the page
        assert table(page, "fitted") is not None
    page.file_uploader("tis.upload").set_value(None)
    page.radio(key="tis.src").set_value("Shipped example")
    check(page.run())
