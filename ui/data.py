""""Use your data": pick runs (public dataset, shipped example or upload), map columns,
fit with bootstrap intervals, backtest, and keep the result across reruns.

Nothing the user uploads is evaluated as code: files are parsed by pandas or by the
readers in :mod:`laws.logs`, and names from files are shown as plain text.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import Fit, FitError, Law, datasets, logs

from . import state
from .text import plain

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "data"
STEP_COLUMNS = {"step", "_step", "global_step", "iteration", "iter", "steps"}
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
#: Most rows a fit on the page accepts (one row per run): a sweep has tens to hundreds
#: of runs, and every row is scored at thousands of starts, so a larger table is almost
#: always an unreduced log and would keep the page busy for minutes.
MAX_FIT_RUNS = 5_000


@dataclass
class Runs:
    """A table of runs (one row each) and where it came from."""

    frame: pd.DataFrame
    origin: str
    code: str  # Python expression that loads the same table, for the snippet
    notes: list[str] = field(default_factory=list)


# --- loading ---------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=8)
def load_dataset(name: str) -> pd.DataFrame:
    """A public dataset, cached across reruns (provenance attributes dropped, since
    charts cannot serialise them). Raises :class:`laws.datasets.DatasetUnavailable`."""
    frame = datasets.load(name)
    frame.attrs.clear()
    return frame


def _load_dataset(name: str) -> tuple[pd.DataFrame, str]:
    return load_dataset(name), datasets.info(name).provenance()


@st.cache_data(show_spinner=False, max_entries=16)
def _read_example(path: str) -> pd.DataFrame:
    return pd.read_csv(path)


def _is_summary_table(name: str, data: bytes) -> bool:
    if not name.lower().endswith(TABLE_SUFFIXES):
        return False
    try:
        head = pd.read_csv(io.BytesIO(data), sep=None, engine="python", nrows=5)
    except Exception:
        return False
    return not ({str(c).strip().lower() for c in head.columns} & STEP_COLUMNS)


@st.cache_data(show_spinner=False, max_entries=8)
def read_table(name: str, data: bytes) -> pd.DataFrame:
    """An uploaded table of runs (any delimiter, one header row); LogFormatError with a
    sentence when it cannot be read."""
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=None, engine="python")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, csv.Error,
            ValueError) as err:
        raise logs.LogFormatError(f"{name} could not be read as a table: {err}. Save it as "
                                  f"a comma-separated file with one header row.") from None
    if frame.empty:
        raise logs.LogFormatError(f"{name} has a header but no rows.")
    frame.columns = [str(c) for c in frame.columns]
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def _read_log(name: str, data: bytes):
    return logs.read_log(data, name=name)


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding at least one number."""
    return [c for c in frame.columns
            if pd.to_numeric(frame[c], errors="coerce").notna().any()]


def _from_log(name: str, data: bytes, key: str, law: Law) -> Runs | None:
    read = _read_log(name, data)
    if str(read.report).strip():
        with st.expander("What was cleaned", expanded=False):
            st.text(str(read.report))
    metrics = sorted(read.table["metric"].unique().tolist())
    if not metrics:
        st.error(f"{plain(name)} has no metric left after cleaning.")
        return None
    guess = next((m for m in metrics if "loss" in m.lower()), metrics[0])
    c1, c2, c3 = st.columns(3)
    metric = c1.selectbox("Metric", metrics, index=metrics.index(guess), key=f"{key}.metric")
    how = c2.selectbox("One point per run", ["final", "min", "smoothed_final", "mean_last"],
                       key=f"{key}.how",
                       help="How a curve becomes one number: last value, minimum, "
                            "exponential moving average at the end, or mean of the last k%.")
    warmup = c3.number_input("Warmup steps to drop", min_value=0, value=0, step=100,
                             key=f"{key}.warmup")
    frame = logs.run_table(read, metric, how=how, warmup_steps=int(warmup))
    # run_table names the value column after the metric (e.g. "train/loss"); call it
    # by the law's output so the column mapping finds it.
    rename = {metric: law.output.name} \
        if metric != law.output.name and law.output.name not in frame.columns else {}
    frame = frame.rename(columns=rename)
    missing = [v for v in law.input_names if v not in frame.columns]
    if missing:
        st.info(f"The log does not say {', '.join(missing)} for each run. Type them in the "
                f"table below (run names like 'N=125M_D=2.5B' are read automatically).")
        for v in missing:
            frame[v] = np.nan
    frame = st.data_editor(frame, key=f"{key}.editor", hide_index=True,
                           disabled=["run"] if "run" in frame.columns else False)
    return Runs(frame, f"uploaded log {name}", "laws.logs.run_table(laws.logs.read_log("
                f"{name!r}), {metric!r}, how={how!r}, warmup_steps={int(warmup)})"
                + (f".rename(columns={rename!r})" if rename else ""))


