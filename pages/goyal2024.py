"""Goyal et al. 2024: utility that halves every tau repetitions, error under repetition for
each T-MARS pool, which pool wins at which compute (crossovers), and your own fit."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import goyal2024 as gy
from ui import charts, data, exports, page, params, state

paper = laws.paper("goyal2024")
page.setup(paper)
page.header(paper)
st.latex(gy.error.latex())
st.latex(gy.utility.latex() + r",\qquad y_K = \big(s_0^{\,b_0} + d\big)\prod_{k=1}^{K}"
         r"\Big(\frac{s_k}{s_{k-1}}\Big)^{b_k}")
tabs = st.tabs(["Utility decays with repetition", "Error under repetition",
                "Which pool wins at which compute", "Use your data"])
pools = pd.DataFrame([{"pool": p.name, "b": p.b, "tau (half-life, repetitions)": p.tau}
                      for p in gy.TMARS_POOLS + (gy.TMARS_RANDOM,)])


@page.view("gy.")
def utility_view():
    """Tab "Utility decays with repetition": its widgets rerun only this function."""
    values = params.param_sliders(gy.utility, "gy.u", container=st.container())
    page.live_law(gy.utility, values)
    ks = np.arange(0, 51, dtype=float)
    frame = pd.concat(
        [pd.DataFrame({"pool": "your b and tau", "k": ks, "b_k": gy.utility(values, k=ks)})]
        + [pd.DataFrame({"pool": p.name, "k": ks,
                         "b_k": gy.utility({"b": p.b, "tau": p.tau}, k=ks)})
           for p in gy.TMARS_POOLS], ignore_index=True)
    chart = charts.curves(frame, "k", "b_k", color="pool", log_x=False,
                          x_title="repetitions already made k",
                          y_title="utility exponent b_k (more negative: more useful)")
    st.altair_chart(chart)
    st.markdown(f"After {values['tau']:.3g} repetitions a sample is worth half as much as "
                f"fresh; after 3 tau, an eighth. Fitted pools (ImageNet-1k, T-MARS buckets "
                f"of DataComp-medium; `parameter_values.jsonl`):")
    st.dataframe(pools, hide_index=True)
    exports.export_panel("gy.u", chart, frame, paper.bibtex, name="goyal-utility")


with tabs[0]:
    utility_view()


@page.view("gy.")
def error_view():
    """Tab "Error under repetition": its widgets rerun only this function."""
    state.shared("gy.r.pool", 12.8, bounds=(0.1, 10_000.0))
    size = 1e6 * st.number_input("Pool size [millions of samples] (one T-MARS bucket: 12.8)",
                                 0.1, 10_000.0, step=0.1, key="gy.r.pool")
    seen = np.unique(np.round(charts.log_grid(1e6, 3e9, 220)))
    rows = []
    for p in gy.TMARS_POOLS:
        rows.append(pd.DataFrame({"pool": p.name, "samples seen": seen,
                                  "error": gy.error_with_repetition(
                                      seen, gy.TMARS_A, p.b, p.tau, gy.TMARS_D, size)}))
    best = gy.TMARS_POOLS[0]
    rows.append(pd.DataFrame({"pool": f"{best.name}, if repeats kept their utility",
                              "samples seen": seen,
                              "error": gy.error_with_repetition(seen, gy.TMARS_A, best.b, 1e300,
                                                                gy.TMARS_D, size)}))
    frame = pd.concat(rows, ignore_index=True)
    chart = charts.curves(frame, "samples seen", "error", color="pool",
                          x_title="samples seen n", y_title="ImageNet-1k zero-shot error")
    st.altair_chart(chart)
    st.markdown(f"Each pool holds {size:.3g} samples; past one epoch it is repeated and "
                f"its exponent decays, so the curves flatten. Errors above 1 are outside "
                f"the range the constants were fitted on (the repository's own values give "
                f"1.006 for the top 30-40% pool after one epoch).")
    exports.export_panel("gy.r", chart, frame, paper.bibtex, name="goyal-repetition")


with tabs[1]:
    error_view()


@page.view("gy.")
def pool_choice_view():
    """Tab "Which pool wins at which compute": its widgets rerun only this function."""
    state.shared("gy.c.pool", 12.8, bounds=(0.1, 10_000.0))
    size = 1e6 * st.number_input("Size of one pool [millions of samples]", 0.1, 10_000.0,
                                 step=0.1, key="gy.c.pool")
    seen = charts.log_grid(1e7, 1e10, 200)
    mixes = {i: f"top {10 * i}% (best {i} pool{'s' if i > 1 else ''})" for i in range(1, 5)}
    frame = pd.concat([pd.DataFrame({"filter": label, "samples seen": seen,
                                     "accuracy": 100 * (1 - gy.best_pools_error(
                                         seen, buckets=i, pool_size=size))})
                       for i, label in mixes.items()], ignore_index=True)

    def accuracy_of(i):
        return lambda x: 100 * (1 - gy.best_pools_error(x, buckets=i, pool_size=size))

    marks, lines = [], []
    for i in range(1, 4):
        for x in laws.crossovers(accuracy_of(i), accuracy_of(i + 1), (1e7, 1e10)):
            marks.append({"samples seen": x, "accuracy": float(accuracy_of(i)(np.array(x))),
                          "label": f"top {10 * (i + 1)}% overtakes top {10 * i}%"})
            lines.append(f"top {10 * (i + 1)}% overtakes top {10 * i}% at {x:.3g} samples")
    chart = charts.curves(frame, "samples seen", "accuracy", color="filter",
                          marks=pd.DataFrame(marks) if marks else None,
                          x_title="compute: samples seen",
                          y_title="predicted ImageNet-1k zero-shot accuracy [%]")
    st.altair_chart(chart)
    st.markdown("**Crossovers**: " + ("; ".join(lines) if lines else
                                      "none between 1e7 and 1e10 samples") + ".")
    budgets = np.array([32e6, 64e6, 128e6, 640e6])
    table = gy.best_pool_accuracy_table(budgets, pool_size=size)
    shown = pd.DataFrame(table, index=[f"{b / 1e6:.0f}M" for b in budgets]).T
    shown.index.name = "filter"
    st.markdown("**Predicted accuracy [%] at the repository's budgets** (rows: best 1-4 "
                "pools; `estimate_best_pool.py --key tmars_imagenet1k_utility` prints these "
                "numbers for 12.8M-sample pools):")
    st.dataframe(shown.reset_index(), hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="%.3f")
                                for c in shown.columns})
    exports.export_panel("gy.c", chart, frame, paper.bibtex, name="goyal-crossover")


with tabs[2]:
    pool_choice_view()

with tabs[3]:
    st.markdown("Fit the fresh-data law y = (a n / 1e5)^b + d to one pool's runs (columns "
                "n: samples seen within the first epoch, error: 1 - accuracy).")
    with st.expander("Starting constants", expanded=False):
        start = params.param_sliders(gy.error, "gy.e", container=st.container())
    result = data.section("gy.data", gy.error, start, public=[], examples={},
                          derived={"samples for error d + 0.1": gy.samples_to_reach})
    if result is not None:
        fit = result["fit"]
        band = fit.predict(n=charts.log_grid(1e6, 1e10, 80))
        chart = charts.curves(band, "n", "value", band=("lower", "upper"),
                              x_title="samples seen n", y_title="error")
        st.altair_chart(chart)
        exports.export_panel("gy.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="goyal-fit")

state.publish("gy.")
