"""Fixtures for the tests of ``laws.datasets``.

* The public data folder is ``<repo>/../shared/data`` (CI clones the repo and puts
  ``shared/`` beside it), or the folder named by ``LAWS_DATA_DIR`` when that is set
  before pytest starts.
* Every test runs with a private cache (``LAWS_CACHE_DIR`` in a temp folder), no
  ``LAWS_DATA_DIR`` / ``LAWS_DATA_URL`` from the caller, and sockets that refuse any
  host but the loopback interface: no test can touch the real internet.
* ``upstream`` serves a temp copy of the verbatim files laid out like
  ``raw.githubusercontent.com`` (``<owner>/<repo>/<commit>/<path>``) from an
  ``http.server`` on 127.0.0.1 with an ephemeral port.
"""

from __future__ import annotations

import functools
import http.server
import ipaddress
import os
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # let `pytest` (not only `python -m pytest`) import laws
    sys.path.insert(0, str(REPO))

from laws import datasets  # noqa: E402

SHARED_DATA = Path(os.environ.get("LAWS_DATA_DIR") or REPO.parent / "shared" / "data")

_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def _is_loopback(host) -> bool:
    if host is None:
        return True
    host = host.decode() if isinstance(host, bytes) else str(host)
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Private cache, clean environment, and no network beyond 127.0.0.1."""
    for var in ("LAWS_DATA_DIR", "LAWS_DATA_URL", "LAWS_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("LAWS_CACHE_DIR", str(cache))
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)

    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            raise socket.gaierror(f"tests may not resolve {host!r}: no real internet in tests")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise ConnectionRefusedError(f"tests may not connect to {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return cache


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The project's public data folder; skip if it is not beside the repo."""
    if not (SHARED_DATA / "chinchilla" / "df.csv").is_file():
        pytest.skip(
            f"public data folder not found at {SHARED_DATA}: put shared/ beside the repo "
            f"or set LAWS_DATA_DIR"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def upstream_tree(tmp_path_factory, shared_data) -> Path:
    """Temp folder laid out like raw.githubusercontent.com for every downloadable dataset."""
    root = tmp_path_factory.mktemp("upstream")
    for name in datasets.names():
        ds = datasets.info(name)
        if ds.local_only:
            continue
        target = root / ds.upstream_repo / ds.commit / ds.upstream_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared_data / ds.local_path, target)
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()


class Server:
    """A static file server on 127.0.0.1 that records the paths requested."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.requests = []
        self.root = root
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.thread.join(timeout=5)
        self.httpd.server_close()


@pytest.fixture
def upstream(upstream_tree):
    """A running server over ``upstream_tree``; stopped after the test."""
    server = Server(upstream_tree)
    yield server
    server.stop()


@pytest.fixture
def make_server():
    """Factory for servers over other folders (e.g. a tampered copy)."""
    servers = []

    def make(root: Path) -> Server:
        server = Server(root)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def dead_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
