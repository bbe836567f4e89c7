"""Wu et al. 2025: the broken power-law energy function of repeating fast radio bursts, with its
break near 1e38 erg; the same maths as a broken neural scaling law. Simulate a burst sample and
recover the break, or fit your own burst energies."""
import csv

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import logs
from laws.papers import frb2025 as fr
from ui import charts, data, exports, page, params, state

paper = laws.paper("frb2025")
page.setup(paper)
page.header(paper)
st.page_link("pages/caballero2022.py", icon=":material/call_split:",
             label="The same maths in machine learning: Broken Neural Scaling Laws "
                   "(a BNSL with one break, a = 0)")
law = fr.energy_function
st.latex(law.latex())
st.info("Only the break energy E_b near 1e38 erg is confirmed (the paper's abstract). The "
        "indices alpha_1 and alpha_2, the sharpness s and the normalisation K start at "
        "illustrative values, not the paper's numbers; which three FRBs were analysed and "
        "whether the function steepens or flattens above the break are unconfirmed too.")
tabs = st.tabs(["Energy function", "Simulate and recover the break", "Fit your bursts"])


def with_break(chart, e_b: float):
    rule = alt.Chart(pd.DataFrame({"E": [e_b], "label": [f"break E_b = {e_b:.3g} erg"]})
                     ).mark_rule(strokeDash=[4, 4], color="#D55E00").encode(
        x="E:Q", tooltip=["label:N"])
    return alt.layer(chart, rule)


@page.view("frb.")
def energy_function_view():
    """Tab "Energy function": its widgets rerun only this function."""
    with st.expander("Constants of the energy function", expanded=True):
        values = params.param_sliders(law, "frb.p", container=st.container())
        page.formula_card(law, values)
    page.live_law(law, values)
    state.shared("frb.view", "differential dN/dE", str)
    view = st.radio("View", ["differential dN/dE", "cumulative N(>E)"], horizontal=True,
                    key="frb.view")
    e = charts.log_grid(*law.inputs[0].typical, 300)
    if view.startswith("differential"):
        frame = pd.DataFrame({"E": e, "value": law(values, E=e)})
        y_title = "dN/dE [bursts / erg]"
    else:
        frame = pd.DataFrame({"E": e, "value": fr.cumulative(values, e)})
        y_title = "N(>E) [bursts]"
    frame = frame[frame["value"] > 0]
    chart = with_break(charts.curves(frame, "E", "value", log_y=True,
                                     x_title="burst energy E [erg]", y_title=y_title),
                       values["E_b"])
    st.altair_chart(chart)
    b = fr.as_bnsl(values)
    st.markdown(f"As a BNSL with one break: a = 0, b = {b['b']:.3g}, c0 = alpha_1 = "
                f"{b['c0']:.3g}, c1 = alpha_2 - alpha_1 = {b['c1']:.3g}, d1 = E_b = "
                f"{b['d1']:.3g} erg, f1 = s = {b['f1']:.3g}. The function "
                f"{'steepens' if b['c1'] > 0 else 'flattens' if b['c1'] < 0 else 'keeps its slope'}"
                f" above the break.")
    exports.export_panel("frb.ef", chart, frame, paper.bibtex, name="frb-energy-function")


with tabs[0]:
    energy_function_view()


def show_fit(result: dict, energies: np.ndarray, truth: dict | None, key: str):
    p, iv = result["params"], result["intervals"]
    rows = [{"parameter": n, "fitted": p[n], "lower": iv.get(n, (np.nan, np.nan))[0],
             "upper": iv.get(n, (np.nan, np.nan))[1],
             **({"true": truth[n]} if truth else {})} for n in ("alpha_1", "alpha_2", "E_b")]
    st.markdown(f"Maximum likelihood on {result['n']} bursts above {result['e_min']:.3g} erg "
                f"(s held at {p['s']:.3g})"
                + (f"; {result['dropped']} value(s) left out" if result["dropped"] else "") + ".")
    st.dataframe(pd.DataFrame(rows), hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="%.4g")
                                for c in ("fitted", "lower", "upper", "true")})
    observed = fr.empirical_cumulative(energies[energies >= result["e_min"]])
    grid = charts.log_grid(result["e_min"], float(observed["E"].max()), 200)
    model = pd.DataFrame({"E": grid, "N(>E)": fr.cumulative(p, grid, e_max=result["e_max"])})
    chart = with_break(charts.curves(model, "E", "N(>E)", log_y=True, points=observed,
                                     x_title="burst energy E [erg]", y_title="N(>E) [bursts]"),
                       p["E_b"])
    st.altair_chart(chart)
    st.caption("Points: the bursts, counted from the most energetic down; line: the fitted "
               "energy function integrated above E; dashed: the fitted break.")
    exports.export_panel(key, chart, model, paper.bibtex, name="frb-fit")
    st.download_button("Fitted parameters (JSON)", exports.to_json(
        {k: v for k, v in result.items() if k != "samples"}), file_name="frb-fit.json",
        mime="application/json", key=f"{key}.json")


