"""Hestness et al. 2017: the learning curve's three regions (small data, power law,
irreducible error), exponents compared across domains, model size growing sublinearly with
data, and a fit of your own learning curve."""
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import hestness2017 as hz
from ui import charts, data, exports, page, params, state

paper = laws.paper("hestness2017")
page.setup(paper)
page.header(paper)
tabs = st.tabs(["Three regions", "Exponents by domain", "Model size", "Use your data"])


@page.view("hz.")
def three_regions_view():
    """Tab "Three regions": its widgets rerun only this function."""
    law = hz.learning_curve
    st.latex(law.latex())
    state.shared("hz.lc.set", "sketch (three regions)", str)
    with st.expander("Constants of the learning curve", expanded=True):
        values = params.param_sliders(law, "hz.lc", container=st.container())
        c1, c2 = st.columns(2)
        state.shared("hz.guess", 0.9, float, (0.01, 100.0))
        guess = c1.number_input("Best-guess error (small-data plateau)", 0.01, 100.0,
                                step=0.1, key="hz.guess")
        state.shared("hz.tol", 0.1, float, (0.01, 1.0))
        tol = c2.slider("Irreducible region starts when alpha m^beta_g < tolerance x gamma",
                        0.01, 1.0, step=0.01, key="hz.tol")
    page.live_law(law, values)
    if all(np.isclose(values[k], law.defaults[k], rtol=1e-6) for k in ("alpha", "beta_g")):
        st.info("Published set: the word-LM curve eps(m) = 11.9 m^-0.066 as transcribed by a "
                "secondary source (unconfirmed against the paper). Its gamma is 0 because the "
                "paper's real applications had not reached irreducible error, so this curve "
                "has no third region; choose the 'sketch (three regions)' set to see all "
                "three.")
    bounds = hz.regions(values, guess, tol)
    m = charts.log_grid(*hz.M.typical, 300)
    frame = pd.DataFrame({"m": m, "eps": hz.curve_with_best_guess(values, m, guess),
                          "power law + gamma": law(values, m=m)})
    edges = [hz.M.typical[0], bounds["small_data_end"], bounds["irreducible_start"],
             hz.M.typical[1]]
    edges = [e if np.isfinite(e) else None for e in edges]
    spans = []
    lo = edges[0]
    for name, hi in [("small data", edges[1]), ("power law", edges[2]),
                     ("irreducible error", edges[3])]:
        if hi is None or lo is None or hi <= lo:
            continue
        spans.append({"region": name, "start": max(lo, m[0]), "end": min(hi, m[-1])})
        lo = hi
    spans = pd.DataFrame(spans)
    shading = alt.Chart(spans).mark_rect(opacity=0.12).encode(
        x="start:Q", x2="end:Q",
        color=alt.Color("region:N", scale=alt.Scale(range=charts.PALETTE[1:4]),
                        title="region"), tooltip=["region:N"])
    long = frame.melt("m", var_name="curve", value_name="error")
    lines = charts.curves(long, "m", "error", color="curve", log_y=True,
                          x_title="training-set size m [samples]", y_title="generalization error")
    chart = alt.layer(shading, lines).resolve_scale(color="independent")
    st.altair_chart(chart)
    cols = st.columns(3)
    cols[0].metric("Small-data region ends at m", f"{bounds['small_data_end']:.3g}")
    cols[1].metric("Irreducible region starts at m", f"{bounds['irreducible_start']:.3g}"
                   if np.isfinite(bounds["irreducible_start"]) else "none (gamma = 0)")
    cols[2].metric("Data needed to halve the reducible error",
                   f"x{float(hz.data_to_halve_error(values['beta_g'])):.3g}")
    inside = hz.in_blog_range(values["beta_g"])
    st.markdown(f"beta_g = {values['beta_g']:.3f} is "
                f"{'inside' if inside else 'outside'} the range [-0.35, -0.07] Baidu reports "
                f"for real applications (theory typically predicts -0.5).")
    st.caption("Shaded: the three regions of the paper's sketch. Their boundaries are this "
               "page's definitions: where the power law meets the best guess, and where the "
               "reducible error falls below the tolerance times gamma.")
    exports.export_panel("hz.regions", chart, frame, paper.bibtex, name="hestness-regions")


with tabs[0]:
    three_regions_view()


