"""Which law should I trust? One dataset, every law family that fits its shape, each
scored on the largest runs it did not see, and all of them extrapolated with bands.

The runs, the split, the resamples and the families are costly (every family is refitted):
they are gathered in one box and fitted once per press of "Compare". The result shown is
the last comparison, with a caption naming its inputs; how far to extrapolate (and along
which D/N) only redraws it. Each box is a fragment, so changing an input reruns the box
alone and moving the view reruns the result alone."""
import dataclasses
import time

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import laws
from laws import FitError
from laws import compare as cmp
from ui import compare as ui_cmp
from ui import data, exports, page, state
from ui.text import plain

page.use_app_navigation()
st.title("Which law should I trust?")
st.write("Every scaling law fits the runs it was fitted on. The question is which one "
         "predicts the runs it has not seen. Pick a dataset: every law family that fits its "
         "shape is fitted to the smaller runs with the same recipe, scored on the largest "
         "runs, then refitted on all runs and extrapolated, with bootstrap bands. Choose the "
         "runs and the settings, then press **Compare**: the fits run once per press.")

PUBLIC = ["chinchilla", "revisiting_lang", "gadre2024", "datablations_default_fit"]
EXAMPLES = {"Chinchilla-like sweep (N, D, loss)": "hoffmann2022_sweep.csv",
            "Kaplan-like sweep (N, D, loss)": "kaplan2020_sweep.csv",
            "W&B export of loss curves": "example_wandb_export.csv"}
BIBTEX = "\n\n".join(dict.fromkeys(laws.paper(f.law_id.split(".")[0]).bibtex
                                   for f in cmp.FAMILIES))
#: Inputs kept in the URL that refit: the URL carries those of the result shown, so a
#: copied link opens that result (the view settings are published as they move).
REFIT_KEYS = ("wl.source", "wl.mode", "wl.holdout", "wl.boot")
SHOWN = "wl.shown"


@st.cache_resource(show_spinner=False, max_entries=96)
def family_comparison(frame, columns, holdout, law_id, bootstrap=0, refit=False):
    """One family's comparison (point fits, cached; with ``bootstrap``, the same fits with
    bands). Fits shipped in data/ (laws.compare.SHIPPED) are restored unless ``refit``."""
    saved = None if refit else cmp.shipped(frame, columns, holdout, None)
    if bootstrap:
        return cmp.with_bands(family_comparison(frame, columns, holdout, law_id, 0, refit),
                              bootstrap, saved=(saved or {}).get("banded"))
    family = next(f for f in cmp.FAMILIES if f.law_id == law_id)
    return cmp.compare(frame, **columns, holdout=holdout, bootstrap=0, families=[family],
                       saved=(saved or {}).get("point"))


def compare_now(inputs: dict, refit: bool) -> bool:
    """Fit every chosen family (a progress bar per step) and keep the result as the one
    shown; False (with the reason on the page) when the runs cannot be compared."""
    fams, boot = inputs["families"], inputs["bootstrap"]
    steps = [(f, 0) for f in fams] + [(f, boot) for f in fams if boot]
    bar, parts, start = st.progress(0.0), {}, time.perf_counter()
    try:
        for i, (fam, resamples) in enumerate(steps):
            bar.progress(i / len(steps), text=(
                f"Adding {resamples} bootstrap resamples to {fam.name}" if resamples else
                f"Fitting {fam.name} to the smaller runs, then to all") + f" ({i + 1} of "
                f"{len(steps)})")
            parts[fam.law_id] = family_comparison(inputs["frame"], inputs["columns"],
                                                  inputs["holdout"], fam.law_id, resamples,
                                                  refit)
    except FitError as err:
        st.error(f"The comparison could not be made: {err}")
        return False
    finally:
        bar.empty()
    comp = dataclasses.replace(next(iter(parts.values())),
                               results=[parts[f.law_id].results[0] for f in fams])
    shipped = not refit and cmp.shipped(inputs["frame"], inputs["columns"],
                                        inputs["holdout"], None) is not None
    st.session_state[SHOWN] = {**inputs, "comp": comp, "shipped": shipped,
                               "seconds": time.perf_counter() - start}
    return True


