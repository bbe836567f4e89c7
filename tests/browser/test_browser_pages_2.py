"""The second half of the paper pages' smoke test (see ``test_browser_pages.py``): a module
of its own so that the second test worker takes it."""
from __future__ import annotations

import pytest

from test_browser_pages import CHROMIUM, HALF, PAGES, TALL, smoke

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                       "(/usr/bin/chromium or chromium on PATH); apt-get install chromium"),
    pytest.mark.timeout(180),
]


@pytest.mark.parametrize("name, path, label, title", PAGES[HALF:],
                         ids=[p[0] for p in PAGES[HALF:]])
def test_page_smoke(open_app, served_app, name, path, label, title):
    smoke(open_app(served_app, TALL), name, path, title)
