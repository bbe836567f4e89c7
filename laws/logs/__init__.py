"""Readers of training-run logs into one tidy long table.

Every reader returns ``(table, metadata)``, like pvlib's ``iotools``: ``table`` is a
DataFrame with exactly the columns

============  =====  ==========================================================
``run``       str    run name (as written in the log, kept as plain text)
``metric``    str    metric name or tag, e.g. ``loss``
``step``      float  training step (usually a whole number)
``value``     float  the logged value, in the metric's own units
``wall_time`` float  seconds since 1970-01-01 UTC, NaN when unknown
============  =====  ==========================================================

and ``metadata`` is a dict with ``format``, ``source``, ``notes`` (sentences about
what was skipped or assumed) and ``run_params`` (DataFrame ``run, key, value``).

:func:`read_log` recognises the format, reads, adds the sizes written in run names
and cleans (:func:`clean`), returning a :class:`LogRead`. :func:`to_points` and
:func:`run_table` reduce curves to one point per run for fitting.

Every problem with the input raises :class:`LogFormatError` (a ``ValueError``)
with a sentence naming the file and what to do. This package imports no Streamlit.

Examples
--------
>>> from laws import logs
>>> read = logs.read_log("runs/")                     # doctest: +SKIP
>>> print(read.report)                                # doctest: +SKIP
>>> logs.run_table(read, "loss", how="mean_last")     # doctest: +SKIP
"""
from ._table import COLUMNS, MAX_BYTES, PARAM_COLUMNS, LogFormatError
from .cleaning import CleaningReport, ReportEntry, clean
from .csvlog import read_csv_log, read_wandb_csv
from .jsonl import read_jsonl
from .mlruns import read_mlflow
from .points import HOWS, parse_run_name, run_table, to_points
from .reader import LogRead, read_log, sniff_format
from .tfevents import read_tensorboard

__all__ = ["COLUMNS", "HOWS", "MAX_BYTES", "PARAM_COLUMNS", "CleaningReport", "LogFormatError",
           "LogRead", "ReportEntry", "clean", "parse_run_name", "read_csv_log", "read_jsonl",
           "read_log", "read_mlflow", "read_tensorboard", "read_wandb_csv", "run_table",
           "sniff_format", "to_points"]
