"""Heo et al. 2021 (AdamP): effective step size on scale-invariant weights, the norm growth
momentum causes (closed form checked against a run), and SGDP's projection in a simulation."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import heo2021 as heo
from ui import charts, exports, page, state

paper = laws.paper("heo2021")
page.setup(paper)
page.header(paper)
st.latex(heo.effective_step.latex())
st.latex(r"\|w_{t+1}\|_2^2=\|w_t\|_2^2+\eta^2\|p_t\|_2^2"
         r"+2\eta^2\sum_{k=0}^{t-1}\beta^{t-k}\|p_k\|_2^2")
st.caption("Above: the step the direction w/||w|| takes; below: the squared norm under "
           "heavy-ball momentum p_t = beta p_(t-1) + grad_t, w_(t+1) = w_t - eta p_t, when "
           "every gradient is orthogonal to its weight (scale invariance).")
st.info("Equation numbers unconfirmed: the paper states the GD and momentum norm identities "
        "as lemmas in §2, but their numbers could not be checked; this page derives them from "
        "scale invariance and checks them against the simulation below.")
tabs = st.tabs(["Simulation", "Norm growth and momentum", "The projection (SGDP / AdamP)"])


@st.cache_data(show_spinner=False, max_entries=32)
def runs(lr, momentum, steps, dim, noise, seed):
    return heo.compare(lr=lr, momentum=momentum, steps=steps, dim=dim, noise=noise, seed=seed)


with tabs[0]:
    c = st.columns(3)
    state.shared("heo.loglr", -1.0, bounds=(-3.0, 0.5))
    state.shared("heo.beta", 0.9, bounds=(0.0, 0.995))
    state.shared("heo.steps", 200, int, bounds=(10, 2000))
    state.shared("heo.dim", 2, int, bounds=(2, 256))
    state.shared("heo.noise", 0.0, bounds=(0.0, 2.0))
    lr = 10 ** c[0].slider("log10 learning rate eta", -3.0, 0.5, step=0.05, key="heo.loglr")
    beta = c[1].slider("momentum beta", 0.0, 0.995, step=0.005, key="heo.beta")
    steps = c[2].slider("steps", 10, 2000, step=10, key="heo.steps")
    c = st.columns(3)
    dim = c[0].slider("dimension of w", 2, 256, step=1, key="heo.dim")
    noise = c[1].slider("gradient noise (relative, tangent to the sphere)", 0.0, 2.0,
                        step=0.05, key="heo.noise")
    if state.shared("heo.y", "norm", str) not in ("norm", "effective_step", "angle_deg"):
        st.session_state["heo.y"] = "norm"
    y = c[2].radio("Plot", ["norm", "effective_step", "angle_deg"], key="heo.y",
                   format_func={"norm": "weight norm ||w||",
                                "effective_step": "effective step eta/||w||^2",
                                "angle_deg": "angle to the optimum [deg]"}.get)
    frame = runs(lr, beta, steps, dim, noise, 0)
    plot = frame.assign(step=frame["step"] + 1)  # log axis: step 1 is the start
    chart = charts.curves(plot, "step", y, color="optimizer", x_title="step + 1",
                          y_title={"norm": "||w||", "effective_step": "eta / ||w||^2",
                                   "angle_deg": "angle to optimum [deg]"}[y],
                          log_y=y != "angle_deg")
    st.altair_chart(chart)
    summary = heo.growth_summary(frame)
    st.dataframe(summary, hide_index=True, width="stretch",
                 column_config={col: st.column_config.NumberColumn(format="%.4g")
                                for col in summary.columns if col != "optimizer"})
    st.caption("The project page's toy: minimise -<w/||w||, w*/||w*||> from ||w|| = 1, 90 "
               "degrees from the optimum. Momentum SGD lengthens w fastest, so its effective "
               "step collapses; SGDP keeps momentum but removes the radial part of each "
               "update.")
    st.info("The project page reports the 2D toy's norm growing from 1 to 2.93 (momentum "
            "0.9) and to 27.87 (momentum 0.99), but not the learning rate or the number of "
            "steps, so those two numbers cannot be reproduced here.")
    exports.export_panel("heo.sim", chart, frame, paper.bibtex, name="adamp-simulation")

with tabs[1]:
    st.latex(heo.gd_norm_growth.latex())
    st.latex(heo.momentum_amplification.latex())
    momentum_run = frame[frame["optimizer"] == "SGD + momentum"]
    if noise == 0:
        predicted = heo.momentum_norm_sq(1.0, momentum_run["update_norm"].to_numpy()[:-1],
                                         lr, beta)
        error = float(np.max(np.abs(predicted - momentum_run["norm"].to_numpy() ** 2)))
        st.markdown(f"Closed form against the simulated momentum run ({steps} steps): largest "
                    f"difference in ||w||^2 = **{error:.2e}** (rounding).")
    else:
        st.markdown("With gradient noise the update norms are random; the closed form still "
                    "holds run by run (set the noise to 0 to see it checked here).")
    betas = np.linspace(0.0, 0.995, 200)
    amp = pd.DataFrame({"beta": betas, "amplification": heo.momentum_amplification(beta=betas)})
    chart = charts.curves(amp, "beta", "amplification", x_title="momentum beta",
                          y_title="norm growth per step vs no momentum [x]", log_x=False,
                          log_y=True)
    st.altair_chart(chart)
    st.markdown(f"With a steady update norm, momentum multiplies the per-step growth of "
                f"||w||^2 by (1 + beta)/(1 - beta) = "
                f"**{float(heo.momentum_amplification(beta=beta)):.3g}** at beta = {beta:.3g} "
                f"(19 at 0.9, 199 at 0.99).")
    exports.export_panel("heo.amp", chart, amp, paper.bibtex, name="adamp-amplification")

with tabs[2]:
    st.latex(r"\Pi_w(p)=p-(\hat w\cdot p)\,\hat w,\qquad \hat w=\frac{w}{\|w\|_2}")
    st.markdown("SGDP and AdamP apply this to the update when the weight looks "
                "scale-invariant, |cos(grad, w)| < delta / sqrt(dim) (per output channel, then "
                "the whole layer), for parameters of more than one dimension; then the "
                "decoupled weight decay is multiplied by wd_ratio. Official defaults:")
    st.dataframe(pd.DataFrame([{"setting": k, "AdamP default": str(v)}
                               for k, v in heo.ADAMP_DEFAULTS.items()]),
                 hide_index=True, width="stretch")
    st.markdown(f"ResNet-18 on ImageNet (project page): momentum SGD "
                f"**{heo.RESNET18_TOP1['momentum SGD']}%**, SGDP "
                f"**{heo.RESNET18_TOP1['SGDP']}%** top-1.")
    w = np.array([3.0, 4.0])
    p = np.array([1.0, 1.0])
    st.markdown(f"Example: w = (3, 4), p = (1, 1) gives Pi_w(p) = "
                f"({', '.join(f'{v:.2f}' for v in heo.project_radial(w, p))}), orthogonal to w.")

state.publish("heo.")
