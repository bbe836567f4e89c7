"""Reader of JSON-lines logs: one JSON object per line, as many loggers write them."""
from __future__ import annotations

import json
import numbers

import numpy as np
import pandas as pd

from ._source import open_source, read_text
from ._table import (MAX_BYTES, METRIC_NAMES, RUN_NAMES, STEP_NAMES, TIME_NAMES, VALUE_NAMES,
                     LogFormatError, as_table, constant_per_run, find_column, format_number,
                     list_lines, make_params, normalize_name, plural, to_epoch_seconds,
                     unique_names)

#: Numeric fields with these names (compared lower-case, after the last ".") are run
#: parameters, not metrics, when they never change within a run.
CONFIG_KEYS = frozenset({
    "n", "d", "c", "params", "n_params", "nparams", "num_params", "parameters", "model_size",
    "non_embedding_params", "tokens", "n_tokens", "ntokens", "num_tokens", "dataset_size",
    "data_size", "compute", "flops", "seed",
})
#: How Python's json module spells the non-standard constants it accepts.
JSON_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})


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
    * Lines may instead be long, one value each: ``{"run": "a", "metric": "loss",
      "step": 10, "value": 3.2}`` (fields ``metric`` or ``tag``, and ``value``).

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
            record = json.loads(line, parse_constant=str)
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
        document = json.loads(text, parse_constant=str)
    except (ValueError, RecursionError):
        return None
    if isinstance(document, list) and document and all(
            isinstance(r, dict) and r for r in document):
        return document
    return None


def _is_number(x) -> bool:
    """True for JSON numbers, including NaN/Infinity (kept as their names by the parser)."""
    if isinstance(x, str):
        return x in JSON_CONSTANTS
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _field_kind(cells: pd.Series) -> str:
    """``"number"`` when every present cell is a number, ``"empty"``, or ``"other"``."""
    if pd.api.types.is_bool_dtype(cells.dtype):
        return "other"
    if pd.api.types.is_numeric_dtype(cells.dtype):
        return "number" if cells.notna().any() else "empty"
    present = cells[cells.notna()]
    if present.empty:
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
    """Turn the fields of the records into a tidy table and run parameters."""
    role = {key: find_column(frame.columns, aliases) for key, aliases in (
        ("run", RUN_NAMES), ("step", STEP_NAMES), ("time", TIME_NAMES),
        ("metric", METRIC_NAMES), ("value", VALUE_NAMES))}
    runs = (frame[role["run"]].map(_as_text).fillna(default_run).astype(str) if role["run"]
            else pd.Series(default_run, index=frame.index, dtype=str))
    # Long layout: {"metric": "loss", "value": 3.2, ...}, one value per line.
    long = bool(role["metric"] and role["value"]
                and _field_kind(frame[role["value"]]) == "number")
    metric_names = frame[role["metric"]].map(_as_text) if long else None
    if role["step"] and _field_kind(frame[role["step"]]) != "number":
        notes.append(f"'{name}': the step field '{role['step']}' is not numeric; ignored it.")
        role["step"] = None
    if role["step"]:
        steps = pd.to_numeric(frame[role["step"]], errors="coerce").astype(float)
    else:
        notes.append(f"'{name}' has no step field (looked for step, _step, global_step, "
                     "iteration); numbered each run's lines 0, 1, 2, ... as steps.")
        keys = [runs, metric_names] if long else [runs]
        steps = pd.DataFrame({i: k for i, k in enumerate(keys)}).groupby(
            list(range(len(keys))), sort=False).cumcount().astype(float)
    wall = (to_epoch_seconds(frame[role["time"]].map(_as_text)) if role["time"]
            else pd.Series(np.nan, index=frame.index))

    def values_of(column: str) -> tuple[pd.Series, pd.Series]:
        present = frame[column].notna()
        return pd.to_numeric(frame[column], errors="coerce").astype(float), present

    pieces, params, ignored = [], [], []
    if long:
        values, present = values_of(role["value"])
        present &= metric_names.notna()
        pieces.append(_piece(runs, metric_names, steps, values, wall, present))
    used = {c for key, c in role.items() if c and (long or key not in ("metric", "value"))}
    for column in (c for c in frame.columns if c not in used):
        kind = _field_kind(frame[column])
        if kind == "empty":
            continue
        if kind == "number":
            values, present = values_of(column)
            per_run = constant_per_run(runs, values.where(present))
            if not long and not _is_run_param(column, per_run, present, role["step"], frame):
                # Metric values on lines without a step keep a NaN step; cleaning reports them.
                pieces.append(_piece(runs, column, steps, values, wall, present))
                continue
            per_run = None if per_run is None else per_run.map(format_number)
        else:
            per_run = constant_per_run(runs, frame[column].map(_as_text))
        if per_run is None:
            ignored.append(column)
        else:
            params.extend((run, column, value) for run, value in per_run.items())
    if ignored:
        notes.append(f"'{name}': ignored {plural(len(ignored), 'field')} that "
                     + ("is not a metric and changes" if len(ignored) == 1
                        else "are not metrics and change")
                     + f" within a run: {', '.join(repr(c) for c in ignored[:10])}.")
    if not pieces:
        raise LogFormatError(
            f"'{name}' has no numeric field to read as a metric (fields: "
            f"{', '.join(repr(c) for c in frame.columns[:10])}). Each line should hold "
            'numbers, like {"step": 10, "loss": 3.2}.')
    return as_table(pd.concat(pieces)), make_params(params)


def _is_run_param(column, per_run, present, step_col, frame) -> bool:
    """A numeric field is a run parameter when constant per run and named or placed so."""
    if per_run is None:
        return False
    if normalize_name(column.rsplit(".", 1)[-1]) in CONFIG_KEYS:
        return True
    # Only on lines without a step: a config line.
    return bool(step_col) and not (present & frame[step_col].notna()).any()


def _piece(runs, metrics, steps, values, wall, keep) -> pd.DataFrame:
    return pd.DataFrame({"run": runs[keep], "metric": metrics if isinstance(metrics, str)
                         else metrics[keep], "step": steps[keep], "value": values[keep],
                         "wall_time": wall[keep]})
