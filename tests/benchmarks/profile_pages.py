"""Where a page's script run spends its time: each page's script run twice with no
Streamlit server ("bare" mode: widgets return their defaults, st.cache_* work), under
cProfile, after the router's imports (laws, ui, streamlit, altair) are loaded.

Run: ``python tests/benchmarks/profile_pages.py [kaplan2020 hoffmann2022 ...] [--top 12]``.
For each page: the first run (caches empty, the page's own imports) and the second
(caches filled, as a warm visit), then the functions of the project (laws/, ui/, pages/)
with the largest cumulative time in each run, and the heaviest library calls. Every tab's
body runs on every run (Streamlit does not skip closed tabs), so all of it counts.
The browser numbers are in ``bench_page_speed.py``; this says what inside the script
costs. Printed only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import runpy
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("LAWS_DATA_DIR", str(REPO.parent / "shared" / "data"))
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")


def quiet_streamlit() -> None:
    warnings.filterwarnings("ignore")
    import streamlit.logger
    streamlit.logger.set_log_level("error")


def run_page(path: Path) -> tuple[float, cProfile.Profile]:
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        profiler.disable()
    return time.perf_counter() - t0, profiler


def top(profiler: cProfile.Profile, n: int, where: tuple[str, ...]) -> list[str]:
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (file, line, func), (_, calls, _, cum, _) in stats.stats.items():
        rel = os.path.relpath(file, REPO) if file.startswith(str(REPO)) else file
        if any(rel.startswith(w) or f"/{w}" in rel for w in where):
            rows.append((cum, calls, f"{rel}:{line}({func})"))
    rows.sort(reverse=True)
    return [f"    {cum:7.3f} s {calls:7d}x  {name}" for cum, calls, name in rows[:n]]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    import altair  # noqa: F401 - loaded by the router before any page
    import streamlit  # noqa: F401

    import laws
    import ui.page  # noqa: F401
    laws.papers()
    quiet_streamlit()
    from streamlit import delta_generator
    delta_generator._maybe_print_use_warning()  # reads the config once (bare mode only)
    keys = args.pages or sorted(p.stem for p in (REPO / "pages").glob("*.py"))
    summary = []
    for key in keys:
        path = REPO / "pages" / f"{key}.py"
        first, prof = run_page(path)
        second, prof2 = run_page(path)
        summary.append((first, second, key))
        print(f"\n== {key}: first run {first:.2f} s, second run {second:.2f} s")
        print("  project (cumulative, first run):")
        print("\n".join(top(prof, args.top, ("laws/", "ui/", "pages/"))))
        print("  project (cumulative, second run: what a warm rerun still pays):")
        print("\n".join(top(prof2, max(args.top // 2, 3), ("laws/", "ui/", "pages/"))[1:]))
        print("  libraries (first run):")
        print("\n".join(top(prof, 8, ("altair/vegalite/v5/api.py", "sympy/", "scipy/optimize",
                                      "streamlit/elements/vega_charts", "pandas/io",
                                      "<frozen importlib._bootstrap>", "streamlit/delta_gen",
                                      "streamlit/elements/lib/mutable", "streamlit/elements/"))))
    print("\npage                   first s  second s")
    for first, second, key in sorted(summary, reverse=True):
        print(f"{key:22} {first:8.2f} {second:8.2f}")


if __name__ == "__main__":
    main()
