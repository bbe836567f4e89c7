"""Stroebl et al. 2024: accuracy after K resamples with an imperfect verifier, its ceiling,
the best K when false positives cost, pass@k from your samples, and a fit of the ceiling."""
import csv

import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import logs
from laws.papers import stroebl2024 as sb
from ui import charts, data, exports, page, params, state

paper = laws.paper("stroebl2024")
page.setup(paper)
page.header(paper)
st.latex(sb.accuracy.latex())
st.latex(r"\mathrm{Acc}(\infty) = \frac{c\,r}{c\,r + (1-r)(1-s)}"
         r"\quad\text{since}\quad 1-\beta = c\,r + (1-r)(1-s)")
tabs = st.tabs(["Accuracy and its ceiling", "Best K when false positives cost", "pass@k",
                "Use your data"])


@page.view("sb.")
def accuracy_and_ceiling():
    """Tab "Accuracy and its ceiling": its sliders rerun only this function (the fit tab
    reads the model's constants only when Fit is pressed, which reruns the whole page)."""
    with st.expander("Model and verifier", expanded=True):
        model = params.param_sliders(sb.accuracy, "sb.m", container=st.container())
    page.live_law(sb.accuracy, model)
    state.shared("sb.strong", 0.5, bounds=(0.0, 1.0))
    strong = st.slider("A stronger model's single-sample accuracy (no resampling)", 0.0, 1.0,
                       step=0.01, key="sb.strong")
    k = np.unique(np.round(charts.log_grid(1, 1000, 240)))
    ceiling = sb.ceiling(model)
    frame = pd.concat([
        pd.DataFrame({"curve": "accuracy Acc(K)", "K": k, "share": sb.accuracy(model, K=k)}),
        pd.DataFrame({"curve": "false positives FP(K)", "K": k,
                      "share": sb.false_positive(model, K=k)}),
        pd.DataFrame({"curve": "ceiling Acc(inf)", "K": k, "share": ceiling}),
        pd.DataFrame({"curve": "stronger model, one sample", "K": k, "share": strong})],
        ignore_index=True)
    needed = sb.samples_to_reach(strong, model)
    marks = pd.DataFrame({"K": [needed], "share": [strong],
                          "label": [f"reaches the stronger model at K = {needed:.0f}"]}) \
        if np.isfinite(needed) and needed <= 1000 else None
    chart = charts.curves(frame, "K", "share", color="curve", marks=marks,
                          x_title="samples per task K (stop at the first accepted)",
                          y_title="share of tasks")
    cols = st.columns(4)
    cols[0].metric("Ceiling Acc(inf)", f"{ceiling:.4f}")
    cols[1].metric("Acc(1)", f"{float(sb.accuracy(model, K=1)):.4f}")
    cols[2].metric("Acc(10)", f"{float(sb.accuracy(model, K=10)):.4f}")
    cols[3].metric("K to match the stronger model",
                   "never" if not np.isfinite(needed) else f"{needed:.0f}")
    st.altair_chart(chart)
    if not np.isfinite(needed):
        st.markdown(f"The ceiling {ceiling:.3f} is below the stronger model's "
                    f"{strong:.3f}: no number of samples closes the gap, because every "
                    f"rejected draw leaves the same chance of a false positive next time.")
    exports.export_panel("sb.acc", chart, frame, paper.bibtex, name="stroebl-accuracy")


with tabs[0]:
    accuracy_and_ceiling()


@page.view("sb.")
def best_k():
    """Tab "Best K when false positives cost": its widgets rerun only this function."""
    st.markdown("Two task types, as in the authors' notebook: easy tasks the model usually "
                "solves and hard ones it rarely does. Each rejection makes it likelier that "
                "the task is hard, where a further accepted sample is more often a false "
                "positive; so with a cost for false positives the reward peaks at a small K.")
    defaults = {"sb.mix.share": 0.58, "sb.mix.easy": 0.87, "sb.mix.hard": 0.13,
                "sb.mix.c": 1.0, "sb.mix.s": 0.75, "sb.mix.cost": 1.0}
    for key, value in defaults.items():
        state.shared(key, value, bounds=(0.0, 16.0 if key == "sb.mix.cost" else 1.0))
    c1, c2, c3 = st.columns(3)
    share = c1.slider("Share of easy tasks", 0.0, 1.0, step=0.01, key="sb.mix.share")
    r_easy = c2.slider("r on easy tasks", 0.0, 1.0, step=0.01, key="sb.mix.easy")
    r_hard = c3.slider("r on hard tasks", 0.0, 1.0, step=0.01, key="sb.mix.hard")
    c1, c2, c3 = st.columns(3)
    comp = c1.slider("Verifier completeness c", 0.0, 1.0, step=0.01, key="sb.mix.c")
    sound = c2.slider("Verifier soundness s", 0.0, 1.0, step=0.01, key="sb.mix.s")
    cost = c3.slider("Cost of a false positive", 0.0, 16.0, step=0.1, key="sb.mix.cost")
    if state.shared("sb.mix.method", "exact", str) not in ("exact", "notebook"):
        st.session_state["sb.mix.method"] = "exact"
    method = st.radio("Expected reward", ["exact", "notebook"], horizontal=True,
                      key="sb.mix.method",
                      help="exact: the mixture's expectation. notebook: the authors' "
                           "posterior-weighted increments (same best K for their example).")
    types = (sb.TaskType(share, r_easy, comp, sound), sb.TaskType(1 - share, r_hard, comp, sound))
    k_max = 50
    ks = np.arange(1, k_max + 1)
    costs = sorted({0.0, 1.0, 2.0, 4.0, 8.0, round(cost, 1)})
    rows, best = [], []
    for v in costs:
        rw = sb.mixture_reward(k_max, types, v, method)
        rows.append(pd.DataFrame({"cost": f"cost {v:g}", "K": ks, "reward": rw}))
        kb = sb.best_k(rw)
        best.append({"cost of a false positive": v, "best K": kb,
                     "reward at best K": float(rw[kb - 1]) if kb else 0.0})
    frame = pd.concat(rows, ignore_index=True)
    chosen = next(b for b in best if b["cost of a false positive"] == round(cost, 1))
    marks = pd.DataFrame([{"K": b["best K"], "reward": b["reward at best K"],
                           "label": f"best K at cost {b['cost of a false positive']:g}"}
                          for b in best if b["best K"]])
    st.metric(f"Best K at cost {cost:g}",
              "0 (abstain)" if chosen["best K"] == 0 else str(chosen["best K"]))
    chart = charts.curves(frame, "K", "reward", color="cost", marks=marks,
                          x_title="samples per task K", y_title="expected reward per task")
    st.altair_chart(chart)
    st.dataframe(pd.DataFrame(best), hide_index=True)
    st.caption("Best K is searched up to 50; 0 means every K loses against not answering. "
               "Section 4 of the paper uses costs 0, 1, 2, 4 and 8 on HumanEval(+).")
    exports.export_panel("sb.mix", chart, frame, paper.bibtex, name="stroebl-best-k")


