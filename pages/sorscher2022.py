"""Sorscher et al. 2022: data pruning in the teacher-student perceptron, simulated. Keep the
easy or the hard examples, the crossover as data grows, the Pareto frontier of the best kept
fraction against a power law, a live run of your own settings, and a power-law fit."""
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import sorscher2022 as so
from ui import charts, data, exports, page, params, state

DATA = Path(__file__).resolve().parents[1] / "data" / "sorscher2022_grid.csv"
G, LIVE = so.GRID, so.LIVE_MAX
LABEL = {"hard": "keep hard", "easy": "keep easy", "none": "no pruning (f = 1)"}

paper = laws.paper("sorscher2022")
page.setup(paper)
page.header(paper)
st.latex(so.test_error.latex() + r",\qquad R = \frac{J\cdot T}{\lVert J\rVert\,\lVert T"
         r"\rVert},\qquad \alpha_{prune} = f\,\alpha_{tot} = \frac{f P}{N}")
st.info(f"Every curve here is this page's own simulation of the paper's protocol (teacher "
        f"T in N = {G['N']} dimensions, Gaussian examples, a probe at angle theta that "
        f"scores margins, keep the fraction f of hard or easy examples, exact max-margin "
        f"student; {G['seeds']} seeds, data/make_sorscher_grid.py). The paper's "
        "replica-theory curves are not drawn: the project has only an incomplete, "
        "unconfirmed transcription of them. What the paper states and the simulation "
        "should show: keep easy examples when data is scarce, hard ones when it is "
        "abundant; with a perfect metric the best kept fraction beats power-law scaling.")


@st.cache_data(show_spinner=False)
def shipped() -> pd.DataFrame:
    return so.summarise(pd.read_csv(DATA))


@st.cache_data(show_spinner=False, max_entries=16)
def live(N: int, alpha_max: float, f: float, theta_deg: float, seeds: int) -> pd.DataFrame:
    alphas = [a for a in (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0) if a <= alpha_max + 1e-9]
    return so.summarise(so.simulate_grid(N, alphas, sorted({1.0, f}), [theta_deg], seeds))


@st.cache_data(show_spinner=False, max_entries=8)
def crossovers(theta: float) -> pd.DataFrame:
    """Where keeping the hard examples starts to win, per kept fraction (shipped grid)."""
    return pd.DataFrame([{"kept fraction f": g, "crossover alpha_tot":
                          so.crossover_alpha_tot(shipped(), theta, g)}
                         for g in G["f"] if g < 1])


summary = shipped()
state.shared("so.theta", 0.0, bounds=(0.0, 20.0))
if st.session_state["so.theta"] not in G["theta_deg"]:
    st.session_state["so.theta"] = 0.0
theta = st.radio("Probe angle theta to the teacher [degrees] (0: a perfect pruning metric)",
                 list(G["theta_deg"]), horizontal=True, key="so.theta")
at_theta = summary[np.isclose(summary["theta_deg"], theta)]
tabs = st.tabs(["Keep easy or hard? (crossover)", "Pareto frontier vs power law",
                "Run your own settings", "Use your data"])


