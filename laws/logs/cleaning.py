"""Cleaning a tidy log table, with a report in plain sentences."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ._table import as_table, format_number, plural

#: Kinds of report entries, in the order cleaning applies them.
KINDS = ("no_step", "nonfinite", "restart", "repeated_step", "duplicate", "nonpositive")


@dataclass(frozen=True)
class ReportEntry:
    """One thing cleaning did to one metric of one run.

    Attributes
    ----------
    kind : str
        One of `KINDS`: ``"no_step"``, ``"nonfinite"``, ``"restart"``,
        ``"repeated_step"``, ``"duplicate"`` or ``"nonpositive"``.
    run, metric : str
        Where it happened.
    count : int
        How many records it concerns (dropped, or flagged for ``"nonpositive"``).
    sentence : str
        What was done, for a person.
    """

    kind: str
    run: str
    metric: str
    count: int
    sentence: str


@dataclass
class CleaningReport:
    """What `clean` did, one `ReportEntry` per kind, run and metric."""

    entries: list[ReportEntry] = field(default_factory=list)

    def __str__(self) -> str:
        """The sentences, one per line ("" when nothing was cleaned)."""
        return "\n".join(e.sentence for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def count(self, kind: str | None = None) -> int:
        """Total records concerned, over all entries or those of one ``kind``."""
        return sum(e.count for e in self.entries if kind is None or e.kind == kind)

    def to_dict(self) -> dict:
        """A JSON-ready dict: ``{"entries": [{kind, run, metric, count, sentence}, ...]}``."""
        return {"entries": [asdict(e) for e in self.entries]}

    def to_frame(self) -> pd.DataFrame:
        """The entries as a DataFrame ``kind, run, metric, count, sentence``."""
        return pd.DataFrame([asdict(e) for e in self.entries],
                            columns=["kind", "run", "metric", "count", "sentence"])


def clean(table: pd.DataFrame, *, drop_nonpositive: bool = False
          ) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean a tidy log table and say what was done.

    Per run and metric, in this order:

    1. records without a finite step are dropped;
    2. values that are NaN or infinite are dropped;
    3. records are put in logging order: by wall time when every record of the
       run and metric has one, else in table (file) order;
    4. a step logged more than once keeps only its *latest* record. When the steps
       go back at some point (a run resumed from a checkpoint logs 0..500, then
       300..1000), this is reported as a restart; otherwise repeats with the same
       value are reported as exact duplicates and repeats with different values as
       repeated steps;
    5. values <= 0, which cannot go on a logarithmic axis, are counted, and dropped
       only when ``drop_nonpositive`` is true.

    Parameters
    ----------
    table : DataFrame
        Tidy table with columns ``run, metric, step, value, wall_time``.
    drop_nonpositive : bool, default False
        Drop values <= 0 instead of only reporting them.

    Returns
    -------
    table : DataFrame
        The cleaned table, sorted by run, metric and step, one record per step.
    report : CleaningReport
        One entry per kind of change, run and metric.
    """
    df = as_table(table)
    df["_order"] = np.arange(len(df), dtype=float)
    entries: list[ReportEntry] = []

    no_step = ~np.isfinite(df["step"])
    _report(entries, "no_step", df[no_step], lambda run, metric, n, g: (
        f"Run '{run}', metric '{metric}': dropped {plural(n, 'record')} without a valid step."))
    df = df[~no_step]

    nonfinite = ~np.isfinite(df["value"])
    _report(entries, "nonfinite", df[nonfinite], _nonfinite_sentence)
    df = df[~nonfinite]

    # Logging order: wall time where a run's metric has it throughout, else file order.
    df["_group"] = df.groupby(["run", "metric"], sort=True).ngroup()
    timed = df["wall_time"].notna().groupby(df["_group"]).transform("all").astype(bool)
    df = df.assign(_time=df["wall_time"].where(timed), _timed=timed)
    df = df.sort_values(["_group", "_time", "_order"], kind="stable")
    previous = df.groupby("_group", sort=False)["step"].shift()
    steps_back = df["step"] < previous
    went_back = steps_back.groupby(df["_group"]).transform("any").astype(bool)
    superseded = df.duplicated(["_group", "step"], keep="last")
    same_value = df.duplicated(["_group", "step", "value"], keep="last")
    backs = df[steps_back].assign(_previous=previous[steps_back]).groupby(["run", "metric"])
    first_back, n_backs = backs.first(), backs.size()
    _report(entries, "restart", df[superseded & went_back], lambda run, metric, n, g: (
        _restart_sentence(run, metric, n, g, n_backs[(run, metric)],
                          first_back.loc[(run, metric)])))
    _report(entries, "repeated_step", df[superseded & ~went_back & ~same_value],
            lambda run, metric, n, g: (
                f"Run '{run}', metric '{metric}': {plural(g['step'].nunique(), 'step')} "
                f"{'was' if g['step'].nunique() == 1 else 'were'} logged more than once "
                f"with different values; kept the latest record "
                f"{_order_words(g)} and dropped {plural(n, 'older record')}."))
    _report(entries, "duplicate", df[superseded & ~went_back & same_value],
            lambda run, metric, n, g: (
                f"Run '{run}', metric '{metric}': removed {plural(n, 'exact duplicate')} "
                "(same step and value logged again)."))
    df = df[~superseded]

    nonpositive = df["value"] <= 0
    _report(entries, "nonpositive", df[nonpositive], lambda run, metric, n, g: (
        f"Run '{run}', metric '{metric}': {plural(n, 'value')} "
        f"{'is' if n == 1 else 'are'} zero or negative and cannot be shown on a log axis; "
        + (f"dropped {'it' if n == 1 else 'them'} (drop_nonpositive=True)."
           if drop_nonpositive else f"kept {'it' if n == 1 else 'them'}.")))
    if drop_nonpositive:
        df = df[~nonpositive]

    out = df.sort_values(["_group", "step"], kind="stable")
    return as_table(out), CleaningReport(entries)


def _report(entries, kind, rows: pd.DataFrame, sentence) -> None:
    """Append one entry per (run, metric) of ``rows``, worded by ``sentence``."""
    if rows.empty:
        return
    for (run, metric), group in rows.groupby(["run", "metric"], sort=True):
        n = len(group)
        entries.append(ReportEntry(kind, str(run), str(metric), n,
                                   sentence(run, metric, n, group)))


def _nonfinite_sentence(run, metric, n, group) -> str:
    nan = int(group["value"].isna().sum())
    parts = [f"{nan} NaN"] if nan else []
    if n - nan:
        parts.append(f"{n - nan} infinite")
    return (f"Run '{run}', metric '{metric}': dropped {plural(n, 'value')} that "
            f"{'is' if n == 1 else 'are'} not a finite number ({', '.join(parts)}).")


def _order_words(group: pd.DataFrame) -> str:
    return "by wall time" if bool(group["_timed"].all()) else "in file order"


def _restart_sentence(run, metric, n, group, n_backs: int, first_back: pd.Series) -> str:
    return (f"Run '{run}', metric '{metric}': steps go back {plural(int(n_backs), 'time')} "
            f"(first from step {format_number(first_back['_previous'])} to "
            f"{format_number(first_back['step'])}), as when a run resumes from a checkpoint; "
            f"kept the latest record {_order_words(group)} for each repeated step and dropped "
            f"{plural(n, 'older record')}.")