def choose_runs(key: str, law: Law, public: list[str], examples: dict[str, str]) -> Runs | None:
    """Widgets that pick a table of runs. Returns None (with a message) when there is none."""
    sources = (["Public dataset"] if public else []) + \
              (["Shipped example"] if examples else []) + ["Upload a file"]
    if state.shared(f"{key}.source", sources[0], str) not in sources:
        st.session_state[f"{key}.source"] = sources[0]
    source = st.radio("Runs", sources, horizontal=True, key=f"{key}.source")
    if source == "Public dataset":
        name = st.selectbox("Dataset", public, key=f"{key}.dataset")
        try:
            frame, provenance = _load_dataset(name)
        except datasets.DatasetUnavailable as err:
            st.warning(plain(err))
            return None
        st.caption(provenance)
        return Runs(frame, f"public dataset {name}", f"laws.datasets.load({name!r})")
    if source == "Shipped example":
        label = st.selectbox("Example", list(examples), key=f"{key}.example")
        path = EXAMPLES_DIR / examples[label]
        st.caption(f"Generated by the project from published constants: `data/{examples[label]}` "
                   f"(see `data/make_examples.py`).")
        if _is_summary_table(path.name, path.read_bytes()):
            return Runs(_read_example(str(path)), f"example {examples[label]}",
                        f"pd.read_csv('data/{examples[label]}')")
        return _from_log(f"data/{path.name}", path.read_bytes(), key, law)
    upload = st.file_uploader(
        "A table of runs (CSV, one row per run) or run logs: CSV (wide or long), W&B CSV "
        "export, JSONL, TensorBoard event file or a .zip of a TensorBoard / MLflow folder",
        key=f"{key}.upload")
    if upload is None:
        st.info("Upload a file to fit your own runs; the page keeps everything else as it is.")
        return None
    data = upload.getvalue()
    try:
        if _is_summary_table(upload.name, data):
            frame = read_table(upload.name, data)
            return Runs(frame, f"uploaded table {upload.name}", f"pd.read_csv({upload.name!r})")
        return _from_log(upload.name, data, key, law)
    except logs.LogFormatError as err:
        st.error(plain(err))
        return None


def map_columns(key: str, law: Law, frame: pd.DataFrame) -> dict[str, str] | None:
    """A selectbox per variable of the law, defaulting to a column of the same name."""
    numeric = numeric_columns(frame)
    if not numeric:
        st.error("No column of this table holds numbers, so there is nothing to fit.")
        return None
    # A column named like a variable is offered even while it is empty (sizes still to
    # be typed in for a log), so it is the default rather than some other column.
    names = {v.name.lower() for v in law.inputs + [law.output]}
    numeric += [c for c in frame.columns if c not in numeric and str(c).lower() in names]
    lowered = {c.lower(): c for c in numeric}
    cols = st.columns(len(law.inputs) + 1)
    mapping = {}
    for box, var in zip(cols, law.inputs + [law.output]):
        default = lowered.get(var.name.lower(), numeric[min(len(mapping), len(numeric) - 1)])
        mapping[var.name] = box.selectbox(f"{var.name} [{var.unit}]", numeric,
                                          index=numeric.index(default),
                                          key=f"{key}.map.{var.name}")
    return mapping


# --- fitting -----------------------------------------------------------------------
def fit_options(key: str, law: Law, mapping: dict[str, str]) -> dict:
    """Widgets for the fit's choices; defaults are the paper's procedure."""
    d = law.fit_defaults
    with st.expander("Fit options", expanded=False):
        if d.source:
            st.caption(f"Default procedure: {d.source}.")
        c1, c2, c3 = st.columns(3)
        losses = ["huber", "squared", "asymmetric"]
        loss = c1.selectbox("Loss", losses, index=losses.index(d.loss), key=f"{key}.loss")
        delta = c2.number_input("Huber delta", min_value=1e-6, max_value=10.0, value=d.delta,
                                format="%.0e", key=f"{key}.delta", disabled=loss != "huber")
        space = c3.selectbox("Residuals", ["log", "linear"],
                             index=["log", "linear"].index(d.space), key=f"{key}.space")
        c1, c2, c3 = st.columns(3)
        resamples = c1.slider("Bootstrap resamples", 0, 1000, 100, step=50,
                              key=f"{key}.boot",
                              help="0 for none. Intervals are percentile intervals.")
        level = c2.slider("Interval level", 0.5, 0.99, 0.95, key=f"{key}.level")
        holdout = c3.slider("Backtest: share of largest runs held out", 0.0, 0.5, 0.2,
                            step=0.05, key=f"{key}.holdout",
                            help="0 skips the backtest.")
        by = st.selectbox("Order runs by size using", law.input_names + ["compute 6ND"]
                          if {"N", "D"} <= set(law.input_names) else law.input_names,
                          key=f"{key}.by")
        fixed_names = st.multiselect("Hold parameters fixed at the slider values",
                                     law.param_names, key=f"{key}.fixed")
    return {"loss": loss, "delta": float(delta), "space": space, "bootstrap": int(resamples),
            "level": float(level), "holdout": float(holdout), "by": by, "fixed": fixed_names}


