"""Make the model-shape examples shipped in data/ (dollar2021, bello2021 pages).

* ``dollar2021_convnet_family.csv``: a plain convnet (8 layers, 32 channels, 224 px) scaled
  by every strategy of Dollár et al. 2021 at s = 1..64, with flops, parameters and
  activations counted exactly per layer (``laws.papers.dollar2021.count_convnet``). No noise.
* ``bello2021_resnetrs.csv``: the ResNet-RS family as the official README publishes it
  (tensorflow/tpu ``models/official/resnet/resnet_rs/README.md``), with the block counts
  and the flops proxy of ``laws.papers.bello2021.family_table``.

Run from the repository root: ``python data/make_shape_examples.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws.papers import bello2021, dollar2021  # noqa: E402


def main() -> None:
    family = dollar2021.example_family()
    family[["d", "w", "r", "flops", "params", "acts", "strategy", "s"]] = family[
        ["depth", "width", "resolution", "flops", "params", "acts", "strategy", "s"]]
    family[["d", "w", "r", "flops", "params", "acts", "strategy", "s"]].to_csv(
        HERE / "dollar2021_convnet_family.csv", index=False)
    table = bello2021.family_table()
    table[["compute", "resolution", "model", "blocks", "top1", "tpu_latency_ms",
           "v100_latency_s"]].to_csv(HERE / "bello2021_resnetrs.csv", index=False)


if __name__ == "__main__":
    main()
