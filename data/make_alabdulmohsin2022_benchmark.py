"""Precompute the benchmark view of the Alabdulmohsin et al. 2022 page: M4 fitted with the
paper's procedure to the early part of each of the 20 language learning curves of the
authors' benchmark (public dataset ``revisiting_lang``) and scored on the rest
(``laws.papers.alabdulmohsin2022.benchmark``; 1-15 s of fits on a first visit).

Writes ``alabdulmohsin2022_benchmark.json``: the scores table (one row per learning
curve: domain, evaluation, rows fitted and extrapolated, RMSE, standard error, the fitted
beta, c, alpha, eps_inf, eps_0; floats exact) and the fingerprint of the curves it was
made from; the page shows it when its curves match, and its "Refit now" button redoes the
fits. Regenerate after a change to the fitting procedure or the dataset
(tests/laws/test_alabdulmohsin2022.py fails when the file has drifted). Run from the
repository root with the public data reachable (``LAWS_DATA_DIR``):

    python data/make_alabdulmohsin2022_benchmark.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws import datasets  # noqa: E402
from laws.papers import alabdulmohsin2022 as m4p  # noqa: E402

if __name__ == "__main__":
    frame = datasets.load("revisiting_lang")
    scores = m4p.benchmark(frame)
    out = {"what": "laws.papers.alabdulmohsin2022.benchmark on the public revisiting_lang "
                   "runs (made by data/make_alabdulmohsin2022_benchmark.py)",
           **m4p.save_benchmark(m4p.evaluations(frame), scores)}
    (HERE / m4p.SHIPPED).write_text(json.dumps(out, separators=(",", ":")))
    print(scores.to_string())
