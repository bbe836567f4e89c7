"""Henighan et al. 2020: L(N) and L(C) per domain (Table 1), the reducible/irreducible
split, the model size a target reducible loss needs, N_opt(C) across domains, your fit."""
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import henighan2020 as hen
from ui import charts, data, exports, page, params, state

paper = laws.paper("henighan2020")
page.setup(paper)
page.header(paper)

if state.shared("hen.domain", "Image 8x8", str) not in hen.DOMAINS:
    st.session_state["hen.domain"] = "Image 8x8"
domain = st.selectbox("Domain (a row of Table 1)", hen.DOMAINS, key="hen.domain")
row = hen.TABLE_1[domain]
axes = [a for a in ("N", "C") if row[a]]
if state.shared("hen.axis", "N", str) not in axes:
    st.session_state["hen.axis"] = axes[0]
axis = st.radio("Scale", axes, horizontal=True, key="hen.axis",
                format_func={"N": "model size N", "C": "compute C"}.get)
if not row["C"]:
    st.info("Table 1 gives only L(N) for this row: its L(C) is the combined text/image loss.")
law = hen.for_domain(hen.LAWS_BY_AXIS[axis], domain)
slug = "".join(ch for ch in domain if ch.isalnum())
with st.expander(f"Constants of {law.title} for {domain} ({law.equation})"):
    values = params.param_sliders(law, f"hen.{axis}.{slug}", container=st.container())
    page.formula_card(law, values)
st.latex(law.latex())
page.live_law(law, values)
var = law.inputs[0]
scale0 = values[f"{axis}_0"]
exponent = values[f"alpha_{axis}"]

tabs = st.tabs(["Loss and its two parts", "Model size for a target", "N_opt(C) across domains",
                "Use your data"])
with tabs[0]:
    x = charts.log_grid(*var.typical)
    total = law(values, **{axis: x})
    frame = pd.DataFrame({axis: x, "total loss": total,
                          "reducible (D_KL)": total - values["L_inf"],
                          "irreducible (entropy)": np.full_like(x, values["L_inf"])})
    long = frame.melt(axis, var_name="part", value_name="loss")
    chart = charts.curves(long, axis, "loss", color="part", x_title=var.label,
                          y_title="loss [nats/token]", log_y=True)
    st.altair_chart(chart)
    if values["L_inf"] > 0:
        with np.errstate(over="ignore", under="ignore"):
            even = float(hen.scale_for_reducible(values["L_inf"], scale0, exponent))
        st.markdown(f"The reducible loss equals the irreducible {values['L_inf']:.3g} "
                    f"nats/token at {axis} = "
                    f"{f'{even:.3g}' if np.isfinite(even) else 'beyond 1e308'} {var.unit}; "
                    f"beyond it most of the "
                    f"loss is the entropy of the data, yet the reducible part keeps falling "
                    f"as a power law (Eq. 1.2).")
    else:
        st.markdown("No irreducible loss is estimated for this row (the paper cannot yet "
                    "estimate the entropy of text), so the whole loss is a power law.")
    tokens = hen.TOKENS_PER_ITEM.get(domain)
    if tokens and domain in hen.TABLE_3:
        c1, _, irr = hen.TABLE_3[domain]
        st.caption(f"Per image ({tokens} tokens): irreducible {irr:g} nats/image and a "
                   f"compute scale of {c1:.2g} PF-days in Table 3; Table 1's fit implies "
                   f"{values['L_inf'] * tokens:.4g} nats/image"
                   + (f" and {hen.per_image_compute_scale(domain):.2g} PF-days."
                      if axis == "C" else "."))
    exports.export_panel("hen.parts", chart, frame, paper.bibtex, name=f"henighan-{slug}-{axis}")


@page.view("hen.")
def size_for_target(domain, axis, var, scale0, exponent):
    """Tab "Model size for a target": its widgets rerun only this function."""
    per_item = domain in hen.TOKENS_PER_ITEM and st.checkbox(
        "Target per image (or per video) rather than per token", key="hen.per_item")
    unit = "nats/image" if per_item else "nats/token"
    tokens = hen.TOKENS_PER_ITEM.get(domain, 1) if per_item else 1
    state.shared("hen.target", 0.0, bounds=(-4.0, 4.0))
    log_target = st.slider(f"log10 target reducible loss [{unit}]", -4.0, 4.0, step=0.05,
                           key="hen.target")
    target = 10 ** log_target
    with np.errstate(over="ignore"):
        needed = float(hen.scale_for_reducible(target / tokens, scale0, exponent))
    shown = f"{needed:.3g}" if np.isfinite(needed) else "beyond 1e308"
    st.metric(f"{var.name} needed", f"{shown} {var.unit}")
    st.markdown(f"A reducible loss (the estimated D_KL) of {target:.3g} {unit} needs "
                f"{axis} = {scale0:.3g} x ({target / tokens:.3g})^(-1/{exponent:.3g}) = "
                f"**{shown}** {var.unit} on this fit"
                + ("." if np.isfinite(needed) else ": with so small an exponent the target "
                   "is out of any reach."))
    targets = np.logspace(-4, 4, 161)
    with np.errstate(over="ignore"):
        needed_all = hen.scale_for_reducible(targets / tokens, scale0, exponent)
    frame = pd.DataFrame({"target": targets, axis: np.where(np.isfinite(needed_all),
                                                            needed_all, np.nan)})
    chart = charts.curves(frame, "target", axis, x_title=f"target reducible loss [{unit}]",
                          y_title=var.label, log_y=True)
    st.altair_chart(chart)
    exports.export_panel("hen.target", chart, frame, paper.bibtex, name="henighan-target")


