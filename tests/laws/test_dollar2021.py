"""Dollár, Singh, Girshick (2021) and EfficientNet (Tan & Le 2019): complexity model,
strategy exponents, fast scaling (dWr), compound scaling constants.

Published: the Table 4 caption's anchors (alpha = 1 is width scaling, alpha = 1/3 is uniform
dwr, alpha = 0.8 is dWr); the abstract's O(s) vs close to O(sqrt(s)) activations; pycls
``scaling_factors`` for "d1_w8_g8_r1" (d = s^0.1, w = s^0.4, r = s^0.05); EfficientNet's
alpha = 1.2, beta = 1.1, gamma = 1.15 (§4) and released B0-B7 coefficients.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import laws
from laws.papers import dollar2021 as dol


def test_complexity_model_per_dimension():
    # pycls conv2d_cx counts: doubling each dimension alone
    assert float(dol.flops(d=2, w=1, r=1)) == 2
    assert float(dol.flops(d=1, w=2, r=1)) == 4
    assert float(dol.flops(d=1, w=1, r=2)) == 4
    assert float(dol.params(d=1, w=1, r=2)) == 1      # resolution adds no parameters
    assert float(dol.activations(d=1, w=2, r=1)) == 2  # width: acts grow as sqrt(flops)


def test_table4_anchors_of_fast_scaling():
    # Table 4 caption: alpha = 1 is width scaling, alpha = 1/3 uniform compound (dwr)
    assert dol.fast_exponents(1.0) == pytest.approx(dol.SIMPLE["w"])
    assert dol.fast_exponents(1 / 3) == pytest.approx(dol.SIMPLE["dwr"])
    assert dol.DWR_ALPHA == 0.8


def test_dwr_matches_pycls_d1_w8_g8_r1():
    # pycls scaler.py: weights d=1, w=8, r=1 -> d = s^(1/10), w = s^(8/10/2), r = s^(1/10/2)
    assert dol.fast_exponents(0.8) == pytest.approx((0.1, 0.4, 0.05))


def test_activation_exponents_abstract():
    # abstract: popular strategies ~O(s) activations, fast scaling close to O(sqrt(s))
    assert float(dol.fast_activation_exponent(alpha=0.8)) == pytest.approx(0.6)
    table = dol.strategy_table(4.0).set_index("strategy")
    assert table.loc["d", "acts exponent"] == pytest.approx(1.0)
    assert table.loc["r", "acts exponent"] == pytest.approx(1.0)
    assert table.loc["dwr", "acts exponent"] == pytest.approx(5 / 6)
    assert table.loc["w", "acts exponent"] == pytest.approx(0.5)
    # s = 4, dWr: catalog checks d x1.1487, w x1.7411, r x1.0718, acts x2.297 [D]
    row = table.loc["dWr (alpha = 0.80)"]
    assert (row["depth x"], row["width x"], row["resolution x"], row["acts x"]) == \
        pytest.approx((1.1487, 1.7411, 1.0718, 2.297), abs=1e-3)


def test_every_strategy_grows_flops_by_s():
    for name, e in dol.strategies().items():
        assert dol.complexity_exponents(e)["flops"] == pytest.approx(1.0), name


def test_efficientnet_constants_and_released_models():
    # Tan & Le 2019 §4: alpha = 1.2, beta = 1.1, gamma = 1.15; alpha beta^2 gamma^2 ~ 2
    assert dol.EFFICIENTNET_ABG == (1.2, 1.1, 1.15)
    assert float(dol.efficientnet_flops(phi=1)) == pytest.approx(1.92027, rel=1e-5)
    assert float(dol.efficientnet_flops(phi=7)) == pytest.approx(96.28, rel=1e-3)
    # released B7 (tensorflow/tpu efficientnet_builder): width 2.0, depth 3.1, 600 px
    assert dol.EFFICIENTNET_B["B7"] == (2.0, 3.1, 600, 0.5)
    en = dol.efficientnet_table().set_index("model")
    assert en.loc["B7", "depth alpha^phi"] == pytest.approx(3.583, abs=1e-3)
    assert en.loc["B7", "resolution 224 gamma^phi"] == pytest.approx(595.8, abs=0.1)
    assert en.loc["B7", "depth (released)"] != pytest.approx(en.loc["B7", "depth alpha^phi"])


def test_efficientnet_exponents_regression_values():
    e = dol.efficientnet_exponents()
    assert e == pytest.approx((0.2794, 0.1461, 0.2142), abs=1e-4)  # regression values
    assert dol.complexity_exponents(e)["acts"] == pytest.approx(0.8539, abs=1e-4)
    with pytest.raises(ValueError):
        dol.efficientnet_exponents(1.0, 1.0, 1.0)


def test_scaled_network_rounds_like_pycls():
    net = dol.scaled_network({"depth": 8, "width": 32, "resolution": 224}, 4.0,
                             dol.fast_exponents(0.8))
    assert net == {"depth": 9, "width": 56, "resolution": 240}
    assert net["width"] % 8 == 0 and net["resolution"] % 4 == 0


def test_exact_counts_follow_the_model_for_the_body():
    # the body of the plain convnet is exactly d * 9 w^2 (r/2)^2 flops
    a = dol.count_convnet(100, 64, 224, classes=0)
    b = dol.count_convnet(200, 64, 224, classes=0)
    body = 9 * 64 * 64 * 112**2
    assert b["flops"] - a["flops"] == pytest.approx(100 * body)


def test_fit_recovers_the_flops_exponents_from_exact_counts():
    family = pd.read_csv(Path(__file__).resolve().parents[2] / "data" /
                         "dollar2021_convnet_family.csv")
    fit = laws.fit(dol.complexity_fit, family.rename(columns={"flops": "y"}))
    p = fit.params
    assert (p["a_d"], p["a_w"], p["a_r"]) == pytest.approx((1.0, 2.0, 2.0), abs=0.02)
    fit = laws.fit(dol.complexity_fit, family.rename(columns={"acts": "y"}))
    assert (fit.params["a_d"], fit.params["a_w"], fit.params["a_r"]) == \
        pytest.approx((1.0, 1.0, 2.0), abs=0.05)


def test_growth_curves_share_one_curve_per_exponent():
    acts = dol.growth_curves(np.array([1.0, 4.0]), "acts")
    labels = list(acts["strategy"].unique())
    assert labels[0] == "d, r, dr (s^1)" and labels[-1] == "w (s^0.5)"
    dwr = acts[acts["strategy"].str.startswith("dWr")]
    assert dwr["acts"].tolist() == pytest.approx([1.0, 4 ** 0.6])
    params = dol.growth_curves(np.array([4.0]), "params").set_index("strategy")["params"]
    assert params["r (s^0)"] == 1.0
