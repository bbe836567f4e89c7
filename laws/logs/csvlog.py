"""Readers of CSV logs: plain long or wide tables, and Weights & Biases chart exports."""
from __future__ import annotations

import csv
import io
import re
import warnings

import numpy as np
import pandas as pd

from ._source import open_source, read_text
from ._table import (MAX_BYTES, METRIC_NAMES, RUN_NAMES, STEP_NAMES, TIME_NAMES, VALUE_NAMES,
                     LogFormatError, as_table, constant_per_run, find_column,
                     list_lines, looks_numeric, make_params, parse_numbers, plural,
                     to_epoch_seconds, unique_names)

# W&B marks the band around a smoothed or grouped line with these column suffixes.
WANDB_BOUNDS = ("__MIN", "__MAX")
WANDB_SEPARATOR = " - "
# File names of TensorBoard's own CSV download: run-<run>-tag-<tag>.csv
TENSORBOARD_CSV_NAME = re.compile(r"^run[-_](?P<run>.+?)[-_]tag[-_](?P<tag>.+)$")


def read_csv_log(source, name: str | None = None, *,
                 max_bytes: int = MAX_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read a plain CSV log, in long or wide layout.

    *Long* files have one row per logged value, with columns ``run`` (optional),
    ``metric``, ``step``, ``value`` and optionally a wall time. *Wide* files have a
    step column and one column per metric, and optionally a ``run`` column.
    Column names are matched loosely: ``Step``, ``_step``, ``global_step`` or
    ``iteration`` are steps; ``time``, ``timestamp`` or ``_timestamp`` are wall times
    (seconds since 1970, or milliseconds, or ISO 8601 dates).

    Without a run column, the file name (without extension) is the run; files named like
    TensorBoard's CSV download (``run-<run>-tag-<tag>.csv``) give both run and metric.
    Without a step column, each run's rows are numbered 0, 1, 2, ...
    Text columns that are constant within each run (e.g. ``model``) become run
    parameters; blank cells in a wide file are steps a metric was not logged at.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        The CSV file (comma-, tab- or semicolon-separated, UTF-8).
    name : str, optional
        File name used in messages and as the default run name.
    max_bytes : int, default 200 MB
        Largest accepted file, in bytes.

    Returns
    -------
    table : DataFrame
        Tidy table with columns ``run, metric, step, value, wall_time`` (wall time in
        seconds since 1970-01-01 UTC, NaN when unknown), in file order, not cleaned.
    metadata : dict
        ``format`` (``"csv"``), ``source`` (the name), ``layout`` (``"long"`` or
        ``"wide"``), ``run_params`` (DataFrame ``run, key, value``), ``notes`` (list of
        sentences about what was skipped or assumed).

    Raises
    ------
    LogFormatError
        If the file is empty, not CSV text, or has no numeric column.
    """
    src = open_source(source, name, max_bytes)
    frame = read_csv_frame(src)
    notes: list[str] = []
    columns = {
        "run": find_column(frame.columns, RUN_NAMES),
        "metric": find_column(frame.columns, METRIC_NAMES),
        "value": find_column(frame.columns, VALUE_NAMES),
        "step": find_column(frame.columns, STEP_NAMES),
        "time": find_column(frame.columns, TIME_NAMES),
    }
    default_run, default_metric = src.stem, None
    if match := TENSORBOARD_CSV_NAME.match(src.stem):
        default_run, default_metric = match["run"], match["tag"]
    if columns["run"]:
        runs = frame[columns["run"]].str.strip().replace("", default_run)
    else:
        runs = pd.Series(default_run, index=frame.index, dtype=str)
    wall = (to_epoch_seconds(frame[columns["time"]]) if columns["time"]
            else pd.Series(np.nan, index=frame.index))
    if columns["metric"] and columns["value"]:
        layout = "long"
        metrics = frame[columns["metric"]].str.strip()
        table = _long(frame, src.name, columns, runs, metrics, wall, notes)
        used = {c for c in columns.values() if c}
    else:
        layout = "wide"
        columns["metric"] = columns["value"] = None  # plain metric columns in a wide file
        table, used = _wide(frame, src.name, columns, runs, wall, notes, default_metric)
    params = _text_params(frame, src.name, runs, [c for c in frame.columns if c not in used],
                          notes)
    metadata = {"format": "csv", "source": src.name, "layout": layout,
                "run_params": params, "notes": notes}
    return table, metadata


def read_wandb_csv(source, name: str | None = None, *,
                   max_bytes: int = MAX_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read a CSV exported from a Weights & Biases chart.

    The export has an x-axis column (usually ``Step``) and, for every run shown, a
    column ``<run> - <metric>``, often with companions ``<run> - <metric>__MIN`` and
    ``__MAX`` (the band drawn around the line). Run names may contain ``" - "``
    themselves, so a column is split at its *last* ``" - "``. The bands are not runs:
    they are returned in ``metadata["bands"]``.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        The exported CSV file.
    name : str, optional
        File name used in messages.
    max_bytes : int, default 200 MB
        Largest accepted file, in bytes.

    Returns
    -------
    table : DataFrame
        Tidy table ``run, metric, step, value, wall_time`` (wall time NaN: W&B chart
        exports carry none), in file order, not cleaned.
    metadata : dict
        ``format`` (``"wandb"``), ``source``, ``run_params`` (empty), ``notes``, and
        ``bands``: DataFrame ``run, metric, step, bound, value`` with ``bound`` ``"min"``
        or ``"max"``.

    Raises
    ------
    LogFormatError
        If the file is not CSV text or has no ``<run> - <metric>`` column with numbers.
    """
    src = open_source(source, name, max_bytes)
    frame = read_csv_frame(src)
    notes: list[str] = []
    step_col = find_column(frame.columns, STEP_NAMES)
    if step_col is None:
        step_col = frame.columns[0]
        if WANDB_SEPARATOR in step_col:
            raise LogFormatError(
                f"'{src.name}' has no step column: its first column '{step_col}' looks like "
                "a '<run> - <metric>' column. Export the chart again with Step on the x-axis.")
        notes.append(f"'{src.name}': used the first column '{step_col}' as the step.")
    steps, _, bad_steps = parse_numbers(frame[step_col])
    if bad_steps.any():
        notes.append(_bad_cells_note(src.name, step_col, bad_steps))
    lines, bands, ignored = [], [], []
    for column in frame.columns:
        if column == step_col:
            continue
        base, bound = column, None
        for suffix in WANDB_BOUNDS:
            if column.endswith(suffix):
                base, bound = column[: -len(suffix)], suffix[2:].lower()
        if WANDB_SEPARATOR not in base:
            ignored.append(column)
            continue
        run, metric = base.rsplit(WANDB_SEPARATOR, 1)
        values, blank, bad = parse_numbers(frame[column])
        if bad.any():
            notes.append(_bad_cells_note(src.name, column, bad))
        keep = ~blank
        piece = pd.DataFrame({"run": run, "metric": metric, "step": steps[keep],
                              "value": values[keep], "wall_time": np.nan})
        if bound:
            bands.append(piece.drop(columns="wall_time").assign(bound=bound))
        else:
            lines.append(piece)
    if ignored:
        notes.append(f"'{src.name}': ignored {plural(len(ignored), 'column')} not named like "
                     f"'<run> - <metric>': {', '.join(repr(c) for c in ignored[:10])}.")
    if not lines:
        raise LogFormatError(
            f"'{src.name}' has no '<run> - <metric>' column, so it is not a W&B chart export. "
            "Export the chart from W&B again, or read the file as a plain CSV (fmt='csv').")
    table = as_table(pd.concat(lines, ignore_index=True))
    band_columns = ["run", "metric", "step", "bound", "value"]
    band_table = (pd.concat(bands, ignore_index=True)[band_columns] if bands
                  else pd.DataFrame(columns=band_columns))
    metadata = {"format": "wandb", "source": src.name, "run_params": make_params(),
                "notes": notes, "bands": band_table}
    return table, metadata


def read_csv_frame(src) -> pd.DataFrame:
    """The cells of a CSV file as stripped text, with unique stripped column names.

    Raises
    ------
    LogFormatError
        If the text cannot be split into a header and rows of equal length.
    """
    text = read_text(src)
    first = next(line for line in text.splitlines() if line.strip())
    separator = next((s for s in (",", "\t", ";") if s in first), ",")
    try:
        with warnings.catch_warnings():
            # pandas only *warns* when the first row is longer than the header.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str,
                                keep_default_na=False, index_col=False, skip_blank_lines=True,
                                skipinitialspace=True)
    except pd.errors.EmptyDataError as err:
        raise LogFormatError(f"'{src.name}' has no CSV header row; the first line should "
                             "name the columns, e.g. 'step,loss'.") from err
    except pd.errors.ParserWarning as err:
        raise LogFormatError(
            f"'{src.name}' could not be read as CSV: its first data row has more fields than "
            "the header row. Check that every row has as many fields as the header.") from err
    except (pd.errors.ParserError, csv.Error, ValueError, IndexError, OverflowError) as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise LogFormatError(
            f"'{src.name}' could not be read as CSV ({reason}). Check that every row has "
            "as many fields as the header row and that quotes are closed.") from err
    frame.columns = unique_names(frame.columns)
    if frame.empty:
        raise LogFormatError(f"'{src.name}' has a header row but no data rows; "
                             "choose a log that contains values.")
    return frame.astype(str)


