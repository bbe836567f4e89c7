"""Wortsman et al. 2023: final loss vs learning rate per model size, the LR sensitivity of
each recipe, and how qk-layernorm / z-loss flatten the curves; on a synthetic example
sweep or your own."""
import csv
import math
from pathlib import Path

import pandas as pd
import streamlit as st

import laws
from laws import logs
from laws.papers import wortsman2023 as wm
from ui import charts, data, exports, page, state

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "wortsman2023_lr_sweep.csv"
NONE = "(none: one recipe)"


@st.cache_data(show_spinner=False)
def example() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE)


paper = laws.paper("wortsman2023")
page.setup(paper)
page.header(paper)
st.latex(wm.SENSITIVITY_TEX)
st.info("Unconfirmed: the exact form of the metric (the cap at the loss at initialisation "
        "l_0) and the range [a, b] = [3e-4, 3e-1] come from reading notes of the paper, not "
        "from its text; the paper's own words confirm only that LR sensitivity is the "
        "deviation from optimal performance when the LR varies across orders of magnitude. "
        "Both the range and the cap are yours to set below.")

c = st.columns(4)
state.shared("wort.lo", math.log10(wm.LR_RANGE[0]), bounds=(-6.0, 1.0))
state.shared("wort.hi", math.log10(wm.LR_RANGE[1]), bounds=(-6.0, 1.0))
state.shared("wort.l0", round(float(wm.loss_init(V=wm.VOCAB)), 3), bounds=(0.1, 50.0))
state.shared("wort.tol", 1.0, bounds=(0.1, 10.0))
lo = c[0].slider("log10 a (lowest LR)", -6.0, 1.0, step=0.05, key="wort.lo")
hi = c[1].slider("log10 b (highest LR)", -6.0, 1.0, step=0.05, key="wort.hi")
l0 = c[2].number_input("Cap l_0 [nats/token]", 0.1, 50.0, step=0.1, key="wort.l0",
                       help="Loss at initialisation: ln V for a uniform prediction over a "
                            "vocabulary of V tokens (ln 32000 = 10.37).")
tol = c[3].slider("Near-optimal: within % of the best loss", 0.1, 10.0, step=0.1,
                  key="wort.tol") / 100
if lo >= hi:
    st.error(f"The range needs a < b; you set a = {10 ** lo:.3g} and b = {10 ** hi:.3g}. "
             f"The default range is used until you fix it.")
    lo, hi = math.log10(wm.LR_RANGE[0]), math.log10(wm.LR_RANGE[1])


def uploaded_sweep():
    """The user's sweep with its columns mapped, or None (with a message)."""
    upload = st.file_uploader("A CSV with one row per run: model size, learning rate, final "
                              "loss (empty or NaN for a diverged run) and, optionally, the "
                              "recipe", type=["csv", "tsv", "txt"], key="wort.upload")
    if upload is None:
        st.info("Upload a sweep to see its curves, optima and LR sensitivity; the page keeps "
                "everything else as it is.")
        return None
    try:
        frame = data.read_table(upload.name, upload.getvalue())
    except logs.LogFormatError as err:
        st.error(str(err))
        return None
    except csv.Error:  # the delimiter sniffer gives up on some binary files
        st.error(f"{upload.name} could not be read as a table. Save it as a comma-separated "
                 f"file with one header row.")
        return None
    numeric = data.numeric_columns(frame)
    if len(numeric) < 3:
        st.error("The table needs three numeric columns: model size, learning rate and final "
                 "loss. Its columns are listed below.")
        st.dataframe(pd.DataFrame({"column": [str(x) for x in frame.columns]}), hide_index=True)
        return None
    guess = {"N": ("n", "size", "params", "model_size", "parameters"),
             "lr": ("lr", "learning_rate", "eta"), "loss": ("loss", "final_loss", "val_loss")}
    cols = st.columns(4)
    chosen = {}
    for box, (name, names) in zip(cols, guess.items()):
        default = next((x for x in numeric if x.lower() in names), numeric[len(chosen)])
        chosen[name] = box.selectbox(name, numeric, index=numeric.index(default),
                                     key=f"wort.map.{name}")
    others = [NONE] + [str(x) for x in frame.columns if x not in chosen.values()]
    default = next((i for i, x in enumerate(others) if x.lower() in ("variant", "recipe")), 0)
    variant = cols[3].selectbox("recipe", others, index=default, key="wort.map.variant")
    chosen["variant"] = None if variant == NONE else variant
    sweep, notes = wm.clean_sweep(frame, chosen)
    for note in notes:
        st.warning(note)
    if sweep.empty:
        st.error("No row has a positive model size and learning rate.")
        return None
    return sweep


