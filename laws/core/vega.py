"""A law written in Vega's expression language, so that a chart redraws it in the browser.

A page's sliders rerun its Python script on the server; a chart whose constants are Vega
*signals* bound to sliders of its own is redrawn by the browser alone, while the slider is
dragged. :func:`live_curve` turns a :class:`~laws.core.law.Law`'s sympy expression into
such an expression (printed by sympy, never written by hand) with one control per constant
and per further input. Only arithmetic, powers, ``exp``, ``log``, ``sqrt``, ``abs``,
``min``/``max``, comparisons and piecewise branches are printed; a law that needs anything
else (a special function, a sum, an implicit relation) has no live curve.

Vega's expression language: https://vega.github.io/vega/docs/expressions/
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping

import sympy as sp
from sympy.printing.jscode import JavascriptCodePrinter

from .law import Law, Variable

#: Functions of JavaScript's Math that Vega's expression language has under the same name.
VEGA_FUNCTIONS = {"pow", "sqrt", "exp", "log", "abs", "min", "max", "floor", "ceil",
                  "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "E", "PI"}

#: Points on the x axis of a live curve.
POINTS = 200

#: Fewest positions of a control over its range.
STEPS = 200

#: Decimals of a log-scale control's starting exponent (so that the value shown beside the
#: slider is short; 10**0.001 is a 0.2% change of the constant).
LOG10_DECIMALS = 3


class _VegaPrinter(JavascriptCodePrinter):
    """sympy's JavaScript printer with each symbol replaced by the name Vega knows."""

    def __init__(self, names: Mapping[sp.Symbol, str]):
        super().__init__({"strict": True})
        self._names = {s.name: n for s, n in names.items()}

    def _print_Symbol(self, expr):
        try:
            return self._names[expr.name]
        except KeyError:
            raise ValueError(f"symbol {expr.name!r} has no Vega name") from None


def to_vega(expr: sp.Expr, names: Mapping[sp.Symbol, str]) -> str:
    """``expr`` as a Vega expression, each symbol printed as ``names[symbol]``.

    Raises
    ------
    ValueError
        When ``expr`` uses something Vega's expression language does not have.
    """
    try:
        code = _VegaPrinter(names).doprint(expr)
    except (NotImplementedError, TypeError) as error:
        raise ValueError(f"not printable for Vega: {error}") from None
    if "Number." in code or "//" in code:  # an infinity, or a comment for the unsupported
        raise ValueError(f"not printable for Vega: {code!r}")
    unknown = set(re.findall(r"Math\.(\w+)", code)) - VEGA_FUNCTIONS
    if unknown:
        raise ValueError(f"Vega has no {sorted(unknown)}")
    return " ".join(re.sub(r"Math\.(\w+)", r"\1", code).split())


@dataclass(frozen=True)
class Control:
    """A slider drawn under a live chart, bound to the Vega signal ``name``, for the
    law's input or constant ``of``.

    For a log-scale constant the slider moves ``log10`` of it (``log10`` is then true and
    ``value``, ``low`` and ``high`` are exponents).
    """

    of: str
    name: str
    label: str
    value: float
    low: float
    high: float
    log10: bool

    @property
    def step(self) -> float:
        """A round step giving at least ``STEPS`` positions over the range."""
        return 10.0 ** math.floor(math.log10((self.high - self.low) / STEPS))

    @property
    def natural(self) -> float:
        """The starting value in the law's own unit."""
        return 10 ** self.value if self.log10 else self.value


@dataclass(frozen=True)
class LiveCurve:
    """What a browser needs to draw ``law`` against ``x``: the expression of the output in
    ``datum.x`` and the controls' signals, and the controls themselves."""

    law: Law
    x: Variable
    expression: str
    controls: tuple[Control, ...]

    def start(self) -> dict[str, float]:
        """The controls' starting values, by the law's names, in the law's units."""
        return {c.of: c.natural for c in self.controls}

    def grid(self) -> list[float]:
        """``POINTS`` values of the x input over its typical range [x's unit]."""
        low, high = self.x.typical
        if self.x.log:
            a, b = math.log10(low), math.log10(high)
            return [10 ** (a + (b - a) * i / (POINTS - 1)) for i in range(POINTS)]
        return [low + (high - low) * i / (POINTS - 1) for i in range(POINTS)]


def _signal(name: str) -> str:
    return "live_" + re.sub(r"\W", "_", name)


def _control(name: str, label: str, value: float, bounds: tuple[float, float],
             log: bool) -> Control:
    low, high = sorted(float(b) for b in bounds)
    value = float(value)
    low, high = min(low, value), max(high, value)
    if log:
        if low <= 0:
            raise ValueError(f"{name}: a log-scale range needs positive bounds")
        lo, hi = math.log10(low), math.log10(high)
        exponent = min(max(round(math.log10(value), LOG10_DECIMALS), lo), hi)
        return Control(name, _signal(name) + "_log10", f"log10 {label}", exponent, lo, hi,
                       True)
    return Control(name, _signal(name), label, value, low, high, False)


def live_curve(law: Law, values: Mapping[str, float] | None = None,
               x: str | None = None) -> LiveCurve:
    """The law's output against input ``x`` (default the first), as a Vega expression.

    Parameters
    ----------
    law : Law
        An explicit relation.
    values : mapping, optional
        Starting values of the constants (the published ones where not given).
    x : str, optional
        The input on the x axis; every other input gets a control over its typical range,
        starting at its middle (geometric middle on a log scale).

    Raises
    ------
    ValueError
        For an implicit relation, an expression Vega cannot evaluate, or a log-scale range
        that is not positive.
    """
    if law.implicit:
        raise ValueError(f"{law.id} is implicit (solved numerically)")
    axis = next((v for v in law.inputs if v.name == (x or law.inputs[0].name)), None)
    if axis is None:
        raise ValueError(f"{law.id} has no input {x!r}")
    if axis.log and axis.typical[0] <= 0:
        raise ValueError(f"{law.id}: {axis.name} is on a log axis from {axis.typical[0]}")
    start = {**law.defaults, **(values or {})}
    controls = []
    for v in law.inputs:
        if v is not axis:
            low, high = v.typical
            middle = math.sqrt(low * high) if v.log and low > 0 else (low + high) / 2
            controls.append(_control(v.name, v.label, middle, v.typical, v.log and low > 0))
    controls += [_control(p.name, p.name + (f" [{p.unit}]" if p.unit else ""),
                          start[p.name], p.bounds, p.log) for p in law.params]
    names, substitutions = {axis.symbol: "datum.x"}, {}
    for c, symbol in zip(controls, [v.symbol for v in law.inputs if v is not axis]
                         + [p.symbol for p in law.params]):
        if c.log10:
            exponent = sp.Symbol(c.name, real=True)
            substitutions[symbol] = sp.Integer(10) ** exponent
            names[exponent] = c.name
        else:
            names[symbol] = c.name
    return LiveCurve(law, axis, to_vega(law.expr.subs(substitutions), names),
                     tuple(controls))
