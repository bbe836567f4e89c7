"""Schaeffer et al. 2024: from log-likelihood to accuracy, one question and a model family,
where the relation to scale is lost; ObsScaling scores against log compute with a sigmoid."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import schaeffer2024 as sc
from laws import datasets
from ui import charts, data, exports, page, params, state

paper = laws.paper("schaeffer2024")
page.setup(paper)
page.header(paper)
st.latex(r"\mathcal{L}^{Vocab}_\theta \;\to\; p^{Vocab}_\theta = e^{-\mathcal{L}^{Vocab}_\theta}"
         r"\;\to\; p^{Choices}_\theta(\mathrm{correct}) = \frac{p^{Vocab}_\theta(\mathrm{correct})}"
         r"{\sum_i p^{Vocab}_\theta(\mathrm{choice}_i)} \;\to\; \mathrm{Accuracy},\ \mathrm{Brier}")
tabs = st.tabs(["One question", "A model family (simulated)", "ObsScaling families",
                "Use your data"])

PRESETS = {"Section 5: the rest spread evenly": [0.4, 0.2, 0.2, 0.2],
           "Section 5: one strong distractor": [0.4, 0.5998, 1e-4, 1e-4],
           "Catalog check: 0.4, 0.3, 0.2, 0.1": [0.4, 0.3, 0.2, 0.1]}
NLL_KEYS = [f"sc.q.nll{i}" for i in range(4)]


def apply_preset():
    for key, p in zip(NLL_KEYS, PRESETS[st.session_state["sc.q.preset"]]):
        st.session_state[key] = round(float(-np.log(p)), 4)


@page.view("sc.")
def one_question_view():
    """Tab "One question": its widgets rerun only this function."""
    c1, c2 = st.columns(2)
    with c1:
        st.latex(sc.p_vocab.latex())
    with c2:
        st.latex(sc.p_choices.latex())
    state.shared("sc.q.preset", list(PRESETS)[0], str)
    if st.session_state["sc.q.preset"] not in PRESETS:
        st.session_state["sc.q.preset"] = list(PRESETS)[0]
    st.selectbox("Start from", list(PRESETS), key="sc.q.preset", on_change=apply_preset,
                 help="Section 5's example: p^Vocab(correct) = 0.4 either wins or loses, "
                      "depending only on how the rest is spread over the distractors.")
    for key, p in zip(NLL_KEYS, PRESETS[list(PRESETS)[0]]):
        state.shared(key, round(float(-np.log(p)), 4), bounds=(0.0, 15.0))
    cols = st.columns(4)
    labels = ["correct choice", "distractor 1", "distractor 2", "distractor 3"]
    nll = [cols[i].slider(f"NLL of the {labels[i]} [nats]", 0.0, 15.0, step=0.0001,
                          format="%.4f", key=NLL_KEYS[i]) for i in range(4)]
    chain = sc.mcq_chain(nll, correct=0)
    table = pd.DataFrame({"choice": labels, "NLL [nats]": chain.nll,
                          "p^Vocab": chain.p_vocab, "p^Choices": chain.p_choices})
    st.dataframe(table, hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="%.4g")
                                for c in ("NLL [nats]", "p^Vocab", "p^Choices")})
    m = st.columns(4)
    m[0].metric("p^Vocab(correct)", f"{chain.p_vocab[0]:.4f}")
    m[1].metric("p^Choices(correct)", f"{chain.p_choices[0]:.4f}")
    m[2].metric("Accuracy", f"{chain.accuracy:.0f}")
    m[3].metric("Brier score", f"{chain.brier:.4f}")
    # sweep the correct choice's probability with the distractors held where they are
    p_grid = charts.log_grid(1e-6, 1.0, 300)
    sweep = sc.metrics_of(np.log(p_grid), np.broadcast_to(-chain.nll[1:], (p_grid.size, 3)))
    frame = pd.concat([pd.DataFrame({"score": name, "p_vocab": p_grid, "value": sweep[key]})
                       for name, key in [("p^Choices", "p^Choices"), ("Accuracy", "Accuracy"),
                                         ("Brier score", "-Brier")]], ignore_index=True)
    frame.loc[frame["score"] == "Brier score", "value"] *= -1
    jump = float(chain.p_vocab[1:].max())
    marks = pd.DataFrame({"p_vocab": [chain.p_vocab[0], jump],
                          "value": [chain.p_choices[0], 0.5],
                          "label": ["this question", "accuracy jumps: the largest distractor"]})
    chart = charts.curves(frame, "p_vocab", "value", color="score", marks=marks,
                          x_title="p^Vocab of the correct choice (distractors held fixed)",
                          y_title="score")
    st.altair_chart(chart)
    st.markdown(f"Accuracy is a step at p^Vocab(correct) = {jump:.4g}, the largest "
                f"distractor's probability: the same gain in the correct answer's likelihood "
                f"changes accuracy or not depending on the wrong answers.")
    exports.export_panel("sc.q", chart, frame, paper.bibtex, name="schaeffer-one-question")


with tabs[0]:
    one_question_view()


@page.view("sc.")
def model_family_view():
    """Tab "A model family (simulated)": its widgets rerun only this function."""
    st.info("Simulated family (this project's illustration, not the paper's data). The paper "
            "reports, on ARC-Challenge, about 90% of samples with Spearman correlation above "
            "0.75 for log-likelihoods but about 40% after renormalising over choices, and the "
            "ordering log p^Vocab > p^Choices >= Brier > Accuracy in at least 82.4% "
            "(Pearson), 85.6% (Spearman) and 90.4% (Kendall) of tuples. Unconfirmed: these "
            "numbers come from a secondary transcription and were not checked against the "
            "paper.")
    sim_defaults = {"sc.f.models": (10, (3, 40)), "sc.f.gain": (0.3, (0.0, 1.5)),
                    "sc.f.noise": (0.8, (0.0, 3.0)), "sc.f.noisec": (0.2, (0.0, 3.0))}
    for key, (value, bounds) in sim_defaults.items():
        state.shared(key, value, int if key == "sc.f.models" else float, bounds=bounds)
    c1, c2, c3, c4 = st.columns(4)
    n_models = c1.slider("Models in the family", 3, 40, key="sc.f.models")
    incorrect_gain = c2.slider("How much distractor mass grows with scale", 0.0, 1.5,
                               step=0.05, key="sc.f.gain",
                               help="share of the correct choice's gain per decade that "
                                    "the distractors also gain")
    noise_incorrect = c3.slider("Fluctuation of distractor mass [nats]", 0.0, 3.0, step=0.05,
                                key="sc.f.noise")
    noise_correct = c4.slider("Fluctuation of correct-choice mass [nats]", 0.0, 3.0,
                              step=0.05, key="sc.f.noisec")
    if state.shared("sc.f.method", "spearman", str) not in ("spearman", "pearson", "kendall"):
        st.session_state["sc.f.method"] = "spearman"
    method = st.radio("Correlation", ["spearman", "pearson", "kendall"], horizontal=True,
                      key="sc.f.method")
    x, lc, li = sc.simulate_family(n_models, 500, incorrect_gain=incorrect_gain,
                                   noise_correct=noise_correct, noise_incorrect=noise_incorrect)
    scores = sc.metrics_of(lc, li)
    thresholds = np.linspace(-1, 1, 201)
    frame = pd.concat([pd.DataFrame({"score": name, "c": thresholds,
                                     "share": sc.survival(sc.score_compute_correlation(
                                         scores[name], x, method), thresholds)})
                       for name in sc.METRICS], ignore_index=True)
    chart = charts.curves(frame, "c", "share", color="score", log_x=False,
                          x_title=f"correlation with log compute c ({method})",
                          y_title="share of samples with correlation > c (Eq. 1)")
    st.altair_chart(chart)
    st.dataframe(pd.DataFrame(sc.correlation_table(x, lc, li, method)), hide_index=True)
    st.caption("500 simulated 4-way questions; Brier is negated so that higher is better for "
               "every score. A sample whose score never changes across the family has no "
               "correlation and counts as not exceeding any c.")
    exports.export_panel("sc.f", chart, frame, paper.bibtex, name="schaeffer-family")


with tabs[1]:
    model_family_view()


@st.cache_data(show_spinner=False, max_entries=64)
def family_fit(benchmark: str, family: str, log_c: tuple, score: tuple):
    """Sigmoid fit of one family (floor at chance), or the sentence why there is none."""
    try:
        fit = sc.fit_sigmoid(np.array(log_c), np.array(score), sc.CHANCE[benchmark])
    except laws.FitError as err:
        return None, str(err)
    return dict(fit.params), ""


@page.view("sc.")
def obsscaling_families_view():
    """Tab "ObsScaling families": its widgets rerun only this function."""
    try:
        obs = data.load_dataset("obsscaling_base")
    except datasets.DatasetUnavailable as err:
        st.warning(str(err))
        obs = None
    if obs is not None:
        st.caption(datasets.info("obsscaling_base").provenance())
        usable = obs.dropna(subset=["FLOPs (1E21)"])
        counts = usable["Model Family"].value_counts()
        families = sorted(counts[counts >= 4].index)
        benchmarks = list(sc.CHANCE)
        if state.shared("sc.o.bench", "ARC-C", str) not in benchmarks:
            st.session_state["sc.o.bench"] = "ARC-C"
        benchmark = st.selectbox("Benchmark", benchmarks, key="sc.o.bench")
        default = [f for f in ("Pythia", "OPT", "Qwen1.5", "Llama") if f in families]
        chosen = st.multiselect("Model families (those with at least 4 models with FLOPs)",
                                families, default=default, key="sc.o.families")
        rows, curves, points = [], [], []
        grid = np.linspace(np.log10(usable["FLOPs (1E21)"].min() * 1e21) - 0.5,
                           np.log10(usable["FLOPs (1E21)"].max() * 1e21) + 0.5, 120)
        for family in chosen:
            part = usable[usable["Model Family"] == family].dropna(subset=[benchmark])
            log_c = np.log10(part["FLOPs (1E21)"].to_numpy() * 1e21)
            points.append(pd.DataFrame({"family": family, "C": 10 ** log_c,
                                        "score": part[benchmark].to_numpy(),
                                        "model": part["Model"].to_numpy()}))
            fitted, why = family_fit(benchmark, family, tuple(log_c),
                                     tuple(part[benchmark].to_numpy()))
            if fitted is None:
                st.warning(f"No sigmoid for {family}: {why}")
                continue
            curves.append(pd.DataFrame({"family": family, "C": 10 ** grid,
                                        "score": sc.accuracy_sigmoid(fitted, C=10 ** grid)}))
            pred = sc.accuracy_sigmoid(fitted, C=10 ** log_c)
            rows.append({"family": family, "models": len(part), "ceiling": fitted["ceiling"],
                         "slope [per decade]": fitted["slope"], "x0 [log10 FLOPs]": fitted["x0"],
                         "RMSE": float(np.sqrt(np.mean((pred - part[benchmark]) ** 2)))})
        if curves:
            frame = pd.concat(curves, ignore_index=True)
            chart = charts.curves(frame, "C", "score", color="family",
                                  points=pd.concat(points, ignore_index=True),
                                  point_color="family", x_title="pretraining compute C [FLOPs]",
                                  y_title=f"{benchmark} score")
            st.altair_chart(chart)
            st.dataframe(pd.DataFrame(rows), hide_index=True,
                         column_config={c: st.column_config.NumberColumn(format="%.4g")
                                        for c in ("ceiling", "slope [per decade]",
                                                  "x0 [log10 FLOPs]", "RMSE")})
            st.caption(f"Floor held at chance ({sc.CHANCE[benchmark]:g}); a family with all "
                       f"its models near chance has no identifiable midpoint, which is the "
                       f"paper's point: accuracy says little until the correct answer "
                       f"overtakes the distractors. The sigmoid is a description, not a law "
                       f"of this paper.")
            exports.export_panel("sc.o", chart, frame, paper.bibtex, name="schaeffer-obsscaling")
        else:
            st.info("Choose at least one model family to see its scores and sigmoid.")


with tabs[2]:
    obsscaling_families_view()

with tabs[3]:
    st.markdown("Fit the sigmoid in log10 compute to your own scores: columns for compute "
                "(FLOPs) and score (0-1).")
    with st.expander("Starting constants of the sigmoid", expanded=False):
        values = params.param_sliders(sc.accuracy_sigmoid, "sc.sig", container=st.container())
    st.latex(sc.accuracy_sigmoid.latex())
    result = data.section("sc.data", sc.accuracy_sigmoid, values, public=["obsscaling_base"],
                          examples={})
    if result is not None:
        fit = result["fit"]
        band = fit.predict(C=charts.log_grid(1e18, 1e27, 80))
        chart = charts.curves(band, "C", "value", band=("lower", "upper"),
                              x_title="compute C [FLOPs]", y_title="score")
        st.altair_chart(chart)
        exports.export_panel("sc.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="schaeffer-fit")

state.publish("sc.")
