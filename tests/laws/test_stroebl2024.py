"""Stroebl, Kapoor, Narayanan (2024): resampling with an imperfect verifier, and pass@k.

Published numbers and where they were published:
* beta_1 = 0.0975, beta_2 = 0.6525, p_fluke,1 = 0.0325, p_fluke,2 = 0.2175: printed output
  of the authors' notebook ``notebooks/limits_to_inference_scaling_model.ipynb``
  (benediktstroebl/inference-scaling-limits, commit 11a8f6e), example r = 0.87 / 0.13,
  c = 1, s = 0.75.
* Section 4 / abstract: with a cost for false positives the optimal number of samples is
  small ("can be less than 10"); the costs used are 0, 1, 2, 4, 8 (confirmed in the
  authors' evalplus/scaling_curves.ipynb: pass_base_rewards = [0, -1, -2, -4, -8]).
Regression values (the notebook's code, rerun; not printed in the paper) are labelled so.
"""
import numpy as np
import pytest
import sympy as sp

import laws
from laws.papers import stroebl2024 as sb

HARD = {"r": 0.13, "c": 1.0, "s": 0.75}
EASY = {"r": 0.87, "c": 1.0, "s": 0.75}


def test_notebook_printed_rejection_and_fluke_rates():
    easy, hard = sb.NOTEBOOK_TYPES
    assert (easy.beta, hard.beta) == pytest.approx((0.0975, 0.6525))
    assert (easy.p_fluke, hard.p_fluke) == pytest.approx((0.0325, 0.2175))
    assert sb.rejection_rate(HARD) == pytest.approx(0.6525)


def test_ceiling_is_the_limit_of_accuracy():
    # derived: every sample is accepted correct, accepted wrong, or rejected
    assert sp.simplify(1 - sb.beta - (sb.p_correct + sb.p_fluke)) == 0
    assert sb.ceiling(EASY) == pytest.approx(0.963989, abs=1e-6)   # 0.87 / (0.87 + 0.0325)
    assert sb.ceiling(HARD) == pytest.approx(0.374101, abs=1e-6)   # 0.13 / (0.13 + 0.2175)
    assert float(sb.accuracy(HARD, K=1e6)) == pytest.approx(sb.ceiling(HARD), rel=1e-12)
    # a sound verifier (s = 1) has no ceiling below 1
    assert sb.ceiling({"r": 0.05, "c": 1.0, "s": 1.0}) == pytest.approx(1.0)


def test_accuracy_and_false_positives_after_five_samples():
    # catalog [D] from the notebook's formulas: Acc(5) = 0.329853, FP(5) = 0.551869
    assert float(sb.accuracy(HARD, K=5)) == pytest.approx(0.329853, abs=1e-6)
    assert float(sb.false_positive(HARD, K=5)) == pytest.approx(0.551869, abs=1e-6)
    # K = 1 is one sample judged by the verifier: c r and (1 - r)(1 - s)
    assert float(sb.accuracy(HARD, K=1)) == pytest.approx(0.13)
    assert float(sb.false_positive(HARD, K=1)) == pytest.approx(0.2175)


def test_accuracy_rises_monotonically_and_never_passes_the_ceiling():
    k = np.arange(1, 500)
    for values in (HARD, EASY, {"r": 0.3, "c": 0.6, "s": 0.2}):
        acc = sb.accuracy(values, K=k)
        assert np.all(np.diff(acc) >= -1e-15)
        assert np.all(acc <= sb.ceiling(values) + 1e-12)


def test_samples_to_reach_a_target():
    k = sb.samples_to_reach(0.3, HARD)
    assert float(sb.accuracy(HARD, K=k)) >= 0.3 > float(sb.accuracy(HARD, K=k - 1))
    assert sb.samples_to_reach(0.5, HARD) == np.inf          # above the 0.374 ceiling


def test_best_k_of_the_notebook_example():
    # regression values (the notebook's code): best K = 3, 2, 1 for V_fluke = -0.7, -1, -2
    for cost, best in [(0.7, 3), (1.0, 2), (2.0, 1)]:
        for method in ("notebook", "exact"):
            assert sb.best_k(sb.mixture_reward(50, cost=cost, method=method)) == best
    # regression values: cumulative reward at V_fluke = -1, K = 1..5
    assert sb.mixture_reward(5, cost=1.0, method="notebook") == pytest.approx(
        [0.4490, 0.4884, 0.4637, 0.4407, 0.4249], abs=1e-4)
    assert sb.mixture_reward(5, cost=1.0, method="exact") == pytest.approx(
        [0.4490, 0.4724, 0.4614, 0.4516, 0.4450], abs=1e-4)


