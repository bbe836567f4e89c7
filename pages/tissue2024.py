"""Tissue et al. 2024: the whole loss curve under any learning-rate schedule, the best
annealing fraction of a WSD run with its plateau, and a fit of your own curves."""
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import FitError, logs
from laws.papers import tissue2024 as tis
from ui import charts, data, exports, page, params, state

paper = laws.paper("tissue2024")
page.setup(paper)
page.header(paper)


def problem(sentence: str, err: Exception) -> None:
    """An error sentence, with the details (which may quote file names and columns) as
    plain text, never as markdown."""
    st.error(sentence)
    st.text(str(err))
UPLOADED = "your LR column"
KINDS = list(tis.SCHEDULES) + [UPLOADED]

# --- sidebar: the schedule and the constants -------------------------------------------
st.sidebar.subheader("Schedule")
if state.shared("tis.kind", "WSD", str) not in KINDS:
    st.session_state["tis.kind"] = "WSD"
kind = st.sidebar.selectbox("LR schedule", KINDS, key="tis.kind")
state.shared("tis.logT", 4.5, bounds=(3.0, 6.5))
state.shared("tis.logpeak", np.log10(3e-4), bounds=(-5.0, -2.0))
state.shared("tis.final", 0.0, bounds=(0.0, 0.5))
state.shared("tis.warmup", 0.0, bounds=(0.0, 0.2))
state.shared("tis.frac", 0.2, bounds=(0.0, 1.0))
state.shared("tis.lam", tis.LAMBDA, bounds=(0.9, 1.0))
if state.shared("tis.shape", "linear", str) not in ("linear", "cosine"):
    st.session_state["tis.shape"] = "linear"
steps = int(round(10 ** st.sidebar.slider("log10 total steps T", 3.0, 6.5, step=0.05,
                                          key="tis.logT")))
peak = 10 ** st.sidebar.slider("log10 peak learning rate", -5.0, -2.0, step=0.05,
                               key="tis.logpeak")
final = peak * st.sidebar.slider("Final LR / peak LR", 0.0, 0.5, step=0.01, key="tis.final")
warmup = int(steps * st.sidebar.slider("Warmup share of the steps", 0.0, 0.2, step=0.005,
                                       key="tis.warmup"))
fraction = st.sidebar.slider("WSD decay fraction", 0.0, 1.0, step=0.01, key="tis.frac",
                             help="Share of the steps after warmup spent decaying (WSD only).")
shape = st.sidebar.radio("WSD decay shape", ["linear", "cosine"], horizontal=True,
                         key="tis.shape")
lam = st.sidebar.slider("Decay factor lambda of the annealing momentum", 0.9, 1.0,
                        step=0.0005, format="%.4f", key="tis.lam")
st.sidebar.subheader("Constants")
values = params.param_sliders(tis.loss, "tis.law")

st.latex(tis.loss.latex())
page.live_law(tis.loss, values)
st.latex(r"S_1(s)=\sum_{i=1}^{s}\eta_i,\qquad S_2(s)=\sum_{i=1}^{s} m_i,\qquad "
         r"m_i=\lambda\, m_{i-1}+(\eta_{i-1}-\eta_i)")
st.info("The default constants (L0 = 2.5, A = 1, alpha = 0.5, C = 0.4) are illustrative, "
        "not the paper's: its fitted values are unconfirmed. The momentum form of S2, "
        "lambda = 0.999 and counting warmup steps at the peak LR come from two independent "
        "reimplementations that agree, not from the paper's text, so they are unconfirmed "
        "too. Fit your own curves below for real constants.")


@st.cache_data(show_spinner=False, max_entries=32)
def built_in(kind_, steps_, peak_, final_, warmup_, fraction_, shape_):
    return tis.schedule(kind_, steps_, peak_, final_, warmup_, fraction_, shape_)


@st.cache_data(show_spinner=False, max_entries=32)
def table(lrs: dict, values_: dict, lam_: float, warmup_: int) -> pd.DataFrame:
    return tis.curves_table(lrs, values_, lam_, warmup_)


@st.cache_data(show_spinner=False, max_entries=32)
def fraction_view(steps_, peak_, final_, shape_, lam_, warmup_, values_: dict, tol_):
    grid_, summary = tis.annealing_fraction(steps_, peak_, final_, shape_, lam_, warmup_,
                                            values_, tol_)
    by = tis.best_fraction_by_steps(np.logspace(3, 7, 17), peak_, final_, shape_, lam_, 0,
                                    values_)
    return grid_, summary, by


