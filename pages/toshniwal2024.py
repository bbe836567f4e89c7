"""Toshniwal et al. 2024 (OpenMathInstruct-2): MATH accuracy against fine-tuning examples, and
what a log-linear and a saturating fit extrapolate."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import toshniwal2024 as om
from ui import charts, data, exports, page, state

paper = laws.paper("toshniwal2024")
page.setup(paper)
page.header(paper)
st.latex(om.log_linear.latex() + r"\qquad\text{or}\qquad " + om.saturating.latex())
page.live_law(om.saturating)
tabs = st.tabs(["Two extrapolations", "The scaling plot's points", "Use your data"])
grid = charts.log_grid(1e5, 1e9, 160)
published = pd.DataFrame({"N": [om.FULL_SIZE], "accuracy": [om.FULL_ACCURACY],
                          "label": ["published: 67.8% on all 14M (abstract)"]})


def baseline(frame):
    return pd.concat([frame, pd.DataFrame({"form": "Llama3.1-8B-Instruct (51.9%)", "N": grid,
                                           "accuracy": om.INSTRUCT_ACCURACY})],
                     ignore_index=True)


with tabs[0]:
    st.markdown("Both forms pass through the published point (67.8% MATH accuracy after "
                "13,972,791 examples). The slope, ceiling and exponent are yours: the paper "
                "fits no law.")
    for key, value, bounds in [("om.slope", 8.0, (0.0, 30.0)), ("om.ceiling", 75.0, (68.0, 100.0)),
                               ("om.c", 0.3, (0.02, 2.0)), ("om.target", 8.0, (5.0, 9.0))]:
        state.shared(key, value, bounds=bounds)
    c1, c2, c3, c4 = st.columns(4)
    slope = c1.slider("Log-linear gain [% per tenfold data]", 0.0, 30.0, step=0.1, key="om.slope")
    ceiling = c2.slider("Saturating ceiling a [%]", 68.0, 100.0, step=0.1, key="om.ceiling")
    c = c3.slider("Saturating exponent c", 0.02, 2.0, step=0.01, key="om.c")
    target = 10 ** c4.slider("log10 N to extrapolate to", 5.0, 9.0, step=0.05, key="om.target")
    linear = om.anchored_log_linear(slope)
    sat = om.anchored_saturating(ceiling, c)
    frame = baseline(pd.concat([
        pd.DataFrame({"form": "log-linear", "N": grid, "accuracy": om.log_linear(linear, N=grid)}),
        pd.DataFrame({"form": "saturating", "N": grid, "accuracy": om.saturating(sat, N=grid)})],
        ignore_index=True))
    at_lin, at_sat = float(om.log_linear(linear, N=target)), float(om.saturating(sat, N=target))
    m = st.columns(3)
    m[0].metric(f"Log-linear at N = {target:.3g}", f"{at_lin:.1f}%")
    m[1].metric(f"Saturating at N = {target:.3g}", f"{at_sat:.1f}%")
    m[2].metric("Gap between the forms", f"{at_lin - at_sat:+.1f} points")
    if at_lin > 100:
        st.info(f"The log-linear form passes 100% (it has no ceiling): at N = {target:.3g} it "
                f"predicts {at_lin:.0f}%.")
    chart = charts.curves(frame, "N", "accuracy", color="form", marks=published,
                          x_title="fine-tuning examples N", y_title="MATH accuracy [%]")
    st.altair_chart(chart)
    exports.export_panel("om.two", chart, frame, paper.bibtex, name="openmath-extrapolations")

with tabs[1]:
    st.info("Unconfirmed: the accuracies at 1M, 2M and 5M examples are only in the paper's "
            "scaling plot (an image; also on the dataset card), so they are not filled in "
            "here. Read them off the plot, or enter your own runs, and both forms are fitted. "
            "Only the 14M point (67.8%, abstract) is published as a number.")
    rows = pd.DataFrame({"N": [*om.SUBSET_SIZES, om.FULL_SIZE],
                         "accuracy": [None, None, None, om.FULL_ACCURACY]})
    edited = st.data_editor(rows, key="om.points", num_rows="dynamic", hide_index=True,
                            column_config={"N": st.column_config.NumberColumn("N [examples]"),
                                           "accuracy": st.column_config.NumberColumn(
                                               "MATH accuracy [%]")})
    points, notes = om.clean_points(edited)
    for note in notes:
        st.warning(note)
    fits = om.fit_both(points)
    curves, rows = [], []
    for law in (om.log_linear, om.saturating):
        result = fits[law.id]
        if isinstance(result, str):
            st.info(f"{law.title}: not fitted, {result}.")
            continue
        curves.append(pd.DataFrame({"form": f"{law.title} (fitted)", "N": grid,
                                    "accuracy": law(result.params, N=grid)}))
        rows.append({"form": law.title, **{k: v for k, v in result.params.items()},
                     "at 1e8 examples [%]": float(law(result.params, N=1e8)),
                     "RMSE [points]": float(np.sqrt(np.mean(result.residuals ** 2)))})
    marks = points.assign(label="your point")
    if curves:
        frame = baseline(pd.concat(curves, ignore_index=True))
        chart = charts.curves(frame, "N", "accuracy", color="form", marks=marks,
                              x_title="fine-tuning examples N", y_title="MATH accuracy [%]")
        st.altair_chart(chart)
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        exports.export_panel("om.fit", chart, frame, paper.bibtex, name="openmath-fits")
    else:
        st.markdown(f"{len(points)} usable point(s) so far.")

with tabs[2]:
    forms = {"saturating": om.saturating, "log-linear": om.log_linear}
    if state.shared("om.data.form", "saturating", str) not in forms:
        st.session_state["om.data.form"] = "saturating"
    form = st.radio("Form to fit", list(forms), horizontal=True, key="om.data.form")
    law = forms[form]
    result = data.section(f"om.data.{form}", law, law.defaults, public=[], examples={})
    if result is not None:
        fit = result["fit"]
        band = fit.predict(N=charts.log_grid(1e4, 1e9, 80))
        chart = charts.curves(band, "N", "value", band=("lower", "upper"),
                              x_title="fine-tuning examples N", y_title="accuracy [%]")
        st.altair_chart(chart)
        exports.export_panel("om.own", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="openmath-own-fit")

state.publish("om.")