def test_best_k_is_small_at_cost_four_and_unbounded_without_cost():
    # Section 4: at a cost-benefit ratio of 4 the optimal K is at most 5 (here: notebook types)
    assert 0 <= sb.best_k(sb.mixture_reward(200, cost=4.0)) <= 5
    # no cost: more samples never hurt (the reward only saturates at the ceiling)
    free = sb.mixture_reward(200, cost=0.0)
    assert np.all(np.diff(free) >= 0) and sb.best_k(free) > 50
    # a cost so high that answering at all loses: abstain
    assert sb.best_k(sb.mixture_reward(50, cost=100.0)) == 0


def test_exact_mixture_reward_matches_a_monte_carlo_of_the_protocol():
    rng = np.random.default_rng(0)
    types, cost, k_max, tasks = sb.NOTEBOOK_TYPES, 2.0, 6, 200_000
    kind = rng.random(tasks) < types[0].share
    r = np.where(kind, types[0].r, types[1].r)
    correct = rng.random((tasks, k_max)) < r[:, None]
    accept = np.where(correct, rng.random((tasks, k_max)) < 1.0,
                      rng.random((tasks, k_max)) >= 0.75)
    first = np.where(accept.any(1), accept.argmax(1), k_max)
    rewards = []
    for K in range(1, k_max + 1):
        answered = first < K
        ok = correct[np.arange(tasks), np.minimum(first, k_max - 1)]
        rewards.append(np.mean(np.where(answered, np.where(ok, 1.0, -cost), 0.0)))
    assert sb.mixture_reward(k_max, types, cost) == pytest.approx(rewards, abs=0.006)


def test_single_type_reward_law():
    k = np.arange(1, 20)
    values = {**HARD, "cost": 1.0}
    assert sb.reward(values, K=k) == pytest.approx(
        sb.mixture_reward(19, [sb.TaskType(1.0, 0.13)], cost=1.0))


@pytest.mark.parametrize("n, c, k, expected", [
    (10, 3, 1, 0.3), (10, 3, 5, 0.916667), (200, 10, 10, 0.408548), (200, 1, 100, 0.5),
    (5, 0, 1, 0.0), (10, 8, 3, 1.0)])
def test_pass_at_k_catalog_values(n, c, k, expected):
    # catalog [D]: 1 - C(n-c, k)/C(n, k)
    assert float(laws.get("stroebl2024.pass_at_k")(n=n, c=c, k=k)) == pytest.approx(
        expected, abs=1e-6)


def test_pass_at_k_equals_the_exact_binomial_ratio_and_is_stable():
    from math import comb
    from fractions import Fraction
    for n, c, k in [(50, 7, 13), (200, 3, 1), (1000, 1, 1), (1000, 2, 999), (37, 36, 2)]:
        exact = 1 - Fraction(comb(n - c, k), comb(n, k))
        assert float(sb.pass_at_k(n=n, c=c, k=k)) == pytest.approx(float(exact), rel=1e-12)
    # binomials of 5000 overflow a float; the product form does not
    tiny = float(sb.pass_at_k(n=5000, c=1, k=1))
    assert tiny == pytest.approx(1 / 5000, rel=1e-12)
    big = sb.pass_at_k(n=np.array([5000, 5000]), c=np.array([2, 0]), k=2500)
    assert big[0] == pytest.approx(1 - (2500 * 2499) / (5000 * 4999), rel=1e-12)
    assert big[1] == 0.0


def test_pass_at_k_rejects_impossible_counts():
    out = sb.pass_at_k(n=np.array([10, 10, 10, 0]), c=np.array([11, -1, 2.5, 0]), k=1)
    assert np.isnan(out).all()
    assert np.isnan(float(sb.pass_at_k(n=10, c=2, k=11)))


def test_clean_tasks_reports_each_problem():
    n, c, notes = sb.clean_tasks(["10", 10, "x", 4, 5, 0, 3.5], [3, 11, 1, -1, 2, 0, 1])
    assert n.tolist() == [10, 5] and c.tolist() == [3, 2]
    assert len(notes) == 4 and all("left out" in x for x in notes)


def test_fit_recovers_the_ceiling():
    k = np.array([1, 2, 3, 5, 8, 13, 20, 40, 70, 100], float)
    import pandas as pd
    runs = pd.DataFrame({"K": k, "accuracy": sb.accuracy(HARD, K=k)})
    fit = laws.fit(sb.accuracy, runs, seed=0)
    assert sb.ceiling(fit.params) == pytest.approx(sb.ceiling(HARD), rel=1e-3)


def test_a_relation_without_constants_has_an_empty_gradient():
    assert sb.pass_at_k.gradient(n=np.array([10, 20]), c=3, k=2).shape == (0, 2)
