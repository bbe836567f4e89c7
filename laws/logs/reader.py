"""`read_log`: recognise a log's format, read it, add sizes from run names, clean it."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from ._source import list_files, looks_binary, open_source, read_text, zip_members
from ._table import FORMATS_HELP, MAX_BYTES, LogFormatError, make_params
from .cleaning import CleaningReport, clean
from .csvlog import WANDB_BOUNDS, WANDB_SEPARATOR, read_csv_log, read_wandb_csv
from .jsonl import read_jsonl
from .mlruns import is_metric_file, read_mlflow
from .points import params_from_names
from .tfevents import is_event_file, read_tensorboard

#: Format names and their readers.
READERS = {
    "csv": read_csv_log,
    "wandb": read_wandb_csv,
    "jsonl": read_jsonl,
    "tensorboard": read_tensorboard,
    "mlflow": read_mlflow,
}
#: How much of a file `sniff_format` looks at, in bytes.
SNIFF_BYTES = 1 << 16
#: Other accepted spellings of the format names.
ALIASES = {"tb": "tensorboard", "tfevents": "tensorboard", "wandb_csv": "wandb", "w&b": "wandb",
           "json": "jsonl", "ndjson": "jsonl", "mlruns": "mlflow", "plain_csv": "csv"}


@dataclass
class LogRead:
    """A log read by `read_log`.

    Attributes
    ----------
    table : DataFrame
        Tidy table ``run, metric, step, value, wall_time`` (step as float, wall time in
        seconds since 1970-01-01 UTC or NaN), cleaned unless asked otherwise.
    run_params : DataFrame
        Run-level parameters ``run, key, value`` (all text), from the file (MLflow
        params, JSONL config fields, constant CSV columns) and from run names (``N``,
        ``D``, see `parse_run_name`); the file wins when both give a key.
    report : CleaningReport
        What cleaning did (empty when not cleaned).
    fmt : str
        The format read: ``"csv"``, ``"wandb"``, ``"jsonl"``, ``"tensorboard"`` or ``"mlflow"``.
    source : str
        The name of what was read (file, folder or archive name).
    notes : list of str
        Sentences about what the reader skipped or assumed (e.g. malformed lines).
    metadata : dict
        Everything else the reader returned (e.g. W&B ``bands``, JSONL ``bad_lines``).
    """

    table: pd.DataFrame
    run_params: pd.DataFrame
    report: CleaningReport = field(default_factory=CleaningReport)
    fmt: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    @property
    def runs(self) -> list[str]:
        """Run names, sorted."""
        return sorted(self.table["run"].unique())

    @property
    def metrics(self) -> list[str]:
        """Metric names, sorted."""
        return sorted(self.table["metric"].unique())


def read_log(source, fmt: str | None = None, name: str | None = None, *,
             cleaning: bool = True, drop_nonpositive: bool = False,
             parse_names: bool = True, max_bytes: int = MAX_BYTES) -> LogRead:
    """Read a training log of any supported format into one tidy table.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        A file or folder path; raw bytes; or an uploaded file (an object with
        ``getvalue()`` or ``read()`` and usually ``.name``, like Streamlit's
        ``UploadedFile``). Folder formats (TensorBoard, MLflow) may come as a .zip.
    fmt : str, optional
        ``"csv"``, ``"wandb"``, ``"jsonl"``, ``"tensorboard"`` or ``"mlflow"``;
        recognised from the content (see `sniff_format`) when None.
    name : str, optional
        Name for messages, the default run name of single-run files, and sniffing by
        extension; defaults to the file name.
    cleaning : bool, default True
        Apply `clean` to the table.
    drop_nonpositive : bool, default False
        Passed to `clean`: drop values <= 0 instead of only reporting them.
    parse_names : bool, default True
        Add run parameters ``N`` and ``D`` read from run names (`parse_run_name`)
        for runs whose file gives none.
    max_bytes : int, default 200 MB
        Largest accepted input, in bytes.

    Returns
    -------
    LogRead

    Raises
    ------
    LogFormatError
        If the input is empty, too large, of an unknown format, or not readable as
        its format; the message names the file and says what to do.
    """
    src = open_source(source, name, max_bytes)
    fmt = _format_name(fmt) if fmt is not None else sniff_format(src, max_bytes=max_bytes)
    table, metadata = READERS[fmt](src, max_bytes=max_bytes)
    params = metadata.pop("run_params", make_params())
    notes = list(metadata.pop("notes", []))
    if parse_names:  # sizes in run names, where the file itself gives none
        from_names = params_from_names(table["run"].unique())
        known = set(zip(params["run"], params["key"]))
        new = np.array([(r, k) not in known for r, k in zip(from_names["run"], from_names["key"])],
                       dtype=bool)
        params = pd.concat([params, from_names[new]], ignore_index=True)
    report = CleaningReport()
    if cleaning:
        table, report = clean(table, drop_nonpositive=drop_nonpositive)
    return LogRead(table=table, run_params=params.reset_index(drop=True), report=report,
                   fmt=fmt, source=src.name, notes=notes, metadata=metadata)


def sniff_format(source, name: str | None = None, *, max_bytes: int = MAX_BYTES) -> str:
    """Recognise the format of a log from its content (and name).

    * a folder or .zip: ``"tensorboard"`` if it holds an ``events.out.tfevents.*``
      file, ``"mlflow"`` if it holds ``<run>/metrics/<metric>`` files;
    * a file named ``*tfevents*`` or holding a TensorBoard record: ``"tensorboard"``;
    * text whose first non-blank line starts with ``{`` or ``[`` (or named
      ``.jsonl``/``.ndjson``/``.json``): ``"jsonl"``;
    * CSV text whose columns are ``<run> - <metric>`` (with ``__MIN``/``__MAX``
      companions) after a step column: ``"wandb"``; other text: ``"csv"``.

    Only the first `SNIFF_BYTES` of a file are read, and the names in a folder or zip.

    Raises
    ------
    LogFormatError
        If the input is empty, binary, or a folder/zip with nothing recognisable.
    """
    src = open_source(source, name, max_bytes)
    if src.is_dir or src.is_zip:
        if src.is_dir:
            members = [f.relative_to(src.path).as_posix() for f in list_files(src.path)]
        else:
            members = zip_members(src)
        fmt = _sniff_members(members)
        if fmt is None:
            kind = "folder" if src.is_dir else ".zip archive"
            raise LogFormatError(
                f"Nothing in the {kind} '{src.name}' is a log this app can read: no "
                "TensorBoard event file (events.out.tfevents.*) and no MLflow metric file "
                f"(<run>/metrics/<metric>). Expected {FORMATS_HELP}.")
        return fmt
    head = src.head(SNIFF_BYTES)
    if is_event_file(src.name) or _is_tfrecord(head):
        return "tensorboard"
    if not head.strip() or looks_binary(head):
        read_text(src)  # raises the error that says what is wrong
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    text = head.decode("utf-16" if utf16 else "utf-8-sig", errors="ignore")
    first = next((line for line in text.splitlines() if line.strip()), "").strip()
    suffix = PurePosixPath(src.name).suffix.lower()
    if first.startswith(("{", "[")) or suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "wandb" if _looks_wandb(first) else "csv"


def _format_name(fmt: str) -> str:
    key = str(fmt).strip().lower()
    key = ALIASES.get(key, key)
    if key not in READERS:
        raise LogFormatError(f"Unknown log format {fmt!r}; choose one of "
                             f"{', '.join(READERS)}, or leave it empty to recognise it.")
    return key


def _sniff_members(members: list[str]) -> str | None:
    if any(is_event_file(m) for m in members):
        return "tensorboard"
    if any(is_metric_file(m) for m in members):
        return "mlflow"
    return None


def _is_tfrecord(head: bytes) -> bool:
    """True when ``head`` starts like a TensorBoard file (first record names the version)."""
    return len(head) > 12 and b"brain.Event:" in head[12:64]


def _looks_wandb(header: str) -> bool:
    """True for a W&B chart export header: ``Step,<run> - <metric>,...``."""
    try:
        columns = [c.strip() for c in pd.read_csv(io.StringIO(header), nrows=0, dtype=str,
                                                  index_col=False).columns]
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return False
    if any(WANDB_SEPARATOR in c and c.endswith(WANDB_BOUNDS) for c in columns):
        return True
    rest = columns[1:]
    return bool(rest) and WANDB_SEPARATOR not in columns[0] and all(
        WANDB_SEPARATOR in c for c in rest)
