"""Caballero et al. 2022 (arXiv:2210.14891): the BNSL form, the paper's fitting procedure,
and extrapolation scores on the language benchmark of Alabdulmohsin et al. (2022)."""
from __future__ import annotations

import numpy as np
import pytest

import laws
from laws import datasets
from laws.papers import caballero2022 as cb

# Fig. 4 (left) data: 4-digit addition, test cross-entropy against training-set size, as
# listed in the authors' script fit_bnsl_and_extrapolate__4_digit_addition__dataset_size_
# x-axis.py (ethancaballero/broken_neural_scaling_laws). The script fits the first 14 points
# and extrapolates the last 3.
ADDITION_X = np.array([160, 192, 256, 320, 384, 448, 480, 512, 544, 576, 608, 640, 672, 736,
                       800, 864, 928], float)
ADDITION_Y = np.array([2.13809046, 2.11813418, 2.08955508, 2.06988398, 2.05404987, 2.03837089,
                       2.02814281, 2.00496872, 1.95576149, 1.86313841, 1.70891537, 1.50637664,
                       1.29754721, 0.96559684, 0.75856477, 0.64768338, 0.55695445])
# The constants the authors' Fig. 4 (left) fit produces, hard-coded as the "ground truth" of
# their noiseless-simulation script (same repository, Fig. 4 right).
AUTHORS_FIG4_FIT = {"a": 0.41388453071629455, "b": 2.2772722897737556,
                    "c0": 0.055077348404973955, "c1": 5.662903816010331,
                    "d1": 612.5836172918001, "f1": 0.059193036393742314}


def test_relations_and_parameter_names():
    assert laws.get("caballero2022.bnsl1").param_names == ["a", "b", "c0", "c1", "d1", "f1"]
    assert laws.get("caballero2022.bnsl2").param_names[-3:] == ["c2", "d2", "f2"]
    assert laws.get("caballero2022.bnsl3").param_names[-3:] == ["c3", "d3", "f3"]
    assert laws.get("caballero2022.bnsl1").input_names == ["x"]
    assert laws.get("caballero2022.bnsl1").output.name == "y"


@pytest.mark.parametrize("x, y", [(1, 4659.9977523), (1e6, 1972.3233820), (1e10, 27.722113474),
                                  (1e17, 1.2573154277), (1e22, 8.6267505673e-3),
                                  (1e25, 1.0000248507e-3)])
def test_figure_1_curve(x, y):
    """Eq. (1) with the constants of the authors' Fig. 1 script (catalog §9b, derived [D])."""
    assert float(cb.bnsl3(x=x)) == pytest.approx(y, rel=1e-9)
    assert float(cb.evaluate(cb.FIGURE_1, x)) == pytest.approx(y, rel=1e-9)


def test_segments_follow_the_published_segment_formulas():
    """Segment 2 is b d1^-c0 (x/d1)^-(c0+c1) (authors' Fig. 1 decomposition)."""
    p = cb.FIGURE_1
    seg = cb.segments(p)
    assert list(seg["log-log slope"]) == pytest.approx([-0.05, -0.54, 0.271, -1.829])
    x = 1e9
    assert seg["prefactor"][1] * x ** seg["log-log slope"][1] == pytest.approx(
        p["b"] * p["d1"] ** -p["c0"] * (x / p["d1"]) ** -(p["c0"] + p["c1"]))


def test_far_from_every_break_the_curve_is_its_segment():
    p = {k: v for k, v in cb.FIGURE_1.items() if k[-1] not in "23"}
    seg = cb.segments(p)
    x = 1e12  # 5 decades past d1 = 3e6
    assert float(cb.evaluate(p, x)) == pytest.approx(
        p["a"] + seg["prefactor"][1] * x ** seg["log-log slope"][1], rel=1e-3)


def test_fit_reproduces_the_authors_figure_4_fit():
    """Our procedure on the 14 fit points lands on the authors' constants (to 1e-5)."""
    fit = cb.fit_bnsl(ADDITION_X[:14], ADDITION_Y[:14], n=1)
    for name, value in AUTHORS_FIG4_FIT.items():
        assert fit.params[name] == pytest.approx(value, rel=1e-5), name
    assert fit.grid_points == 163_840  # the paper's grid size for one break
    # regression values: RMSLE on the 14 fit points and on the 3 extrapolated ones
    assert fit.rmsle == pytest.approx(5.985e-4, rel=1e-2)
    assert fit.score(ADDITION_X[14:], ADDITION_Y[14:]) == pytest.approx(1.0916e-2, rel=1e-2)


def test_a_plain_power_law_cannot_extrapolate_the_sharp_drop():
    """Fig. 4 (left)'s point: without a break the extrapolation is far worse."""
    plain = cb.fit_bnsl(ADDITION_X[:14], ADDITION_Y[:14], n=0)
    broken = cb.fit_bnsl(ADDITION_X[:14], ADDITION_Y[:14], n=1)
    assert plain.score(ADDITION_X[14:], ADDITION_Y[14:]) > \
        10 * broken.score(ADDITION_X[14:], ADDITION_Y[14:])


