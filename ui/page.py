"""The bones every paper page shares: header, formula card, constants and assumptions."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from laws import Law, Paper
from laws.core import vega

from . import charts, state

#: Pages that work across papers: (file in pages/, title, URL path). The URL path is the
#: file's name: on a fresh server Streamlit first resolves a deep link against the legacy
#: pages/ folder by file name, and a path it cannot find there flashes "page not found".
TOOLS = [("which_law.py", "Which law should I trust?", "which_law")]


def header(paper: Paper) -> None:
    """Title, authors, link and summary."""
    st.title(paper.title)
    st.caption(f"{paper.authors} ({paper.year}) · [arXiv:{paper.arxiv}]"
               f"(https://arxiv.org/abs/{paper.arxiv})")
    st.write(paper.summary)
    with st.expander("Assumptions the constants depend on"):
        for line in paper.assumptions:
            st.markdown(f"- {line}")


def formula_card(law: Law, values: dict | None = None) -> None:
    """The relation rendered from sympy, and a table of its symbols."""
    st.latex(law.latex())
    rows = [{"symbol": v.name, "meaning": v.meaning, "unit": v.unit, "value": "input",
             "published": "", "source": ""} for v in law.inputs]
    rows += [{"symbol": p.name, "meaning": p.meaning, "unit": p.unit,
              "value": f"{(values or {}).get(p.name, p.value):.4g}",
              "published": f"{p.value:g}", "source": p.source} for p in law.params]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _law_identity(law: Law) -> tuple:
    """What a live curve depends on (pages may build variants of a law under one id).
    The expression enters by its hash, which sympy keeps: printing it on every rerun
    would cost sympy time on each slider move. The cache is in memory, so a hash that is
    stable within the process is enough."""
    return (law.id, hash(law.expr), tuple((p.name, p.value, p.bounds, p.log) for p in law.params),
            tuple((v.name, v.typical, v.log) for v in law.inputs + [law.output]))


@st.cache_data(max_entries=512, show_spinner=False)
def _live_spec(_law: Law, identity: tuple, values: tuple) -> dict | None:
    """The live chart's spec, cached by ``identity`` (``_law`` is not hashed)."""
    try:
        curve = vega.live_curve(_law, dict(values))
    except ValueError:  # implicit, or not expressible in Vega: no live curve
        return None
    return charts.live(curve).to_dict()


def live_law(law: Law, values: dict | None = None) -> None:
    """An expander with ``law``'s curve that the browser redraws while its own sliders
    move (no rerun: instant, even on a busy server); they start at ``values``. Put it
    beside the law's formula, where it is seen (not inside a closed expander). Nothing is
    drawn for a law Vega cannot evaluate (:func:`laws.core.vega.live_curve`)."""
    start = tuple(sorted((k, float(v)) for k, v in (values or {}).items()
                         if k in law.param_names))
    spec = _live_spec(law, _law_identity(law), start)
    if spec is None:
        return
    with st.expander(f"Drag the constants of {law.title}: redrawn in your browser"):
        st.caption("The sliders under this chart move the curve at once, in your browser; "
                   "they do not change the rest of the page. Dashed: the curve at the "
                   "page's values. Inputs not on the x axis start in the middle of their "
                   "typical range.")
        st.vega_lite_chart(spec, width="stretch")


def use_app_navigation() -> None:
    """Run under app.py's st.navigation even when a deep link reached this file first.

    Streamlit treats a folder ``pages/`` beside the entry script as a legacy pages
    folder until some session runs ``app.py`` (which calls ``st.navigation``): until
    then a link like ``/hoffmann2022`` runs the page file directly, with a menu of file
    names. Switching the flag off and rerunning hands the request to ``app.py``, which
    finds the page by its URL path. Uses Streamlit's PagesManager (1.67).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup(paper: Paper) -> None:
    """Page config shared by every page (safe to call when run under st.navigation)."""
    use_app_navigation()
    try:
        st.set_page_config(page_title=paper.title, layout="wide")
    except st.errors.StreamlitAPIException:
        pass


#: Projector mode: everything in the main area (text, widgets and charts) drawn larger.
PROJECTOR_CSS = "<style>section[data-testid='stMain'] {zoom: 1.3;}</style>"


def projector_toggle() -> bool:
    """A sidebar switch for classrooms; ``?projector=true`` in a link turns it on."""
    state.shared("projector", False, bool)
    on = st.sidebar.toggle("Projector mode (large text)", key="projector",
                           help="Larger text, widgets and charts for a classroom screen. "
                                "Links copied from the address bar keep it on.")
    if on:
        st.html(PROJECTOR_CSS)
        st.query_params["projector"] = "true"
    elif "projector" in st.query_params:
        del st.query_params["projector"]
    return on



def refit_requested(key: str) -> bool:
    """Whether "Refit now" (:func:`shipped_notice`) was pressed in this session."""
    return bool(st.session_state.get(f"{key}.refitted"))


def shipped_notice(key: str, what: str, file: str, script: str) -> None:
    """Say that ``what`` was restored from a file shipped in ``data/`` (made by ``script``),
    with a "Refit now" button: from then on :func:`refit_requested` is true for ``key``
    in this session, and the page computes the results live."""
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    c1.caption(f"{what} (data/{file}, made by data/{script}) and are restored, not redone; "
               f"refitting gives the same numbers.")
    c2.button("Refit now", key=f"{key}.refit",
              on_click=lambda: st.session_state.update({f"{key}.refitted": True}))


def view(prefix: str):
    """Decorator for a self-contained view (a tab's body): an ``st.fragment``, so that its
    widgets rerun only it, which writes the page's URL state (:func:`ui.state.publish`
    of ``prefix``) when it has drawn."""
    def decorate(function):
        @functools.wraps(function)
        def body(*args, **kwargs):
            result = function(*args, **kwargs)
            state.publish(prefix)
            return result
        return st.fragment(body)
    return decorate
