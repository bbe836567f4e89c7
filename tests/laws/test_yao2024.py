"""Yao et al. (2024), arXiv:2410.12360: the power-law fits printed in the legends of the
authors' notebooks (analysis/{modelsize,datasize,compute}_vs_metric.ipynb, commit d157a26),
the compute formula of analysis/utils.py, and the encoder/decoder crossover."""
import numpy as np
import pytest

from laws.papers import yao2024 as yao


def test_published_fits():
    # modelsize_vs_metric.ipynb legends: encoder ID (3.7e16/N)^0.029, decoder OOD-LSF
    # (2.9e47/N)^0.016; datasize: encoder ID (5.3e12/D)^0.094; compute: decoder ID
    # (6.0e23/C)^0.014
    assert yao.FITS[("encoder", "N", "ID")] == (3.7e16, 0.029)
    assert yao.FITS[("decoder", "N", "OOD-LSF")] == (2.9e47, 0.016)
    assert yao.FITS[("encoder", "D", "ID")] == (5.3e12, 0.094)
    assert yao.FITS[("decoder", "D", "OOD-Monash")] == (4.4e31, 0.030)
    assert yao.FITS[("encoder", "C", "OOD-LSF")] == (3.9e26, 0.020)
    assert yao.FITS[("decoder", "C", "ID")] == (6.0e23, 0.014)
    assert len(yao.FITS) == 18
    assert yao.loss_n.constants["decoder, OOD-Monash"] == {"N_c": 1.5e48, "alpha_N": 0.017}


def test_fits_reproduce_the_plotted_points():
    # the encoder ID points of the notebook figures: ~1.7 at 300M params (3.02e8), ~1.73
    # at 16B points (15.7e9) — the legend's fit at those x (regression values)
    assert float(yao.nll("N", "encoder", "ID", 3.02e8)) == pytest.approx(1.716, abs=2e-3)
    assert float(yao.nll("D", "encoder", "ID", 15.7e9)) == pytest.approx(1.728, abs=2e-3)


def test_step_to_compute():
    # utils.step_to_compute: 6 x batch 128 x N x context 512 x step / 8.64e19
    expected = 6 * 128 * 1e8 * 512 * 1e5 / 8.64e19
    assert float(yao.step_to_compute(1e8, 1e5)) == pytest.approx(expected)


def test_encoder_scales_better_on_parameters():
    # abstract: "encoder-only Transformers demonstrate better scalability"
    for split in yao.SPLITS:
        assert yao.FITS[("encoder", "N", split)][1] > yao.FITS[("decoder", "N", split)][1]
        lower = yao.nll("N", "encoder", split, 1e8) < yao.nll("N", "decoder", split, 1e8)
        assert lower, split


def test_in_distribution_exponent_is_larger_for_data():
    gaps = yao.id_minus_ood()
    assert gaps[("encoder", "D")] > 0.06 and gaps[("decoder", "D")] > 0.06
    assert max(gaps, key=gaps.get)[1] == "D"


def test_crossing_point_closed_form_and_crossover_agree():
    a, b = yao.FITS[("encoder", "N", "OOD-LSF")], yao.FITS[("decoder", "N", "OOD-LSF")]
    x_star = yao.crossing_point(a, b)
    assert (a[0] / x_star) ** a[1] == pytest.approx((b[0] / x_star) ** b[1], rel=1e-10)
    assert x_star == pytest.approx(1.1e5, rel=0.05)  # regression value
    result, better = yao.architecture_crossover("N", "OOD-LSF", (1e2, 1e10))
    assert result.x == pytest.approx(x_star, rel=1e-6)
    assert better == "encoder"
    # below the crossing the decoder is lower
    assert yao.nll("N", "decoder", "OOD-LSF", 1e3) < yao.nll("N", "encoder", "OOD-LSF", 1e3)


def test_no_crossing_in_range_and_parallel_laws():
    result, better = yao.architecture_crossover("N", "ID", (1e2, 1e10))
    assert result.x is None and better == "encoder"
    assert yao.crossing_point((1e10, 0.02), (1e12, 0.02)) == np.inf
    # slider values replace the published ones
    result, _ = yao.architecture_crossover("N", "ID", (1e2, 1e10),
                                           params_decoder={"N_c": 3.4e25, "alpha_N": 0.015})
    assert result.x == pytest.approx(np.exp(16.0), rel=0.05)


def test_crossover_of_two_fitted_groups_brackets_the_published_one():
    import pandas as pd
    from pathlib import Path

    import laws

    frame = pd.read_csv(Path(__file__).parents[2] / "data" / "yao2024_two_architectures.csv")
    fits = yao.fit_groups(frame, "N", "architecture", ("encoder", "decoder"), "N", "loss",
                          bootstrap=40)
    assert fits["encoder"].params["alpha_N"] == pytest.approx(0.026, abs=0.01)
    result = yao.crossover_of_fits(fits["encoder"], fits["decoder"], "N", (10.0, 3e10))
    published = yao.crossing_point(yao.FITS[("encoder", "N", "OOD-LSF")],
                                   yao.FITS[("decoder", "N", "OOD-LSF")])
    assert result.lower < published < result.upper
    assert result.share_crossing > 0.9
    with pytest.raises(laws.FitError, match="at least 3"):
        yao.fit_groups(frame.iloc[:12], "N", "architecture", ("encoder", "decoder"), "N",
                       "loss")


def test_orders_beyond_the_largest_run():
    # the published x_c lie 8 (encoder ID L(N), 3.7e16) to 40 (decoder OOD-Monash L(N),
    # 1.5e48) orders of magnitude beyond the 300M model (FITS; MODELSIZE2PARAM["300M"])
    largest = yao.MODELSIZE2PARAM["300M"]
    assert yao.orders_beyond(3.7e16, largest) == pytest.approx(8.09, abs=0.01)
    assert yao.orders_beyond(yao.FITS[("decoder", "N", "OOD-Monash")][0], largest) == \
        pytest.approx(39.70, abs=0.01)
    assert yao.orders_beyond(1e3, 1e6) == pytest.approx(-3.0)
    assert np.isnan(yao.orders_beyond(0.0, 1e6)) and np.isnan(yao.orders_beyond(1e9, -1.0))
