"""Noci, Meterez, Hofmann, Orvieto (2024), Super Consistency of Neural Network Landscapes
and Learning Rate Transfer (NeurIPS 2024; arXiv:2402.17457, first titled "Why do Learning
Rates Transfer? Reconciling Optimization and Scaling Limits for Deep Learning").

What the paper claims (abstract, v1 and v2; confirmed): under muP and its depth extension,
the sharpness (largest eigenvalue of the training-loss Hessian) is largely independent of
width and depth along the training trajectory ("super consistency"), which is why the
learning rate transfers; under the NTK parametrisation the sharpness dynamics differ across
widths, and learning rates do not transfer. The cause given is feature learning, present
under muP and progressively absent under NTK scaling. These are qualitative claims: the
paper publishes no formula with constants to pin.

Relations (background the page uses; none is this paper's own number)
---------------------------------------------------------------------
``noci2024.eos_gd``
    Edge of stability of full-batch gradient descent, ``lambda_max -> 2/eta``
    (Cohen et al. 2021).
``noci2024.eos_adam``
    Its Adam analogue ``(2 + 2 beta_1)/((1 - beta_1) eta)`` for the preconditioned
    sharpness (Cohen et al. 2022).
``noci2024.lr_width``
    How the best global learning rate moves with width n, ``eta(n) = eta_ref (n/n_ref)^-c``:
    ``c = 0`` under muP (transfer), ``c = 1`` under the standard parametrisation, whose
    sharpness grows in proportion to width (Tensor Programs theory, Yang et al. 2022).

The toy experiment
------------------
:func:`train` and :func:`lr_sweep` train a two-layer tanh network with full-batch gradient
descent under SP, NTP and muP (the output-multiplier form ``1/(gamma sqrt n)`` with
``gamma = sqrt n`` for muP and ``eta = eta_0 gamma^2``, as in the mean-field / muP
literature the paper builds on; not checked against the paper's appendix table), and
measure the sharpness of the learning-rate-preconditioned Hessian with Lanczos
(``scipy.sparse.linalg.eigsh``). GD is unstable once ``eta * lambda_max > 2``. This is a
small, honest reproduction of the *kind* of effect the paper reports, not its experiments.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import sympy as sp
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

from ..core.law import Law, Paper, Param, Variable

eta, beta_1, eta_ref, n_ref, c, n = sp.symbols("eta beta_1 eta_ref n_ref c n", positive=True)
COHEN21 = "Cohen et al. 2021 (edge of stability of GD): background, not this paper"
COHEN22 = "Cohen et al. 2022 (adaptive edge of stability): background, not this paper"
TP5 = ("Tensor Programs theory (Yang et al. 2022): c = 0 under muP, c = 1 under SP; "
       "background, not a number from this paper")
VAR_ETA = Variable("eta", "", (1e-4, 10.0), latex=r"\eta", meaning="learning rate")
SHARPNESS = Variable("lambda_max", "1/(learning-rate unit)", (1e-2, 1e5),
                     latex=r"\lambda_{\max}^{*}",
                     meaning="sharpness at which training reaches the edge of stability")

eos_gd = Law("noci2024.eos_gd", "GD edge of stability", 2 / eta, SHARPNESS, [VAR_ETA], [],
             equation="2/eta (Cohen et al. 2021)")
eos_adam = Law("noci2024.eos_adam", "Adam edge of stability",
               (2 + 2 * beta_1) / ((1 - beta_1) * eta), SHARPNESS, [VAR_ETA],
               [Param("beta_1", 0.9, COHEN22, (0.0, 0.999), latex=r"\beta_1",
                      meaning="Adam's first-moment decay")],
               equation="(2 + 2 beta_1)/((1 - beta_1) eta) (Cohen et al. 2022)")
lr_width = Law("noci2024.lr_width", "eta*(n)", eta_ref * (n / n_ref) ** (-c),
               Variable("eta_opt", "", (1e-6, 10.0), latex=r"\eta^{*}",
                        meaning="best global learning rate at width n"),
               [Variable("n", "units", (16, 65536), meaning="width")],
               [Param("eta_ref", 1e-2, "your reference point", (1e-5, 10.0), log=True,
                      latex=r"\eta_{\mathrm{ref}}", meaning="best learning rate at n_ref"),
                Param("n_ref", 256.0, "your reference point", (8.0, 65536.0), "units",
                      log=True, latex=r"n_{\mathrm{ref}}", meaning="width tuned at"),
                Param("c", 1.0, TP5, (0.0, 2.0), meaning="how fast the best LR falls with "
                      "width: 0 under muP, 1 under SP")],
               equation="eta*(n) = eta_ref (n/n_ref)^-c (Tensor Programs; background)")

#: The width exponents of a two-layer network's multipliers, initial scales and per-layer
#: learning rates, per parametrisation (SGD). Each entry is the power of n: the quantity
#: is proportional to n**entry. a_*: forward multiplier, b_*: initial standard deviation,
#: eta_*: learning rate; W is the input layer (fan-in d, fixed), v the output layer.
PARAMETRISATIONS = {
    "SP": {"a_W": 0.0, "b_W": 0.0, "eta_W": 0.0, "a_v": 0.0, "b_v": -0.5, "eta_v": 0.0},
    "NTP": {"a_W": 0.0, "b_W": 0.0, "eta_W": 0.0, "a_v": -0.5, "b_v": 0.0, "eta_v": 0.0},
    "muP": {"a_W": 0.0, "b_W": 0.0, "eta_W": 1.0, "a_v": -1.0, "b_v": 0.0, "eta_v": 1.0},
}

#: Standard per-layer rules of muP vs SP for a deep network (Yang et al. 2022, Table 3, in
#: the fan-in initialisation form). Background, not this paper's numbers; exponents of width
#: n for hidden fan-in/fan-out n (input fan-in and output fan-out fixed).
RULES = pd.DataFrame([
    ("SGD", "input weights", "SP", 0.0, 0.0), ("SGD", "input weights", "muP", 0.0, 1.0),
    ("SGD", "hidden weights", "SP", -1.0, 0.0), ("SGD", "hidden weights", "muP", -1.0, 0.0),
    ("SGD", "output weights", "SP", -1.0, 0.0), ("SGD", "output weights", "muP", -2.0, -1.0),
    ("Adam", "input weights", "SP", 0.0, 0.0), ("Adam", "input weights", "muP", 0.0, 0.0),
    ("Adam", "hidden weights", "SP", -1.0, 0.0), ("Adam", "hidden weights", "muP", -1.0, -1.0),
    ("Adam", "output weights", "SP", -1.0, 0.0), ("Adam", "output weights", "muP", -2.0, -1.0),
], columns=["optimizer", "layer", "parametrisation", "init_variance_exponent",
            "lr_exponent"])


def rules_at(widths, optimizer: str = "Adam", base_lr: float = 1e-2,
             base_width: float = 256.0) -> pd.DataFrame:
    """The per-layer init variance and learning rate of :data:`RULES` at each width,
    relative to ``base_width`` (where both parametrisations use ``base_lr`` and unit
    init variance): ``value = base * (n/base_width)**exponent``."""
    rows = []
    for r in RULES[RULES["optimizer"] == optimizer].itertuples():
        for w in np.atleast_1d(np.asarray(widths, float)):
            ratio = w / base_width
            rows.append({"layer": r.layer, "parametrisation": r.parametrisation, "n": w,
                         "init_variance": ratio ** r.init_variance_exponent,
                         "lr": base_lr * ratio ** r.lr_exponent})
    return pd.DataFrame(rows)


# --- the toy experiment --------------------------------------------------------------
@dataclass(frozen=True)
class Task:
    """A fixed regression task: P inputs in d dimensions and a nonlinear teacher target
    ``y = (u.x)^2/d - 1`` (zero mean, needs a feature to fit)."""

    X: np.ndarray
    y: np.ndarray

    @classmethod
    def make(cls, samples: int = 32, dim: int = 8, seed: int = 0) -> "Task":
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((samples, dim))
        u = rng.standard_normal(dim)
        return cls(X, (X @ u) ** 2 / dim - 1.0)


class Net:
    """Two-layer tanh network ``f(x) = a_v v . tanh(a_W W x)`` of width n under one
    parametrisation, trained by GD on ``L = mean((f - y)^2)/2`` with per-layer learning
    rates ``eta_0 * n^eta_*`` (``a_W`` includes ``1/sqrt(d)``)."""

    def __init__(self, parametrisation: str, width: int, task: Task, eta_0: float, seed: int = 0):
        e = PARAMETRISATIONS[parametrisation]
        d = task.X.shape[1]
        rng = np.random.default_rng(seed)
        self.task, self.n = task, width
        self.a_W, self.a_v = width ** e["a_W"] / np.sqrt(d), width ** e["a_v"]
        self.W = rng.standard_normal((width, d)) * width ** e["b_W"]
        self.v = rng.standard_normal(width) * width ** e["b_v"]
        self.eta_W, self.eta_v = eta_0 * width ** e["eta_W"], eta_0 * width ** e["eta_v"]

    def _parts(self, W, v):
        act = np.tanh(self.task.X @ W.T * self.a_W)
        r = self.a_v * act @ v - self.task.y
        return act, r

    def loss(self, W=None, v=None) -> float:
        _, r = self._parts(self.W if W is None else W, self.v if v is None else v)
        return float(0.5 * np.mean(r ** 2))

    def grads(self, W, v):
        act, r = self._parts(W, v)
        P = r.size
        g_v = self.a_v * act.T @ r / P
        g_pre = (self.a_v * r[:, None] * v[None, :]) * (1 - act ** 2)
        g_W = self.a_W * g_pre.T @ self.task.X / P
        return g_W, g_v

    def step(self) -> None:
        g_W, g_v = self.grads(self.W, self.v)
        self.W = self.W - self.eta_W * g_W
        self.v = self.v - self.eta_v * g_v

    def sharpness(self, seed: int = 0) -> float:
        """Largest eigenvalue of the preconditioned Hessian ``D^1/2 H D^1/2`` with
        ``D = diag(per-parameter learning rate)``: GD on a quadratic is stable while it is
        below 2. (Hessian-vector products by central differences of the gradient.)"""
        nW = self.W.size
        sW, sv = np.sqrt(self.eta_W), np.sqrt(self.eta_v)
        scale = np.concatenate([np.full(nW, sW), np.full(self.v.size, sv)])
        base = np.concatenate([self.W.ravel(), self.v])
        eps = 1e-4 / max(1.0, float(np.linalg.norm(scale)) / np.sqrt(scale.size))

        def hvp(u):
            du = scale * np.asarray(u, float).ravel()
            out = []
            for sign in (1.0, -1.0):
                theta = base + sign * eps * du
                g_W, g_v = self.grads(theta[:nW].reshape(self.W.shape), theta[nW:])
                out.append(np.concatenate([g_W.ravel(), g_v]))
            return scale * (out[0] - out[1]) / (2 * eps)

        op = LinearOperator((base.size, base.size), matvec=hvp, dtype=float)
        v0 = np.random.default_rng(seed).standard_normal(base.size)
        try:
            return float(eigsh(op, k=1, which="LA", v0=v0, tol=1e-3, maxiter=200,
                               return_eigenvectors=False)[0])
        except ArpackNoConvergence as err:
            return float(err.eigenvalues[0]) if len(err.eigenvalues) else float("nan")


def train(parametrisation: str, width: int, eta_0: float, steps: int = 100,
          every: int = 10, task: Task | None = None, seed: int = 0,
          at=None) -> pd.DataFrame:
    """Train one network; loss every step and preconditioned sharpness every ``every``
    steps (or at the steps in ``at``, when given). Rows after a divergence (non-finite or
    exploding loss) are dropped.

    Returns
    -------
    DataFrame
        ``parametrisation, width, eta_0, step, loss, sharpness`` (sharpness NaN between
        measurements).
    """
    task = task or Task.make()
    net = Net(parametrisation, width, task, eta_0, seed)
    rows, start = [], net.loss()
    measure = (lambda t: t % every == 0) if at is None else set(at).__contains__
    for t in range(steps + 1):
        value = net.loss()
        if not np.isfinite(value) or value > 1e3 * max(start, 1e-12):
            break
        s = net.sharpness(seed) if measure(t) else np.nan
        rows.append({"parametrisation": parametrisation, "width": width, "eta_0": eta_0,
                     "step": t, "loss": value, "sharpness": s})
        if t < steps:
            with np.errstate(all="ignore"):
                net.step()
    return pd.DataFrame(rows)


def final_loss(parametrisation: str, width: int, eta_0: float, steps: int = 100,
               task: Task | None = None, seed: int = 0) -> float:
    """Training loss after ``steps`` GD steps; NaN when training diverged."""
    task = task or Task.make()
    net = Net(parametrisation, width, task, eta_0, seed)
    start = net.loss()
    with np.errstate(all="ignore"):
        for _ in range(steps):
            net.step()
            value = net.loss()
            if not np.isfinite(value) or value > 1e3 * max(start, 1e-12):
                return float("nan")
    return net.loss()


def lr_sweep(parametrisation: str, widths, etas, steps: int = 100,
             task: Task | None = None, seed: int = 0) -> pd.DataFrame:
    """Final training loss over a grid of base learning rates per width, and each width's
    best ``eta_0`` (``best`` column)."""
    task = task or Task.make()
    rows = [{"parametrisation": parametrisation, "width": int(w), "eta_0": float(e),
             "loss": final_loss(parametrisation, int(w), float(e), steps, task, seed)}
            for w in widths for e in etas]
    frame = pd.DataFrame(rows)
    frame["best"] = False
    for w, g in frame.groupby("width"):
        if g["loss"].notna().any():
            frame.loc[g["loss"].idxmin(), "best"] = True
    return frame


def optimum_shift(sweep: pd.DataFrame) -> float:
    """Exponent c of ``eta_0* ~ n^-c`` fitted to each width's best base LR (least squares
    in log-log); 0 means the best LR transfers across width."""
    best = sweep[sweep["best"]]
    if best["width"].nunique() < 2:
        return float("nan")
    slope = np.polyfit(np.log(best["width"]), np.log(best["eta_0"]), 1)[0]
    return float(-slope)


BIBTEX = """@inproceedings{noci2024super,
  title     = {Super Consistency of Neural Network Landscapes and Learning Rate Transfer},
  author    = {Noci, Lorenzo and Meterez, Alexandru and Hofmann, Thomas and Orvieto, Antonio},
  booktitle = {Advances in Neural Information Processing Systems},
  year      = {2024},
  note      = {arXiv:2402.17457}
}"""

PAPER = Paper(
    key="noci2024",
    topic="Hyperparameters and model shape",
    title="Super Consistency of Neural Network Landscapes and Learning Rate Transfer",
    authors="Noci, Meterez, Hofmann, Orvieto",
    year=2024,
    arxiv="2402.17457",
    bibtex=BIBTEX,
    summary=("Why does a learning rate tuned on a small network still work on a large one "
             "under muP? The paper looks at the sharpness, the top eigenvalue of the loss "
             "Hessian: under muP and its depth extension it follows the same trajectory at "
             "every width and depth (super consistency), so the edge of stability, and with "
             "it the best learning rate, sits in the same place. Under the NTK "
             "parametrisation the sharpness evolves differently at each width; the paper "
             "traces the difference to feature learning, present under muP and fading "
             "under NTK scaling."),
    assumptions=[
        "The paper's findings are qualitative (figures of sharpness and loss vs learning "
        "rate across widths); it publishes no constants.",
        "The edge-of-stability thresholds and the per-layer muP/SP rules on this page are "
        "standard background (Cohen et al. 2021, 2022; Yang et al. 2022), not its numbers.",
        "The toy experiment (a two-layer tanh net, full-batch GD) is this page's own, small "
        "reproduction of the kind of effect the paper reports, not its experiments.",
    ],
    laws=[eos_gd, eos_adam, lr_width],
    page_features=["sharpness along training per width under muP, NTP and SP (live toy)",
                   "final loss vs learning rate per width: where the optimum moves",
                   "muP vs SP per-layer initialisation and learning-rate rules vs width"],
)


# --- the default toy run, shipped precomputed (data/make_noci_toy.py) -------------------
#: Settings of the shipped toy run (the page computes anything else live).
TOY_DEFAULTS = {"widths": (64, 256, 1024), "steps": 30, "every": 3,
                "eta_0": {"muP": 1.0, "NTP": 1.0, "SP": 0.05},
                "etas": tuple(float(e) for e in np.logspace(-2, 1, 13))}


def toy_run(widths, steps: int, every: int, eta_0: dict, etas) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sharpness trajectories (:func:`train`) and LR sweeps (:func:`lr_sweep`) of every
    parametrisation at ``widths``: the two tables the page plots."""
    task = Task.make()
    trajectories = pd.concat([train(p, int(w), eta_0[p], steps, every, task)
                              for p in PARAMETRISATIONS for w in widths], ignore_index=True)
    sweeps = pd.concat([lr_sweep(p, widths, etas, steps, task) for p in PARAMETRISATIONS],
                       ignore_index=True)
    return trajectories, sweeps



