"""From curves to points: one number per run, and the sizes written in run names."""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np
import pandas as pd

from ._table import as_table, format_number, make_params, plural

#: Ways to reduce a run's curve to one value (see `to_points`).
HOWS = ("final", "min", "smoothed_final", "mean_last")

#: Words that name a model size (N) or a data size (D) in run names, lower-case.
SIZE_KEYS = {
    "N": ("n", "params", "nparams", "n_params", "num_params", "parameters", "model_size"),
    "D": ("d", "tokens", "ntokens", "n_tokens", "num_tokens", "toks"),
}
#: Magnitude suffixes, case-insensitive: thousand, million, billion (B or G), trillion.
SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}

_KEY_OF = {alias: key for key, aliases in SIZE_KEYS.items() for alias in aliases}
_SIZE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?P<key>(?i:" + "|".join(sorted(map(re.escape, _KEY_OF), key=len, reverse=True)) + r"))"
    r"(?P<sep>[=:_-]?)"
    r"(?P<number>\d+(?:\.\d+)?(?P<exponent>[eE][+-]?\d+)?)"
    r"(?P<suffix>[kKmMbBgGtT])?"
    r"(?![A-Za-z0-9])")


def parse_run_name(run: str) -> dict[str, float]:
    """The model size ``N`` and data size ``D`` written in a run name, when unambiguous.

    A size is a key, an optional separator (``=``, ``:``, ``_`` or ``-``) and a
    number, standing apart from letters and digits around it (``_`` and ``-`` may
    border it). Keys are, in any case: for ``N`` ``n``, ``params``, ``n_params``,
    ``num_params``, ``parameters``, ``model_size``; for ``D`` ``d``, ``tokens``,
    ``n_tokens``, ``num_tokens``, ``toks``. The number may have an exponent
    (``1e9``) and a suffix K (1e3), M (1e6), B or G (1e9), T (1e12).

    To stay conservative, the one-letter keys ``n`` and ``d`` need an explicit
    ``=``/``:``, a suffix or an exponent (so ``d12``, a depth, is not a data size);
    values below 1 are ignored (``d=0.1`` is a dropout); a key found with two
    different values is left out; bare sizes without a key (``pythia-160m``) are
    not read.

    Parameters
    ----------
    run : str
        A run name, e.g. ``"chinchilla_N=70M_D-1.4B_seed0"``.

    Returns
    -------
    dict
        ``{"N": 7e7, "D": 1.4e9}``, with only the keys that were found unambiguously.

    Examples
    --------
    >>> parse_run_name("N=70M_D-1.4B")
    {'N': 70000000.0, 'D': 1400000000.0}
    >>> parse_run_name("gpt-n125m-tokens=2T")
    {'N': 125000000.0, 'D': 2000000000000.0}
    >>> parse_run_name("nanogpt-d12")
    {}
    """
    found: dict[str, set[float]] = {}
    for match in _SIZE.finditer(str(run)):
        alias = match["key"].lower()
        explicit = match["sep"] in ("=", ":") or match["suffix"] or match["exponent"]
        if len(alias) == 1 and not explicit:
            continue
        try:
            value = float(match["number"]) * SUFFIXES.get((match["suffix"] or "").lower(), 1.0)
        except (OverflowError, ValueError):
            continue
        if np.isfinite(value) and value >= 1:
            found.setdefault(_KEY_OF[alias], set()).add(value)
    return {key: values.pop() for key, values in found.items() if len(values) == 1}


def params_from_names(runs: Iterable[str]) -> pd.DataFrame:
    """Run parameters ``N``/``D`` read from run names with `parse_run_name`."""
    return make_params((run, key, format_number(value))
                       for run in dict.fromkeys(runs)
                       for key, value in parse_run_name(run).items())


