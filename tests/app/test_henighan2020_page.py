"""pages/henighan2020.py through the router: domains, scales, the reducible split, the
target size, N_opt(C), URL state and "Use your data" (example, good and bad uploads)."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from apptools import check, markdown, messages, new_app, served_page, table
from laws.papers import henighan2020 as hen

TABS = ["Loss and its two parts", "Model size for a target", "N_opt(C) across domains",
        "Use your data"]
KEY = "hen.data"
LABELS = {"model size N": "N", "compute C": "C"}


def axes(at):
    return [LABELS[o] for o in at.radio("hen.axis").options]


@pytest.fixture(scope="module")
def page():
    """One opened page shared by the tests of this module (each sets what it needs)."""
    with served_page("henighan2020") as at:
        yield at


def choose(at, domain, axis="N"):
    check(at.selectbox("hen.domain").set_value(domain).run())
    if axis in axes(at):
        check(at.radio("hen.axis").set_value(axis).run())
    return at


def constants(at):
    return [s for s in at.slider if re.match(r"hen\.(N|C)\.", s.key)]


def test_default_render(page):
    at = choose(page, "Image 8x8")
    assert [t.value for t in at.title] == [hen.PAPER.title]
    assert [t.label for t in at.tabs] == TABS
    latex = [x.value for x in at.latex]
    for law in (hen.loss_n, hen.power):
        assert any(law.latex() in x for x in latex), law.id
    assert messages(at) == {"error": [], "warning": [], "info": []}
    keys = {b.key for b in at.download_button}
    for panel in ("hen.parts", "hen.target", "hen.nopt"):
        assert {f"{panel}.fig", f"{panel}.csv", f"{panel}.bib"} <= keys, panel
    # Table 1's N_opt exponents, all domains with one
    betas = table(at, "beta")
    assert len(betas) == 10 and betas["beta"].between(0.6, 0.8).all()
    (summary,) = markdown(at, "The exponents lie between 0.64 and 0.75")
    assert "median 0.70" in summary


def test_every_domain_and_scale(page):
    for domain in hen.DOMAINS:
        at = choose(page, domain)
        row = hen.TABLE_1[domain]
        assert axes(at) == [a for a in ("N", "C") if row[a]], domain
        assert bool(messages(at)["info"]) == (row["C"] is None), domain
        assert not at.error and not at.warning
    for domain in ("Language", "Image VQ 32x32", "Math (Extrapolate)"):
        for axis in ("C", "N"):
            at = choose(page, domain, axis)
            law = hen.for_domain(hen.LAWS_BY_AXIS[axis], domain)
            slug = "".join(ch for ch in domain if ch.isalnum())
            keys = [s.key for s in constants(at)]
            assert keys == [f"hen.{axis}.{slug}.{p.name}" for p in law.params]
            assert at.slider(keys[-1]).value == pytest.approx(hen.TABLE_1[domain][axis][2])
            assert any(law.latex() in x.value for x in at.latex)


@pytest.mark.parametrize("end", ["min", "max"])
def test_sliders_at_their_extremes(page, end):
    for domain, axis in (("Image 32x32", "C"), ("Language", "N"))[::1 if end == "min" else -1]:
        at = choose(page, domain, axis)
        for s in constants(at) + [at.slider("hen.target"), at.slider("hen.logC")]:
            s.set_value(getattr(s, end))
        check(at.run())
        assert not at.error, messages(at)
        for m in at.markdown:
            assert not re.search(r"\b(nan|inf)\b", m.value), m.value
        check(at.button(next(b.key for b in at.button if b.key.endswith(".reset"))).click().run())


def test_target_size_and_per_image(page):
    at = choose(page, "Image 8x8", "N")
    at.slider("hen.target").set_value(0.0)
    check(at.run())
    per_token = float(at.metric[0].value.split()[0])
    # N = N_0 * target^(-1/alpha) with Table 1's 8x8 L(N): 80 at 1 nat/token
    assert per_token == pytest.approx(80.0, rel=1e-3)
    check(at.checkbox("hen.per_item").check().run())
    per_image = float(at.metric[0].value.split()[0])
    # 1 nat/image = 1/192 nat/token: 80 * 192^(1/0.24)
    assert per_image == pytest.approx(80.0 * 192 ** (1 / 0.24), rel=1e-2)
    check(at.checkbox("hen.per_item").uncheck().run())


def test_n_opt_slider(page):
    at = choose(page, "Video VQ 16x16x16")
    check(at.slider("hen.logC").set_value(1.0).run())
    (line,) = markdown(at, "For Video VQ 16x16x16 at C = 10 PF-days")
    n = float(re.search(r"N_opt = \*\*([\d.e+]+)\*\*", line).group(1))
    assert n == pytest.approx((10 / 1.13e-12) ** 0.71, rel=1e-2)
    assert at.query_params["hen.logC"] == "1"


def test_url_state(served):
    at = new_app()
    at.query_params.update({"hen.domain": "Video VQ 16x16x16", "hen.axis": "C",
                            "hen.target": "99", "hen.logC": "2"})
    at.switch_page("pages/henighan2020.py")
    check(at.run())
    assert at.selectbox("hen.domain").value == "Video VQ 16x16x16"
    assert at.radio("hen.axis").value == "C"
    assert at.slider("hen.target").value == pytest.approx(4.0)  # clamped
    assert at.slider("hen.logC").value == pytest.approx(2.0)
    bad = new_app()
    bad.query_params.update({"hen.domain": "Cats", "hen.axis": "C", "hen.target": "nan"})
    bad.switch_page("pages/henighan2020.py")
    check(bad.run())
    assert bad.selectbox("hen.domain").value == "Image 8x8"
    assert bad.slider("hen.target").value == pytest.approx(0.0)
    # a text row has no L(C): the axis falls back to N with a sentence
    text = new_app()
    text.query_params.update({"hen.domain": "Im-to-Text (Text)", "hen.axis": "C"})
    text.switch_page("pages/henighan2020.py")
    check(text.run())
    assert text.radio("hen.axis").value == "N"
    assert any("only L(N)" in i for i in messages(text)["info"])


def upload(at, name, data, mime="text/csv"):
    if at.radio(f"{KEY}.source").value != "Upload a file":
        check(at.radio(f"{KEY}.source").set_value("Upload a file").run())
    return check(at.file_uploader(f"{KEY}.upload").set_value((name, data, mime)).run())


def fit(at):
    at.slider(f"{KEY}.boot").set_value(20)
    at.slider(f"{KEY}.holdout").set_value(0.2)
    return check(at.button(f"{KEY}.fit").click().run())


def test_fit_the_shipped_example(page):
    at = page
    check(at.radio(f"{KEY}.source").set_value("Shipped example").run())
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == ["N", "loss"]
    fit(at)
    (line,) = markdown(at, "**Fit of L(x)** on 10 runs")
    fitted = table(at, "parameter").set_index("parameter")["fitted"]
    assert fitted["L_inf"] == pytest.approx(1.01, abs=0.15)
    assert any(c.value.startswith("Extrapolation to 100x the largest run") for c in at.caption)
    (snippet,) = [c.value for c in at.code if "laws.fit(" in c.value]
    assert "laws.get('henighan2020.power')" in snippet and "mapping={'x': 'N'" in snippet
    derived = table(at, "quantity")
    assert derived["quantity"].tolist() == ["x where reducible = irreducible"]
    assert {"hen.fit.json", "hen.fit.csv"} <= {b.key for b in at.download_button}


def csv(frame):
    return frame.to_csv(index=False).encode()


GOOD = pd.DataFrame({"params": np.logspace(4, 9, 8)})
GOOD["val_loss"] = hen.power({"L_inf": 2.0, "x_0": 1e3, "alpha": 0.2}, x=GOOD["params"])


def test_uploads_good_and_bad(page):
    at = upload(page, "mine.csv", csv(GOOD))
    assert [s.value for s in at.selectbox if s.key.startswith(f"{KEY}.map.")] == \
        ["params", "val_loss"]
    fit(at)
    assert markdown(at, "**Fit of L(x)** on 8 runs")
    before = markdown(at, "**Fit of L(x)**")
    # NaN and non-positive rows are left out with a sentence
    messy = pd.concat([GOOD, pd.DataFrame({"params": [np.nan, 0.0, -5.0, 1e6],
                                           "val_loss": [2.5, 2.5, 2.5, np.nan]})])
    at = upload(at, "messy.csv", csv(messy))
    fit(at)
    (dropped,) = [w for w in messages(at)["warning"] if "were left out" in w]
    assert dropped.startswith("4 row(s) were left out")
    assert "params = 0 is not positive" in dropped and "params = -5 is not positive" in dropped
    # every row unusable: an error sentence, the earlier result is kept
    at = upload(at, "zeros.csv", csv(GOOD.assign(params=0.0)))
    fit(at)
    assert any("No row can be used" in e for e in messages(at)["error"])
    assert markdown(at, "**Fit of L(x)**")
    for name, data, expected in [("empty.csv", b"", "is empty"),
                                 ("garbage.csv", bytes(range(256)) * 20, "binary"),
                                 ("words.csv", b"a,b\nx,y\n", "No column of this table")]:
        at = upload(at, name, data)
        errors = messages(at)["error"]
        assert len(errors) == 1 and expected in errors[0], (name, errors)
    assert before  # a fit was shown before the bad files
    assert not at.exception
    assert math.isfinite(hen.power.defaults["x_0"])
