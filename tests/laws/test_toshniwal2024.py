"""Toshniwal et al. (2024), OpenMathInstruct-2.

Published numbers and where:
* Abstract (arXiv v2): Llama-3.1-8B-Base fine-tuned on all of OpenMathInstruct-2 reaches
  67.8% on MATH, against 51.9% for Llama3.1-8B-Instruct (+15.9 points).
* Hugging Face dataset card: 13,972,791 examples in the train split; the fair-downsampled
  splits hold 1M, 2M and 5M examples.
The accuracies at 1M, 2M and 5M are not published as numbers (plot image only), so the
fits below are tested on synthetic points.
"""
import numpy as np
import pandas as pd
import pytest

from laws.papers import toshniwal2024 as om


def test_published_endpoint_and_gain():
    assert om.FULL_ACCURACY - om.INSTRUCT_ACCURACY == pytest.approx(15.9)
    assert om.FULL_SIZE == 13_972_791 and om.SUBSET_SIZES == (1_000_000, 2_000_000, 5_000_000)


def test_anchored_forms_pass_through_the_published_point():
    lin = om.anchored_log_linear(8.0)
    sat = om.anchored_saturating(75.0, 0.3)
    assert float(om.log_linear(lin, N=om.FULL_SIZE)) == pytest.approx(67.8)
    assert float(om.saturating(sat, N=om.FULL_SIZE)) == pytest.approx(67.8)
    # one decade more: +8 points log-linear, less than the 7.2 left to the ceiling saturating
    assert float(om.log_linear(lin, N=10 * om.FULL_SIZE)) == pytest.approx(75.8)
    gain = float(om.saturating(sat, N=10 * om.FULL_SIZE)) - 67.8
    assert gain == pytest.approx(7.2 * (1 - 10 ** -0.3))
    with pytest.raises(ValueError):
        om.anchored_saturating(60.0, 0.3)


def test_fits_recover_each_form():
    n = np.array([1e6, 2e6, 5e6, 1.4e7, 3e7])
    truth = {"a": 72.0, "b": 2e3, "c": 0.4}
    points = pd.DataFrame({"N": n, "accuracy": om.saturating(truth, N=n)})
    fits = om.fit_both(points)
    sat = fits["toshniwal2024.saturating"]
    assert sat.params["a"] == pytest.approx(72.0, abs=0.05)
    lin = fits["toshniwal2024.log_linear"]
    # the log-linear fit to saturating points overshoots when extrapolated
    assert float(om.log_linear(lin.params, N=1e9)) > float(om.saturating(truth, N=1e9)) + 3


def test_too_few_points_say_why():
    points = pd.DataFrame({"N": [1e6, 1.4e7], "accuracy": [50.0, 67.8]})
    fits = om.fit_both(points)
    assert all(isinstance(v, str) and "distinct N" in v for v in fits.values())


def test_clean_points():
    frame = pd.DataFrame({"N": [1e6, -5, 2e6, "x", 3e6], "accuracy": [55, 60, 130, 50, None]})
    points, notes = om.clean_points(frame)
    assert points["N"].tolist() == [1e6] and len(notes) == 2
