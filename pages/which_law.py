"""Which law should I trust? One dataset, every law family that fits its shape, each
scored on the largest runs it did not see, and all of them extrapolated with bands."""
import pandas as pd
import streamlit as st

import laws
from laws import FitError, compare as cmp
from ui import compare as ui_cmp, data, exports, page, state

page.use_app_navigation()
st.title("Which law should I trust?")
st.write("Every scaling law fits the runs it was fitted on. The question is which one "
         "predicts the runs it has not seen. Pick a dataset: every law family that fits its "
         "shape is fitted to the smaller runs with the same recipe, scored on the largest "
         "runs, then refitted on all runs and extrapolated, with bootstrap bands.")

PUBLIC = ["chinchilla", "revisiting_lang", "gadre2024", "datablations_default_fit"]
EXAMPLES = {"Chinchilla-like sweep (N, D, loss)": "hoffmann2022_sweep.csv",
            "Kaplan-like sweep (N, D, loss)": "kaplan2020_sweep.csv",
            "W&B export of loss curves": "example_wandb_export.csv"}
BIBTEX = "\n\n".join(dict.fromkeys(laws.paper(f.law_id.split(".")[0]).bibtex
                                   for f in cmp.FAMILIES))


@st.cache_resource(show_spinner=False, max_entries=32)
def comparison(frame, columns, holdout, ratio, bootstrap=0, refit=False):
    """Point fits of every family (cached); with ``bootstrap``, the same fits with bands.
    The default view's fits are restored from data/ (laws.compare.SHIPPED) unless
    ``refit``; any other inputs are fitted here."""
    saved = None if refit else cmp.shipped(frame, columns, holdout, ratio)
    if bootstrap:
        return cmp.with_bands(comparison(frame, columns, holdout, ratio, 0, refit), bootstrap,
                              saved=(saved or {}).get("banded"))
    return cmp.compare(frame, **columns, holdout=holdout, bootstrap=0, ratio=ratio,
                       saved=(saved or {}).get("point"))


def show(comp, target, decades, scale_title, y_title):
    """Chart, verdict, ranking, held-out errors and each family's warnings; returns the
    extrapolation chart and its table (None when no family was fitted)."""
    for note in comp.notes:
        st.caption(note)
    table = comp.table()
    fitted = table[table["status"] == "fitted"]
    if fitted.empty:
        st.error("No family could be fitted to these runs; the table says why.")
        st.dataframe(table, hide_index=True)
        return None
    curves = comp.extrapolation(target)
    chart = ui_cmp.chart(comp, target, scale_title, y_title, curves=curves)
    st.altair_chart(chart)
    best = next(r for r in comp.results if r.family.name == fitted.iloc[0]["family"])
    st.markdown(ui_cmp.verdict(comp, best, target, decades))
    st.latex(best.family.law.latex())
    st.caption(f"{best.family.law_id}: {best.family.assumes}")
    st.subheader("Ranked by error on the held-out runs")
    ui_cmp.ranking(table)
    st.altair_chart(ui_cmp.held_out_chart(comp, scale_title))
    st.subheader("Warnings and assumptions of each family")
    for r in comp.results:
        with st.expander(f"{r.family.name} ({r.family.law_id}): "
                         + (f"{len(r.warnings)} warning(s)" if r.ok else r.error)):
            st.latex(r.family.law.latex())
            st.write(r.family.assumes)
            for w in r.warnings:
                st.markdown(f"- {w}")
            if r.full is not None:
                st.dataframe(pd.DataFrame([r.full.params]), hide_index=True)
    return chart, curves


runs = data.choose_runs("wl", laws.get("hoffmann2022.loss"), PUBLIC, EXAMPLES)
if runs is None:
    st.stop()
ui_cmp.forget_choices_of_another_table("wl", runs.origin)
dataset = st.session_state.get("wl.dataset") if runs.origin.startswith("public") else None
frame = ui_cmp.filter_rows("wl", runs.frame, ui_cmp.PRESETS.get(dataset))
duplicated = frame.duplicated()
if duplicated.any():
    st.caption(f"{int(duplicated.sum())} exact duplicate rows were dropped.")
    frame = frame[~duplicated]
if len(frame) > data.MAX_FIT_RUNS:
    st.error(f"The table has {len(frame):,} rows; a comparison takes at most "
             f"{data.MAX_FIT_RUNS:,} runs (one row per run). Narrow it with the filters "
             f"above, or reduce it to one row per run.")
    st.stop()
columns = ui_cmp.choose_columns("wl", frame, data.numeric_columns(frame))
if columns is None:
    st.stop()
# The extrapolation's reach only redraws; the resamples and the split below refit.
c1, c2, c3 = st.columns(3)
state.shared("wl.decades", 1.0, bounds=(0.0, 4.0))
decades = c1.slider("Extrapolate beyond the largest run by (decades of scale)", 0.0, 4.0,
                    step=0.25, key="wl.decades")
state.shared("wl.boot", 40, int, bounds=(0, 200))
bootstrap = c2.slider("Bootstrap resamples per fit", 0, 200, step=10, key="wl.boot",
                      help="0 for no bands. Both fits of every family (backtest and all "
                           "runs) get this many resamples; the point fits are not redone.")
ratio = None
if columns["N"] is not None:
    ratio = c3.number_input("Tokens per parameter of the extrapolation (D/N)", 0.1, 1e5,
                            value=None, key="wl.ratio", placeholder="median of held-out runs")
holdout = ui_cmp.choose_split("wl", frame)
state.publish("wl.")

scale_title = ("training compute C = 6ND [FLOPs]" if columns["x"] is None
               else f"scale ({columns['x']})")
# The default view's fits ship precomputed (data/make_which_law_default.py); "Refit now"
# redoes them here for the rest of the session.
refit = page.refit_requested("wl")
shipped = None if refit else cmp.shipped(frame, columns, holdout, ratio)
if shipped is not None:
    page.shipped_notice("wl", "These fits were computed ahead with the same runs, choices "
                        "and recipe (refitting takes a minute or more)", cmp.SHIPPED,
                        "make_which_law_default.py")
# Point fits first, then the same fits with bootstrap bands, drawn in place; the first
# phase is skipped when the banded fits are at hand (shipped, or made earlier in this
# session), so a rerun draws the charts once.
banded = st.session_state.setdefault("wl.banded", set())
inputs = (cmp.inputs_key(frame, columns, holdout, ratio), bootstrap, refit)
ready = inputs in banded or (shipped is not None and bootstrap == cmp.DEFAULT["bootstrap"])
slot = st.empty()
for resamples in [bootstrap] if ready else dict.fromkeys([0, bootstrap]):
    try:
        with st.spinner(f"Adding {resamples} bootstrap resamples to every fit..." if resamples
                        else "Fitting every family (backtest, then all runs)..."):
            comp = comparison(frame, columns, holdout, ratio, resamples, refit)
    except FitError as err:
        st.error(f"The comparison could not be made: {err}")
        st.stop()
    target = float(comp.data["scale"].max()) * 10 ** decades
    with slot.container():
        shown = show(comp, target, decades, scale_title, columns["y"])
banded.add(inputs)

if shown is not None:
    exports.export_panel("wl.export", *shown, BIBTEX, name="which-law")
    st.download_button("Ranking (CSV)", comp.table().to_csv(index=False),
                       file_name="which-law.csv", mime="text/csv", key="wl.table_csv")
