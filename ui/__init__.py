"""Streamlit pieces every page shares. The only package that imports streamlit."""