def uploaded_schedule():
    """The LR column the user uploaded (per step), or None with a message."""
    upload = st.file_uploader("A CSV with a learning-rate column (one row per step, or a "
                              "step column)", key="tis.lrfile")
    if upload is None:
        st.info("Upload a file with your learning rates to see its loss curve; the "
                "built-in schedules are shown meanwhile.")
        return None
    try:
        frame = data.read_table(upload.name, upload.getvalue())
    except logs.LogFormatError as err:
        problem("The file could not be read.", err)
        return None
    cols = [str(c) for c in frame.columns]
    guess = next((c for c in cols if c.lower() in ("lr", "learning_rate")), cols[-1])
    c1, c2 = st.columns(2)
    lr_col = c1.selectbox("LR column", cols, index=cols.index(guess), key="tis.lrcol")
    step_guess = next((c for c in cols if c.lower() in ("step", "steps", "_step")), "(row order)")
    choices = ["(row order)"] + cols
    step_col = c2.selectbox("Step column", choices, index=choices.index(step_guess),
                            key="tis.lrstep")
    try:
        return tis.schedule_from_column(frame, lr_col,
                                        None if step_col == "(row order)" else step_col)
    except tis.CurveError as err:
        problem("That schedule cannot be used.", err)
        return None


def target_schedule():
    """The schedule chosen in the sidebar (the uploaded one when chosen and valid)."""
    if kind == UPLOADED:
        return st.session_state.get("tis.uploaded_lr")
    return built_in(kind, steps, peak, final, warmup, fraction, shape)


tabs = st.tabs(["Loss curves", "Annealing fraction", "Fit your curves"])
with tabs[0]:
    schedules = {}
    if kind == UPLOADED:
        mine = uploaded_schedule()
        st.session_state["tis.uploaded_lr"] = mine
        if mine is not None:
            schedules[UPLOADED] = mine
    others = [k for k in tis.SCHEDULES if k != kind]
    compare = st.multiselect("Compare with", others, default=others, key="tis.compare")
    for k in ([kind] if kind != UPLOADED else []) + compare:
        schedules[k] = built_in(k, steps, peak, final, warmup, fraction, shape)
    if not schedules:
        st.info("Choose at least one schedule to draw.")
    else:
        frame = table(schedules, values, lam, warmup)
        c1, c2 = st.columns(2)
        log_x = c1.checkbox("Log step axis", value=False, key="tis.logx")
        whole = c2.checkbox("From step 1", value=False, key="tis.whole",
                            help="Draw the curves from the first step, where the law's "
                                 "A S1^-alpha term is tens of nats.")
        longest = max(len(v) for v in schedules.values())
        start = 1 if whole else tis.plot_start(longest, warmup)
        shown = frame[frame["step"] >= start]
        chart = charts.curves(shown, "step", "loss", color="schedule", x_title="step s",
                              y_title="loss [nats/token]", log_x=log_x)
        st.altair_chart(chart)
        if not whole:
            first = frame[frame["step"] == frame["step"].min()]["loss"].max()
            st.caption(f"Drawn from step {start:,} (after warmup and the first "
                       f"{tis.PLOT_SKIP:.0%} of the steps), where the schedules part ways. "
                       f"At the very start S1 is near zero and the law's A S1^-alpha term "
                       f"grows without bound (loss {first:.3g} at step 1): the law is fitted "
                       f"after warmup and says little there. Tick 'From step 1' to see it; "
                       f"the CSV export keeps the curves from step 1.")
        lr_chart = charts.curves(shown, "step", "lr", color="schedule", x_title="step s",
                                 y_title="learning rate", log_x=log_x, height=200)
        st.altair_chart(lr_chart)
        ends = frame.sort_values("step").groupby("schedule", sort=False).tail(1)
        st.dataframe(ends[["schedule", "step", "S_1", "S_2", "loss"]].rename(
            columns={"step": "final step", "loss": "final loss"}), hide_index=True,
            width="stretch", column_config={c: st.column_config.NumberColumn(format="%.5g")
                                            for c in ("S_1", "S_2", "final loss")})
        st.caption("S1 and S2 are computed at every step (linear time); the chart and the "
                   "CSV show about 800 steps per schedule.")
        exports.export_panel("tis.curves", chart, frame, paper.bibtex, name="tissue-curves")

