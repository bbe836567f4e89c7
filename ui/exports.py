"""Exports on every page: figure (PNG/SVG), fitted JSON, plotted CSV, Python snippet, BibTeX."""
from __future__ import annotations

import functools
import json

import altair as alt
import pandas as pd
import streamlit as st

from laws import Fit


@functools.lru_cache(maxsize=32)
def _render(spec: str, fmt: str) -> bytes | str:
    import vl_convert as vlc

    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    return vlc.vegalite_to_svg(spec)


def figure_bytes(chart: alt.Chart, fmt: str) -> bytes:
    """The chart as PNG or SVG, rendered without a browser (vl-convert)."""
    out = _render(chart.to_json(), fmt)
    return out.encode() if isinstance(out, str) else out


def fit_snippet(fit: Fit, source: str) -> str:
    """A Python snippet that redoes ``fit`` with ``laws`` from its record."""
    r = fit.record
    opts = [f"loss={r.loss!r}", f"delta={r.delta!r}", f"space={r.space!r}", f"seed={r.seed}",
            f"refine={r.refine}"]
    if r.n_random:
        opts.append(f"n_random={r.n_random}")
    if r.mapping and any(k != v for k, v in r.mapping.items()):
        opts.insert(0, f"mapping={r.mapping!r}")
    if r.fixed:
        opts.append(f"fixed={r.fixed!r}")
    if r.bootstrap:
        opts.append(f"bootstrap={r.bootstrap['resamples']}")
    opts = ",\n    ".join(opts)
    return (f"import laws\nimport pandas as pd\n\n"
            f"law = laws.get({fit.law.id!r})\n"
            f"runs = {source}\n"
            f"fit = laws.fit(\n    law, runs,\n    {opts},\n)\n"
            f"print(fit.params)\nprint(fit.intervals())\n")


def export_panel(key: str, chart: alt.Chart | None, plotted: pd.DataFrame | None,
                 bibtex: str, fit: Fit | None = None, source: str = "pd.read_csv('runs.csv')",
                 name: str = "figure") -> None:
    """Download buttons for what is on the page."""
    with st.expander("Export", expanded=False):
        cols = st.columns(3)
        if chart is not None:
            fmt = cols[0].radio("Figure format", ["png", "svg"], horizontal=True,
                                key=f"{key}.fmt")
            # rendered only when clicked: vl-convert takes a moment per figure
            cols[0].download_button(f"Figure ({fmt.upper()})",
                                    lambda: figure_bytes(chart, fmt),
                                    file_name=f"{name}.{fmt}",
                                    mime="image/png" if fmt == "png" else "image/svg+xml",
                                    key=f"{key}.fig")
        if plotted is not None:
            cols[1].download_button("Plotted data (CSV)", plotted.to_csv(index=False),
                                    file_name=f"{name}.csv", mime="text/csv",
                                    key=f"{key}.csv")
        cols[2].download_button("BibTeX", bibtex, file_name=f"{name}.bib",
                                mime="text/plain", key=f"{key}.bib")
        if fit is not None:
            cols[1].download_button("Fitted parameters (JSON)", fit.to_json(indent=2),
                                    file_name=f"{name}-fit.json", mime="application/json",
                                    key=f"{key}.json")
            st.caption("Python that redoes this fit with `laws`:")
            st.code(fit_snippet(fit, source), language="python")


def to_json(obj) -> str:
    return json.dumps(obj, indent=2, default=str)
