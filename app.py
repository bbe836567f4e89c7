"""Scaling-law explorer: a router over one page per paper (``streamlit run app.py``)."""
from pathlib import Path

import streamlit as st

import laws
from laws.core.law import TOPICS
from ui.page import TOOLS, projector_toggle

st.set_page_config(page_title="Scaling-law explorer", layout="wide")
PAGES = Path(__file__).parent / "pages"
home = st.Page(str(PAGES / "home.py"), title="Catalogue", default=True, url_path="home")
sections = {"": [home] + [st.Page(str(PAGES / f), title=t, url_path=u)
                          for f, t, u in TOOLS if (PAGES / f).exists()]}
for topic in TOPICS:
    pages = [st.Page(str(PAGES / f"{p.key}.py"), title=p.label, url_path=p.key)
             for p in laws.papers() if p.topic == topic and (PAGES / f"{p.key}.py").exists()]
    if pages:
        sections[topic] = pages
navigation = st.navigation(sections, expanded=True)  # every page listed, none behind "View more"
projector_toggle()
navigation.run()
