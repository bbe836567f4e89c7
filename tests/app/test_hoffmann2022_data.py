"""pages/hoffmann2022.py, tabs "Use your data" and "Simulate a sweep".

Every file is uploaded through the page's st.file_uploader (AppTest supports it
since Streamlit 1.5x). Fits are kept small: bootstrap 0 or 50 resamples, the
backtest off unless it is what is tested.
"""
from __future__ import annotations

import io
import json
import re
import zipfile

import numpy as np
import pandas as pd
import pytest
import streamlit as st

from apptools import REPO, check, markdown, messages, table
from laws.papers import hoffmann2022 as hoff

KEY = "chin.data"
PARAMS = [p.name for p in hoff.loss.params]


def fit(at, boot=0, holdout=0.0, **options):
    """Set the fit options (and any other widgets by key suffix), press Fit."""
    at.slider(f"{KEY}.boot").set_value(boot)
    at.slider(f"{KEY}.holdout").set_value(holdout)
    for suffix, value in options.items():
        widget = next(w for w in (*at.selectbox, *at.multiselect, *at.number_input,
                                  *at.slider) if w.key == f"{KEY}.{suffix}")
        widget.set_value(value)
    return check(at.button(f"{KEY}.fit").click().run())


def use_example(at):
    return check(at.radio(f"{KEY}.source").set_value("Shipped example").run())


