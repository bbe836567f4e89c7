"""Caballero et al. 2022: broken neural scaling laws with 1-3 breaks marked on the curve, the
paper's grid-then-least-squares fit with extrapolation and a bootstrap band, and RMSLE scores
on the language benchmark of Alabdulmohsin et al. (2022)."""
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import datasets
from laws.papers import caballero2022 as cb
from ui import charts, data, exports, page, params, state
from ui.text import plain

paper = laws.paper("caballero2022")
page.setup(paper)
page.header(paper)
tabs = st.tabs(["The law and its breaks", "Fit and extrapolate", "Benchmark scores"])


def with_breaks(chart, marks: pd.DataFrame):
    """``chart`` with a dashed vertical rule at every break position."""
    if not len(marks):
        return chart
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 4], color="#D55E00").encode(
        x="x:Q", tooltip=[alt.Tooltip("label:N")])
    return alt.layer(chart, rules)


@page.view("bnsl.")
def law_view():
    """Tab "The law and its breaks": its widgets rerun only this function."""
    state.shared("bnsl.n", 3, int, (1, 3))
    n = st.select_slider("Number of breaks n", [1, 2, 3], key="bnsl.n")
    law = cb.BNSL[n]
    with st.expander(f"Constants of {law.title} (start: the paper's Fig. 1)", expanded=False):
        values = params.param_sliders(law, f"bnsl.p{n}", container=st.container())
        page.formula_card(law, values)
    st.latex(law.latex())
    page.live_law(law, values)
    x = charts.log_grid(*law.inputs[0].typical, 400)
    frame = pd.DataFrame({"curve": "BNSL", "x": x, "y": cb.evaluate(values, x)})
    if st.checkbox("Show the power-law segments", value=True, key="bnsl.segments"):
        seg = cb.segments(values)
        # each segment over its own stretch, one and a half decades past its breaks
        lines = [pd.DataFrame({"curve": f"segment {int(r['segment'])}", "x": x,
                               "y": values["a"] + r["prefactor"] * x ** r["log-log slope"]})
                 [(x >= np.nan_to_num(r["from x"], nan=0.0) / 30)
                  & (x <= np.nan_to_num(r["to x"], nan=np.inf) * 30)]
                 for _, r in seg.iterrows()]
        frame = pd.concat([frame] + lines, ignore_index=True)
    frame = frame[np.isfinite(frame["y"]) & (frame["y"] > 0)]
    marks = cb.breaks(values)
    shown = frame["y"].between(values["a"] * 0.5, frame[frame.curve == "BNSL"]["y"].max() * 2)
    chart = with_breaks(charts.curves(frame[shown], "x", "y", color="curve", log_y=True,
                                      x_title="x (scaled quantity)", y_title="y (metric)",
                                      marks=marks[["x", "y", "label"]]), marks)
    st.altair_chart(chart)
    st.caption("Dashed rules and diamonds: the breaks d_i. Segment k is the power law the "
               "curve follows between breaks k-1 and k (plus the limit a).")
    st.dataframe(cb.segments(values), hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="%.4g")
                                for c in ("from x", "to x", "log-log slope", "prefactor")})
    exports.export_panel("bnsl.law", chart, frame, paper.bibtex, name=f"bnsl-{n}-breaks")


with tabs[0]:
    law_view()


@st.cache_data(show_spinner=False, max_entries=32)
def fitted(x: tuple, y: tuple, n: int, resamples: int) -> cb.BNSLFit:
    return cb.fit_bnsl(np.array(x), np.array(y), n, bootstrap=resamples)