# --- every step count of the page's slider, shipped precomputed (data/make_noci_toy.py) ---
#: The page's "GD steps" slider values; the shipped toy run covers each of them.
STEPS = tuple(range(10, 201, 10))


def sharpness_steps(steps_values=STEPS) -> list[int]:
    """Every step at which :func:`toy_run` measures the sharpness for some ``steps`` in
    ``steps_values`` (every ``max(1, steps // 10)`` steps up to ``steps``)."""
    return sorted({t for s in steps_values for t in range(0, s + 1, max(1, s // 10))})


def loss_path(parametrisation: str, width: int, eta_0: float, steps: int = 100,
              task: Task | None = None, seed: int = 0) -> np.ndarray:
    """Training loss after 0..``steps`` GD steps, NaN from a divergence on: entry ``t``
    is :func:`final_loss` with ``steps = t`` (same arithmetic), from one run."""
    task = task or Task.make()
    net = Net(parametrisation, width, task, eta_0, seed)
    start = net.loss()
    out = np.full(steps + 1, np.nan)
    out[0] = start
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            net.step()
            value = net.loss()
            if not np.isfinite(value) or value > 1e3 * max(start, 1e-12):
                break
            out[t] = value
    return out


def toy_run_all(widths, eta_0: dict, etas, steps_values=STEPS, task: Task | None = None):
    """:func:`toy_run` for every step count in ``steps_values`` at once: one run per
    network to the largest count. Returns the trajectories (sharpness at
    :func:`sharpness_steps`) and the sweeps' final losses with a ``steps`` column;
    :func:`toy_at` cuts them to one step count."""
    task = task or Task.make()
    last, at = max(steps_values), sharpness_steps(steps_values)
    trajectories = pd.concat([train(p, int(w), eta_0[p], last, 1, task, at=at)
                              for p in PARAMETRISATIONS for w in widths], ignore_index=True)
    rows = []
    for p in PARAMETRISATIONS:
        for w in widths:
            for e in etas:
                path = loss_path(p, int(w), float(e), last, task)
                rows += [{"parametrisation": p, "width": int(w), "eta_0": float(e),
                          "steps": int(s), "loss": float(path[s])} for s in steps_values]
    return trajectories, pd.DataFrame(rows)


def toy_at(trajectories: pd.DataFrame, sweeps: pd.DataFrame, steps: int):
    """The two tables of :func:`toy_run` ``(widths, steps, max(1, steps // 10), ...)`` cut
    from :func:`toy_run_all`'s (the same numbers: the runs are deterministic)."""
    every = max(1, steps // 10)
    traj = trajectories[trajectories["step"] <= steps].copy()
    traj.loc[traj["step"] % every != 0, "sharpness"] = np.nan
    parts = []
    for p in PARAMETRISATIONS:
        frame = sweeps[(sweeps["parametrisation"] == p) & (sweeps["steps"] == steps)]
        frame = frame.drop(columns="steps").reset_index(drop=True)
        frame["best"] = False
        for w, g in frame.groupby("width"):
            if g["loss"].notna().any():
                frame.loc[g["loss"].idxmin(), "best"] = True
        parts.append(frame)
    return traj.reset_index(drop=True), pd.concat(parts, ignore_index=True)
