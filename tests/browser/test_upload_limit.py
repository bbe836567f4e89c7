"""An upload over the server's size limit is refused with a message, not read.

The deployed limit is ``server.maxUploadSize = 200`` MB (.streamlit/config.toml). Sending
200 MB through a browser in a test is slow, so a server of our own runs with the limit
lowered to 1 MB (Streamlit reads ``STREAMLIT_SERVER_MAX_UPLOAD_SIZE`` like the config
option); the check is the same code path: Streamlit's uploader refuses the file in the
browser and says how large a file may be, the page keeps running, the app never sees it.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM, start_server, stop_server

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(/usr/bin/chromium or chromium on PATH); apt-get install chromium"),
    pytest.mark.timeout(240),
]

LIMIT_MB = 1


@pytest.fixture
def small_limit_server(tmp_path, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", str(LIMIT_MB))
    server = start_server(tmp_path / "server.log")
    try:
        yield server
    finally:
        stop_server(server)


def test_upload_over_the_limit_is_refused_with_a_message(open_app, small_limit_server, tmp_path):
    app = open_app(small_limit_server)
    app.goto("/hoffmann2022")
    app.page.get_by_role("tab", name="Use your data").click()
    app.wait_idle()
    panel = app.page.get_by_role("tabpanel")
    app.rerun(lambda: panel.get_by_test_id("stRadio").get_by_text("Upload a file",
                                                                   exact=True).click())
    uploader = panel.get_by_test_id("stFileUploader")
    expect(uploader).to_contain_text(f"{LIMIT_MB}MB per file")  # the limit took effect

    big = tmp_path / "runs.csv"
    row = "1e9,1e10,2.5\n"
    big.write_text("N,D,loss\n" + row * (LIMIT_MB * 1024 * 1024 // len(row) + 1000))
    assert big.stat().st_size > LIMIT_MB * 1024 * 1024
    panel.locator('input[type="file"]').set_input_files(str(big))
    app.wait_idle()

    expect(uploader).to_contain_text(re.compile(rf"File must be {LIMIT_MB}(\.0)?\s?MB or smaller"))
    # the app never received it: no table, no fit button, no traceback
    expect(panel.get_by_role("button", name="Fit", exact=True)).to_have_count(0)
    expect(app.page.get_by_test_id("stException")).to_have_count(0)
    assert "runs.csv" not in small_limit_server.log_text()