@st.cache_data(show_spinner=False, max_entries=16)
def fitted(energies: tuple, e_min: float | None, s_value: float, resamples: int) -> dict:
    return fr.fit_energies(np.array(energies), e_min=e_min, s_value=s_value,
                           bootstrap=resamples)


@page.view("frb.")
def simulate_view():
    """Tab "Simulate and recover the break": its widgets rerun only this function; the
    first tab's constants are read from the session when "Simulate and fit" is pressed."""
    truth = params.current_values(law, "frb.p")
    c1, c2, c3 = st.columns(3)
    state.shared("frb.n", 1000, int, (100, 5000))
    n = c1.slider("Bursts detected", 100, 5000, step=100, key="frb.n")
    state.shared("frb.emin", 37.0, float, (36.0, 38.5))
    e_min = 10 ** c2.slider("log10 detection threshold [erg]", 36.0, 38.5, step=0.1,
                            key="frb.emin")
    state.shared("frb.seed", 0, int, (0, 999))
    seed = c3.number_input("Seed", 0, 999, key="frb.seed")
    st.caption(f"Bursts are drawn from the energy function of the first tab between "
               f"{e_min:.3g} and 1e42 erg, then fitted with s held at its true value.")
    if st.button("Simulate and fit", type="primary", key="frb.simfit"):
        energies = fr.sample(truth, n, e_min, seed=int(seed))
        st.session_state["frb.sim"] = (energies, fitted(tuple(energies), e_min, truth["s"], 20),
                                       truth)
    if "frb.sim" in st.session_state:
        energies, result, used = st.session_state["frb.sim"]
        show_fit(result, energies, used, "frb.simx")


with tabs[1]:
    simulate_view()


@page.view("frb.")
def your_bursts_view():
    """Tab "Fit your bursts": its widgets rerun only this function."""
    st.write("A CSV with one row per burst and a column of energies in erg.")
    upload = st.file_uploader("Burst energies (CSV)", key="frb.upload")
    if upload is None:
        st.info("Upload a file to fit your bursts; nothing else on the page changes.")
    else:
        table = None
        if not upload.getvalue().strip():
            st.error(f"{upload.name} is empty: give a CSV with a column of burst energies.")
        else:
            try:
                table = data.read_table(upload.name, upload.getvalue())
            except logs.LogFormatError as err:
                st.error(str(err))
            except csv.Error:
                st.error(f"{upload.name} could not be read as a table (no delimiter found). "
                         f"Save it as a comma-separated file with one header row.")
        if table is not None:
            numeric = data.numeric_columns(table)
            if not numeric:
                st.error("No column of this file holds numbers: give a column of burst "
                         "energies in erg.")
            else:
                column = st.selectbox("Energy column [erg]", numeric, key="frb.col")
                energies = pd.to_numeric(table[column], errors="coerce").to_numpy(float)
                usable = energies[np.isfinite(energies) & (energies > 0)]
                if usable.size < energies.size:
                    st.warning(f"{energies.size - usable.size} row(s) of {column!r} are missing, "
                               f"zero or negative and are left out.")
                c1, c2 = st.columns(2)
                threshold = c1.number_input("Completeness threshold [erg] (0: the smallest)",
                                            min_value=0.0, value=0.0, format="%.3e",
                                            key="frb.thr")
                s_fit = c2.slider("Sharpness s held fixed", 0.01, 1.0, 0.05, key="frb.s")
                if st.button("Fit", type="primary", key="frb.fit"):
                    try:
                        st.session_state["frb.user"] = (usable, fitted(
                            tuple(usable), threshold or None, float(s_fit), 20))
                    except ValueError as err:
                        st.error(f"The fit could not be done: {err}")
    if "frb.user" in st.session_state:
        energies, result = st.session_state["frb.user"]
        show_fit(result, energies, None, "frb.userx")


with tabs[2]:
    your_bursts_view()

state.publish("frb.")
