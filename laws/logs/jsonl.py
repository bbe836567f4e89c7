"""Reader of JSON-lines logs: one JSON object per line, as many loggers write them."""
from __future__ import annotations

import json
import numbers

import numpy as np
import pandas as pd

from ._source import open_source, read_text
from ._table import (MAX_BYTES, RUN_NAMES, STEP_NAMES, TIME_NAMES, LogFormatError, as_table,
                     constant_per_run, find_column, format_number, list_lines, make_params, normalize_name,
                     plural, to_epoch_seconds, unique_names)

#: Numeric fields with these names (compared lower-case, after the last ".") are run
#: parameters, not metrics, when they never change within a run.
CONFIG_KEYS = frozenset({
    "n", "d", "c", "params", "n_params", "nparams", "num_params", "parameters", "model_size",
    "non_embedding_params", "tokens", "n_tokens", "ntokens", "num_tokens", "dataset_size",
    "data_size", "compute", "flops", "seed",
})


def read_jsonl(source, name: str | None = None, *,
               max_bytes: int = MAX_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read a JSON-lines log (``.jsonl``): one JSON object per line.

    Each object is one logging call, e.g.
    ``{"run": "a", "step": 10, "loss": 3.2, "lr": 1e-3, "_timestamp": 1700000000.5}``.
    Nested objects are flattened with dots (``{"config": {"N": 7e7}}`` gives
    ``config.N``). Fields are sorted as follows:

    * ``run`` (or ``run_name``, ``name``, ...): the run; without it the file name is the run.
    * ``step`` (or ``_step``, ``global_step``, ``iteration``): the step; without any,
      each run's lines are numbered 0, 1, 2, ...
    * ``_timestamp`` (or ``timestamp``, ``time``, ``wall_time``): wall time, seconds
      since 1970 (milliseconds and ISO 8601 dates are converted).
    * Numeric fields are metrics, except those that never change within a run *and*
      are either named like a size (see `CONFIG_KEYS`, e.g. ``N``, ``D``, ``tokens``)
      or appear only on lines without a step (a config line): those are run parameters.
    * Other fields (text, true/false, lists) are run parameters when they never change
      within a run, and are otherwise ignored (with a note).

    Blank lines are skipped. Lines that are not JSON objects are skipped and listed
    in the notes by line number; reading fails only when no line can be read.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        The JSONL file (UTF-8). A file holding one JSON array of objects is accepted too.
    name : str, optional
        File name used in messages and as the default run name.
    max_bytes : int, default 200 MB
        Largest accepted file, in bytes.

    Returns
    -------
    table : DataFrame
        Tidy table ``run, metric, step, value, wall_time`` in file order, not cleaned.
    metadata : dict
        ``format`` (``"jsonl"``), ``source``, ``run_params`` (DataFrame
        ``run, key, value``), ``notes``, and ``bad_lines`` (line numbers skipped).

    Raises
    ------
    LogFormatError
        If the file is empty, binary, has no line holding a JSON object, or no numeric field.
    """
    src = open_source(source, name, max_bytes)
    text = read_text(src)
    records, line_numbers, bad_lines = _parse_lines(text)
    notes: list[str] = []
    if not records:
        records = _whole_document(text)
        if records is None:
            raise LogFormatError(
                f"No line of '{src.name}' holds a JSON object (first problem on line "
                f"{bad_lines[0] if bad_lines else 1}). A JSONL log has one object per line, "
                'like {"step": 10, "loss": 3.2}.')
        line_numbers, bad_lines = list(range(1, len(records) + 1)), []
    if bad_lines:
        notes.append(f"'{src.name}': skipped {plural(len(bad_lines), 'line')} that "
                     f"{'is' if len(bad_lines) == 1 else 'are'} not a JSON object "
                     f"(line {list_lines(bad_lines)}); fix or remove "
                     f"{'it' if len(bad_lines) == 1 else 'them'} to keep "
                     f"{'its' if len(bad_lines) == 1 else 'their'} values.")
    frame = pd.json_normalize(records, sep=".")
    frame.columns = unique_names(frame.columns)
    frame.index = pd.Index(line_numbers)
    table, params = _split_fields(frame, src.name, src.stem, notes)
    metadata = {"format": "jsonl", "source": src.name, "run_params": params, "notes": notes,
                "bad_lines": bad_lines}
    return table, metadata


def _parse_lines(text: str) -> tuple[list[dict], list[int], list[int]]:
    records, line_numbers, bad = [], [], []
    # Split on "\n" only: JSON strings may hold other Unicode line separators.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict) and record:
            records.append(record)
            line_numbers.append(number)
        else:
            bad.append(number)
    return records, line_numbers, bad


def _whole_document(text: str) -> list[dict] | None:
    """The records of a file holding one JSON array of objects, else None."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(document, list) and document and all(
            isinstance(r, dict) and r for r in document):
        return document
    return None


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _field_kind(cells: pd.Series) -> str:
    """``"number"`` when every present cell is a number, ``"empty"``, or ``"other"``."""
    if pd.api.types.is_bool_dtype(cells.dtype):
        return "other"
    if pd.api.types.is_numeric_dtype(cells.dtype):
        return "number" if cells.notna().any() else "empty"
    present = [x for x in cells if x is not None and not (isinstance(x, float) and np.isnan(x))]
    if not present:
        return "empty"
    return "number" if all(_is_number(x) for x in present) else "other"


