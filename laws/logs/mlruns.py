"""Reader of MLflow's file store (an ``mlruns`` folder)."""
from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from ._source import as_directory, check_total_size, list_files, open_source
from ._table import (MAX_BYTES, LogFormatError, as_table, list_lines, make_params,
                     parse_numbers, plural)

# Folders that look like runs but are not: logged files, and MLflow's own bins.
NOT_RUNS = frozenset({"artifacts", ".trash"})


def is_metric_file(relative: str) -> bool:
    """True for paths like ``0/<run_id>/metrics/loss`` (and ``.../metrics/train/loss``)."""
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if "metrics" not in parts[:-1] or NOT_RUNS.intersection(parts):
        return False
    return parts.index("metrics") < len(parts) - 1


def read_mlflow(source, name: str | None = None, *,
                max_bytes: int = MAX_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read the metrics and parameters of an MLflow file store.

    The store is laid out ``<experiment_id>/<run_id>/metrics/<metric>``; each metric
    file has one line per logged value, ``<timestamp in ms> <value> <step>``.
    ``source`` may be the ``mlruns`` folder, one experiment or run folder, or a .zip
    of any of them. A run's name is its ``tags/mlflow.runName`` (else the ``run_name``
    in ``meta.yaml``, else its id); names shared by several runs get the run id's
    first 8 characters appended. Parameters (``params/<key>`` files) become run
    parameters, with ``run_id`` and ``experiment_id``. Runs marked deleted in
    ``meta.yaml`` are skipped.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        A folder, or a .zip archive of one.
    name : str, optional
        Name used in messages.
    max_bytes : int, default 200 MB
        Largest accepted input (metric, parameter and tag files together), in bytes.

    Returns
    -------
    table : DataFrame
        Tidy table ``run, metric, step, value, wall_time`` (wall time in seconds since
        1970-01-01 UTC), in file order, not cleaned.
    metadata : dict
        ``format`` (``"mlflow"``), ``source``, ``run_params`` (DataFrame
        ``run, key, value``), ``notes``.

    Raises
    ------
    LogFormatError
        If no ``metrics`` folder is found or a metric file is not ``timestamp value step``.
    """
    src = open_source(source, name, max_bytes)
    with as_directory(src, max_bytes) as (root, _):
        files = list_files(root)
        run_dirs = sorted({_run_dir(f, root) for f in files
                           if is_metric_file(f.relative_to(root).as_posix())})
        if not run_dirs:
            raise LogFormatError(
                f"'{src.name}' holds no MLflow metric file (expected "
                "'<experiment>/<run_id>/metrics/<metric>'); choose the 'mlruns' folder.")
        check_total_size(src.name, [f for f in files
                                    if "artifacts" not in f.relative_to(root).parts], max_bytes)
        notes: list[str] = []
        deleted = [d for d in run_dirs if _meta(d, "lifecycle_stage") == "deleted"]
        if deleted:
            notes.append(f"'{src.name}': skipped {plural(len(deleted), 'deleted run')}.")
        run_dirs = [d for d in run_dirs if d not in deleted]
        names = _run_names(run_dirs)
        tables, params = [], []
        for run_dir, run in zip(run_dirs, names):
            metrics_dir = run_dir / "metrics"
            for path in list_files(metrics_dir):
                label = path.relative_to(root).as_posix()
                metric = path.relative_to(metrics_dir).as_posix()
                tables.append(_read_metric(path, run, metric, label, notes))
            params.append((run, "run_id", run_dir.name))
            if run_dir != root:
                params.append((run, "experiment_id", run_dir.parent.name))
            params_dir = run_dir / "params"
            if params_dir.is_dir():
                params.extend((run, p.relative_to(params_dir).as_posix(), _read_small(p))
                              for p in list_files(params_dir))
    tables = [t for t in tables if not t.empty]
    if not tables:
        raise LogFormatError(f"The MLflow runs in '{src.name}' have no logged metric value.")
    metadata = {"format": "mlflow", "source": src.name, "run_params": make_params(params),
                "notes": notes}
    return as_table(pd.concat(tables, ignore_index=True)), metadata


def _run_dir(metric_file: Path, root: Path) -> Path:
    parts = metric_file.relative_to(root).parts
    return root.joinpath(*parts[: parts.index("metrics")])


def _read_small(path: Path, limit: int = 65536) -> str:
    with open(path, "rb") as f:
        return f.read(limit).decode("utf-8", errors="replace").strip()


def _meta(run_dir: Path, key: str) -> str | None:
    """A top-level ``key: value`` of the run's ``meta.yaml`` (simple scalars only)."""
    meta = run_dir / "meta.yaml"
    if not meta.is_file():
        return None
    match = re.search(rf"^{re.escape(key)}:[ \t]*(.*?)[ \t]*$", _read_small(meta), re.M)
    return match[1].strip("'\"") if match and match[1] not in ("", "null", "~") else None


def _run_names(run_dirs: list[Path]) -> list[str]:
    names = []
    for run_dir in run_dirs:
        tag = run_dir / "tags" / "mlflow.runName"
        name = _read_small(tag) if tag.is_file() else ""
        names.append(name or _meta(run_dir, "run_name") or run_dir.name)
    counts = Counter(names)
    return [f"{n} ({d.name[:8]})" if counts[n] > 1 else n for n, d in zip(names, run_dirs)]


def _read_metric(path: Path, run: str, metric: str, label: str, notes: list[str]):
    try:
        with warnings.catch_warnings():
            # pandas only *warns* when the first line has too many fields.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            cells = pd.read_csv(path, sep=" ", header=None, dtype=str, index_col=False,
                                names=["timestamp", "value", "step"], keep_default_na=False,
                                skip_blank_lines=True, encoding_errors="replace")
    except pd.errors.EmptyDataError:
        notes.append(f"'{label}': the metric file is empty.")
        return as_table(pd.DataFrame(columns=["run", "metric", "step", "value", "wall_time"]))
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as err:
        reason = ("a line has too many fields" if isinstance(err, pd.errors.ParserWarning)
                  else str(err).strip())
        raise LogFormatError(
            f"The MLflow metric file '{label}' could not be read ({reason}); each "
            "line should be '<timestamp> <value> <step>'. Is this an mlruns folder?") from err
    timestamps, no_time, bad_time = parse_numbers(cells["timestamp"])
    values, no_value, bad_value = parse_numbers(cells["value"])
    steps, no_step, bad_step = parse_numbers(cells["step"])
    broken = bad_time | no_time | bad_value | no_value | bad_step
    if broken.any():
        rows = [int(i) + 1 for i in np.flatnonzero(broken.to_numpy())]
        raise LogFormatError(
            f"The MLflow metric file '{label}' has lines that are not "
            f"'<timestamp> <value> <step>' (line {list_lines(rows)}, not counting blank "
            "lines); is this an mlruns folder?")
    if no_step.all():  # files from MLflow before 1.0 have no step: use the line order
        steps = pd.Series(np.arange(len(cells), dtype=float))
        notes.append(f"'{label}' has no steps; numbered its lines 0, 1, 2, ... as steps.")
    return as_table(pd.DataFrame({"run": run, "metric": metric, "step": steps,
                                  "value": values, "wall_time": timestamps / 1000.0}))
