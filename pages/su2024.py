"""Su et al. 2024: Kaplan's L(N, S) with the critical batch size, for your setup: a run's
loss curve at any batch size, steps and tokens to a target loss, and the constants fitted
on small runs."""
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import FitError, logs
from laws.papers import su2024 as su
from ui import charts, data, exports, page, params, state

paper = laws.paper("su2024")
page.setup(paper)
page.header(paper)


def problem(sentence: str, err: Exception) -> None:
    """An error sentence, with the details (which may quote file names and columns) as
    plain text, never as markdown."""
    st.error(sentence)
    st.text(str(err))


st.sidebar.subheader("L(N, S_min) constants")
values_ns = params.param_sliders(su.loss_ns, "su.ns")
st.sidebar.subheader("Critical batch size constants")
values_b = params.param_sliders(su.critical_batch, "su.b")
st.latex(su.loss_ns.latex())
page.live_law(su.loss_ns, values_ns)
st.latex(su.critical_batch.latex() + r",\qquad S_{min} = \frac{S}{1 + B_{crit}(L)/B},"
         r"\qquad E_{min} = \frac{E}{1 + B/B_{crit}(L)}")
st.info("Su et al. fit their own constants for their setup; those values are unconfirmed, "
        "so the sliders start at Kaplan et al.'s (Table 3 and Eq. 1.4), and the paper says "
        "they change with data, tokenizer, learning rate and context length. Fit them on "
        "your small runs in the last tab.")

state.shared("su.logN", 9.0, bounds=(6.0, 11.5))
state.shared("su.logB", 19.0, bounds=(12.0, 26.0))
c1, c2 = st.columns(2)
n = 10 ** c1.slider("log10 N [non-embedding parameters]", 6.0, 11.5, step=0.05, key="su.logN")
b = 2 ** c2.slider("log2 batch size B [tokens]", 12.0, 26.0, step=0.5, key="su.logB")
floor = float(su.minimum_loss(n, values_ns))
tabs = st.tabs(["Loss curve at a batch size", "Steps and tokens to a loss",
                "Fit on small runs"])

with tabs[0]:
    steps = charts.log_grid(1e2, 1e7, 160)
    batches = {f"B = 2^{np.log2(b):g} tokens": b, f"B = 2^{np.log2(b) - 3:g}": b / 8,
               f"B = 2^{np.log2(b) + 3:g}": b * 8}
    frame = pd.concat(
        [pd.DataFrame({"curve": name, "step": steps,
                       "loss": su.learning_curve(n, steps, bb, values_ns, values_b)})
         for name, bb in batches.items()]
        + [pd.DataFrame({"curve": "B >> B_crit (S = S_min)", "step": steps,
                         "loss": su.loss_ns(values_ns, N=n, S_min=steps)})],
        ignore_index=True)
    chart = charts.curves(frame, "step", "loss", color="curve", x_title="steps S",
                          y_title="loss [nats/token]", log_y=True)
    st.altair_chart(chart)
    final = float(su.learning_curve(n, 1e5, b, values_ns, values_b))
    m = st.columns(3)
    m[0].metric("Minimum possible loss", f"{floor:.4f}")
    m[1].metric("Loss after 1e5 steps at B", f"{final:.4f}")
    m[2].metric("B_crit there [tokens]", f"{float(su.critical_batch(values_b, L=final)):.3g}")
    st.caption("The minimum possible loss is (N_c/N)^alpha_N, what Eq. (1.6) tends to with "
               "unlimited steps. A smaller batch takes more steps to the same loss; above "
               "B_crit a larger batch saves few steps.")
    exports.export_panel("su.curve", chart, frame, paper.bibtex, name="su-loss-curve")

with tabs[1]:
    state.shared("su.target", 0.1, bounds=(0.0, 1.0))
    excess = st.slider("Target loss, as a share above the minimum possible loss", 0.0, 1.0,
                       step=0.01, key="su.target",
                       help="0.1 means a target loss 10% above (N_c/N)^alpha_N.")
    target = floor * (1 + max(excess, 0.005))
    if excess < 0.005:
        st.info("A target at the minimum possible loss takes unlimited steps; showing a "
                "target 0.5% above it.")
    r = {k: float(v) for k, v in su.to_reach(target, n, b, values_ns, values_b).items()}
    st.markdown(f"To reach **L = {target:.4f}** (minimum {floor:.4f}) a model of N = {n:.3g} "
                f"needs at least **S_min = {r['S_min']:.4g} steps** (at a batch far above "
                f"B_crit) or **E_min = {r['E_min']:.4g} tokens** (far below it). There "
                f"B_crit = {r['B_crit']:.4g} tokens; at B = {b:.4g} tokens it takes "
                f"{r['S']:.4g} steps and {r['E']:.4g} tokens.")
    trade = su.tradeoff(target, n, values_ns, values_b)
    marks = pd.DataFrame({"E": [2 * r["E_min"], r["E"]], "S": [2 * r["S_min"], r["S"]],
                          "label": ["B = B_crit (2 E_min, 2 S_min)", "your batch"]})
    chart = charts.curves(trade, "E", "S", x_title="tokens processed E",
                          y_title="optimizer steps S", log_y=True, marks=marks)
    st.altair_chart(chart)
    st.caption("Each point is one batch size, from 1e3 to 1e10 tokens: "
               "(S/S_min - 1)(E/E_min - 1) = 1 (Kaplan Eq. 5.3).")
    exports.export_panel("su.trade", chart, trade, paper.bibtex, name="su-tradeoff")