def _long(frame, name, columns, runs, metrics, wall, notes) -> pd.DataFrame:
    values, blank, bad = parse_numbers(frame[columns["value"]])
    if not values.notna().any():
        raise LogFormatError(
            f"'{name}': the value column '{columns['value']}' has no numbers; a long CSV "
            "needs numeric values in its value column.")
    if bad.any():
        notes.append(_bad_cells_note(name, columns["value"], bad))
    steps = _steps(frame, name, columns["step"], [runs, metrics], notes)
    return _long_table(runs, metrics, steps, values, wall)


def _wide(frame, name, columns, runs, wall, notes, default_metric):
    """Melt the numeric columns; returns the table and the set of columns used."""
    used = {c for c in columns.values() if c}
    candidates = [c for c in frame.columns if c not in used]
    unnamed = [c for c in candidates if re.fullmatch(r"Unnamed: \d+(\.\d+)?", c)]
    if any((frame[c].str.strip() != "").any() for c in unnamed):
        notes.append(f"'{name}': ignored {plural(len(unnamed), 'column')} without a header "
                     "(e.g. a saved row index).")
    # Every candidate column parsed at once: one column at a time took ~30 ms each, so a
    # file with 2,000 metric columns took a minute.
    named = [c for c in candidates if c not in unnamed]
    rows = np.tile(np.arange(len(frame)), len(named))
    cells = pd.Series(frame[named].to_numpy().ravel(order="F") if named else [], dtype=object)
    column_of = pd.Series(np.repeat(np.arange(len(named)), len(frame)))
    values, blank, bad = parse_numbers(cells)
    filled = (~blank).groupby(column_of).sum()
    has_number = values.notna().groupby(column_of).any()
    n_bad = bad.groupby(column_of).sum()
    is_numeric = (filled > 0) & has_number & (n_bad * 2 <= filled)  # as `looks_numeric`
    numeric = [c for k, c in enumerate(named) if k in is_numeric.index and is_numeric[k]]
    if not numeric:
        listed = ", ".join(repr(c) for c in frame.columns[:10])
        raise LogFormatError(
            f"'{name}' has no numeric column to read as a metric (columns: {listed}). "
            f"Expected a step column and one column per metric, or the columns run, "
            f"metric, step, value.")
    steps = _steps(frame, name, columns["step"], [runs], notes)
    chosen = column_of.isin([k for k, c in enumerate(named) if c in set(numeric)]).to_numpy()
    for k in np.flatnonzero(is_numeric & (n_bad > 0)):
        column_bad = bad[(column_of == k).to_numpy()].reset_index(drop=True)
        notes.append(_bad_cells_note(name, named[k], column_bad))
    keep = chosen & ~blank.to_numpy()
    metrics = np.asarray(named, dtype=object)[column_of.to_numpy()[keep]]
    if default_metric and len(numeric) == 1:
        metrics = default_metric
    at = rows[keep]
    table = _long_table(runs.to_numpy()[at], metrics, steps.to_numpy()[at],
                        values.to_numpy()[keep], wall.to_numpy()[at])
    return table, used | set(numeric) | set(unnamed)


