"""Li et al. 2025 (Upsample or Upweight?): temperature-sampling probabilities and the
equivalent loss weights, scalarization's larger gradient variance, and the Cooldown
schedule with how often each group is repeated."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import li2025_upweight as up
from ui import charts, exports, page, params, state

paper = laws.paper("li2025_upweight")
page.setup(paper)
page.header(paper)
st.latex(r"p(i;\tau) = \frac{|\mathcal{D}_i|^{1/\tau}}{\sum_j |\mathcal{D}_j|^{1/\tau}},"
         r"\qquad w_i = \frac{p(i;\tau)}{p(i;1)}\ \text{(Theorem 1)}")

st.sidebar.subheader("Groups")
st.sidebar.caption("Sizes of your groups (any unit; only ratios matter). Default: the "
                   "paper's mC4 subset, billions of tokens.")
default_groups = pd.DataFrame({"group": list(up.MC4_SIZES), "size": list(up.MC4_SIZES.values())})
edited = st.sidebar.data_editor(default_groups, key="up.groups", num_rows="dynamic",
                                hide_index=True,
                                column_config={"group": st.column_config.TextColumn("group"),
                                               "size": st.column_config.NumberColumn("size")})
groups, notes = up.clean_sizes(edited)
for note in notes:
    st.sidebar.warning(note)
if len(groups) < 2:
    st.error("Temperature sampling needs at least two groups with a positive size; the "
             "paper's mC4 subset is shown until you add them.")
    groups = default_groups
sizes = groups["size"].to_numpy(float)

tabs = st.tabs(["Probabilities and weights", "Gradient variance", "Cooldown schedule"])

with tabs[0]:
    values = params.param_sliders(up.probability_ratio, "up.t", container=st.container())
    tau = values["tau"]
    table = groups.assign(**{"p(i; 1)": up.sampling_probabilities(sizes, 1.0),
                             "p(i; tau)": up.sampling_probabilities(sizes, tau),
                             "weight w_i": up.equivalent_weights(sizes, tau)})
    st.dataframe(table, hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="%.4g")
                                for c in ("size", "p(i; 1)", "p(i; tau)", "weight w_i")})
    st.latex(up.probability_ratio.latex())
    st.latex(up.weight_ratio.latex())
    taus = charts.log_grid(1.0, 100.0, 150)
    probs = up.sampling_probabilities(sizes, taus)
    frame = pd.concat([pd.DataFrame({"group": g, "tau": taus, "probability": probs[:, i]})
                       for i, g in enumerate(groups["group"])], ignore_index=True)
    marks = pd.DataFrame({"tau": [tau] * len(groups), "probability": table["p(i; tau)"],
                          "label": [f"{g} at tau = {tau:.3g}" for g in groups["group"]]})
    chart = charts.curves(frame, "tau", "probability", color="group", marks=marks,
                          x_title="temperature tau", y_title="sampling probability p(i; tau)",
                          log_y=True)
    st.altair_chart(chart)
    ratio = sizes.max() / sizes.min()
    st.markdown(f"The largest group is {ratio:.4g} times the smallest; at tau = {tau:.3g} "
                f"it is sampled {float(up.probability_ratio(values, size_ratio=ratio)):.4g} "
                f"times as often, and scalarization gives the smallest group "
                f"{1 / float(up.weight_ratio(values, size_ratio=ratio)):.4g} times the "
                f"largest group's loss weight. Table 2 (mT5, tau = 3.33): EN 5.67%, IT "
                f"2.43%, ZH 1.67%, SW 0.5% over all of mT5's languages, so only ratios "
                f"compare (EN/IT 2.333 printed, 2.336 from the formula).")
    exports.export_panel("up.p", chart, frame, paper.bibtex, name="upweight-probabilities")

with tabs[1]:
    st.latex(r"\mathrm{Var}\big(\nabla\mathcal{L}_S(x;\mathbf{w}_\tau)\big) \;\ge\; "
             r"\mathrm{Var}\big(\nabla\mathcal{L}_{TS}(x;\tau)\big),\qquad "
             r"\mathbb{E}\,\lVert w\,g\rVert^2 \propto \sum_i \frac{p(i;\tau)^2}{p(i;1)} \;\ge\; 1")
    state.shared("up.v.groups", 10, int, bounds=(2, 200))
    state.shared("up.v.alpha", 1.0, bounds=(0.0, 3.0))
    c1, c2 = st.columns(2)
    k = c1.slider("Groups K (Fig. 2: sizes ∝ i^-alpha)", 2, 200, key="up.v.groups")
    alpha = c2.slider("Imbalance alpha", 0.0, 3.0, step=0.05, key="up.v.alpha")
    taus = charts.log_grid(1.0, 100.0, 150)
    frame = pd.concat([
        pd.DataFrame({"setting": f"scalarization, K = {k}, alpha = {alpha:g}", "tau": taus,
                      "second moment": up.scalarization_second_moment(
                          up.zipf_sizes(k, alpha), taus)}),
        pd.DataFrame({"setting": "scalarization, your groups", "tau": taus,
                      "second moment": up.scalarization_second_moment(sizes, taus)}),
        pd.DataFrame({"setting": "temperature sampling", "tau": taus, "second moment": 1.0})],
        ignore_index=True)
    chart = charts.curves(frame, "tau", "second moment", color="setting",
                          x_title="temperature tau",
                          y_title="per-example gradient second moment", log_y=True)
    st.altair_chart(chart)
    st.markdown(f"Both give the same mean gradient (Theorem 1), but scalarization multiplies "
                f"rare groups' gradients by large weights, so a mini-batch's gradient varies "
                f"more: at tau = {tau:.3g} your groups have "
                f"{float(up.scalarization_second_moment(sizes, tau)):.4g} against 1 "
                f"(equal per-group gradient sizes assumed). Measured in the paper (Fig. 3): "
                f"variance of gradient norms {up.FIG_3_VARIANCE['scalarization']} for "
                f"scalarization against {up.FIG_3_VARIANCE['temperature sampling']} for "
                f"temperature sampling.")
    exports.export_panel("up.v", chart, frame, paper.bibtex, name="upweight-variance")

with tabs[2]:
    presets = list(up.COOLDOWN) + ["your schedule"]
    if state.shared("up.c.preset", presets[1], str) not in presets:
        st.session_state["up.c.preset"] = presets[1]
    preset = st.radio("Schedule", presets, horizontal=True, key="up.c.preset")
    hi0, lo0, switch0, total0 = up.COOLDOWN.get(preset, up.COOLDOWN[presets[1]])
    if preset == "your schedule":
        for key, value, bounds in [("up.c.hi", 5.0, (1.0, 100.0)), ("up.c.lo", 1.0, (1.0, 100.0)),
                                   ("up.c.switch", 0.5, (0.0, 1.0))]:
            state.shared(key, value, bounds=bounds)
        c1, c2, c3 = st.columns(3)
        hi = c1.slider("tau before the switch", 1.0, 100.0, step=0.5, key="up.c.hi")
        lo = c2.slider("tau after the switch", 1.0, 100.0, step=0.5, key="up.c.lo")
        switch = c3.slider("Switch at this share of training", 0.0, 1.0, step=0.01,
                           key="up.c.switch") * total0
    else:
        hi, lo, switch = hi0, lo0, float(switch0)
    state.shared("up.c.tokens", 13.0, bounds=(9.0, 14.0))
    train = 10 ** st.slider("log10 training tokens", 9.0, 14.0, step=0.05, key="up.c.tokens",
                            help="Total tokens drawn in training; for the epochs below the "
                                 "group sizes are read as billions of tokens.")
    steps = np.linspace(0, total0, 400, endpoint=False)
    schedule = up.cooldown_tau(steps, switch, hi, lo)
    probs = up.sampling_probabilities(sizes, schedule)
    frame = pd.concat([pd.DataFrame({"group": g, "step": steps, "probability": probs[:, i]})
                       for i, g in enumerate(groups["group"])], ignore_index=True)
    chart = charts.curves(frame, "step", "probability", color="group", log_x=False,
                          log_y=True, x_title="iteration",
                          y_title="sampling probability p(i; tau(step))")
    st.altair_chart(chart)
    per_step = train / steps.size
    schedules = {f"tau = {lo:g} throughout": np.full(steps.size, lo),
                 f"tau = {hi:g} throughout": np.full(steps.size, hi),
                 f"{hi:g} then {lo:g} (switch at {switch:,.0f})": schedule}
    epochs = pd.DataFrame({"schedule": list(schedules)} | {
        g: [up.epochs_seen(sizes * 1e9, per_step, s)[i] for s in schedules.values()]
        for i, g in enumerate(groups["group"])})
    st.markdown("**Epochs of each group** (how many times its data is seen): a hot "
                "temperature throughout repeats the smallest groups many times, which is "
                "where they overfit; cooling down caps the repetition.")
    st.dataframe(epochs, hide_index=True,
                 column_config={g: st.column_config.NumberColumn(format="%.3g")
                                for g in groups["group"]})
    st.markdown("**Published: mC4 dev loss (Table 4)**")
    st.dataframe(up.TABLE_4_LOSS, hide_index=True)
    exports.export_panel("up.c", chart, frame, paper.bibtex, name="upweight-cooldown")

state.publish("up.")
