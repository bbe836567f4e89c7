"""Make data/hestness2017_learning_curve.csv: a learning curve generated from the
three-region sketch constants of laws.papers.hestness2017 (alpha 30, beta_g -0.35,
gamma 0.05), 12 training-set shards growing by ~2x, 3% log-normal noise, seed 7.
Nothing is copied from anywhere. Run from the repository root:

    python data/make_hestness2017_example.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws.papers import hestness2017 as hz  # noqa: E402


def learning_curve(seed: int = 7) -> pd.DataFrame:
    law = hz.learning_curve
    params = law.constants["sketch (three regions)"]
    m = np.round(np.logspace(4.5, 7.8, 12))
    rng = np.random.default_rng(seed)
    eps = law(params, m=m) * np.exp(rng.normal(0.0, 0.03, m.size))
    size = hz.model_size({"alpha_p": 10.0, "beta_p": 0.69}, m=m) * \
        np.exp(rng.normal(0.0, 0.05, m.size))
    return pd.DataFrame({"shard": [f"shard-{i:02d}" for i in range(m.size)], "m": m,
                         "eps": eps.round(6), "s": size.round(0)})


if __name__ == "__main__":
    learning_curve().to_csv(HERE / "hestness2017_learning_curve.csv", index=False)
