"""Xiao 2024: the scaling-law crossover. Two methods' curves, where they cross (closed form
and numerically), and from fitted runs the crossing with a bootstrap interval, including
what a comparison made only at small scale would have concluded."""
import csv
import io
import json
import math

import numpy as np
import pandas as pd
import sympy as sp
import streamlit as st

import laws
from laws import FitError, logs
from laws.papers import xiao2024 as xo
from ui import charts, data, exports, page, params, state

paper = laws.paper("xiao2024")
page.setup(paper)
page.header(paper)
st.latex(xo.loss.latex())
st.latex(sp.latex(xo.CROSSOVER_EQUATION) + r"\;\Rightarrow\; C_\times = "
         + sp.latex(xo.CROSSOVER_CLOSED) + r"\quad (E_1 = E_2)")
st.info("The paper defines the scaling-law crossover in words and shows it in figures; it "
        "publishes no constants this page could pin. The saturating power law above is "
        "this page's way of making the idea quantitative, and the example runs are "
        "synthetic (made to cross at C = 1e20).")
tabs = st.tabs(["Two curves", "Fit two methods"])

with tabs[0]:
    cols = st.columns(2)
    example_b = xo.EXAMPLE["method B (wins large)"]
    for name, value in example_b.items():
        state.shared(f"xiao.m2.{name}", math.log10(value) if xo.loss.param(name).log else value)
    cols[0].markdown("**Method 1**")
    p1 = params.param_sliders(xo.loss, "xiao.m1", container=cols[0])
    cols[1].markdown("**Method 2**")
    p2 = params.param_sliders(xo.loss, "xiao.m2", container=cols[1])
    page.live_law(xo.loss, p1)
    bounds = (1e15, 1e25)
    crossings = xo.curve_crossings(p1, p2, bounds)
    c = charts.log_grid(*bounds)
    frame = pd.concat([pd.DataFrame({"method": f"method {i}", "C": c,
                                     "loss": xo.loss(p, C=c)}) for i, p in ((1, p1), (2, p2))],
                      ignore_index=True)
    marks = pd.DataFrame({"C": crossings, "loss": [float(xo.loss(p1, C=x)) for x in crossings],
                          "label": ["crossover"] * len(crossings)})
    chart = charts.curves(frame, "C", "loss", color="method", x_title="scale C",
                          y_title="loss", marks=marks)
    st.altair_chart(chart)
    closed = xo.crossover_closed_form(p1["A"], p2["A"], p1["alpha"], p2["alpha"])
    if crossings:
        x = crossings[0]
        small = 1 if float(xo.loss(p1, C=x / 10)) < float(xo.loss(p2, C=x / 10)) else 2
        st.markdown(f"The curves cross at **C = {x:.3g}**" +
                    (f" (and again at {', '.join(f'{y:.3g}' for y in crossings[1:])})"
                     if len(crossings) > 1 else "") +
                    f": below it method {small} has the lower loss, above it method "
                    f"{3 - small}. A comparison made only below {x:.3g} picks the method "
                    f"that loses at scale.")
    else:
        st.markdown(f"The curves do not cross between {bounds[0]:.0e} and {bounds[1]:.0e}: "
                    f"the method that is better at small scale stays better.")
    if math.isfinite(closed) and abs(p1["E"] - p2["E"]) < 1e-9:
        st.caption(f"Closed form with a shared floor: C = {closed:.4g}.")
    exports.export_panel("xiao.curves", chart, frame, paper.bibtex, name="xiao-crossover")