def _long_table(runs, metrics, steps, values, wall) -> pd.DataFrame:
    """A tidy table from aligned Series (or scalars for ``metrics``)."""
    return as_table(pd.DataFrame({"run": runs, "metric": metrics, "step": steps,
                                  "value": values, "wall_time": wall}))


def _steps(frame, name, step_col, keys, notes) -> pd.Series:
    if step_col is None:
        notes.append(f"'{name}' has no step column (looked for step, _step, global_step, "
                     "iteration); numbered each run's rows 0, 1, 2, ... as steps.")
        return pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)}).groupby(
            [f"k{i}" for i in range(len(keys))], sort=False).cumcount().astype(float)
    steps, blank, bad = parse_numbers(frame[step_col])
    if bad.any():
        notes.append(_bad_cells_note(name, step_col, bad))
    return steps


def _text_params(frame, name, runs, candidates, notes) -> pd.DataFrame:
    """Run parameters from the columns no reader used: those constant within each run."""
    rows, ignored = [], []
    for column in candidates:
        cells = frame[column].str.strip()
        cells = cells.where(cells != "")
        per_run = constant_per_run(runs, cells)
        if per_run is None:
            if cells.notna().any():
                ignored.append(column)
            continue
        rows.extend((run, column, value) for run, value in per_run.items())
    if ignored:
        notes.append(f"'{name}': ignored {plural(len(ignored), 'column')} that "
                     + ("is not a metric and changes" if len(ignored) == 1
                        else "are not metrics and change")
                     + f" within a run: {', '.join(repr(c) for c in ignored[:10])}.")
    return make_params(rows)


def _bad_cells_note(name: str, column: str, bad: pd.Series) -> str:
    rows = [int(i) + 2 for i in np.flatnonzero(bad.to_numpy())]
    return (f"'{name}': {plural(len(rows), 'cell')} of column '{column}' "
            f"{'is' if len(rows) == 1 else 'are'} not a number and "
            f"{'was' if len(rows) == 1 else 'were'} read as missing "
            f"(row {list_lines(rows)}, counting the header as row 1).")