def upload(at, name: str, data: bytes, mime: str = "text/csv"):
    if at.radio(f"{KEY}.source").value != "Upload a file":
        check(at.radio(f"{KEY}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, mime)).run())


def fit_summary(at) -> str:
    (line,) = markdown(at, "**Fit of L(N, D)**")
    return line


def params_table(at) -> pd.DataFrame:
    return table(at, "parameter").set_index("parameter")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


# --- public dataset and shipped example -----------------------------------------------
def test_public_dataset_fit_with_bootstrap_and_backtest(chin, shared_data):
    at = chin
    assert at.radio(f"{KEY}.source").value == "Public dataset"
    assert at.selectbox(f"{KEY}.dataset").value == "chinchilla"
    assert not at.warning  # the dataset loaded: no "could not download" sentence
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == ["N", "D", "loss"]
    fit(at, boot=50, holdout=0.2)
    assert fit_summary(at).startswith("**Fit of L(N, D)** on 234 runs: objective ")
    assert "(huber, log residuals, 4,500 starts, 50 bootstrap resamples, 95% intervals)" \
        in fit_summary(at)
    params = params_table(at)
    assert list(params.index) == PARAMS
    assert (params["lower"] <= params["fitted"]).all() and (params["fitted"] <= params["upper"]).all()
    assert list(params["published"]) == [p.value for p in hoff.loss.params]
    # Regression values of our own fit on Epoch AI's 234 digitised runs: exponents in
    # the range that Besiroglu et al. 2024 report for this data (about 0.35), not 0.1 or 1.
    assert 0.25 < params.loc["alpha", "fitted"] < 0.45
    assert 0.25 < params.loc["beta", "fitted"] < 0.45
    (backtest,) = markdown(at, "**Backtest**")
    assert backtest.startswith("**Backtest**: fitted on 187 runs below N = ")
    assert "predicted the 47 largest with mean |relative error|" in backtest
    assert "inside the band" in backtest  # a bootstrap band, so a coverage
    derived = table(at, "quantity")
    assert list(derived["quantity"])[0] == "a = beta/(alpha+beta)"
    assert derived[["value", "lower", "upper"]].notna().all().all()
    assert any(c.value.startswith("Extrapolation: the fitted loss on its compute-optimal")
               for c in at.caption)
    keys = {b.key for b in at.download_button}
    assert {"chin.fit.fig", "chin.fit.csv", "chin.fit.json", "chin.fit.bib"} <= keys
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert "runs = laws.datasets.load('chinchilla')" in snippet
    assert "bootstrap=50" in snippet and "law = laws.get('hoffmann2022.loss')" in snippet

    # A fit that cannot be done: every parameter fixed. A sentence; the result stays.
    before = fit_summary(at)
    fit(at, boot=0, fixed=PARAMS)
    assert messages(at)["error"] == [
        "The fit could not be done: Every parameter is fixed: there is nothing to fit."]
    assert fit_summary(at) == before
    assert list(params_table(at).index) == PARAMS


def test_public_dataset_unavailable_says_so(chin, tmp_path, monkeypatch):
    at = chin
    monkeypatch.setenv("LAWS_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("LAWS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LAWS_DATA_URL", "http://127.0.0.1:9/nothing-listens-here")
    st.cache_data.clear()
    try:
        check(at.run())
        (warning,) = messages(at)["warning"]
        shown = re.sub(r"\\(.)", r"\1", warning)  # as rendered: file text is escaped
        assert warning != shown  # LAWS_DATA_DIR and the path are shown as text
        assert "chinchilla" in shown and "LAWS_DATA_DIR" in shown
        assert all(b.key != f"{KEY}.fit" for b in at.button)
    finally:
        st.cache_data.clear()


def test_shipped_example_fit_without_backtest(chin):
    at = use_example(chin)
    assert any("data/hoffmann2022_sweep.csv" in c.value for c in at.caption)
    fit(at, boot=0, holdout=0.0)
    assert fit_summary(at).startswith("**Fit of L(N, D)** on 56 runs")
    assert "(huber, log residuals, 4,500 starts)." in fit_summary(at)
    assert not markdown(at, "**Backtest**")
    params = params_table(at)
    assert params[["lower", "upper"]].isna().all().all()  # no bootstrap, no interval
    # The example is drawn from the published constants with 2% noise (data/make_examples.py).
    # Regression values of our own fit: E and beta land near the truth (1.69, 0.28); alpha
    # trades off against A on this 7 x 8 grid (0.43 here), so it only gets a wide range.
    assert params.loc["E", "fitted"] == pytest.approx(1.69, abs=0.15)
    assert params.loc["beta", "fitted"] == pytest.approx(0.28, abs=0.05)
    assert 0.25 < params.loc["alpha", "fitted"] < 0.55
    assert table(at, "quantity")[["lower", "upper"]].isna().all().all()
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert "runs = pd.read_csv('data/hoffmann2022_sweep.csv')" in snippet
    assert not messages(at)["error"]


@pytest.mark.parametrize("loss, space", [("squared", "linear"), ("asymmetric", "log")])
def test_fit_options_loss_and_residual_space(chin, loss, space):
    at = use_example(chin)
    at.selectbox(f"{KEY}.loss").set_value(loss)
    check(at.run())
    assert at.number_input(f"{KEY}.delta").disabled  # the Huber delta is for Huber only
    fit(at, space=space)
    assert f"({loss}, {space} residuals, 4,500 starts)." in fit_summary(at)
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert f"loss={loss!r}" in snippet and f"space={space!r}" in snippet
    params = params_table(at)
    assert params["fitted"].gt(0).all() and np.isfinite(params["fitted"]).all()


def test_fixed_parameters_take_the_slider_values(chin):
    at = use_example(chin)
    check(at.slider("chin.alpha").set_value(0.3).run())
    fit(at, fixed=["alpha", "beta"])
    params = params_table(at)
    assert params.loc["alpha", "fitted"] == pytest.approx(0.3)
    assert params.loc["beta", "fitted"] == pytest.approx(0.28)
    assert list(params["fixed"]) == ["", "", "", "yes", "yes"]
    # the grid of starts loses the fixed exponents: 5 x 6 x 6 = 180 starts
    assert "(huber, log residuals, 180 starts)." in fit_summary(at)


@pytest.mark.parametrize("level", [0.5, 0.99])
def test_interval_level_extremes(chin, level):
    at = use_example(chin)
    fit(at, boot=50, fixed=["alpha", "beta"], level=level)
    assert f"50 bootstrap resamples, {level:.0%} intervals)." in fit_summary(at)
    params = params_table(at)
    free = params.loc[["E", "A", "B"]]
    assert (free["lower"] <= free["fitted"]).all() and (free["fitted"] <= free["upper"]).all()


# --- uploads ------------------------------------------------------------------------
def test_upload_summary_table_with_bad_rows(chin):
    rows = pd.read_csv(REPO / "data" / "hoffmann2022_sweep.csv").iloc[:20]
    bad = pd.DataFrame({"run": ["nan-loss", "zero-N", "negative-D", "inf-loss", "text-N"],
                        "N": [1e8, 0.0, 1e8, 1e8, "big"], "D": [1e10, 1e10, -5.0, 1e10, 1e10],
                        "loss": [np.nan, 3.0, 3.0, np.inf, 3.0]})
    frame = pd.concat([rows, bad, rows.iloc[:3]], ignore_index=True)  # 3 duplicated runs
    at = upload(chin, "my runs.csv", csv_bytes(frame))
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == ["N", "D", "loss"]
    fit(at, fixed=["alpha", "beta"])
    assert fit_summary(at).startswith("**Fit of L(N, D)** on 23 runs")
    (dropped,) = [w for w in messages(at)["warning"] if "were left out" in w]
    assert dropped.startswith("5 row(s) were left out: row 20: loss is not a finite number")
    assert "row 21: N = 0 is not positive" in dropped
    assert "row 22: D = -5 is not positive" in dropped
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert "runs = pd.read_csv('my runs.csv')" in snippet


def test_column_mapping_for_other_names(chin):
    frame = pd.read_csv(REPO / "data" / "hoffmann2022_sweep.csv").rename(
        columns={"N": "params", "D": "tokens", "loss": "val_loss"})[["run", "params", "tokens",
                                                                     "val_loss"]]
    at = upload(chin, "renamed.tsv", frame.to_csv(index=False, sep="\t").encode(),
                "text/tab-separated-values")
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == \
        ["params", "tokens", "val_loss"]
    fit(at, fixed=["alpha", "beta"])
    assert fit_summary(at).startswith("**Fit of L(N, D)** on 56 runs")
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert "mapping={'N': 'params', 'D': 'tokens', 'loss': 'val_loss'}" in snippet


def test_failed_fit_keeps_the_earlier_result(chin):
    at = use_example(chin)
    fit(at, fixed=["alpha", "beta"])
    before = fit_summary(at)
    negative = pd.DataFrame({"N": [1e8, 2e8, 4e8, 8e8, 1.6e9, 3.2e9],
                             "D": [1e10, 2e10, 4e10, 8e10, 1.6e11, 3.2e11],
                             "loss": [-1.0, -2.0, -3.0, -1.5, -2.5, -0.5]})
    at = upload(at, "negative.csv", csv_bytes(negative))
    fit(at)
    assert messages(at)["error"] == [
        "The fit could not be done: No row can be used: loss = -1 is not positive (row 0), "
        "and every other row has a similar problem."]
    assert fit_summary(at) == before
    # squared error on linear residuals does not need a positive loss, but the
    # inputs must be positive: zero model sizes are refused with a sentence too
    zeros = negative.assign(N=0.0)
    at = upload(at, "zeros.csv", csv_bytes(zeros))
    fit(at, space="linear")
    assert messages(at)["error"] == [
        "The fit could not be done: No row can be used: N = 0 is not positive (row 0), "
        "and every other row has a similar problem."]
    assert fit_summary(at) == before


BAD_FILES = {
    "empty.csv": (b"", "is empty"),
    "header only.csv": (b"N,D,loss\n", "has a header but no rows"),
    "words.csv": (b"name,comment\nsmall,good\nbig,better\n", "No column of this table holds numbers"),
    "binary.csv": (bytes(range(256)) * 20, "looks like a binary file"),
    "latin1.jsonl": ('{"step": 1, "loss": 2.0, "run": "caf\xe9"}\n'.encode("latin-1"), "UTF-8"),
    "broken.jsonl": (b"{not json\n[1, 2, 3]\n", "holds a JSON object"),
    "broken.zip": (b"PK\x03\x04 this is not a zip", "not a readable .zip archive"),
    "events.out.tfevents.1700000000.host": (b"\x00\x01\x02 garbage", "No scalar was found"),
    "model.safetensors": (b"\x00" * 64, "looks like a binary file"),
}


def test_malformed_uploads_get_a_sentence(chin):
    at = chin
    for name, (data, expected) in BAD_FILES.items():
        upload(at, name, data)
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
        assert all(b.key != f"{KEY}.fit" for b in at.button), name


def test_zip_bomb_is_refused(chin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("run/events.out.tfevents.1", "w", force_zip64=True) as handle:
            block = b"\x00" * (1 << 20)
            for _ in range(201):  # 201 MB of zeros, about 200 kB compressed
                handle.write(block)
    at = upload(chin, "logs.zip", buffer.getvalue(), "application/zip")
    (error,) = messages(at)["error"]
    assert re.search(r"'logs.zip \(unzipped\)' is [\d.]+ MB, more than the [\d.]+ MB limit", error)


def test_huge_summary_table_is_refused_before_fitting(chin):
    n = 6_000  # above the page's limit of 5,000 runs per fit
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"N": 10 ** rng.uniform(7, 10, n), "D": 10 ** rng.uniform(9, 12, n)})
    frame["loss"] = hoff.loss(None, N=frame["N"].to_numpy(), D=frame["D"].to_numpy())
    at = upload(chin, "huge.csv", csv_bytes(frame))
    fit(at)
    (error,) = messages(at)["error"]
    assert error.startswith("The fit could not be done: The table has 6,000 rows, and a fit "
                            "here takes at most 5,000 runs")


def long_log(runs: dict[str, int], steps: int, restart_at: int) -> bytes:
    """A long CSV log: each run's loss falls, and every other run resumes from
    ``restart_at``; the first steps are logged twice, each run has a NaN and an
    infinite value, and the last run ends on a negative loss."""
    lines = ["run,step,loss"]
    for i, (run, size) in enumerate(runs.items()):
        for s in range(steps):
            lines += [f"{run},{s},{4 + 10 / size ** 0.1 - s / steps:.6f}"] * (2 if s < 3 else 1)
        for s in range(restart_at, steps if i % 2 == 0 else 0):  # resumed from a checkpoint
            lines.append(f"{run},{s},{4 + 10 / size ** 0.1 - s / steps - 0.01:.6f}")
        lines += [f"{run},{steps},nan", f"{run},{steps + 1},inf"]
        if i == len(runs) - 1:
            lines.append(f"{run},{steps + 2},-1.5")
    return ("\n".join(lines) + "\n").encode()


def test_huge_log_with_restarts_is_cleaned(chin):
    runs = {f"N={n:.0e}_D=2e10".replace("+", ""): n for n in (1e7, 3e7, 1e8, 3e8, 1e9, 3e9)}
    data = long_log(runs, steps=20_000, restart_at=15_000)  # about 3.5 MB
    at = upload(chin, "train_log.csv", data)
    assert not messages(at)["error"]
    cleaned = [e for e in at.expander if e.label == "What was cleaned"]
    assert cleaned
    report = "\n".join(t.value for t in at.text)
    for words in ("resumes from a checkpoint", "exact duplicate", "not a finite number",
                  "zero or negative and cannot be shown on a log axis"):
        assert words in report, words
    (editor,) = at.data_editor
    runs_table = editor.value
    assert len(runs_table) == 6
    assert sorted(runs_table["N"]) == sorted(runs.values())
    assert (runs_table["D"] == 2e10).all()
    assert at.selectbox(f"{KEY}.metric").value == "loss"
    fit(at, fixed=["alpha", "beta"])
    (line,) = markdown(at, "**Fit of L(N, D)**")
    assert line.startswith("**Fit of L(N, D)** on 5 runs")  # the negative final loss is out
    (dropped,) = [w for w in messages(at)["warning"] if "were left out" in w]
    assert dropped == "1 row(s) were left out: row 5: loss = -1.5 is not positive"
    # every run has D = 2e10, and the page says what that means
    assert any(w.startswith("Every run has the same D") for w in messages(at)["warning"])


def test_wandb_export_and_how_to_reduce_curves(chin):
    data = (REPO / "data" / "example_wandb_export.csv").read_bytes()
    at = upload(chin, "wandb_export.csv", data)
    assert at.selectbox(f"{KEY}.metric").value == "loss"
    finals = at.data_editor[0].value.set_index("run")["loss"]
    assert len(finals) == 4 and finals.notna().all()
    check(at.selectbox(f"{KEY}.how").set_value("min").run())
    minima = at.data_editor[0].value.set_index("run")["loss"]
    assert (minima <= finals + 1e-12).all()
    for how in ("smoothed_final", "mean_last"):
        check(at.selectbox(f"{KEY}.how").set_value(how).run())
        assert at.data_editor[0].value["loss"].notna().all(), how
    # 4 runs cannot determine 5 free parameters: a sentence, not a traceback
    fit(at)
    assert messages(at)["error"] == [
        "The fit could not be done: 4 usable rows cannot determine 5 free parameters; add "
        "runs or fix some parameters."]
    # a warm-up cut beyond every step leaves no point: a sentence again
    check(at.number_input(f"{KEY}.warmup").set_value(10_000_000).run())
    assert at.data_editor[0].value["loss"].isna().all()
    fit(at, fixed=["alpha", "beta"])
    assert messages(at)["error"][0].startswith(
        "The fit could not be done: No row can be used: loss is not a finite number")


def test_log_without_sizes_asks_for_them(chin):
    """A JSONL log whose run names carry no N or D: type them in the table."""
    lines = []
    for run in ("tiny", "small", "base", "large", "xl", "xxl"):
        for step in range(0, 100, 10):
            lines.append(json.dumps({"run": run, "step": step, "train/loss": 5 - step / 50,
                                     "_timestamp": 1.7e9 + step}))
        lines.append(json.dumps({"run": run, "step": 50, "train/loss": 2.9,
                                 "_timestamp": 1.7e9 + 500}))  # restarted at step 50
    at = upload(chin, "train.jsonl", "\n".join(lines).encode(), "application/json")
    (info,) = messages(at)["info"]
    assert info.startswith("The log does not say N, D for each run. Type them in the table")
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == ["N", "D", "loss"]
    fit(at, fixed=["alpha", "beta"])
    assert messages(at)["error"][0].startswith(
        "The fit could not be done: No row can be used: N is not a finite number")
    order = list(at.data_editor[0].value["run"])
    sizes = {"tiny": 1e7, "small": 3e7, "base": 1e8, "large": 3e8, "xl": 1e9, "xxl": 3e9}
    at.session_state[f"{KEY}.editor"] = {
        "edited_rows": {i: {"N": sizes[run], "D": 20 * sizes[run]} for i, run in enumerate(order)},
        "added_rows": [], "deleted_rows": []}
    check(at.run())
    fit(at, fixed=["alpha", "beta"])
    assert not messages(at)["error"]
    assert markdown(at, "**Fit of L(N, D)**")[0].startswith("**Fit of L(N, D)** on 6 runs")
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert ".rename(columns={'train/loss': 'loss'})" in snippet


def test_tensorboard_event_file(chin, tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(str(tmp_path))
    for step in range(0, 1000, 100):
        summary = Summary(value=[Summary.Value(tag="train/loss", simple_value=4 - step / 1000)])
        writer.add_event(Event(wall_time=1.7e9 + step, step=step, summary=summary))
    writer.close()
    (path,) = tmp_path.iterdir()
    at = upload(chin, path.name, path.read_bytes(), "application/octet-stream")
    assert not messages(at)["error"]
    assert at.selectbox(f"{KEY}.metric").value == "train/loss"
    assert at.data_editor[0].value["loss"].iloc[0] == pytest.approx(3.1)


def test_nothing_uploaded_is_evaluated(chin, tmp_path):
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    frame = pd.DataFrame({"run": [payload, "=cmd|' /C calc'!A0", "{{7*7}}", "${7*7}"],
                          "N": [1e7, 1e8, 1e9, 1e10], "D": [2e9, 2e10, 2e11, 2e12],
                          "loss": [3.5, 3.0, 2.6, 2.3], payload: [1, 2, 3, 4]})
    at = upload(chin, "evil.csv", csv_bytes(frame))
    fit(at, fixed=["alpha", "beta", "E"])
    lines = [json.dumps({"run": payload, "step": s, "loss": 3 - s / 100, payload: "x"})
             for s in range(5)]
    at = upload(at, f"{payload}.jsonl", "\n".join(lines).encode())
    check(at.run())
    assert not marker.exists()
    assert payload in list(at.data_editor[0].value["run"])  # shown as plain text


def test_degenerate_fit_warns_and_the_page_keeps_working(chin):
    # Every run has the same loss: the exponents end at zero, where a = beta/(alpha+beta)
    # and the compute-optimal frontier are undefined.
    n = np.repeat([1e7, 1e8, 1e9], 3)
    d = np.tile([1e9, 1e10, 1e11], 3)
    at = upload(chin, "flat.csv", csv_bytes(pd.DataFrame({"N": n, "D": d, "loss": 3.0})))
    fit(at, boot=50)
    warnings = messages(at)["warning"]
    assert "alpha ended at its lower bound (0); the data push it outside the allowed range." \
        in warnings
    assert any("cannot be computed from the fitted parameters" in w for w in warnings)
    check(at.slider("chin.logC").set_value(25.0).run())  # the stored result reruns cleanly
    check(at.radio(f"{KEY}.source").set_value("Shipped example").run())


# --- simulate a sweep ----------------------------------------------------------------
def test_simulate_a_sweep(chin):
    at = chin
    assert any(c.value.startswith("Runs are drawn from the law") for c in at.caption)
    at.slider("chin.sim.per_axis").set_value(3)
    at.slider("chin.sim.repeats").set_value(2)
    at.slider("chin.sim.noise").set_value(0.02)
    at.number_input("chin.sim.seed").set_value(7)
    check(at.button("chin.sim.run").click().run())
    assert markdown(at, "2 sweeps of 9 runs with 2.0% noise")
    summary = table(at, "median_relative_error")
    assert list(summary["param"]) == PARAMS
    assert list(summary["truth"]) == pytest.approx([p.value for p in hoff.loss.params])
    assert np.isfinite(summary["mean_estimate"]).all()


def test_simulate_too_few_runs_says_so(chin):
    at = chin
    at.slider("chin.sim.per_axis").set_value(2)  # 2 x 2 = 4 runs for 5 parameters
    at.slider("chin.sim.repeats").set_value(1)
    at.slider("chin.sim.noise").set_value(0.1)
    check(at.button("chin.sim.run").click().run())
    assert messages(at)["error"] == [
        "The simulated sweeps could not be fitted: 4 usable rows cannot determine 5 free "
        "parameters; add runs or fix some parameters."]
