"""The tidy long table every reader returns, the one error type, and column matching."""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np
import pandas as pd

#: Columns of the tidy table, in order.
COLUMNS = ("run", "metric", "step", "value", "wall_time")
#: Columns of the run-parameter table, in order.
PARAM_COLUMNS = ("run", "key", "value")
#: Default size limit of one input, in bytes (Streamlit's default upload limit, 200 MB).
MAX_BYTES = 200 * 1024 * 1024
#: What the package can read, for error messages.
FORMATS_HELP = ("a CSV (long or wide), a W&B CSV export, JSONL, a TensorBoard event file, "
                "or an MLflow 'mlruns' folder (a folder or a .zip of one)")

# Accepted spellings of each column role, best first, compared after `normalize_name`.
RUN_NAMES = ("run", "run_name", "runname", "run_id", "name")
METRIC_NAMES = ("metric", "metric_name", "tag", "key")
STEP_NAMES = ("step", "_step", "global_step", "trainer/global_step", "train/global_step",
              "iteration", "iter", "steps", "it")
VALUE_NAMES = ("value", "val", "scalar")
TIME_NAMES = ("wall_time", "walltime", "_timestamp", "timestamp", "time", "wall_clock")
# Words that mean "no value" in a numeric cell (the value becomes NaN, not an error).
MISSING_WORDS = frozenset({"nan", "-nan", "+nan", "na", "n/a", "null", "none"})


class LogFormatError(ValueError):
    """A log could not be read; the message says which file, where, and what to do."""


def normalize_name(name: object) -> str:
    """Lower-case ``name`` and turn runs of spaces and hyphens into one underscore."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def find_column(columns: Iterable[str], aliases: Iterable[str]) -> str | None:
    """The first column of ``columns`` whose normalized name is one of ``aliases``.

    Aliases are tried in order, so ``("step", "_step")`` prefers ``Step`` over ``_step``.
    """
    by_name: dict[str, str] = {}
    for column in columns:
        by_name.setdefault(normalize_name(column), column)
    return next((by_name[a] for a in aliases if a in by_name), None)


def unique_names(names: Iterable[object]) -> list[str]:
    """Column names as stripped strings, with repeats renamed ``name.1``, ``name.2``..."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = candidate = str(name).strip()
        k = 0
        while candidate in seen:
            k += 1
            candidate = f"{base}.{k}"
        seen.add(candidate)
        out.append(candidate)
    return out


def make_table(run, metric, step, value, wall_time=np.nan) -> pd.DataFrame:
    """A tidy table from column-likes or scalars (broadcast), with the right dtypes."""
    frame = pd.DataFrame({"run": run, "metric": metric, "step": step, "value": value,
                          "wall_time": wall_time})
    return as_table(frame)


def as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` reduced to the tidy columns, ``run``/``metric`` as str, the rest float."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"A log table needs the columns {', '.join(COLUMNS)}; "
                         f"missing: {', '.join(missing)}.")
    out = frame.loc[:, list(COLUMNS)].copy()
    for column in ("run", "metric"):
        out[column] = out[column].astype(str)
    for column in ("step", "value", "wall_time"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    return out.reset_index(drop=True)


def make_params(rows: Iterable[tuple[object, object, object]] = ()) -> pd.DataFrame:
    """A run-parameter table (``run, key, value``, all str) from ``(run, key, value)`` rows."""
    frame = pd.DataFrame(list(rows), columns=list(PARAM_COLUMNS), dtype=object)
    return frame.astype(str).reset_index(drop=True)


def parse_numbers(cells: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse text cells as floats.

    Returns
    -------
    numbers : Series of float
        The parsed values; NaN for blank cells, words in `MISSING_WORDS` and text.
    blank : Series of bool
        Cells that are empty or whitespace (absent, e.g. a step a run did not log).
    bad : Series of bool
        Cells with text that is neither a number nor a word for "missing".
    """
    text = cells.astype(str).str.strip()
    blank = (text == "") | cells.isna()
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    numbers = pd.Series(np.asarray(numbers, dtype=float), index=cells.index)
    said_missing = text.str.lower().isin(MISSING_WORDS)
    bad = ~blank & numbers.isna() & ~said_missing
    return numbers, blank, bad


def looks_numeric(cells: pd.Series) -> bool:
    """True when at least one cell is a number and at most half the filled cells are text."""
    numbers, blank, bad = parse_numbers(cells)
    filled = int((~blank).sum())
    return filled > 0 and bool(numbers.notna().any()) and int(bad.sum()) * 2 <= filled


def to_epoch_seconds(cells: pd.Series) -> pd.Series:
    """Wall-clock times as float seconds since 1970-01-01 UTC (NaN when unknown).

    Numbers are taken as seconds, or as milliseconds when their median exceeds 1e11
    (seconds that large would be past the year 5000). Text is parsed as ISO 8601
    dates, naive ones taken as UTC.
    """
    numbers, blank, _ = parse_numbers(cells)
    filled = int((~blank).sum())
    if filled == 0:
        return numbers
    if numbers.notna().sum() * 2 >= filled:
        if numbers.median() > 1e11:
            numbers = numbers / 1000.0
        return numbers
    dates = pd.to_datetime(cells.astype(str).str.strip(), errors="coerce", utc=True,
                           format="ISO8601")
    # In numpy, in the dates' own unit: pandas may pick seconds for far-away years.
    naive = dates.dt.tz_localize(None).to_numpy()
    seconds = (naive - np.datetime64(0, "s")) / np.timedelta64(1, "s")
    return pd.Series(np.asarray(seconds, dtype=float), index=cells.index)


def constant_per_run(runs: pd.Series, values: pd.Series) -> pd.Series | None:
    """The value of ``values`` in each run when it never changes within a run, else None.

    Missing values (NaN/None) are ignored; runs with no value are left out.
    """
    frame = pd.DataFrame({"run": runs.to_numpy(), "value": values.to_numpy()}).dropna()
    if frame.empty:
        return None
    grouped = frame.groupby("run", sort=False)["value"]
    if (grouped.nunique() > 1).any():
        return None
    return grouped.first()


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 value"``, ``"3 values"``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def format_number(x: float) -> str:
    """A step or count as short text: ``500`` rather than ``500.0``."""
    return f"{x:.15g}" if np.isfinite(x) else str(x)


def list_lines(lines: list[int], limit: int = 10) -> str:
    """``"3, 7 and 9"``, or ``"3, 7, ... (12 in all)"`` for long lists."""
    shown = [str(n) for n in lines[:limit]]
    if len(lines) > limit:
        return ", ".join(shown) + f", ... ({len(lines)} in all)"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]
