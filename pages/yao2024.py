"""Yao et al. 2024: NLL power laws in parameters, data and compute for encoder-only and
decoder-only time-series models, in and out of distribution; where the architectures cross."""
import csv

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

import laws
from laws import FitError, logs
from laws.core.law import symbolic_latex
from laws.papers import yao2024 as yao
from ui import charts, data, exports, page, params, state
from ui.text import plain

paper = laws.paper("yao2024")
page.setup(paper)
page.header(paper)
NAMES = {"N": "parameters N", "D": "data D", "C": "compute C"}


def scale_note(axis: str, x_c: float, alpha: float, largest: float) -> None:
    """What a fitted x_c means when it lies far beyond the runs (with exponents of a few
    hundredths it reaches 1e20 to 1e50): a constant of the parametrisation, not a size."""
    beyond = yao.orders_beyond(x_c, largest)
    if not np.isfinite(beyond) or beyond < 3:
        return
    st.caption(f"{axis}_c = {x_c:.3g} {yao.VARS[axis].unit} is where the fitted power law "
               f"would reach an NLL of 1, {beyond:.0f} orders of magnitude beyond the largest run "
               f"({largest:.3g}): with alpha = {alpha:.3f} the loss falls only "
               f"{1 - 10 ** -alpha:.1%} per tenfold {axis}. Read {axis}_c as a constant of "
               f"the parametrisation, not a size any model reaches; what the runs pin down "
               f"is the exponent and the loss over their own range.")


if state.shared("yao.axis", "N", str) not in yao.AXES:
    st.session_state["yao.axis"] = "N"
axis = st.radio("Power law in", list(yao.AXES), horizontal=True, key="yao.axis",
                format_func=NAMES.get)
base = yao.LAWS[axis]
var = base.inputs[0]
st.latex(base.latex())
c1, c2 = st.columns(2)
for key, options in (("yao.arch", yao.ARCHITECTURES), ("yao.split", yao.SPLITS)):
    if state.shared(key, options[0], str) not in options:
        st.session_state[key] = options[0]
arch = c1.selectbox("Constants to move: architecture", yao.ARCHITECTURES, key="yao.arch")
split = c2.selectbox("Constants to move: test set", yao.SPLITS, key="yao.split")
law = yao.for_fit(axis, arch, split)
slug = f"yao.{axis}.{arch}.{split.replace('-', '')}"
with st.expander(f"Constants of {law.title}, {arch} {split}"):
    values = params.param_sliders(law, slug, container=st.container())
    page.formula_card(law, values)
page.live_law(law, values)

