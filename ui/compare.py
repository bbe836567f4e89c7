"""Pieces of the "Which law should I trust?" page: the data choices and the charts."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from laws import compare as cmp

from . import state
from .charts import PALETTE
from .text import plain

#: Filters that pick one learning curve out of a public dataset that mixes several.
PRESETS = {"revisiting_lang": {"Domain": "LM", "Model": "1.68e+07"},
           "gadre2024": {"dataset": "c4_original"}}
#: Columns that hold a dataset's own fit / hold-out split (1 = fit, 0 = held out).
SPLIT_COLUMNS = ("training", "train", "is_train", "fit")
ALL = "(all)"


def _lower(columns) -> dict[str, str]:
    return {str(c).lower(): c for c in columns}


def filter_rows(key: str, frame: pd.DataFrame, preset: dict | None = None) -> pd.DataFrame:
    """A selectbox per text column with few values; each narrows the rows.

    Options are read from the rows left by the filters before it, so a task list
    follows its domain. Values from the file are offered as options, never run.
    """
    preset = preset or {}
    text = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) in
            ("string", "str", "category")]
    for col in text:
        values = sorted(frame[col].dropna().astype(str).unique().tolist())
        if not 2 <= len(values) <= 60:
            continue
        options = [ALL] + values
        k = f"{key}.only.{col}"
        if st.session_state.get(k) not in options:
            st.session_state[k] = preset.get(col, ALL) if preset.get(col) in values else ALL
        chosen = st.selectbox(f"Only rows where column '{plain(col)}' is", options, key=k)
        if chosen != ALL:
            frame = frame[frame[col].astype(str) == chosen]
    return frame


def choose_columns(key: str, frame: pd.DataFrame, numeric: list[str]) -> dict | None:
    """The loss column, and the scale column or N and D columns. None (with a sentence)
    when the table cannot be compared."""
    if len(numeric) < 2:
        st.error("A comparison needs at least two numeric columns: a scale and a loss.")
        return None
    low = _lower(numeric)
    y_default = next((low[k] for k in ("loss", "val_loss", "error", "y") if k in low),
                     numeric[-1])
    c1, c2 = st.columns(2)
    y = c1.selectbox("Loss (or error) to predict", numeric, index=numeric.index(y_default),
                     key=f"{key}.y")
    has_nd = "n" in low and "d" in low
    modes = ["Model size and data (N, D)", "One scale column"]
    state.shared(f"{key}.mode", modes[0] if has_nd else modes[1], str)
    if st.session_state[f"{key}.mode"] not in modes:
        st.session_state[f"{key}.mode"] = modes[1]
    mode = c2.radio("Scale", modes, key=f"{key}.mode", horizontal=True)
    others = [c for c in numeric if c != y] or numeric
    if mode == modes[0]:
        c1, c2 = st.columns(2)
        n = c1.selectbox("Model size N [parameters]", others,
                         index=others.index(low["n"]) if low.get("n") in others else 0,
                         key=f"{key}.N")
        d = c2.selectbox("Data D [tokens]", others,
                         index=others.index(low["d"]) if low.get("d") in others else
                         min(1, len(others) - 1), key=f"{key}.D")
        return {"y": y, "x": None, "N": n, "D": d}
    guess = next((low[k] for k in ("c", "compute", "flops", "seen examples", "x", "n", "d",
                                   "step", "tokens") if low.get(k) in others), others[0])
    x = st.selectbox("Scale x (parameters, data, compute, examples seen)", others,
                     index=others.index(guess), key=f"{key}.x")
    return {"y": y, "x": x, "N": None, "D": None}


def choose_split(key: str, frame: pd.DataFrame) -> float | pd.Series:
    """The held-out runs: the largest share by scale, or the dataset's own split."""
    low = _lower(frame.columns)
    split = next((low[k] for k in SPLIT_COLUMNS if k in low and
                  set(pd.to_numeric(frame[low[k]], errors="coerce").dropna().unique())
                  <= {0, 1}), None)
    modes = ["Largest runs by scale"] + ([f"The dataset's split (column '{plain(split)}': "
                                          f"1 = fit, 0 = held out)"] if split else [])
    if st.session_state.get(f"{key}.split") not in modes:
        st.session_state[f"{key}.split"] = modes[-1]
    mode = st.radio("Held-out runs", modes, key=f"{key}.split", horizontal=True)
    if mode != modes[0]:
        return pd.to_numeric(frame[split], errors="coerce") == 0
    state.shared(f"{key}.holdout", 0.2, bounds=(0.05, 0.5))
    return st.number_input("Share of the largest runs held out", 0.05, 0.5, step=0.05,
                           format="%.2f", key=f"{key}.holdout")


