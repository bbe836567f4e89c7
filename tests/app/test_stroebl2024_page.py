"""pages/stroebl2024.py through the router: every tab's widgets, the pass@k uploads and the
fit of the ceiling (bootstrap kept small)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, messages, metrics, open_page, table
from laws.papers import stroebl2024 as sb


@pytest.fixture
def sbp(app):
    return open_page(app, "stroebl2024")


def test_default_render(sbp):
    assert sbp.title[0].value.startswith("Inference Scaling fLaws")
    m = metrics(sbp)
    assert float(m["Ceiling Acc(inf)"]) == pytest.approx(0.3741, abs=1e-4)
    assert m["K to match the stronger model"] == "never"       # 0.5 > ceiling 0.374
    assert m["Best K at cost 1"] == "2"                          # notebook example
    assert m["pass@10"] == f"{float(sb.pass_at_k(n=200, c=10, k=10)):.6f}"
    assert not messages(sbp)["warning"] and not messages(sbp)["error"]
    best = table(sbp, "best K").set_index("cost of a false positive")["best K"]
    assert best[0.0] > 5 and best[4.0] <= 5


def test_model_sliders_extremes_and_strong_model(sbp):
    for end in ("min", "max"):
        for s in sbp.slider:
            if s.key and s.key.startswith("sb.m."):
                s.set_value(getattr(s, end))
        check(sbp.run())
    sbp.slider(key="sb.strong").set_value(0.2)
    check(sbp.run())
    assert metrics(sbp)["K to match the stronger model"] != "never"
    sbp.button(key="sb.m.reset").click()
    check(sbp.run())
    assert float(metrics(sbp)["Ceiling Acc(inf)"]) == pytest.approx(0.3741, abs=1e-4)


@pytest.mark.parametrize("end", ["min", "max"])
def test_mixture_sliders_at_extremes_and_method(sbp, end):
    for s in sbp.slider:
        if s.key and s.key.startswith("sb.mix."):
            s.set_value(getattr(s, end))
    check(sbp.run())
    sbp.radio(key="sb.mix.method").set_value("notebook")
    check(sbp.run())
    assert f"Best K at cost {16 if end == 'max' else 0:g}" in metrics(sbp)


def test_high_cost_means_abstain(sbp):
    sbp.slider(key="sb.mix.cost").set_value(16.0)
    check(sbp.run())
    assert metrics(sbp)["Best K at cost 16"] == "0 (abstain)"


def test_pass_at_k_inputs(sbp):
    sbp.number_input(key="sb.pk.n").set_value(10)
    sbp.number_input(key="sb.pk.c").set_value(3)
    sbp.number_input(key="sb.pk.k").set_value(5)
    check(sbp.run())
    assert metrics(sbp)["pass@5"] == "0.916667"
    sbp.number_input(key="sb.pk.c").set_value(11)
    check(sbp.run())
    assert any("c <= n" in e for e in messages(sbp)["error"])


def upload(at, name, data):
    return check(at.file_uploader(key="sb.pk.upload").set_value((name, data, "text/csv")).run())


def test_pass_at_k_upload_good_and_bad(sbp):
    tasks = pd.DataFrame({"task": ["a", "b", "c", "d"], "n": [20, 20, 30, 20],
                          "c": [0, 5, 30, 1]})
    at = upload(sbp, "tasks.csv", tasks.to_csv(index=False).encode())
    plotted = [c for c in at.caption if c.value.startswith("4 task(s)")]
    assert plotted, "the curve should cover the four tasks"
    bad = pd.DataFrame({"n": [10, np.nan, -3, 10, 0], "c": [2, 1, 1, 12, 0]})
    at = upload(at, "bad.csv", bad.to_csv(index=False).encode())
    warnings = messages(at)["warning"]
    assert any("no number" in w for w in warnings) and any("above n" in w for w in warnings)
    assert any(c.value.startswith("1 task(s)") for c in at.caption)
    for name, data in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 4),
                       ("header.csv", b"n,c\n"), ("zeros.csv", b"n,c\n0,0\n-1,0\n")]:
        at = upload(at, name, data)
        assert messages(at)["error"], name
    assert metrics(at)["pass@10"]   # the single-task view is kept


def test_fit_the_ceiling_from_an_uploaded_curve(sbp):
    k = np.array([1, 2, 3, 5, 8, 13, 20, 40, 70, 100])
    truth = {"r": 0.3, "c": 0.9, "s": 0.6}
    runs = pd.DataFrame({"K": k, "accuracy": sb.accuracy(truth, K=k)})
    at = check(sbp.radio(key="sb.data.source").set_value("Upload a file").run()) \
        if sbp.radio(key="sb.data.source").value != "Upload a file" else sbp
    at = check(at.file_uploader(key="sb.data.upload").set_value(
        ("curve.csv", runs.to_csv(index=False).encode(), "text/csv")).run())
    at.slider(key="sb.data.boot").set_value(50)
    at.slider(key="sb.data.holdout").set_value(0.0)
    check(at.button(key="sb.data.fit").click().run())
    derived = table(at, "quantity").set_index("quantity")
    assert derived.loc["ceiling Acc(inf)", "value"] == pytest.approx(sb.ceiling(truth), rel=1e-3)
    # a curve with negative accuracies gets a sentence, not a traceback
    bad = runs.assign(accuracy=-runs["accuracy"])
    check(at.file_uploader(key="sb.data.upload").set_value(
        ("neg.csv", bad.to_csv(index=False).encode(), "text/csv")).run())
    check(at.button(key="sb.data.fit").click().run())