def to_points(table: pd.DataFrame, metric: str, how: str = "final", *,
              last_fraction: float = 0.1, smoothing: float = 0.6,
              warmup_steps: float = 0) -> pd.DataFrame:
    """Reduce each run's curve of ``metric`` to one point.

    Steps below ``warmup_steps`` are dropped first. Then, by ``how``:

    * ``"final"``: the value at the last step;
    * ``"min"``: the smallest value, at the step where it is first reached;
    * ``"smoothed_final"``: an exponential moving average of the values in step
      order, read at the last step. ``smoothing`` is the weight of the previous
      average, as in TensorBoard's smoothing slider, with the same start-up bias
      correction: after values v0..vk the average is
      ``sum(smoothing**i * v[k-i]) / sum(smoothing**i)``. 0 means no smoothing.
      The average runs over logged points, not over steps;
    * ``"mean_last"``: the mean of the values in the last ``last_fraction`` of the
      step range, i.e. at steps >= ``last - last_fraction * (last - first)``.

    Parameters
    ----------
    table : DataFrame
        Tidy table ``run, metric, step, value, wall_time``, best cleaned (`clean`).
    metric : str
        The metric to reduce, e.g. ``"loss"``.
    how : {"final", "min", "smoothed_final", "mean_last"}
        The reduction.
    last_fraction : float, default 0.1
        Share of the step range averaged by ``"mean_last"``, in (0, 1].
    smoothing : float, default 0.6
        Weight of the previous average in ``"smoothed_final"``, in [0, 1).
    warmup_steps : float, default 0
        Steps below this are left out before reducing (in steps).

    Returns
    -------
    DataFrame
        One row per run of ``table``: ``run``, ``value`` (in the metric's units),
        ``step`` (the step the value is read at; for averages, the last step) and
        ``n_points`` (points of the curve after the warm-up cut). Runs left with no
        point have NaN value and step and ``n_points`` 0; ``.attrs["notes"]`` says why.

    Raises
    ------
    ValueError
        If ``metric`` is not in the table or a parameter is out of range.
    """
    if how not in HOWS:
        raise ValueError(f"how must be one of {', '.join(HOWS)}, not {how!r}.")
    if not 0 < last_fraction <= 1:
        raise ValueError(f"last_fraction must be in (0, 1], not {last_fraction}.")
    if not 0 <= smoothing < 1:
        raise ValueError(f"smoothing must be in [0, 1), not {smoothing}.")
    table = as_table(table)
    curves = table[(table["metric"] == metric) & np.isfinite(table["value"])
                   & np.isfinite(table["step"])]
    if curves.empty and not (table["metric"] == metric).any():
        known = ", ".join(repr(m) for m in sorted(table["metric"].unique())[:20])
        raise ValueError(f"No metric {metric!r} in this log; its metrics are: {known}.")
    kept = curves[curves["step"] >= warmup_steps].sort_values(["run", "step"], kind="stable")
    rows, notes = [], []
    groups = dict(list(kept.groupby("run", sort=False)))
    for run in sorted(table["run"].unique()):
        curve = groups.get(run)
        if curve is None:
            before = int((curves["run"] == run).sum())
            notes.append(
                f"Run '{run}': all {plural(before, f'{metric!r} point')} are before the "
                f"warm-up cut-off (step < {format_number(warmup_steps)})." if before else
                f"Run '{run}' has no {metric!r} values.")
            rows.append((run, np.nan, np.nan, 0))
            continue
        value, step = _reduce(curve["step"].to_numpy(), curve["value"].to_numpy(), how,
                              last_fraction, smoothing)
        rows.append((run, value, step, len(curve)))
    points = pd.DataFrame(rows, columns=["run", "value", "step", "n_points"])
    points = points.astype({"run": str, "value": float, "step": float, "n_points": int})
    points.attrs["notes"] = notes
    return points


def _reduce(steps: np.ndarray, values: np.ndarray, how: str, last_fraction: float,
            smoothing: float) -> tuple[float, float]:
    if how == "final":
        return float(values[-1]), float(steps[-1])
    if how == "min":
        i = int(np.argmin(values))
        return float(values[i]), float(steps[i])
    if how == "smoothed_final":
        ema = pd.Series(values).ewm(alpha=1.0 - smoothing, adjust=True).mean()
        return float(ema.iloc[-1]), float(steps[-1])
    start = steps[-1] - last_fraction * (steps[-1] - steps[0])
    return float(values[steps >= start].mean()), float(steps[-1])


def run_table(logread, metric: str, how: str = "final", **kwargs) -> pd.DataFrame:
    """One row per run: its parameters, wide, and one point of ``metric``.

    This is what a fit consumes, e.g. columns ``run, N, D, loss, step, n_points``.

    Parameters
    ----------
    logread : LogRead
        A read log (`read_log`), whose ``table`` and ``run_params`` are joined.
    metric : str
        The metric to reduce; it names the value column.
    how : str, default "final"
        The reduction, see `to_points`.
    **kwargs
        ``last_fraction``, ``smoothing``, ``warmup_steps``, passed to `to_points`.

    Returns
    -------
    DataFrame
        ``run``, then the run parameters (``N`` and ``D`` first; numeric where every
        value is a number, else text), then ``metric``, ``step`` and ``n_points``.
        A parameter whose key clashes with these names is suffixed with ``" (param)"``.
        ``.attrs["notes"]`` carries `to_points`'s notes.
    """
    points = to_points(logread.table, metric, how, **kwargs)
    params = logread.run_params.drop_duplicates(["run", "key"], keep="first")
    wide = params.pivot(index="run", columns="key", values="value")
    order = [k for k in ("N", "D") if k in wide.columns]
    order += [k for k in dict.fromkeys(params["key"]) if k not in order]
    wide = wide.reindex(columns=order)
    for column in wide.columns:
        numbers = pd.to_numeric(wide[column], errors="coerce")
        if numbers.notna().sum() == wide[column].notna().sum():
            wide[column] = numbers.astype(float)
    reserved = {"run", metric, "step", "n_points"}
    wide.columns = [f"{c} (param)" if c in reserved else str(c) for c in wide.columns]
    out = points[["run"]].join(wide, on="run")
    out[metric] = points["value"]
    out["step"] = points["step"]
    out["n_points"] = points["n_points"]
    out.attrs["notes"] = list(points.attrs.get("notes", []))
    return out.reset_index(drop=True)
