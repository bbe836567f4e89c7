"""pages/hoffmann2022.py: formula, sliders, constant sets, budget, URL state, exports.

The "Use your data" and "Simulate a sweep" tabs are in test_hoffmann2022_data.py.
"""
from __future__ import annotations

import math

import pytest

from apptools import check, markdown, messages, metrics, new_app, table
from laws.papers import hoffmann2022 as hoff

LAW = hoff.loss
PARAM_SLIDERS = [f"chin.{p.name}" for p in LAW.params]
SIDEBAR_SLIDERS = PARAM_SLIDERS + ["chin.logC"]
TABS = ["Loss surface", "Iso-FLOP curves", "Compute-optimal frontier", "Kaplan vs Chinchilla",
        "Use your data", "Simulate a sweep", "Why they differ (Porian et al.)"]
EXPORTS = ["chin.surface", "chin.iso", "chin.frontier", "chin.kaplan"]


def finite_metrics(at):
    values = metrics(at)
    assert set(values) == {"N_opt", "D_opt [tokens]", "Tokens per parameter",
                           "a = beta/(alpha+beta)"}
    for label, text in values.items():
        assert math.isfinite(float(text)) and float(text) > 0, (label, text)
    return values


def test_default_render(chin):
    at = chin
    assert [t.value for t in at.title] == [chin_paper().title]
    latex = [x.value for x in at.latex]
    assert any(LAW.latex() in x for x in latex)  # the formula card, from sympy
    assert r"\alpha" in LAW.latex() and r"\beta" in LAW.latex()
    # the derivation of the frontier: five steps, ending with N_opt and D_opt
    assert any("N_{opt}" in x for x in latex) and any("D_{opt}" in x for x in latex)
    assert [t.label for t in at.tabs] == TABS
    assert [s.key for s in at.sidebar.slider] == SIDEBAR_SLIDERS
    # sliders start at the published values (log10 for the log parameters)
    for p in LAW.params:
        expected = math.log10(p.value) if p.log else p.value
        assert at.slider(f"chin.{p.name}").value == pytest.approx(expected)
    symbols = table(at, "symbol")
    assert list(symbols["symbol"]) == ["N", "D", "E", "A", "B", "alpha", "beta"]
    # Hoffmann et al. 2022 App. D.2 rounded constants give a = 0.4516 (not Table 2's 0.46)
    assert finite_metrics(at)["a = beta/(alpha+beta)"] == "0.4516"
    assert markdown(at, "The two allocations give the same model size at C =")
    assert messages(at) == {"error": [], "warning": [], "info": []}


def chin_paper():
    return hoff.PAPER


@pytest.mark.parametrize("corner", ["all at min", "all at max", "exponents min, scales max",
                                    "exponents max, scales min"])
def test_slider_corners(chin, corner):
    at = chin
    for key in SIDEBAR_SLIDERS:
        s = at.slider(key)
        exponent = key in ("chin.alpha", "chin.beta")
        low = {"all at min": True, "all at max": False,
               "exponents min, scales max": exponent,
               "exponents max, scales min": not exponent}[corner]
        s.set_value(s.min if low else s.max)
    check(at.run())
    for key in SIDEBAR_SLIDERS:  # every slider kept the extreme it was moved to
        s = at.slider(key)
        assert s.value in (pytest.approx(s.min), pytest.approx(s.max)), key
    assert not at.error
    finite_metrics(at)
    crossing = markdown(at, "The two allocations give") + markdown(at, "With these constants")
    assert len(crossing) == 1


def test_constant_set_switches_slider_values(chin):
    at = chin
    assert at.selectbox("chin.set").options == ["published", "TeX source (unrounded)"]
    check(at.selectbox("chin.set").set_value("TeX source (unrounded)").run())
    # the unrounded constants of the paper's TeX source (via Besiroglu et al. 2024)
    assert at.slider("chin.alpha").value == pytest.approx(0.33917084)
    assert at.slider("chin.beta").value == pytest.approx(0.2849083)
    assert at.slider("chin.E").value == pytest.approx(0.5267228 / math.log(10))
    assert at.slider("chin.A").value == pytest.approx(6.0073404 / math.log(10))
    # Besiroglu et al. 2024: the TeX-source constants give a = 0.4565
    assert metrics(at)["a = beta/(alpha+beta)"] == "0.4565"
    card = table(at, "symbol").set_index("symbol")
    assert card.loc["alpha", "value"].startswith("0.3392")  # the value in use ...
    assert "0.34" in card.loc["alpha", "published"]  # ... next to the published one
    check(at.selectbox("chin.set").set_value("published").run())
    assert at.slider("chin.alpha").value == pytest.approx(0.34)
    assert metrics(at)["a = beta/(alpha+beta)"] == "0.4516"


def test_reset_to_published(chin):
    at = chin
    at.slider("chin.alpha").set_value(0.6)
    at.slider("chin.B").set_value(4.0)
    check(at.run())
    assert at.slider("chin.alpha").value == pytest.approx(0.6)
    assert metrics(at)["a = beta/(alpha+beta)"] != "0.4516"
    check(at.button("chin.reset").click().run())
    assert at.slider("chin.alpha").value == pytest.approx(0.34)
    assert at.slider("chin.B").value == pytest.approx(math.log10(410.7))
    assert metrics(at)["a = beta/(alpha+beta)"] == "0.4516"
    # with the TeX set chosen, the button goes back to that set's values
    check(at.selectbox("chin.set").set_value("TeX source (unrounded)").run())
    check(at.slider("chin.alpha").set_value(0.9).run())
    check(at.button("chin.reset").click().run())
    assert at.slider("chin.alpha").value == pytest.approx(0.33917084)