def choose_curve():
    """(x, y, is_train, label, code) of the curve to fit, or None with a message."""
    sources = ["Benchmark curve (Alabdulmohsin et al. 2022)", "Upload a file"]
    if state.shared("bnsl.src", sources[0], str) not in sources:
        st.session_state["bnsl.src"] = sources[0]
    source = st.radio("Runs", sources, horizontal=True, key="bnsl.src")
    if source == sources[0]:
        try:
            bench = data.load_dataset("revisiting_lang")
        except datasets.DatasetUnavailable as err:
            st.warning(str(err))
            return None
        st.caption(datasets.info("revisiting_lang").provenance())
        curves = cb.benchmark_curves(bench)
        c1, c2, c3 = st.columns(3)
        domain = c1.selectbox("Domain", sorted({c[0] for c in curves}), index=2,
                              key="bnsl.domain")
        task = c2.selectbox("Task", sorted({c[1] for c in curves if c[0] == domain}),
                            key="bnsl.task")
        models = [c[2] for c in curves if c[0] == domain and c[1] == task]
        model = c3.selectbox("Model", models, key="bnsl.model")
        rows = next(c[3] for c in curves if c[:3] == (domain, task, model))
        st.caption("Fit rows: Training = 1; extrapolation rows: Training = 0 (the benchmark's "
                   "own split).")
        return (rows["Seen Examples"].to_numpy(float), rows["Loss"].to_numpy(float),
                rows["Training"].to_numpy() == 1, f"{domain} · {task} · {model}",
                "laws.datasets.load('revisiting_lang')")
    runs = data.choose_runs("bnsl.data", cb.bnsl1, public=[], examples={})
    if runs is None:
        return None
    mapping = data.map_columns("bnsl.data", cb.bnsl1, runs.frame)
    if mapping is None:
        return None
    frame = runs.frame
    try:
        curve = cb.user_curve(frame[mapping["x"]], frame[mapping["y"]], frame.get("Training"))
    except cb.BNSLFitError as err:
        st.error(f"{err} Check the column mapping ({plain(mapping['x'])} and "
                 f"{plain(mapping['y'])}).")
        return None
    if curve.dropped.size:
        rows = ", ".join(map(str, curve.dropped[:8]))
        st.warning(f"{curve.dropped.size} row(s) with a missing, zero or negative x or y are "
                   f"left out (rows {rows}{' ...' if curve.dropped.size > 8 else ''}).")
    if curve.from_flag and st.checkbox("Use the file's Training column (1 = fit, 0 = "
                                       "extrapolate)", value=True, key="bnsl.useflag"):
        return curve.x, curve.y, curve.train, runs.origin, runs.code
    state.shared("bnsl.holdout", 0.2, float, (0.0, 0.5))
    share = st.slider("Share of the largest-x rows held out for extrapolation", 0.0, 0.5,
                      step=0.05, key="bnsl.holdout")
    curve = cb.user_curve(curve.x, curve.y, holdout=share)
    return curve.x, curve.y, curve.train, runs.origin, runs.code


