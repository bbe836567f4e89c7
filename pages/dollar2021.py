"""Dollár et al. 2021 with EfficientNet folded in: flops, parameters and activations of a
convnet under depth, width and resolution scaling, every strategy's growth exponents, fast
compound scaling (dWr), EfficientNet B0-B7, and a fit of your own family's exponents."""
import pandas as pd
import streamlit as st

import laws
from laws.papers import dollar2021 as dol
from ui import charts, data, exports, page, params, state

paper = laws.paper("dollar2021")
page.setup(paper)
page.header(paper)
st.latex(r"\text{flops} \propto d\,w^2 r^2,\qquad \text{params} \propto d\,w^2,\qquad "
         r"\text{acts} \propto d\,w\,r^2")
st.caption("The complexity model, from the per-layer counts of the authors' code (pycls "
           "conv2d_cx). See also [Bello 2021](/bello2021), which scales ResNets by these "
           "rules' cousins.")
tabs = st.tabs(["Scaling strategies", "Complexity of one network", "EfficientNet B0-B7",
                "Use your data"])

state.shared("dol.log2s", 4.0, bounds=(0.0, 8.0))
state.shared("dol.alpha", dol.DWR_ALPHA, bounds=(1 / 3, 1.0))
state.shared("dol.quantity", "acts", str)
if st.session_state["dol.quantity"] not in ("acts", "params"):
    st.session_state["dol.quantity"] = "acts"


@page.view("dol.")
def strategies(abg_t):
    """Tab "Scaling strategies" below EfficientNet's constants: s, alpha and the plotted
    quantity rerun only this function."""
    c = st.columns(3)
    s = 2 ** c[0].slider("log2 flop factor s", 0.0, 8.0, step=0.5, key="dol.log2s")
    alpha = c[1].slider("fast-scaling alpha (dWr)", 1 / 3, 1.0, step=0.01, key="dol.alpha",
                        help="Share of the flop increase spent on width: 1/3 is uniform dwr, "
                             "1 is width only; the paper recommends 0.8 (Table 4).")
    quantity = c[2].radio("Plot", ["acts", "params"], horizontal=True, key="dol.quantity",
                          format_func={"acts": "activations", "params": "parameters"}.get)
    st.info("Partly unconfirmed: the Table 4 caption (alpha = 1 is width scaling, 1/3 is "
            "uniform dwr, 0.8 is dWr) is known from secondary quotations, and the table's own "
            "formulas could not be read. The exponents here reproduce those anchors and the "
            "authors' code (pycls: 'd1_w8_g8_r1' gives d ~ s^0.1, w ~ s^0.4, r ~ s^0.05).")
    e_fast = dol.fast_exponents(alpha)
    acts_exp = float(dol.fast_activation_exponent(alpha=alpha))
    st.markdown(f"dWr with alpha = {alpha:.2f}: depth ~ s^{e_fast[0]:.3f}, width ~ "
                f"s^{e_fast[1]:.3f}, resolution ~ s^{e_fast[2]:.3f}; activations grow as "
                f"**s^{acts_exp:.3f}**, x{s ** acts_exp:.3g} at s = {s:.3g} "
                f"(uniform dwr: s^0.833, x{s ** (5 / 6):.3g}).")
    s_grid = charts.log_grid(1.0, 256.0, 60)
    curves = dol.growth_curves(s_grid, quantity, alpha, abg_t)
    chart = charts.curves(curves, "s", quantity, color="strategy",
                          x_title="flop factor s", log_y=True,
                          y_title=f"{'activations' if quantity == 'acts' else 'parameters'}"
                                  f" [x base]")
    st.altair_chart(chart)
    table = dol.strategy_table(s, alpha, abg_t)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={col: st.column_config.NumberColumn(format="%.3f")
                                for col in table.columns if col != "strategy"})
    st.caption("Exponents e of each dimension when flops grow by s (e_d + 2 e_w + 2 e_r = 1), "
               "the multipliers at the chosen s, and the growth of parameters and activations. "
               "Strategies that spend flops on resolution or depth grow activations about as "
               "s; width grows them as sqrt(s).")
    exports.export_panel("dol.strat", chart, curves, paper.bibtex, name="dollar-strategies")


with tabs[0]:
    st.latex(dol.fast_activation_exponent.latex())
    # EfficientNet's constants stay page-wide: the B0-B7 tab reads them
    with st.expander("EfficientNet's alpha, beta, gamma"):
        abg = params.param_sliders(dol.efficientnet_flops, "dol.en", container=st.container())
    try:
        abg_t = (abg["alpha_EN"], abg["beta_EN"], abg["gamma_EN"])
        dol.efficientnet_exponents(*abg_t)
    except ValueError:
        st.error("With these alpha, beta, gamma the flops do not grow (alpha beta^2 gamma^2 "
                 "= 1); the page uses the published 1.2, 1.1, 1.15 instead.")
        abg_t = dol.EFFICIENTNET_ABG
    strategies(abg_t)


