"""Helpers shared by the AppTest modules (imported by conftest.py and the tests)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
TIMEOUT = 180  # seconds for one script run, fits included
SHARED_DATA = Path(os.environ.get("LAWS_DATA_DIR") or REPO.parent / "shared" / "data")


def new_app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def check(at: AppTest) -> AppTest:
    """Fail with the real traceback(s) if the script raised."""
    if len(at.exception):
        pytest.fail("the page raised:\n" + "\n\n".join(
            "\n".join(e.stack_trace) or e.message for e in at.exception))
    return at


def open_page(at: AppTest, key: str) -> AppTest:
    at.switch_page(f"pages/{key}.py").run()
    return check(at)


@contextmanager
def served_page(key: str):
    """A page opened once through the router in navigation mode (see conftest ``served``),
    for a module-scoped fixture: ``with served_page("kaplan2020") as at: yield at``."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PagesManager, "__init__", init)
        yield open_page(check(new_app().run()), key)


def messages(at: AppTest) -> dict[str, list[str]]:
    """Every st.error / st.warning / st.info sentence on the page."""
    return {"error": [e.value for e in at.error], "warning": [e.value for e in at.warning],
            "info": [e.value for e in at.info]}


def markdown(at: AppTest, start: str) -> list[str]:
    """Markdown blocks whose text starts with ``start``."""
    return [m.value for m in at.markdown if m.value.startswith(start)]


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The (last) dataframe on the page that has ``column``."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with a {column!r} column on the page"
    return found[-1]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}
