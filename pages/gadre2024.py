"""Gadre et al. 2024: loss under over-training L(C, M), the paper's extrapolation from small
runs to the 1.4B (M = 640) and 6.9B (M = 20) runs, the loss -> downstream error chain, and
your own fit."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import datasets
from laws.papers import gadre2024 as gad
from ui import charts, data, exports, page, params, state

paper = laws.paper("gadre2024")
page.setup(paper)
page.header(paper)
values = params.param_sliders(gad.loss, "gad")
st.sidebar.markdown("**Downstream error law**")
err_values = params.param_sliders(gad.error, "gad.err")
page.formula_card(gad.loss, values)
page.live_law(gad.loss, values)
st.latex(r"L(C, M) = E + \left(a M^{\eta} + b M^{-\eta}\right) C^{-\eta}, \qquad "
         r"C = 6ND = 6N^2M, \quad M = D/N")
st.latex(gad.error.latex())
st.info("The constants are regression values: the authors' fitting procedure "
        "(mlfoundations/scaling, fit_ds) run on their released runs, one set per training "
        "set. The paper's figures show these fits but print no table of constants.")

state.shared("gad.logN", float(np.log10(1.44e9)), bounds=(7.0, 12.0))
state.shared("gad.M", 640.0, bounds=(1.0, 2000.0))
c1, c2 = st.columns(2)
n_params = 10 ** c1.slider("Model size log10 N [parameters]", 7.0, 12.0, step=0.05,
                           key="gad.logN")
multiplier = c2.slider("Token multiplier M = D/N [tokens/parameter]", 1.0, 2000.0, step=1.0,
                       key="gad.M")


@st.cache_data(show_spinner="Fitting the small runs as the paper does...", max_entries=16)
def reproduce(train: str, val: str, downstream: str, resamples: int, refit: bool = False):
    """The paper's extrapolation; the default settings' fits are restored from data/
    (gad.SHIPPED, made by data/make_gadre2024_reproduction.py) unless ``refit``."""
    frame = data.load_dataset("gadre2024")
    saved = None if refit else gad.shipped_reproduction(frame, train, val, downstream,
                                                         resamples)
    result = gad.reproduce(frame, train, val, downstream, bootstrap=resamples, saved=saved)
    band = pd.concat([
        gad.extrapolation_band(result["loss_fit"], sorted(set(result["table"]["M"]) | {20.0}),
                               N_range=(8e6, 1e10))])
    return result["table"], result["runs"], band, result["loss_fit"].params, \
        result["error_fit"].params, result["loss_fit"].warnings, saved is not None


def public_runs():
    try:
        return data.load_dataset("gadre2024")
    except datasets.DatasetUnavailable as err:
        st.info(f"The runs of Gadre et al. are not available here, so the views that use "
                f"them are hidden. {err}")
        return None


frame = public_runs()
point = float(gad.loss(values, N=n_params, M=multiplier))
st.markdown(f"At N = {n_params:.3g} parameters and M = {multiplier:g} tokens per parameter "
            f"(D = {n_params * multiplier:.3g} tokens, C = 6ND = "
            f"{gad.compute(n_params, multiplier):.3g} FLOPs) the law gives a loss of "
            f"**{point:.4f}** nats/token and an average top-1 error of "
            f"**{float(gad.error(err_values, loss=point)):.3f}**.")

tabs = st.tabs(["Loss over compute", "Predictions vs truth", "Loss -> downstream error",
                "Use your data"])

with tabs[0]:
    mults = sorted({5.0, 20.0, 80.0, 320.0, 640.0, float(multiplier)})
    curves = gad.curves_over_compute(values, mults, C_range=(1e16, 1e24))
    points = None
    if frame is not None:
        runs = gad.runs(frame, "rpj")
        points = runs.assign(M=[f"M = {m:g}" for m in runs["M"]])[["C", "loss", "M", "model"]]
    chart = charts.curves(curves, "C", "loss", color="M", x_title="compute C = 6ND [FLOPs]",
                          y_title="loss [nats/token]", log_y=True, points=points,
                          point_color="M")
    st.altair_chart(chart)
    ch = gad.chinchilla_form(values)
    st.caption(f"At a fixed token multiplier M, loss is a power law in compute with the same "
               f"exponent eta = {values['eta']:.3f}: over-training shifts the line, it does not "
               f"bend it. Points: the RedPajama runs (C4 validation loss). In Chinchilla's form "
               f"this is E + A/N^a + B/D^a with A = {ch['A']:.4g}, B = {ch['B']:.4g} and "
               f"a = 2 eta = {ch['alpha']:.3f}.")
    exports.export_panel("gad.compute", chart, curves, paper.bibtex, name="gadre-loss-compute")

with tabs[1]:
    if frame is not None:
        c1, c2, c3, c4 = st.columns(4)
        train = c1.selectbox("Training set", list(gad.TRAIN_SETS), key="gad.train",
                             format_func=gad.TRAIN_SETS.get)
        splits = [c[len("loss_"):] for c in frame.columns if c.startswith("loss_")]
        val = c2.selectbox("Validation loss", splits, index=splits.index("c4_val"),
                           key="gad.val")
        downstream = c3.selectbox("Downstream error", list(gad.DOWNSTREAM), key="gad.down",
                                  format_func=gad.DOWNSTREAM.get)
        resamples = c4.slider("Bootstrap resamples", 0, 200, 50, step=50, key="gad.boot")
        table, runs, band, loss_params, err_params, warnings, from_file = reproduce(
            train, val, downstream, resamples, page.refit_requested("gad"))
        if from_file:
            page.shipped_notice("gad", "These fits were computed ahead with the same runs "
                                "and procedure", gad.SHIPPED, "make_gadre2024_reproduction.py")
        shown = runs[runs["role"] != "other"].assign(
            curve=lambda f: f["role"].map({"loss fit": "fitted runs", "error fit": "1.4B, M = 20",
                                           "target": "held-out runs (truth)"}))
        shown = shown[shown["role"] != "error fit"]
        predicted = table.assign(curve="predicted", loss=table["loss_pred"])
        marks = predicted.assign(label=[f"predicted {r}" for r in predicted["run"]])[
            ["N", "loss", "label"]]
        chart = charts.curves(band, "N", "loss", color="curve", band=("lower", "upper"),
                              x_title="parameters N", y_title="loss [nats/token]",
                              points=shown[["N", "loss", "curve", "M", "model"]],
                              point_color="curve", marks=marks)
        st.altair_chart(chart)
        cols = st.columns(len(table))
        for col, row in zip(cols, table.itertuples()):
            col.metric(f"Loss of {row.run}", f"{row.loss_pred:.4f}",
                       f"{row.loss_rel_error_pct:.2f}% off the true {row.loss_true:.4f}",
                       delta_color="off")
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={c: st.column_config.NumberColumn(format="%.4g")
                                    for c in table.columns if c != "run"})
        st.caption("Fit on five small runs (the four models of 11M-412M parameters at M = 20 "
                   "and the 11M model at M = 320, as in the authors' code), extrapolated to "
                   "the 1.4B and 6.9B runs with a case-resampling bootstrap band (with five "
                   "runs for four parameters the band is wide). The paper's Figure 1 (left) "
                   "reports relative errors of about 0.7% for RedPajama and C4 validation "
                   "loss; the authors' notebook prints 0.7103% (1.4B, M = 640) and 0.7320% "
                   "(6.9B, M = 20).")
        for w in warnings:
            st.caption(w)
        exports.export_panel("gad.predict", chart, table, paper.bibtex, name="gadre-predictions")

with tabs[2]:
    curve = gad.error_curve(err_values)
    points = marks = None
    if frame is not None:
        runs = gad.runs(frame, st.session_state.get("gad.train", "rpj"),
                        st.session_state.get("gad.val", "c4_val"),
                        st.session_state.get("gad.down", "err_avg17"))
        points = runs.assign(run=runs["role"].map({"loss fit": "fitted runs",
                                                   "error fit": "fitted runs",
                                                   "target": "held-out runs",
                                                   "other": "other runs"}))[
            ["loss", "error", "run", "model", "M"]]
    here = float(gad.error(err_values, loss=point))
    marks = pd.DataFrame({"loss": [point], "error": [here],
                          "label": [f"N = {n_params:.3g}, M = {multiplier:g}"]})
    chart = charts.curves(curve, "loss", "error", x_title="validation loss [nats/token]",
                          y_title="average top-1 error", log_x=False, points=points,
                          point_color="run", marks=marks)
    st.altair_chart(chart)
    st.markdown(f"Chain: N = {n_params:.3g} and M = {multiplier:g} give loss **{point:.4f}** "
                f"(loss law), which gives top-1 error **{here:.4f}** (error law). Near chance "
                f"the error flattens at epsilon = {err_values['epsilon']:.3f}; every 0.1 "
                f"nats/token less loss lowers the error by about "
                f"{err_values['k'] * err_values['gamma'] * np.exp(-err_values['gamma'] * point) * 0.1:.3f} "
                f"here.")
    st.caption("Points: the runs of the training set chosen under Predictions vs truth. In "
               "the paper the error law is fitted on the five small runs plus the 1.4B model "
               "at M = 20, and the held-out runs' error is predicted from their predicted "
               "loss: 3.64% (1.4B, M = 640) and 0.05% (6.9B, M = 20) off for RedPajama and "
               "17 tasks (authors' notebook).")
    exports.export_panel("gad.error", chart, curve, paper.bibtex, name="gadre-error-chain")

with tabs[3]:
    which = st.radio("Relation to fit", ["loss", "error"], horizontal=True, key="gad.fitlaw",
                     format_func={"loss": "loss law L(N, M)", "error": "error law Err(L)"}.get)
    law, slider_values = (gad.loss, values) if which == "loss" else (gad.error, err_values)
    result = data.section(f"gad.data.{which}", law, slider_values, public=["gadre2024"],
                          examples={})
    if result is not None and which == "loss":
        fit = result["fit"]
        band = gad.extrapolation_band(fit, [20.0, 640.0], N_range=(1e7, 1e11))
        chart = charts.curves(band, "N", "loss", color="curve", band=("lower", "upper"),
                              x_title="parameters N", y_title="loss [nats/token]")
        st.altair_chart(chart)
        st.caption("Your fit extrapolated in N at M = 20 and M = 640, with its bootstrap band.")
        exports.export_panel("gad.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="gadre-fit")
    elif result is not None:
        fit = result["fit"]
        band = fit.predict(loss=np.linspace(2.0, 6.5, 100))
        chart = charts.curves(band.rename(columns={"value": "error"}), "loss", "error",
                              band=("lower", "upper"), log_x=False,
                              x_title="validation loss [nats/token]",
                              y_title="average top-1 error")
        st.altair_chart(chart)
        exports.export_panel("gad.fiterr", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="gadre-error-fit")

state.publish("gad.")
