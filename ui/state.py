"""Shareable view state: widget values mirrored in the page URL.

A widget whose key is registered with :func:`shared` starts from the URL's query
parameter of the same name, and :func:`publish` writes the current values back,
so a teacher can copy the address bar and students open the same view.
"""
from __future__ import annotations

import math
from typing import Callable

import streamlit as st

_REGISTRY = "_url_keys"


def shared(key: str, default, parse: Callable = float,
           bounds: tuple[float, float] | None = None):
    """Initial value of widget ``key``: session state, else the URL, else ``default``.

    Values from the URL are parsed with ``parse`` (``float``, ``int``, ``str``, ``bool``
    are fine); an unreadable or non-finite number falls back to ``default`` silently,
    since it is only a view setting, and a number outside ``bounds`` (the widget's
    range) is clamped into it, since a widget refuses a value outside its range.
    """
    st.session_state.setdefault(_REGISTRY, set()).add(key)
    if key in st.session_state:
        return st.session_state[key]
    raw = st.query_params.get(key)
    value = default
    if raw is not None:
        try:
            value = (raw.lower() in {"1", "true", "yes"}) if parse is bool else parse(raw)
        except (TypeError, ValueError):
            value = default
        if isinstance(value, float) and not math.isfinite(value):
            value = default
        if bounds is not None and isinstance(value, (int, float)):
            value = min(max(value, bounds[0]), bounds[1])
    st.session_state[key] = value
    return value


def publish(prefix: str) -> None:
    """Write the registered widget values whose keys start with ``prefix`` (this page's)
    into the URL's query parameters."""
    keys = [k for k in st.session_state.get(_REGISTRY, set()) if k.startswith(prefix)]
    wanted = {}
    for key in sorted(keys):
        if key in st.session_state:
            value = st.session_state[key]
            if isinstance(value, float):
                wanted[key] = f"{value:.6g}"
            elif isinstance(value, (int, str, bool)):
                wanted[key] = str(value)
    current = {k: st.query_params.get(k) for k in wanted}
    if current != wanted:
        st.query_params.update(wanted)