with tabs[2]:
    source = st.radio("Runs", ["Shipped example", "Upload"], horizontal=True, key="su.src")
    frame = None
    if source == "Shipped example":
        frame = pd.read_csv(data.EXAMPLES_DIR / "su2024_small_runs.csv")
        st.caption("Learning curves of four small models (1M to 60M) at B = 2^18 tokens, "
                   "generated from Kaplan's L(N, S) with B_crit and 0.5% noise by "
                   "`data/make_schedule_example.py`.")
    else:
        upload = st.file_uploader("A CSV of logged points of small runs: columns N, B "
                                  "(tokens), step, loss", key="su.upload")
        if upload is None:
            st.info("Upload the learning curves of a few small models to fit the constants.")
        else:
            try:
                frame = data.read_table(upload.name, upload.getvalue())
            except logs.LogFormatError as err:
                problem("The file could not be read.", err)
    if frame is not None:
        cols = [str(c) for c in frame.columns]
        pick = st.columns(4)
        mapping = {}
        for box, var in zip(pick, ["N", "B", "step", "loss"]):
            guess = next((c for c in cols if c.lower() == var.lower()), cols[0])
            mapping[var] = box.selectbox(f"{var} column", cols, index=cols.index(guess),
                                         key=f"su.map.{var}")
        c1, c2 = st.columns(2)
        after = int(c1.number_input("Fit after step", 0, 10_000_000, 1000, step=250,
                                    key="su.after"))
        resamples = c2.slider("Bootstrap resamples", 0, 200, 50, step=10, key="su.boot")
        if st.button("Fit", type="primary", key="su.fit"):
            try:
                points = su.small_runs_to_smin(frame, values_b, **{
                    "N": mapping["N"], "B": mapping["B"], "step": mapping["step"],
                    "loss_col": mapping["loss"]})
                points = points[points["step"] > after]
                with st.spinner("Fitting..."):
                    fit = laws.fit(su.loss_ns, points, bootstrap=resamples)
                st.session_state["su.result"] = {"fit": fit, "backtest": None, "by": "N",
                                                 "after": after}
            except (FitError, ValueError) as err:
                problem("The fit could not be done.", err)
    result = st.session_state.get("su.result")
    if result is not None:
        fit = result["fit"]
        st.caption("Each logged step S at batch B becomes S_min = S/(1 + B_crit(L)/B) with "
                   "the sidebar's B_crit constants, then Eq. (1.6) is fitted (Su et al. "
                   "estimate B_crit first).")
        runs = len(fit.data[["N", "B"]].drop_duplicates())
        data.show_fit(result, fitted_on=f"{fit.n:,} logged points from {runs} run"
                                        f"{'' if runs == 1 else 's'} (one per N and B)")
        band = su.curve_band(fit, n, charts.log_grid(1e2, 1e7, 80), b, values_b)
        chart = alt.layer(
            alt.Chart(band).mark_area(opacity=0.22, color=charts.PALETTE[0]).encode(
                x=alt.X("step:Q", scale=alt.Scale(type="log"), title="steps S"),
                y=alt.Y("lower:Q", scale=alt.Scale(type="log"), title="loss [nats/token]"),
                y2="upper:Q"),
            alt.Chart(band).mark_line(strokeWidth=2.5, color=charts.PALETTE[0]).encode(
                x="step:Q", y="value:Q", tooltip=[alt.Tooltip("step:Q", format=".4g"),
                                                  alt.Tooltip("value:Q", format=".4f")]),
        ).properties(height=360)
        st.altair_chart(chart)
        st.markdown(f"Predicted with the fitted constants for N = {n:.3g} at B = {b:.4g} "
                    f"tokens: loss {band['value'].iloc[-1]:.4f} after 1e7 steps; minimum "
                    f"possible loss {float(su.minimum_loss(n, fit.params)):.4f}.")
        exports.export_panel(
            "su.fit", chart, band, paper.bibtex, fit=fit,
            source=(f"__import__('importlib').import_module('laws.papers.su2024')"
                    f".small_runs_to_smin(pd.read_csv('runs.csv'), {values_b!r}, "
                    f"N={mapping['N']!r}, B={mapping['B']!r}, step={mapping['step']!r}, "
                    f"loss_col={mapping['loss']!r}).query('step > {result['after']}')"
                    if frame is not None else "pd.read_csv('runs.csv')"),
            name="su-fit")

state.publish("su.")
