"""Command line: ``python -m laws list | show ID | eval ID name=value ... | fit ID FILE``.

Examples
--------
::

    python -m laws list --json
    python -m laws show hoffmann2022.loss
    python -m laws eval hoffmann2022.loss N=70e9 D=1.4e12
    python -m laws fit hoffmann2022.loss runs.csv --map loss=final_loss --bootstrap 200 --json
    python -m laws fit hoffmann2022.loss dataset:chinchilla --holdout 0.2 --by C
"""
from __future__ import annotations

import argparse
import csv
import json
import lzma
import sys
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from . import registry
from .core.backtest import backtest
from .core.fitting import FitError, _jsonable, fit
from .datasets import DatasetUnavailable
from .logs import LogFormatError


class UsageError(Exception):
    """A mistake on the command line, explained in one sentence."""


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise UsageError(f"{what} must look like name=value, not {item!r}.")
        out[name.strip()] = value.strip()
    return out


def _number(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"{name}={text!r} is not a number (write e.g. 7e10).") from None


def _law(law_id: str):
    try:
        return registry.get(law_id)
    except KeyError as err:
        raise UsageError(str(err.args[0])) from None


def cmd_list(args) -> int:
    rows = [{"paper": p.key, "title": p.title, "year": p.year,
             "laws": [{"id": law.id, "title": law.title} for law in p.laws]}
            for p in registry.papers()]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['paper']}: {row['title']} ({row['year']})")
            for law in row["laws"]:
                print(f"  {law['id']:40s} {law['title']}")
    return 0


def cmd_show(args) -> int:
    law = _law(args.id)
    info = {"id": law.id, "title": law.title, "equation": law.equation,
            "formula": f"{law.output.name} = {law.expr}", "latex": law.latex(),
            "inputs": [{"name": v.name, "unit": v.unit, "meaning": v.meaning}
                       for v in law.inputs],
            "output": {"name": law.output.name, "unit": law.output.unit},
            "params": [{"name": p.name, "value": p.value, "unit": p.unit, "source": p.source,
                        "meaning": p.meaning} for p in law.params],
            "constant_sets": law.constants,
            "fit_procedure": law.fit_defaults.source}
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"{law.id}: {info['formula']}   [{law.equation}]")
    for v in law.inputs:
        print(f"  input  {v.name:10s} [{v.unit}] {v.meaning}")
    print(f"  output {law.output.name:10s} [{law.output.unit}]")
    for p in law.params:
        print(f"  param  {p.name:10s} = {p.value:<12g} {p.unit:12s} {p.source}")
    if law.fit_defaults.source:
        print(f"  fit: {law.fit_defaults.source}")
    return 0


def cmd_eval(args) -> int:
    law = _law(args.id)
    given = {k: _number(k, v) for k, v in _pairs(args.values, "eval values").items()}
    unknown = set(given) - set(law.input_names) - set(law.param_names)
    if unknown:
        raise UsageError(f"{law.id} has no input or parameter {sorted(unknown)}; inputs are "
                         f"{law.input_names}, parameters {law.param_names}.")
    missing = [n for n in law.input_names if n not in given]
    if missing:
        raise UsageError(f"Give a value for {', '.join(missing)} (e.g. {missing[0]}=1e9).")
    params = {k: v for k, v in given.items() if k in law.param_names}
    value = float(law(params, **{n: given[n] for n in law.input_names}))
    if args.json:
        print(json.dumps({"law": law.id, "inputs": {n: given[n] for n in law.input_names},
                          "params": {**law.defaults, **params}, law.output.name: value}))
    else:
        print(f"{value:.10g}")
    return 0


def _read_table(source: str) -> pd.DataFrame:
    if source.startswith("dataset:"):
        from . import datasets
        try:
            return datasets.load(source.split(":", 1)[1])
        except ValueError as err:  # an unknown name says which exist
            raise UsageError(str(err)) from None
    path = Path(source)
    if not path.exists():
        raise UsageError(f"There is no file {source!r}.")
    if path.is_dir():
        raise UsageError(f"{source!r} is a folder; give the CSV file inside it.")
    try:
        # pandas unpacks .zip/.gz/.bz2/.xz/.zst by name, so damaged archives raise too
        return pd.read_csv(path)
    except (OSError, ValueError, EOFError, csv.Error, zipfile.BadZipFile, lzma.LZMAError,
            zlib.error, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise UsageError(f"{source!r} is not a readable CSV table ({reason}).") from None


def cmd_fit(args) -> int:
    law = _law(args.id)
    frame = _read_table(args.file)
    options = {"mapping": _pairs(args.map, "--map"), "loss": args.loss, "delta": args.delta,
               "space": args.space, "seed": args.seed, "bootstrap": args.bootstrap,
               "fixed": {k: _number(k, v) for k, v in _pairs(args.fix, "--fix").items()}}
    if args.holdout is not None:
        by = args.by or law.input_names[0]
        mapped = options["mapping"].get(by, by)
        result = backtest(law, frame, mapped, args.holdout, **options)
        out = result.fit.to_dict()
        out["backtest"] = {**result.summary(), "rows": result.table.to_dict(orient="records")}
    else:
        out = fit(law, frame, **options).to_dict()
    if args.json:
        print(json.dumps(out, indent=2, default=_jsonable))
        return 0
    print(f"{law.id}: {out['n']} runs, objective {out['objective']:.6g}")
    intervals = out.get("intervals", {})
    for name, value in out["params"].items():
        band = intervals.get(name)
        extra = f"   [{band[0]:.6g}, {band[1]:.6g}]" if band else ""
        print(f"  {name:10s} {value:.6g}{extra}")
    for warning in out["warnings"]:
        print(f"  warning: {warning}")
    if "backtest" in out:
        b = out["backtest"]
        print(f"  backtest: {b['held_out_runs']} runs with {b['by']} >= {b['threshold']:.4g}, "
              f"mean |relative error| {b['mean_abs_relative_error']:.4%}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m laws",
                                     description="Scaling laws from the literature.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("list", help="papers and their relations")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)
    p = sub.add_parser("show", help="a relation: formula, inputs, constants")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_show)
    p = sub.add_parser("eval", help="evaluate a relation")
    p.add_argument("id")
    p.add_argument("values", nargs="*", metavar="name=value")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_eval)
    p = sub.add_parser("fit", help="fit a relation to a CSV table (or dataset:NAME)")
    p.add_argument("id")
    p.add_argument("file")
    p.add_argument("--map", action="append", default=[], metavar="VAR=COLUMN")
    p.add_argument("--fix", action="append", default=[], metavar="PARAM=VALUE")
    p.add_argument("--loss", choices=["huber", "squared", "asymmetric"])
    p.add_argument("--delta", type=float)
    p.add_argument("--space", choices=["log", "linear"])
    p.add_argument("--bootstrap", type=int, default=0, metavar="K")
    p.add_argument("--holdout", type=float, help="share (<1) or threshold (>=1) held out")
    p.add_argument("--by", help="column ordering runs by size for --holdout")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_fit)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, FitError, DatasetUnavailable, LogFormatError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
