"""Make the SYNTHETIC learning-rate sweep shipped for the Wortsman et al. 2023 page.

``data/wortsman2023_lr_sweep.csv`` is made up to have the shape the paper reports (final
loss vs learning rate per model size; without qk-layernorm large models fail at high
learning rates; with qk-layernorm and z-loss the curves flatten). It is NOT the paper's
data and none of its numbers are the paper's. The model is
``laws.papers.wortsman2023.example_loss``; 0.4% log-normal noise, seed 0. Run from the
repository root:

    python data/make_wortsman_example.py
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws.papers import wortsman2023  # noqa: E402

if __name__ == "__main__":
    sweep = wortsman2023.example_sweep(seed=0)
    sweep.to_csv(HERE / "wortsman2023_lr_sweep.csv", index=False)
    print(f"wrote {len(sweep)} runs to data/wortsman2023_lr_sweep.csv")
