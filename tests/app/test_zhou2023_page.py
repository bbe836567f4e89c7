"""pages/zhou2023.py through the router: the phase diagram (every colouring, thresholds at
their ends), the per-load advice (every density, epochs at their ends), an uploaded sweep
(good and bad files) and the LMC-barrier calculator (good and bad text)."""
from __future__ import annotations

import pytest
from apptools import check, messages, metrics, served_page, table

from laws.papers import zhou2023 as zp


@pytest.fixture(scope="module")
def zpp():
    with served_page("zhou2023") as at:
        yield at


def test_default_render(zpp):
    assert zpp.title[0].value == "A Three-regime Model of Network Pruning"
    m = metrics(zpp)
    assert m["Regime I cells"] == "31" and m["Best epochs at this density"] == "60"
    assert m["Move"] == "fewer epochs (hotter)" and m["mc"] == "-0.6000"
    assert any("DIGITISED" in i for i in messages(zpp)["info"])
    assert not messages(zpp)["warning"] and not messages(zpp)["error"]


def test_phase_diagram_widgets(zpp):
    for metric in ["test error", "normalized test error", "LMC barrier mc", "CKA similarity",
                   "regime"]:
        check(zpp.radio(key="zp.metric").set_value(metric).run())
    for end in ("min", "max"):
        for key in ("zp.tau", "zp.kappa", "zp.tol"):
            zpp.slider(key=key).set_value(getattr(zpp.slider(key=key), end))
        check(zpp.run())
    m = metrics(zpp)
    assert sum(int(m[f"Regime {r} cells"]) for r in zp.REGIMES) == 144
    zpp.slider(key="zp.tau").set_value(0.2)
    zpp.slider(key="zp.kappa").set_value(0.98)
    zpp.slider(key="zp.tol").set_value(0.002)
    check(zpp.run())


def test_advice_for_every_density(zpp):
    zpp.select_slider(key="zp.epochs").set_value(10)
    for density in zp.DENSITY_PCT:
        zpp.selectbox(key="zp.density").set_value(density)
        check(zpp.run())
        assert metrics(zpp)["Move"] in {"keep", "fewer epochs (hotter)", "more epochs (colder)"}
    zpp.selectbox(key="zp.density").set_value(80)
    zpp.select_slider(key="zp.epochs").set_value(10)
    assert metrics(check(zpp.run()))["Move"] == "more epochs (colder)"


def test_uploads_and_curve(zpp):
    good = zp.load_phase_diagram().rename(columns={"epochs": "T", "density_pct": "load"})
    good = good[["T", "load", "test_error", "lmc_barrier", "cka"]]
    zpp.file_uploader(key="zp.upload").set_value(("sweep.csv", good.to_csv(index=False).encode(),
                                                  "text/csv"))
    at = check(zpp.run())
    assert table(at, "saved by the best temperature").shape[0] == 9
    for name, payload in [("empty.csv", b""), ("garbage.csv", bytes(range(256)) * 8),
                          ("nan.csv", b"T,load,err\nnan,nan,nan\n"),
                          ("neg.csv", b"T,load,err\n-5,0,-1\n0,-3,0\n")]:
        at = check(at.file_uploader(key="zp.upload").set_value((name, payload, "text/csv")).run())
        if name != "neg.csv":
            assert messages(at)["error"], name
        else:   # numbers, however odd, are drawn as they are: one row per load
            assert table(at, "saved by the best temperature").shape[0] == 2
    at = check(at.text_input(key="zp.curve").set_value("0.1, abc").run())
    assert any("finite numbers" in e for e in messages(at)["error"])
    at = check(at.text_input(key="zp.curve").set_value("0.1, 0.5, 0.1").run())
    assert metrics(at)["mc"] == "-0.4000"
