"""Bello et al. 2021 (ResNet-RS): the family's accuracy against latency, the best model
within a budget, the scaling rules as a planner, and how fast resolution grows with compute
in the family (and in yours)."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import bello2021 as rs
from ui import charts, data, exports, page, params, state

paper = laws.paper("bello2021")
page.setup(paper)
page.header(paper)
st.markdown("**The paper's scaling strategies** (abstract): (1) scale model **depth** in "
            "regimes where overfitting can occur, **width** otherwise; (2) increase image "
            "**resolution more slowly** than previously recommended (than EfficientNet). "
            "Flops are spent with the complexity model of [Dollár 2021](/dollar2021):")
st.latex(r"\text{flops} \propto d\,w^2 r^2")
tabs = st.tabs(["ResNet-RS family", "Scaling planner", "How slowly does resolution grow?",
                "Use your data"])
family = rs.family_table()


@page.view("rs.")
def family_view():
    """Tab "ResNet-RS family": its widgets rerun only this function."""
    if state.shared("rs.device", "TPUv3", str) not in ("TPUv3", "V100"):
        st.session_state["rs.device"] = "TPUv3"
    device = st.radio("Latency measured on", ["TPUv3", "V100"], horizontal=True,
                      key="rs.device")
    col = "tpu_latency_ms" if device == "TPUv3" else "v100_latency_s"
    unit = "ms" if device == "TPUv3" else "s"
    lo, hi = float(family[col].min()), float(family[col].max())
    state.shared("rs.budget_log", float(np.log10(500.0 if device == "TPUv3" else 2.0)),
                 bounds=(np.log10(lo) - 0.3, np.log10(hi) + 0.1))
    st.session_state["rs.budget_log"] = min(max(st.session_state["rs.budget_log"],
                                                np.log10(lo) - 0.3), np.log10(hi) + 0.1)
    budget = 10 ** st.slider(f"log10 latency budget [{unit}]", float(np.log10(lo) - 0.3),
                             float(np.log10(hi) + 0.1), step=0.01, key="rs.budget_log")
    best = rs.best_within(budget, "tpu" if device == "TPUv3" else "v100")
    if best is None:
        st.info(f"No ResNet-RS configuration runs within {budget:.3g} {unit}; the fastest, "
                f"ResNet-RS-50 at 160 px, takes {lo:.3g} {unit}.")
    else:
        st.metric(f"Most accurate within {budget:.3g} {unit}", best["model"],
                  f"{best['top1']:.1f}% top-1", delta_color="off")
    points = family.rename(columns={col: "latency"})
    chart = charts.curves(points, "latency", "top1", x_title=f"{device} latency [{unit}]",
                          y_title="ImageNet top-1 [%]", log_y=False,
                          points=points[["latency", "top1", "model", "resolution"]],
                          point_color="resolution")
    st.altair_chart(chart)
    st.dataframe(family, hide_index=True, width="stretch")
    st.caption("Resolution, latencies and top-1 as the official README publishes them "
               "(V100 float32, TPUv3 bfloat16, training batch 128 halved until it fits). "
               "Blocks per stage from timm's definitions; compute = blocks x resolution^2 "
               "relative to ResNet-RS-50 at 160 px. Depth grows 50 -> 420 while resolution "
               "grows only 160 -> 320 (EfficientNet-B7 uses 600 px). Abstract: 1.7-2.7x "
               "faster than EfficientNets on TPUs at similar accuracy; 86.2% top-1 "
               "semi-supervised, 4.7x faster than EfficientNet-NoisyStudent.")
    exports.export_panel("rs.family", chart, family, paper.bibtex, name="resnet-rs-family")


with tabs[0]:
    family_view()


@page.view("rs.")
def scaling_planner_view():
    """Tab "Scaling planner": its widgets rerun only this function."""
    st.info("The paper does not say how many epochs make overfitting possible; decide it "
            "for your setting (long schedules on a fixed dataset, weak regularisation, few "
            "images per class). A '10 epochs: width, 350 epochs: depth' reading circulates "
            "but is not confirmed here. ResNet-RS itself trains for 350 epochs and scales "
            "depth.")
    c = st.columns(3)
    state.shared("rs.log2s", 4.0, bounds=(0.0, 8.0))
    s = 2 ** c[0].slider("log2 flop factor s", 0.0, 8.0, step=0.5, key="rs.log2s")
    if state.shared("rs.regime", "overfitting possible", str) not in (
            "overfitting possible", "no overfitting"):
        st.session_state["rs.regime"] = "overfitting possible"
    regime = c[1].radio("Your regime", ["overfitting possible", "no overfitting"],
                        key="rs.regime")
    state.shared("rs.k", round(rs.RS_EXPONENT, 3), bounds=(0.0, 0.5))
    k = c[2].slider("resolution exponent k (r ~ s^k)", 0.0, 0.5, step=0.005, key="rs.k",
                    help=f"Default: the ResNet-RS family's own, {rs.RS_EXPONENT:.3f} "
                         f"(regression value); EfficientNet: {rs.EN_EXPONENT:.3f}.")
    overfit = regime == "overfitting possible"
    table = rs.plan_table(s, overfit, k)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={col: st.column_config.NumberColumn(format="%.3f")
                                for col in table.columns if col != "strategy"})
    st.markdown(f"To grow flops {s:.3g}x: resolution x{s ** k:.3g}, and "
                + (f"**depth** x{s ** (1 - 2 * k):.3g} (width kept)." if overfit else
                   f"**width** x{s ** ((1 - 2 * k) / 2):.3g} (depth kept)."))
    s_grid = charts.log_grid(1.0, 256.0, 60)
    rows = []
    for name, ov in (("depth + slow resolution", True), ("width + slow resolution", False)):
        e = rs.plan(1.0, ov, k)
        rows.append(pd.DataFrame({"plan": name, "s": s_grid,
                                  "acts": s_grid ** e["acts exponent"]}))
    rows.append(pd.DataFrame({"plan": "EfficientNet", "s": s_grid,
                              "acts": s_grid ** float(table["acts exponent"].iloc[1])}))
    curves = pd.concat(rows, ignore_index=True)
    chart = charts.curves(curves, "s", "acts", color="plan", x_title="flop factor s",
                          y_title="activations [x base]", log_y=True)
    st.altair_chart(chart)
    st.caption("Activations (a runtime proxy on GPUs, Dollár et al.) of each plan: depth "
               "scaling grows them as fast as flops, width scaling about as sqrt(s).")
    exports.export_panel("rs.plan", chart, curves, paper.bibtex, name="resnet-rs-plan")


with tabs[1]:
    scaling_planner_view()


@page.view("rs.")
def resolution_growth_view():
    """Tab "How slowly does resolution grow?": its widgets rerun only this function."""
    law = rs.resolution_rule
    values = params.param_sliders(law, "rs.rule", container=st.container())
    st.latex(law.latex())
    page.live_law(law, values)
    st.caption("Not the paper's formula: the sliders start at a least-squares fit to the "
               "ResNet-RS family (regression values, r_0 = %.1f px, k = %.4f); the paper "
               "states the rule in words only." % (rs.RS_R0, rs.RS_EXPONENT))
    c_grid = charts.log_grid(1.0, 100.0, 80)
    rules = [("ResNet-RS fit", None), ("EfficientNet (from 224 px)", rs.EFFICIENTNET_RULE)]
    if any(abs(values[n] - law.defaults[n]) > 1e-9 * max(1.0, law.defaults[n])
           for n in law.param_names):
        rules.insert(0, ("your constants (sliders)", values))
    lines = pd.concat([pd.DataFrame({"rule": name, "compute": c_grid,
                                     "resolution": law(p, C=c_grid)}) for name, p in rules],
                      ignore_index=True)
    chart = charts.curves(lines, "compute", "resolution", color="rule",
                          x_title="compute [x smallest model]", y_title="resolution [px]",
                          log_y=True, points=family[["compute", "resolution", "model"]])
    st.altair_chart(chart)
    st.markdown(f"Measured against compute, the ResNet-RS family's resolution exponent "
                f"(**{rs.RS_EXPONENT:.3f}**, regression value) is close to EfficientNet's "
                f"({rs.EN_EXPONENT:.3f}); the family is slow in absolute terms: it starts at "
                f"160 px and reaches 320 px at {family['compute'].max():.3g}x RS-50's compute, "
                f"where EfficientNet's rule from 224 px gives "
                f"{224 * family['compute'].max() ** rs.EN_EXPONENT:.0f} px.")
    exports.export_panel("rs.rule", chart, lines, paper.bibtex, name="resnet-rs-resolution")


with tabs[2]:
    resolution_growth_view()

with tabs[3]:
    st.markdown("Upload your family's compute (as a multiple of the smallest model, or flops) "
                "and input resolution to measure how fast your resolution grows.")
    law = rs.resolution_rule
    result = data.section("rs.data", law, params.current_values(law, "rs.rule"), public=[],
                          examples={"ResNet-RS family (README table)": "bello2021_resnetrs.csv"})
    if result is not None:
        fit = result["fit"]
        x = pd.to_numeric(fit.data[fit.record.mapping["C"]], errors="coerce")
        grid = charts.log_grid(float(x.min()), float(x.max()) * 10, 60)
        band = fit.predict(C=grid)
        chart = charts.curves(band, "C", "value", band=("lower", "upper"),
                              x_title="compute", y_title="resolution [px]", log_y=True)
        st.altair_chart(chart)
        st.caption("Extrapolation to 10x your largest model, with the bootstrap band.")
        exports.export_panel("rs.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="resnet-rs-fit")

state.publish("rs.")