def _as_text(x) -> str | None:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    if isinstance(x, str):
        return x
    try:
        return json.dumps(x, allow_nan=True, sort_keys=True)
    except (TypeError, ValueError):
        return str(x)


def _split_fields(frame: pd.DataFrame, name: str, default_run: str, notes: list[str]):
    run_col = find_column(frame.columns, RUN_NAMES)
    step_col = find_column(frame.columns, STEP_NAMES)
    time_col = find_column(frame.columns, TIME_NAMES)
    if run_col:
        runs = frame[run_col].map(_as_text).fillna(default_run).astype(str)
    else:
        runs = pd.Series(default_run, index=frame.index, dtype=str)
    if step_col and _field_kind(frame[step_col]) == "number":
        steps = pd.to_numeric(frame[step_col], errors="coerce").astype(float)
        has_step = steps.notna()
    else:
        if step_col:
            notes.append(f"'{name}': the step field '{step_col}' is not numeric; ignored it.")
            step_col = None
        notes.append(f"'{name}' has no step field (looked for step, _step, global_step, "
                     "iteration); numbered each run's lines 0, 1, 2, ... as steps.")
        steps = runs.groupby(runs, sort=False).cumcount().astype(float)
        has_step = pd.Series(False, index=frame.index)
    wall = (to_epoch_seconds(frame[time_col].map(_as_text)) if time_col
            else pd.Series(np.nan, index=frame.index))

    pieces, params, varying = [], [], []
    for column in frame.columns:
        if column in (run_col, step_col, time_col):
            continue
        cells = frame[column]
        kind = _field_kind(cells)
        if kind == "empty":
            continue
        if kind == "number":
            values = pd.to_numeric(cells, errors="coerce").astype(float)
            per_run = constant_per_run(runs, values)
            present = values.notna()
            config_line_only = bool(step_col) and not (present & has_step).any()
            short = normalize_name(column.rsplit(".", 1)[-1])
            if per_run is not None and (short in CONFIG_KEYS or config_line_only):
                params.extend((run, column, format_number(value))
                              for run, value in per_run.items())
                continue
            # Metric values on lines without a step keep a NaN step; cleaning reports them.
            pieces.append(pd.DataFrame({"run": runs[present], "metric": column,
                                        "step": steps[present], "value": values[present],
                                        "wall_time": wall[present]}))
        else:
            texts = cells.map(_as_text)
            per_run = constant_per_run(runs, texts)
            if per_run is None:
                varying.append(column)
                continue
            params.extend((run, column, value) for run, value in per_run.items())
    if varying:
        notes.append(f"'{name}': ignored {plural(len(varying), 'non-numeric field')} that "
                     f"change within a run: {', '.join(repr(c) for c in varying[:10])}.")
    if not pieces:
        raise LogFormatError(
            f"'{name}' has no numeric field to read as a metric (fields: "
            f"{', '.join(repr(c) for c in frame.columns[:10])}). Each line should hold "
            'numbers, like {"step": 10, "loss": 3.2}.')
    return as_table(pd.concat(pieces)), make_params(params)