@page.view("bnsl.")
def fit_view():
    """Tab "Fit and extrapolate": its widgets and Fit rerun only this function."""
    curve = choose_curve()
    c1, c2 = st.columns(2)
    state.shared("bnsl.fitn", 1, int, (0, 3))
    n_fit = c1.radio("Breaks to fit", [0, 1, 2, 3], horizontal=True, key="bnsl.fitn",
                     help="0 is a power law plus a limit, a + b x^-c0. Each break adds 3 "
                          "parameters; 2 and 3 breaks search a random grid and take longer.")
    state.shared("bnsl.boot", 30, int, (0, 200))
    resamples = c2.slider("Bootstrap resamples for the band", 0, 200, step=10, key="bnsl.boot")
    with st.expander("Fitting procedure"):
        st.write(cb.PROCEDURE)
    if curve is not None and st.button("Fit", type="primary", key="bnsl.fit"):
        x, y, train, label, code = curve
        try:
            with st.spinner("Grid search, then least squares..."):
                fit = fitted(tuple(x[train]), tuple(y[train]), int(n_fit), int(resamples))
            st.session_state["bnsl.result"] = {"fit": fit, "x": x, "y": y, "train": train,
                                               "label": label, "code": code}
        except cb.BNSLFitError as err:
            st.error(f"The fit could not be done: {err}")
    result = st.session_state.get("bnsl.result")
    if result is not None:
        fit, x, y, train = result["fit"], result["x"], result["y"], result["train"]
        st.markdown(f"**{result['label']}**: BNSL with {fit.n} break(s) fitted on "
                    f"{fit.x.size} rows ({fit.grid_points:,} grid points, then least squares).")
        test = ~train
        m = st.columns(3)
        m[0].metric("RMSLE on fit rows", f"{fit.rmsle:.4g}")
        m[1].metric("RMSLE on extrapolation rows",
                    f"{fit.score(x[test], y[test]):.4g}" if test.any() else "no rows held out")
        m[2].metric("Bootstrap resamples", 0 if fit.samples is None else len(fit.samples))
        intervals = fit.intervals()
        st.dataframe(pd.DataFrame([{"parameter": k, "fitted": v,
                                    "lower": intervals.get(k, (np.nan,))[0],
                                    "upper": intervals.get(k, (np.nan, np.nan))[1]}
                                   for k, v in fit.params.items()]), hide_index=True)
        grid = charts.log_grid(float(np.min(x)), float(np.max(x)) * 10, 200)
        band = fit.predict(grid).rename(columns={"value": "y"})
        band["curve"] = "fit"
        points = pd.DataFrame({"x": x, "y": y, "rows": np.where(train, "fit rows",
                                                               "extrapolation rows")})
        marks = cb.breaks(fit.params)
        marks = marks[marks["x"].between(grid[0], grid[-1])]
        chart = with_breaks(charts.curves(band, "x", "y", color="curve", band=("lower", "upper"),
                                          points=points, point_color="rows", log_y=True,
                                          x_title="x", y_title="y",
                                          marks=marks[["x", "y", "label"]]), marks)
        st.altair_chart(chart)
        st.caption("Line: the fit, extended to 10x the largest x; shaded: its bootstrap band; "
                   "dashed rules: fitted breaks inside the plotted range.")
        exports.export_panel("bnsl.fitx", chart, band, paper.bibtex, name="bnsl-fit")
        st.download_button("Fitted parameters (JSON)", fit.to_json(), file_name="bnsl-fit.json",
                           mime="application/json", key="bnsl.json")
        st.caption("Python that redoes this fit with `laws`:")
        st.code(f"from laws.papers import caballero2022 as cb\n"
                f"# x, y: the fit rows of {result['code']}\n"
                f"fit = cb.fit_bnsl(x, y, n={fit.n}, bootstrap="
                f"{0 if fit.samples is None else len(fit.samples)}, seed={fit.seed})\n"
                f"print(fit.params, fit.rmsle)", language="python")


with tabs[1]:
    fit_view()


@page.view("bnsl.")
def benchmark_scores_view():
    """Tab "Benchmark scores": its widgets rerun only this function."""
    st.write("Each learning curve of the benchmark is fitted on its Training = 1 rows and "
             "scored by RMSLE on its held-out Training = 0 rows, as in the paper's comparison "
             "with the estimators of Alabdulmohsin et al. (2022). These scores are computed "
             "here; they are not the paper's printed table.")
    c1, c2 = st.columns(2)
    domain = c1.radio("Domain", ["NMT", "LM", "BB"], horizontal=True, key="bnsl.bdomain")
    breaks_b = c2.radio("Breaks", [0, 1, 2], index=1, horizontal=True, key="bnsl.bn",
                        help="2 breaks search a random grid: about a minute per domain.")
    if st.button("Score the curves", key="bnsl.score"):
        try:
            bench = data.load_dataset("revisiting_lang")
            with st.spinner("Fitting every curve..."):
                st.session_state["bnsl.scores"] = cb.score_benchmark(
                    bench, int(breaks_b), domains=(domain,))
        except (datasets.DatasetUnavailable, cb.BNSLFitError) as err:
            st.error(str(err))
    scores = st.session_state.get("bnsl.scores")
    if scores is not None and len(scores):
        st.dataframe(scores, hide_index=True)
        st.markdown(f"Mean RMSLE on extrapolation rows: "
                    f"**{scores['RMSLE extrapolation'].mean():.4g}** over {len(scores)} curves "
                    f"({scores['breaks'].iloc[0]} break(s)).")
        exports.export_panel("bnsl.bench", None, scores, paper.bibtex, name="bnsl-benchmark")


with tabs[2]:
    benchmark_scores_view()

state.publish("bnsl.")