@page.view("so.")
def crossover_view():
    """Tab "Keep easy or hard? (crossover)": its widgets rerun only this function."""
    fractions = [f for f in G["f"] if f < 1]
    state.shared("so.f", 0.2, bounds=(min(fractions), max(fractions)))
    if st.session_state["so.f"] not in fractions:
        st.session_state["so.f"] = 0.2
    f = st.select_slider("Kept fraction f", fractions[::-1], key="so.f")
    rows = at_theta[np.isclose(at_theta["f"], f) | (at_theta["strategy"] == "none")].copy()
    rows["curve"] = rows["strategy"].map(LABEL)
    rows["lower"], rows["upper"] = rows["test_error"] - rows["se"], rows["test_error"] + rows["se"]
    x = so.crossover_alpha_tot(summary, theta, f)
    marks = None
    if np.isfinite(x):
        marks = pd.DataFrame({"alpha_tot": [x], "label": ["keep hard starts to win"]})
        hard = rows[rows["strategy"] == "hard"].sort_values("alpha_tot")
        marks["test_error"] = np.interp(np.log(x), np.log(hard["alpha_tot"]), hard["test_error"])
    chart = charts.curves(rows, "alpha_tot", "test_error", color="curve", log_y=True,
                          band=("lower", "upper"), marks=marks,
                          x_title="examples per dimension before pruning, alpha_tot = P/N",
                          y_title="test error arccos(R)/pi")
    st.altair_chart(chart)
    if np.isfinite(x):
        st.markdown(f"Keeping {f:.0%} of the data at theta = {theta:g} degrees: the easy "
                    f"examples do better below alpha_tot of about {x:.3g}, the hard ones "
                    f"above it.")
    else:
        st.markdown(f"Keeping {f:.0%} of the data at theta = {theta:g} degrees, the two "
                    f"strategies do not cross on this grid (alpha_tot from "
                    f"{rows['alpha_tot'].min():.3g} to {rows['alpha_tot'].max():.3g}).")
    crossings = crossovers(theta)
    st.dataframe(crossings, hide_index=True)
    st.caption("Bands: one standard error over seeds. The unpruned curve uses all alpha_tot "
               "N examples; the pruned curves train on f alpha_tot N of them.")
    exports.export_panel("so.x", chart, rows, paper.bibtex, name="sorscher-crossover")


with tabs[0]:
    crossover_view()


@page.view("so.")
def pareto_frontier_view():
    """Tab "Pareto frontier vs power law": its widgets rerun only this function."""
    state.shared("so.strat", "hard", str)
    if st.session_state["so.strat"] not in so.STRATEGIES:
        st.session_state["so.strat"] = "hard"
    strategy = st.radio("Curves of fixed f that keep", list(so.STRATEGIES), horizontal=True,
                        key="so.strat", format_func=lambda s: f"the {s} examples")
    curves = so.with_unpruned(at_theta, strategy).copy()
    curves["curve"] = [("f = 1 (no pruning)" if s == "none" else f"f = {v:g}")
                       for s, v in zip(curves["strategy"], curves["f"])]
    front = so.pareto_frontier(summary, theta)
    unpruned = at_theta[at_theta["strategy"] == "none"].sort_values("alpha_prune")
    A, nu = so.power_law_fit(unpruned["alpha_prune"], unpruned["test_error"])
    grid = charts.log_grid(G["alpha_prune"][0], G["alpha_prune"][-1], 60)
    frame = pd.concat([
        curves[["curve", "alpha_prune", "test_error"]],
        front[["alpha_prune", "test_error"]].assign(curve="Pareto frontier (best f, either)"),
        pd.DataFrame({"curve": f"power law fitted to f = 1: {A:.3g} alpha^-{nu:.3g}",
                      "alpha_prune": grid,
                      "test_error": so.power_law({"A": A, "nu": nu}, alpha_prune=grid)})],
        ignore_index=True)
    chart = charts.curves(frame, "alpha_prune", "test_error", color="curve", log_y=True,
                          x_title="examples per dimension after pruning, alpha_prune = fP/N",
                          y_title="test error arccos(R)/pi")
    st.altair_chart(chart)
    slope_front = so.local_exponent(front["alpha_prune"], front["test_error"])
    c = st.columns(3)
    c[0].metric("Power-law exponent without pruning", f"{nu:.3g}")
    c[1].metric("Steepest local exponent of the frontier", f"{slope_front.max():.3g}")
    c[2].metric("Frontier error / unpruned error at the largest alpha",
                f"{front['test_error'].iloc[-1] / unpruned['test_error'].iloc[-1]:.3g}")
    st.markdown("A power law has a constant local exponent -d log(error)/d log(alpha); an "
                "exponential has exponent alpha/alpha_0, growing with alpha. The frontier "
                "beats the power law while the best f keeps shrinking; once it sits at the "
                f"grid's smallest kept fraction (f = {min(G['f']):g}) it follows that f's "
                "power law, lower but no steeper. Exponential scaling needs f to fall "
                "without limit as data grows, and a perfect metric (theta = 0).")
    shown = front[["alpha_prune", "f", "strategy", "test_error", "se", "alpha_tot"]].copy()
    shown["local exponent to the next point"] = np.append(slope_front, np.nan)
    st.dataframe(shown, hide_index=True)
    exports.export_panel("so.p", chart, frame, paper.bibtex, name="sorscher-pareto")