if state.shared("wort.source", "Synthetic example", str) not in ("Synthetic example",
                                                                  "Upload a CSV"):
    st.session_state["wort.source"] = "Synthetic example"
source = st.radio("Sweep", ["Synthetic example", "Upload a CSV"], horizontal=True,
                  key="wort.source")
if source == "Synthetic example":
    st.caption("SYNTHETIC: made up by `data/make_wortsman_example.py` to have the shape the "
               "paper reports, not its numbers.")
    sweep = example()
else:
    sweep = uploaded_sweep()
if sweep is None:
    state.publish("wort.")
    st.stop()

table = wm.sensitivity_table(sweep, l0, (10 ** lo, 10 ** hi), tol)
plotted = wm.curves(sweep, l0)
variants = sorted(plotted["variant"].unique().tolist())
tabs = st.tabs(["Loss vs learning rate", "LR sensitivity vs size", "Optima and ranges",
                "z-loss"])
with tabs[0]:
    shown = st.selectbox("Recipe", variants, key="wort.variant")
    frame = plotted[plotted["variant"] == shown]
    best = table[(table["variant"] == shown) & table["optimum_lr"].notna()]
    marks = pd.DataFrame({"lr": best["optimum_lr"], "capped_loss": best["best_loss"],
                          "label": [f"optimum, N = {n:.3g}" for n in best["N"]]})
    chart = charts.curves(frame, "lr", "capped_loss", color="model", x_title="learning rate",
                          y_title="final loss, capped at l_0 [nats/token]",
                          points=frame[frame["diverged"]][["lr", "capped_loss", "model"]],
                          marks=marks)
    st.altair_chart(chart)
    st.caption(f"Diverged runs (points) are drawn at the cap l_0 = {l0:.3g}. Diamonds: the "
               f"optimum of a parabola in log LR through each size's best run and its "
               f"neighbours.")
    exports.export_panel("wort.curves", chart, frame, paper.bibtex, name="wortsman-loss-vs-lr")
    sizes = sorted(plotted["N"].unique().tolist())
    size = st.selectbox("Every recipe at one model size", sizes, index=len(sizes) - 1,
                        format_func=lambda n: f"N = {n:.3g}", key="wort.size")
    one = plotted[plotted["N"] == size]
    chart = charts.curves(one, "lr", "capped_loss", color="variant", x_title="learning rate",
                          y_title="final loss, capped at l_0 [nats/token]",
                          points=one[one["diverged"]][["lr", "capped_loss", "variant"]])
    st.altair_chart(chart)
    exports.export_panel("wort.size", chart, one, paper.bibtex, name="wortsman-recipes")
with tabs[1]:
    ok = table[table["lr_sensitivity"].notna()]
    if ok.empty:
        st.warning(f"No recipe has a run with a finite loss between {10 ** lo:.3g} and "
                   f"{10 ** hi:.3g}: widen the range.")
    else:
        chart = charts.curves(ok, "N", "lr_sensitivity", color="variant",
                              x_title="model size N [parameters]",
                              y_title="LR sensitivity [nats/token]",
                              points=ok[["N", "lr_sensitivity", "variant"]],
                              point_color="variant")
        st.altair_chart(chart)
        last = ok.sort_values("N").groupby("variant").tail(1)
        st.markdown("At the largest size: " + "; ".join(
            f"{r.variant}: {r.lr_sensitivity:.3f}" for r in last.itertuples()) +
            f" (LR range {10 ** lo:.3g} to {10 ** hi:.3g}, cap {l0:.3g}).")
        exports.export_panel("wort.sens", chart, ok, paper.bibtex, name="wortsman-sensitivity")
with tabs[2]:
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.4g") for c in
                                ("N", "best_lr", "best_loss", "optimum_lr", "near_optimal_lo",
                                 "near_optimal_hi", "lr_sensitivity")})
    st.caption(f"Near-optimal range: learning rates whose loss is within {tol:.1%} of the "
               f"size's best run (laws.plateau). A range that reaches the edge of the sweep "
               f"means the sweep does not bracket it.")
with tabs[3]:
    st.latex(wm.z_loss.latex())
    st.info("The coefficient 1e-4 (PaLM's) is from reading notes of Section 3.2, "
            "unconfirmed against the paper's text.")
    state.shared("wort.logZ", 10.0, bounds=(0.0, 100.0))
    log_z = st.slider("log Z [nats]", 0.0, 100.0, step=0.5, key="wort.logZ")
    st.metric("z-loss added to the cross-entropy [nats]",
              f"{float(wm.z_loss(logZ=max(log_z, 1e-12))):.4g}")
    st.markdown("Without it, output logits can drift far from the log-probabilities (log Z "
                "grows) late in training at high learning rates; the penalty pulls log Z "
                "back towards 0.")
state.publish("wort.")