def test_compute_budget_moves_the_frontier_metrics(chin):
    at = chin
    before = metrics(at)
    check(at.slider("chin.logC").set_value(20.0).run())
    after = metrics(at)
    point = hoff.frontier_table(None, [1e20]).iloc[0]
    assert after["N_opt"] == f"{point['N_opt']:.3g}" != before["N_opt"]
    assert after["D_opt [tokens]"] == f"{point['D_opt']:.3g}" != before["D_opt [tokens]"]
    assert after["Tokens per parameter"] == f"{point['tokens_per_param']:.3g}"
    # the exponent a does not depend on the budget
    assert after["a = beta/(alpha+beta)"] == before["a = beta/(alpha+beta)"]
    (sentence,) = markdown(at, "The two allocations give")
    assert "At your budget (1e+20 FLOPs)" in sentence


def test_url_state_starts_the_sliders(served):
    at = new_app()
    at.query_params["chin.alpha"] = "0.3"
    at.query_params["chin.logC"] = "21"
    at.query_params["chin.set"] = "TeX source (unrounded)"
    at.switch_page("pages/hoffmann2022.py")
    check(at.run())
    assert at.selectbox("chin.set").value == "TeX source (unrounded)"
    assert at.slider("chin.alpha").value == pytest.approx(0.3)
    assert at.slider("chin.beta").value == pytest.approx(0.2849083)  # from the chosen set
    assert at.slider("chin.logC").value == pytest.approx(21.0)
    assert metrics(at)["a = beta/(alpha+beta)"] == f"{0.2849083 / (0.3 + 0.2849083):.4f}"
    # moving a slider writes the view back into the URL
    check(at.slider("chin.beta").set_value(0.5).run())
    assert at.query_params["chin.beta"] == "0.5"
    assert at.query_params["chin.alpha"] == "0.3"


def test_url_state_bad_values_fall_back(served):
    # An edited or outdated link: unreadable or non-finite numbers fall back to the
    # default, numbers outside a slider's range are clamped into it; no failure.
    at = new_app()
    at.query_params.update({"chin.alpha": "abc", "chin.beta": "nan", "chin.E": "inf",
                            "chin.A": "99", "chin.B": "-5", "chin.logC": "1e308",
                            "chin.set": "no such set", "chin.data.source": "Telepathy"})
    at.switch_page("pages/hoffmann2022.py")
    check(at.run())
    assert at.slider("chin.alpha").value == pytest.approx(0.34)
    assert at.slider("chin.beta").value == pytest.approx(0.28)
    assert at.slider("chin.E").value == pytest.approx(math.log10(1.69))
    assert at.slider("chin.A").value == pytest.approx(5.0)  # log10 A at most 5
    assert at.slider("chin.B").value == pytest.approx(1.0)  # log10 B at least 1
    assert at.slider("chin.logC").value == pytest.approx(27.0)
    assert at.selectbox("chin.set").value == "published"
    assert at.radio("chin.data.source").value == "Public dataset"
    assert not at.error
    finite_metrics(at)


def test_export_buttons(chin):
    at = chin
    keys = [b.key for b in at.download_button]
    assert {"chin.surface.csv", "chin.surface.bib"} <= set(keys)
    for prefix in EXPORTS[1:]:
        assert {f"{prefix}.fig", f"{prefix}.csv", f"{prefix}.bib"} <= set(keys), prefix
        assert at.download_button(f"{prefix}.fig").label == "Figure (PNG)"
        assert at.download_button(f"{prefix}.csv").label == "Plotted data (CSV)"
        assert at.download_button(f"{prefix}.bib").label == "BibTeX"
    check(at.radio("chin.frontier.fmt").set_value("svg").run())
    assert at.download_button("chin.frontier.fig").label == "Figure (SVG)"
    assert at.download_button("chin.iso.fig").label == "Figure (PNG)"
    # Pressing a figure button reruns cleanly. The figure itself is rendered only when
    # a browser fetches the file, which AppTest does not do (tests/ui and the browser
    # tests check the bytes).
    check(at.download_button("chin.frontier.fig").click().run())
    check(at.download_button("chin.iso.fig").click().run())
    assert not at.error
    # no fit yet: no fitted-parameters JSON
    assert not [k for k in keys if k.endswith(".json")]


@pytest.mark.parametrize("corpus", ["rw", "owt2"])
def test_porian_steps_move_the_exponent_from_kaplan_to_chinchilla(chin, corpus):
    chin.radio(key="chin.porian").set_value(corpus)
    check(chin.run())
    steps = next(df.value for df in chin.dataframe if "step" in df.value.columns)
    assert len(steps) == 5 and steps["a"].iloc[0] > 0.8 and steps["a"].iloc[-1] < 0.53
    assert (steps["a"].diff().dropna() < 0).all()
