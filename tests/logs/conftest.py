"""Messy log fixtures for `laws.logs`, one per format, written into tmp_path."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest


def zip_folder(folder: Path, prefix: str = "") -> bytes:
    """The files under ``folder`` as a .zip archive (paths relative to ``folder``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def write_events(folder: Path, points, *, filename_suffix: str = "") -> Path:
    """Write TensorBoard scalars ``(step, tag, value, wall_time)`` to a new event file."""
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    folder.mkdir(parents=True, exist_ok=True)
    before = set(folder.iterdir())
    writer = EventFileWriter(str(folder), filename_suffix=filename_suffix)
    for step, tag, value, wall_time in points:
        summary = Summary(value=[Summary.Value(tag=tag, simple_value=value)])
        writer.add_event(Event(wall_time=wall_time, step=step, summary=summary))
    writer.close()
    (path,) = set(folder.iterdir()) - before
    return path


@pytest.fixture(name="zip_folder")
def zip_folder_fixture():
    """The `zip_folder` helper, for tests."""
    return zip_folder


@pytest.fixture(name="write_events")
def write_events_fixture():
    """The `write_events` helper, for tests."""
    return write_events


@pytest.fixture
def long_csv(tmp_path) -> Path:
    """Long CSV, loose column names: NaN/inf, a duplicate, a restart, non-positive values.

    Run ``a``: steps 0..5 at times 100..105, then resumed at step 3 (times 200..203)
    with new values for steps 3..6. Run ``b``: a NaN, an inf, an exact duplicate,
    a zero and a negative value, no restart.
    """
    rows = ["Run,Metric,global_step,Value,timestamp"]
    rows += [f"a,loss,{s},{10 - s},{100 + s}" for s in range(6)]
    rows += [f"a,loss,{s},{20 - s},{200 + s - 3}" for s in range(3, 7)]
    rows += ["b,loss,0,5.0,100", "b,loss,1,nan,101", "b,loss,2,inf,102", "b,loss,3,2.0,103",
             "b,loss,3,2.0,103", "b,loss,4,0,104", "b,loss,5,-1,105",
             "b,acc,0,0.5,100"]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def wide_csv(tmp_path) -> Path:
    """Wide CSV without run column, named after its run; a blank cell; a text column."""
    path = tmp_path / "gpt_N=70M_D=1.4B.csv"
    path.write_text("_step,loss,lr,model\n"
                    "0,4.0,0.0,gpt\n"
                    "10,3.0,1e-3,gpt\n"
                    "20,,1e-3,gpt\n"
                    "30,2.5,5e-4,gpt\n")
    return path


@pytest.fixture
def wandb_csv(tmp_path) -> Path:
    """W&B chart export: run names containing ' - ', __MIN/__MAX bands, blank cells."""
    header = ["Step",
              "sweep - lr=1e-3 - N=70M - train/loss",
              "sweep - lr=1e-3 - N=70M - train/loss__MIN",
              "sweep - lr=1e-3 - N=70M - train/loss__MAX",
              "baseline - train/loss",
              "baseline - train/loss__MIN",
              "baseline - train/loss__MAX"]
    rows = ["0,4.0,3.9,4.1,5.0,4.9,5.1",
            "100,3.0,2.9,3.1,,,",
            "200,2.0,1.9,2.1,3.0,2.9,3.1",
            "300,NaN,,,2.5,2.4,2.6"]
    path = tmp_path / "wandb_export.csv"
    path.write_text(",".join(f'"{h}"' for h in header) + "\n" + "\n".join(rows) + "\n")
    return path


@pytest.fixture
def jsonl_log(tmp_path) -> Path:
    """JSONL: a config line, blank lines, malformed lines, a restart with timestamps."""
    lines = [
        '{"run": "r1", "config": {"N": 70000000, "model": "gpt"}, "D": 1.4e9}',
        '{"run": "r1", "step": 0, "loss": 4.0, "lr": 0.001, "_timestamp": 1700000000}',
        "",
        '{"run": "r1", "step": 10, "loss": 3.0, "lr": 0.001, "_timestamp": 1700000010}',
        "{this is not json",
        '{"run": "r1", "step": 20, "loss": 2.5, "lr": 0.001, "_timestamp": 1700000020}',
        "   ",
        # resumed from the checkpoint at step 10: steps go back
        '{"run": "r1", "step": 10, "loss": 2.9, "lr": 0.001, "_timestamp": 1700000100}',
        '{"run": "r1", "step": 20, "loss": 2.4, "lr": 0.001, "_timestamp": 1700000110}',
        '{"run": "r1", "step": 30, "loss": 2.0, "lr": 0.001, "_timestamp": 1700000120}',
        '[1, 2, 3]',
        '{"run": "r2", "config": {"N": 1e9, "model": "gpt"}, "D": 2e10, "step": 0, '
        '"loss": 5.0, "lr": 0.002, "_timestamp": 1700000000}',
        '{"run": "r2", "config": {"N": 1e9, "model": "gpt"}, "D": 2e10, "step": 10, '
        '"loss": -1.0, "lr": 0.002, "_timestamp": 1700000010}',
    ]
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def tb_dir(tmp_path) -> Path:
    """TensorBoard runs in nested folders; run exp1/seed0 restarted in a second file."""
    root = tmp_path / "tb_logs"
    write_events(root / "exp1" / "seed0",
                 [(s, "train/loss", 10.0 - s, 1000.0 + s) for s in range(6)]
                 + [(s, "lr", 0.1, 1000.0 + s) for s in range(6)])
    # resumed at step 3, an hour later, in a new event file
    write_events(root / "exp1" / "seed0",
                 [(s, "train/loss", 20.0 - s, 4600.0 + s) for s in range(3, 8)],
                 filename_suffix=".resumed")
    write_events(root / "exp2_N=1B", [(s, "train/loss", 5.0 / (s + 1), 2000.0 + s)
                                      for s in range(4)])
    return root


@pytest.fixture
def mlruns(tmp_path) -> Path:
    """An MLflow file store: names from tags, a shared name, params, a deleted run."""
    root = tmp_path / "mlruns"

    def run(experiment, run_id, name, metrics, params, stage="active"):
        folder = root / experiment / run_id
        (folder / "tags").mkdir(parents=True)
        if name:
            (folder / "tags" / "mlflow.runName").write_text(name)
        (folder / "meta.yaml").write_text(f"run_id: {run_id}\nlifecycle_stage: {stage}\n")
        for metric, lines in metrics.items():
            path = folder / "metrics" / metric
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(f"{t} {v} {s}\n" for t, v, s in lines))
        for key, value in params.items():
            (folder / "params").mkdir(exist_ok=True)
            (folder / "params" / key).write_text(value)

    run("1", "aaaa1111bbbb", "small-N=70M",
        {"train/loss": [(1700000000000, 4.0, 0), (1700000001000, 3.0, 100),
                        (1700000002000, "nan", 200), (1700000003000, 2.0, 300)],
         "lr": [(1700000000000, 0.001, 0)]},
        {"N": "70000000", "optimizer": "adam"})
    run("1", "cccc2222dddd", "same", {"train/loss": [(1700000000000, 5.0, 0)]}, {})
    run("1", "eeee3333ffff", "same", {"train/loss": [(1700000000000, 6.0, 0)]}, {})
    run("1", "deadbeef0000", None, {"train/loss": [(1700000000000, 7.0, 0)]}, {})
    run("1", "0000gone0000", "gone", {"train/loss": [(1700000000000, 8.0, 0)]}, {},
        stage="deleted")
    # artifacts may contain anything, including a folder called metrics
    (root / "1" / "aaaa1111bbbb" / "artifacts" / "metrics").mkdir(parents=True)
    (root / "1" / "aaaa1111bbbb" / "artifacts" / "metrics" / "junk").write_text("not a metric")
    return root
