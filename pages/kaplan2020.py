"""Kaplan et al. 2020: L(N), L(D), L(C), L(N, D) with the overfitting threshold,
L(N, S) with the critical batch size, the compute-efficient frontier, and your own fit."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import kaplan2020 as kap
from ui import charts, data, exports, page, params, simulate, state

paper = laws.paper("kaplan2020")
page.setup(paper)
page.header(paper)
tabs = st.tabs(["L(N), L(D), L(C)", "L(N, D) and overfitting", "L(N, S) and batch size",
                "Compute-efficient frontier", "Use your data", "Simulate a sweep"])


def constants(law, prefix):
    """Sliders for ``law`` in an expander, and its formula."""
    with st.expander(f"Constants of {law.title} ({law.equation})", expanded=False):
        values = params.param_sliders(law, prefix, container=st.container())
        page.formula_card(law, values)
    st.latex(law.latex())
    page.live_law(law, values)
    return values


@page.view("kap.")
def power_laws():
    """Tab "L(N), L(D), L(C)": its widgets rerun only this function."""
    if state.shared("kap.axis", "N", str) not in ("N", "D", "C_min"):
        st.session_state["kap.axis"] = "N"
    chosen = st.radio("Power law in", ["N", "D", "C_min"], horizontal=True, key="kap.axis")
    law = {"N": kap.loss_n, "D": kap.loss_d, "C_min": kap.loss_c}[chosen]
    values = constants(law, f"kap.{chosen}")
    var = law.inputs[0]
    x = charts.log_grid(*var.typical)
    frame = pd.DataFrame({var.name: x, "loss": law(values, **{var.name: x})})
    chart = charts.curves(frame, var.name, "loss", x_title=var.label,
                          y_title="loss [nats/token]", log_y=True)
    st.altair_chart(chart)
    exports.export_panel("kap.power", chart, frame, paper.bibtex, name=f"kaplan-{chosen}")


@page.view("kap.")
def overfitting():
    """Tab "L(N, D) and overfitting": its widgets rerun only this function."""
    values = constants(kap.loss_nd, "kap.nd")
    d = charts.log_grid(1e7, 1e13)
    sizes = [1e6, 1e7, 1e8, 1e9, 1e10]
    frame = pd.concat([pd.DataFrame({"model": f"N = {n:.0e}", "D": d,
                                     "loss": kap.loss_nd(values, N=n, D=d)}) for n in sizes])
    chart = charts.curves(frame, "D", "loss", color="model", x_title="tokens D",
                          y_title="loss [nats/token]", log_y=True)
    st.altair_chart(chart)
    state.shared("kap.deltaL", 0.02, bounds=(0.001, 0.2))
    delta = st.slider("Tolerated overfitting penalty delta_L", 0.001, 0.2, step=0.001,
                      key="kap.deltaL", format="%.3f")
    k, p = kap.overfitting_fit_of_eq_4_4({**values, "delta_L": delta})
    st.markdown(f"To keep the loss within {delta:.1%} of the infinite-data loss, train on at "
                f"least **D = {k:.3g} N^{p:.3f}** tokens (Eq. 4.4 rounds this to 5e3 N^0.74 "
                f"for delta_L = 0.02). A 1B-parameter model needs "
                f"{float(kap.overfitting_threshold({**values, 'delta_L': delta}, N=1e9)):.3g} "
                f"tokens.")
    exports.export_panel("kap.nd", chart, frame, paper.bibtex, name="kaplan-LND")


with tabs[0]:
    power_laws()

with tabs[1]:
    overfitting()

@page.view("kap.")
def batch_size(values_ns, values_b):
    """Tab "L(N, S) and batch size" below its constants (which the frontier tab reads too,
    so they stay outside): N and B rerun only this function."""
    state.shared("kap.logN", 8.0, bounds=(5.0, 11.0))
    state.shared("kap.logB", 6.0, bounds=(4.0, 8.0))
    c1, c2 = st.columns(2)
    n = 10 ** c1.slider("log10 N", 5.0, 11.0, step=0.1, key="kap.logN")
    b = 10 ** c2.slider("log10 batch size [tokens]", 4.0, 8.0, step=0.1, key="kap.logB")
    steps = charts.log_grid(1e2, 1e7)
    frame = pd.concat([
        pd.DataFrame({"curve": "batch B", "S": steps,
                      "loss": kap.learning_curve(n, steps, b, values_ns, values_b)}),
        pd.DataFrame({"curve": "B much larger than B_crit (S = S_min)", "S": steps,
                      "loss": kap.loss_ns(values_ns, N=n, S_min=steps)})])
    chart = charts.curves(frame, "S", "loss", color="curve", x_title="steps S",
                          y_title="loss [nats/token]", log_y=True)
    st.altair_chart(chart)
    final = float(kap.learning_curve(n, 1e5, b, values_ns, values_b))
    st.markdown(f"After 1e5 steps at B = {b:.3g} tokens the loss is {final:.3f}; there the "
                f"critical batch size is {float(kap.critical_batch(values_b, L=final)):.3g} "
                f"tokens. Batches above B_crit buy little: steps fall, tokens grow.")
    exports.export_panel("kap.ns", chart, frame, paper.bibtex, name="kaplan-LNS")


@page.view("kap.")
def frontier(values_ns, values_b):
    """Tab "Compute-efficient frontier"; ``values_ns``, ``values_b`` come from the L(N, S)
    tab, whose constants rerun the whole page."""
    values_n = constants(kap.n_opt, "kap.nopt")
    c = charts.log_grid(1e-8, 1e6)
    frame = pd.DataFrame({"C_min": c, "N_opt": kap.n_opt(values_n, C_min=c),
                          "D_opt": kap.d_opt(None, C_min=c)})
    long = frame.melt("C_min", var_name="quantity", value_name="count")
    chart = charts.curves(long, "C_min", "count", color="quantity",
                          x_title="compute C_min [PF-days]", y_title="count", log_y=True)
    st.altair_chart(chart)
    st.markdown(f"Exponents of Table 3 and Eq. (1.4) imply alpha_C = 1/(1/alpha_S + 1/alpha_B "
                f"+ 1/alpha_N) = **{kap.alpha_c_theory({**values_ns, **values_b}):.4f}** "
                f"(Eq. B.7 prints about 0.052; the fitted L(C_min) exponent is 0.050).")
    exports.export_panel("kap.frontier", chart, frame, paper.bibtex, name="kaplan-frontier")


with tabs[2]:
    values_ns = constants(kap.loss_ns, "kap.ns")
    values_b = constants(kap.critical_batch, "kap.b")
    batch_size(values_ns, values_b)

with tabs[3]:
    frontier(values_ns, values_b)

with tabs[4]:
    fittable = {"L(N, D)": (kap.loss_nd, "kap.nd"), "L(N)": (kap.loss_n, "kap.N"),
                "L(D)": (kap.loss_d, "kap.D")}
    label = st.radio("Relation to fit", list(fittable), horizontal=True, key="kap.fitlaw")
    law, prefix = fittable[label]
    result = data.section(f"kap.data.{law.id}", law, params.current_values(law, prefix),
                          public=["chinchilla"],
                          examples={"Kaplan L(N, D) sweep, 1% noise": "kaplan2020_sweep.csv",
                                    "W&B export of four training curves (a log)":
                                        "example_wandb_export.csv"},
                          derived={"alpha_N / alpha_D": lambda p: p["alpha_N"] / p["alpha_D"]}
                          if law is kap.loss_nd else None)
    if result is not None:
        fit = result["fit"]
        var = law.inputs[0]
        x = charts.log_grid(var.typical[0], var.typical[1], 80)
        inputs = {var.name: x}
        if law is kap.loss_nd:
            inputs["D"] = np.full_like(x, float(np.max(fit.data[fit.record.mapping["D"]])))
        band = fit.predict(**inputs)
        chart = charts.curves(band, var.name, "value", band=("lower", "upper"),
                              x_title=var.label, y_title="loss [nats/token]")
        st.altair_chart(chart)
        st.caption("Extrapolation of the fit with its bootstrap band"
                   + (" at the largest D of the data." if law is kap.loss_nd else "."))
        exports.export_panel("kap.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="kaplan-fit")

@page.view("kap.")
def simulated_sweep():
    """Tab "Simulate a sweep": self-contained, so its widgets rerun only this function."""
    simulate.section("kap.sim", kap.loss_nd, kap.loss_nd.defaults,
                     {"N": (1e6, 1e9), "D": (3e7, 3e10)})


with tabs[5]:
    simulated_sweep()

state.publish("kap.")
