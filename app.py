"""Scaling-law explorer: a router over one page per paper (``streamlit run app.py``)."""
from pathlib import Path

import streamlit as st

import laws

st.set_page_config(page_title="Scaling-law explorer", layout="wide")
PAGES = Path(__file__).parent / "pages"
home = st.Page(str(PAGES / "home.py"), title="Catalogue", default=True, url_path="home")
papers = [st.Page(str(PAGES / f"{p.key}.py"), title=f"{p.authors.split(',')[0]} {p.year}",
                  url_path=p.key) for p in laws.papers() if (PAGES / f"{p.key}.py").exists()]
st.navigation({"": [home], "Papers": papers}).run()
