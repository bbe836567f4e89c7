"""Bello et al. (2021), ResNet-RS: the README table, the block counts, the planner.

Published: the ResNet-RS table of the official README (tensorflow/tpu
models/official/resnet/resnet_rs/README.md); block counts from timm's definitions built from
the official weights; the abstract's rules and headline numbers. The resolution exponent of
the family is our fit (regression value).
"""
import math

import pytest

import laws
from laws.papers import bello2021 as rs


def test_readme_table():
    t = rs.family_table().set_index("model")
    assert len(t) == 11
    assert tuple(t.loc["ResNet-RS-50 @ 160", ["v100_latency_s", "tpu_latency_ms", "top1"]]) == \
        (0.31, 70, 78.8)
    assert tuple(t.loc["ResNet-RS-350 @ 320", ["v100_latency_s", "tpu_latency_ms", "top1"]]) == \
        (8.48, 1630, 84.2)
    assert tuple(t.loc["ResNet-RS-420 @ 320", ["v100_latency_s", "tpu_latency_ms", "top1"]]) == \
        (10.16, 2090, 84.4)
    assert t["top1"].is_monotonic_increasing and t["tpu_latency_ms"].is_monotonic_increasing


def test_block_counts():
    # timm resnetrs270/350/420; standard ResNet-50: 3 + 4 + 6 + 3 bottleneck blocks
    assert rs.STAGES[270] == (4, 29, 53, 4)
    assert rs.STAGES[350] == (4, 36, 72, 4)
    assert rs.STAGES[420] == (4, 44, 87, 4)
    for depth, stages in rs.STAGES.items():
        # 3 convs per bottleneck plus stem and head: the names are rounded (270 has 90 blocks)
        assert abs(3 * sum(stages) + 2 - depth) <= 3


def test_abstract_numbers():
    assert rs.ABSTRACT == {"tpu_speedup": (1.7, 2.7), "semi_supervised_top1": 86.2,
                           "speedup_vs_noisy_student": 4.7}


def test_compute_proxy_and_resolution_exponent():
    t = rs.family_table()
    assert t["compute"].iloc[0] == 1.0
    assert t["compute"].iloc[-1] == pytest.approx(139 / 16 * 4)
    assert rs.RS_EXPONENT == pytest.approx(0.2114, abs=1e-3)   # regression value
    assert rs.EN_EXPONENT == pytest.approx(math.log(1.15) / math.log(1.92027), rel=1e-4)
    assert float(rs.resolution_rule(C=1.0)) == pytest.approx(rs.RS_R0, rel=1e-3)
    # EfficientNet in the same form: one unit of phi multiplies flops by 1.92027 and the
    # resolution by gamma = 1.15 from B0's 224 px (Tan & Le 2019)
    assert float(rs.resolution_rule(rs.EFFICIENTNET_RULE, C=1.92027)) == \
        pytest.approx(224 * 1.15, rel=1e-4)


def test_plan_spends_exactly_s():
    for overfit in (True, False):
        p = rs.plan(16.0, overfit, 0.1)
        assert p["depth x"] * p["width x"] ** 2 * p["resolution x"] ** 2 == pytest.approx(16.0)
    assert rs.plan(16.0, True, 0.1)["width x"] == 1.0
    assert rs.plan(16.0, False, 0.1)["depth x"] == 1.0
    # width scaling keeps activations lower than depth scaling
    assert rs.plan(16.0, False)["acts x"] < rs.plan(16.0, True)["acts x"]
    with pytest.raises(ValueError):
        rs.plan(4.0, True, 0.6)


def test_best_within_budget():
    assert rs.best_within(500)["model"] == "ResNet-RS-152 @ 256"
    assert rs.best_within(1e9)["top1"] == 84.4
    assert rs.best_within(10) is None
    assert rs.best_within(1.0, "v100")["model"] == "ResNet-RS-152 @ 192"


def test_fit_on_the_family_recovers_the_exponent():
    fit = laws.fit(rs.resolution_rule, rs.family_table().rename(columns={"compute": "C",
                                                                         "resolution": "r"}))
    assert fit.params["k"] == pytest.approx(rs.RS_EXPONENT, abs=1e-3)
