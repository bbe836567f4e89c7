"""Cleaning details, curve-to-point reductions, run-name parsing and the run table."""
from __future__ import annotations

import numpy as np
import pytest

from laws.logs import (COLUMNS, LogRead, clean, parse_run_name, read_log, run_table,
                       to_points)
from laws.logs._table import make_params, make_table


def table_of(rows):
    """A tidy table from ``(run, metric, step, value[, wall_time])`` tuples."""
    rows = [tuple(r) + (np.nan,) * (5 - len(r)) for r in rows]
    return make_table(*map(list, zip(*rows)))


# --- clean --------------------------------------------------------------------------------

def test_restart_without_wall_time_uses_file_order():
    rows = [("a", "loss", s, 10 - s) for s in range(5)]
    rows += [("a", "loss", s, 100 + s) for s in range(2, 7)]
    cleaned, report = clean(table_of(rows))
    assert list(cleaned["value"]) == [10, 9, 102, 103, 104, 105, 106]
    (entry,) = report.entries
    assert (entry.kind, entry.count) == ("restart", 3)
    assert "in file order" in entry.sentence and "from step 4 to 2" in entry.sentence


def test_latest_by_wall_time_beats_file_order():
    # the later record by wall time comes first in the file
    rows = [("a", "loss", 1, 5.0, 200.0), ("a", "loss", 0, 9.0, 50.0),
            ("a", "loss", 1, 7.0, 100.0)]
    cleaned, report = clean(table_of(rows))
    assert list(cleaned["value"]) == [9.0, 5.0]
    assert [e.kind for e in report.entries] == ["repeated_step"]
    assert "by wall time" in report.entries[0].sentence


def test_missing_steps_dropped_and_nonpositive_dropped_on_request():
    rows = [("a", "lr", np.nan, 1.0), ("a", "lr", 1, 0.0), ("a", "lr", 2, -0.5),
            ("a", "lr", 3, 1e-3)]
    cleaned, report = clean(table_of(rows), drop_nonpositive=True)
    assert list(cleaned["step"]) == [3]
    assert {e.kind: e.count for e in report.entries} == {"no_step": 1, "nonpositive": 2}
    assert "dropped them (drop_nonpositive=True)" in str(report)


def test_clean_of_clean_table_reports_nothing():
    cleaned, _ = clean(table_of([("a", "m", s, 1.0 + s, 10.0 + s) for s in range(4)]))
    again, report = clean(cleaned)
    assert len(report) == 0 and str(report) == ""
    assert tuple(again.columns) == COLUMNS and len(again) == 4


# --- to_points ----------------------------------------------------------------------------

@pytest.fixture
def curves():
    steps = [0, 10, 20, 30, 40]
    rows = [("r", "loss", s, v) for s, v in zip(steps, [8, 4, 1, 3, 2])]
    rows += [("early", "loss", 0, 5.0), ("early", "loss", 5, 4.0)]
    rows += [("other", "acc", 0, 0.5)]
    return table_of(rows)


def point(points, run="r"):
    row = points.set_index("run").loc[run]
    return row["value"], row["step"], row["n_points"]


def test_final_and_min(curves):
    assert point(to_points(curves, "loss", "final")) == (2, 40, 5)
    assert point(to_points(curves, "loss", "min")) == (1, 20, 5)


def test_smoothed_final_is_debiased_ema(curves):
    # weights 1, 1/2, 1/4, 1/8, 1/16 from the last value back
    expected = (2 + 3 / 2 + 1 / 4 + 4 / 8 + 8 / 16) / (1 + 1 / 2 + 1 / 4 + 1 / 8 + 1 / 16)
    value, step, n = point(to_points(curves, "loss", "smoothed_final", smoothing=0.5))
    assert value == pytest.approx(expected) and value == pytest.approx(2.4516129)
    assert (step, n) == (40, 5)
    assert point(to_points(curves, "loss", "smoothed_final", smoothing=0.0))[0] == 2


def test_mean_last_over_step_range(curves):
    # last 25% of steps 0..40: steps >= 30 -> mean(3, 2)
    assert point(to_points(curves, "loss", "mean_last", last_fraction=0.25)) == (2.5, 40, 5)
    # the whole range
    assert point(to_points(curves, "loss", "mean_last", last_fraction=1.0))[0] == 3.6


