"""Zhou et al. 2023: the three-regime phase diagram of pruning over temperature (dense
training epochs) and load (density), from the paper's Fig. 2 digitised; what to change at a
given load; and your own sweep classified the same way."""
import altair as alt
import numpy as np
import streamlit as st

import laws
from laws.logs import LogFormatError
from laws.papers import zhou2023 as zp
from ui import data, exports, page, state

paper = laws.paper("zhou2023")
page.setup(paper)
page.header(paper)
st.latex(zp.lmc_barrier.latex() + r",\qquad t^* = \arg\max_t \left|\tfrac{L(w_1)+L(w_2)}{2}"
         r" - L\big((1-t)w_1 + t w_2\big)\right|")
st.caption("The paper has no formula for the regimes: they are read off a phase diagram. "
           "mc (linear mode connectivity) separates Regime I (a barrier, mc < 0) from "
           "Regime II (mc about 0); CKA similarity of the outputs then separates II-A "
           "(dissimilar) from II-B (similar).")
st.info("Numbers on this page are DIGITISED from the four heat maps of the paper's Fig. 2 "
        "(PNG files in the authors' repository, read cell by cell against each colour bar; "
        "the separately digitised test-error and normalized-test-error panels agree to "
        "0.001). The paper prints no table. The regime "
        "thresholds are this page's: the paper draws its boundaries by hand.")
frame = zp.load_phase_diagram()
METRICS = {"test error": ("test_error", "blues", False),
           "normalized test error": ("normalized_test_error", "blues", False),
           "LMC barrier mc": ("lmc_barrier", "blues", True),
           "CKA similarity": ("cka", "blues", True), "regime": ("regime", None, False)}
REGIME_COLOURS = alt.Scale(domain=list(zp.REGIMES), range=["#c0392b", "#5dade2", "#1e8449"])


def grid_chart(cells, value, scheme, reverse, title, x="density_pct", y="epochs",
               x_title="load: density [%]", y_title="temperature: training epochs"):
    """Cells of (load, temperature) coloured by ``value``; hotter (fewer epochs) on top."""
    if scheme is None:
        colour = alt.Color(f"{value}:N", scale=REGIME_COLOURS, title=title)
    else:
        colour = alt.Color(f"{value}:Q", title=title,
                           scale=alt.Scale(scheme=scheme, reverse=reverse))
    return alt.Chart(cells).mark_rect().encode(
        x=alt.X(f"{x}:O", title=x_title), y=alt.Y(f"{y}:O", title=y_title, sort="ascending"),
        color=colour, tooltip=[x, y, value]).properties(height=420)


tabs = st.tabs(["Phase diagram", "What to change at a given load", "Your sweep"])

with tabs[0]:
    for key, default, bounds in [("zp.tau", 0.2, (0.01, 0.6)), ("zp.kappa", 0.98, (0.9, 0.995))]:
        state.shared(key, default, bounds=bounds)
    state.shared("zp.metric", "regime", str)
    if st.session_state["zp.metric"] not in METRICS:
        st.session_state["zp.metric"] = "regime"
    c1, c2, c3 = st.columns([2, 1, 1])
    shown = c1.radio("Colour by", list(METRICS), horizontal=True, key="zp.metric")
    tau = c2.slider("Regime I when mc is below minus", 0.01, 0.6, step=0.01, key="zp.tau",
                    help="Barrier threshold, in training error (0.2 = 20 points of error).")
    kappa = c3.slider("II-B when CKA is at least", 0.9, 0.995, step=0.001, format="%.3f",
                      key="zp.kappa")
    cells = frame.assign(regime=zp.classify(frame["lmc_barrier"], frame["cka"], tau, kappa))
    column, scheme, reverse = METRICS[shown]
    chart = grid_chart(cells, column, scheme, reverse, shown)
    st.altair_chart(chart)
    counts = cells["regime"].value_counts()
    m = st.columns(3)
    for box, regime in zip(m, zp.REGIMES):
        box.metric(f"Regime {regime} cells", int(counts.get(regime, 0)))
    st.markdown("\n".join(f"- **Regime {r}**: {zp.PREDICTION[r]}." for r in zp.REGIMES))
    st.caption("Hotter (fewer epochs) is up, as in the paper. With the default thresholds "
               "Regime I sits where the paper's solid line puts it (low density, long "
               "training). The II-A / II-B split is QUALITATIVE: absolute CKA rises with "
               "density at every temperature, so a single CKA threshold does not reproduce "
               "the paper's hand-drawn dashed line.")
    exports.export_panel("zp.phase", chart, cells, paper.bibtex, name="zhou-phase-diagram")

