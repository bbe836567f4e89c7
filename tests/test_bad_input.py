"""Bad input at scale, as users would bring it: every reader, every fit, the CLI.

Malformed, huge, empty, binary, mislabelled and adversarial files and values must end
in the project's own exceptions with a sentence (``laws.logs.LogFormatError``,
``laws.FitError``, ``ValueError`` where documented) or a result; never another
exception, never a hang. Fits use tiny start counts (``FAST``) so each example is fast;
example counts are bounded so the module stays well under a minute.

``@example`` rows are regressions: each once raised a raw pandas/numpy exception or
was silently accepted.
"""
from __future__ import annotations

import contextlib
import gzip
import io
import json
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import laws
from laws import FitError
from laws.__main__ import main as cli
from laws.logs import (COLUMNS, HOWS, LogFormatError, LogRead, clean, read_log, run_table,
                       sniff_format, to_points)
from laws.logs._table import make_params, make_table

pytestmark = pytest.mark.timeout(240)  # a hang fails instead of blocking the suite

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
FORMATS = [None, "csv", "wandb", "jsonl", "tensorboard", "mlflow"]
#: Smallest start counts: the point is what a fit does with the data, not its optimum.
FAST = {"n_random": 3, "refine": 1, "grid": {}}
LAWS = [law for paper in laws.papers() for law in paper.laws]


def sentence(err: Exception) -> str:
    """The message of ``err``, checked to read like a sentence."""
    message = str(err)
    assert len(message) > 15 and message.strip() == message, message
    assert message[0].isupper() or message[0] in "'\"" or message[0].isdigit() or \
        message.split()[0].islower(), message  # a parameter name may start it
    assert "Traceback" not in message
    return message


# --- readers -----------------------------------------------------------------------
def read(source, **kwargs):
    try:
        result = read_log(source, **kwargs)
    except LogFormatError as err:
        sentence(err)
        return err
    assert isinstance(result, LogRead)
    assert tuple(result.table.columns) == COLUMNS
    assert np.isfinite(result.table["value"]).all()
    return result


def _event_file() -> bytes:
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary
    from tensorboard.summary.writer.event_file_writer import EventFileWriter
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        writer = EventFileWriter(tmp)
        for step in range(4):
            summary = Summary(value=[Summary.Value(tag="loss", simple_value=4.0 - step)])
            writer.add_event(Event(wall_time=1000.0 + step, step=step, summary=summary))
        writer.close()
        (path,) = Path(tmp).iterdir()
        return path.read_bytes()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


#: One good file per format (name, bytes); mutations of these are the adversarial inputs.
GOOD = {
    "csv_long": ("long.csv", b"run,metric,step,value\na,loss,0,4\na,loss,1,3\nb,loss,0,5\n"),
    "csv_wide": ("N=70M_D=1B.csv", b"step,loss,lr\n0,4.0,0.1\n10,3.0,0.1\n20,2.5,0.05\n"),
    "wandb": ("export.csv", b'"Step","r1 - loss","r1 - loss__MIN","r1 - loss__MAX"\n'
                            b"0,4,3.9,4.1\n10,3,2.9,3.1\n"),
    "jsonl": ("train.jsonl", b'{"run": "a", "N": 7e7, "step": 0, "loss": 4}\n'
                             b'{"run": "a", "step": 1, "loss": 3, "_timestamp": 1700000000}\n'),
    "tensorboard": ("events.out.tfevents.1.host", None),  # filled lazily (slow import)
    "mlflow": ("mlruns.zip", _zip({"0/abc/metrics/loss": b"1700000000000 4.0 0\n"
                                                         b"1700000001000 3.0 1\n",
                                   "0/abc/params/N": b"70000000",
                                   "0/abc/tags/mlflow.runName": b"N=70M"})),
}


@pytest.fixture(scope="module")
def good_files():
    files = dict(GOOD)
    files["tensorboard"] = (GOOD["tensorboard"][0], _event_file())
    return files


def test_every_good_file_reads(good_files):
    for kind, (name, data) in good_files.items():
        result = read(data, name=name)
        assert isinstance(result, LogRead), (kind, result)
        assert len(result.table) >= 2


@SETTINGS
@given(data=st.binary(max_size=600), fmt=st.sampled_from(FORMATS),
       name=st.sampled_from(["upload", "x.csv", "x.jsonl", "x.zip", "mlruns",
                             "events.out.tfevents.1.h", "", "../../etc/passwd", "a\nb.csv"]))
