"""Hoffmann et al. 2022 (Chinchilla): loss surface, iso-FLOP curves, the compute-optimal
frontier derived with sympy, Kaplan vs Chinchilla allocation, and your own fit."""
import numpy as np
import streamlit as st

import laws
from laws import datasets
from laws.papers import hoffmann2022 as chin
from ui import charts, data, exports, page, params, simulate, state

paper = laws.paper("hoffmann2022")
page.setup(paper)
page.header(paper)
law = chin.loss
values = params.param_sliders(law, "chin")
page.formula_card(law, values)
page.live_law(law, values)


@st.cache_resource(show_spinner="Deriving the frontier with sympy...")
def derivation():
    return [(sentence, laws.symbolic_latex(expr))
            for sentence, expr in chin.compute_optimal_derivation()]


state.shared("chin.logC", float(np.log10(5.76e23)), bounds=(17.0, 27.0))
budget = 10 ** st.sidebar.slider("Compute budget log10 C [FLOPs]", 17.0, 27.0, step=0.05,
                                 key="chin.logC")
tabs = st.tabs(["Loss surface", "Iso-FLOP curves", "Compute-optimal frontier",
                "Kaplan vs Chinchilla", "Use your data", "Simulate a sweep",
                "Why they differ (Porian et al.)"])

with tabs[0]:
    surface = chin.loss_surface(values)
    frontier = chin.frontier_table(values, np.logspace(17.5, 25.5, 40))
    chart = charts.heatmap(surface, "N", "D", "loss", "parameters N", "tokens D",
                           "loss [nats/token]", line=frontier.rename(
                               columns={"N_opt": "N", "D_opt": "D"}).assign(
                               label="compute-optimal frontier"))
    st.altair_chart(chart)
    st.caption("Loss over model size and data; every cell is one (N, D) run of the law. "
               "The dashed line is the compute-optimal frontier (Eq. 4).")
    exports.export_panel("chin.surface", chart, surface, paper.bibtex, name="chinchilla-surface")

with tabs[1]:
    curves = chin.isoflop_curves(values, np.logspace(18, 24, 7))
    minima = chin.frontier_table(values, np.logspace(18, 24, 7))
    marks = minima.rename(columns={"N_opt": "N", "loss_opt": "loss"}).assign(
        label=lambda f: [f"C = {c:.0e}: N_opt = {n:.3g}" for c, n in zip(f["C"], f["N"])])
    chart = charts.curves(curves, "N", "loss", color="budget", x_title="parameters N",
                          y_title="loss [nats/token]", marks=marks)
    st.altair_chart(chart)
    st.caption("Each curve fixes the compute C = 6ND; its minimum (diamond) is the "
               "compute-optimal model for that budget.")
    exports.export_panel("chin.iso", chart, curves, paper.bibtex, name="chinchilla-isoflop")

with tabs[2]:
    for sentence, tex in derivation():
        st.markdown(sentence)
        st.latex(tex)
    point = chin.frontier_table(values, [budget]).iloc[0]
    c = st.columns(4)
    c[0].metric("N_opt", f"{point['N_opt']:.3g}")
    c[1].metric("D_opt [tokens]", f"{point['D_opt']:.3g}")
    c[2].metric("Tokens per parameter", f"{point['tokens_per_param']:.3g}")
    c[3].metric("a = beta/(alpha+beta)", f"{chin.frontier_exponent_a(values):.4f}")
    table = chin.frontier_table(values, np.logspace(17, 27, 101))
    long = table.melt("C", ["N_opt", "D_opt"], var_name="quantity", value_name="count")
    chart = charts.curves(long, "C", "count", color="quantity", x_title="compute C [FLOPs]",
                          y_title="count", log_y=True)
    st.altair_chart(chart)
    exports.export_panel("chin.frontier", chart, table, paper.bibtex, name="chinchilla-frontier")

