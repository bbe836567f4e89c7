"""Kang et al. 2023 (projektor): performance from the OT distance of a mixture, the best
mixture and its near-optimal range, the parameter-free extrapolation to larger sizes, how
the best mixture moves with size, and a fit of the stage-1 regression to your pilots."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import kang2023 as kg
from ui import charts, data, exports, page, params, state

paper = laws.paper("kang2023")
page.setup(paper)
page.header(paper)
st.latex(kg.stage1.latex())
st.latex(kg.stage2.latex())
st.info("Both forms are confirmed from the authors' official notebook (reds-lab/projektor); "
        "the paper's own PDF was not read here. Its coefficients b, c are refitted for every "
        "task and pair of sources, so none is published as a constant: the coefficient "
        "sliders start from illustrative values (unconfirmed, free).")
RATIOS = np.linspace(0.0, 1.0, 101)
PILOT_SIZES = [100, 200, 500, 1000, 2000, 5000, 10000]


@st.cache_data(show_spinner=False, max_entries=32)
def ot_curve(mean_a, mean_b, val_share, shift, size):
    return kg.Sources(mean_a, mean_b, val_share, shift).ot(RATIOS, size)


@st.cache_data(show_spinner=False, max_entries=32)
def polished_best(src, size, coef_items, tol):
    """Best ratio on the grid, polished with laws' optimum (OT recomputed off the grid)."""
    sources, coef = kg.Sources(*src), dict(coef_items)
    perf = kg.stage1(coef, p=RATIOS, OT=sources.ot(RATIOS, size))
    return kg.best_mixture(RATIOS, perf, tol,
                           function=lambda r: kg.stage1(coef, p=r, OT=sources.ot(r, size)))


def sources_widgets():
    cols = st.columns(4)
    spec = [("kg.ma", "Mean of source A", -3.0, 3.0, -1.0),
            ("kg.mb", "Mean of source B", -3.0, 3.0, 1.5),
            ("kg.vs", "Share of A-like data in the validation set", 0.0, 1.0, 0.35),
            ("kg.sh", "Shift of the validation set", -2.0, 2.0, 0.0)]
    values = []
    for col, (key, label, lo, hi, default) in zip(cols, spec):
        state.shared(key, default, bounds=(lo, hi))
        values.append(col.slider(label, lo, hi, step=0.05, key=key))
    return values


tabs = st.tabs(["Stage 1: performance from OT", "Best mixture at each size",
                "Stage 2: extrapolate one mixture", "Use your data"])

with tabs[0]:
    st.markdown("Worked example: two 1-D sources and a validation set; the OT distance is the "
                "exact 1-Wasserstein distance between the pilot mixture and the validation "
                "set, computed for every mixing ratio.")
    src = sources_widgets()
    state.shared("kg.n0", 1000, int)
    n_pilot = st.select_slider("Pilot size n0 [samples]", PILOT_SIZES, key="kg.n0")
    with st.expander("Stage-1 coefficients (illustrative, free)", expanded=True):
        coef = params.param_sliders(kg.stage1, "kg.s1", container=st.container())
    state.shared("kg.tol", 0.005, bounds=(0.0, 0.1))
    tol = st.slider("Near-optimal tolerance [performance]", 0.0, 0.1, step=0.001,
                    format="%.3f", key="kg.tol")
    ot = ot_curve(*src, n_pilot)
    perf = kg.stage1(coef, p=RATIOS, OT=ot)
    best = polished_best(tuple(src), n_pilot, tuple(sorted(coef.items())), tol)
    frame = pd.concat([pd.DataFrame({"p": RATIOS, "value": perf, "curve": "performance P"}),
                       pd.DataFrame({"p": RATIOS, "value": ot, "curve": "OT distance"})],
                      ignore_index=True)
    marks = pd.DataFrame([{"p": best.ratio, "value": best.performance, "label": "best mixture"}])
    chart = charts.curves(frame, "p", "value", color="curve", log_x=False, marks=marks,
                          x_title="mixing ratio p (share of source A)",
                          y_title="performance / OT distance")
    st.altair_chart(chart)
    st.markdown(f"**Best mixture** at n0 = {n_pilot}: p = {best.ratio:.3f} (performance "
                f"{best.performance:.4f}); within {tol:.3f} of it: p from {best.low:.2f} to "
                f"{best.high:.2f}.")
    exports.export_panel("kg.p1", chart, frame, paper.bibtex, name="kang-stage1")


