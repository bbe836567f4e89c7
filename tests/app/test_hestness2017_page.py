"""pages/hestness2017.py through the router: the three regions, domains, model size and the
fit of a learning curve (example and bad uploads)."""
from __future__ import annotations

import pytest

from apptools import check, metrics, served_page

KEY = "hz.data.hestness2017.learning_curve"


@pytest.fixture(scope="module")
def hz():
    with served_page("hestness2017") as at:
        yield at


def test_default_render_shows_three_regions(hz):
    assert [t.value for t in hz.title][0] == "Deep Learning Scaling is Predictable, Empirically"
    assert not hz.warning
    m = metrics(hz)
    assert float(m["Small-data region ends at m"]) < float(m["Irreducible region starts at m"])
    assert any("unconfirmed" in i.value for i in hz.info)


def test_published_set_has_no_irreducible_region(hz):
    hz.selectbox(key="hz.lc.set").set_value("published")
    check(hz.run())
    assert metrics(hz)["Irreducible region starts at m"] == "none (gamma = 0)"
    assert any("11.9 m^-0.066" in i.value for i in hz.info)
    hz.selectbox(key="hz.lc.set").set_value("sketch (three regions)")
    check(hz.run())


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_and_input_at_its_extremes(hz, end):
    for s in list(hz.slider):
        if s.key.startswith(("hz.lc", "hz.ms", "hz.tol")):
            s.set_value(getattr(s, end))
    hz.number_input(key="hz.guess").set_value(0.01 if end == "min" else 100.0)
    check(hz.run())
    hz.button(key="hz.lc.reset").click()
    hz.button(key="hz.ms.reset").click()
    check(hz.run())


def test_domain_selection(hz):
    hz.multiselect(key="hz.domains").set_value(["Speech recognition"])
    check(hz.run())
    hz.multiselect(key="hz.domains").set_value([])
    check(hz.run())


@pytest.mark.parametrize("law", ["learning curve eps(m)", "model size s(m)"])
def test_fit_the_example(hz, law):
    hz.radio(key="hz.fitlaw").set_value(law)
    check(hz.run())
    key = KEY if law.startswith("learning") else "hz.data.hestness2017.model_size"
    hz.radio(key=f"{key}.source").set_value("Shipped example")
    check(hz.run())
    hz.slider(key=f"{key}.boot").set_value(20)
    hz.button(key=f"{key}.fit").click()
    check(hz.run())
    assert any(m.value.startswith("**Fit of") for m in hz.markdown)


@pytest.mark.parametrize("content", [b"", b"\x00\xff\x10garbage\x00",
                                     b"m,eps\n1,nan\n2,nan\n3,nan\n",
                                     b"m,eps\n0,1\n-1,2\n10,-0.5\n20,0\n"])
def test_bad_uploads_get_a_sentence(hz, content):
    hz.radio(key="hz.fitlaw").set_value("learning curve eps(m)")
    check(hz.run())
    hz.radio(key=f"{KEY}.source").set_value("Upload a file")
    check(hz.run())
    hz.file_uploader(f"{KEY}.upload").set_value(("bad.csv", content, "text/csv"))
    check(hz.run())
    if f"{KEY}.fit" in [b.key for b in hz.button] and not hz.error:
        hz.button(key=f"{KEY}.fit").click()
        check(hz.run())
    assert hz.error or hz.info or hz.warning
