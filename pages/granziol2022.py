"""Granziol et al. 2022: how the learning rate should move with batch size, linearly for
SGD and as the square root for adaptive methods, and where linear scaling saturates."""
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws.papers import granziol2022 as gz
from ui import charts, exports, page, params, state

paper = laws.paper("granziol2022")
page.setup(paper)
page.header(paper)
st.sidebar.subheader("Your reference point")
reference = params.param_sliders(gz.lr_sgd, "gz.ref")
st.latex(gz.lr_sgd.latex())
st.latex(gz.lr_adaptive.latex())
state.shared("gz.logB", 3.0)
b = 10 ** st.slider("log10 batch size you move to [examples]", 0.0, 5.0, step=0.05,
                    key="gz.logB")
c = st.columns(2)
c[0].metric("SGD learning rate", f"{float(gz.lr_sgd(reference, B=b)):.4g}")
c[1].metric("Adam learning rate", f"{float(gz.lr_adaptive(reference, B=b)):.4g}")
batches = np.logspace(0, 5, 200)
rules = pd.concat([
    pd.DataFrame({"rule": "SGD: linear", "B": batches, "lr": gz.lr_sgd(reference, B=batches)}),
    pd.DataFrame({"rule": "Adam: square root", "B": batches,
                  "lr": gz.lr_adaptive(reference, B=batches)})], ignore_index=True)
chart = charts.curves(rules, "B", "lr", color="rule", x_title="batch size B [examples]",
                      y_title="learning rate", log_y=True)
st.altair_chart(chart)
exports.export_panel("gz.rules", chart, rules, paper.bibtex, name="granziol-rules")

st.subheader("Where linear scaling stops (unconfirmed reconstruction)")
st.info("Unconfirmed: this regime formula is a reconstruction from the project's catalog, not checked "
           "against the paper's theorems; its constants are illustrations, not fits.")
with st.expander("Constants of the reconstruction"):
    rmt = params.param_sliders(gz.lr_max_rmt, "gz.rmt", container=st.container())
st.latex(gz.lr_max_rmt.latex())
page.live_law(gz.lr_max_rmt, rmt)
saturation = gz.saturation_batch(rmt)
curve = pd.DataFrame({"B": batches, "lr_max": gz.lr_max_rmt(rmt, B=batches)})
chart = charts.curves(curve, "B", "lr_max", x_title="batch size B [examples]",
                      y_title="largest stable SGD learning rate", log_y=True)
st.altair_chart(chart)
st.markdown(f"Below B = {saturation:.3g} the batch Hessian's top eigenvalue is set by noise "
            f"(2 sigma sqrt(P/B)), so in this form the largest learning rate grows as sqrt(B); "
            f"above it, it approaches 2/lambda_1 = {2 / rmt['lambda_1']:.3g}. (The catalog "
            f"says the rate is linear in B while noise dominates; that does not follow from "
            f"this formula, one more reason to treat it as unconfirmed.)")
exports.export_panel("gz.rmt", chart, curve, paper.bibtex, name="granziol-saturation")
state.publish("gz.")
