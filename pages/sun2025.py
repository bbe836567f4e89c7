"""Sun et al. 2025: loss of FP-quantized training over N, D, exponent, mantissa and block
size; the critical data size; the best exponent/mantissa split; precision vs compute."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import sun2025 as sun
from ui import charts, data, exports, page, params, state

paper = laws.paper("sun2025")
page.setup(paper)
page.header(paper)
with st.expander(f"Constants ({sun.loss.equation})"):
    values = params.param_sliders(sun.loss, "sun", container=st.container())
    page.formula_card(sun.loss, values)
st.latex(sun.loss.latex())
page.live_law(sun.loss, values)
st.caption("Table 2 of arXiv v3 / ICML; the same constants reproduce the paper's critical "
           "data sizes for a 1B model (1730T tokens in BF16, 27T in FP8-E4M3, 0.4T in "
           "FP4-E2M1, block size 128).")


@st.cache_data(show_spinner=False, max_entries=32)
def optimal_precision_curve(constants: tuple, log2_block: float) -> pd.DataFrame:
    return pd.DataFrame(sun.compute_optimal_curve(np.logspace(19, 33, 15), 2.0 ** log2_block,
                                                  params=dict(constants)))


c = st.columns(4)
state.shared("sun.logN", 9.0, bounds=(7.0, 12.0))
state.shared("sun.E", 4, int, bounds=(1, 10))
state.shared("sun.M", 3, int, bounds=(0, 23))
state.shared("sun.log2B", 7, int, bounds=(0, 16))
state.shared("sun.channel", False, bool)
log_n = c[0].slider("log10 model size N", 7.0, 12.0, step=0.1, key="sun.logN")
e_bits = c[1].slider("exponent bits E", 1, 10, key="sun.E")
m_bits = c[2].slider("mantissa bits M", 0, 23, key="sun.M")
channel = c[3].checkbox("channel-wise scaling", key="sun.channel",
                        help="Acts like log2 B = 13.1567 (§3.6).")
log2_b = sun.CHANNEL_LOG2_B if channel else c[3].slider("log2 block size B", 0, 16,
                                                        key="sun.log2B")
n_params, block = 10 ** log_n, 2.0 ** log2_b
fmt = f"E{e_bits}M{m_bits} (FP{e_bits + m_bits + 1})"
tabs = st.tabs(["Loss vs data and the critical data size", "Exponent/mantissa split",
                "Precision vs compute", "Use your data"])

with tabs[0]:
    d = charts.log_grid(1e9, 1e16)
    frame = pd.concat([
        pd.DataFrame({"format": fmt, "D": d,
                      "loss": sun.loss(values, N=n_params, D=d, E=e_bits, M=m_bits, B=block)}),
        pd.DataFrame({"format": "BF16 E8M7", "D": d,
                      "loss": sun.loss(values, N=n_params, D=d, E=8, M=7, B=block)}),
        pd.DataFrame({"format": "no quantization (Eq. 2)", "D": d,
                      "loss": sun.loss_bf16(values, N=n_params, D=d)})], ignore_index=True)
    crit = float(sun.critical_data_size(n_params, e_bits, m_bits, block, values))
    marks = None
    if np.isfinite(crit) and 1e9 <= crit <= 1e16:
        marks = pd.DataFrame({"D": [crit], "label": [f"D_crit of {fmt}"], "loss": [
            float(sun.loss(values, N=n_params, D=crit, E=e_bits, M=m_bits, B=block))]})
    chart = charts.curves(frame, "D", "loss", color="format", x_title="training tokens D",
                          y_title="loss [nats/token]", marks=marks)
    st.altair_chart(chart)
    m = st.columns(2)
    m[0].metric(f"Critical data size, {fmt}",
                "none (B = 1)" if not np.isfinite(crit) else f"{crit:.3g} tokens")
    m[1].metric("Critical data size, BF16 E8M7",
                "none (B = 1)" if log2_b == 0 else
                f"{float(sun.critical_data_size(n_params, 8, 7, block, values)):.3g} tokens")
    st.markdown(f"Beyond D_crit = [d gamma N^alpha (E+0.5)^delta (M+0.5)^nu / log2 B]^(1/2beta) "
                f"(Eq. 21) more tokens raise the loss: the penalty grows as D^beta faster than "
                f"the data term falls. For N = {n_params:.3g} and {fmt} with "
                f"log2 B = {log2_b:.4g} it is "
                + (f"{crit:.3g} tokens." if np.isfinite(crit) else
                   "absent: with B = 1 every value keeps its own high-precision scale, so "
                   "quantization costs nothing in this law."))
    exports.export_panel("sun.data_size", chart, frame, paper.bibtex, name="sun-loss-vs-D")


@page.view("sun.")
def split_view(n_params, block, values):
    """Tab "Exponent/mantissa split": P and D rerun only this function; N, the block size
    and the constants above the tabs come in as arguments (they rerun the whole page)."""
    state.shared("sun.P", 8, int, bounds=(3, 32))
    state.shared("sun.logD", 12.0, bounds=(9.0, 15.0))
    c1, c2 = st.columns(2)
    total = c1.slider("total bits P = E + M + 1", 3, 32, key="sun.P")
    log_d = c2.slider("log10 training tokens D", 9.0, 15.0, step=0.1, key="sun.logD")
    splits = pd.DataFrame(sun.layout_losses(total, n_params, 10 ** log_d, block, values),
                          columns=["E", "M", "loss"])
    best_e, best_m = sun.best_layout(total, values)
    e_real, m_real = sun.optimal_layout(total, values)
    marks = pd.DataFrame({"E": [best_e], "loss": [float(
        splits.loc[splits["E"] == best_e, "loss"].iloc[0])], "label": [f"E{best_e}M{best_m}"]})
    chart = charts.curves(splits, "E", "loss", x_title="exponent bits E (M = P - 1 - E)",
                          y_title="loss [nats/token]", log_x=False, marks=marks)
    st.altair_chart(chart)
    st.markdown(f"For P = {total} bits the best split is **E{best_e}M{best_m}**; the "
                f"real-valued optimum is E = {float(e_real):.2f}, M = {float(m_real):.2f} "
                f"(Eq. 19: M_opt = nu P/(delta+nu) - 0.5). It does not depend on N, D or B, "
                f"which only scale the penalty.")
    layouts = pd.DataFrame([{"bits P": p_, "best": "E{}M{}".format(*sun.best_layout(p_, values)),
                             "E_opt (real)": float(sun.optimal_layout(p_, values)[0]),
                             "M_opt (real)": float(sun.optimal_layout(p_, values)[1])}
                            for p_ in range(3, 17)])
    st.dataframe(layouts, hide_index=True)
    st.caption("The paper's Figure 5 gives E2M1, E4M3 and E8M7 (BF16) for 4, 8 and 16 bits.")
    exports.export_panel("sun.split", chart, splits, paper.bibtex, name="sun-split")


with tabs[1]:
    split_view(n_params, block, values)

with tabs[2]:
    curve = optimal_precision_curve(tuple(sorted(values.items())), float(log2_b))
    d_grid = charts.log_grid(1e10, 1e15)
    by_data = pd.DataFrame({"D": d_grid,
                            "P_opt": sun.optimal_precision_for_data(d_grid, block, values)})
    chart = charts.curves(curve, "C", "P", x_title="compute C = (6/16) P N D [FLOP]",
                          y_title="cost-effective precision P [bits]")
    st.altair_chart(chart)
    inside = curve[(curve["C"] >= 1e21) & (curve["C"] <= 1e31)]
    st.markdown(f"Minimising the loss over N, D and P at fixed compute (App. E.3, optimal "
                f"layout at each P): for C from 1e21 to 1e31 FLOP the best precision runs "
                f"from {inside['P'].min():.2f} to {inside['P'].max():.2f} bits "
                f"(the paper: between 4 and 8 bits with B = 128, Figure 7).")
    st.latex(r"P_{opt}^{\delta+\nu} = \frac{\delta+\nu-\alpha}{n\,\alpha\,\gamma_\rho}"
             r"\,D^{\beta}\log_2 B \quad\text{(Eq. 22, fixed data)}")
    chart_d = charts.curves(by_data, "D", "P_opt", x_title="training tokens D",
                            y_title="cost-effective precision at fixed D [bits]")
    st.altair_chart(chart_d)
    exports.export_panel("sun.compute", chart, curve, paper.bibtex, name="sun-precision")

with tabs[3]:
    st.caption("Eight parameters: a fit takes tens of seconds and each bootstrap resample "
               "a second or two more, so start with few resamples (Fit options). Rows with "
               "E = 0 or M = 0 are left out, since the fitting engine needs positive inputs.")
    result = data.section("sun.data", sun.loss, values, public=[],
                          examples={"Sun 2025 law on the paper's grid, 1% noise":
                                    "sun2025_sweep.csv"})
    if result is not None:
        fit = result["fit"]
        d = charts.log_grid(1e9, 1e15, 80)
        band = fit.predict(N=n_params, D=d, E=e_bits, M=m_bits, B=block)
        chart = charts.curves(band, "D", "value", band=("lower", "upper"),
                              x_title="training tokens D", y_title="loss [nats/token]")
        st.altair_chart(chart)
        fitted_crit = float(sun.critical_data_size(n_params, e_bits, m_bits, block,
                                                   fit.params))
        st.caption(f"Extrapolation of the fit to N = {n_params:.3g}, {fmt}, "
                   f"log2 B = {log2_b:.4g}; critical data size {fitted_crit:.3g} tokens "
                   f"with the fitted constants.")
        exports.export_panel("sun.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="sun-fit")

state.publish("sun.")