def chart(comp: cmp.Comparison, target: float, scale_title: str, y_title: str,
          curves: pd.DataFrame | None = None) -> alt.Chart:
    """Runs (fitted and held out) and every family's extrapolation with its band
    (``curves``: ``comp.extrapolation(target)`` when already computed)."""
    curves = comp.extrapolation(target) if curves is None else curves
    runs = comp.data.assign(runs=np.where(comp.data["held_out"], "held-out run", "fitted run"))
    names = [r.family.name for r in comp.results if r.full is not None]
    colour = alt.Color("family:N", title="law family", scale=alt.Scale(
        domain=names, range=PALETTE[:len(names)]))
    x = alt.X("scale:Q", title=scale_title, scale=alt.Scale(type="log"),
              axis=alt.Axis(format=".0e"))
    band = alt.Chart(curves).mark_area(opacity=0.15).encode(
        x=x, y=alt.Y("lower:Q", scale=alt.Scale(type="log", zero=False)), y2="upper:Q",
        color=colour)
    lines = alt.Chart(curves).mark_line(strokeWidth=2.5).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log", zero=False)),
        color=colour, tooltip=["family:N", alt.Tooltip("scale:Q", format=".3g"),
                               alt.Tooltip("value:Q", format=".4g"),
                               alt.Tooltip("lower:Q", format=".4g"),
                               alt.Tooltip("upper:Q", format=".4g")])
    points = alt.Chart(runs).mark_point(filled=True, size=45, color="#333333").encode(
        x=x, y=alt.Y("y:Q", scale=alt.Scale(type="log", zero=False)),
        shape=alt.Shape("runs:N", title="runs", scale=alt.Scale(
            domain=["fitted run", "held-out run"], range=["circle", "triangle-up"])),
        tooltip=[alt.Tooltip("scale:Q", format=".3g"), alt.Tooltip("y:Q", format=".4g"),
                 "runs:N"])
    edge = alt.Chart(pd.DataFrame({"scale": [float(comp.data["scale"].max())]})).mark_rule(
        strokeDash=[4, 4], color="#777777").encode(x="scale:Q")
    return alt.layer(band, lines, points, edge).properties(height=440).interactive()


def held_out_chart(comp: cmp.Comparison, scale_title: str) -> alt.Chart:
    """Relative error of each family's backtest prediction on every held-out run."""
    rows = [r.held_out.assign(family=r.family.name) for r in comp.results if r.ok]
    frame = pd.concat(rows, ignore_index=True)
    frame["relative error"] = frame["predicted"] / frame["actual"] - 1
    names = [r.family.name for r in comp.results if r.full is not None]
    return alt.Chart(frame).mark_point(filled=True, size=50).encode(
        x=alt.X("scale:Q", title=scale_title, scale=alt.Scale(type="log"),
                axis=alt.Axis(format=".0e")),
        y=alt.Y("relative error:Q", axis=alt.Axis(format="%")),
        color=alt.Color("family:N", title="law family",
                        scale=alt.Scale(domain=names, range=PALETTE[:len(names)])),
        tooltip=["family:N", alt.Tooltip("scale:Q", format=".3g"),
                 alt.Tooltip("actual:Q", format=".4g"), alt.Tooltip("predicted:Q", format=".4g"),
                 alt.Tooltip("relative error:Q", format=".2%")]).properties(height=260)