@example(data=b"PK\x03\x04", fmt=None, name="x.zip")
@example(data=b"\xff\xfe" + "step,loss\n0,1\n".encode("utf-16-le"), fmt=None, name="x.csv")
@example(data=b"\x00" * 600, fmt="tensorboard", name="upload")
def test_arbitrary_bytes_in_every_format(data, fmt, name):
    read(data, fmt=fmt, name=name)
    try:
        assert sniff_format(data, name=name) in FORMATS
    except LogFormatError as err:
        sentence(err)


@st.composite
def mutations(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes flipped, inserted or repeated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "flip", "insert", "repeat"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "cut":
            del out[at:]
        elif kind == "flip" and out:
            out[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            out[at:at] = draw(st.sampled_from([b"\x00", b",", b"\n", b'"', b"nan", b"-1e999",
                                               b"\xff", b" - ", b"{", b"1e308"]))
        else:
            out[at:at] = out[at:]
    return bytes(out)


@SETTINGS
@given(st.data(), st.sampled_from(sorted(GOOD)), st.sampled_from(FORMATS))
def test_mutated_logs_of_every_format(good_files, data, kind, fmt):
    name, good = good_files[kind]
    read(data.draw(mutations(good)), fmt=fmt, name=name)


@settings(SETTINGS, max_examples=25)
@given(st.dictionaries(
    st.sampled_from(["0/r/metrics/loss", "0/r/metrics/a/b", "r/metrics/loss", "0/r/params/N",
                     "0/r/meta.yaml", "0/r/tags/mlflow.runName", "../evil", "/abs/metrics/x",
                     "logs/events.out.tfevents.1.h", "__MACOSX/0/r/metrics/loss",
                     "C:/x/metrics/loss", "0/r/metrics/"]),
    st.binary(max_size=80) | st.sampled_from([b"1 2 3\n", b"1 nan 3\n", b"a b c\n", b"",
                                               b"1 2\n", b"1 2 3 4\n", b"lifecycle_stage: deleted\n"]),
    min_size=1, max_size=5), st.sampled_from([None, "mlflow", "tensorboard"]))
@example({"0/r/metrics/loss": b"1 2 3 4\n"}, None)
def test_adversarial_zips(files, fmt):
    read(_zip(files), fmt=fmt, name="upload.zip")


def test_zip_bomb_is_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("0/r/metrics/loss", b"1 1 1\n" * 2_000_000)  # 12 MB unzipped
    err = read(bomb.getvalue(), max_bytes=1_000_000)
    assert isinstance(err, LogFormatError) and "limit" in str(err)


def test_huge_input_is_refused_before_reading():
    err = read(b"step,loss\n" + b"1,2\n" * 1000, max_bytes=100)
    assert isinstance(err, LogFormatError) and "limit" in str(err)


# --- curves to points ---------------------------------------------------------------------
values = st.one_of(st.sampled_from([0.0, -1.0, 1e-300, 1e300, np.nan, np.inf, -np.inf, 2.0]),
                   st.floats(allow_nan=True, allow_infinity=True))
records = st.tuples(st.sampled_from(["a", "b", "N=70M", ""]), st.sampled_from(["loss", "acc"]),
                    st.sampled_from([0.0, 1.0, 1.0, 2.0, -5.0, np.nan, 1e300]), values,
                    st.sampled_from([np.nan, 1.0, 2.0, 1e12]))


@settings(SETTINGS, max_examples=30)
@given(st.lists(records, min_size=1, max_size=20), st.sampled_from(HOWS),
       st.sampled_from(["loss", "acc", "absent"]), st.floats(0.01, 1.0),
       st.floats(0.0, 0.99), st.sampled_from([0.0, 1.0, 1e300]))
@example([("a", "loss", 1.0, 2.0, np.nan)] * 3, "mean_last", "loss", 1.0, 0.0, 0.0)
def test_odd_tables_to_points_and_run_table(rows, how, metric, fraction, smoothing, warmup):
    table = make_table(*map(list, zip(*rows)))
    cleaned, _ = clean(table, drop_nonpositive=bool(len(rows) % 2))
    params = make_params([(r, "N", "7e7") for r in cleaned["run"].unique()])
    logread = LogRead(table=cleaned, run_params=params)
    try:
        points = to_points(cleaned, metric, how, last_fraction=fraction, smoothing=smoothing,
                           warmup_steps=warmup)
        runs = run_table(logread, metric, how, last_fraction=fraction, smoothing=smoothing,
                         warmup_steps=warmup)
    except ValueError as err:  # documented: a metric not in the table
        assert metric not in set(cleaned["metric"]), err
        sentence(err)
        return
    assert set(points["run"]) == set(cleaned["run"])
    assert list(runs["run"]) == list(points["run"])
    assert np.isfinite(points["value"]).sum() == (points["n_points"] > 0).sum()


@pytest.mark.parametrize("how", ["final", "mean_last"])
def test_a_million_rows(how):
    n = 1_000_000
    steps = np.tile(np.arange(n // 4, dtype=float), 4)  # four runs, each restarted once
    steps[n // 8:n // 4] -= n // 16
    table = make_table(np.repeat(["r0", "r1", "r2", "r3"], n // 4), "loss", steps,
                       np.linspace(5, 1, n))
    points = to_points(table, "loss", how)
    assert len(points) == 4 and np.isfinite(points["value"]).all()


def test_a_wide_file_with_thousands_of_metric_columns():
    """Regression: the wide reader parsed one column at a time (~30 ms each), so 2,000
    metric columns took a minute (speed: tests/benchmarks/bench_wide_csv.py)."""
    names = [f"m{i}" for i in range(2000)]
    cells = [["1", *["2.5"] * 2000], ["2", "x", *["2.0"] * 1999], ["3", "", *["1.5"] * 1999]]
    text = "step," + ",".join(names) + "\n" + "\n".join(",".join(r) for r in cells) + "\n"
    result = read(text.encode(), name="wide.csv")
    assert isinstance(result, LogRead) and set(result.metrics) == set(names)
    assert len(result.table) == 3 * 2000 - 2  # m0's text cell and blank cell are missing
    assert any("column 'm0'" in note and "row 3" in note for note in result.notes)


def test_a_large_file_reads(tmp_path):
    path = tmp_path / "big.csv"
    body = "\n".join(f"{s},{1 + 1 / (s + 1):.6f}" for s in range(200_000))
    path.write_text("step,loss\n" + body + "\n")
    result = read(path)
    assert isinstance(result, LogRead) and len(result.table) == 200_000


# --- ui.data.read_table (the function under st.cache_data) --------------------------------
@settings(SETTINGS, max_examples=20)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@example(b"a,b\n1,2,3,4\n5\n")
@example(b"\xff\xfe\x00\x00")
def test_ui_read_table(data):
    from ui.data import read_table

    try:
        frame = read_table.__wrapped__("upload.csv", data)
    except LogFormatError as err:
        sentence(err)
        return
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert all(isinstance(c, str) for c in frame.columns)


# --- every fit of every relation ---------------------------------------------------------------
def good_frame(law, n: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    columns = {}
    for v in law.inputs:
        lo, hi = map(float, v.typical)
        columns[v.name] = (np.exp(rng.uniform(np.log(lo), np.log(hi), n)) if v.log and lo > 0
                           else rng.uniform(lo, hi, n))
    columns[law.output.name] = np.asarray(law(**columns), float)
    return pd.DataFrame(columns)


def fit(law, frame, mapping=None, **options):
    """``laws.fit`` is a Fit or a FitError with a sentence, nothing else."""
    try:
        result = laws.fit(law, frame, mapping, **{**FAST, **options})
    except FitError as err:
        sentence(err)
        return err
    assert isinstance(result, laws.Fit)
    assert set(result.params) == set(law.param_names)
    assert all(isinstance(w, str) and w for w in result.warnings)
    return result


def _bad_frames(law):
    good = good_frame(law)
    out, first = law.output.name, (law.input_names or [law.output.name])[0]
    yield "nan row", good.assign(**{out: np.r_[np.nan, good[out].to_numpy()[1:]]}), None
    yield "zeros", good * 0.0, None
    yield "negatives", -good.abs(), None
    yield "one row", good.iloc[:1], None
    yield "constant", good * 0 + 1.0, None
    yield "huge", good * 0 + 1e300, None
    yield "tiny", good * 0 + 1e-300, None
    yield "text column", good.assign(**{out: "loss"}), None
    yield "missing column", good, {out: "not a column"}
    yield "unknown variable", good, {"not a variable": out}
    yield "duplicated column", pd.concat([good, good[[first]]], axis=1), None
    yield "no rows", good.iloc[:0], None


@pytest.mark.parametrize("law", LAWS, ids=lambda law: law.id)
def test_every_relation_on_bad_frames(law):
    outcomes = {}
    for label, frame, mapping in _bad_frames(law):
        outcomes[label] = fit(law, frame, mapping)
    for label in ("missing column", "unknown variable", "duplicated column", "no rows",
                  "text column"):
        assert isinstance(outcomes[label], FitError), (label, outcomes[label])
    if law.params:
        assert isinstance(outcomes["one row"], FitError) or len(law.params) == 1


cells = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from([0.0, -1.0, 1e-300, 1e300, 1.0, 7e10, 1e-3]),
                  st.sampled_from(["", "x", "1e9", "nan", None, True]))


@settings(SETTINGS, max_examples=80)
@given(st.data(), st.sampled_from(LAWS), st.integers(0, 8))
def test_every_relation_on_random_frames(data, law, n):
    names = law.input_names + [law.output.name]
    base = good_frame(law, max(n, 1)).iloc[:n]
    frame = base.astype(object)
    for name in data.draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)):
        frame[name] = data.draw(st.lists(cells, min_size=n, max_size=n))
    options = data.draw(st.fixed_dictionaries({}, optional={
        "space": st.sampled_from(["log", "linear"]),
        "loss": st.sampled_from(["huber", "squared", "asymmetric"]),
        "bootstrap": st.integers(0, 3)}))
    fit(law, frame, **options)


@pytest.mark.parametrize("options", [
    {"delta": -1.0}, {"delta": float("nan")}, {"delta": 0.0}, {"tau": 2.0}, {"level": 1.5},
    {"seed": -1}, {"bootstrap": -1}, {"refine": 0}, {"n_random": -3}, {"loss": "cubic"},
    {"space": "sqrt"}, {"fixed": {"A": float("nan")}}, {"fixed": {"A": float("inf")}},
    {"fixed": {"nope": 1.0}}, {"weights": "nope"},
])
def test_invalid_fit_options_are_fit_errors(options):
    law = laws.get("hoffmann2022.loss")
    assert isinstance(fit(law, good_frame(law, 8), **options), FitError)


def test_backtest_bad_holdout_and_order_column():
    law = laws.get("hoffmann2022.loss")
    frame = good_frame(law, 10).assign(name="x")
    for by, holdout in (("N", -0.5), ("N", float("nan")), ("N", 0.0), ("name", 0.2),
                        ("nope", 0.2), ("N", 1e300)):
        with pytest.raises(FitError) as err:
            laws.backtest(law, frame, by, holdout, **FAST)
        sentence(err.value)


# --- the command line --------------------------------------------------------------------
def run_cli(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli(args)
    return code, err.getvalue()


CLI_FILES = {
    "empty.csv": b"", "garbage.csv": bytes(range(256)) * 4, "bad.zip": b"PK\x03\x04junk",
    "bad.gz": b"junk", "bad.bz2": b"junk", "bad.xz": b"junk",
    "two.zip": _zip({"a.csv": b"N,D,loss\n1,2,3\n", "b.csv": b"x"}),
    "header.csv": b"N,D,loss\n", "nan.csv": b"N,D,loss\n1e9,1e10,nan\n",
    "zeros.csv": b"N,D,loss\n0,0,0\n-1,-1,-1\n", "quote.csv": b'N,D,loss\n"1,2\n',
    "ragged.csv": b"N,D,loss\n1e9,1e10,2\n1e9,1e10,2,5,6\n", "utf16.csv": b"\xff\xfe\x00\x00",
    "gz_not_csv.gz": gzip.compress(bytes(range(256))), "semicolons.csv": b"a;b\n1;2\n",
}


@pytest.mark.parametrize("name", sorted(CLI_FILES))
def test_cli_on_bad_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(CLI_FILES[name])
    code, err = run_cli(["fit", "hoffmann2022.loss", str(path)])
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err, err
    sentence(err.removeprefix("error: ").strip())


def test_cli_on_a_folder_and_a_missing_file(tmp_path):
    for path in (tmp_path, tmp_path / "missing.csv"):
        code, err = run_cli(["fit", "hoffmann2022.loss", str(path)])
        assert code == 2 and err.startswith("error: "), err


GOOD_RUNS = "N,D,loss\n" + "\n".join(f"{n:g},{d:g},{2 + 400 / n ** .34 + 410 / d ** .28:.6f}"
                                      for n in (1e7, 1e8, 1e9) for d in (1e9, 1e10, 1e11))


@pytest.mark.parametrize("extra", [
    ["--holdout", "-0.5"], ["--holdout", "0.2", "--by", "nope"], ["--bootstrap", "-1"],
    ["--delta", "-1"], ["--delta", "nan"], ["--fix", "A=nan"], ["--fix", "A=x"],
    ["--map", "zz=N"], ["--map", "N=nope"], ["--seed", "-1"], ["--map", "N"],
])
def test_cli_bad_options(tmp_path, extra):
    path = tmp_path / "runs.csv"
    path.write_text(GOOD_RUNS)
    code, err = run_cli(["fit", "hoffmann2022.loss", str(path), *extra])
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err, err


@settings(SETTINGS, max_examples=30)
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode),
       st.sampled_from([".csv", ".zip", ".gz", ".bz2", ".xz", ".tsv", ""]))
@example(b"N,D,loss\n1e9,1e10,2\n", ".csv")
def test_cli_on_arbitrary_files(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("cli") / f"upload{suffix}"
    path.write_bytes(data)
    code, err = run_cli(["fit", "hoffmann2022.loss", str(path), "--json"])
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err.startswith("error: ") and "Traceback" not in err, err
