"""The download path, against an http.server on 127.0.0.1 (never the real internet)."""

from __future__ import annotations

import shutil
import socket
import threading

import pandas as pd
import pytest

from laws import datasets
from laws.datasets import DatasetUnavailable, DatasetWarning

DOWNLOADABLE = [n for n in datasets.names() if not datasets.info(n).local_only]


def test_first_load_downloads_and_caches_second_load_uses_the_cache(upstream, isolated):
    ds = datasets.info("chinchilla")
    before = datasets.where("chinchilla", base_url=upstream.base_url)
    assert before.kind == "download" and before.url == ds.url(upstream.base_url)

    df = datasets.load("chinchilla", base_url=upstream.base_url)
    assert len(df) == 234 and list(df.columns) == ["C", "N", "D", "loss"]
    assert df.attrs["source"].kind == "download"
    assert upstream.requests == [
        "/kyo-takano/chinchilla/75e5858f6e7c5b60d1fab69f66258132347b060c/examples/llm/df.csv"
    ]
    cached = isolated / "chinchilla" / "df.csv"
    assert cached.is_file() and df.attrs["source"].path == cached
    assert [p.name for p in cached.parent.iterdir()] == ["df.csv"]   # no temp files left

    upstream.stop()                                                   # offline from now on
    assert datasets.where("chinchilla", base_url=upstream.base_url).kind == "cache"
    again = datasets.load("chinchilla", base_url=upstream.base_url)
    assert again.attrs["source"].kind == "cache"
    pd.testing.assert_frame_equal(df, again)
    assert len(upstream.requests) == 1


def test_base_url_from_environment(upstream, monkeypatch, isolated):
    monkeypatch.setenv("LAWS_DATA_URL", upstream.base_url)
    df = datasets.load("steplaw_bootstrap")
    assert len(df) == 1000 and len(upstream.requests) == 1


@pytest.mark.parametrize("name", DOWNLOADABLE)
def test_every_verbatim_dataset_downloads_and_verifies(name, upstream, shared_data):
    with warnings_as_errors():
        df, ds = datasets.load_with_info(name, base_url=upstream.base_url)
    assert df.attrs["source"].kind == "download"
    assert len(df) == ds.rows and df.shape[1] == ds.n_columns
    reference = datasets.load(name, data_home=shared_data, download=False)
    pd.testing.assert_frame_equal(df, reference)


def test_checksum_mismatch_is_refused_and_not_cached(upstream_tree, tmp_path, make_server,
                                                     isolated):
    ds = datasets.info("chinchilla")
    root = tmp_path / "tampered"
    shutil.copytree(upstream_tree / "kyo-takano", root / "kyo-takano")
    path = root / ds.upstream_repo / ds.commit / ds.upstream_path
    path.write_text(path.read_text().replace("3.405928", "3.405929", 1))
    server = make_server(root)
    with pytest.raises(DatasetUnavailable, match="does not match its recorded checksum") as err:
        datasets.load("chinchilla", base_url=server.base_url)
    assert "not saved" in str(err.value)
    assert not (isolated / "chinchilla").exists() or not any((isolated / "chinchilla").iterdir())


def test_corrupt_cached_copy_is_replaced(upstream, isolated):
    cached = isolated / "chinchilla" / "df.csv"
    cached.parent.mkdir(parents=True)
    cached.write_text("C,N,D,loss\n1,2,3,4\n")
    assert datasets.where("chinchilla", base_url=upstream.base_url).kind == "download"
    df = datasets.load("chinchilla", base_url=upstream.base_url)
    assert len(df) == 234 and df.attrs["source"].kind == "download"
    assert datasets.where("chinchilla").kind == "cache"


def test_corrupt_cached_copy_without_download_says_so(isolated):
    cached = isolated / "chinchilla" / "df.csv"
    cached.parent.mkdir(parents=True)
    cached.write_text("C,N,D,loss\n1,2,3,4\n")
    with pytest.raises(DatasetUnavailable, match="fails its checksum"):
        datasets.load("chinchilla", download=False)


def test_http_404_gives_a_sentence(tmp_path, make_server):
    server = make_server(tmp_path)                                   # empty tree
    with pytest.raises(DatasetUnavailable) as err:
        datasets.load("chinchilla", base_url=server.base_url)
    msg = str(err.value)
    assert "HTTP 404" in msg and "check the base URL" in msg and "LAWS_DATA_DIR" in msg
    assert err.value.__cause__ is not None                           # original error kept


def test_server_down_gives_a_sentence(dead_url):
    with pytest.raises(DatasetUnavailable) as err:
        datasets.load("chinchilla", base_url=dead_url)
    msg = str(err.value)
    assert msg.startswith("Could not download 'chinchilla'")
    assert "offline" in msg and "chinchilla/df.csv" in msg


def test_real_internet_is_not_reachable_from_tests():
    """The default URL is refused by the test guard, and still yields a sentence."""
    with pytest.raises(DatasetUnavailable, match="You may be offline"):
        datasets.load("chinchilla")


def test_silent_server_times_out(monkeypatch):
    monkeypatch.setattr(datasets, "DOWNLOAD_TIMEOUT", 0.3)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)                                           # accepts, never answers
        port = listener.getsockname()[1]
        with pytest.raises(DatasetUnavailable, match=r"timed out after 0\.3 s"):
            datasets.load("chinchilla", base_url=f"http://127.0.0.1:{port}")


def test_size_cap(upstream, monkeypatch, isolated):
    monkeypatch.setattr(datasets, "MAX_DOWNLOAD_BYTES", 1000)
    with pytest.raises(DatasetUnavailable, match="1,000-byte limit"):
        datasets.load("chinchilla", base_url=upstream.base_url)
    assert not (isolated / "chinchilla" / "df.csv").exists()


def test_size_cap_without_content_length(monkeypatch, isolated):
    """A server that streams without Content-Length is stopped at the cap."""
    monkeypatch.setattr(datasets, "MAX_DOWNLOAD_BYTES", 1000)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]

        def serve():
            conn, _ = listener.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/csv\r\n\r\n")
                try:
                    conn.sendall(b"C,N,D,loss\n" + b"1,2,3,4\n" * 1000)
                except OSError:
                    pass

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        with pytest.raises(DatasetUnavailable, match="exceeded the 1,000-byte limit"):
            datasets.load("chinchilla", base_url=f"http://127.0.0.1:{port}")
        thread.join(timeout=5)


def test_download_false_does_not_touch_the_network(upstream):
    with pytest.raises(DatasetUnavailable, match="not found locally and download=False"):
        datasets.load("chinchilla", download=False, base_url=upstream.base_url)
    assert upstream.requests == []
    assert datasets.where("chinchilla", download=False).kind == "unavailable"


def test_unwritable_cache_still_returns_the_data(upstream, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.warns(DatasetWarning, match="could not write it to the cache"):
        df = datasets.load("chinchilla", base_url=upstream.base_url, cache_dir=blocker / "c")
    assert len(df) == 234 and df.attrs["source"].path is None


def test_jsonl_dataset_round_trip(upstream, isolated):
    df = datasets.load("gemstones_hot", base_url=upstream.base_url)
    assert len(df) == 220 and "final_loss" in df.columns
    upstream.stop()
    assert datasets.load("gemstones_hot").attrs["source"].kind == "cache"


class warnings_as_errors:
    """Turn DatasetWarning into an error inside a with-block."""

    def __enter__(self):
        import warnings
        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("error", DatasetWarning)

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)
