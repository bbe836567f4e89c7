"""Upload, fit and download in Chromium on the pages built on the shared "Use your data"
panel (``ui.data.section``), first half; the other half is test_browser_upload_b.py so
that the two halves run on the two pytest workers.

The pages are found in the code (every ``pages/*.py`` calling ``data.section(``), and
``test_every_section_page_is_covered`` fails when one is added without a spec in
``browser_uploads.SECTION_SPECS``. Screenshots: test-artifacts/screenshots/upload-<page>.png.
"""
from __future__ import annotations


import pytest
from conftest import CHROMIUM

import laws

from browser_uploads import (COVERED_ELSEWHERE, SECTION_SPECS, cases, generic_pages,
                             section_pages, upload_fit_and_export)

browser = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                             "(/usr/bin/chromium or chromium on PATH); apt-get install chromium")
pytestmark = pytest.mark.timeout(240)


def test_every_section_page_is_covered():
    found = set(section_pages())
    assert len(found) >= 10, found  # the scan itself still finds the pages
    missing = found - set(SECTION_SPECS) - set(COVERED_ELSEWHERE)
    assert not missing, (f"pages calling data.section( without a browser upload test: "
                         f"{sorted(missing)}; add them to browser_uploads.SECTION_SPECS")
    stale = set(SECTION_SPECS) - found
    assert not stale, f"specs of pages that no longer call data.section(: {sorted(stale)}"
    for key, spec in SECTION_SPECS.items():
        assert spec.law_id.startswith(f"{key}."), (key, spec.law_id)
        laws.get(spec.law_id)  # a registered relation


@browser
@pytest.mark.parametrize("key", cases(generic_pages()[0::2]))
def test_upload_fit_and_download(app, tmp_path, key):
    upload_fit_and_export(app, key, tmp_path)
