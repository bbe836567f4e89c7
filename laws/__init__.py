"""laws: neural scaling laws as sympy relations, evaluated and fitted with numpy/scipy.

>>> import laws
>>> chinchilla = laws.get("hoffmann2022.loss")
>>> float(chinchilla(N=70e9, D=1.4e12))  # doctest: +ELLIPSIS
1.93...
"""
from .core import (Backtest, Crossover, Fit, FitDefaults, FitError, Law, Paper, Param,
                   Plateau, QuadraticLandscape, Variable, backtest, crossover, crossovers,
                   design_grid, fit, fit_quadratic_landscape,
                   optimum, plateau, recovery, simulate)
from .core.law import symbolic_latex
# Load the subpackage laws.papers first, then bind the name to the registry function:
# a later `import laws.papers.<key>` finds the package in sys.modules and leaves
# `laws.papers` alone, so `laws.papers()` keeps working.
from . import papers as _papers_package  # noqa: F401
from .registry import get, paper, papers

__version__ = "0.1.0"

__all__ = ["Backtest", "Crossover", "Fit", "FitDefaults", "FitError", "Law", "Paper", "Param",
           "Plateau", "QuadraticLandscape", "Variable", "backtest", "crossover", "crossovers",
           "design_grid", "fit", "fit_quadratic_landscape", "get", "optimum", "paper", "papers", "plateau", "recovery", "simulate",
           "symbolic_latex"]