def two_architectures():
    """Fit your runs of two architectures (one column names them) and cross the fits."""
    st.subheader("Your two architectures")
    st.caption(f"One row per run: a column naming the architecture, one with {NAMES[axis]}, "
               f"one with the loss. Each group is fitted to L = ({axis}_c/{axis})^alpha with "
               f"50 bootstrap resamples; the crossing gets a 95% interval from paired draws.")
    source = st.radio("Runs", ["Shipped example", "Upload a file"], horizontal=True,
                      key="yao.two.source")
    if source == "Shipped example":
        frame, origin = pd.read_csv(data.EXAMPLES_DIR / "yao2024_two_architectures.csv"), \
            "example: both architectures' OOD-LSF L(N) at the paper's sizes, 2% noise"
    else:
        upload = st.file_uploader("A table of runs (CSV)", key="yao.two.upload")
        if upload is None:
            return
        if not upload.getvalue().strip():
            st.error("The uploaded file is empty.")
            return
        try:
            frame = data.read_table(upload.name, upload.getvalue())
        except logs.LogFormatError as err:
            st.error(str(err))
            return
        except csv.Error:
            st.error("The file could not be read as a table: save it as a comma-separated "
                     "file with one header row.")
            return
        origin = f"uploaded table {upload.name}"
    st.caption(origin)
    numeric = data.numeric_columns(frame)
    if len(frame.columns) < 3 or len(numeric) < 2:
        st.error("The table needs a column naming the architecture and two numeric "
                 "columns (scale and loss).")
        return
    c = st.columns(3)
    group = c[0].selectbox("Architecture column", list(frame.columns),
                           index=0, key="yao.two.group")
    x_col = c[1].selectbox(f"{axis} column", numeric,
                           index=numeric.index(axis) if axis in numeric else 0,
                           key="yao.two.x")
    y_col = c[2].selectbox("loss column", numeric,
                           index=numeric.index("loss") if "loss" in numeric else len(numeric) - 1,
                           key="yao.two.y")
    names = sorted(frame[group].astype(str).unique())
    if len(names) < 2:
        st.error(f"The column {group!r} holds {len(names)} distinct value(s); two "
                 f"architectures are needed to find where they cross.")
        return
    c = st.columns(2)
    first = c[0].selectbox("First", names, index=0, key="yao.two.a")
    second = c[1].selectbox("Second", names, index=1, key="yao.two.b")
    if first == second:
        st.error("Choose two different architectures.")
        return
    if st.button("Fit both and find the crossing", key="yao.two.fit", type="primary"):
        try:
            with st.spinner("Fitting..."):
                fits = yao.fit_groups(frame, axis, group, (first, second), x_col, y_col)
            st.session_state["yao.two.result"] = (axis, first, second, fits)
        except (FitError, ValueError) as err:
            st.error(f"The fit could not be done: {err}")
    kept = st.session_state.get("yao.two.result")
    if kept is None or kept[0] != axis:
        return
    _, first, second, fits = kept
    rows = [{"architecture": name, **{k: f.params[k] for k in f.law.param_names},
             "runs": f.n} for name, f in fits.items()]
    shown, config = data.number_table(pd.DataFrame(rows), fits[first].law.param_names)
    st.dataframe(shown, hide_index=True, column_config=config)
    for name, f in fits.items():
        for warning in f.warnings:
            st.warning(f"{plain(name)}: {warning}")
    seen = pd.concat([pd.to_numeric(f.data[f.record.mapping[axis]], errors="coerce")
                      for f in fits.values()])
    scale_note(axis, max(f.params[f"{axis}_c"] for f in fits.values()),
               min(f.params[f"alpha_{axis}"] for f in fits.values()), float(seen.max()))
    bounds = (float(seen.min()) / 100, float(seen.max()) * 100)
    result = yao.crossover_of_fits(fits[first], fits[second], axis, bounds)
    grid = charts.log_grid(*bounds, 100)
    bands = pd.concat([f.predict(**{axis: grid}).assign(architecture=name)
                       for name, f in fits.items()], ignore_index=True)
    chart = charts.curves(bands, axis, "value", color="architecture",
                          band=("lower", "upper"), x_title=var.label, y_title="loss",
                          log_y=True)
    st.altair_chart(chart)
    if result.x is None:
        st.markdown(f"The two fits do not cross between {bounds[0]:.3g} and {bounds[1]:.3g} "
                    f"(a hundredfold beyond the runs on each side); "
                    f"{result.share_crossing:.0%} of the bootstrap draws do.")
    else:
        st.markdown(f"The fits cross at {axis} = **{result.x:.3g}** {var.unit} "
                    f"(95% interval {result.lower:.3g} to {result.upper:.3g}; "
                    f"{result.share_crossing:.0%} of the bootstrap draws cross inside the "
                    f"range).")
    exports.export_panel("yao.two", chart, bands, paper.bibtex, name="yao-two-architectures")


tabs = st.tabs(["Scaling curves", "Encoder vs decoder", "In vs out of distribution",
                "Use your data"])
with tabs[0]:
    x = charts.log_grid(*var.typical)
    curves = []
    for a in yao.ARCHITECTURES:
        for s in yao.SPLITS:
            f = yao.for_fit(axis, a, s)
            p = values if (a, s) == (arch, split) else f.defaults
            curves.append(pd.DataFrame({"fit": f"{a}, {s}", axis: x,
                                        "loss": f(p, **{axis: x})}))
    frame = pd.concat(curves, ignore_index=True)
    chart = charts.curves(frame, axis, "loss", color="fit", x_title=var.label,
                          y_title="validation NLL", log_y=True)
    st.altair_chart(chart)
    st.caption("Solid lines are the published fits; the one chosen above follows its sliders. "
               "The fits span 1K-300M parameters, 10M-16B time points and about 1e-11 to "
               "1e-4 PF-days; beyond that they are extrapolations.")
    exports.export_panel("yao.curves", chart, frame, paper.bibtex, name=f"yao-{axis}")

