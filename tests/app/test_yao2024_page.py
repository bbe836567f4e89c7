"""pages/yao2024.py through the router: every scale, architecture and test set, the
crossover range, the exponent view, URL state and "Use your data"."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, new_app, served_page, table
from laws.papers import yao2024 as yao

TABS = ["Scaling curves", "Encoder vs decoder", "In vs out of distribution", "Use your data"]
LABELS = {"parameters N": "N", "data D": "D", "compute C": "C"}


@pytest.fixture(scope="module")
def page():
    with served_page("yao2024") as at:
        yield at


def red_cells(at) -> list:
    """Numbers the browser grid cannot show in a number column (|x| >= 2**53): it puts a red
    error mark in the cell instead of the value."""
    out = []
    for d in at.dataframe:
        numbers = d.value.select_dtypes("number")
        for column in numbers.columns:
            out += [(column, v) for v in numbers[column] if abs(v) >= 2.0 ** 53]
    return out


def choose(at, axis="N", arch="encoder", split="ID"):
    at.radio("yao.axis").set_value(axis)
    at.selectbox("yao.arch").set_value(arch)
    return check(at.selectbox("yao.split").set_value(split).run())


def test_default_render(page):
    at = choose(page)
    assert [t.value for t in at.title] == [yao.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    assert any(yao.loss_n.latex() in x.value for x in at.latex)
    assert messages(at) == {"error": [], "warning": [], "info": []}
    (line,) = markdown(at, "The curves do not cross between")
    assert "the **encoder** has the lower loss throughout" in line
    exponents = table(at, "alpha")
    assert len(exponents) == 18
    # x_c up to 1.5e48 is shown as a number in text, not as a red error cell
    assert not red_cells(at)
    assert "1.5e+48" in exponents["x_c"].tolist() and "3.7e+16" in exponents["x_c"].tolist()
    assert any(c.value.startswith("x_c is where each fit would reach an NLL of 1")
               for c in at.caption)
    (gap,) = markdown(at, "The in-distribution exponent exceeds")
    assert "4 of 6" in gap and "on data D" in gap
    keys = {b.key for b in at.download_button}
    for panel in ("yao.curves", "yao.cross", "yao.exponents"):
        assert {f"{panel}.fig", f"{panel}.csv", f"{panel}.bib"} <= keys, panel


def test_every_scale_architecture_and_test_set(page):
    for axis in yao.AXES:
        for arch in yao.ARCHITECTURES:
            for split in yao.SPLITS:
                at = choose(page, axis, arch, split)
                slug = f"yao.{axis}.{arch}.{split.replace('-', '')}"
                keys = [s.key for s in at.slider if s.key.startswith(slug + ".")]
                assert keys == [f"{slug}.{axis}_c", f"{slug}.alpha_{axis}"]
                x_c, a = yao.FITS[(arch, axis, split)]
                assert at.slider(keys[0]).value == pytest.approx(np.log10(x_c), abs=1e-4)
                assert at.slider(keys[1]).value == pytest.approx(a)
                assert not at.error, (axis, arch, split)
    assert [LABELS[o] for o in at.radio("yao.axis").options] == list(yao.AXES)


def test_crossover_inside_the_range(page):
    at = choose(page, "N", "decoder", "OOD-LSF")
    at.slider("yao.lo").set_value(2.0)
    check(at.slider("yao.hi").set_value(10.0).run())
    (line,) = markdown(at, "On OOD-LSF the two fits cross at N =")
    x = float(re.search(r"\*\*([\d.e+]+)\*\*", line).group(1))
    assert x == pytest.approx(yao.crossing_point(yao.FITS[("encoder", "N", "OOD-LSF")],
                                                 yao.FITS[("decoder", "N", "OOD-LSF")]),
                              rel=1e-2)
    assert "the **encoder** has the lower loss" in line
    # moving the decoder's exponent moves the crossing
    slug = "yao.N.decoder.OODLSF"
    check(at.slider(f"{slug}.alpha_N").set_value(0.001).run())
    assert not at.error
    check(at.button(f"{slug}.reset").click().run())
    # an empty range gets a sentence
    check(at.slider("yao.lo").set_value(10.0).run())
    assert messages(at)["error"] == [
        "The upper end of the range must be above the lower end; move one slider."]
    check(at.slider("yao.lo").set_value(2.0).run())


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_its_extremes(page, end):
    at = choose(page, "C", "encoder", "OOD-Monash")
    for s in at.slider:
        if s.key.startswith("yao.") and not s.key.startswith("yao.data."):
            s.set_value(getattr(s, end))
    check(at.run())
    assert not at.exception
    assert messages(at)["error"] == [
        "The upper end of the range must be above the lower end; move one slider."]
    at.slider("yao.lo").set_value(-12.0)
    check(at.slider("yao.hi").set_value(-2.0).run())
    assert not at.error and not at.exception


def test_url_state(served):
    at = new_app()
    at.query_params.update({"yao.axis": "D", "yao.arch": "decoder", "yao.split": "OOD-Monash",
                            "yao.hi": "99"})
    at.switch_page("pages/yao2024.py")
    check(at.run())
    assert at.radio("yao.axis").value == "D"
    assert at.selectbox("yao.arch").value == "decoder"
    assert at.selectbox("yao.split").value == "OOD-Monash"
    assert at.slider("yao.hi").value == pytest.approx(14.0)
    bad = new_app()
    bad.query_params.update({"yao.axis": "Z", "yao.arch": "rnn", "yao.split": "?"})
    bad.switch_page("pages/yao2024.py")
    check(bad.run())
    assert (bad.radio("yao.axis").value, bad.selectbox("yao.arch").value,
            bad.selectbox("yao.split").value) == ("N", "encoder", "ID")


def upload(at, key, name, data, mime="text/csv"):
    if at.radio(f"{key}.source").value != "Upload a file":
        check(at.radio(f"{key}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{key}.upload").set_value((name, data, mime)).run())


def fit(at, key):
    at.slider(f"{key}.boot").set_value(20)
    at.slider(f"{key}.holdout").set_value(0.2)
    return check(at.button(f"{key}.fit").click().run())


def test_use_your_data(page):
    at = choose(page, "N")
    key = "yao.data.N"
    check(at.radio(f"{key}.source").set_value("Shipped example").run())
    fit(at, key)
    assert markdown(at, "**Fit of L(N)** on 10 runs")
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    # N_c (about 4e17) is text in the table, as the grid cannot show it as a number
    assert not red_cells(at)
    assert float(fitted["alpha_N"]) == pytest.approx(0.029, abs=0.01)
    assert 1e16 < float(fitted["N_c"]) < 1e19 and re.fullmatch(r"\d\.\d+e\+\d\d", fitted["N_c"])
    (note,) = [c.value for c in at.caption if c.value.startswith("N_c = ")]
    assert "orders of magnitude beyond the largest run (3.02e+08)" in note
    assert "not a size any model reaches" in note
    assert any(c.value.startswith("Extrapolation to 100x") for c in at.caption)
    assert markdown(at, "**Backtest**")
    # the fit follows the scale chosen at the top
    at = choose(at, "D")
    frame = pd.DataFrame({"points": [1e7, 1e8, 1e9, 5e9, 1.6e10]})
    frame["nll"] = yao.nll("D", "decoder", "ID", frame["points"])
    at = upload(at, "yao.data.D", "data.csv", frame.to_csv(index=False).encode())
    fit(at, "yao.data.D")
    assert markdown(at, "**Fit of L(D)** on 5 runs")
    bad = frame.assign(points=[0.0, -1.0, np.nan, 1e9, 2e9])
    at = upload(at, "yao.data.D", "bad.csv", bad.to_csv(index=False).encode())
    fit(at, "yao.data.D")
    assert any("were left out" in w for w in messages(at)["warning"]) or messages(at)["error"]
    for name, data, expected in [("empty.csv", b"", "is empty"),
                                 ("garbage.csv", bytes(range(256)) * 20, "binary")]:
        at = upload(at, "yao.data.D", name, data)
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
    assert not at.exception


def test_your_two_architectures(page):
    at = choose(page, "N", "encoder", "ID")
    check(at.radio("yao.two.source").set_value("Shipped example").run())
    assert (at.selectbox("yao.two.group").value, at.selectbox("yao.two.x").value,
            at.selectbox("yao.two.y").value) == ("architecture", "N", "loss")
    check(at.button("yao.two.fit").click().run())
    (line,) = markdown(at, "The fits cross at N =")
    lo, hi = map(float, re.search(r"95% interval ([\d.e+]+) to ([\d.e+]+)", line).groups())
    assert lo < 1.1e5 < hi  # the published fits cross near 1.1e5 (regression value)
    fits = table(at, "runs")
    assert fits["architecture"].tolist() == ["decoder", "encoder"]
    # the decoder's N_c is about 6e46: text, not a red cell; and what it means is said
    assert not red_cells(at)
    assert 1e44 < float(fits["N_c"].iloc[0]) < 1e49
    assert any(c.value.startswith("N_c = ") and "orders of magnitude beyond" in c.value
               for c in at.caption)
    assert any(w.startswith("decoder: The interval of N_c spans")
               for w in messages(at)["warning"])
    assert {"yao.two.fig", "yao.two.csv"} <= {b.key for b in at.download_button}
    # same architecture twice, one group only, garbage, empty: a sentence each
    check(at.selectbox("yao.two.b").set_value("decoder").run())
    assert "Choose two different architectures." in messages(at)["error"]
    check(at.radio("yao.two.source").set_value("Upload a file").run())
    one = pd.DataFrame({"arch": ["enc"] * 4, "N": [1e3, 1e4, 1e5, 1e6],
                        "loss": [5.0, 4.8, 4.6, 4.4]})
    for name, data, expected in [
            ("one.csv", one.to_csv(index=False).encode(), "two architectures are needed"),
            ("empty.csv", b"", "is empty"),
            ("garbage.csv", bytes(range(256)) * 20, "could not be read as a table"),
            ("narrow.csv", b"N,loss\n1,2\n3,4\n", "needs a column naming")]:
        check(at.file_uploader("yao.two.upload").set_value((name, data, "text/csv")).run())
        errors = messages(at)["error"]
        assert any(expected in e for e in errors), (name, errors)
    bad = pd.concat([one, one.assign(arch="dec", N=[0.0, -1.0, np.nan, 1e6])])
    check(at.file_uploader("yao.two.upload").set_value(
        ("bad.csv", bad.to_csv(index=False).encode(), "text/csv")).run())
    at.selectbox("yao.two.a").set_value("dec")
    check(at.selectbox("yao.two.b").set_value("enc").run())
    check(at.button("yao.two.fit").click().run())
    assert any(e.startswith("The fit could not be done: Group 'dec'")
               for e in messages(at)["error"])
    assert not at.exception