@page.view("hz.")
def exponents_by_domain_view():
    """Tab "Exponents by domain": its widgets rerun only this function."""
    st.info("Per-domain exponents: from a detailed secondary transcription of the paper's §4, "
            "not confirmed against the paper's own text. Only the range [-0.35, -0.07] is "
            "confirmed (Baidu's blog).")
    table = hz.DOMAINS.assign(**{"data x to halve error":
                                 hz.data_to_halve_error(hz.DOMAINS["beta_g"]).round(1),
                                 "in [-0.35, -0.07]": hz.DOMAINS["beta_g"].map(hz.in_blog_range)})
    st.dataframe(table, hide_index=True)
    chosen = st.multiselect("Domains to compare", list(hz.DOMAINS["domain"]),
                            default=list(hz.DOMAINS["domain"]), key="hz.domains")
    m = charts.log_grid(1.0, 1e4, 100)
    rel = pd.concat([pd.DataFrame({"domain": r["domain"], "data growth m/m0": m,
                                   "error relative to m0": m ** r["beta_g"]})
                     for _, r in hz.DOMAINS.iterrows() if r["domain"] in chosen]
                    + [pd.DataFrame({"domain": "theory, -0.5", "data growth m/m0": m,
                                     "error relative to m0": m ** hz.THEORY_EXPONENT})],
                    ignore_index=True)
    chart = charts.curves(rel, "data growth m/m0", "error relative to m0", color="domain",
                          log_y=True, x_title="training data grown by [x]",
                          y_title="reducible error relative to the start")
    st.altair_chart(chart)
    st.caption("Each curve is (m/m0)^beta_g: the power-law region only, so domains with "
               "different error units compare by their exponent.")
    exports.export_panel("hz.domains", chart, rel, paper.bibtex, name="hestness-domains")


with tabs[1]:
    exponents_by_domain_view()


@page.view("hz.")
def model_size_view():
    """Tab "Model size": its widgets rerun only this function."""
    law = hz.model_size
    st.latex(law.latex())
    with st.expander("Constants of the model-size law", expanded=True):
        size_values = params.param_sliders(law, "hz.ms", container=st.container())
    st.info("beta_p = 0.69 (word LMs) and 0.573 (ImageNet) come from the secondary "
            "transcription and are unconfirmed; alpha_p is an illustration.")
    m = charts.log_grid(1e3, 1e10, 200)
    frame = pd.DataFrame({"m": m, "s(m)": law(size_values, m=m),
                          "linear growth (beta_p = 1)": size_values["alpha_p"] * m})
    long = frame.melt("m", var_name="curve", value_name="parameters")
    chart = charts.curves(long, "m", "parameters", color="curve", log_y=True,
                          x_title="training-set size m [samples]",
                          y_title="parameters of the best-fitting model")
    st.altair_chart(chart)
    st.markdown(f"Ten times more data needs {10 ** size_values['beta_p']:.3g} times more "
                f"parameters (beta_p = {size_values['beta_p']:.2f}; sublinear when below 1).")
    exports.export_panel("hz.size", chart, frame, paper.bibtex, name="hestness-model-size")


with tabs[2]:
    model_size_view()

with tabs[3]:
    fittable = {"learning curve eps(m)": hz.learning_curve, "model size s(m)": hz.model_size}
    label = st.radio("Relation to fit", list(fittable), horizontal=True, key="hz.fitlaw")
    law = fittable[label]
    prefix = "hz.lc" if law is hz.learning_curve else "hz.ms"
    result = data.section(f"hz.data.{law.id}", law, params.current_values(law, prefix),
                          public=[], examples={"Learning curve, 3% noise (sketch constants)":
                                              "hestness2017_learning_curve.csv"},
                          derived={"data x to halve the error":
                                   lambda p: float(hz.data_to_halve_error(p["beta_g"]))}
                          if law is hz.learning_curve else None)
    if result is not None:
        fit = result["fit"]
        seen = fit.data[fit.record.mapping["m"]].astype(float)
        grid = charts.log_grid(float(seen.min()), float(seen.max()) * 100, 120)
        band = fit.predict(m=grid)
        chart = charts.curves(band, "m", "value", band=("lower", "upper"), log_y=True,
                              x_title="training-set size m [samples]",
                              y_title=law.output.meaning)
        st.altair_chart(chart)
        st.caption("The fit extended to 100x the largest training set, with its bootstrap band.")
        if law is hz.learning_curve and not hz.in_blog_range(fit.params["beta_g"]):
            st.info(f"The fitted exponent {fit.params['beta_g']:.3f} lies outside the range "
                    f"[-0.35, -0.07] Baidu reports for real applications.")
        exports.export_panel("hz.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="hestness-fit")

state.publish("hz.")