with tabs[3]:
    comparison = chin.allocation_comparison(values, np.logspace(17, 27, 101))
    cross = chin.allocation_crossover(values)
    chart = charts.curves(comparison, "C", "N_opt", color="rule", x_title="compute C [FLOPs]",
                          y_title="compute-optimal parameters", log_y=True)
    st.altair_chart(chart)
    if cross:
        st.markdown(f"The two allocations give the same model size at C = {cross[0]:.3g} "
                    f"FLOPs; above it Kaplan's rule (N ~ C^0.73) puts ever more of the budget "
                    f"into parameters. At your budget ({budget:.3g} FLOPs) Chinchilla advises "
                    f"{chin.n_opt(values, C=budget):.3g} parameters, Kaplan "
                    f"{chin.kaplan_n_opt(budget):.3g}.")
    else:
        st.markdown("With these constants the two allocations do not cross between 1e17 and "
                    "1e27 FLOPs.")
    fitted_crossover = st.container()
    st.caption("Kaplan's rule is N = 1.3e9 C_min^0.73 with C_min in PF-days and N without "
               "embeddings (Kaplan et al. 2020, Table 6); Chinchilla counts embeddings. The "
               "comparison is of the advice each paper gives, not of like-for-like counts.")
    exports.export_panel("chin.kaplan", chart, comparison, paper.bibtex, name="kaplan-vs-chinchilla")

with tabs[4]:
    result = data.section(
        "chin.data", law, values, public=["chinchilla"],
        examples={"Chinchilla-law sweep, 2% noise": "hoffmann2022_sweep.csv"},
        derived={"a = beta/(alpha+beta)": chin.frontier_exponent_a,
                 f"N_opt at C = {budget:.3g}": lambda p: float(chin.n_opt(p, C=budget)),
                 f"D_opt at C = {budget:.3g}": lambda p: float(chin.d_opt(p, C=budget)),
                 f"loss at C = {budget:.3g}": lambda p: float(chin.frontier_table(
                     p, [budget])["loss_opt"].iloc[0])})
    if result is not None:
        fit = result["fit"]
        runs = chin.runs_by_compute(fit)
        band = chin.frontier_band(fit)
        chart = charts.curves(band, "C", "loss", band=("lower", "upper"),
                              x_title="compute C [FLOPs]", y_title="loss [nats/token]",
                              points=runs)
        st.altair_chart(chart)
        st.caption("Extrapolation: the fitted loss on its compute-optimal frontier, with the "
                   "bootstrap band, against the runs (C = 6ND).")
        exports.export_panel("chin.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="chinchilla-fit")

    if result is not None and result["fit"].samples is not None:
        c = chin.allocation_crossover(None, fit=result["fit"])
        fitted_crossover.markdown(
            f"With your fit the allocations cross at C = {c.x:.3g} FLOPs "
            f"({result['fit'].level:.0%} interval {c.lower:.3g} to {c.upper:.3g}; "
            f"{c.share_crossing:.0%} of bootstrap fits cross between 1e15 and 1e30)."
            if c.x is not None else "With your fit the allocations do not cross between "
            "1e15 and 1e30 FLOPs.")

with tabs[5]:
    simulate.section("chin.sim", law, values, {"N": (7e7, 1.6e10), "D": (1.4e9, 3.2e11)})

@st.cache_data(show_spinner=False, max_entries=4)
def porian(corpus: str):
    """Porian et al.'s exponents per correction (a closed tab pays this on every rerun)."""
    return chin.porian_exponents(data.load_dataset("porian_isoflop_optima"), corpus)


with tabs[6]:
    corpus = st.radio("Training data", ["rw", "owt2"], horizontal=True, key="chin.porian",
                      format_func={"rw": "RefinedWeb", "owt2": "OpenWebText2"}.get)
    try:
        steps, optima = porian(corpus)
    except datasets.DatasetUnavailable as err:
        st.info(f"Porian et al.'s isoFLOP optima are not available here. {err}")
    else:
        st.dataframe(steps, hide_index=True, width="stretch",
                     column_config={"a": st.column_config.NumberColumn(
                         "a in N_opt ~ C^a", format="%.3f")})
        chart = charts.curves(optima, "C", "n_opt", color="step", x_title="compute C [FLOPs]",
                              y_title="compute-optimal parameters", log_y=True)
        st.altair_chart(chart)
        st.caption("Porian et al. 2024 (arXiv:2406.19146) trained isoFLOP sweeps under "
                   "Kaplan's setup and corrected one difference at a time; the exponent "
                   "moves from Kaplan-like (0.73 in Kaplan's paper) to Chinchilla-like "
                   "(about 0.5). Exponents refitted here by least squares on their released "
                   "optima; N counts parameters as each setup does.")
        exports.export_panel("chin.porian", chart, optima, paper.bibtex, name="porian-steps")

state.publish("chin.")