with tabs[1]:
    best_k()


@page.view("sb.")
def pass_at_k():
    """Tab "pass@k": its inputs and upload rerun only this function."""
    st.latex(sb.pass_at_k.latex())
    st.caption("The unbiased estimator of Chen et al. (2021), as the authors' repository "
               "computes it: 1 - prod_{i=n-c+1..n} (1 - k/i), here summed in logs.")
    state.shared("sb.pk.n", 200, int, bounds=(1, 100000))
    state.shared("sb.pk.c", 10, int, bounds=(0, 100000))
    state.shared("sb.pk.k", 10, int, bounds=(1, 100000))
    c1, c2, c3 = st.columns(3)
    n = c1.number_input("n: samples drawn", 1, 100000, step=1, key="sb.pk.n")
    correct = c2.number_input("c: of which correct", 0, 100000, step=1, key="sb.pk.c")
    budget = c3.number_input("k: budget", 1, 100000, step=1, key="sb.pk.k")
    if correct > n or budget > n:
        st.error(f"pass@k needs c <= n and k <= n; you have n = {n}, c = {correct}, "
                 f"k = {budget}. Lower c or k, or raise n.")
    else:
        st.metric(f"pass@{budget}", f"{float(sb.pass_at_k(n=n, c=correct, k=budget)):.6f}")
    st.markdown("**Your tasks**: a CSV with one row per task and columns for n (samples "
                "drawn) and c (samples correct) gives the benchmark's mean pass@k curve.")
    upload = st.file_uploader("Tasks (CSV)", key="sb.pk.upload")
    tasks = None
    if upload is not None:
        try:
            table = data.read_table(upload.name, upload.getvalue())
        except (logs.LogFormatError, csv.Error) as err:
            st.error(f"{upload.name} could not be read as a table ({err}). Save it as a "
                     f"comma-separated file with one header row and columns n and c.")
            table = None
        if table is not None:
            cols = list(table.columns)
            lower = [str(x).lower() for x in cols]
            c1, c2 = st.columns(2)
            n_col = c1.selectbox("Column with n", cols, key="sb.pk.ncol",
                                 index=lower.index("n") if "n" in lower else 0)
            c_col = c2.selectbox("Column with c", cols, key="sb.pk.ccol",
                                 index=lower.index("c") if "c" in lower else min(1, len(cols) - 1))
            tn, tc, notes = sb.clean_tasks(table[n_col], table[c_col])
            for note in notes:
                st.warning(note)
            if len(tn):
                tasks = (tn, tc)
            else:
                st.error("No task is left with usable counts: n must be a whole number of at "
                         "least 1 and c a whole number between 0 and n.")
    tn, tc = tasks if tasks is not None else (np.array([float(n)]), np.array([float(min(correct, n))]))
    top = int(tn.min())
    ks = np.unique(np.round(charts.log_grid(1, top, 120))) if top > 1 else np.array([1.0])
    frame = pd.DataFrame({"k": ks, "pass_at_k": sb.pass_at_k_curve(tn, tc, ks)})
    chart = charts.curves(frame, "k", "pass_at_k", x_title="budget k [samples]",
                          y_title="mean pass@k" if tasks is not None else "pass@k")
    st.altair_chart(chart)
    st.caption(f"{len(tn)} task(s); k runs up to the smallest n, {top}.")
    exports.export_panel("sb.pk", chart, frame, paper.bibtex, name="stroebl-pass-at-k")


with tabs[2]:
    pass_at_k()

with tabs[3]:
    st.markdown("Fit Acc(K) to your accuracy-after-K-samples curve (columns K and "
                "accuracy). The three constants are not separately identifiable from one "
                "curve, but the ceiling is: it is reported with its bootstrap interval.")
    result = data.section("sb.data", sb.accuracy, params.current_values(sb.accuracy, "sb.m"),
                          public=[], examples={},
                          derived={"ceiling Acc(inf)": sb.ceiling,
                                   "rejection rate beta": sb.rejection_rate})
    if result is not None:
        fit = result["fit"]
        band = fit.predict(K=charts.log_grid(1, 1000, 80))
        chart = charts.curves(band, "K", "value", band=("lower", "upper"),
                              x_title="samples per task K", y_title="accuracy")
        st.altair_chart(chart)
        exports.export_panel("sb.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="stroebl-fit")

state.publish("sb.")