def chosen_inputs() -> dict | None:
    """The runs and the settings of the box; None (with a sentence) without a usable table."""
    runs = data.choose_runs("wl", laws.get("hoffmann2022.loss"), PUBLIC, EXAMPLES)
    if runs is None:
        return None
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
        return None
    columns = ui_cmp.choose_columns("wl", frame, data.numeric_columns(frame))
    if columns is None:
        return None
    holdout = ui_cmp.choose_split("wl", frame)
    shape = "ND" if columns["N"] is not None else "x"
    offered = {f.name: f for f in cmp.families_for(shape)}
    if st.session_state.get("wl._offered") != list(offered):  # a new shape: all offered
        st.session_state["wl._offered"] = list(offered)
        st.session_state["wl.families"] = list(offered)
    c1, c2 = st.columns([1, 3])
    state.shared("wl.boot", 40, int, bounds=(0, 200))
    bootstrap = c1.number_input(
        "Bootstrap resamples per fit", 0, 200, step=10, key="wl.boot",
        help="0 for no bands. Both fits of every family (backtest and all runs) get this "
             "many resamples; the point fits are not redone.")
    families = [offered[n] for n in c2.multiselect("Law families", list(offered),
                                                   key="wl.families")]
    filters = {k[len("wl.only."):]: v for k, v in st.session_state.items()
               if isinstance(k, str) and k.startswith("wl.only.") and v != ui_cmp.ALL
               and k[len("wl.only."):] in map(str, runs.frame.columns)}
    return {"frame": frame, "columns": columns, "holdout": holdout, "bootstrap": bootstrap,
            "families": families,
            "key": (cmp.inputs_key(frame, columns, holdout, None, families=families),
                    bootstrap),
            "described": ui_cmp.describe(runs.origin, len(frame), filters, columns, holdout,
                                         bootstrap, families, shape),
            "url": {k: f"{v:.6g}" if isinstance(v, float) else str(v) for k, v in
                    ((k, st.session_state.get(k)) for k in REFIT_KEYS) if v is not None}}


def publish() -> None:
    """The view setting into the URL as it is; the refitting inputs as shown."""
    state.publish("wl.decades")
    shown = st.session_state.get(SHOWN)
    if shown and {k: st.query_params.get(k) for k in shown["url"]} != shown["url"]:
        st.query_params.update(shown["url"])


@st.fragment
def choices() -> None:
    """The box of costly inputs. With no result yet (a first view, a shared link) the
    comparison runs at once; afterwards only "Compare" refits."""
    with st.container(border=True):
        inputs = chosen_inputs()
        if inputs is None:
            return
        shown = st.session_state.get(SHOWN)
        pressed = st.button("Compare", type="primary", key="wl.compare",
                            disabled=not inputs["families"])
        if not inputs["families"]:
            st.error("Choose at least one law family to compare.")
        elif pressed or shown is None:
            ctx = get_script_run_ctx()
            if compare_now(inputs, page.refit_requested("wl")) and ctx is not None \
                    and ctx.fragment_ids_this_run:
                st.rerun()  # this box alone ran: redraw the result too
            shown = st.session_state.get(SHOWN)
        if shown is not None and shown["key"] != inputs["key"]:
            changed = ui_cmp.differences(inputs["described"], shown["described"])
            st.info("The result below was computed with other inputs. Press **Compare** to "
                    "refit with the inputs above: " + plain("; ".join(changed) or
                                                           "the table's new values") + ".")
    publish()


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


@st.fragment
def result() -> None:
    """The last comparison, with the inputs it was computed with; the extrapolation's
    reach and D/N only redraw it."""
    shown = st.session_state.get(SHOWN)
    if shown is None:
        return
    if shown["shipped"] and page.refit_requested("wl"):  # "Refit now" was pressed
        compare_now(shown, True)
        shown = st.session_state[SHOWN]
    took = "" if shown["shipped"] or shown["seconds"] < 1 else \
        f" (fitted in {shown['seconds']:.0f} s)"
    st.caption(f"**Result shown**{took}: " + plain("; ".join(
        f"{k}: {v}" for k, v in shown["described"].items())) + ".")
    if shown["shipped"]:
        # The default view's fits ship precomputed (data/make_which_law_default.py);
        # "Refit now" redoes them here for the rest of the session.
        page.shipped_notice("wl", "These fits were computed ahead with the same runs, "
                            "choices and recipe (refitting takes a minute or more)",
                            cmp.SHIPPED, "make_which_law_default.py")
    comp, columns = shown["comp"], shown["columns"]
    c1, c2 = st.columns(2)
    state.shared("wl.decades", 1.0, bounds=(0.0, 4.0))
    decades = c1.slider("Extrapolate beyond the largest run by (decades of scale)", 0.0, 4.0,
                        step=0.25, key="wl.decades")
    if columns["N"] is not None:
        ratio = c2.number_input("Tokens per parameter of the extrapolation (D/N)", 0.1, 1e5,
                                value=None, key="wl.ratio",
                                placeholder=f"median of held-out runs ({comp.ratio:.3g})")
        if ratio is not None:  # the fits do not depend on it: only the curves move
            comp = dataclasses.replace(comp, ratio=float(ratio))
    scale_title = ("training compute C = 6ND [FLOPs]" if columns["x"] is None
                   else f"scale ({columns['x']})")
    target = float(comp.data["scale"].max()) * 10 ** decades
    shown_view = show(comp, target, decades, scale_title, columns["y"])
    if shown_view is not None:
        exports.export_panel("wl.export", *shown_view, BIBTEX, name="which-law")
        st.download_button("Ranking (CSV)", comp.table().to_csv(index=False),
                           file_name="which-law.csv", mime="text/csv", key="wl.table_csv")
    publish()


choices()
result()
