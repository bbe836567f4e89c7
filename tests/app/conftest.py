"""AppTest fixtures: the app as `streamlit run app.py` serves it.

* Fits run inside the page script, so every AppTest gets a generous timeout
  (``apptools.TIMEOUT``); no test asserts on time.
* ``served`` makes AppTest run the app the way the server does after its first
  run. AppTest starts every run with ``PagesManager.uses_pages_directory = None``
  and, because this repository has a ``pages/`` folder, replays Streamlit's old
  pages-folder mode: after the first run it executes the page file directly and
  never reruns ``app.py``. The server instead switches to ``st.navigation`` mode
  for good the first time ``app.py`` calls ``st.navigation``, and reruns
  ``app.py`` (the router) on every interaction. Only the second way catches a
  router that fails on a rerun.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

HERE = Path(__file__).resolve().parent
for _path in (HERE, HERE.parents[1]):  # apptools, and the repository root (laws, ui)
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from apptools import SHARED_DATA, check, new_app, open_page  # noqa: E402


@pytest.fixture
def served(monkeypatch):
    """Run AppTest in st.navigation mode, as the server does after the first run."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app(served):
    """The app on its home page (first run)."""
    return check(new_app().run())


@pytest.fixture
def chin(app):
    """The Hoffmann et al. 2022 page, reached through the router."""
    return open_page(app, "hoffmann2022")


@pytest.fixture
def kap(app):
    """The Kaplan et al. 2020 page, reached through the router."""
    return open_page(app, "kaplan2020")


@pytest.fixture
def shared_data() -> Path:
    """The public data folder (``LAWS_DATA_DIR`` or ``<repo>/../shared/data``)."""
    if not (SHARED_DATA / "chinchilla" / "df.csv").is_file():
        pytest.skip(f"public data folder not found at {SHARED_DATA}: put shared/ beside "
                    f"the repo or set LAWS_DATA_DIR")
    os.environ.setdefault("LAWS_DATA_DIR", str(SHARED_DATA))
    return SHARED_DATA
