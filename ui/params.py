"""Sliders built from a law's Param metadata, starting at the published values."""
from __future__ import annotations

import math

import streamlit as st

from laws import Law

from . import state


def _key(prefix: str, name: str) -> str:
    return f"{prefix}.{name}"


def _slider_value(param, value: float) -> float:
    return math.log10(value) if param.log else float(value)


def _apply_set(law: Law, prefix: str, set_key: str) -> None:
    values = law.constants[st.session_state[set_key]]
    for p in law.params:
        st.session_state[_key(prefix, p.name)] = _slider_value(p, values[p.name])


def param_sliders(law: Law, prefix: str, container=None, names: list[str] | None = None) -> dict:
    """A slider per parameter (log10 for log parameters), plus the choice of constant set.

    Parameters
    ----------
    law : Law
    prefix : str
        Widget key prefix, also the URL parameter prefix (``"chin"`` -> ``chin.alpha``).
    container : streamlit container, optional
        Where to draw (default: the sidebar).
    names : list of str, optional
        Only these parameters get sliders; others keep the chosen set's values.

    Returns
    -------
    dict
        Parameter values in natural units.
    """
    box = container or st.sidebar
    set_key = f"{prefix}.set"
    sets = list(law.constants)
    chosen = state.shared(set_key, sets[0], str)
    if chosen not in sets:
        st.session_state[set_key] = sets[0]
    if len(sets) > 1:
        box.selectbox("Constants", sets, key=set_key, on_change=_apply_set,
                      args=(law, prefix, set_key),
                      help="Which published set of constants the sliders start from.")
    base = law.constants[st.session_state[set_key]]
    values = dict(base)
    for p in law.params:
        if names is not None and p.name not in names:
            continue
        key = _key(prefix, p.name)
        lo, hi = (math.log10(p.bounds[0]), math.log10(p.bounds[1])) if p.log else p.bounds
        start = state.shared(key, _slider_value(p, base[p.name]))
        st.session_state[key] = min(max(float(start), lo), hi)
        label = f"log10 {p.name}" if p.log else p.name
        unit = f" [{p.unit}]" if p.unit else ""
        v = box.slider(label, float(lo), float(hi), key=key,
                       step=(hi - lo) / 400, format="%.3f",
                       help=f"{p.meaning}{unit}. Published: {p.value:g} ({p.source}).")
        values[p.name] = 10.0 ** v if p.log else v
    box.button("Reset to published", key=f"{prefix}.reset", on_click=_apply_set,
               args=(law, prefix, set_key))
    return values


def current_values(law: Law, prefix: str) -> dict:
    """The values the sliders of ``prefix`` hold now (published ones where none exist yet),
    for use on another tab than the sliders'."""
    base = law.constants.get(st.session_state.get(f"{prefix}.set"), law.defaults)
    values = dict(base)
    for p in law.params:
        v = st.session_state.get(_key(prefix, p.name))
        if v is not None:
            values[p.name] = 10.0 ** v if p.log else float(v)
    return values
