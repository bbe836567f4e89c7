"""Browser tests: the app served by ``streamlit run app.py``, driven by Debian's Chromium.

* ``served_app`` starts one Streamlit server per test session on a free port of
  127.0.0.1 (``start_server``), waits for ``/_stcore/health`` to answer ``ok`` (60 s at
  most) and always stops it. Its output goes to a log file; a test fails if the server
  logs an uncaught exception while it runs (the page only shows a redacted message,
  ``client.showErrorDetails = "none"``).
* Public datasets are read from ``LAWS_DATA_DIR`` or ``<repo>/../shared/data``.
* The server gets two settings beyond the plain command: ``--server.fileWatcherType
  none`` (another engineer editing the tree must not reload modules under a running
  test) and one BLAS thread (``OPENBLAS_NUM_THREADS=1`` unless set): on a busy 2-core
  machine OpenBLAS threads spinning against each other made one Chinchilla fit about
  20 times slower (28 s instead of 1.4 s), with the same result.
* Chromium is ``/usr/bin/chromium`` (or ``chromium`` on PATH), never a Playwright
  download; the tests are skipped with a reason when it is absent.

Waiting: as Streamlit's own e2e tests do, we ask the app instead of sleeping. The root
element carries ``data-test-script-state`` (``initial`` -> ``running`` -> ``notRunning``
on every run) and ``data-test-connection-state``. A ``MutationObserver`` installed
before any page script records every state the attribute takes, so ``StreamlitPage``
can wait for "a run started after my action *and* the app is back to notRunning" with
no fixed sleep and no race with a rerun that has not begun yet. (With
``toolbarMode = "minimal"`` the ``stStatusWidget`` running indicator never showed in
Streamlit 1.67 even during a 10 s run, so it is not used.)

Browser console: every ``console.error`` and every uncaught page error fails the test,
except the one pattern in ``IGNORED_CONSOLE_ERRORS`` (documented there).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect as _expect
except ImportError:  # the browser tests are skipped without Playwright
    _expect = None

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and
                 os.path.exists(p)), None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HEALTH_TIMEOUT_S = 60
RUN_TIMEOUT_MS = 60_000
#: Playwright's expect() waits 5 s by default; a page that has finished its script run may
#: still be drawing (KaTeX, Vega) on a loaded 2-core machine. Waiting is not slowness
#: measured: speed is reported by tests/benchmarks, never asserted here.
EXPECT_TIMEOUT_MS = 20_000
VIEWPORT = {"width": 1400, "height": 1000}

#: Console errors that do not fail a test, as (message regex, source-URL regex).
#: Opening a page by its URL path (e.g. /hoffmann2022) makes Streamlit's frontend first
#: try that path as the server's base URL: GET /hoffmann2022/_stcore/health and
#: /hoffmann2022/_stcore/host-config answer 404, Chromium logs "Failed to load resource",
#: and the frontend goes on with the real base URL "/". Streamlit's own behaviour
#: (streamlit/streamlit#7074), not the app's; only those two URLs are ignored.
IGNORED_CONSOLE_ERRORS = [
    (r"^Failed to load resource: the server responded with a status of 404",
     r"^http://127\.0\.0\.1:\d+/[^/?#]+/_stcore/(health|host-config)$"),
]

#: Records every value of stApp's data-test-script-state (consecutive repeats dropped).
_STATE_RECORDER = """
window.__stScriptStates = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const s = app.getAttribute('data-test-script-state');
  const seen = window.__stScriptStates;
  if (s !== null && s !== seen[seen.length - 1]) seen.push(s);
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['data-test-script-state']});
"""

#: Loading placeholders: the app's, and an element's (a lazily loaded widget or chart).
SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'

_RUN_FINISHED = """([mark, needRun]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const since = (window.__stScriptStates || []).slice(mark);
  return (!needRun || since.includes('running'))
      && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


if _expect is not None:
    _expect.set_options(timeout=EXPECT_TIMEOUT_MS)


# --- the server ------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def data_dir() -> str:
    return os.environ.get("LAWS_DATA_DIR") or str(REPO.parent / "shared" / "data")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().decode().strip() == "ok"
    except OSError:
        return False


def start_server(log_path: Path, python: str = sys.executable,
                 timeout: float = HEALTH_TIMEOUT_S, script: str = "app.py") -> Server:
    """``streamlit run app.py`` on a free port; returns once /_stcore/health says ok.

    ``python`` is the interpreter that runs Streamlit (another environment's, to test a
    clean install); ``script`` another app to serve (a benchmark's baseline)."""
    port = free_port()
    env = dict(os.environ, LAWS_DATA_DIR=data_dir(), PYTHONUNBUFFERED="1")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    cmd = [python, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    server = Server(f"http://127.0.0.1:{port}", proc, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.log_text()}")
        if _healthy(server.url):
            return server
        time.sleep(0.25)
    stop_server(server)
    raise RuntimeError(f"streamlit did not answer {server.url}/_stcore/health within "
                       f"{timeout:.0f} s:\n{server.log_text()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def served_app(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (/usr/bin/chromium or chromium on PATH)")
    server = start_server(tmp_path_factory.mktemp("streamlit") / "server.log")
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def fresh_server(tmp_path):
    """A server of its own, for tests about what the very first request does."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (/usr/bin/chromium or chromium on PATH)")
    server = start_server(tmp_path / "server.log")
    try:
        yield server
    finally:
        stop_server(server)


# --- the browser -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (/usr/bin/chromium or chromium on PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class StreamlitPage:
    """A Playwright page on the served app, with Streamlit-aware waiting."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)

    def _mark(self) -> int:
        return self.page.evaluate("(window.__stScriptStates || []).length")

    def _wait_finished(self, mark: int, need_run: bool, timeout: float) -> None:
        from playwright.sync_api import expect

        self.page.wait_for_function(_RUN_FINISHED, arg=[mark, need_run], timeout=timeout)
        # Like Streamlit's e2e helpers: no loading skeleton left, neither the app's nor an
        # element's (drawn while a widget's code is still loading: seen on a busy machine).
        expect(self.page.locator(SKELETONS)).to_have_count(0, timeout=timeout)

    def goto(self, path: str, timeout: float = RUN_TIMEOUT_MS) -> None:
        """Open ``path`` and wait until the first script run has finished."""
        self.page.goto(self.base_url + path, timeout=timeout)
        self._wait_finished(0, True, timeout)

    def rerun(self, action, timeout: float = RUN_TIMEOUT_MS) -> None:
        """Do ``action`` (which must trigger a rerun) and wait until that run finished."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        mark = self._mark()
        action()
        try:
            self._wait_finished(mark, True, min(timeout, 10_000))
        except PlaywrightTimeout:
            # A very short run can start and end between two renders, so "running" is
            # never drawn (seen on the home page's search); then wait for idle and let
            # the caller's expectations check the outcome.
            self._wait_finished(mark, False, timeout)

    def wait_idle(self, timeout: float = RUN_TIMEOUT_MS) -> None:
        """Wait until no run is going on (for actions that may not rerun, e.g. a tab)."""
        self._wait_finished(self._mark(), False, timeout)

    def wait_charts(self, scope=None, timeout: float = RUN_TIMEOUT_MS) -> None:
        """Wait until every visible vega-lite chart in ``scope`` has drawn (canvas or svg).

        Charts in closed tabs are not drawn until the tab opens, so they are left out.
        """
        from playwright.sync_api import expect

        charts = (scope or self.page).get_by_test_id("stVegaLiteChart").filter(visible=True)
        for i in range(charts.count()):
            expect(charts.nth(i).locator("canvas, svg").first).to_be_attached(timeout=timeout)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def _ignored(text: str, url: str) -> bool:
    return any(re.search(m, text) and re.search(u, url or "")
               for m, u in IGNORED_CONSOLE_ERRORS)


def _open_app(browser, server: Server, viewport: dict):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.add_init_script(_STATE_RECORDER)
    context.set_default_timeout(30_000)
    page = context.new_page()
    app = StreamlitPage(page, server.url)

    def on_console(msg):
        if msg.type == "error":
            url = (msg.location or {}).get("url", "")
            if not _ignored(msg.text, url):
                app.console_errors.append(f"console.error: {msg.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda err: app.console_errors.append(f"page error: {err}"))
    return context, app


def _server_errors(server: Server, start: int) -> list[str]:
    """The server's output since ``start`` if it holds a traceback, else nothing."""
    new = server.log_text()[start:]
    return [new[-4000:]] if "Traceback (most recent call last)" in new else []


def _check_clean(app: StreamlitPage, server: Server, log_start: int) -> None:
    problems = list(app.console_errors) + [f"server log: {b}" for b in
                                           _server_errors(server, log_start)]
    assert not problems, "Errors while the test ran:\n" + "\n".join(problems)


@pytest.fixture
def app(browser, served_app):
    """A fresh browser context on the session's server; fails on console/server errors."""
    log_start = len(served_app.log_text())
    context, page = _open_app(browser, served_app, VIEWPORT)
    try:
        yield page
        _check_clean(page, served_app, log_start)
    finally:
        context.close()


@pytest.fixture
def open_app(browser):
    """Factory: ``open_app(server, viewport)`` -> StreamlitPage; checked and closed after."""
    opened = []

    def factory(server: Server, viewport: dict = VIEWPORT) -> StreamlitPage:
        context, page = _open_app(browser, server, viewport)
        opened.append((context, page, server, len(server.log_text())))
        return page

    yield factory
    try:
        for _, page, server, start in opened:
            _check_clean(page, server, start)
    finally:
        for context, *_ in opened:
            context.close()
