"""Property tests: arbitrary input never raises anything but LogFormatError."""
from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laws.logs import COLUMNS, HOWS, LogFormatError, LogRead, clean, read_log, to_points
from laws.logs._table import make_table

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Printable text: control characters are covered by the random-bytes test.
text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)
cells = st.one_of(
    st.sampled_from(["", "0", "1", "-1", "1e3", "2.5", "nan", "NaN", "inf", "-inf", "null",
                     "x", "a - b", "N=70M", '"', '"q,uoted"', "step", "run", " ", "1e999"]),
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    text,
)
headers = st.one_of(
    st.sampled_from(["step", "Step", "_step", "run", "metric", "value", "loss", "time",
                     "timestamp", "x - loss", "x - loss__MIN", "name", "", "Unnamed: 0"]),
    text,
)


def check(outcome) -> None:
    """A LogRead with a tidy table, or a LogFormatError with a real sentence."""
    if isinstance(outcome, LogFormatError):
        message = str(outcome)
        assert message and message[0].isupper() or message.startswith("'"), message
        return
    assert isinstance(outcome, LogRead)
    assert tuple(outcome.table.columns) == COLUMNS
    assert np.isfinite(outcome.table["value"]).all()
    assert not outcome.table.duplicated(["run", "metric", "step"]).any()


def attempt(source, **kwargs):
    try:
        return read_log(source, **kwargs)
    except LogFormatError as err:
        return err


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["upload", "x.csv", "x.jsonl", "x.zip",
                                                  "events.out.tfevents.1.h"]))
def test_random_bytes_only_raise_log_format_error(data, name):
    check(attempt(data, name=name))


@st.composite
def csv_texts(draw) -> str:
    """CSV text whose rows mostly have as many fields as the header."""
    header = draw(st.lists(headers, min_size=1, max_size=5))
    width = st.just(len(header)) | st.integers(0, 6)
    rows = draw(st.lists(width.flatmap(lambda n: st.lists(cells, min_size=n, max_size=n)),
                         max_size=8))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    return "\n".join(separator.join(row) for row in [header, *rows])


@settings(SETTINGS, max_examples=50)
@given(csv_texts())
def test_random_csv_text_only_raises_log_format_error(text):
    check(attempt(text.encode("utf-8"), name="random.csv"))


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-10**20, 10**20) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=8)
json_lines = st.one_of(
    st.dictionaries(st.sampled_from(["run", "step", "_step", "loss", "lr", "N", "model",
                                     "_timestamp", "a.b", "a"]), json_values, max_size=5)
    .map(json.dumps),
    text,
)


@settings(SETTINGS, max_examples=30)
@given(st.lists(json_lines, min_size=1, max_size=8))
def test_random_jsonl_only_raises_log_format_error(lines):
    check(attempt("\n".join(lines).encode("utf-8"), name="random.jsonl"))


rows = st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["loss", "lr"]),
                 st.integers(0, 6).map(float),
                 st.one_of(st.floats(-5, 5), st.just(np.nan), st.just(np.inf)),
                 st.one_of(st.just(np.nan), st.floats(0, 100)))


@settings(SETTINGS, max_examples=30)
@given(st.lists(rows, max_size=25), st.sampled_from(HOWS))
def test_clean_leaves_one_finite_record_per_step_and_is_idempotent(records, how):
    table = make_table(*map(list, zip(*records))) if records else make_table([], [], [], [], [])
    cleaned, report = clean(table)
    assert not cleaned.duplicated(["run", "metric", "step"]).any()
    assert np.isfinite(cleaned["value"]).all()
    dropped = sum(e.count for e in report.entries if e.kind != "nonpositive")
    assert len(cleaned) == len(table) - dropped
    again, second = clean(cleaned)
    assert [e.kind for e in second.entries] == [e.kind for e in report.entries
                                                if e.kind == "nonpositive"]
    assert again.equals(cleaned)
    if len(cleaned):
        metric = cleaned["metric"].iloc[0]
        points = to_points(cleaned, metric, how)
        assert set(points["run"]) == set(cleaned["run"])
        # every reduction is a value or a weighted mean of values: it stays in their range
        with_points = points[points["n_points"] > 0]
        lo = cleaned.loc[cleaned["metric"] == metric, "value"].min()
        hi = cleaned.loc[cleaned["metric"] == metric, "value"].max()
        assert with_points["value"].between(lo - 1e-9, hi + 1e-9).all()