def uploaded_runs():
    upload = st.file_uploader("A CSV with one row per run: method, scale and final loss",
                              type=["csv", "tsv", "txt"], key="xiao.upload")
    if upload is None:
        st.info("Upload runs of two methods to see where their fitted curves cross.")
        return None
    try:
        frame = data.read_table(upload.name, upload.getvalue())
    except logs.LogFormatError as err:
        st.error(str(err))
        return None
    except csv.Error:
        st.error(f"{upload.name} could not be read as a table. Save it as a comma-separated "
                 f"file with one header row.")
        return None
    numeric = data.numeric_columns(frame)
    if len(numeric) < 2 or len(frame.columns) < 3:
        st.error("The table needs a method column and two numeric columns (scale and loss).")
        return None
    cols = st.columns(3)
    names = [str(x) for x in frame.columns]
    method = cols[0].selectbox("method", names, index=next(
        (i for i, x in enumerate(names) if x.lower() in ("method", "name", "run")), 0),
        key="xiao.map.method")
    pick = {}
    for box, (var, guesses) in zip(cols[1:], [("C", ("c", "scale", "compute", "flops", "n")),
                                              ("loss", ("loss", "final_loss"))]):
        default = next((x for x in numeric if x.lower() in guesses), numeric[len(pick)])
        pick[var] = box.selectbox(var, numeric, index=numeric.index(default),
                                  key=f"xiao.map.{var}")
    out = pd.DataFrame({"method": frame[method].astype(str),
                        "C": pd.to_numeric(frame[pick["C"]], errors="coerce"),
                        "loss": pd.to_numeric(frame[pick["loss"]], errors="coerce")})
    bad = ~(np.isfinite(out["C"]) & np.isfinite(out["loss"]) & (out["C"] > 0) & (out["loss"] > 0))
    if bad.any():
        st.warning(f"{int(bad.sum())} row(s) left out: scale and loss must be positive numbers "
                   f"(rows {', '.join(map(str, np.flatnonzero(bad)[:10]))}).")
    out = out[~bad.to_numpy()].reset_index(drop=True)
    if out["method"].nunique() < 2:
        st.error("The runs need at least two methods to compare; the method column has "
                 f"{out['method'].nunique()} usable value(s).")
        return None
    return out


@st.cache_resource(show_spinner=False, max_entries=16)
def fitted(runs_csv: str, m1: str, m2: str, max_scale: float, boot: int):
    runs = pd.read_csv(io.StringIO(runs_csv), dtype={"method": str})
    return xo.fit_methods(runs, (m1, m2), max_scale, boot)


