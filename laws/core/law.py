"""Paper, Law, Param and Variable: the contract every scaling law follows.

A relation (`Law`) is ``output = expr(inputs; params)`` with ``expr`` a sympy
expression on positive symbols. Sympy runs once per relation, when it is
lambdified; every evaluation after that is plain numpy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Mapping

import numpy as np
import sympy as sp


@dataclass(frozen=True)
class Param:
    """A constant of a law, with the value a paper published for it.

    Parameters
    ----------
    name : str
        Name in the paper's words, also the sympy symbol's name (``"alpha"``).
    value : float
        Published value, in ``unit``.
    source : str
        Where ``value`` was published (table or equation) and how sure we are.
    bounds : tuple of float
        Plausible range [unit]; the slider range and the default fit bounds.
    unit : str
        Unit of the value, ``""`` for dimensionless.
    log : bool
        Whether the parameter lives on a log scale (slider and fit in log space).
    meaning : str
        One line a student understands.
    latex : str
        LaTeX symbol; defaults to sympy's rendering of ``name``.
    """

    name: str
    value: float
    source: str
    bounds: tuple[float, float]
    unit: str = ""
    log: bool = False
    meaning: str = ""
    latex: str = ""

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name, positive=True)

    @property
    def tex(self) -> str:
        return self.latex or sp.latex(self.symbol)


@dataclass(frozen=True)
class Variable:
    """An input or output of a law.

    Parameters
    ----------
    name : str
        Symbol name (``"N"``), also the default column name when fitting.
    unit : str
        Unit, e.g. ``"parameters"``, ``"tokens"``, ``"nats/token"``.
    typical : tuple of float
        Typical range [unit], used for axes and sliders.
    log : bool
        Whether the variable is shown on a log axis.
    meaning : str
        One line a student understands.
    latex : str
        LaTeX symbol; defaults to sympy's rendering of ``name``.
    positive : bool
        Whether a fit needs the input positive (rows with zero or negative values are
        left out). False for inputs that are legitimately zero or negative, such as an
        annealing area before any decay.
    """

    name: str
    unit: str
    typical: tuple[float, float]
    log: bool = True
    meaning: str = ""
    latex: str = ""
    positive: bool = True

    @property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name, positive=True)

    @property
    def tex(self) -> str:
        return self.latex or sp.latex(self.symbol)

    @property
    def label(self) -> str:
        """Axis label: name and unit."""
        return f"{self.name} [{self.unit}]" if self.unit else self.name


@dataclass(frozen=True)
class FitDefaults:
    """A relation's default fitting procedure (its paper's, where stated).

    Parameters
    ----------
    loss : {"huber", "squared", "asymmetric"}
        Per-residual loss, summed over runs.
    delta : float
        Huber threshold, in units of the residual.
    space : {"log", "linear"}
        Residuals ``log(pred) - log(y)`` or ``pred - y``.
    grid : mapping of str to sequence of float
        Starting values per parameter, in natural units; their product is the
        grid of starts. Parameters not named get ``n_random`` random starts.
    n_random : int
        Random starts (log-uniform for log parameters) when no grid is given.
    refine : int
        How many of the best-scoring starts are refined with L-BFGS-B.
    bounds : mapping of str to (float, float)
        Fit bounds in natural units, where they differ from the slider bounds.
    source : str
        Where the procedure is published.
    """

    loss: str = "huber"
    delta: float = 1e-3
    space: str = "log"
    grid: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    n_random: int = 256
    refine: int = 24
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    source: str = ""


class Law:
    """A relation ``output = expr(inputs; params)`` of one paper.

    Parameters
    ----------
    id : str
        ``"paperkey.name"``, e.g. ``"hoffmann2022.loss"``.
    title : str
        Short name shown on pages (``"L(N, D)"``).
    expr : sympy.Expr
        Expression on positive symbols named like the inputs and params.
    output : Variable
    inputs : list of Variable
    params : list of Param
    equation : str
        Where the relation is published (``"Eq. (2)"``).
    constants : mapping of str to mapping of str to float, optional
        Further named sets of published constants (e.g. rounded vs unrounded);
        the set ``"published"`` is always the params' own values.
    fit_defaults : FitDefaults, optional
    solve : callable, optional
        For an *implicit* relation only. ``expr`` is then a ``sympy.Eq`` linking the
        output symbol to the inputs and params (kept for display and for gradients
        by the implicit function theorem), and ``solve(*inputs, *params)`` is the
        numeric, broadcasting solver that returns the output (NaN where undefined).
        Everything else (evaluation, :func:`laws.fit`, the bootstrap) works as for an
        explicit relation.
    """

    def __init__(self, id: str, title: str, expr: sp.Expr, output: Variable,
                 inputs: list[Variable], params: list[Param], equation: str = "",
                 constants: Mapping[str, Mapping[str, float]] | None = None,
                 fit_defaults: FitDefaults | None = None, description: str = "",
                 solve: Callable | None = None):
        self.id = id
        self.title = title
        self.expr = expr
        self.output = output
        self.inputs = list(inputs)
        self.params = list(params)
        self.equation = equation
        self.description = description
        self.fit_defaults = fit_defaults or FitDefaults()
        self.solve = solve
        if solve is not None and not isinstance(expr, sp.Equality):
            raise ValueError(f"{id}: an implicit relation (solve=...) needs expr = sympy.Eq")
        names = {s.name for s in expr.free_symbols}
        declared = {v.name for v in self.inputs} | {p.name for p in self.params}
        if solve is not None:
            declared |= {output.name}
        if names - declared:
            raise ValueError(f"{id}: symbols {sorted(names - declared)} are not declared")
        self.constants = {"published": {p.name: p.value for p in self.params}}
        for set_name, values in (constants or {}).items():
            self.constants[set_name] = {**self.constants["published"], **values}

    def __repr__(self) -> str:
        return f"Law({self.id!r}: {self.output.name} = {self.expr})"

    # --- names -------------------------------------------------------------
    @property
    def paper_key(self) -> str:
        return self.id.split(".")[0]

    @property
    def input_names(self) -> list[str]:
        return [v.name for v in self.inputs]

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(f"{self.id} has no parameter {name!r}; it has {self.param_names}")

    @property
    def defaults(self) -> dict[str, float]:
        """The published parameter values."""
        return dict(self.constants["published"])

    # --- symbolic ----------------------------------------------------------
    @cached_property
    def _symbols(self) -> list[sp.Symbol]:
        return [sp.Symbol(n, positive=True) for n in self.input_names + self.param_names]

    def latex(self) -> str:
        """The relation as LaTeX, ``output = expr`` (rendered by sympy once, then kept)."""
        return self._latex

    @cached_property
    def _latex(self) -> str:
        names = {v.symbol: v.tex for v in self.inputs + [self.output]}
        names.update({p.symbol: p.tex for p in self.params})
        if self.implicit:
            return sp.latex(self.expr, symbol_names=names)
        return f"{self.output.tex} = {sp.latex(self.expr, symbol_names=names)}"

    @property
    def implicit(self) -> bool:
        """Whether the relation is implicit (solved numerically by ``solve``)."""
        return self.solve is not None

    @cached_property
    def _function(self) -> Callable:
        if self.implicit:
            return self._solved
        return sp.lambdify(self._symbols, self.expr, modules="numpy")

    @cached_property
    def _gradient(self) -> list[Callable]:
        if self.implicit:
            return self._implicit_gradient
        return [sp.lambdify(self._symbols, sp.diff(self.expr, p.symbol), modules="numpy")
                for p in self.params]

    @cached_property
    def _implicit_gradient(self) -> list[Callable]:
        """d output / d param = -(dF/dparam)/(dF/doutput) with F = lhs - rhs, evaluated
        at the solved output (implicit function theorem)."""
        F = self.expr.lhs - self.expr.rhs
        y = self.output.symbol
        dF_dy = sp.diff(F, y)
        parts = [sp.lambdify(self._symbols + [y], -sp.diff(F, p.symbol) / dF_dy,
                             modules="numpy") for p in self.params]

        def make(part):
            def derivative(*args):
                return part(*args, self._solved(*args))
            return derivative
        return [make(part) for part in parts]

    def _solved(self, *args):
        """``solve(*args)``, remembered for the last arguments: a fit asks for the
        value and then every partial derivative at the same point."""
        arrays = [np.asarray(a, dtype=float) for a in args]
        key = tuple((a.shape, a.tobytes()) for a in arrays)
        last = getattr(self, "_last_solve", None)  # one tuple: safe across threads
        if last is not None and last[0] == key:
            return last[1]
        value = self.solve(*arrays)
        self._last_solve = (key, value)
        return value

    # --- numeric -----------------------------------------------------------
    def _arguments(self, inputs: Mapping, params: Mapping | None) -> list:
        values = {**self.defaults, **(params or {})}
        missing = [n for n in self.input_names if n not in inputs]
        if missing:
            raise ValueError(f"{self.id} needs inputs {missing}")
        return ([np.asarray(inputs[n], dtype=float) for n in self.input_names]
                + [np.asarray(values[n], dtype=float) for n in self.param_names])

    def __call__(self, params: Mapping | None = None, **inputs) -> np.ndarray:
        """Evaluate the relation.

        Parameters
        ----------
        params : mapping, optional
            Parameter values; any not given take their published value.
        **inputs : array_like
            One array per input, broadcast together (and with array params).

        Returns
        -------
        numpy.ndarray
            The output, in ``self.output.unit``.
        """
        args = self._arguments(inputs, params)
        with np.errstate(all="ignore"):
            out = self._function(*args)
        return np.broadcast_to(out, np.broadcast_shapes(*[np.shape(a) for a in args])).astype(float)

    def evaluate(self, frame: Mapping, params: Mapping | None = None) -> np.ndarray:
        """Evaluate on a table (DataFrame or mapping) with one column per input."""
        return self(params, **{n: frame[n] for n in self.input_names})

    def gradient(self, params: Mapping | None = None, **inputs) -> np.ndarray:
        """Partial derivatives with respect to each parameter, from sympy.

        Returns
        -------
        numpy.ndarray
            Shape ``(len(params),) + broadcast shape``, in ``self.param_names`` order.
        """
        args = self._arguments(inputs, params)
        shape = np.broadcast_shapes(*[np.shape(a) for a in args])
        if not self.params:  # a relation without constants (pass@k, a complexity count)
            return np.empty((0,) + shape)
        with np.errstate(all="ignore"):
            return np.stack([np.broadcast_to(g(*args), shape).astype(float)
                             for g in self._gradient])


def symbolic_latex(expr) -> str:
    """LaTeX of a sympy expression or equation (for derivations shown on pages)."""
    return sp.latex(expr)


#: Catalogue sections, in the order the navigation shows them.
TOPICS = ("Loss and scale", "Hyperparameters and model shape", "Data, inference and downstream")


@dataclass
class Paper:
    """One paper: its citation, assumptions and relations.

    Parameters
    ----------
    key : str
        ``authorYEAR`` in lower case, e.g. ``"hoffmann2022"``.
    title, authors, year, arxiv, bibtex, summary : str
    assumptions : list of str
        What the constants depend on (loss, embeddings counted, FLOPs, schedule).
    laws : list of Law
    page_features : list of str
        What a user can do on the paper's page, for the catalogue.
    topic : str
        The catalogue section, one of :data:`TOPICS`.
    short : str, optional
        Navigation label when ``"Firstauthor year"`` is ambiguous
        (e.g. ``"Li 2025 · Step Law"``).
    """

    key: str
    title: str
    authors: str
    year: int
    arxiv: str
    bibtex: str
    summary: str
    assumptions: list[str]
    laws: list[Law]
    page_features: list[str] = field(default_factory=list)
    topic: str = "Loss and scale"
    short: str = ""

    def __post_init__(self):
        if self.topic not in TOPICS:
            raise ValueError(f"{self.key}: topic {self.topic!r} is not one of {TOPICS}")

    @property
    def label(self) -> str:
        """Navigation and link label: ``short``, or first author's surname and year."""
        return self.short or f"{self.authors.split(',')[0]} {self.year}"

    def law(self, name: str) -> Law:
        """The relation ``name`` (with or without the paper key prefix)."""
        full = name if "." in name else f"{self.key}.{name}"
        for law in self.laws:
            if law.id == full:
                return law
        raise KeyError(f"{self.key} has no relation {name!r}")

    @property
    def citation(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. arXiv:{self.arxiv}"
