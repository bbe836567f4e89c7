"""The hosted demo: what Streamlit Community Cloud does with this repository.

Community Cloud installs ``requirements.txt`` (nothing from requirements-dev.txt) into a
fresh environment and runs ``streamlit run app.py`` with ``.streamlit/config.toml``. This
test does the same in a new virtual environment, then opens the catalogue and a page that
opens a paper's page in Chromium. It needs PyPI (or a pip cache that holds the pinned
wheels) and takes minutes, so it runs only with ``DEPLOY_CHECK=1``: ``.ci/run`` runs it
after the main test run.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import venv

import pytest
from playwright.sync_api import expect

from conftest import REPO, start_server, stop_server

pytestmark = [
    pytest.mark.timeout(1800),
    pytest.mark.skipif(os.environ.get("DEPLOY_CHECK") != "1",
                       reason="the clean-install check runs with DEPLOY_CHECK=1 (.ci/run)"),
]


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def clean_python(tmp_path_factory):
    """A virtual environment with only requirements.txt installed."""
    if not _pypi_reachable():
        pytest.skip("PyPI is not reachable: the clean install cannot be checked offline")
    env_dir = tmp_path_factory.mktemp("clean-env")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    done = subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "-r", str(REPO / "requirements.txt")],
                          capture_output=True, text=True, timeout=1000)
    assert done.returncode == 0, f"pip install -r requirements.txt failed:\n{done.stderr[-3000:]}"
    return python


def test_requirements_alone_run_the_app(clean_python, open_app, tmp_path):
    # nothing only the tests install is importable there
    probe = subprocess.run([clean_python, "-c", "import pytest"], capture_output=True)
    assert probe.returncode != 0, "the clean environment should not have pytest"
    versions = subprocess.run(
        [clean_python, "-c", "import streamlit, numpy, sympy; print(streamlit.__version__)"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert versions == next(line.split("==")[1] for line in
                            (REPO / "requirements.txt").read_text().splitlines()
                            if line.startswith("streamlit=="))
    server = start_server(tmp_path / "server.log", python=clean_python, timeout=120)
    try:
        app = open_app(server)
        app.goto("/")
        expect(app.page.locator("h1").first).to_have_text("Scaling-law explorer")
        app.goto("/kaplan2020", timeout=300_000)  # first run: imports, sympy, caches
        expect(app.page.locator("h1")).to_have_text("Scaling Laws for Neural Language Models")
        app.wait_charts(timeout=120_000)
        expect(app.page.get_by_test_id("stException")).to_have_count(0)
    finally:
        stop_server(server)
    assert sys.executable != clean_python
