"""pages/kaplan2020.py: every tab's widgets, the fit of each relation, the simulation."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, new_app, table
from laws.papers import kaplan2020 as kp

TABS = ["L(N), L(D), L(C)", "L(N, D) and overfitting", "L(N, S) and batch size",
        "Compute-efficient frontier", "Use your data", "Simulate a sweep"]
POWER_LAWS = {"N": kp.loss_n, "D": kp.loss_d, "C_min": kp.loss_c}
FITTABLE = {"L(N, D)": kp.loss_nd, "L(N)": kp.loss_n, "L(D)": kp.loss_d}
# every constants expander: slider key prefix -> relation
EXPANDERS = {"nd": kp.loss_nd, "ns": kp.loss_ns, "b": kp.critical_batch, "nopt": kp.n_opt}
OTHER_SLIDERS = ["kap.deltaL", "kap.logN", "kap.logB"]


def constant_sliders(at):
    prefixes = ("kap.N.", "kap.D.", "kap.C_min.") + tuple(f"kap.{p}." for p in EXPANDERS)
    return [s for s in at.slider if s.key.startswith(prefixes)]


def sentences(at):
    (overfit,) = markdown(at, "To keep the loss within")
    (batch,) = markdown(at, "After 1e5 steps at B =")
    (alpha_c,) = markdown(at, "Exponents of Table 3 and Eq. (1.4) imply alpha_C")
    return overfit, batch, alpha_c


def test_default_render(kap):
    at = kap
    assert [t.value for t in at.title] == [kp.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    latex = [x.value for x in at.latex]
    for law in (kp.loss_n, kp.loss_nd, kp.loss_ns, kp.critical_batch, kp.n_opt):
        assert any(law.latex() in x for x in latex), law.id
    labels = [e.label for e in at.expander]
    for law in (kp.loss_n, *EXPANDERS.values()):
        assert f"Constants of {law.title} ({law.equation})" in labels
    overfit, batch, alpha_c = sentences(at)
    # Eq. (4.4) of Kaplan et al. 2020 rounds the threshold to D >~ 5e3 N^0.74 (delta_L = 0.02)
    k, p = map(float, re.search(r"D = ([\d.e+]+) N\^([\d.]+)", overfit).groups())
    assert k == pytest.approx(5e3, rel=0.15) and p == pytest.approx(0.74, abs=0.01)
    # Eq. B.7 prints alpha_C of about 0.052 from Table 3's and Eq. (1.4)'s exponents
    value = float(re.search(r"\*\*([\d.]+)\*\*", alpha_c).group(1))
    assert value == pytest.approx(0.052, abs=0.001)
    final = float(kp.learning_curve(1e8, 1e5, 1e6, kp.loss_ns.defaults, kp.critical_batch.defaults))
    assert batch.startswith(f"After 1e5 steps at B = 1e+06 tokens the loss is {final:.3f}")
    assert messages(at) == {"error": [], "warning": [], "info": []}
    keys = {b.key for b in at.download_button}
    for panel in ("kap.power", "kap.nd", "kap.ns", "kap.frontier"):
        assert {f"{panel}.fig", f"{panel}.csv", f"{panel}.bib"} <= keys, panel


@pytest.mark.parametrize("axis", ["D", "C_min", "N"])
def test_power_law_radio(kap, axis):
    at = kap
    law = POWER_LAWS[axis]
    check(at.radio("kap.axis").set_value(axis).run())
    assert any(law.latex() in x.value for x in at.latex)
    assert f"Constants of {law.title} ({law.equation})" in [e.label for e in at.expander]
    keys = [s.key for s in at.slider if s.key.startswith(f"kap.{axis}.")]
    assert keys == [f"kap.{axis}.{p.name}" for p in law.params]
    others = [a for a in POWER_LAWS if a != axis]
    assert not [s for s in at.slider if s.key.startswith(tuple(f"kap.{a}." for a in others))]
    assert at.query_params["kap.axis"] == axis
    # each power law's constants can be moved and reset
    first = at.slider(keys[0])
    check(first.set_value(first.max).run())
    assert at.slider(keys[0]).value == pytest.approx(first.max)
    check(at.button(f"kap.{axis}.reset").click().run())
    p0 = law.params[0]
    expected = math.log10(p0.value) if p0.log else p0.value
    assert at.slider(keys[0]).value == pytest.approx(expected)
    assert not at.error


@pytest.mark.parametrize("corner", ["all at min", "all at max", "exponents min, scales max",
                                    "exponents max, scales min"])
def test_constants_sliders_at_extremes(kap, corner):
    at = kap
    for axis in ("C_min", "D", "N"):  # visit every power law, leave it at its corner
        check(at.radio("kap.axis").set_value(axis).run())
        for s in constant_sliders(at) + [at.slider(k) for k in OTHER_SLIDERS]:
            exponent = s.key.rsplit(".", 1)[1].startswith(("alpha", "p_")) or \
                s.key == "kap.deltaL"
            low = {"all at min": True, "all at max": False,
                   "exponents min, scales max": exponent,
                   "exponents max, scales min": not exponent}[corner]
            s.set_value(s.min if low else s.max)
        check(at.run())
        assert not at.error, (axis, messages(at))
    for s in constant_sliders(at):
        assert s.value in (pytest.approx(s.min), pytest.approx(s.max)), s.key
    overfit, batch, alpha_c = sentences(at)
    for sentence in (overfit, batch, alpha_c):
        assert not re.search(r"\b(nan|inf)\b", sentence), sentence


@pytest.mark.parametrize("delta, percent", [(0.001, "0.1%"), (0.2, "20.0%"), (0.05, "5.0%")])
def test_delta_l_slider(kap, delta, percent):
    at = kap
    check(at.slider("kap.deltaL").set_value(delta).run())
    overfit, _, _ = sentences(at)
    assert overfit.startswith(f"To keep the loss within {percent} of the infinite-data loss")
    k, p = kp.overfitting_fit_of_eq_4_4({**kp.loss_nd.defaults, "delta_L": delta})
    assert f"**D = {k:.3g} N^{p:.3f}** tokens" in overfit
    need = float(kp.overfitting_threshold({**kp.loss_nd.defaults, "delta_L": delta}, N=1e9))
    assert overfit.endswith(f"A 1B-parameter model needs {need:.3g} tokens.")
    assert at.query_params["kap.deltaL"] == f"{delta:.6g}"


@pytest.mark.parametrize("log_n, log_b", [(5.0, 4.0), (11.0, 8.0), (9.5, 5.5)])
def test_model_size_and_batch_sliders(kap, log_n, log_b):
    at = kap
    at.slider("kap.logN").set_value(log_n)
    at.slider("kap.logB").set_value(log_b)
    check(at.run())
    _, batch, _ = sentences(at)
    final = float(kp.learning_curve(10 ** log_n, 1e5, 10 ** log_b, kp.loss_ns.defaults,
                                    kp.critical_batch.defaults))
    crit = float(kp.critical_batch(kp.critical_batch.defaults, L=final))
    assert batch.startswith(f"After 1e5 steps at B = {10 ** log_b:.3g} tokens the loss is "
                            f"{final:.3f}; there the critical batch size is {crit:.3g} tokens.")
    assert not at.error


def test_url_state(served):
    at = new_app()
    at.query_params.update({"kap.axis": "D", "kap.deltaL": "0.05", "kap.logN": "10",
                            "kap.logB": "99", "kap.nd.alpha_N": "0.1"})
    at.switch_page("pages/kaplan2020.py")
    check(at.run())
    assert at.radio("kap.axis").value == "D"
    assert at.slider("kap.deltaL").value == pytest.approx(0.05)
    assert at.slider("kap.logN").value == pytest.approx(10.0)
    assert at.slider("kap.logB").value == pytest.approx(8.0)  # clamped into its range
    assert at.slider("kap.nd.alpha_N").value == pytest.approx(0.1)
    bad = new_app()
    bad.query_params.update({"kap.axis": "Q", "kap.deltaL": "-1", "kap.logN": "nan"})
    bad.switch_page("pages/kaplan2020.py")
    check(bad.run())
    assert bad.radio("kap.axis").value == "N"
    assert bad.slider("kap.deltaL").value == pytest.approx(0.001)
    assert bad.slider("kap.logN").value == pytest.approx(8.0)
    assert not bad.error


def data_key(at) -> str:
    (key,) = [r.key for r in at.radio if r.key.startswith("kap.data.")]
    return key.rsplit(".", 1)[0]


@pytest.mark.parametrize("label", list(FITTABLE))
def test_fit_each_relation_to_the_public_dataset_and_the_example(kap, label, shared_data):
    at = kap
    law = FITTABLE[label]
    check(at.radio("kap.fitlaw").set_value(label).run())
    key = data_key(at)
    assert key == f"kap.data.{law.id}"
    mapped = [s.value for s in at.selectbox if s.key.startswith(f"{key}.map.")]
    assert mapped == law.input_names + ["loss"]
    for source, runs in (("Public dataset", 234), ("Shipped example", 36)):
        check(at.radio(f"{key}.source").set_value(source).run())
        if source == "Shipped example":
            check(at.selectbox(f"{key}.example").set_value(
                "Kaplan L(N, D) sweep, 1% noise").run())
        at.slider(f"{key}.boot").set_value(50 if label == "L(N, D)" else 0)
        check(at.button(f"{key}.fit").click().run())
        assert not messages(at)["error"], (label, source)
        (line,) = markdown(at, f"**Fit of {law.title}**")
        assert line.startswith(f"**Fit of {law.title}** on {runs} runs"), (source, line)
        assert "(squared, log residuals, 257 starts" in line
        params = table(at, "parameter")
        assert list(params["parameter"]) == law.param_names
        assert np.isfinite(pd.to_numeric(params["fitted"])).all()  # large ones come as text
        (backtest,) = markdown(at, "**Backtest**")
        assert "predicted the" in backtest
        assert any(c.value.startswith("Extrapolation of the fit") for c in at.caption)
        assert {"kap.fit.json", "kap.fit.csv", "kap.fit.bib"} <= {b.key for b in at.download_button}
    if label == "L(N, D)":
        (ratio,) = table(at, "quantity")["quantity"]
        assert ratio == "alpha_N / alpha_D"
        assert table(at, "parameter")[["lower", "upper"]].notna().all().all()
        assert any(c.value.endswith("at the largest D of the data.") for c in at.caption)


def test_results_are_kept_per_relation(kap):
    at = kap
    key = data_key(at)
    check(at.radio(f"{key}.source").set_value("Shipped example").run())
    at.slider(f"{key}.boot").set_value(0)
    check(at.button(f"{key}.fit").click().run())
    assert markdown(at, "**Fit of L(N, D)**")
    check(at.radio("kap.fitlaw").set_value("L(D)").run())
    assert not markdown(at, "**Fit of")  # L(D) has not been fitted yet
    check(at.radio("kap.fitlaw").set_value("L(N, D)").run())
    assert markdown(at, "**Fit of L(N, D)**")


def test_fit_a_log_example(kap):
    at = kap
    key = data_key(at)
    check(at.radio(f"{key}.source").set_value("Shipped example").run())
    logs = [o for o in at.selectbox(f"{key}.example").options if "log" in o]
    if not logs:
        pytest.skip("no log among the shipped examples of this page")
    check(at.selectbox(f"{key}.example").set_value(logs[0]).run())
    assert at.selectbox(f"{key}.metric").value == "loss"
    runs = at.data_editor[0].value
    assert len(runs) == 4 and runs["N"].notna().all() and runs["D"].notna().all()
    check(at.radio("kap.fitlaw").set_value("L(N)").run())
    key = data_key(at)
    check(at.radio(f"{key}.source").set_value("Shipped example").run())
    check(at.selectbox(f"{key}.example").set_value(logs[0]).run())
    at.slider(f"{key}.boot").set_value(0)
    at.slider(f"{key}.holdout").set_value(0.0)
    check(at.button(f"{key}.fit").click().run())
    (line,) = markdown(at, "**Fit of L(N)**")
    assert line.startswith("**Fit of L(N)** on 4 runs")


def test_simulate_a_sweep(kap):
    at = kap
    at.slider("kap.sim.per_axis").set_value(3)
    at.slider("kap.sim.repeats").set_value(2)
    check(at.button("kap.sim.run").click().run())
    assert markdown(at, "2 sweeps of 9 runs with 1.0% noise")
    summary = table(at, "median_relative_error")
    assert list(summary["param"]) == kp.loss_nd.param_names
    # slider extremes: the smallest design (2 x 2 runs for 4 parameters), no noise
    at.slider("kap.sim.per_axis").set_value(2)
    at.slider("kap.sim.repeats").set_value(1)
    at.slider("kap.sim.noise").set_value(0.0)
    check(at.button("kap.sim.run").click().run())
    assert markdown(at, "1 sweeps of 4 runs with 0.0% noise") or messages(at)["error"]
    assert not at.exception