with tabs[1]:
    pareto_frontier_view()


@page.view("so.")
def own_settings_view():
    """Tab "Run your own settings": its widgets rerun only this function."""
    st.markdown(f"Simulate your own setting (at most N = {LIVE['N']}, alpha_prune = "
                f"{LIVE['alpha_prune']:g}, {LIVE['seeds']} seeds, so a run takes seconds).")
    c = st.columns(5)
    state.shared("so.live.N", 50, int, bounds=(20, LIVE["N"]))
    state.shared("so.live.theta", 0.0, bounds=(0.0, 45.0))
    state.shared("so.live.f", 0.3, bounds=(0.05, 0.95))
    state.shared("so.live.alpha", 2.0, bounds=(0.5, LIVE["alpha_prune"]))
    state.shared("so.live.seeds", 2, int, bounds=(1, LIVE["seeds"]))
    n_dim = c[0].slider("Dimension N", 20, LIVE["N"], step=10, key="so.live.N")
    live_theta = c[1].slider("Probe angle [degrees]", 0.0, 45.0, step=1.0, key="so.live.theta")
    live_f = c[2].slider("Kept fraction f", 0.05, 0.95, step=0.05, key="so.live.f")
    alpha_max = c[3].slider("Largest alpha_prune", 0.5, LIVE["alpha_prune"], step=0.5,
                            key="so.live.alpha")
    seeds = c[4].slider("Seeds", 1, LIVE["seeds"], key="so.live.seeds")
    if st.button("Simulate", type="primary", key="so.live.run"):
        with st.spinner("Training max-margin students..."):
            st.session_state["so.live.result"] = live(int(n_dim), float(alpha_max),
                                                      round(float(live_f), 2),
                                                      float(live_theta), int(seeds))
    result = st.session_state.get("so.live.result")
    if result is None:
        st.caption("Press Simulate to run these settings.")
    else:
        shown = result.copy()
        shown["curve"] = [LABEL[s] if s == "none" else f"{LABEL[s]}, f = {v:g}"
                          for s, v in zip(shown["strategy"], shown["f"])]
        chart = charts.curves(shown, "alpha_tot", "test_error", color="curve", log_y=True,
                              x_title="alpha_tot = P/N", y_title="test error arccos(R)/pi")
        st.altair_chart(chart)
        st.dataframe(shown.drop(columns="curve"), hide_index=True)
        exports.export_panel("so.live", chart, shown, paper.bibtex, name="sorscher-live")


with tabs[2]:
    own_settings_view()

with tabs[3]:
    st.markdown("Fit a power law error = A alpha^-nu to a learning curve of yours (columns: "
                "alpha_prune, examples per dimension or any dataset size; test_error).")
    st.latex(so.power_law.latex())
    with st.expander("Starting constants", expanded=False):
        start = params.param_sliders(so.power_law, "so.pl", container=st.container())
    result = data.section("so.data", so.power_law, start, public=[], examples={})
    if result is not None:
        fit = result["fit"]
        xs = result["runs"].frame[fit.record.mapping["alpha_prune"]]
        xs = pd.to_numeric(xs, errors="coerce")
        xs = xs[np.isfinite(xs) & (xs > 0)]
        band = fit.predict(alpha_prune=charts.log_grid(xs.min(), 10 * xs.max(), 80))
        chart = charts.curves(band, "alpha_prune", "value", band=("lower", "upper"),
                              log_y=True, x_title="alpha (extrapolated 10x)",
                              y_title="test error")
        st.altair_chart(chart)
        exports.export_panel("so.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="sorscher-fit")

state.publish("so.")