with tabs[1]:
    state.shared("yao.lo", float(np.log10(var.typical[0])), bounds=(-14.0, 14.0))
    state.shared("yao.hi", float(np.log10(var.typical[1])), bounds=(-14.0, 14.0))
    c1, c2 = st.columns(2)
    lo = c1.slider(f"log10 {axis} from", -14.0, 14.0, step=0.5, key="yao.lo")
    hi = c2.slider(f"log10 {axis} to", -14.0, 14.0, step=0.5, key="yao.hi")
    if hi <= lo:
        st.error("The upper end of the range must be above the lower end; move one slider.")
    else:
        enc = values if arch == "encoder" else None
        dec = values if arch == "decoder" else None
        bounds = (10 ** lo, 10 ** hi)
        result, better = yao.architecture_crossover(axis, split, bounds, enc, dec)
        x = charts.log_grid(*bounds)
        pairs = {a: yao.for_fit(axis, a, split) for a in yao.ARCHITECTURES}
        pv = {a: (values if a == arch else pairs[a].defaults) for a in pairs}
        frame = pd.concat([pd.DataFrame({"architecture": a, axis: x,
                                         "loss": pairs[a](pv[a], **{axis: x})})
                           for a in pairs], ignore_index=True)
        marks = None
        if result.x is not None:
            marks = pd.DataFrame({axis: [result.x], "label": ["crossover"], "loss": [
                float(pairs["encoder"](pv["encoder"], **{axis: result.x}))]})
        chart = charts.curves(frame, axis, "loss", color="architecture", x_title=var.label,
                              y_title=f"validation NLL ({split})", log_y=True, marks=marks)
        st.altair_chart(chart)
        extrapolated = yao.crossing_point(
            (pv["encoder"][f"{axis}_c"], pv["encoder"][f"alpha_{axis}"]),
            (pv["decoder"][f"{axis}_c"], pv["decoder"][f"alpha_{axis}"]))
        if result.x is None:
            st.markdown(f"The curves do not cross between {bounds[0]:.3g} and "
                        f"{bounds[1]:.3g} {var.unit}: the **{better}** has the lower loss "
                        f"throughout. Extrapolated, the two power laws meet at {axis} = "
                        f"{extrapolated:.3g}.")
        else:
            st.markdown(f"On {split} the two fits cross at {axis} = **{result.x:.3g}** "
                        f"{var.unit}; above it the **{better}** has the lower loss.")
        st.latex(symbolic_latex(yao.CROSSING))
        exports.export_panel("yao.cross", chart, frame, paper.bibtex, name=f"yao-cross-{axis}")
    two_architectures()


with tabs[2]:
    table = yao.exponent_table()
    table["scale"] = table["axis"].map(NAMES)
    chart = alt.Chart(table).mark_bar().encode(
        x=alt.X("test set:N", title=None), y=alt.Y("alpha:Q", title="exponent alpha"),
        color=alt.Color("architecture:N", scale=alt.Scale(range=charts.PALETTE)),
        xOffset="architecture:N", column=alt.Column("scale:N", title=None),
        tooltip=["architecture", "scale", "test set", alt.Tooltip("alpha:Q", format=".3f")])
    st.altair_chart(chart)
    gaps = yao.id_minus_ood()
    wider = max(gaps, key=gaps.get)
    st.markdown(f"The in-distribution exponent exceeds the mean out-of-distribution one in "
                f"{sum(g > 0 for g in gaps.values())} of {len(gaps)} (architecture, scale) "
                f"pairs; the gap is widest for the {wider[0]} on {NAMES[wider[1]]} "
                f"({gaps[wider]:+.3f}): more data helps in distribution far more than out "
                f"of it.")
    shown, config = data.number_table(table, ["x_c"], fmt="%.2g")
    st.dataframe(shown, hide_index=True,
                 column_config={**config, "alpha": st.column_config.NumberColumn(format="%.3f")})
    st.caption("x_c is where each fit would reach an NLL of 1 (printed to two significant "
               "figures in the notebooks' legends): with exponents of 0.013 to 0.094 it lies "
               "far beyond the 1K-300M models, up to 1e48, so it is a constant of the "
               "parametrisation rather than a size; compare the exponents.")
    exports.export_panel("yao.exponents", chart, table, paper.bibtex, name="yao-exponents")

with tabs[3]:
    fit_law = yao.LAWS[axis]
    st.markdown(f"Fits **{fit_law.title}** (choose the scale at the top of the page).")
    result = data.section(f"yao.data.{axis}", fit_law, values, public=[],
                          examples={"Encoder ID L(N) at the paper's sizes, 2% noise":
                                    "yao2024_sweep.csv"})
    if result is not None:
        fit = result["fit"]
        column = fit.record.mapping[axis]
        seen = pd.to_numeric(fit.data[column], errors="coerce")
        grid = charts.log_grid(float(seen.min()), float(seen.max()) * 100, 100)
        band = fit.predict(**{axis: grid})
        chart = charts.curves(band, axis, "value", band=("lower", "upper"), x_title=var.label,
                              y_title="NLL", log_y=True)
        st.altair_chart(chart)
        st.caption("Extrapolation to 100x the largest run, with the bootstrap band.")
        scale_note(axis, fit.params[f"{axis}_c"], fit.params[f"alpha_{axis}"],
                   float(seen.max()))
        exports.export_panel("yao.fit", chart, band, paper.bibtex, fit=fit,
                             source=result["runs"].code, name="yao-fit")

state.publish("yao.")
