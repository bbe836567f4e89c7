"""Upload, fit and download in Chromium on the pages built on the shared "Use your data"
panel (``ui.data.section``), second half; the first half is test_browser_upload_a.py so
that the two halves run on the two pytest workers.

The pages are found in the code (every ``pages/*.py`` calling ``data.section(``), and
``test_every_section_page_is_covered`` fails when one is added without a spec in
``browser_uploads.SECTION_SPECS``. Screenshots: test-artifacts/screenshots/upload-<page>.png.
"""
from __future__ import annotations


import pytest
from conftest import CHROMIUM

from browser_uploads import cases, generic_pages, upload_fit_and_export

browser = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                             "(/usr/bin/chromium or chromium on PATH); apt-get install chromium")
pytestmark = pytest.mark.timeout(240)


@browser
@pytest.mark.parametrize("key", cases(generic_pages()[1::2]))
def test_upload_fit_and_download(app, tmp_path, key):
    upload_fit_and_export(app, key, tmp_path)
