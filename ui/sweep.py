"""Pick a hyperparameter sweep (learning rate, batch size, final loss): a released cell
or an uploaded CSV, with its columns mapped and the batch unit stated."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from laws import logs

from .data import numeric_columns, read_table
from .text import plain

SEQ_LEN = 2048  # sequence length of the released Step Law runs [tokens]


def choose_sweep(key: str, runs: pd.DataFrame, cells: pd.DataFrame, labels: list[str],
                 seq_len: int) -> tuple[pd.DataFrame, tuple | None] | None:
    """Widgets that give a table ``lr, batch`` [tokens], ``loss`` and, for a released cell,
    its ``(N, D)``; None (with a message) when there is no sweep."""
    source = st.radio("Sweep", ["A released cell", "Upload a CSV"], horizontal=True,
                      key=f"{key}.source")
    if source == "A released cell":
        i = st.selectbox("Cell", range(len(labels)), format_func=labels.__getitem__,
                         key=f"{key}.cell")
        cell = runs[(runs["N"] == cells.iloc[i]["N"]) & (runs["D"] == cells.iloc[i]["D"])]
        return pd.DataFrame({"lr": cell["lr"].to_numpy(float),
                             "batch": cell["bs"].to_numpy(float) * SEQ_LEN,
                             "loss": cell["smooth loss"].to_numpy(float)}), \
            (float(cells.iloc[i]["N"]), float(cells.iloc[i]["D"]))
    upload = st.file_uploader("A CSV with one row per run: learning rate, batch size and "
                              "final loss", type=["csv", "tsv", "txt"], key=f"{key}.upload")
    if upload is None:
        st.info("Upload a sweep to see its optimum, its plateau and where the Step Law's "
                "advice lands in it.")
        return None
    try:
        frame = read_table(upload.name, upload.getvalue())
    except logs.LogFormatError as err:
        st.error(plain(err))
        return None
    numeric = numeric_columns(frame)
    if len(numeric) < 3:
        st.error("The table needs three numeric columns: learning rate, batch size and loss.")
        return None
    guess = {"lr": ("lr", "learning_rate", "eta"), "batch": ("batch", "bs", "batch_size"),
             "loss": ("loss", "final_loss", "smooth loss")}
    cols = st.columns(4)
    chosen = {}
    for box, (name, names) in zip(cols, guess.items()):
        default = next((c for c in numeric if c.lower() in names), numeric[len(chosen)])
        chosen[name] = box.selectbox(name, numeric, index=numeric.index(default),
                                     key=f"{key}.map.{name}")
    unit = cols[3].radio("Batch counted in", ["tokens", "sequences"], key=f"{key}.unit")
    out = pd.DataFrame({k: pd.to_numeric(frame[c], errors="coerce").to_numpy(float)
                        for k, c in chosen.items()})
    if unit == "sequences":
        out["batch"] *= seq_len
    bad = ~(np.isfinite(out).all(axis=1) & (out > 0).all(axis=1))
    if bad.any():
        st.warning(f"{int(bad.sum())} row(s) left out: learning rate, batch and loss must be "
                   f"positive numbers (rows {', '.join(map(str, np.flatnonzero(bad)[:10]))}).")
    out = out[~bad]
    if out.empty:
        st.error("No row has a positive learning rate, batch size and loss.")
        return None
    st.caption("The Step Law's advice is computed at N and D of the sidebar.")
    return out, None
