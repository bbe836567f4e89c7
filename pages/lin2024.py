"""Lin et al. 2024: the power law of generalisation in training environments, objects and
environment-object pairs, the paper's data-collection recipe as a planner, and your fit."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import lin2024 as ln
from ui import charts, data, exports, page, params, state

paper = laws.paper("lin2024")
page.setup(paper)
page.header(paper)
st.latex(ln.score.latex())
st.info("Unconfirmed: the fitted exponents and coefficients of Fig. 5 are printed only in "
        "the figure's legend and are not confirmed here. The sliders start from an "
        "illustrative alpha = 0.3, with beta set so that the recipe's 32 environment-object "
        "pairs give 0.9; set them to your own fit or to the figure's values.")
FACTORS = ["environment-object pairs", "environments", "objects"]
tabs = st.tabs(["Power law in diversity", "Data-collection planner", "Use your data"])

with tabs[0]:
    state.shared("ln.factor", FACTORS[0], str)
    factor = st.radio("Scaled factor x", FACTORS, horizontal=True, key="ln.factor")
    values = params.param_sliders(ln.score, "ln.s", container=st.container())
    xs = charts.log_grid(1, 256, 120)
    y = ln.score(values, x=xs)
    frame = pd.DataFrame({"x": xs, "y": np.minimum(y, 1.0), "curve": "power law (capped at 1)"})
    marks = pd.DataFrame([{"x": float(ln.RECIPE_ENVIRONMENTS),
                           "y": float(min(ln.score(values, x=float(ln.RECIPE_ENVIRONMENTS)), 1)),
                           "label": "recipe: 32 pairs"}])
    chart = charts.curves(frame, "x", "y", color="curve", log_y=True, marks=marks,
                          x_title=f"number of training {factor} x",
                          y_title="normalised score y (log axis, as Fig. 5)")
    st.altair_chart(chart)
    saturation = float(ln.diversity_for_score(1.0, values["alpha"], values["beta"]))
    st.markdown(f"Doubling the {factor} multiplies the score by 2^alpha = "
                f"{2 ** values['alpha']:.3f}. The law reaches a perfect score at x = "
                f"{saturation:.3g}; past that a power law in a bounded score cannot hold.")
    exports.export_panel("ln.p1", chart, frame, paper.bibtex, name="lin-power-law")

with tabs[1]:
    st.markdown("The paper's recipe (Section 5): collect in as many environments as possible, "
                "**one unique object per environment**, about **50 demonstrations per "
                "environment-object pair**; more demonstrations per pair add little (Fig. 7).")
    c1, c2 = st.columns(2)
    state.shared("ln.target", 0.9, bounds=(0.05, 1.0))
    target = c1.slider("Target normalised score", 0.05, 1.0, step=0.01, key="ln.target")
    state.shared("ln.demos", ln.DEMOS_PER_PAIR, int, bounds=(1, 500))
    demos = c2.number_input("Demonstrations per environment-object pair (recipe: 50)", 1, 500,
                            step=1, key="ln.demos")
    try:
        plan = ln.plan(target, values["alpha"], values["beta"], int(demos))
    except ValueError as err:
        st.error(str(err))
    else:
        cols = st.columns(4)
        cols[0].metric("Environments", plan["environments"])
        cols[1].metric("Objects (one per environment)", plan["objects"])
        cols[2].metric("Demonstrations", f"{plan['demonstrations']:,}")
        cols[3].metric("Collector-afternoons", f"{plan['collector_afternoons']:.1f}")
        st.markdown(f"**Plan**: {plan['environments']} environments x 1 object x "
                    f"{plan['demos_per_pair']} demonstrations = {plan['demonstrations']:,} "
                    f"demonstrations; predicted score {plan['predicted']:.3f}. Time at the "
                    f"paper's pace (4 collectors, one afternoon, 32 x 50 = 1,600 "
                    f"demonstrations: {ln.DEMOS_PER_COLLECTOR_AFTERNOON:.0f} per "
                    f"collector-afternoon).")
        if demos < ln.DEMOS_PER_PAIR:
            st.info("Fewer than about 50 demonstrations per pair is below the paper's "
                    "threshold: the power law above was measured with enough demonstrations "
                    "per pair, so this plan may fall short of the predicted score.")
        targets = np.linspace(0.3, 1.0, 71)
        needed = ln.diversity_for_score(targets, values["alpha"], values["beta"])
        frame = pd.DataFrame({"target score": targets,
                              "environments": np.ceil(np.maximum(needed, 1.0)),
                              "demonstrations": np.ceil(np.maximum(needed, 1.0)) * demos})
        chart = charts.curves(frame, "target score", "environments", log_x=False, log_y=True,
                              x_title="target normalised score",
                              y_title="environments (= objects = pairs) needed")
        st.altair_chart(chart)
        exports.export_panel("ln.p2", chart, frame, paper.bibtex, name="lin-planner")

with tabs[2]:
    st.markdown("Fit y = beta x^alpha to your rollouts: one row per training set, column `x` "
                "the number of environments (or objects, or pairs), column `y` its "
                "normalised score on unseen environments and objects (log-log least squares).")
    with st.expander("Starting constants", expanded=False):
        start = params.param_sliders(ln.score, "ln.f", container=st.container())
    result = data.section("ln.data", ln.score, start, public=[], examples={},
                          derived={"pairs for score 0.9":
                                   lambda v: float(ln.diversity_for_score(0.9, v["alpha"],
                                                                          v["beta"]))})
    if result is not None:
        fit = result["fit"]
        band = fit.predict(x=charts.log_grid(1, 256, 80))
        chart = charts.curves(band, "x", "value", band=("lower", "upper"), log_y=True,
                              x_title="training environments / objects / pairs x",
                              y_title="normalised score y")
        st.altair_chart(chart)
        exports.export_panel("ln.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="lin-fit")

state.publish("ln.")