with tabs[1]:
    state.shared("tis.tol", 0.25, bounds=(0.05, 2.0))
    tol = st.slider("Plateau tolerance [% above the best final loss]", 0.05, 2.0, step=0.05,
                    key="tis.tol") / 100
    grid, s, by_steps = fraction_view(steps, peak, final, shape, lam, warmup, values, tol)
    lo, hi = s["plateau_range"]
    band = pd.DataFrame({"lo": [lo], "hi": [hi]})
    line = alt.Chart(grid).mark_line(strokeWidth=2.5, color=charts.PALETTE[0]).encode(
        x=alt.X("fraction:Q", title="WSD decay fraction"),
        y=alt.Y("final_loss:Q", title="final loss [nats/token]", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("fraction:Q", format=".3f"),
                 alt.Tooltip("final_loss:Q", format=".5f")])
    shade = alt.Chart(band).mark_rect(opacity=0.18, color=charts.PALETTE[2]).encode(
        x="lo:Q", x2="hi:Q")
    best = alt.Chart(pd.DataFrame({"fraction": [s["best_fraction"]],
                                   "final_loss": [s["best_loss"]]})).mark_point(
        shape="diamond", size=160, filled=True, color="#D55E00").encode(
        x="fraction:Q", y="final_loss:Q")
    chart = alt.layer(shade, line, best).properties(height=380)
    st.altair_chart(chart)
    st.markdown(f"For a WSD run of {steps:,} steps at peak LR {peak:.3g} ({shape} decay to "
                f"{final:.3g}), the law's final loss is lowest, **{s['best_loss']:.4f}**, when "
                f"the last **{s['best_fraction']:.1%}** of the steps after warmup decay. "
                f"Every fraction from "
                f"**{lo:.0%} to {hi:.0%}** (shaded) ends within {tol:.2%} of it: decaying "
                f"longer adds annealing area S2 but gives up forward area S1, and with "
                f"lambda < 1 the annealing area saturates.")
    chart2 = charts.curves(by_steps, "steps", "best_fraction", x_title="total steps T",
                           y_title="best decay fraction", height=240)
    st.altair_chart(chart2)
    st.caption("The best fraction for other run lengths (same LRs and constants, no warmup).")
    exports.export_panel("tis.frac", chart, grid, paper.bibtex, name="tissue-annealing-fraction")

