"""pages/frb2025.py through the router: energy-function sliders and views, the simulation
and recovery of the break, and uploads of burst energies (good and bad)."""
from __future__ import annotations

import numpy as np
import pytest

from apptools import check, served_page


@pytest.fixture(scope="module")
def frb():
    with served_page("frb2025") as at:
        yield at


def test_default_render(frb):
    assert frb.title[0].value.startswith("A universal break in energy functions")
    assert not frb.warning
    assert any("unconfirmed" in i.value for i in frb.info)
    assert any("steepens" in m.value for m in frb.markdown)


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_extremes_and_both_views(frb, end):
    for s in [s for s in frb.slider if s.key.startswith("frb.")]:
        s.set_value(getattr(s, end))
    for view in ["cumulative N(>E)", "differential dN/dE"]:
        frb.radio(key="frb.view").set_value(view)
        check(frb.run())
    frb.button(key="frb.p.reset").click()
    check(frb.run())


def test_simulate_and_recover(frb):
    frb.slider(key="frb.n").set_value(500)
    frb.slider(key="frb.emin").set_value(37.0)
    frb.number_input(key="frb.seed").set_value(3)
    frb.button(key="frb.simfit").click()
    check(frb.run())
    table = [d.value for d in frb.dataframe if "true" in d.value.columns][-1]
    eb = table.set_index("parameter").loc["E_b"]
    assert 3e37 < eb["fitted"] < 3e38


def upload(at, content: bytes):
    at.file_uploader("frb.upload").set_value(("bursts.csv", content, "text/csv"))
    return check(at.run())


def test_upload_good_file(frb):
    from laws.papers import frb2025 as fr

    energies = fr.sample(fr.energy_function.defaults, 300, 1e37, seed=2)
    rows = "\n".join(f"b{i},{e:.6e}" for i, e in enumerate(energies))
    upload(frb, f"burst,energy\n{rows}\nbad,-5\n".encode())
    assert any("left out" in w.value for w in frb.warning)
    frb.number_input(key="frb.thr").set_value(2e37)
    frb.slider(key="frb.s").set_value(0.1)
    frb.button(key="frb.fit").click()
    check(frb.run())
    assert any("Maximum likelihood on" in m.value for m in frb.markdown)


@pytest.mark.parametrize("content", [b"", b"\x00\xff\x10garbage\x00", b"energy\nnan\nnan\n",
                                     b"energy\n1e38\n-1\n0\n2e38\n"])
def test_bad_uploads_get_a_sentence(frb, content):
    upload(frb, content)
    if "frb.fit" in [b.key for b in frb.button]:
        frb.number_input(key="frb.thr").set_value(0.0)
        frb.button(key="frb.fit").click()
        check(frb.run())
    assert frb.error