with tabs[1]:
    source = st.radio("Runs", ["Synthetic example", "Upload a CSV"], horizontal=True,
                      key="xiao.source")
    if source == "Synthetic example":
        st.caption("SYNTHETIC: two methods made to cross at C = 1e20, 1% noise "
                   "(laws.papers.xiao2024.example_runs).")
        runs = xo.example_runs()
    else:
        runs = uploaded_runs()
    signature = None if runs is None else (len(runs), float(runs["C"].min()),
                                           float(runs["C"].max()))
    source_changed = st.session_state.get("xiao._runs") != signature
    st.session_state["xiao._runs"] = signature
    if runs is not None:
        methods = sorted(runs["method"].unique().tolist())
        # choices that belong to other runs start afresh
        for key in ("xiao.m1name", "xiao.m2name"):
            if st.session_state.get(key, methods[0]) not in methods:
                del st.session_state[key]
        if source_changed:
            st.session_state.pop("xiao.upto", None)
        cols = st.columns(2)
        m1 = cols[0].selectbox("Method 1", methods, index=0, key="xiao.m1name")
        m2 = cols[1].selectbox("Method 2", methods, index=1, key="xiao.m2name")
        lo_c, hi_c = float(np.log10(runs["C"].min())), float(np.log10(runs["C"].max()))
        cols = st.columns(3)
        upto = cols[0].slider("Fit only runs up to log10 C", lo_c, max(hi_c, lo_c + 0.01),
                              max(hi_c, lo_c + 0.01), key="xiao.upto",
                              help="What a comparison made only at small scale would see.")
        state.shared("xiao.ext", 2.0, bounds=(0.0, 5.0))
        state.shared("xiao.boot", 50, int, bounds=(0, 400))
        ext = cols[1].slider("Look for a crossing up to this many decades past the largest "
                             "run", 0.0, 5.0, step=0.5, key="xiao.ext")
        boot = cols[2].slider("Bootstrap resamples", 0, 400, step=20, key="xiao.boot")
        if m1 == m2:
            st.error("Pick two different methods.")
        else:
            try:
                with st.spinner("Fitting both methods..."):
                    fits = fitted(runs.to_csv(index=False), m1, m2, 10 ** upto, boot)
            except FitError as err:
                st.error(f"The fit could not be done: {err}")
                fits = None
            if fits is not None:
                bounds = (10 ** lo_c, 10 ** (hi_c + ext))
                cross = xo.crossover_of_fits(fits[m1], fits[m2], bounds)
                rows = []
                for m, f in fits.items():
                    iv = f.intervals()
                    rows += [{"method": m, "parameter": k, "fitted": v,
                              "lower": iv.get(k, (np.nan,) * 2)[0],
                              "upper": iv.get(k, (np.nan,) * 2)[1]} for k, v in f.params.items()]
                    for w in f.warnings:
                        st.warning(f"{m}: {w}")
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                             column_config={c: st.column_config.NumberColumn(format="%.4g")
                                            for c in ("fitted", "lower", "upper")})
                grid = charts.log_grid(*bounds, 120)
                curves = pd.concat([fits[m].predict(C=grid).assign(method=m) for m in (m1, m2)],
                                   ignore_index=True)
                shown = runs[runs["method"].isin([m1, m2])].rename(columns={"loss": "value"})
                marks = pd.DataFrame({"C": [cross.x], "value": [float(fits[m1](C=cross.x))],
                                      "label": ["crossover"]}) if cross.x else None
                chart = charts.curves(curves, "C", "value", color="method",
                                      band=("lower", "upper"), x_title="scale C",
                                      y_title="loss", points=shown[["C", "value", "method"]],
                                      point_color="method", marks=marks)
                st.altair_chart(chart)
                at_top = 10 ** upto
                better = m1 if float(fits[m1](C=at_top)) < float(fits[m2](C=at_top)) else m2
                interval = (f" (95% bootstrap interval {cross.lower:.3g} to {cross.upper:.3g}; "
                            f"{cross.share_crossing:.0%} of the draws cross in range)"
                            if np.isfinite(cross.lower) else "")
                fit_text = f"Fitted on runs up to C = {at_top:.3g}, "
                if cross.x:
                    st.markdown(fit_text + f"the curves cross at **C = {cross.x:.3g}**"
                                + interval + f". At the largest fitted scale {better} is "
                                f"better; past the crossing the other method is.")
                else:
                    st.markdown(fit_text + f"the fitted curves do not cross below "
                                f"{bounds[1]:.3g}" + (f"; {cross.share_crossing:.0%} of the "
                                f"bootstrap draws do" if boot else "") +
                                f". On this evidence {better} stays better.")
                exports.export_panel("xiao.fit", chart, curves, paper.bibtex, name="xiao-fits")
                st.caption("Python that redoes this with `laws`:")
                st.code(f"from laws.papers import xiao2024 as xo\n"
                        f"runs = {'xo.example_runs()' if source == 'Synthetic example' else 'pd.read_csv(...)  # columns method, C, loss'}\n"
                        f"fits = xo.fit_methods(runs, ({m1!r}, {m2!r}), max_scale={10 ** upto:.6g}, "
                        f"bootstrap={boot})\n"
                        f"print(xo.crossover_of_fits(fits[{m1!r}], fits[{m2!r}], "
                        f"({bounds[0]:.6g}, {bounds[1]:.6g})))", language="python")
                st.download_button("Both fits (JSON)", json.dumps(
                    {m: f.to_dict() for m, f in fits.items()}, indent=2, default=str),
                    file_name="xiao-fits.json", mime="application/json", key="xiao.json")
state.publish("xiao.")
