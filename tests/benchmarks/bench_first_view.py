"""Time a page's first view as a visitor gets it: the app opened through the router with
AppTest (widgets at their real defaults, URL state applied), with empty caches (first
visit after a server start) and again (warm rerun). Unlike ``profile_pages.py`` (bare
mode: every widget at its minimum), this sees the page's real default inputs, so shipped
precomputed results are used as on the server.

Run: ``python tests/benchmarks/bench_first_view.py which_law gadre2024 [--repo DIR]``;
``--repo`` times another checkout (e.g. an export of main) in the same run for a ratio;
``--move noci.steps=40 --move noci.steps=50`` then times each slider move (a rerun).
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


def child(repo: Path, key: str, query: list[str], moves: list[str]) -> None:
    """In a fresh process: open the app, then the page twice; print the two times."""
    at = router_app(repo, 900)
    for q in query:
        k, v = q.split("=", 1)
        at.query_params[k] = v
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        at.switch_page(f"pages/{key}.py").run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, [e.message for e in at.exception]
    for move in moves:
        k, v = move.split("=", 1)
        at.slider(k).set_value(type(at.slider(k).value)(float(v)))
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, [e.message for e in at.exception]
    print(" ".join(f"{t:.2f}" for t in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--repo", action="append", default=[],
                        help="another checkout to time in the same run (repeatable)")
    parser.add_argument("--query", action="append", default=[], help="URL state k=v")
    parser.add_argument("--move", action="append", default=[],
                        help="slider key=value set after the first view, timed (repeatable)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child[0]), args.child[1], args.query, args.move)
    env = {**os.environ, "LAWS_DATA_DIR": os.environ.get(
        "LAWS_DATA_DIR", str(HERE.parent / "shared" / "data"))}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    repos = [HERE] + [Path(r).resolve() for r in args.repo]
    print(f"{'page':20} {'checkout':32} first s, second s, each move s")
    for key in args.pages:
        for repo in repos:
            out = subprocess.run([sys.executable, __file__, key, "--child", str(repo), key,
                                  *[f"--query={q}" for q in args.query],
                                  *[f"--move={m}" for m in args.move]],
                                 capture_output=True, text=True, env=env)
            line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else \
                "failed: " + out.stderr.strip().splitlines()[-1]
            print(f"{key:20} {str(repo)[-32:]:32} {line}", flush=True)


if __name__ == "__main__":
    main()
