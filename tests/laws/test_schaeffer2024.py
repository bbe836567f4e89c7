"""Schaeffer et al. (2024): the chain from log-likelihood to accuracy and Brier score.

Published examples and where:
* Section 5 (via the catalog's transcription [S]): p^Vocab(correct) = 0.4 on a 4-way
  question; spreading the rest uniformly (0.2 each) gives Accuracy 1, putting 0.6 on one
  distractor gives Accuracy 0.
* Section 4 definitions (steps 1-4) and Eq. (1), the complementary CDF of per-sample
  correlations.
Values derived by arithmetic from the definitions are labelled [D]; the simulation's
numbers are regression values of this project's illustration, not the paper's.
"""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import laws
from laws import datasets
from laws.papers import schaeffer2024 as sc


def test_section_5_example_same_p_vocab_opposite_accuracy():
    spread = sc.mcq_chain(-np.log([0.4, 0.2, 0.2, 0.2]))
    strong = sc.mcq_chain(-np.log([0.4, 0.6, 1e-9, 1e-9]))
    assert spread.p_vocab[0] == strong.p_vocab[0] == pytest.approx(0.4)
    assert (spread.accuracy, strong.accuracy) == (1.0, 0.0)


@pytest.mark.parametrize("p, acc, brier", [([0.4, 0.3, 0.2, 0.1], 1.0, 0.50),
                                           ([0.4, 0.5, 0.05, 0.05], 0.0, 0.615)])
def test_catalog_toy_checks(p, acc, brier):
    # [D] the catalog's arithmetic from the Section 4 definitions
    chain = sc.mcq_chain(-np.log(p))
    assert chain.p_choices[0] == pytest.approx(0.4)
    assert chain.accuracy == acc and chain.brier == pytest.approx(brier)


def test_renormalisation_ignores_mass_outside_the_choices():
    # p^Vocab summing to 0.01 (the rest elsewhere in the vocabulary) renormalises the same
    a = sc.mcq_chain(-np.log([0.004, 0.003, 0.002, 0.001]))
    b = sc.mcq_chain(-np.log([0.4, 0.3, 0.2, 0.1]))
    assert a.p_choices == pytest.approx(b.p_choices) and a.brier == pytest.approx(b.brier)
    # huge NLLs stay finite (renormalised in log space)
    c = sc.mcq_chain([800.0, 801.0, 900.0, 900.0])
    assert c.p_choices[0] == pytest.approx(1 / (1 + np.exp(-1)), rel=1e-9) and c.accuracy == 1


def test_laws_match_the_chain():
    assert float(laws.get("schaeffer2024.p_vocab")(L=-np.log(0.4))) == pytest.approx(0.4)
    assert float(sc.p_choices(p=0.4, m=0.6)) == pytest.approx(0.4)
    scores = sc.metrics_of(np.log([[0.4]]), np.log([[[0.5, 0.05, 0.05]]]))
    assert scores["-Brier"][0, 0] == pytest.approx(-0.615)
    assert scores["Accuracy"][0, 0] == 0.0


def test_correlations_match_scipy():
    rng = np.random.default_rng(3)
    s = np.round(rng.normal(size=(40, 9)), 1)
    x = np.log10([1, 2, 3, 3, 5, 8, 9, 10, 30.0])
    for method, ref in [("spearman", stats.spearmanr), ("pearson", stats.pearsonr),
                        ("kendall", stats.kendalltau)]:
        ours = sc.score_compute_correlation(s, x, method)
        assert ours == pytest.approx([ref(row, x).statistic for row in s])
    flat = sc.score_compute_correlation(np.ones((2, 9)), x)
    assert np.isnan(flat).all()


def test_survival_is_eq_1():
    corr = np.array([0.9, 0.8, np.nan, -0.2])
    assert sc.survival(corr, [0.85, 0.0, -1.0]) == pytest.approx([0.25, 0.5, 0.75])


def test_simulated_family_shows_the_degradation():
    # regression check of the illustration: correlations fall along the chain
    x, lc, li = sc.simulate_family(seed=0)
    rows = {r["metric"]: r for r in sc.correlation_table(x, lc, li)}
    order = [rows[m]["share > 0.75"] for m in ("log p^Vocab", "p^Choices", "-Brier", "Accuracy")]
    assert order == sorted(order, reverse=True) and order[0] > 0.9 > 0.5 > order[1]
    # with distractors that neither grow nor fluctuate, renormalising loses almost nothing
    x, lc, li = sc.simulate_family(seed=0, incorrect_gain=0.0, noise_incorrect=0.0)
    rows = {r["metric"]: r for r in sc.correlation_table(x, lc, li)}
    assert rows["p^Choices"]["share > 0.75"] > 0.9


def test_sigmoid_fit_recovers_its_constants():
    truth = {"floor": 0.25, "ceiling": 0.85, "slope": 1.2, "x0": 22.5}
    logc = np.linspace(20, 25, 10)
    score = sc.accuracy_sigmoid(truth, C=10 ** logc)
    fit = sc.fit_sigmoid(logc, score, 0.25)
    assert fit.params["x0"] == pytest.approx(22.5, abs=1e-3)
    assert fit.params["ceiling"] == pytest.approx(0.85, abs=1e-3)
    assert float(sc.accuracy_sigmoid(truth, C=10 ** 22.5)) == pytest.approx(0.55)


def test_obsscaling_llama_family_sigmoid():
    obs = datasets.load("obsscaling_base").dropna(subset=["FLOPs (1E21)"])
    llama = obs[obs["Model Family"] == "Llama"]
    fit = sc.fit_sigmoid(np.log10(llama["FLOPs (1E21)"] * 1e21), llama["ARC-C"], 0.25)
    # regression values (this project's fit of the public ObsScaling scores)
    assert fit.params["x0"] == pytest.approx(22.315, abs=0.01)
    assert fit.params["ceiling"] == pytest.approx(0.653, abs=0.005)
