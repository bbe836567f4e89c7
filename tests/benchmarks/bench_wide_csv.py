"""Benchmark: reading a wide CSV log with many metric columns, against the same cells
written as a long CSV (run, metric, step, value), in the same run.

Run: ``python tests/benchmarks/bench_wide_csv.py [--columns 2000] [--json]``. Before the
wide reader parsed all columns at once it spent ~30 ms per column (a 2,000-column file
took about a minute); the ratio wide/long shows whether the wide layout costs much more
than the long one for the same values. Both reads must give the same table.
"""
from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from laws import logs  # noqa: E402


def files(columns: int, rows: int) -> tuple[bytes, bytes]:
    rng = np.random.default_rng(0)
    values = rng.uniform(1, 5, (rows, columns))
    names = [f"m{i}" for i in range(columns)]
    wide = "step," + ",".join(names) + "\n" + "".join(
        f"{s}," + ",".join(f"{v:.6f}" for v in values[s]) + "\n" for s in range(rows))
    long = "run,metric,step,value\n" + "".join(
        f"wide,{names[c]},{s},{values[s, c]:.6f}\n" for c in range(columns) for s in range(rows))
    return wide.encode(), long.encode()



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    wide, long = files(args.columns, args.rows)
    a = logs.read_log(wide, name="wide.csv").table
    b = logs.read_log(long, name="long.csv").table
    key = ["metric", "step"]
    assert np.allclose(a.sort_values(key)["value"].to_numpy(), b.sort_values(key)["value"].to_numpy())
    t_wide = min(timeit.repeat(lambda: logs.read_log(wide, name="wide.csv"), number=1, repeat=3))
    t_long = min(timeit.repeat(lambda: logs.read_log(long, name="long.csv"), number=1, repeat=3))
    out = {"columns": args.columns, "rows": args.rows, "wide_s": t_wide, "long_s": t_long,
           "ratio_wide_over_long": t_wide / t_long}
    print(json.dumps(out) if args.json else
          f"{args.columns} columns x {args.rows} rows: wide {t_wide:.2f} s, long "
          f"{t_long:.2f} s, ratio {t_wide / t_long:.2f}")


if __name__ == "__main__":
    main()
