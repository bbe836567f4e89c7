""""Simulate a sweep": draw runs from the law with the slider constants, fit them,
and see how far the estimates land from the truth (estimator bias and spread)."""
from __future__ import annotations

import numpy as np
import streamlit as st

import laws
from laws import FitError, Law

from .text import plain


def section(key: str, law: Law, truth: dict, ranges: dict[str, tuple[float, float]]) -> None:
    """Widgets and results of a simulated sweep.

    Parameters
    ----------
    key : str
        Widget key prefix.
    law : Law
    truth : dict
        The true parameters (the sliders' values).
    ranges : dict
        Input name -> (low, high) of the simulated design, log-spaced.
    """
    c1, c2, c3, c4 = st.columns(4)
    noise = c1.slider("Noise (log-normal sigma)", 0.0, 0.1, 0.01, step=0.005,
                      key=f"{key}.noise", help="0.01 is about 1% scatter in the output.")
    per_axis = c2.slider("Values per input", 2, 12, 6, key=f"{key}.per_axis")
    repeats = c3.slider("Repeated sweeps", 1, 30, 8, key=f"{key}.repeats")
    seed = c4.number_input("Seed", 0, 10_000, 0, key=f"{key}.seed")
    if st.button("Simulate and fit", key=f"{key}.run"):
        design = laws.design_grid(**{v: np.logspace(np.log10(lo), np.log10(hi), per_axis)
                                     for v, (lo, hi) in ranges.items()})
        try:
            with st.spinner(f"Fitting {repeats} simulated sweeps of {len(design)} runs..."):
                table = laws.recovery(law, design, truth, noise=noise, repeats=repeats,
                                      seed=int(seed), refine=8)
        except FitError as err:
            st.error(f"The simulated sweeps could not be fitted: {plain(err)}")
            return
        st.session_state[f"{key}.table"] = (table, len(design), noise)
    stored = st.session_state.get(f"{key}.table")
    if stored is None:
        st.caption("Runs are drawn from the law with the constants on the sliders, "
                   "then fitted with the paper's procedure.")
        return
    table, n_runs, noise = stored
    summary = table.groupby("param", sort=False).agg(
        truth=("truth", "first"), mean_estimate=("estimate", "mean"),
        median_relative_error=("relative_error", "median"),
        spread=("relative_error", lambda e: float(np.quantile(e, 0.9) - np.quantile(e, 0.1))))
    st.markdown(f"{table['repeat'].nunique()} sweeps of {n_runs} runs with {noise:.1%} "
                f"noise: median relative error of each estimate (bias) and the 10-90% "
                f"spread across sweeps.")
    st.dataframe(summary.reset_index(), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.4g")
                                for c in ("truth", "mean_estimate", "median_relative_error",
                                          "spread")})
    import altair as alt

    st.altair_chart(alt.Chart(table).mark_tick(thickness=2, size=18).encode(
        x=alt.X("relative_error:Q", title="estimate / truth - 1"),
        y=alt.Y("param:N", title=None), tooltip=["repeat", "estimate"]).properties(height=200))