@page.view("kg.")
def best_by_size(src, n_pilot, coef, tol, perf):
    """Tab "Best mixture at each size": n1 reruns only this function; what it takes from
    the first tab comes in as arguments (that tab's widgets rerun the whole page)."""
    st.markdown("Stage 1 at two pilot sizes (same coefficients, the OT distance of each "
                "size's pilot sample), then stage 2 for every mixture: the best mixture at "
                "each target size and the range within the tolerance of it.")
    state.shared("kg.n1", 2000, int)
    n_big = st.select_slider("Larger pilot size n1 [samples]", PILOT_SIZES, key="kg.n1")
    if n_big <= n_pilot:
        st.error(f"The larger pilot size ({n_big}) must exceed n0 ({n_pilot}); pick a "
                 f"larger n1 or a smaller n0 in the first tab.")
    else:
        perf1 = kg.stage1(coef, p=RATIOS, OT=ot_curve(*src, n_big))
        sizes = charts.log_grid(n_pilot, 1e7, 60)
        table = pd.DataFrame(kg.best_mixture_by_size(sizes, RATIOS, perf, perf1, n_pilot,
                                                     n_big, tol))
        chart = charts.curves(table, "n", "best ratio", band=("low", "high"),
                              x_title="training-set size n [samples]",
                              y_title="best mixing ratio p (band: near-optimal range)")
        st.altair_chart(chart)
        shown = table.iloc[[0, 20, 40, 59]].reset_index(drop=True)
        st.dataframe(shown, hide_index=True)
        exports.export_panel("kg.p2", chart, table, paper.bibtex, name="kang-best-by-size")


with tabs[1]:
    best_by_size(src, n_pilot, coef, tol, perf)


@page.view("kg.")
def stage2():
    """Tab "Stage 2: extrapolate one mixture": its sliders rerun only this function."""
    values = params.param_sliders(kg.stage2, "kg.s2", container=st.container())
    page.live_law(kg.stage2, values)
    if values["n1"] <= values["n0"]:
        st.error("n1 must be larger than n0: the mapping divides by ln(n1/n0).")
    else:
        grid = charts.log_grid(values["n0"] / 2, 1e7, 120)
        frame = pd.DataFrame({"n": grid, "performance": kg.stage2(values, n=grid)})
        pts = pd.DataFrame({"n": [values["n0"], values["n1"]],
                            "performance": [values["P0"], values["P1"]]})
        chart = charts.curves(frame, "n", "performance", points=pts,
                              x_title="data size n [samples]",
                              y_title="projected performance P")
        st.altair_chart(chart)
        at = {s: float(kg.stage2(values, n=s)) for s in (1e4, 1e5, 1e6)}
        st.markdown("**Projected**: " + "; ".join(f"P({s:.0e}) = {v:.4f}" for s, v in at.items())
                    + ". Values above 1 mean the straight line in log n has left the range "
                      "an accuracy can take: trust it only a few pilot-ratios out.")
        exports.export_panel("kg.p3", chart, frame, paper.bibtex, name="kang-stage2")


with tabs[2]:
    stage2()

with tabs[3]:
    st.markdown("Fit stage 1 to your pilot runs: one row per run with the mixing ratio "
                "`p`, the OT distance `OT` of its training mixture to your validation set, "
                "and the measured `performance` (least squares, as the repository's "
                "LinearRegression).")
    with st.expander("Starting coefficients", expanded=False):
        start = params.param_sliders(kg.stage1, "kg.f", container=st.container())
    result = data.section("kg.data", kg.stage1, start, public=[], examples={})
    if result is not None:
        fit = result["fit"]
        frame = result["runs"].frame.copy()
        mapping = fit.record.mapping or {}
        names = ("p", "OT", "performance")
        observed = pd.DataFrame({v: pd.to_numeric(frame[mapping.get(v, v)], errors="coerce")
                                 for v in names}).dropna()
        observed["fitted"] = fit(p=observed["p"].to_numpy(), OT=observed["OT"].to_numpy())
        chart = charts.curves(observed.sort_values("performance"), "performance", "fitted",
                              log_x=False,
                              x_title="measured P", y_title="stage-1 fit")
        st.altair_chart(chart)
        exports.export_panel("kg.fit", chart, observed, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="kang-fit")

state.publish("kg.")