def test_fit_recovers_a_two_break_curve():
    truth = {"a": 0.1, "b": 5.0, "c0": 0.1, "c1": 0.6, "d1": 1e3, "f1": 0.3, "c2": 0.5,
             "d2": 1e5, "f2": 0.2}
    x = np.logspace(0, 7, 40)
    fit = cb.fit_bnsl(x, cb.evaluate(truth, x), n=2)
    assert fit.rmsle < 1e-3
    # the breaks are exchangeable in Eq. (1): compare them in order along x
    assert sorted([fit.params["d1"], fit.params["d2"]]) == pytest.approx([1e3, 1e5], rel=0.1)


def test_bootstrap_band_contains_the_fit_and_is_reproducible():
    x = np.logspace(1, 4, 25)
    y = cb.evaluate(AUTHORS_FIG4_FIT | {"d1": 300.0, "f1": 0.3}, x) * \
        np.exp(np.random.default_rng(1).normal(0, 0.01, x.size))
    one = cb.fit_bnsl(x, y, 1, bootstrap=20, seed=3)
    two = cb.fit_bnsl(x, y, 1, bootstrap=20, seed=3)
    assert np.array_equal(one.samples, two.samples)
    band = one.predict(np.array([1e3, 1e5]))
    assert (band["lower"] <= band["value"] * 1.001).all()
    assert (band["upper"] >= band["value"] * 0.999).all()
    assert one.to_dict()["bootstrap"]["resamples"] == len(one.samples)


@pytest.mark.parametrize("x, y, match", [
    ([1, 2, 3], [1, 2, 3], "cannot determine"),
    ([0, -1, 2], [1, 1, -1], "positive"),
    ([np.nan] * 8, [1.0] * 8, "positive"),
])
def test_bad_input_gets_a_sentence(x, y, match):
    with pytest.raises(cb.BNSLFitError, match=match):
        cb.fit_bnsl(x, y, n=1)


def test_revisiting_benchmark_extrapolation_scores():
    """Fit on Training = 1, score RMSLE on Training = 0 for the NMT curves of the
    benchmark the paper compares on (Alabdulmohsin et al. 2022). Regression values: the
    paper prints its per-task scores, but we could not read them to pin them here. (The
    LM curves take as long again and are scored on the page; left out to keep the run
    short.)"""
    try:
        frame = datasets.load("revisiting_lang")
    except datasets.DatasetUnavailable as err:
        pytest.skip(str(err))
    scores = {0: cb.score_benchmark(frame, 0, domains=("NMT",)),
              1: cb.score_benchmark(frame, 1, domains=("NMT",))}
    for n, table in scores.items():
        print(f"\nBNSL with {n} break(s), RMSLE on the held-out rows:")
        print(table.drop(columns=["task"]).to_string(index=False, float_format="%.5f"))
    nmt1 = scores[1][scores[1]["domain"] == "NMT"]["RMSLE extrapolation"].mean()
    nmt0 = scores[0][scores[0]["domain"] == "NMT"]["RMSLE extrapolation"].mean()
    assert len(scores[1]) == 5 and (scores[1]["extrapolation rows"] > 0).all()
    # regression values of this code (mean over the 5 NMT curves)
    assert nmt0 == pytest.approx(0.05692, rel=0.02)
    assert nmt1 == pytest.approx(0.01165, rel=0.05)
    # one break extrapolates NMT better than none (the paper's claim, on this benchmark)
    assert nmt1 < nmt0


def test_user_curve_drops_bad_rows_and_holds_out_the_largest():
    x = ["1", "2", "bad", "4", "-5", "6", "7", "8", "9", "10", "11", "12"]
    y = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, np.nan, 0.4, 0.35, 0.3, 0.28, 0.25]
    curve = cb.user_curve(x, y, holdout=0.2)
    assert curve.dropped.tolist() == [2, 4, 6] and not curve.from_flag
    assert curve.x.tolist() == [1, 2, 4, 6, 8, 9, 10, 11, 12]
    assert curve.x[~curve.train].tolist() == [11, 12]  # round(0.2 * 9) = 2 largest
    assert cb.user_curve(x, y, holdout=0.0).train.all()


def test_user_curve_uses_a_training_column_only_when_it_is_one_and_zero():
    x, y = [1, 2, 3, 4], [4.0, 3.0, 2.0, 1.5]
    curve = cb.user_curve(x, y, training=[1, 1, 0, 1])
    assert curve.from_flag and curve.train.tolist() == [True, True, False, True]
    assert not cb.user_curve(x, y, training=[1, 1, 1, 1]).from_flag
    assert not cb.user_curve(x, y, training=[1, 2, 0, 1]).from_flag


def test_user_curve_without_a_positive_row_says_so():
    with pytest.raises(cb.BNSLFitError, match="log axes"):
        cb.user_curve([0, -1], [1, 2])
    with pytest.raises(cb.BNSLFitError, match="between 0 and 0.5"):
        cb.user_curve([1, 2], [1, 2], holdout=0.9)
