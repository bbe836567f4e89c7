"""Noci et al. 2024: sharpness vs the edge of stability across widths under muP, NTP and
SP (a live toy), where the best learning rate moves with width, and the per-layer scaling
rules behind it."""
import math
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import noci2024 as nc
from ui import charts, exports, page, params, state

DATA = Path(__file__).resolve().parents[1] / "data"
WIDTHS = [32, 64, 128, 256, 512, 1024, 2048]
D = nc.TOY_DEFAULTS

paper = laws.paper("noci2024")
page.setup(paper)
page.header(paper)
st.latex(nc.eos_gd.latex() + r"\qquad\text{GD is stable while}\ \eta\,\lambda_{\max} < 2")
st.info("What the paper shows is qualitative: figures of sharpness and of loss vs learning "
        "rate across widths, no formula with constants. Everything quantitative on this page "
        "is either standard background (edge of stability: Cohen et al.; per-layer muP "
        "rules: Yang et al. 2022) or this page's own toy experiment, a two-layer network "
        "trained live, which reproduces the kind of effect the paper reports.")


@st.cache_data(show_spinner=False)
def shipped_all() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The default toy run for every slider value of steps (data/make_noci_toy.py)."""
    return (pd.read_csv(DATA / "noci2024_toy_sharpness.csv"),
            pd.read_csv(DATA / "noci2024_toy_lr_sweep.csv"))


@st.cache_data(show_spinner=False, max_entries=32)
def shipped(steps: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return nc.toy_at(*shipped_all(), steps)


@st.cache_data(show_spinner=False, max_entries=64)
def trajectory(parametrisation: str, width: int, eta_0: float, steps: int) -> pd.DataFrame:
    return nc.train(parametrisation, width, eta_0, steps, max(1, steps // 10), nc.Task.make())


@st.cache_data(show_spinner=False, max_entries=24)
def sweep(parametrisation: str, widths: tuple, steps: int) -> pd.DataFrame:
    return nc.lr_sweep(parametrisation, widths, D["etas"], steps, nc.Task.make())


def toy(widths: tuple, steps: int, eta: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """nc.toy_run's two tables, each network's run taken from the shipped run when its
    settings are the default ones (the LR sweeps do not depend on eta), else trained here
    and cached on its own settings (a slider then retrains only what it changes)."""
    at_default = widths == D["widths"] and steps in nc.STEPS
    if at_default:
        ship_traj, ship_sweeps = shipped(steps)
    parts = []
    for p in nc.PARAMETRISATIONS:
        if at_default and math.isclose(eta[p], D["eta_0"][p]):
            parts.append(ship_traj[ship_traj["parametrisation"] == p])
        else:
            parts += [trajectory(p, w, eta[p], steps) for w in widths]
    sweeps = ship_sweeps if at_default else pd.concat(
        [sweep(p, widths, steps) for p in nc.PARAMETRISATIONS], ignore_index=True)
    return pd.concat(parts, ignore_index=True), sweeps


with st.expander("Toy settings (two-layer tanh network, full-batch GD, 32 samples)",
                 expanded=False):
    c = st.columns(4)
    state.shared("noci.steps", D["steps"], int, bounds=(10, 200))
    state.shared("noci.eta_mu", 0.0, bounds=(-2.0, 1.0))
    state.shared("noci.eta_sp", math.log10(D["eta_0"]["SP"]), bounds=(-3.0, 0.0))
    widths = c[0].multiselect("Widths", WIDTHS, default=list(D["widths"]), key="noci.widths")
    steps = c[1].slider("GD steps", 10, 200, step=10, key="noci.steps")
    eta_mu = 10 ** c[2].slider("log10 eta_0 (muP, NTP), sharpness runs", -2.0, 1.0,
                               step=0.1, key="noci.eta_mu")
    eta_sp = 10 ** c[3].slider("log10 eta_0 (SP), sharpness runs", -3.0, 0.0, step=0.1,
                               key="noci.eta_sp")
    st.caption("Per-layer learning rates are eta_0 times n^k (k = 1 under muP, 0 otherwise); "
               "the default widths and learning rates are shipped precomputed for every "
               "number of steps (data/make_noci_toy.py), other settings are trained here "
               "(wider nets and more steps take longer).")
widths = tuple(sorted(widths))
if len(widths) < 2:
    st.error("Pick at least two widths to compare.")
    state.publish("noci.")
    st.stop()
with st.spinner("Training the toy networks..."):
    trajectories, sweeps = toy(widths, int(steps), {"muP": float(eta_mu), "NTP": float(eta_mu),
                                                    "SP": float(eta_sp)})

tabs = st.tabs(["Sharpness along training", "Loss vs learning rate", "Scaling rules",
                "Edge of stability"])
with tabs[0]:
    state.shared("noci.param", "muP", str)
    if st.session_state["noci.param"] not in nc.PARAMETRISATIONS:
        st.session_state["noci.param"] = "muP"
    chosen = st.radio("Parametrisation", list(nc.PARAMETRISATIONS), horizontal=True,
                      key="noci.param")
    run = trajectories[(trajectories["parametrisation"] == chosen)
                       & trajectories["sharpness"].notna()].copy()
    run["curve"] = [f"width {w}" for w in run["width"]]
    edge = pd.DataFrame({"step": [0, steps], "sharpness": [2.0, 2.0],
                         "curve": "edge of stability (2)"})
    frame = pd.concat([run[["step", "sharpness", "curve"]], edge], ignore_index=True)
    chart = charts.curves(frame, "step", "sharpness", color="curve", log_x=False,
                          x_title="GD step", y_title="eta x lambda_max (preconditioned)")
    st.altair_chart(chart)
    last = run.groupby("width").tail(1)
    diverged = sorted(set(widths) - set(trajectories[
        (trajectories["parametrisation"] == chosen)
        & (trajectories["step"] == trajectories["step"].max())]["width"]))
    spread = last["sharpness"].max() / last["sharpness"].min() if len(last) else np.nan
    st.markdown(f"Under {chosen}, the last measured sharpness ranges from "
                f"{last['sharpness'].min():.3g} to {last['sharpness'].max():.3g} across widths "
                f"(ratio {spread:.2f})"
                + (f"; width(s) {', '.join(map(str, diverged))} diverged before step {steps}."
                   if diverged else "."))
    st.caption("Sharpness of the learning-rate-preconditioned Hessian (Lanczos on "
               "Hessian-vector products): gradient descent on a quadratic diverges once it "
               "passes 2. The paper's claim: under muP these curves coincide across widths; "
               "under NTP they separate (and sharpen more slowly as width grows).")
    exports.export_panel("noci.sharp", chart, run, paper.bibtex, name="noci-sharpness")

with tabs[1]:
    state.shared("noci.sweep", "muP", str)
    if st.session_state["noci.sweep"] not in nc.PARAMETRISATIONS:
        st.session_state["noci.sweep"] = "muP"
    chosen = st.radio("Parametrisation", list(nc.PARAMETRISATIONS), horizontal=True,
                      key="noci.sweep")
    sweep = sweeps[sweeps["parametrisation"] == chosen].copy()
    sweep["curve"] = [f"width {w}" for w in sweep["width"]]
    best = sweep[sweep["best"]]
    marks = pd.DataFrame({"eta_0": best["eta_0"], "loss": best["loss"],
                          "label": [f"best, width {w}" for w in best["width"]]})
    chart = charts.curves(sweep.dropna(subset=["loss"]), "eta_0", "loss", color="curve",
                          log_y=True, x_title="base learning rate eta_0",
                          y_title=f"training loss after {steps} steps", marks=marks)
    st.altair_chart(chart)
    shifts = pd.DataFrame([{"parametrisation": p,
                            "c in eta_0* ~ n^-c": nc.optimum_shift(g),
                            "best eta_0 per width": ", ".join(
                                f"{w}: {e:.3g}" for w, e in g[g["best"]][["width", "eta_0"]]
                                .itertuples(index=False))}
                           for p, g in sweeps.groupby("parametrisation")])
    st.dataframe(shifts, hide_index=True, width="stretch")
    st.caption("Diverged runs are left out. An optimum at the edge of the grid (1e-2 to 10) "
               "only bounds the best rate. Theory: c = 0 under muP (the rate transfers), "
               "c = 1 under SP.")
    exports.export_panel("noci.sweep", chart, sweep, paper.bibtex, name="noci-lr-sweep")

with tabs[2]:
    st.info("Background, not this paper's numbers: the per-layer rules of Yang et al. 2022 "
            "(Table 3, fan-in initialisation form), as exponents of the width n.")
    state.shared("noci.opt", "Adam", str)
    if st.session_state["noci.opt"] not in ("Adam", "SGD"):
        st.session_state["noci.opt"] = "Adam"
    optimizer = st.radio("Optimizer", ["Adam", "SGD"], horizontal=True, key="noci.opt")
    st.dataframe(nc.RULES[nc.RULES["optimizer"] == optimizer], hide_index=True,
                 width="stretch")
    rules = nc.rules_at(charts.log_grid(32, 65536, 60), optimizer)
    rules["rule"] = rules["parametrisation"] + ", " + rules["layer"]
    chart = charts.curves(rules, "n", "lr", color="rule", log_y=True, x_title="width n",
                          y_title="per-layer learning rate (1e-2 at n = 256)")
    st.altair_chart(chart)
    st.markdown("**Where a global learning rate tuned at one width lands at another**")
    st.latex(nc.lr_width.latex())
    values = params.param_sliders(nc.lr_width, "noci.lw", container=st.container())
    page.live_law(nc.lr_width, values)
    state.shared("noci.logn", 4.0, bounds=(1.0, 5.0))
    target = 10 ** st.slider("log10 target width", 1.0, 5.0, step=0.1, key="noci.logn")
    st.metric(f"Best learning rate at width {target:.0f}",
              f"{float(nc.lr_width(values, n=target)):.4g}")
    exports.export_panel("noci.rules", chart, rules, paper.bibtex, name="noci-rules")

with tabs[3]:
    st.latex(nc.eos_adam.latex())
    state.shared("noci.logeta", -2.0, bounds=(-4.0, 1.0))
    lr = 10 ** st.slider("log10 learning rate", -4.0, 1.0, step=0.1, key="noci.logeta")
    adam = params.param_sliders(nc.eos_adam, "noci.adam", container=st.container())
    c = st.columns(2)
    c[0].metric("GD: sharpness at the edge, 2/eta", f"{float(nc.eos_gd(eta=lr)):.4g}")
    c[1].metric("Adam: preconditioned sharpness at the edge",
                f"{float(nc.eos_adam(adam, eta=lr)):.4g}")
    st.markdown("Under muP the sharpness reaches the same threshold at every width, so the "
                "learning rate that puts training at the edge is the same too.")
state.publish("noci.")
