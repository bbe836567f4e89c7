"""Core of the laws package: the law contract, fitting and shared analysis."""
from .analysis import (Crossover, Plateau, QuadraticLandscape, crossover, crossovers,
                       fit_quadratic_landscape, optimum, plateau)
from .backtest import Backtest, backtest, split_largest
from .bootstrap import bootstrap_fit
from .fitting import Fit, FitError, FitRecord, fit
from .law import FitDefaults, Law, Paper, Param, Variable
from .simulate import design_grid, recovery, simulate

__all__ = ["Backtest", "Crossover", "Fit", "FitDefaults", "FitError", "FitRecord", "Law",
           "Paper", "Param", "Plateau", "QuadraticLandscape", "Variable", "backtest", "bootstrap_fit", "crossover",
           "crossovers", "design_grid", "fit", "fit_quadratic_landscape", "optimum", "plateau", "recovery", "simulate",
           "split_largest"]
