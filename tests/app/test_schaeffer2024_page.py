"""pages/schaeffer2024.py through the router: the one-question chain and its presets, the
simulated family's sliders and correlation choice, the ObsScaling family fits, and the
sigmoid fit on the public data and on uploads (good and bad)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from apptools import check, messages, metrics, open_page, table
from laws.papers import schaeffer2024 as sc


@pytest.fixture
def scp(app, shared_data):
    return open_page(app, "schaeffer2024")


def test_default_render_is_section_5_spread_evenly(scp):
    assert scp.title[0].value.startswith("Why Has Predicting Downstream")
    m = metrics(scp)
    assert m["Accuracy"] == "1" and float(m["p^Choices(correct)"]) == pytest.approx(0.4, abs=1e-3)
    assert any("Unconfirmed" in i for i in messages(scp)["info"])
    assert not messages(scp)["warning"] and not messages(scp)["error"]
    fits = table(scp, "x0 [log10 FLOPs]")
    assert set(fits["family"]) == {"Pythia", "OPT", "Qwen1.5", "Llama"}


def test_presets_and_nll_sliders(scp):
    scp.selectbox(key="sc.q.preset").set_value("Section 5: one strong distractor")
    check(scp.run())
    assert metrics(scp)["Accuracy"] == "0"
    scp.selectbox(key="sc.q.preset").set_value("Catalog check: 0.4, 0.3, 0.2, 0.1")
    check(scp.run())
    assert float(metrics(scp)["Brier score"]) == pytest.approx(0.50, abs=1e-3)
    for end in ("min", "max"):
        for key in ("sc.q.nll0", "sc.q.nll1", "sc.q.nll2", "sc.q.nll3"):
            scp.slider(key=key).set_value(getattr(scp.slider(key=key), end))
        check(scp.run())
        assert metrics(scp)["Accuracy"] == "0"          # a four-way tie is not a win


@pytest.mark.parametrize("end", ["min", "max"])
def test_family_sliders_and_correlations(scp, end):
    for key in ("sc.f.models", "sc.f.gain", "sc.f.noise", "sc.f.noisec"):
        scp.slider(key=key).set_value(getattr(scp.slider(key=key), end))
    for method in ("pearson", "kendall"):
        scp.radio(key="sc.f.method").set_value(method)
        check(scp.run())
    corr = table(scp, "median correlation").set_index("metric")
    assert corr.shape[0] == 5


def test_obsscaling_benchmarks_and_families(scp):
    for bench in ("GSM8K", "Winograd", "HumanEval"):
        scp.selectbox(key="sc.o.bench").set_value(bench)
        check(scp.run())
    scp.multiselect(key="sc.o.families").set_value([])
    check(scp.run())
    assert any("Choose at least one" in i for i in messages(scp)["info"])


def test_sigmoid_fit_on_public_data_and_uploads(scp):
    at = scp
    at.selectbox(key="sc.data.map.C").set_value("FLOPs (1E21)")
    at.selectbox(key="sc.data.map.score").set_value("ARC-C")
    at.slider(key="sc.data.boot").set_value(0)
    at.slider(key="sc.data.holdout").set_value(0.0)
    check(at.button(key="sc.data.fit").click().run())
    assert any("left out" in w for w in messages(at)["warning"])   # 25 rows have no FLOPs
    assert table(at, "parameter").shape[0] == 4
    for s in at.slider:
        if s.key and s.key.startswith("sc.sig."):
            s.set_value(s.max)
    check(at.run())
    truth = {"floor": 0.25, "ceiling": 0.85, "slope": 1.2, "x0": 22.5}
    c = np.logspace(20, 25, 12)
    good = pd.DataFrame({"C": c, "score": sc.accuracy_sigmoid(truth, C=c)})
    at = check(at.radio(key="sc.data.source").set_value("Upload a file").run())
    for name, payload in [("good.csv", good.to_csv(index=False).encode()),
                          ("empty.csv", b""), ("garbage.bin", bytes(range(256)) * 8),
                          ("nan.csv", b"C,score\nnan,nan\n1e21,nan\n"),
                          ("neg.csv", b"C,score\n-1,0.3\n0,0.4\n1e22,0.5\n")]:
        at = check(at.file_uploader(key="sc.data.upload").set_value(
            (name, payload, "text/csv")).run())
        if name == "good.csv":
            check(at.button(key="sc.data.fit").click().run())
            fitted = table(at, "parameter").set_index("parameter")["fitted"]
            assert fitted["x0"] == pytest.approx(22.5, abs=0.05)
        elif any(b.key == "sc.data.fit" for b in at.button) and not messages(at)["error"]:
            check(at.button(key="sc.data.fit").click().run())
            msgs = messages(at)
            assert msgs["error"] or msgs["warning"], name
