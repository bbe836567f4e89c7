"""Precompute the first view of the "Which law should I trust?" page (pages/which_law.py):
the comparison of every law family on its default dataset, so a first visit does not wait
for 14 multi-start fits (30 s to minutes: the broken power law and M4 dominate).

Settings (the page's defaults, :data:`laws.compare.DEFAULT`): the public ``chinchilla``
runs (234 rows), loss ~ N and D, the largest 20% of runs by compute held out, the
extrapolation ratio the held-out runs' median D/N, seed 0; the point fits, then the same
fits with 40 bootstrap resamples. Writes ``which_law_chinchilla.json``: each family's
backtest and all-runs fit as :func:`laws.core.fitting.saved` data (optimum, objective,
record of the recipe, warnings, bootstrap samples) and the fingerprint of the inputs
(:func:`laws.compare.inputs_key`); the page restores the fits only when its inputs have
that fingerprint. Regenerate after any change to the fitting code, to a family, or to the
dataset (tests/laws/test_compare_shipped.py fails when the file has drifted). Run from the
repository root with the public data reachable (``LAWS_DATA_DIR``; a few CPU minutes):

    python data/make_which_law_default.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws import compare as cmp  # noqa: E402

if __name__ == "__main__":
    frame, columns, holdout, ratio, bootstrap = cmp.default_inputs()
    point = cmp.compare(frame, **columns, holdout=holdout, bootstrap=0, ratio=ratio)
    banded = cmp.with_bands(point, bootstrap)
    out = {"what": "laws.compare on the default inputs of pages/which_law.py "
                   "(made by data/make_which_law_default.py)",
           **{k: v for k, v in cmp.DEFAULT.items()},
           "key": cmp.inputs_key(frame, columns, holdout, ratio), **cmp.save(point, banded)}
    (HERE / cmp.SHIPPED).write_text(json.dumps(out, indent=None, separators=(",", ":")))
    print(point.table().to_string())