with tabs[1]:
    best = zp.best_temperature(frame)
    chart = alt.layer(
        alt.Chart(best).mark_line(point=True).encode(
            x=alt.X("density_pct:O", title="load: density [%]"),
            y=alt.Y("saved by the best temperature:Q",
                    title="test error saved by the best epochs vs 160 epochs")),
    ).properties(height=300)
    st.markdown("**The sharp transition.** At each density, how much lower the test error is "
                "at the best number of dense-training epochs than after the full 160:")
    st.altair_chart(chart)
    st.dataframe(best, hide_index=True)
    state.shared("zp.density", 5, int)
    if st.session_state["zp.density"] not in zp.DENSITY_PCT:
        st.session_state["zp.density"] = 5
    state.shared("zp.epochs", 160, int, bounds=(10, 160))
    if st.session_state["zp.epochs"] not in zp.EPOCHS:
        st.session_state["zp.epochs"] = 160
    c1, c2, c3 = st.columns(3)
    density = c1.selectbox("Density of the pruned model [%]", zp.DENSITY_PCT, key="zp.density")
    epochs = c2.select_slider("Your dense model's training epochs", zp.EPOCHS, key="zp.epochs")
    state.shared("zp.tol", 0.002, bounds=(0.0, 0.01))
    tol = c3.slider("Call it optimal within (test error)", 0.0, 0.01, step=0.0005,
                    format="%.4f", key="zp.tol")
    verdict = zp.advice(frame, density, epochs, tol)
    regime = zp.classify(*frame.loc[(frame.density_pct == density) & (frame.epochs == epochs),
                                    ["lmc_barrier", "cka"]].to_numpy()[0],
                         st.session_state["zp.tau"], st.session_state["zp.kappa"])
    m = st.columns(3)
    m[0].metric("Best epochs at this density", verdict["best epochs"])
    m[1].metric("Your gap to the best", f"{100 * verdict['gap']:.2f} points")
    m[2].metric("Move", verdict["move"])
    st.markdown(f"This cell is in Regime **{regime}** by the phase-diagram thresholds: "
                f"{zp.PREDICTION.get(str(regime), 'unclassified')}.")
    col = frame[frame.density_pct == density].melt(
        "epochs", ["test_error", "lmc_barrier", "cka"], var_name="metric", value_name="value")
    lines = alt.Chart(col).mark_line(point=True).encode(
        x=alt.X("epochs:Q", title="training epochs of the dense model (fewer = hotter)"),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color("metric:N", legend=None)).properties(height=160)
    trio = lines.facet(row=alt.Row("metric:N", title=None)).resolve_scale(y="independent")
    st.altair_chart(trio)
    exports.export_panel("zp.load", trio, col, paper.bibtex, name=f"zhou-density-{density}")
    st.markdown("Other temperature knobs the authors sweep (the page's data cover epochs only):")
    st.dataframe(zp.TEMPERATURE_KNOBS, hide_index=True)
    st.info("Unconfirmed: that a smaller batch or a larger SAM rho counts as hotter is the "
            "usual SGD-noise reading; this page has not checked it against the paper's text.")

with tabs[2]:
    st.markdown("Upload a table with one row per (temperature, load) run: a temperature "
                "setting, a load (density), the test error, and optionally the LMC barrier "
                "and CKA. The page draws your phase diagram with the thresholds of the first "
                "tab and finds the best temperature at each load.")
    upload = st.file_uploader("Sweep (CSV)", type=["csv", "txt"], key="zp.upload")
    if upload is not None:
        try:
            raw = data.read_table(upload.name, upload.getvalue())
        except LogFormatError as err:
            raw = None
            st.error(str(err))
        if raw is not None and (raw.empty or len(raw.columns) < 3):
            st.error("The table needs at least three columns: temperature, load, test error.")
        elif raw is not None:
            names = [str(c) for c in raw.columns]
            raw.columns = names
            picks = {}
            cols = st.columns(5)
            for i, (role, optional) in enumerate([("temperature", False), ("load", False),
                                                  ("test_error", False),
                                                  ("lmc_barrier", True), ("cka", True)]):
                options = (["(none)"] if optional else []) + names
                index = min(i, len(names) - 1) if not optional else 0
                choice = cols[i].selectbox(role.replace("_", " "), options, index=index,
                                           key=f"zp.col.{role}")
                picks[role] = None if choice == "(none)" else choice
            sweep, notes = zp.clean_sweep(raw, picks)
            for note in notes:
                st.warning(note)
            if sweep.empty:
                st.error("No usable rows: the chosen temperature, load and test-error "
                         "columns need numbers.")
            else:
                shown = sweep.assign(regime=zp.classify(sweep["lmc_barrier"], sweep["cka"],
                                                        st.session_state["zp.tau"],
                                                        st.session_state["zp.kappa"]))
                has_regimes = sweep["lmc_barrier"].notna().any()
                chart = grid_chart(shown, "regime" if has_regimes else "test_error",
                                   None if has_regimes else "blues", False,
                                   "regime" if has_regimes else "test error",
                                   x="load", y="temperature", x_title="load",
                                   y_title="temperature setting")
                st.altair_chart(chart)
                best = zp.best_temperature(sweep, "temperature", "load")
                st.dataframe(best, hide_index=True)
                st.caption("'error at the coldest' is the error at the largest temperature "
                           "value of each load: read it as coldest only if a larger value "
                           "means colder (as for epochs or batch size).")
                exports.export_panel("zp.own", chart, shown, paper.bibtex, name="zhou-own-sweep")
    st.markdown("**LMC barrier of one interpolation curve** (errors at evenly spaced t from "
                "0 to 1, comma-separated; the paper uses 11 points):")
    state.shared("zp.curve", "0.02, 0.05, 0.2, 0.45, 0.6, 0.62, 0.55, 0.4, 0.2, 0.06, 0.02", str)
    text = st.text_input("Interpolation curve", key="zp.curve")
    try:
        curve = np.array([float(v) for v in text.replace(";", ",").split(",") if v.strip()])
        if curve.size < 2 or not np.isfinite(curve).all():
            raise ValueError
        st.metric("mc", f"{float(zp.barrier_of_curve(curve)):.4f}")
    except ValueError:
        st.error("Type at least two finite numbers separated by commas, e.g. 0.02, 0.3, 0.02.")

state.publish("zp.")