def verdict(comp: cmp.Comparison, best: cmp.FamilyResult, target: float,
            decades: float) -> str:
    """One paragraph: the best family on held-out runs, and how far the families part
    at the target scale compared with their bands."""
    at = comp.at_target(target)
    score = best.score()["mean_abs_relative_error"]
    spread = at["value"].max() / at["value"].min() - 1
    widest = ((at["upper"] - at["lower"]) / at["value"]).max()
    if spread < 0.01:
        meaning = "they agree within a percent there."
    elif not np.isfinite(widest):
        meaning = "add bootstrap resamples to see whether their bands overlap."
    elif spread > widest:
        meaning = "the choice of law matters more there than each fit's own uncertainty."
    else:
        meaning = "their bands overlap, so these runs cannot tell them apart there."
    head = (f"**Closest on the held-out runs: {best.family.name}** (mean |relative error| "
            f"{score:.2%}). At {target:.3g}, {10 ** decades:.3g}x the largest run, ")
    if len(at) == 1:
        return head + f"it predicts {at['value'].iloc[0]:.4g}; no other family was fitted."
    return head + (f"the {len(at)} fitted families predict {at['value'].min():.4g} to "
                   f"{at['value'].max():.4g}, a spread of {spread:.1%}: {meaning}")


def ranking(table: pd.DataFrame) -> None:
    """The ranked table, with percentages, and what its columns mean."""
    pct = {"mean_abs_relative_error": "mean |rel. error|",
           "max_abs_relative_error": "max |rel. error|",
           "coverage": "held-out runs inside band"}
    config = {k: st.column_config.NumberColumn(v, format="percent") for k, v in pct.items()}
    config["rmse_log"] = st.column_config.NumberColumn("RMSE of log loss", format="%.4f")
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)
    st.caption("A band carries only the fit's parameter uncertainty (bootstrap over runs). "
               "Coverage well below 95% means the form, not the noise, limits the "
               "prediction. Every family is fitted with the same recipe: squared error of "
               "log loss, bounds from the data, the best 4 of many starts refined.")


#: Choices that belong to one table; another table starts from its own defaults.
TABLE_CHOICES = (".only.", ".y", ".mode", ".N", ".D", ".x", ".split", ".ratio")


def forget_choices_of_another_table(key: str, origin: str) -> None:
    """Drop column, filter and split choices made for a different table, so a new
    dataset opens on its own defaults (a link's choices still apply to its table)."""
    last = st.session_state.get(f"{key}._origin")
    if last is not None and last != origin:
        # The URL too: a widget not drawn on the last run has left the session state,
        # but its value may still be in the URL.
        for k in [k for k in [*st.session_state, *st.query_params] if isinstance(k, str)
                  and any(k.startswith(key + c) for c in TABLE_CHOICES)]:
            st.session_state.pop(k, None)
            if k in st.query_params:
                del st.query_params[k]
    st.session_state[f"{key}._origin"] = origin


# --- the inputs a shown comparison was computed with ----------------------------------
def describe(origin: str, rows: int, filters: dict, columns: dict, holdout, bootstrap: int,
             families: list[cmp.Family], shape: str) -> dict[str, str]:
    """The inputs of a comparison, one plain sentence part per input (what the caption of
    the result and the "press Compare" note name). Text from files stays text: the
    caller escapes it with :func:`ui.text.plain` where Markdown renders it."""
    where = "; ".join(f"{c} = {v}" for c, v in filters.items())
    runs = f"{origin}, {rows} rows" + (f" where {where}" if where else "")
    model = (f"{columns['y']} from N = {columns['N']} and D = {columns['D']}"
             if columns["N"] is not None else f"{columns['y']} from {columns['x']}")
    split = ("the dataset's own split" if isinstance(holdout, pd.Series)
             else f"the largest {holdout:.0%} by scale")
    every = cmp.families_for(shape)
    chosen = (f"all {len(every)}" if {f.law_id for f in families} == {f.law_id for f in every}
              else ", ".join(f.name for f in families) or "none")
    return {"runs": runs, "columns": model, "held-out runs": split,
            "bootstrap resamples": str(bootstrap) if bootstrap else "0 (no bands)",
            "families": chosen}


def differences(wanted: dict[str, str], shown: dict[str, str]) -> list[str]:
    """``"input: wanted (shown: old)"`` for every input of :func:`describe` that differs."""
    return [f"{k}: {v} (shown: {shown.get(k, '?')})" for k, v in wanted.items()
            if shown.get(k) != v]