def run_fit(law: Law, frame: pd.DataFrame, mapping: dict, options: dict,
            slider_params: dict) -> dict:
    """Fit (and backtest) with the chosen options. Raises FitError with a sentence."""
    if len(frame) > MAX_FIT_RUNS:
        raise FitError(f"The table has {len(frame):,} rows, and a fit here takes at most "
                       f"{MAX_FIT_RUNS:,} runs (one row per run): every row is scored at "
                       f"thousands of starting points at once. Reduce the table to one row "
                       f"per run, or fit a sample of the runs.")
    work = frame.copy()
    by = options["by"]
    if by == "compute 6ND":
        work["_compute"] = 6 * pd.to_numeric(work[mapping["N"]], errors="coerce") * \
            pd.to_numeric(work[mapping["D"]], errors="coerce")
        by_col = "_compute"
    else:
        by_col = mapping[by]
    fit_kw = dict(mapping=mapping, loss=options["loss"], delta=options["delta"],
                  space=options["space"], level=options["level"],
                  fixed={n: slider_params[n] for n in options["fixed"]})
    result = laws.fit(law, work, bootstrap=options["bootstrap"], **fit_kw)
    backtest = None
    if options["holdout"] > 0:
        backtest = laws.backtest(law, work, by_col, options["holdout"],
                                 bootstrap=min(options["bootstrap"], 100), **fit_kw)
    return {"fit": result, "backtest": backtest, "by": by}


def _undefined_as_nan(function: Callable) -> Callable:
    """``function`` of a params dict, NaN where it is undefined (e.g. alpha + beta = 0)."""
    def safe(params):
        try:
            with np.errstate(all="ignore"):
                return function(params)
        except (ArithmeticError, ValueError):
            return np.nan
    return safe


def show_fit(result: dict, derived: dict[str, Callable] | None = None,
             fitted_on: str | None = None) -> None:
    """Parameters with intervals, warnings, residuals, backtest and derived quantities.
    ``fitted_on`` says what the rows were when they are not one per run (e.g. "974 logged
    points from 4 runs"); by default "<n> runs". Tables go through :func:`number_table`."""
    fit: Fit = result["fit"]
    law = fit.law
    intervals = fit.intervals()
    rows = []
    for p in law.params:
        lo, hi = intervals.get(p.name, (np.nan, np.nan))
        rows.append({"parameter": p.name, "fitted": fit.params[p.name], "lower": lo,
                     "upper": hi, "published": p.value,
                     "fixed": "yes" if p.name in fit.record.fixed else ""})
    fitted_on = fitted_on or f"{fit.n} runs"
    st.markdown(f"**Fit of {law.title}** on {fitted_on}: objective {fit.objective:.4g} "
                f"({fit.record.loss}, {fit.record.space} residuals, "
                f"{fit.record.n_starts:,} starts"
                + (f", {fit.samples.shape[0]} bootstrap resamples, {fit.level:.0%} intervals"
                   if fit.samples is not None else "") + ").")
    shown, config = number_table(pd.DataFrame(rows), ("fitted", "lower", "upper", "published"))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    if fit.record.rows_dropped:
        dropped = fit.record.rows_dropped
        st.warning(f"{len(dropped)} row(s) were left out: " + "; ".join(
            f"row {d['row']}: {plain(d['reason'])}" for d in dropped[:5])
            + (" ..." if len(dropped) > 5 else ""))
    for warning in fit.warnings:
        st.warning(warning)
    if derived:
        drows, undefined = [], []
        for label, function in derived.items():
            d = fit.derived(_undefined_as_nan(function))
            drows.append({"quantity": label, "value": float(d["value"]),
                          "lower": float(d["lower"]), "upper": float(d["upper"])})
            if not np.isfinite(drows[-1]["value"]):
                undefined.append(label)
        if undefined:
            st.warning(f"{', '.join(undefined)} cannot be computed from the fitted "
                       f"parameters (for example an exponent that ended at zero); see the "
                       f"warnings above.")
        shown, config = number_table(pd.DataFrame(drows), ("value", "lower", "upper"))
        st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    bt = result.get("backtest")
    if bt is not None:
        s = bt.summary()
        cover = "" if np.isnan(s["coverage"]) else \
            f"; {s['coverage']:.0%} of them inside the band"
        st.markdown(f"**Backtest**: fitted on {s['train_runs']} runs below "
                    f"{result['by']} = {s['threshold']:.3g}, predicted the "
                    f"{s['held_out_runs']} largest with mean |relative error| "
                    f"{s['mean_abs_relative_error']:.2%} (worst "
                    f"{s['max_abs_relative_error']:.2%}){cover}.")