with tabs[2]:
    source = st.radio("Curves", ["Shipped example", "Upload"], horizontal=True, key="tis.src")
    frame, origin = None, ""
    if source == "Shipped example":
        frame = pd.read_csv(data.EXAMPLES_DIR / "tissue2024_curves.csv")
        origin = "data/tissue2024_curves.csv"
        st.caption("Two 20,000-step runs (cosine and WSD) generated from the law with the "
                   "illustrative constants and 0.3% noise by `data/make_schedule_example.py`.")
    else:
        files = st.file_uploader("One or more CSVs with columns step, lr, loss (a run column "
                                 "splits a file into curves)", accept_multiple_files=True,
                                 key="tis.upload")
        parts = []
        for f in files or []:
            try:
                part = data.read_table(f.name, f.getvalue())
            except logs.LogFormatError as err:
                problem("The file could not be read.", err)
                continue
            parts.append(part.assign(**({} if "run" in part.columns else {"run": f.name})))
        if parts:
            frame, origin = pd.concat(parts, ignore_index=True), "uploaded curves"
        elif not files:
            st.info("Upload one or two logged curves (step, lr, loss) to fit the constants.")
    if frame is not None:
        cols = [str(c) for c in frame.columns]
        pick = st.columns(4)
        mapping = {}
        for box, (var, default) in zip(pick, [("step", "step"), ("lr", "lr"),
                                              ("loss", "loss"), ("run", "run")]):
            options = cols + (["(one curve)"] if var == "run" else [])
            guess = next((c for c in cols if c.lower() == default),
                         options[-1] if var == "run" else cols[0])
            mapping[var] = box.selectbox(f"{var} column", options, index=options.index(guess),
                                         key=f"tis.map.{var}")
        c1, c2, c3 = st.columns(3)
        fit_warmup = int(c1.number_input("Warmup steps in these runs", 0, 10_000_000, 500,
                                         step=100, key="tis.fitwarmup"))
        after = int(c2.number_input("Fit after step", 0, 10_000_000, 500, step=100,
                                    key="tis.after"))
        resamples = c3.slider("Bootstrap resamples", 0, 200, 50, step=10, key="tis.boot")
        if st.button("Fit", type="primary", key="tis.fit"):
            run_col = None if mapping["run"] == "(one curve)" else mapping["run"]
            try:
                with st.spinner("Fitting..."):
                    points, curves, notes = tis.curve_points(
                        frame, mapping["step"], mapping["lr"], mapping["loss"], run_col, lam,
                        fit_warmup, after)
                    fit = laws.fit(tis.loss, points, bootstrap=resamples)
                code = (f"__import__('importlib').import_module('laws.papers.tissue2024')"
                        f".curve_points(pd.read_csv('curves.csv'), {mapping['step']!r}, "
                        f"{mapping['lr']!r}, {mapping['loss']!r}, {run_col!r}, lam={lam!r}, "
                        f"warmup={fit_warmup}, after_step={after})[0]")
                st.session_state["tis.result"] = {"fit": fit, "backtest": None, "by": "step",
                                                  "curves": curves, "notes": notes,
                                                  "code": code, "after": after}
            except (tis.CurveError, FitError, ValueError) as err:
                problem("The fit could not be done.", err)
    result = st.session_state.get("tis.result")
    if result is not None:
        if result["notes"]:
            st.warning("Some rows were left out or filled in; the details:")
            st.text("\n".join(result["notes"]))
        fit = result["fit"]
        runs = fit.data["curve"].nunique()
        data.show_fit(result, fitted_on=f"{fit.n:,} logged points from {runs} curve"
                                        f"{'' if runs == 1 else 's'}")
        observed = pd.concat([c.assign(schedule=name) for name, c in result["curves"].items()],
                             ignore_index=True)
        observed = observed.iloc[::max(1, len(observed) // 3000)]
        # the law is drawn where it was fitted: after 'fit after step', and the prediction
        # from where the sidebar's schedule reaches the smallest forward area S1 fitted on
        after_step = result.get("after", 0)
        fitted = observed[observed["step"] > after_step]
        fitted = fitted.assign(value=fit(S_1=fitted["S_1"], S_2=fitted["S_2"]))
        target = target_schedule()
        predicted = None
        if target is None:
            st.info("Choose a schedule in the sidebar (or upload your LR column) to predict "
                    "its curve.")
        else:
            s1, s2 = tis.areas(target, lam, warmup)
            s1_min = float(fit.data["S_1"].min())
            start = tis.first_step_at_area(s1, s1_min)
            if start >= len(target):
                st.info(f"The sidebar's schedule never reaches the forward area S1 = "
                        f"{s1_min:.3g} of the earliest fitted point, so the fit says nothing "
                        f"about it: choose more steps or a higher learning rate.")
            else:
                idx = start + tis.thin(len(target) - start, 300)
                predicted = fit.predict(S_1=s1[idx], S_2=s2[idx]).assign(
                    step=idx + 1, lr=target[idx], schedule=f"predicted: {kind}")
        seen = [observed.loc[observed["step"] > after_step, "loss"], fitted["value"]]
        if predicted is not None:
            seen += [predicted[c] for c in ("value", "lower", "upper")]
        seen = pd.concat(seen).dropna()
        lo, hi = float(seen.min()), float(seen.max())
        pad = 0.04 * (hi - lo) or 0.01 * abs(hi) or 0.01
        y_scale = alt.Scale(zero=False, domain=[lo - pad, hi + pad])
        x = alt.X("step:Q", title="step s")
        y = alt.Y("loss:Q", title="loss [nats/token]", scale=y_scale)
        colour = alt.Color("schedule:N", scale=alt.Scale(range=charts.PALETTE), title=None)
        layers = [alt.Chart(observed).mark_circle(size=14, opacity=0.45, clip=True).encode(
                      x=x, y=y, color=colour),
                  alt.Chart(fitted).mark_line(strokeWidth=2, clip=True).encode(
                      x=x, y=alt.Y("value:Q", scale=y_scale), color=colour)]
        if predicted is not None:
            if predicted["lower"].notna().any():
                layers.append(alt.Chart(predicted).mark_area(
                    opacity=0.2, color="#000000", clip=True).encode(
                    x=x, y=alt.Y("lower:Q", scale=y_scale), y2="upper:Q"))
            layers.append(alt.Chart(predicted).mark_line(
                strokeWidth=2.5, strokeDash=[6, 3], color="#000000", clip=True).encode(
                x=x, y=alt.Y("value:Q", scale=y_scale),
                tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("value:Q", format=".4f")]))
            st.markdown(f"Predicted final loss under the sidebar's **{kind}** schedule "
                        f"({len(target):,} steps, dashed): "
                        f"**{predicted['value'].iloc[-1]:.4f}**"
                        + ("" if np.isnan(predicted["upper"].iloc[-1]) else
                           f" ({fit.level:.0%} band {predicted['lower'].iloc[-1]:.4f} to "
                           f"{predicted['upper'].iloc[-1]:.4f})") + ".")
        chart = alt.layer(*layers).properties(height=380).interactive()
        st.altair_chart(chart)
        st.caption("Points: logged losses; lines: the fit on them, after step "
                   f"{after_step:,} where it was fitted; dashed: the prediction under the "
                   "sidebar's schedule, from the step where its forward area S1 reaches the "
                   "earliest fitted point's (before it the law extrapolates toward the start "
                   "of training, tens of nats), with its bootstrap band (case resampling of "
                   "logged points, which are correlated, so the band is optimistic). The loss "
                   "axis spans the fitted range; earlier logged points lie above it.")
        exports.export_panel("tis.fit", chart, predicted if predicted is not None else fitted,
                             paper.bibtex, fit=fit, source=result["code"], name="tissue-fit")

state.publish("tis.")
