"""Time one change of two costly inputs on the "Which law should I trust?" page, as a
visitor makes it: from the default view, hold out the largest 30% of runs instead of 20%
(two steps of 0.05) and use 20 bootstrap resamples instead of 40; then extrapolate along
D/N = 30 instead of the held-out runs' median.

A checkout whose page refits on every widget change (no "Compare" button) pays a refit per
widget (D/N included); a checkout with the Compare button takes the changes as cheap
reruns, refits once when Compare is pressed, and redraws for D/N (the fits do not
depend on it). Each checkout runs in a fresh process (empty caches), the
app opened through the router with AppTest as ``bench_first_view.py`` does.

Run: ``python tests/benchmarks/bench_which_law_refit.py [--repo DIR]``; ``--repo`` times
another checkout (e.g. ``git archive`` of the commit before) in the same run for a ratio.
Printed only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from router_app import router_app

HERE = Path(__file__).resolve().parents[2]
#: The held-out share moved two steps (as a keyboard user moves a slider), then the
#: resamples; then the D/N of the extrapolation.
HOLDOUT, BOOT, RATIO = (0.25, 0.3), 20, 30.0


def child(repo: Path) -> None:
    """In a fresh process: open the page, make the two changes (and press Compare where
    there is one); print each run's time."""
    at = router_app(repo, 3600)
    at.switch_page("pages/which_law.py").run()
    assert not at.exception, [e.message for e in at.exception]
    has_compare = any(b.key == "wl.compare" for b in at.button)
    def widget(key):  # looked up in the current tree (the lists are per run)
        return (at.number_input if has_compare else at.slider)(key)

    steps = [(f"holdout {h}", lambda h=h: widget("wl.holdout").set_value(h)) for h in HOLDOUT]
    steps.append((f"resamples {BOOT}", lambda: widget("wl.boot").set_value(BOOT)))
    if has_compare:
        steps.append(("Compare", lambda: at.button("wl.compare").click()))
    steps.append((f"D/N {RATIO}", lambda: at.number_input("wl.ratio").set_value(RATIO)))
    times = []
    for label, step in steps:
        step()
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, [e.message for e in at.exception]
        split = [c.value for c in at.caption if "held-out runs (" in c.value]
        print(f"  after {label}: {split[0] if split else '?'}", file=sys.stderr)
    costly = sum(times[:-1])
    print(("compare " if has_compare else "live    ")
          + ", ".join(f"{label} {t:.1f}" for (label, _), t in zip(steps, times))
          + f"; split and resamples {costly:.1f}, with D/N {sum(times):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", action="append", default=[],
                        help="another checkout to time in the same run (repeatable)")
    parser.add_argument("--verbose", action="store_true",
                        help="print the split the result shows after each step")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child))
    env = {**os.environ, "LAWS_DATA_DIR": os.environ.get(
        "LAWS_DATA_DIR", str(HERE.parent / "shared" / "data"))}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    print(f"{'checkout':32} page   each run s (holdout, resamples[, Compare]), total s")
    for repo in [Path(r).resolve() for r in args.repo] + [HERE]:
        out = subprocess.run([sys.executable, __file__, "--child", str(repo)],
                             capture_output=True, text=True, env=env, check=False)
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else \
            "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1]
        print(f"{str(repo)[-32:]:32} {line}", flush=True)
        if args.verbose:
            print("\n".join(l for l in out.stderr.splitlines() if l.startswith("  after")))


if __name__ == "__main__":
    main()
