"""pages/granziol2022.py through the router: reference point, batch slider, reconstruction."""
from __future__ import annotations

import pytest

from apptools import check, open_page


@pytest.fixture
def gz(app):
    return open_page(app, "granziol2022")


def metrics(at):
    return {m.label: float(m.value) for m in at.metric}


def test_default_render_and_batch_slider(gz):
    assert [t.value for t in gz.title][0].startswith("Learning Rates as a Function")
    assert any("unconfirmed" in w.value.lower() for w in gz.info)
    before = metrics(gz)
    gz.slider(key="gz.logB").set_value(5.0)  # from 1e3 to 1e5 examples: x100 and x10
    check(gz.run())
    after = metrics(gz)
    assert after["SGD learning rate"] / before["SGD learning rate"] == pytest.approx(100, rel=1e-3)
    assert after["Adam learning rate"] / before["Adam learning rate"] == pytest.approx(10, rel=1e-3)


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_extremes(gz, end):
    for s in list(gz.slider):
        s.set_value(getattr(s, end))
    check(gz.run())
    assert any("approaches 2/lambda_1" in m.value for m in gz.markdown)