def residual_chart(fit: Fit):
    """Residuals of the fitted runs against each input (log x for inputs on a log scale)."""
    import altair as alt

    m = fit.record.mapping
    if fit.data is None:
        return None
    frame = fit.data.reset_index(drop=True)
    frame["residual"] = fit.residuals
    inputs = fit.law.inputs
    width = 300 if len(inputs) <= 2 else 200
    charts = [alt.Chart(frame).mark_circle(size=40, opacity=0.7).encode(
        x=alt.X(f"{m[v.name]}:Q", title=v.name,
                scale=alt.Scale(type="log") if v.log else alt.Scale(zero=False)),
        y=alt.Y("residual:Q", title=f"residual ({fit.record.space})"),
        tooltip=[alt.Tooltip(c) for c in frame.columns[:6]]).properties(height=220, width=width)
        for v in inputs]
    # Three to a row: in one row, a third (Dollar's d, w, r) or fifth (Sun's N, D, E, M,
    # B) panel ran off the page.
    return alt.hconcat(*charts) if len(charts) <= 3 else alt.concat(*charts, columns=3)


def section(key: str, law: Law, slider_params: dict, public: list[str],
            examples: dict[str, str], derived: dict[str, Callable] | None = None,
            extrapolation: Callable | None = None) -> dict | None:
    """The whole "Use your data" section. Returns the last result (kept in session).

    Parameters
    ----------
    key : str
        Widget key prefix.
    law : Law
        Relation to fit.
    slider_params : dict
        Current slider values (used for fixed parameters).
    public : list of str
        Names of public datasets (:mod:`laws.datasets`) offered.
    examples : dict
        Label -> CSV file under ``data/``.
    derived : dict, optional
        Label -> function of a params dict, shown with bootstrap intervals.
    extrapolation : callable, optional
        ``extrapolation(result, runs)`` draws the page's extrapolation chart.
    """
    result_key = f"{key}.result"
    runs = choose_runs(key, law, public, examples)
    if runs is not None:
        mapping = map_columns(key, law, runs.frame)
        if mapping is not None:
            options = fit_options(key, law, mapping)
            if st.button("Fit", type="primary", key=f"{key}.fit"):
                try:
                    with st.spinner("Fitting..."):
                        result = run_fit(law, runs.frame, mapping, options, slider_params)
                    result["runs"] = runs
                    st.session_state[result_key] = result
                except (FitError, ValueError) as err:
                    st.error(f"The fit could not be done: {plain(err)}")
    result = st.session_state.get(result_key)
    if result is None:
        return None
    if result["fit"].law.id != law.id:
        return None
    show_fit(result, derived)
    chart = residual_chart(result["fit"])
    if chart is not None:
        st.altair_chart(chart)
    if extrapolation is not None:
        extrapolation(result)
    return result


#: Largest magnitude a number column of ``st.dataframe`` can show: from 2**53 on, the
#: browser's grid replaces the cell by a red error mark ("larger than the maximum supported
#: integer values in number columns"), whatever the format, since such floats are integers.
SAFE_NUMBER = 2.0 ** 53


def number_table(frame: pd.DataFrame, columns, fmt: str = "%.4g") -> tuple[pd.DataFrame, dict]:
    """``(frame, column_config)`` for ``st.dataframe``: ``columns`` shown as numbers in
    ``fmt``, except a column holding a magnitude of :data:`SAFE_NUMBER` or more (a scale
    constant such as N_c = 6e46), which becomes text in the same format ("5.983e+46"), so
    that it reads as a number instead of a red error cell."""
    frame = frame.copy()
    config = {}
    for c in columns:
        values = pd.to_numeric(frame[c], errors="coerce").to_numpy(float)
        if (np.abs(values[np.isfinite(values)]) >= SAFE_NUMBER).any():
            frame[c] = [fmt % v if np.isfinite(v) else None for v in values]
            config[c] = st.column_config.TextColumn()
        else:
            config[c] = st.column_config.NumberColumn(format=fmt)
    return frame, config
