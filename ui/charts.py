"""Altair charts shared by every page: curves with bands, runs as points, heat maps.

Every chart takes a tidy DataFrame; the same frame is what the CSV export writes,
so what is plotted is what is downloaded.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from laws.core.vega import LiveCurve

#: Okabe-Ito, a colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]
#: Colours of highlighted points, in order (first: black, visible on any colour map).
MARK_COLOURS = ["#000000", "#D55E00", "#CC79A7", "#0072B2", "#009E73", "#56B4E9"]


def _scale(log: bool, values: pd.Series | None = None):
    if not log:
        return alt.Scale(zero=False)
    return alt.Scale(type="log")


def curves(frame: pd.DataFrame, x: str, y: str, color: str | None = None,
           x_title: str | None = None, y_title: str | None = None, log_x: bool = True,
           log_y: bool = False, band: tuple[str, str] | None = None,
           points: pd.DataFrame | None = None, point_color: str | None = None,
           marks: pd.DataFrame | None = None, height: int = 380) -> alt.Chart:
    """Lines of ``y`` against ``x`` (one per ``color``), an optional band and run points.

    Parameters
    ----------
    frame : DataFrame
        Curve samples.
    band : (str, str), optional
        Columns of the lower and upper edges of an uncertainty band.
    points : DataFrame, optional
        Observed runs, with columns ``x`` and ``y`` (and ``point_color``).
    marks : DataFrame, optional
        Highlighted points (optima, crossovers) with columns ``x``, ``y``, ``label``.
    """
    enc_x = alt.X(f"{x}:Q", title=x_title or x, scale=_scale(log_x), axis=alt.Axis(format=".0e" if log_x else "~g"))
    enc_y = alt.Y(f"{y}:Q", title=y_title or y, scale=_scale(log_y))
    colour = alt.Color(f"{color}:N", scale=alt.Scale(range=PALETTE), title=None) if color else alt.value(PALETTE[0])
    layers = []
    if band is not None and frame[band[0]].notna().any():
        layers.append(alt.Chart(frame).mark_area(opacity=0.22).encode(
            x=enc_x, y=alt.Y(f"{band[0]}:Q", scale=_scale(log_y)), y2=f"{band[1]}:Q",
            color=colour))
    tooltip = [alt.Tooltip(f"{x}:Q", format=".4g"), alt.Tooltip(f"{y}:Q", format=".5g")]
    if color:
        tooltip.insert(0, alt.Tooltip(f"{color}:N"))
    layers.append(alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=enc_x, y=enc_y, color=colour, tooltip=tooltip))
    if points is not None and len(points):
        pc = alt.Color(f"{point_color}:N", scale=alt.Scale(range=PALETTE), title=None) \
            if point_color else alt.value("#333333")
        layers.append(alt.Chart(points).mark_circle(size=45, opacity=0.75).encode(
            x=alt.X(f"{x}:Q", scale=_scale(log_x)), y=alt.Y(f"{y}:Q", scale=_scale(log_y)),
            color=pc, tooltip=[alt.Tooltip(c, format=".5g") if points[c].dtype.kind == "f"
                               else alt.Tooltip(c) for c in points.columns[:6]]))
    if marks is not None and len(marks):
        layers.append(alt.Chart(marks).mark_point(shape="diamond", size=140, filled=True,
                                                  color="#D55E00").encode(
            x=alt.X(f"{x}:Q", scale=_scale(log_x)), y=alt.Y(f"{y}:Q", scale=_scale(log_y)),
            tooltip=[alt.Tooltip("label:N")] + [alt.Tooltip(f"{c}:Q", format=".4g")
                                                for c in (x, y)]))
    return alt.layer(*layers).properties(height=height).interactive()


def heatmap(frame: pd.DataFrame, x: str, y: str, value: str, x_title: str, y_title: str,
            value_title: str, line: pd.DataFrame | None = None, height: int = 380) -> alt.Chart:
    """A value over a log-log grid (e.g. loss over N and D): cells drawn in log10 space.

    ``line`` (columns ``x``, ``y`` in natural units, and ``label``) is drawn on top, e.g.
    the compute-optimal frontier."""
    cells = frame.assign(**{f"log10 {x}": np.log10(frame[x]), f"log10 {y}": np.log10(frame[y])})
    half = {a: float(np.diff(np.unique(cells[f"log10 {a}"]))[:1].mean()) / 2 for a in (x, y)}
    cells = cells.assign(x0=cells[f"log10 {x}"] - half[x], x1=cells[f"log10 {x}"] + half[x],
                         y0=cells[f"log10 {y}"] - half[y], y1=cells[f"log10 {y}"] + half[y])
    rect = alt.Chart(cells).mark_rect().encode(
        x=alt.X("x0:Q", title=f"log10 {x_title}", scale=alt.Scale(zero=False, nice=False)),
        x2="x1:Q",
        y=alt.Y("y0:Q", title=f"log10 {y_title}", scale=alt.Scale(zero=False, nice=False)),
        y2="y1:Q",
        color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="viridis")),
        tooltip=[alt.Tooltip(f"{x}:Q", format=".3g"), alt.Tooltip(f"{y}:Q", format=".3g"),
                 alt.Tooltip(f"{value}:Q", format=".4f")])
    if line is None:
        return rect.properties(height=height)
    path = alt.Chart(line.assign(lx=np.log10(line[x]), ly=np.log10(line[y]))).mark_line(
        color="white", strokeWidth=2.5, strokeDash=[6, 3]).encode(
        x="lx:Q", y="ly:Q", tooltip=[alt.Tooltip("label:N")])
    return alt.layer(rect, path).properties(height=height)


def log_grid(lo: float, hi: float, n: int = 200) -> np.ndarray:
    """``n`` points evenly spaced in log between ``lo`` and ``hi``."""
    return np.logspace(np.log10(lo), np.log10(hi), n)


def landscape(frame: pd.DataFrame, x: str, y: str, value: str, x_title: str, y_title: str,
              value_title: str, outline: str | None = None, marks: pd.DataFrame | None = None,
              height: int = 420) -> alt.Chart:
    """Runs on an irregular log-log grid (e.g. learning rate x batch size) as squares
    coloured by ``value``; runs where the boolean column ``outline`` holds get a black
    edge, and ``marks`` (columns ``x``, ``y``, ``label``) are drawn as diamonds."""
    enc = dict(x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(type="log"),
                       axis=alt.Axis(format=".1e")),
               y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(type="log"),
                       axis=alt.Axis(format=".1e")))
    squares = alt.Chart(frame).mark_square(size=260, opacity=0.95).encode(
        **enc, color=alt.Color(f"{value}:Q", title=value_title,
                               scale=alt.Scale(scheme="viridis", reverse=True)),
        stroke=alt.condition(f"datum['{outline}']", alt.value("black"), alt.value(None))
        if outline else alt.value(None),
        strokeWidth=alt.value(2),
        tooltip=[alt.Tooltip(f"{c}:Q", format=".4g") for c in (x, y, value)])
    layers = [squares]
    if marks is not None and len(marks):
        layers.append(alt.Chart(marks).mark_point(shape="diamond", size=220, filled=True).encode(
            x=f"{x}:Q", y=f"{y}:Q",
            color=alt.Color("label:N", title=None, scale=alt.Scale(
                domain=list(marks["label"]), range=MARK_COLOURS[:len(marks)])),
            tooltip=["label:N", alt.Tooltip(f"{x}:Q", format=".4g"),
                     alt.Tooltip(f"{y}:Q", format=".4g")]))
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=height)


def live(curve: LiveCurve, height: int = 320) -> alt.Chart:
    """``curve``'s law redrawn by the browser while the sliders under the chart move
    (Vega signals: no rerun of the page), over the curve at the starting values, dashed.

    The y axis stays where the starting curve puts it, so a change of a constant shows as
    a move of the line, not of the axis; the line is clipped to it."""
    law, x = curve.law, curve.x
    start = curve.start()
    frame = pd.DataFrame({"x": curve.grid()})
    frame["start"] = law(start, **{x.name: frame["x"].to_numpy(),
                                   **{k: v for k, v in start.items() if k in law.input_names}})
    y = frame["start"]
    drawn = y[np.isfinite(y) & (y > 0)] if law.output.log else y[np.isfinite(y)]
    lo, hi = (float(drawn.min()), float(drawn.max())) if len(drawn) else (1.0, 10.0)
    if law.output.log:
        pad = max((hi / lo) ** 0.25, 1.5)
        domain = [lo / pad, hi * pad]
    else:
        pad = 0.25 * (hi - lo) or 0.25 * abs(hi) or 1.0
        domain = [lo - pad, hi + pad]
    enc_x = alt.X("x:Q", title=x.label, scale=_scale(x.log),
                  axis=alt.Axis(format=".0e" if x.log else "~g"))
    scale_y = alt.Scale(type="log" if law.output.log else "linear", domain=domain)
    signals = [alt.param(name=c.name, value=c.value, bind=alt.binding_range(
        min=c.low, max=c.high, step=c.step, name=f"{c.label} ")) for c in curve.controls]
    valid = "isFinite(datum.y)" + (" && datum.y > 0" if law.output.log else "")
    moving = (alt.Chart(frame).transform_calculate(y=curve.expression).transform_filter(valid)
              .mark_line(strokeWidth=3, clip=True, color=PALETTE[0])
              .encode(x=enc_x, y=alt.Y("y:Q", title=law.output.label, scale=scale_y),
                      tooltip=[alt.Tooltip("x:Q", title=x.name, format=".4g"),
                               alt.Tooltip("y:Q", title=law.output.name, format=".5g")])
              .add_params(*signals))
    fixed = alt.Chart(frame).mark_line(strokeDash=[6, 4], color="#777777", clip=True).encode(
        x=enc_x, y=alt.Y("start:Q", scale=scale_y))
    return alt.layer(fixed, moving).properties(height=height)
