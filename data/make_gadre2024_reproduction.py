"""Precompute the first view of the Gadre et al. 2024 page: the paper's extrapolation
(``laws.papers.gadre2024.reproduce``) with the page's default settings
(:data:`laws.papers.gadre2024.REPRODUCTION`: RedPajama runs, C4 validation loss, 17-task
average error, 50 bootstrap resamples, seed 0), which takes 5-15 s on a busy machine.

Writes ``gadre2024_reproduction.json``: the loss and error fits as
:func:`laws.core.fitting.saved` data (optimum, objective, record of the procedure,
warnings, bootstrap samples), the settings and the fingerprint of the runs fitted; the
page restores them when its settings and runs match, and its "Refit now" button redoes
the fits. Regenerate after a change to the fitting code, to the relations' fit defaults
or to the dataset (tests/laws/test_gadre2024.py fails when the file has drifted). Run from
the repository root with the public data reachable (``LAWS_DATA_DIR``):

    python data/make_gadre2024_reproduction.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from laws import datasets  # noqa: E402
from laws.papers import gadre2024 as gad  # noqa: E402

if __name__ == "__main__":
    frame = datasets.load("gadre2024")
    s = gad.REPRODUCTION
    result = gad.reproduce(frame, s["train"], s["val"], s["downstream"],
                           bootstrap=s["bootstrap"], seed=s["seed"])
    out = {"what": "laws.papers.gadre2024.reproduce with REPRODUCTION's settings "
                   "(made by data/make_gadre2024_reproduction.py)",
           **gad.save_reproduction(frame, result, **s)}
    (HERE / gad.SHIPPED).write_text(json.dumps(out, separators=(",", ":")))
    print(result["table"].to_string())