@page.view("dol.")
def one_network():
    """Tab "Complexity of one network": d, w and r rerun only this function."""
    c = st.columns(3)
    dims = {}
    for col, (name, label, hi) in zip(c, [("d", "depth multiplier d", 16.0),
                                          ("w", "width multiplier w", 16.0),
                                          ("r", "resolution multiplier r", 4.0)]):
        state.shared(f"dol.{name}", 1.0, bounds=(1.0, hi))
        dims[name] = col.slider(label, 1.0, hi, step=0.05, key=f"dol.{name}")
    m = st.columns(3)
    for box, law, label in zip(m, (dol.flops, dol.params, dol.activations),
                               ("flops", "parameters", "activations")):
        box.metric(f"{label} [x base]", f"{float(law(**dims)):.4g}")
        box.latex(law.latex())
    base = {"depth": 8, "width": 32, "resolution": 224}
    net = {"depth": base["depth"] * dims["d"], "width": base["width"] * dims["w"],
           "resolution": base["resolution"] * dims["r"]}
    exact = dol.count_convnet(**net)
    pure = dol.count_convnet(**base)
    rows = [{"quantity": q, "model [x base]": float(law(**dims)),
             "exact count of a plain convnet [x base]": float(exact[q] / pure[q])}
            for q, law in (("flops", dol.flops), ("params", dol.params),
                           ("acts", dol.activations))]
    frame = pd.DataFrame(rows)
    st.dataframe(frame, hide_index=True, width="stretch")
    st.caption("Exact counts of a plain convnet (8 layers, 32 channels, 224 px, stride-2 "
               "stem, 1000-class head) scaled by d, w, r: the stem and head make them depart "
               "a little from the model.")
    exports.export_panel("dol.one", None, frame, paper.bibtex, name="dollar-complexity")


with tabs[1]:
    one_network()

with tabs[2]:
    st.latex(r"d=\alpha^\phi,\; w=\beta^\phi,\; r=\gamma^\phi,\quad "
             r"\alpha\beta^2\gamma^2\approx 2")
    st.latex(dol.efficientnet_flops.latex())
    abg_now = params.current_values(dol.efficientnet_flops, "dol.en")
    abg_t2 = (abg_now["alpha_EN"], abg_now["beta_EN"], abg_now["gamma_EN"])
    en = dol.efficientnet_table(abg_t2)
    product = abg_t2[0] * abg_t2[1] ** 2 * abg_t2[2] ** 2
    st.markdown(f"alpha beta^2 gamma^2 = **{product:.4f}** (published constants: 1.9203), so "
                f"flops grow about {product:.3g}x per unit of phi.")
    st.dataframe(en, hide_index=True, width="stretch",
                 column_config={col: st.column_config.NumberColumn(format="%.4g")
                                for col in en.columns if col not in ("model", "phi")})
    st.caption("The released B1-B7 coefficients (tensorflow/tpu efficientnet_builder) are "
               "rounded and are not exact powers: B7's depth is 3.1, not 1.2^7 = 3.58.")
    long = pd.concat([
        pd.DataFrame({"model": en["model"], "phi": en["phi"], "series": "released",
                      "flops": en["flops x B0 (released, d w^2 r^2)"]}),
        pd.DataFrame({"model": en["model"], "phi": en["phi"], "series": "pure powers",
                      "flops": en["flops x B0 ((alpha beta^2 gamma^2)^phi)"]})])
    chart = charts.curves(long, "phi", "flops", color="series", x_title="compound coefficient phi",
                          y_title="flops [x B0]", log_x=False, log_y=True)
    st.altair_chart(chart)
    exports.export_panel("dol.en", chart, en, paper.bibtex, name="efficientnet-b0-b7")

with tabs[3]:
    st.markdown("Upload the depth, width, resolution and a measured count (flops, parameters "
                "or activations) of networks in your family: the fit gives the exponents, to "
                "compare with the model's (1, 2, 2) for flops, (1, 2, 0) for parameters and "
                "(1, 1, 2) for activations.")
    law = dol.complexity_fit
    with st.expander("Constants of the fitted relation"):
        start = params.param_sliders(law, "dol.fitc", container=st.container())
    st.latex(law.latex())
    result = data.section("dol.data", law, start, public=[],
                          examples={"Plain convnet scaled by every strategy (exact counts)":
                                    "dollar2021_convnet_family.csv"})
    if result is not None:
        fit = result["fit"]
        m = fit.record.mapping
        runs = fit.data
        s_axis = charts.log_grid(1.0, 64.0, 50)
        d0, w0, r0 = (float(pd.to_numeric(runs[m[v]], errors="coerce").min())
                      for v in ("d", "w", "r"))
        e = dol.fast_exponents(dol.DWR_ALPHA)
        band = fit.predict(d=d0 * s_axis ** e[0], w=w0 * s_axis ** e[1],
                           r=r0 * s_axis ** e[2]).assign(s=s_axis)
        chart = charts.curves(band, "s", "value", band=("lower", "upper"),
                              x_title="flop factor s of dWr scaling from your smallest network",
                              y_title="fitted count", log_y=True)
        st.altair_chart(chart)
        st.caption("Extrapolation with the fit's bootstrap band: your smallest network scaled "
                   "by dWr (alpha = 0.8).")
        exports.export_panel("dol.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="dollar-fit")

state.publish("dol.")
