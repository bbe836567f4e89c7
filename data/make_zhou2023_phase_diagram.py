"""Digitise the Zhou et al. (2023) phase-diagram heat maps into a table.

The authors' repository (YefanZhou/ThreeRegimePruning, MIT licence, commit
b38c9721db5cabb8c664666811c1f7c5f8e83cf2) ships the four panels of the paper's Figure 2 as
the PNG outputs of ``visualization/load_temperature_plots.ipynb``; the per-run metrics
behind them are only in a Google-Drive archive of checkpoints. This script reads the
colour of each of the 16 x 9 cells (training epochs 10..160 x density 5..80%), finds the
nearest colour on the panel's own colour bar, and turns the colour-bar position into a
value through the bar's printed ticks (a straight line through the tick marks).

Usage::

    python data/make_zhou2023_phase_diagram.py <path to the upstream visualization/ folder>

Resolution: the colour maps have 256 levels, so a value is known to about
(colour-bar range)/512; near the white end of "Blues" neighbouring levels are close in RGB,
so the error there can be a few levels. Values are DIGITISED, not the authors' numbers.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

EPOCHS = list(range(10, 170, 10))                                   # notebook, cell 4
PRUNING_RATIOS = [0.95, 0.94, 0.93, 0.92, 0.9, 0.86, 0.8, 0.6, 0.2]  # notebook, cell 4
DENSITY = [int(100 - int(100 * r)) for r in PRUNING_RATIOS]         # the notebook's labels

# Pixel frame shared by the four PNGs (found from the dark frame lines, 1540 px high):
# heat map interior x 296..1576, y 206..1287; colour bar interior x 1627..1685.
MAP_X, MAP_Y, BAR_X = (296, 1577), (206, 1288), (1627, 1686)
# panel file, column name, printed tick values from the top tick down, tick rows [px]
PANELS = [
    ("earlystop_test_error.png", "test_error", [0.16, 0.14, 0.12, 0.10, 0.08]),
    ("normalized_test_error.png", "normalized_test_error",
     [0.030, 0.025, 0.020, 0.015, 0.010, 0.005, 0.000]),
    ("earlystop_linear_mc.png", "lmc_barrier", [0.0, -0.1, -0.2, -0.3, -0.4, -0.5, -0.6]),
    ("earlystop_cka_similairty.png", "cka", [0.98, 0.96, 0.94, 0.92, 0.90]),
]


def tick_rows(rgb: np.ndarray) -> np.ndarray:
    """Centre rows of the tick marks right of the colour bar (dark runs at x 1693..1704)."""
    dark = (rgb.max(axis=2) < 90)[:, 1693:1705].all(axis=1)
    rows = np.where(dark)[0]
    return np.array([g.mean() for g in np.split(rows, np.where(np.diff(rows) > 1)[0] + 1)])


def digitise(path: Path, ticks: list[float]) -> np.ndarray:
    """Values of the 16 x 9 cells of one panel (rows = epochs, columns = density)."""
    rgb = np.asarray(Image.open(path).convert("RGB")).astype(float)
    rows = tick_rows(rgb)
    if len(rows) != len(ticks):
        raise ValueError(f"{path.name}: found {len(rows)} ticks, expected {len(ticks)}")
    slope, intercept = np.polyfit(rows, ticks, 1)
    bar_rows = np.arange(MAP_Y[0] + 2, MAP_Y[1] - 2)
    bar = rgb[bar_rows, BAR_X[0] + 5:BAR_X[1] - 5].mean(axis=1)
    x_edges = np.linspace(*MAP_X, len(DENSITY) + 1)
    y_edges = np.linspace(*MAP_Y, len(EPOCHS) + 1)
    out = np.empty((len(EPOCHS), len(DENSITY)))
    for i in range(len(EPOCHS)):
        for j in range(len(DENSITY)):
            y0, y1 = int(y_edges[i]) + 12, int(y_edges[i + 1]) - 12
            x0, x1 = int(x_edges[j]) + 20, int(x_edges[j + 1]) - 20
            colour = np.median(rgb[y0:y1, x0:x1].reshape(-1, 3), axis=0)
            nearest = bar_rows[np.argmin(((bar - colour) ** 2).sum(axis=1))]
            out[i, j] = slope * nearest + intercept
    return out


def main(folder: str) -> pd.DataFrame:
    folder = Path(folder)
    grid = pd.MultiIndex.from_product([EPOCHS, DENSITY], names=["epochs", "density_pct"])
    frame = pd.DataFrame(index=grid).reset_index()
    for name, column, ticks in PANELS:
        frame[column] = digitise(folder / name, ticks).ravel().round(4)
    return frame


if __name__ == "__main__":
    table = main(sys.argv[1])
    out = Path(__file__).with_name("zhou2023_phase_diagram.csv")
    table.to_csv(out, index=False)
    print(f"wrote {len(table)} rows to {out}")
