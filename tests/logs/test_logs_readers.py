"""Each format's reader on a messy fixture, through `read_log` (sniffing + cleaning)."""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from laws.logs import (COLUMNS, LogRead, read_csv_log, read_jsonl, read_log, read_mlflow,
                       read_tensorboard, read_wandb_csv, sniff_format)


def curve(read: LogRead, run: str, metric: str) -> dict[float, float]:
    rows = read.table[(read.table["run"] == run) & (read.table["metric"] == metric)]
    return dict(zip(rows["step"], rows["value"]))


def params(read: LogRead, run: str) -> dict[str, str]:
    rows = read.run_params[read.run_params["run"] == run]
    return dict(zip(rows["key"], rows["value"]))


def kinds(read: LogRead, run: str, metric: str) -> dict[str, int]:
    return {e.kind: e.count for e in read.report.entries if (e.run, e.metric) == (run, metric)}


def assert_tidy(table: pd.DataFrame) -> None:
    assert tuple(table.columns) == COLUMNS
    assert pd.api.types.is_string_dtype(table["run"])
    assert pd.api.types.is_string_dtype(table["metric"])
    for column in ("step", "value", "wall_time"):
        assert table[column].dtype == float


class UploadedFile:
    """What Streamlit's uploader hands over: a name and the bytes."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


# --- plain CSV ----------------------------------------------------------------------------

def test_long_csv_reads_loose_column_names_and_cleans(long_csv):
    read = read_log(long_csv)
    assert read.fmt == "csv" and read.source == "long.csv"
    assert_tidy(read.table)
    assert curve(read, "a", "loss") == {0: 10, 1: 9, 2: 8, 3: 17, 4: 16, 5: 15, 6: 14}
    assert curve(read, "b", "loss") == {0: 5, 3: 2, 4: 0, 5: -1}
    assert curve(read, "b", "acc") == {0: 0.5}
    assert read.table.loc[read.table["run"] == "a", "wall_time"].min() == 100
    assert kinds(read, "a", "loss") == {"restart": 3}
    assert kinds(read, "b", "loss") == {"nonfinite": 2, "duplicate": 1, "nonpositive": 2}


def test_long_csv_report_sentences_name_run_metric_and_counts(long_csv):
    read = read_log(long_csv)
    text = str(read.report)
    assert ("Run 'a', metric 'loss': steps go back 1 time (first from step 5 to 3)" in text)
    assert "kept the latest record by wall time" in text and "dropped 3 older records" in text
    assert "Run 'b', metric 'loss': dropped 2 values that are not a finite number " \
           "(1 NaN, 1 infinite)." in text
    assert "removed 1 exact duplicate" in text
    assert "2 values are zero or negative and cannot be shown on a log axis; kept them." in text
    as_json = json.loads(json.dumps(read.report.to_dict()))
    assert {e["kind"] for e in as_json["entries"]} == {"restart", "nonfinite", "duplicate",
                                                       "nonpositive"}
    assert read.report.to_frame().shape == (len(read.report), 5)


def test_read_log_without_cleaning_keeps_every_row(long_csv):
    read = read_log(long_csv, cleaning=False)
    assert len(read.table) == 18 and len(read.report) == 0
    table, meta = read_csv_log(long_csv)
    assert len(table) == 18 and meta["layout"] == "long" and meta["format"] == "csv"


def test_wide_csv_file_name_is_run_and_text_column_is_param(wide_csv):
    read = read_log(wide_csv)
    run = "gpt_N=70M_D=1.4B"
    assert read.runs == [run] and read.metrics == ["loss", "lr"]
    # the blank loss cell at step 20 is a step not logged: no NaN is reported for it
    assert curve(read, run, "loss") == {0: 4, 10: 3, 30: 2.5}
    assert kinds(read, run, "loss") == {}
    assert kinds(read, run, "lr") == {"nonpositive": 1}
    assert params(read, run) == {"model": "gpt", "N": "70000000", "D": "1400000000"}


def test_wide_csv_with_run_column_and_no_step(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text("name,loss,note\nx,3,hello\nx,2,bye\ny,5,hi\n")
    table, meta = read_csv_log(path)
    assert list(table["step"]) == [0, 1, 0] and list(table["run"]) == ["x", "x", "y"]
    assert any("no step column" in n for n in meta["notes"])
    assert any("'note'" in n and "not a metric and changes within a run" in n
               for n in meta["notes"])


def test_csv_text_cell_in_numeric_column_is_noted(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("step,loss\n0,4\n1,oops\n2,3\n3,2\n")
    read = read_log(path)
    assert curve(read, "r", "loss") == {0: 4, 2: 3, 3: 2}
    assert any("'loss'" in n and "row 3" in n for n in read.notes)


def test_tensorboard_csv_download_name_gives_run_and_tag(tmp_path):
    path = tmp_path / "run-exp1-tag-train_loss.csv"
    path.write_text("Wall time,Step,Value\n1700000000.5,0,4.0\n1700000001.5,10,3.0\n")
    read = read_log(path)
    assert read.runs == ["exp1"] and read.metrics == ["train_loss"]
    assert list(read.table["wall_time"]) == [1700000000.5, 1700000001.5]


def test_csv_semicolons_milliseconds_and_iso_dates(tmp_path):
    ms = tmp_path / "ms.csv"
    ms.write_text("step;loss;timestamp\n0;1;1700000000000\n1;0.5;1700000001000\n")
    assert list(read_log(ms).table["wall_time"]) == [1700000000.0, 1700000001.0]
    iso = tmp_path / "iso.csv"
    iso.write_text("step,loss,time\n0,1,1970-01-01T00:00:10Z\n1,0.5,1970-01-01T00:00:20\n")
    assert list(read_log(iso).table["wall_time"]) == [10.0, 20.0]


# --- W&B ----------------------------------------------------------------------------------

def test_wandb_splits_on_last_separator_and_keeps_bands_out(wandb_csv):
    read = read_log(wandb_csv)
    assert read.fmt == "wandb"
    sweep = "sweep - lr=1e-3 - N=70M"
    assert read.runs == ["baseline", sweep]
    assert read.metrics == ["train/loss"]
    assert curve(read, sweep, "train/loss") == {0: 4, 100: 3, 200: 2}
    assert curve(read, "baseline", "train/loss") == {0: 5, 200: 3, 300: 2.5}
    assert kinds(read, sweep, "train/loss") == {"nonfinite": 1}
    bands = read.metadata["bands"]
    assert len(bands) == 12 and set(bands["bound"]) == {"min", "max"}
    assert set(bands["run"]) == {sweep, "baseline"}
    assert params(read, sweep) == {"N": "70000000"}


def test_wandb_reader_direct(wandb_csv):
    table, meta = read_wandb_csv(wandb_csv)
    assert meta["format"] == "wandb" and len(table) == 7  # NaN kept until cleaning
    assert not table["run"].str.endswith(("__MIN", "__MAX")).any()


# --- JSONL --------------------------------------------------------------------------------

def test_jsonl_metrics_params_restart_and_bad_lines(jsonl_log):
    read = read_log(jsonl_log)
    assert read.fmt == "jsonl"
    assert read.metrics == ["loss", "lr"]
    assert curve(read, "r1", "loss") == {0: 4.0, 10: 2.9, 20: 2.4, 30: 2.0}
    assert kinds(read, "r1", "loss") == {"restart": 2}
    assert kinds(read, "r1", "lr") == {"restart": 2}
    assert kinds(read, "r2", "loss") == {"nonpositive": 1}
    assert params(read, "r1") == {"config.N": "70000000", "config.model": "gpt",
                                  "D": "1400000000"}
    assert params(read, "r2") == {"config.N": "1000000000", "config.model": "gpt",
                                  "D": "20000000000"}
    assert read.metadata["bad_lines"] == [5, 11]
    assert any("line 5 and 11" in n for n in read.notes)
    assert read.table["wall_time"].min() == 1700000000


def test_jsonl_without_run_or_step(tmp_path):
    path = tmp_path / "solo.jsonl"
    path.write_text('{"loss": 3}\n{"loss": 2, "tag": "x"}\n{"loss": 1, "tag": "y"}\n')
    table, meta = read_jsonl(path)
    assert list(table["step"]) == [0, 1, 2] and set(table["run"]) == {"solo"}
    assert any("no step field" in n for n in meta["notes"])
    assert any("'tag'" in n and "not a metric and changes" in n for n in meta["notes"])


def test_json_array_of_records_is_accepted(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"step": 0, "loss": 2.0}, {"step": 1, "loss": 1.0}], indent=2))
    assert curve(read_log(path), "records", "loss") == {0: 2.0, 1: 1.0}


# --- TensorBoard --------------------------------------------------------------------------

def test_tensorboard_nested_runs_and_restart_across_files(tb_dir):
    read = read_log(tb_dir)
    assert read.fmt == "tensorboard"
    assert read.runs == ["exp1/seed0", "exp2_N=1B"]
    assert curve(read, "exp1/seed0", "train/loss") == {
        0: 10, 1: 9, 2: 8, 3: 17, 4: 16, 5: 15, 6: 14, 7: 13}
    assert kinds(read, "exp1/seed0", "train/loss") == {"restart": 3}
    assert len(curve(read, "exp1/seed0", "lr")) == 6
    assert curve(read, "exp2_N=1B", "train/loss")[3] == pytest.approx(1.25)
    assert params(read, "exp2_N=1B") == {"N": "1000000000"}
    assert read.table["wall_time"].between(1000, 5000).all()


def test_tensorboard_zip_gives_same_runs(tb_dir, zip_folder):
    archive = zip_folder(tb_dir, prefix="tb_logs/")
    read = read_log(UploadedFile("tb_logs.zip", archive))
    assert read.fmt == "tensorboard" and read.source == "tb_logs.zip"
    assert read.runs == ["exp1/seed0", "exp2_N=1B"]
    assert len(read.table) == len(read_log(tb_dir).table)


def test_tensorboard_single_file_as_path_and_bytes(tb_dir):
    (path,) = (tb_dir / "exp2_N=1B").iterdir()
    table, meta = read_tensorboard(path)
    assert set(table["run"]) == {"exp2_N=1B"} and len(table) == 4
    read = read_log(path.read_bytes(), name=path.name)
    assert read.fmt == "tensorboard" and read.runs == [path.name]
    # content is recognised even under another name
    assert sniff_format(path.read_bytes(), name="upload.bin") == "tensorboard"


def test_tensorboard_one_folder_run_is_folder_name(tmp_path, write_events):
    write_events(tmp_path / "lonely", [(0, "loss", 1.0, 1.0), (1, "loss", 0.5, 2.0)])
    assert read_log(tmp_path / "lonely").runs == ["lonely"]


def test_tensorboard_tf2_tensor_scalars_and_hparams(tmp_path):
    from tensorboard.compat.proto import tensor_pb2, tensor_shape_pb2, types_pb2
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary, SummaryMetadata
    from tensorboard.plugins.hparams import summary_v2
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(str(tmp_path / "tf2"))
    writer.add_event(Event(wall_time=1.0, step=0,
                           summary=summary_v2.hparams_pb({"lr": 0.001, "model": "gpt"})))
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="scalars"))
    for step, value in [(0, 2.0), (5, 1.5)]:
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, float_val=[value],
                                        tensor_shape=tensor_shape_pb2.TensorShapeProto())
        summary = Summary(value=[Summary.Value(tag="epoch_loss", tensor=tensor,
                                               metadata=metadata)])
        writer.add_event(Event(wall_time=10.0 + step, step=step, summary=summary))
    writer.close()
    read = read_log(tmp_path / "tf2")
    assert curve(read, "tf2", "epoch_loss") == {0: 2.0, 5: 1.5}
    assert params(read, "tf2") == {"lr": "0.001", "model": "gpt"}


# --- MLflow -------------------------------------------------------------------------------

def test_mlflow_tree_names_params_and_deleted_runs(mlruns):
    read = read_log(mlruns)
    assert read.fmt == "mlflow"
    assert read.runs == ["deadbeef0000", "same (cccc2222)", "same (eeee3333)", "small-N=70M"]
    assert curve(read, "small-N=70M", "train/loss") == {0: 4, 100: 3, 300: 2}
    assert kinds(read, "small-N=70M", "train/loss") == {"nonfinite": 1}
    assert read.table.loc[read.table["run"] == "small-N=70M", "wall_time"].min() == 1.7e9
    assert params(read, "small-N=70M") == {"run_id": "aaaa1111bbbb", "experiment_id": "1",
                                           "N": "70000000", "optimizer": "adam"}
    assert any("deleted" in n for n in read.notes)


def test_mlflow_zip_and_single_run_folder(mlruns, zip_folder):
    read = read_log(zip_folder(mlruns.parent), name="export.zip")
    assert read.fmt == "mlflow" and len(read.runs) == 4
    table, meta = read_mlflow(mlruns / "1" / "aaaa1111bbbb")
    assert set(table["run"]) == {"small-N=70M"} and set(table["metric"]) == {"train/loss", "lr"}


# --- sniffing and sources -----------------------------------------------------------------

@pytest.mark.parametrize("fixture, fmt", [
    ("long_csv", "csv"), ("wide_csv", "csv"), ("wandb_csv", "wandb"), ("jsonl_log", "jsonl"),
    ("tb_dir", "tensorboard"), ("mlruns", "mlflow")])
def test_sniff_format(request, zip_folder, fixture, fmt):
    path = request.getfixturevalue(fixture)
    assert sniff_format(path) == fmt
    if path.is_file():
        assert sniff_format(UploadedFile(path.name, path.read_bytes())) == fmt
    else:
        assert sniff_format(zip_folder(path), name="x.zip") == fmt


def test_sources_path_bytes_upload_and_stream_agree(jsonl_log):
    data = jsonl_log.read_bytes()
    reads = [read_log(jsonl_log), read_log(str(jsonl_log)),
             read_log(data, name="train.jsonl"), read_log(UploadedFile("train.jsonl", data)),
             read_log(io.BytesIO(data), name="train.jsonl")]
    for read in reads[1:]:
        pd.testing.assert_frame_equal(read.table, reads[0].table)
        pd.testing.assert_frame_equal(read.run_params, reads[0].run_params)


def test_explicit_format_and_aliases(wandb_csv):
    assert read_log(wandb_csv, fmt="W&B").fmt == "wandb"
    as_plain = read_log(wandb_csv, fmt="csv")  # a W&B export is also a wide CSV
    assert as_plain.fmt == "csv" and "Step" not in as_plain.metrics


def test_run_names_stay_plain_text(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("run,step,loss\n<b>bold</b>,0,1\n=1+1,0,2\n123,0,3\n")
    read = read_log(path)
    assert read.runs == ["123", "<b>bold</b>", "=1+1"]
    assert all(isinstance(r, str) for r in read.table["run"])
    assert np.isfinite(read.table["value"]).all()


def test_jsonl_long_lines_and_logged_nan(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text('{"run": "a", "metric": "loss", "step": 0, "value": 3.0, "seed": 1}\n'
                    '{"run": "a", "metric": "loss", "step": 1, "value": NaN, "seed": 1}\n'
                    '{"run": "a", "metric": "acc", "step": 1, "value": Infinity, "seed": 1}\n')
    read = read_log(path)
    assert read.metrics == ["loss"] and curve(read, "a", "loss") == {0: 3.0}
    assert kinds(read, "a", "loss") == {"nonfinite": 1}
    assert kinds(read, "a", "acc") == {"nonfinite": 1}
    assert params(read, "a") == {"seed": "1"}


def test_package_never_imports_streamlit():
    import ast
    from pathlib import Path

    import laws.logs

    for path in Path(laws.logs.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] == "streamlit" for n in names), path
