"""Granziol et al. (2022): the two scaling rules (abstract) and the reconstruction's shape.

The rules are proportionalities stated in the abstract (linear for SGD, square root for
adaptive methods); no constant is published, so the tests check the proportionality.
The regime formula is an unconfirmed reconstruction: only its own properties are tested.
"""
import numpy as np
import pytest

from laws.papers import granziol2022 as gz


def test_linear_rule_for_sgd_and_square_root_for_adam():
    ref = {"alpha_0": 0.05, "B_0": 256.0}
    assert float(gz.lr_sgd(ref, B=256)) == pytest.approx(0.05)
    assert float(gz.lr_sgd(ref, B=1024)) == pytest.approx(0.2)
    assert float(gz.lr_adaptive(ref, B=1024)) == pytest.approx(0.1)


def test_reconstruction_is_continuous_and_saturates():
    p = {"lambda_1": 10.0, "sigma": 0.1, "P": 1e7}
    b = gz.saturation_batch(p)
    assert b == pytest.approx(1e3)
    below, above = gz.lr_max_rmt(p, B=np.array([b * (1 - 1e-9), b * (1 + 1e-9)]))
    assert below == pytest.approx(above, rel=1e-6) == pytest.approx(2 / 20.0)  # 2/(2 lambda_1)
    assert float(gz.lr_max_rmt(p, B=1e12)) == pytest.approx(2 / 10.0, rel=1e-6)
    small = gz.lr_max_rmt(p, B=np.array([1.0, 4.0]))
    assert small[1] / small[0] == pytest.approx(2.0)  # noise regime: sqrt(B) in this form
