"""Henighan et al. (2020): Table 1 and Table 3 (arXiv:2010.14701), their consistency, and the
generic L(x) the "Which law" page fits."""
import numpy as np
import pandas as pd
import pytest

import laws
from laws.papers import henighan2020 as hen


def test_table_1_rows_as_published():
    # Table 1, "Summary of scaling laws": L(N), L(C), N_opt(C)
    assert hen.TABLE_1["Image 8x8"] == {"N": (3.12, 8.0e1, 0.24), "C": (3.13, 1.8e-8, 0.19),
                                        "N_opt": (5.3e-14, 0.64)}
    assert hen.TABLE_1["Video VQ 16x16x16"]["N"] == (1.01, 3.7e4, 0.24)
    assert hen.TABLE_1["Video VQ 16x16x16"]["N_opt"] == (1.13e-12, 0.71)
    assert hen.TABLE_1["Math (Extrapolate)"]["C"] == (0.14, 1.4e-5, 0.17)
    assert hen.TABLE_1["Language"]["N"] == (0.0, 1.47e14, 0.070)  # GPT-3, no L_inf
    assert hen.TABLE_1["Language"]["N_opt"] == (3.3e-13, 0.73)  # Kaplan et al.'s
    assert hen.TABLE_1["Text-to-Im (Text)"]["C"] is None  # combined text/image loss
    assert len(hen.DOMAINS) == 12


def test_laws_carry_the_rows_as_constant_sets():
    law = laws.get("henighan2020.loss_c")
    assert law.constants["Image 32x32"] == {"L_inf": 2.21, "C_0": 3.6e-9, "alpha_C": 0.1}
    video = hen.for_domain(hen.loss_n, "Video VQ 16x16x16")
    assert video.defaults == {"L_inf": 1.01, "N_0": 3.7e4, "alpha_N": 0.24}
    assert video.param("N_0").source == "Henighan et al. 2020, Table 1, Video VQ 16x16x16"
    # Eq. (1.1) at N = N_0: one nat of reducible loss on top of L_inf
    assert float(video(N=3.7e4)) == pytest.approx(2.01)
    with pytest.raises(KeyError, match="no L\\(C\\)"):
        hen.for_domain(hen.loss_c, "Im-to-Text (Text)")


@pytest.mark.parametrize("domain", ["Image 8x8", "Image 16x16", "Image 32x32",
                                    "Image VQ 16x16", "Image VQ 32x32"])
def test_table_3_irreducible_per_image_matches_table_1(domain):
    # Table 3 (nats/image) / tokens per image (3 R^2, or 256 / 1024 VQ codes, §2.1.2)
    # = Table 1's L_inf of L(C) (nats/token), to the printed 3 digits
    _, _, per_image = hen.TABLE_3[domain]
    assert per_image / hen.TOKENS_PER_ITEM[domain] == pytest.approx(
        hen.TABLE_1[domain]["C"][0], abs=0.006)


@pytest.mark.parametrize("domain", ["Image 16x16", "Image 32x32", "Image VQ 16x16",
                                    "Image VQ 32x32"])
def test_table_3_compute_scale_follows_from_table_1(domain):
    # T (C_0/C)^a = (C/C_1)^-a with C_1 = C_0 T^(1/a); exponents are printed to 2 digits
    assert hen.per_image_compute_scale(domain) == pytest.approx(hen.TABLE_3[domain][0],
                                                                rel=0.05)


def test_table_3_8x8_is_ten_times_off():
    # the paper's own inconsistency, kept visible: Table 1 implies ~1.9e4 PF-days
    implied = hen.per_image_compute_scale("Image 8x8")
    assert implied == pytest.approx(1.87e4, rel=0.01)  # regression value
    assert implied / hen.TABLE_3["Image 8x8"][0] == pytest.approx(10, rel=0.05)


def test_n_opt_exponents_near_universal_and_sub_linear_data():
    betas = [r["N_opt"][1] for r in hen.TABLE_1.values() if r["N_opt"]]
    # §1.1: "beta ~ 0.7 for all modalities"; §2.3: beta > 0.6 by a comfortable margin
    assert min(betas) > 0.6 and max(betas) < 0.8
    assert np.median(betas) == pytest.approx(hen.BETA_SUMMARY, abs=0.02)
    # §2.3: D ~ N^((1-beta)/beta), "a more reasonable median estimate of D ~ N^0.4"
    assert hen.data_exponent(0.7) == pytest.approx(0.43, abs=0.01)
    assert hen.data_exponent(0.6) == pytest.approx(2 / 3)


def test_n_opt_relation_and_tokens():
    law = hen.n_opt
    # Image 32x32: N_opt = (C/1.6e-13)^0.65 (Table 1; also used by third-party code)
    p = law.constants["Image 32x32"]
    assert float(law(p, C=1.6e-13 * 1e10)) == pytest.approx(10 ** 6.5)
    n = 1e8
    assert float(hen.tokens_for_compute(1.0, n)) == pytest.approx(8.64e19 / 6e8)


def test_reducible_loss_and_the_size_for_a_target():
    p = {"L_inf": 3.12, "x_0": 80.0, "alpha": 0.24}
    x = np.array([80.0, 8e5, 8e9])
    r = hen.reducible(x, p)
    assert r[0] == pytest.approx(1.0)
    assert r[1] == pytest.approx(1e4 ** -0.24)
    assert hen.scale_for_reducible(r, 80.0, 0.24) == pytest.approx(x)
    assert np.all(np.diff(r) < 0)


def test_generic_power_law_recovers_a_domain():
    # the relation the "Which law" page fits: a noiseless Video VQ sweep gives its row back
    truth = {"L_inf": 1.01, "x_0": 3.7e4, "alpha": 0.24}
    frame = pd.DataFrame({"x": np.logspace(4, 10, 14)})
    frame["loss"] = hen.power(truth, x=frame["x"])
    fit = laws.fit(hen.power, frame)
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=1e-3), name


def test_the_shipped_example_fits_back_to_its_row():
    frame = pd.read_csv(pd.io.common.Path(__file__).parents[2] / "data" /
                        "henighan2020_sweep.csv")
    fit = laws.fit(hen.power, frame, mapping={"x": "N"})
    assert fit.params["L_inf"] == pytest.approx(1.01, abs=0.15)
    assert fit.params["alpha"] == pytest.approx(0.24, abs=0.08)
