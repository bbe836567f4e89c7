"""The app through its router in AppTest, as ``streamlit run app.py`` serves it after its
first run (``tests/app/conftest.py``'s ``served`` fixture, outside pytest), for
benchmarks that time page runs of this checkout or of another one (``--repo``)."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def router_app(repo: Path, timeout: float):
    """AppTest of ``repo``'s ``app.py``, run once, in st.navigation mode. Call it in a
    fresh process: it changes directory, ``sys.path`` and Streamlit's PagesManager."""
    os.chdir(repo)
    sys.path.insert(0, str(repo))
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    return AppTest.from_file(str(repo / "app.py"), default_timeout=timeout).run()
