"""Make the example sweeps of the Henighan 2020, Sun 2025 and Yao 2024 pages from the
constants those papers published, with stated noise and a fixed seed. Run from the
repository root:

    python data/make_examples_henighan_sun_yao.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import laws  # noqa: E402
from laws.papers import henighan2020, sun2025, yao2024  # noqa: E402


def henighan_sweep(seed: int = 3) -> pd.DataFrame:
    """Video VQ 16x16x16 L(N) of Henighan et al. 2020, Table 1, at 10 model sizes from 1e4
    to 1e9 non-embedding parameters, 2% log-normal noise."""
    law = henighan2020.for_domain(henighan2020.loss_n, "Video VQ 16x16x16")
    runs = laws.simulate(law, pd.DataFrame({"N": np.logspace(4, 9, 10)}), noise=0.02,
                         seed=seed)
    runs.insert(0, "run", [f"video-{i:02d}" for i in range(len(runs))])
    return runs


def sun_sweep(seed: int = 4) -> pd.DataFrame:
    """Sun et al. 2025's law (Table 2) on the paper's grid (Table 3): 4 model sizes x 4 data
    sizes x 16 formats (E >= 1: the fit needs positive inputs) with channel-wise
    scaling, plus E1M1 at block sizes 32-512; 1% noise."""
    sizes = [40894464, 84934656, 154e6, 679e6]
    tokens = [10485760000, 20971520000, 52428800000, 104857600000]
    formats = [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (2, 1), (2, 3),
               (3, 1), (3, 2), (4, 1), (4, 3), (4, 5), (5, 1), (5, 2), (6, 1)]
    rows = [(n, d, e, m, sun2025.CHANNEL_B) for n in sizes for d in tokens for e, m in formats]
    rows += [(n, d, 1, 1, b) for n in sizes for d in tokens for b in (32, 64, 128, 256, 512)]
    design = pd.DataFrame(rows, columns=["N", "D", "E", "M", "B"])
    runs = laws.simulate(sun2025.loss, design, noise=0.01, seed=seed)
    runs.insert(0, "run", [f"fp-{i:03d}" for i in range(len(runs))])
    return runs


def yao_sweep(seed: int = 5) -> pd.DataFrame:
    """Yao et al. 2024's encoder ID L(N) at the paper's model sizes (1K-300M), 2% noise."""
    sizes = [v for k, v in yao2024.MODELSIZE2PARAM.items() if k != "1B"]
    runs = laws.simulate(yao2024.loss_n, pd.DataFrame({"N": sizes}), noise=0.02, seed=seed)
    runs.insert(0, "run", [f"encoder-{k}" for k in yao2024.MODELSIZE2PARAM if k != "1B"])
    return runs


def yao_two_architectures(seed: int = 6) -> pd.DataFrame:
    """Yao et al. 2024's OOD-LSF L(N) of both architectures at the paper's sizes (1K-300M),
    2% noise: the published fits cross near 1e5 parameters."""
    sizes = [v for k, v in yao2024.MODELSIZE2PARAM.items() if k != "1B"]
    frames = []
    for i, arch in enumerate(yao2024.ARCHITECTURES):
        law = yao2024.for_fit("N", arch, "OOD-LSF")
        runs = laws.simulate(law, pd.DataFrame({"N": sizes}), noise=0.02, seed=seed + i)
        runs.insert(0, "architecture", arch)
        frames.append(runs)
    return pd.concat(frames, ignore_index=True)


if __name__ == "__main__":
    for name, frame in [("henighan2020_sweep.csv", henighan_sweep()),
                        ("sun2025_sweep.csv", sun_sweep()),
                        ("yao2024_sweep.csv", yao_sweep()),
                        ("yao2024_two_architectures.csv", yao_two_architectures())]:
        frame.to_csv(HERE / name, index=False, float_format="%.6g")
        print(f"{name}: {len(frame)} runs")
