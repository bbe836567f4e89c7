"""Bad input raises LogFormatError with a sentence naming the file and what to do."""
from __future__ import annotations

import io
import zipfile

import pytest

from laws.logs import (LogFormatError, read_csv_log, read_jsonl, read_log, read_mlflow,
                       read_tensorboard, read_wandb_csv, sniff_format)


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_error_is_a_value_error():
    assert issubclass(LogFormatError, ValueError)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t", b"\xef\xbb\xbf\n"])
def test_empty_file(data):
    with pytest.raises(LogFormatError, match=r"'log.csv' is empty; choose a file"):
        read_log(data, name="log.csv")


def test_binary_garbage():
    garbage = bytes(range(256)) * 8
    with pytest.raises(LogFormatError, match=r"'blob.bin' looks like a binary file"):
        read_log(garbage, name="blob.bin")


def test_not_utf8_text():
    with pytest.raises(LogFormatError, match=r"not UTF-8 text \(byte 7.*save it again as UTF-8"):
        read_log("step,lo\xdfs\n0,1\n".encode("latin-1"), name="x.csv")


def test_csv_without_numeric_columns():
    with pytest.raises(LogFormatError, match=r"'notes.csv' has no numeric column.*'who', 'what'"):
        read_log(b"who,what\nme,that\nyou,this\n", name="notes.csv")


def test_csv_only_a_step_column():
    with pytest.raises(LogFormatError, match="no numeric column"):
        read_csv_log(b"step\n0\n1\n", name="s.csv")


def test_csv_header_without_rows():
    with pytest.raises(LogFormatError, match="header row but no data rows"):
        read_log(b"step,loss\n", name="h.csv")


def test_ragged_csv_names_the_line():
    with pytest.raises(LogFormatError, match=r"'r.csv' could not be read as CSV \(.*line 3.*\)"):
        read_log(b"step,loss\n0,1\n1,2,3,4\n", name="r.csv")
    with pytest.raises(LogFormatError, match="as many fields as the header"):
        read_log(b"step,loss\n0,1,2\n", name="r.csv")


def test_long_csv_without_numbers():
    with pytest.raises(LogFormatError, match="value column 'value' has no numbers"):
        read_log(b"metric,step,value\nloss,0,high\n", name="l.csv")


def test_jsonl_without_parseable_line():
    with pytest.raises(LogFormatError, match=r"No line of 'x.jsonl' holds a JSON object "
                                             r"\(first problem on line 2\)"):
        read_log(b"\n{oops\n[1, 2]\n", name="x.jsonl")


def test_jsonl_without_numbers():
    with pytest.raises(LogFormatError, match="no numeric field"):
        read_jsonl(b'{"run": "a", "model": "gpt"}\n', name="x.jsonl")


def test_zip_with_nothing_recognisable():
    archive = make_zip({"README.txt": b"hello", "img/cat.png": b"\x89PNG"})
    with pytest.raises(LogFormatError, match=r"Nothing in the .zip archive 'stuff.zip' is a log"):
        read_log(archive, name="stuff.zip")


def test_broken_zip():
    with pytest.raises(LogFormatError, match="not a readable .zip archive"):
        read_log(b"PK\x03\x04" + b"\x00" * 40, name="broken.zip")


def test_empty_folder(tmp_path):
    with pytest.raises(LogFormatError, match="Nothing in the folder"):
        read_log(tmp_path)


def test_missing_path(tmp_path):
    with pytest.raises(LogFormatError, match="No file or folder .*nope.csv' was found"):
        read_log(tmp_path / "nope.csv")


@pytest.mark.parametrize("source", [b"step,loss\n0,1\n1,2\n", io.BytesIO(b"step,loss\n0,1\n")])
def test_too_large_input(source):
    with pytest.raises(LogFormatError, match=r"more than the 10 bytes limit.*max_bytes"):
        read_log(source, name="big.csv", max_bytes=10)


def test_too_large_file_folder_and_zip(tmp_path, tb_dir):
    path = tmp_path / "big.csv"
    path.write_text("step,loss\n" + "0,1\n" * 100)
    with pytest.raises(LogFormatError, match="'big.csv' is 410 bytes"):
        read_log(path, max_bytes=100)
    with pytest.raises(LogFormatError, match="limit"):
        read_tensorboard(tb_dir, max_bytes=100)
    bomb = make_zip({"run/events.out.tfevents.1.host": b"\0" * 100_000})
    assert len(bomb) < 10_000  # compressed it fits, unzipped it does not
    with pytest.raises(LogFormatError, match=r"'bomb.zip \(unzipped\)' is 100.0 kB, more "
                                             r"than the 10.0 kB limit"):
        read_log(bomb, name="bomb.zip", max_bytes=10_000)


def test_tensorboard_file_without_scalars(tmp_path):
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(str(tmp_path / "hist"))
    histogram = HistogramProto(min=0, max=1, num=2, sum=1, sum_squares=1,
                               bucket_limit=[0.5, 1.0], bucket=[1, 1])
    writer.add_event(Event(wall_time=1.0, step=0,
                           summary=Summary(value=[Summary.Value(tag="w", histo=histogram)])))
    writer.close()
    with pytest.raises(LogFormatError, match=r"No scalar was found in 'hist' \(1 TensorBoard "
                                             r"event file: .*add_scalar"):
        read_log(tmp_path / "hist")


def test_damaged_tensorboard_file():
    with pytest.raises(LogFormatError, match="No scalar was found"):
        read_log(b"\x17\x00\x00\x00\x00\x00\x00\x00garbage" * 10,
                 name="events.out.tfevents.123.host")


def test_folder_without_event_files(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(LogFormatError, match="holds no TensorBoard event file"):
        read_tensorboard(tmp_path)


def test_unknown_format(long_csv):
    with pytest.raises(LogFormatError, match=r"Unknown log format 'xls'; choose one of csv"):
        read_log(long_csv, fmt="xls")


def test_folder_format_on_a_plain_file(long_csv):
    with pytest.raises(LogFormatError, match="neither a folder nor a .zip"):
        read_mlflow(long_csv)


def test_wandb_reader_on_plain_csv():
    with pytest.raises(LogFormatError, match="not a W&B chart export.*fmt='csv'"):
        read_wandb_csv(b"step,loss\n0,1\n", name="plain.csv")


def test_mlflow_metric_file_with_bad_lines(tmp_path):
    metrics = tmp_path / "0" / "run1" / "metrics"
    metrics.mkdir(parents=True)
    (metrics / "loss").write_text("1700000000000 1.0 0\n1700000000000 oops 1\n")
    with pytest.raises(LogFormatError, match=r"'0/run1/metrics/loss' has lines that are not "
                                             r"'<timestamp> <value> <step>' \(line 2"):
        read_log(tmp_path)
    (metrics / "loss").write_text("1 2 3 4 5\n")
    with pytest.raises(LogFormatError, match="could not be read"):
        read_log(tmp_path)


def test_mlflow_runs_without_values(tmp_path):
    metrics = tmp_path / "0" / "run1" / "metrics"
    metrics.mkdir(parents=True)
    (metrics / "loss").write_text("")
    with pytest.raises(LogFormatError, match="have no logged metric value"):
        read_mlflow(tmp_path)


def test_sniffing_errors_are_log_format_errors():
    with pytest.raises(LogFormatError):
        sniff_format(b"")
    with pytest.raises(TypeError, match="path, bytes, or a file-like"):
        read_log(12345)