with tabs[1]:
    size_for_target(domain, axis, var, scale0, exponent)


@page.view("hen.")
def optimal_size(domain, row):
    """Tab "N_opt(C) across domains": its compute slider reruns only this function."""
    c = charts.log_grid(1e-10, 1e4)
    curves = []
    for name in hen.DOMAINS:
        if hen.TABLE_1[name]["N_opt"]:
            c0, b = hen.TABLE_1[name]["N_opt"]
            curves.append(pd.DataFrame({"domain": name, "C": c,
                                        "N_opt": hen.n_opt({"C_0": c0, "beta": b}, C=c)}))
    frame = pd.concat(curves, ignore_index=True)
    chart = charts.curves(frame, "C", "N_opt", color="domain", x_title="compute C [PF-days]",
                          y_title="optimal model size N_opt", log_y=True)
    st.altair_chart(chart)
    betas = pd.DataFrame([{"domain": name, "C_0 [PF-days]": r["N_opt"][0],
                           "beta": r["N_opt"][1],
                           "D ~ N^p, p": hen.data_exponent(r["N_opt"][1])}
                          for name, r in hen.TABLE_1.items() if r["N_opt"]])
    st.dataframe(betas, hide_index=True, column_config={
        c_: st.column_config.NumberColumn(format="%.3g") for c_ in betas.columns[1:]})
    st.markdown(f"The exponents lie between {betas['beta'].min():.2f} and "
                f"{betas['beta'].max():.2f} (median {betas['beta'].median():.2f}; the paper "
                f"summarises them as beta ~ 0.7). If each token is seen once, D ~ C^(1-beta), "
                f"so the dataset grows only as N^{hen.data_exponent(betas['beta'].median()):.2f}"
                f" (§2.3), a sub-linear scaling Chinchilla later revised.")
    if row["N_opt"]:
        state.shared("hen.logC", 0.0, bounds=(-10.0, 4.0))
        log_c = st.slider("log10 compute [PF-days]", -10.0, 4.0, step=0.1, key="hen.logC")
        c0, b = row["N_opt"]
        n_best = float(hen.n_opt({"C_0": c0, "beta": b}, C=10 ** log_c))
        st.markdown(f"For {domain} at C = {10 ** log_c:.3g} PF-days: N_opt = **{n_best:.3g}** "
                    f"parameters, trained on E = C/(6N) = "
                    f"{float(hen.tokens_for_compute(10 ** log_c, n_best)):.3g} tokens.")
    exports.export_panel("hen.nopt", chart, frame, paper.bibtex, name="henighan-nopt")


with tabs[2]:
    optimal_size(domain, row)


def extrapolate(result):
    fit = result["fit"]
    column = fit.record.mapping["x"]
    seen = pd.to_numeric(fit.data[column], errors="coerce")
    lo, hi = float(seen.min()), float(seen.max())
    grid = charts.log_grid(lo, hi * 100, 120)
    band = fit.predict(x=grid)
    fitted = fit.params
    band["irreducible"] = fitted["L_inf"]
    chart = charts.curves(band, "x", "value", band=("lower", "upper"),
                          x_title=f"{column} (x)", y_title="loss")
    rule = alt.Chart(pd.DataFrame({"L_inf": [fitted["L_inf"]]})).mark_rule(
        strokeDash=[6, 4], color="#D55E00").encode(y="L_inf:Q")
    st.altair_chart(alt.layer(chart, rule))
    st.caption(f"Extrapolation to 100x the largest run, with the bootstrap band; dashed: the "
               f"fitted irreducible loss {fitted['L_inf']:.4g}.")
    exports.export_panel("hen.fit", chart, band, paper.bibtex, fit=fit,
                         source=result["runs"].code, name="henighan-fit")


with tabs[3]:
    st.latex(hen.power.latex())
    data.section("hen.data", hen.power, hen.power.defaults, public=[],
                 examples={"Video VQ L(N), Table 1, 2% noise": "henighan2020_sweep.csv"},
                 derived={"x where reducible = irreducible":
                          lambda p: p["x_0"] * p["L_inf"] ** (-1.0 / p["alpha"])},
                 extrapolation=extrapolate)

state.publish("hen.")
