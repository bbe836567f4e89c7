"""Alabdulmohsin et al. 2022: the implicit M4 law solved for the loss, the paper's
learning-curve benchmark (fit the early part, score the extrapolation), and your own fit."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import datasets
from laws.papers import alabdulmohsin2022 as m4p
from ui import charts, data, exports, page, params, state

paper = laws.paper("alabdulmohsin2022")
page.setup(paper)
page.header(paper)
law = m4p.m4
values = params.param_sliders(law, "m4")
st.latex(r"\frac{\varepsilon_x - \varepsilon_\infty}{(\varepsilon_0 - \varepsilon_x)^{\alpha}}"
         r" = \beta x^{c}, \qquad c \le 0,\ \alpha \ge 0")
page.formula_card(law, values)
st.info("The starting constants are a fit of one curve of the paper's benchmark (NMT, "
        "28 encoder / 6 decoder layers) with the paper's procedure: regression values, since "
        "the paper fits every learning curve separately and publishes no universal constants.")
tabs = st.tabs(["The law", "Benchmark: extrapolate learning curves", "Use your data"])


@st.cache_data(show_spinner="Fitting every learning curve with the paper's procedure...",
               max_entries=2)
def benchmark(refit: bool = False):
    """Scores and curves; the scores come from data/ (m4p.SHIPPED, made by
    data/make_alabdulmohsin2022_benchmark.py) when made from these curves, unless
    ``refit``. The third value says whether they did."""
    frame = data.load_dataset("revisiting_lang")
    curves = m4p.evaluations(frame)
    shipped = None if refit else m4p.shipped_benchmark(curves)
    return (m4p.benchmark(frame) if shipped is None else shipped), curves, shipped is not None


with tabs[0]:
    if values["eps_0"] <= values["eps_inf"]:
        st.error(f"eps_0 = {values['eps_0']:.3g} is not above eps_inf = "
                 f"{values['eps_inf']:.3g}: the law needs the random-guess loss above the "
                 f"floor. Move either slider.")
    else:
        x = charts.log_grid(1e3, 1e12, 240)
        frame = pd.concat([
            pd.DataFrame({"curve": f"M4, alpha = {values['alpha']:.2f}", "x": x,
                          "loss": law(values, x=x)}),
            pd.DataFrame({"curve": "alpha = 0 (power law plus constant, M2)", "x": x,
                          "loss": law({**values, "alpha": 0.0}, x=x)})], ignore_index=True)
        chart = charts.curves(frame, "x", "loss", color="curve", x_title="seen examples x",
                              y_title="loss")
        st.altair_chart(chart)
        st.markdown(
            f"The loss falls from near eps_0 = {values['eps_0']:.3g} to the floor eps_inf = "
            f"{values['eps_inf']:.3g}. The law is implicit in the loss; with "
            f"w = L - eps_inf it reads w = beta x^c (eps_0 - eps_inf - w)^alpha, whose "
            f"left side rises and right side falls in w, so it has one root between the floor "
            f"and the ceiling, found by bisection (vectorised, to double precision).")
        st.caption("A larger alpha keeps the curve flat longer near eps_0 and then drops it "
                   "faster: the sigmoid-like start of real learning curves that a power law "
                   "misses. For large x both curves approach beta x^c above the floor. The "
                   "alpha = 0 curve is drawn inside [eps_inf, eps_0] like M4, so it stops "
                   "at eps_0 where eps_inf + beta x^c would exceed it.")
        exports.export_panel("m4.law", chart, frame, paper.bibtex, name="m4-law")

with tabs[1]:
    try:
        scores, curves, from_file = benchmark(page.refit_requested("m4"))
    except datasets.DatasetUnavailable as err:
        st.info(f"The paper's benchmark is not available here. {err}")
    else:
        if from_file:
            page.shipped_notice("m4", "These fits were computed ahead from the same learning "
                                "curves", m4p.SHIPPED, "make_alabdulmohsin2022_benchmark.py")
        by_domain = scores.groupby("domain", as_index=False).agg(
            evaluations=("rmse", "size"), mean_rmse=("rmse", "mean"))
        st.dataframe(by_domain, hide_index=True, width="stretch",
                     column_config={"mean_rmse": st.column_config.NumberColumn(
                         "mean extrapolation RMSE (log loss)", format="%.4f")})
        labels = [f"{d}: {e}" for d, e in zip(scores["domain"], scores["evaluation"])]
        default = "NMT: 28 Enc, 6 Dec" if "NMT: 28 Enc, 6 Dec" in labels else labels[0]
        if state.shared("m4.curve", default, str) not in labels:
            st.session_state["m4.curve"] = default
        chosen = st.selectbox("Learning curve", labels, key="m4.curve")
        row = scores.iloc[labels.index(chosen)]
        curve = curves[(curves["domain"] == row["domain"]) &
                       (curves["evaluation"] == row["evaluation"])]
        fitted = {k: float(row[k]) for k in law.param_names}
        line = m4p.curve_band(curve, fitted).assign(curve="M4 fitted on the early part")
        points = curve.assign(part=np.where(curve["training"], "fitted (Training = 1)",
                                            "extrapolated (Training = 0)"))[
            ["x", "loss", "part"]]
        chart = charts.curves(line, "x", "loss", color="curve", x_title="seen examples x",
                              y_title="loss", points=points, point_color="part")
        st.altair_chart(chart)
        c = st.columns(3)
        c[0].metric("Extrapolation RMSE (log loss)", f"{row['rmse']:.4f}")
        c[1].metric("Standard error", f"{row['std_error']:.5f}")
        c[2].metric("Fitted exponent c", f"{row['c']:.3f}")
        st.dataframe(scores, hide_index=True, width="stretch",
                     column_config={k: st.column_config.NumberColumn(format="%.4g")
                                    for k in ["rmse", "std_error", *law.param_names]})
        st.caption("Each curve is fitted on its Training = 1 rows with the paper's procedure "
                   "(alternating non-negative least squares for beta, c, alpha with a local "
                   "search on eps_inf, eps_0 from the paper's start; eps_0 starts at 1, and "
                   "at 1.001 with an upper bound of 1 for Big-Bench) and scored on its "
                   "Training = 0 rows by the RMSE of log(prediction) - log(truth), as in the "
                   "authors' notebook. These scores are computed here; the paper's own tables "
                   "of extrapolation losses are not reproduced digit for digit.")
        exports.export_panel("m4.bench", chart, scores, paper.bibtex, name="m4-benchmark")

with tabs[2]:
    st.caption("Upload one learning curve: a column of seen examples (or tokens, or steps "
               "times batch size) and a column of loss. The fit solves M4 by bisection at "
               "every start; expect a few seconds, more with the bootstrap.")
    result = data.section("m4.data", law, values, public=[], examples={})
    if result is not None:
        fit = result["fit"]
        x_col = fit.record.mapping["x"]
        seen = pd.to_numeric(result["runs"].frame[x_col], errors="coerce")
        seen = seen[np.isfinite(seen) & (seen > 0)]
        grid = charts.log_grid(float(seen.min()), float(seen.max()) * 10, 160)
        band = fit.predict(x=grid).rename(columns={"value": "loss"})
        chart = charts.curves(band, "x", "loss", band=("lower", "upper"),
                              x_title="seen examples x", y_title="loss")
        st.altair_chart(chart)
        st.caption("Your fitted M4 curve extrapolated to 10x your largest x, with its "
                   "bootstrap band.")
        exports.export_panel("m4.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="m4-fit")

state.publish("m4.")
