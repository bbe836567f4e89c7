"""Reader of TensorBoard event files (``events.out.tfevents.*``), scalars only."""
from __future__ import annotations

import os
import warnings
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from ._source import as_directory, as_file, check_total_size, list_files, open_source
from ._table import MAX_BYTES, LogFormatError, as_table, make_params, plural

#: Every TensorBoard event file has this in its name.
EVENT_FILE_MARK = "tfevents"


def is_event_file(name: str) -> bool:
    """True for names like ``events.out.tfevents.1700000000.host.123.0``."""
    return EVENT_FILE_MARK in PurePosixPath(name.replace("\\", "/")).name


def read_tensorboard(source, name: str | None = None, *,
                     max_bytes: int = MAX_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read the scalars of TensorBoard event files.

    ``source`` is one event file, a folder of runs, or a .zip of such a folder. Every
    event file under the folder is read; its run is the folder holding it, relative to
    the deepest folder holding all event files (``exp1/seed0`` for
    ``logs/exp1/seed0/events.out.tfevents...``). When all files sit in one folder, the
    run is that folder's name (a single file given as bytes: its name).
    Several event files of one run (e.g. after a restart) are merged; cleaning then
    keeps, for each step, the latest value by wall time.

    Scalars written with ``add_scalar`` (PyTorch, TF1) and ``tf.summary.scalar`` (TF2,
    stored as 0-d tensors) are read, with `tbparse` and TensorBoard's event
    accumulator; histograms, images and other summaries are ignored. Hyper-parameters
    logged with the HParams plugin become run parameters.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        An event file, a folder, or a .zip archive of a folder.
    name : str, optional
        Name used in messages (and as the run name of a single file given as bytes).
    max_bytes : int, default 200 MB
        Largest accepted input (all event files together), in bytes.

    Returns
    -------
    table : DataFrame
        Tidy table ``run, metric, step, value, wall_time`` (metric = the tag; wall time
        in seconds since 1970-01-01 UTC), not cleaned.
    metadata : dict
        ``format`` (``"tensorboard"``), ``source``, ``run_params`` (hyper-parameters),
        ``notes``, ``files`` (event files read, relative paths).

    Raises
    ------
    LogFormatError
        If there is no event file, a file cannot be read, or no scalar was logged.
    """
    src = open_source(source, name, max_bytes)
    if src.is_dir or src.is_zip:
        with as_directory(src, max_bytes) as (root, root_name):
            files = [f for f in list_files(root) if is_event_file(f.name)]
            if not files:
                raise LogFormatError(
                    f"'{src.name}' holds no TensorBoard event file (named "
                    "'events.out.tfevents.*'); choose the folder your SummaryWriter wrote to.")
            check_total_size(src.name, files, max_bytes)
            runs = _run_names(root, root_name, files)
            frames = [_read_file(f, run, f.relative_to(root).as_posix())
                      for f, run in zip(files, runs)]
            labels = [f.relative_to(root).as_posix() for f in files]
    else:
        run = src.path.parent.resolve().name if src.path is not None else src.name
        with as_file(src, must_contain=EVENT_FILE_MARK) as path:
            frames = [_read_file(path, run, src.name)]
        labels = [src.name]
    scalars = [f[0] for f in frames if not f[0].empty]
    params = pd.concat([f[1] for f in frames], ignore_index=True).drop_duplicates()
    if not scalars:
        raise LogFormatError(
            f"No scalar was found in '{src.name}' ({plural(len(labels), 'TensorBoard event file')}"
            f": {', '.join(labels[:5])}). The files may hold only histograms or images, or be "
            "cut short; log scalars with add_scalar or tf.summary.scalar.")
    notes = []
    empty = [label for label, f in zip(labels, frames) if f[0].empty]
    if empty:
        notes.append(f"'{src.name}': {plural(len(empty), 'event file')} held no scalar: "
                     f"{', '.join(empty[:5])}.")
    metadata = {"format": "tensorboard", "source": src.name, "run_params": params,
                "notes": notes, "files": labels}
    return as_table(pd.concat(scalars, ignore_index=True)), metadata


def _run_names(root: Path, root_name: str, files: list[Path]) -> list[str]:
    folders = [f.parent.relative_to(root).parts for f in files]
    common = os.path.commonprefix(folders)
    names = []
    for parts in folders:
        rest = parts[len(common):]
        if rest:
            names.append("/".join(rest))
        else:
            names.append(common[-1] if common else root_name)
    return names


def _read_file(path: Path, run: str, label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scalars and hyper-parameters of one event file."""
    from tbparse import SummaryReader  # slow import; only when reading TensorBoard

    try:
        with warnings.catch_warnings():
            # tbparse 0.0.9 uses sort_values(inplace=True), deprecated in pandas 3.
            warnings.filterwarnings("ignore", message=".*inplace keyword.*")
            reader = SummaryReader(str(path), extra_columns={"wall_time"},
                                   event_types={"scalars", "tensors", "hparams"})
            scalars, tensors, hparams = reader.scalars, reader.tensors, reader.hparams
    except Exception as err:  # tbparse/TensorBoard raise many types on damaged files
        raise LogFormatError(f"The TensorBoard file '{label}' could not be read ({err}); "
                             "it may be damaged or not an event file.") from err
    pieces = [frame for frame in (scalars, _scalar_tensors(tensors))
              if not frame.empty and {"step", "tag", "value"} <= set(frame.columns)]
    if pieces:
        table = pd.concat(pieces, ignore_index=True)
        table = table.assign(run=run, metric=table["tag"].astype(str),
                             wall_time=table.get("wall_time", np.nan))
    else:
        table = pd.DataFrame(columns=["run", "metric", "step", "value", "wall_time"])
    params = make_params()
    if not hparams.empty and {"tag", "value"} <= set(hparams.columns):
        params = make_params((run, str(k), str(v)) for k, v in zip(hparams["tag"],
                                                                   hparams["value"]))
    return as_table(table), params


def _scalar_tensors(tensors: pd.DataFrame) -> pd.DataFrame:
    """The 0-d numeric tensors (TF2 scalars) of a tbparse ``tensors`` frame, as floats."""
    if tensors.empty or "value" not in tensors.columns:
        return tensors

    def is_scalar(x) -> bool:
        array = np.asarray(x)
        return array.ndim == 0 and np.issubdtype(array.dtype, np.number)

    keep = tensors["value"].map(is_scalar).astype(bool)
    return tensors[keep].assign(value=lambda f: f["value"].map(float))
