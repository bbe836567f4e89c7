"""Home: a searchable catalogue of the papers, each with its law and what its page does."""
import streamlit as st

import laws
from ui.catalogue import matches
from ui.page import use_app_navigation

use_app_navigation()

st.title("Scaling-law explorer")
st.write("Each page is one paper's scaling law, written in sympy and computed with numpy: "
         "move the constants, fit your own runs with honest intervals, check extrapolation "
         "on held-out runs, and compare papers where their advice parts.")
query = st.text_input("Search papers, authors, formulas or features", key="home.q",
                      placeholder="e.g. compute-optimal, batch size, Kaplan")
shown = [p for p in laws.papers() if matches(p, query)]
if not shown:
    st.info(f"No paper matches “{query}”. Try a shorter word.")
for p in shown:
    with st.container(border=True):
        st.subheader(p.title)
        st.caption(f"{p.authors} ({p.year}) · arXiv:{p.arxiv}")
        st.latex(p.laws[0].latex())
        st.markdown("**On this page:** " + ", ".join(p.page_features))
        st.page_link(f"pages/{p.key}.py", label=f"Open {p.label}",
                     icon="➡️")