def test_warmup_cut_and_runs_left_without_points(curves):
    points = to_points(curves, "loss", "min", warmup_steps=15)
    assert point(points) == (1, 20, 3)
    assert point(to_points(curves, "loss", "mean_last", last_fraction=0.5,
                           warmup_steps=15)) == (2.5, 40, 3)
    value, step, n = point(points, "early")
    assert np.isnan(value) and np.isnan(step) and n == 0
    assert list(points["run"]) == ["early", "other", "r"]
    notes = " ".join(points.attrs["notes"])
    assert "Run 'early': all 2 'loss' points are before the warm-up cut-off (step < 15)" in notes
    assert "Run 'other' has no 'loss' values." in notes


def test_to_points_rejects_unknown_metric_and_bad_arguments(curves):
    with pytest.raises(ValueError, match="No metric 'ppl'.*'acc', 'loss'"):
        to_points(curves, "ppl")
    with pytest.raises(ValueError, match="how must be one of"):
        to_points(curves, "loss", "median")
    with pytest.raises(ValueError, match="last_fraction"):
        to_points(curves, "loss", "mean_last", last_fraction=0)
    with pytest.raises(ValueError, match="smoothing"):
        to_points(curves, "loss", "smoothed_final", smoothing=1.0)


# --- parse_run_name -----------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("N=70M", {"N": 70e6}),
    ("N=70M_D-1.4B", {"N": 70e6, "D": 1.4e9}),
    ("gpt-n125m-seed1", {"N": 125e6}),
    ("params_1e9", {"N": 1e9}),
    ("tokens=2T", {"D": 2e12}),
    ("chinchilla_N-1.5e8_toks3.2b", {"N": 1.5e8, "D": 3.2e9}),
    ("model_size=350M,num_tokens=7G", {"N": 350e6, "D": 7e9}),
    ("tokens_2000000", {"D": 2e6}),
    ("n=4", {"N": 4.0}),
    ("N:10k", {"N": 1e4}),
    ("nanogpt-d12", {}),          # d12 is a depth: no suffix, no '='
    ("dropout_d=0.1", {}),        # below 1: not a size
    ("run125m", {}),              # 'n' inside a word
    ("pythia-160m", {}),          # a size without a key
    ("N70Mx", {}),                # glued to more letters
    ("N=70M_N=80M", {}),          # ambiguous
    ("N=70M_params_70000000", {"N": 70e6}),  # two spellings, one value
    ("", {}),
])
def test_parse_run_name(name, expected):
    assert parse_run_name(name) == expected


# --- run_table ----------------------------------------------------------------------------

def test_run_table_joins_points_and_params(tmp_path):
    path = tmp_path / "sweep.csv"
    path.write_text("run,step,loss,model\n"
                    "N=70M_D=1B,0,4,gpt\nN=70M_D=1B,10,3,gpt\n"
                    "N=1B_D=20B,0,3,gpt\nN=1B_D=20B,10,2,gpt\n"
                    "baseline,0,5,lstm\n")
    read = read_log(path)
    table = run_table(read, "loss", how="final")
    assert list(table.columns) == ["run", "N", "D", "model", "loss", "step", "n_points"]
    assert table["N"].dtype == float and table["model"].dtype != float
    by_run = table.set_index("run")
    assert by_run.loc["N=1B_D=20B", ["N", "D", "loss"]].tolist() == [1e9, 2e10, 2.0]
    assert np.isnan(by_run.loc["baseline", "N"]) and by_run.loc["baseline", "loss"] == 5


def test_run_table_file_params_win_and_clashes_are_renamed():
    table = table_of([("N=70M", "loss", 0, 3.0), ("N=70M", "loss", 5, 2.0)])
    params = make_params([("N=70M", "N", "123"), ("N=70M", "loss", "not a loss"),
                          ("N=70M", "N", "456")])
    read = LogRead(table=table, run_params=params)
    out = run_table(read, "loss", how="min")
    assert out.loc[0, "N"] == 123 and out.loc[0, "loss"] == 2.0
    assert out.loc[0, "loss (param)"] == "not a loss"
