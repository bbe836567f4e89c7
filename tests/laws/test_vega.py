"""laws.core.vega: a law printed in Vega's expression language gives the numbers numpy
gives, when Vega itself evaluates it (vl-convert runs Vega's own JavaScript)."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
import sympy as sp
import vl_convert

import laws
from laws.core.vega import live_curve, to_vega

LAWS = [law for paper in laws.papers() for law in paper.laws]


def printable():
    out = []
    for law in LAWS:
        try:
            out.append(live_curve(law))
        except ValueError:
            pass
    return out


def vega_values(curve, xs, signals: dict) -> list[float]:
    """The curve's expression evaluated by Vega at ``xs``, the signals set to ``signals``."""
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": [{"x": x, "i": i} for i, x in enumerate(xs)]},
            "params": [{"name": n, "value": v} for n, v in signals.items()],
            "transform": [{"calculate": curve.expression, "as": "y"},
                          {"calculate": "'v' + datum.i + '=' + format(datum.y, '.17e')",
                           "as": "label"}],
            "mark": "text",
            "encoding": {"text": {"field": "label"}, "y": {"field": "i", "type": "ordinal"}}}
    svg = vl_convert.vegalite_to_svg(spec)
    found = dict(re.findall(r">v(\d+)=([^<]*)</text>", svg))
    return [float(found[str(i)].replace("\u2212", "-") or "nan")  # d3 writes a true minus
            for i in range(len(xs))]


def numpy_values(curve, xs, signals: dict) -> np.ndarray:
    values = {c.of: 10 ** signals[c.name] if c.log10 else signals[c.name]
              for c in curve.controls}
    inputs = {k: v for k, v in values.items() if k in curve.law.input_names}
    return curve.law(values, **{curve.x.name: np.asarray(xs)}, **inputs)


@pytest.mark.parametrize("where", ["start", "moved"])
def test_vega_evaluates_every_printable_law_as_numpy_does(where):
    curves = printable()
    assert len(curves) >= 75, "most laws have a live curve"
    for curve in curves:
        grid = curve.grid()
        xs = [grid[0], grid[57], grid[131], grid[-1]]
        signals = {c.name: c.value if where == "start" else c.low + 0.37 * (c.high - c.low)
                   for c in curve.controls}
        want = numpy_values(curve, xs, signals)
        got = vega_values(curve, xs, signals)
        finite = np.isfinite(want)
        assert np.isfinite(got)[finite].all(), curve.law.id
        np.testing.assert_allclose(np.asarray(got)[finite], want[finite], rtol=1e-12,
                                   err_msg=curve.law.id)


def test_laws_vega_cannot_evaluate_have_no_live_curve():
    with pytest.raises(ValueError, match="implicit"):
        live_curve(laws.get("alabdulmohsin2022.m4"))
    with pytest.raises(ValueError, match="binomial"):
        live_curve(laws.get("stroebl2024.pass_at_k"))
    x = sp.Symbol("x", positive=True)
    for expr in (sp.gamma(x), sp.sinh(x), sp.erf(x), x + sp.oo):
        with pytest.raises(ValueError):
            to_vega(expr, {x: "datum.x"})
    with pytest.raises(ValueError, match="no Vega name"):
        to_vega(x + sp.Symbol("y"), {x: "datum.x"})


def test_controls_follow_the_params_metadata():
    curve = live_curve(laws.get("hoffmann2022.loss"), {"alpha": 0.5})
    by = {c.of: c for c in curve.controls}
    assert [c.of for c in curve.controls] == ["D", "E", "A", "B", "alpha", "beta"]
    a = by["A"]  # a log-scale constant: the slider moves log10 A, within the Param's bounds
    p = laws.get("hoffmann2022.loss").param("A")
    assert a.log10 and (a.low, a.high) == (math.log10(p.bounds[0]), math.log10(p.bounds[1]))
    assert a.value == pytest.approx(math.log10(p.value), abs=5e-4)
    assert by["alpha"].value == 0.5 and not by["alpha"].log10  # the page's value
    assert by["D"].value == pytest.approx(11.0)  # middle of D's typical range, 1e8..1e14
    assert by["beta"].step == 0.001  # a round step, at least 200 positions
    assert "datum.x" in curve.expression


def test_a_value_outside_the_bounds_widens_the_range():
    law = laws.get("kaplan2020.loss_n")
    high = law.param("alpha_N").bounds[1]
    control = next(c for c in live_curve(law, {"alpha_N": 2 * high}).controls
                   if c.of == "alpha_N")
    assert control.high == control.value == 2 * high
